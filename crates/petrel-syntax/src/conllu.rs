//! CoNLL-U reading and writing.
//!
//! Only what the tagger and parser need is kept: form, lemma, UPOS, XPOS, feats, head, deprel and
//! misc. Multiword-token lines (`3-4 don't`) and empty nodes (`8.1`) are skipped and counted: the
//! basic tree lives on the ordinary word lines. A malformed line is reported with its file and
//! line number and its sentence is dropped; reading goes on with the next sentence.

use std::fmt;
use std::io::{self, BufRead, Write};

/// One syntactic word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 0 is the root; otherwise the 1-based index of the head word.
    pub head: usize,
    pub deprel: String,
    pub misc: String,
}

/// A sentence: comment lines (without `# `) and words in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    pub comments: Vec<String>,
    pub words: Vec<Word>,
}

impl Sentence {
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }

    /// The `# text = ...` comment, if any.
    pub fn text(&self) -> Option<&str> {
        self.comments.iter().find_map(|c| c.strip_prefix("text = "))
    }
}

/// A problem in a CoNLL-U file: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConlluProblem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ConlluProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// What a file held: good sentences, problems, and what was skipped on purpose.
#[derive(Debug, Default)]
pub struct Treebank {
    pub sentences: Vec<Sentence>,
    pub problems: Vec<ConlluProblem>,
    pub multiword_tokens: usize,
    pub empty_nodes: usize,
}

impl Treebank {
    pub fn words(&self) -> usize {
        self.sentences.iter().map(|s| s.words.len()).sum()
    }
}

/// Reads a CoNLL-U file from disk.
pub fn read_file(path: &std::path::Path) -> io::Result<Treebank> {
    let f = std::fs::File::open(path)?;
    read(io::BufReader::new(f), &path.display().to_string())
}

/// Reads CoNLL-U; `name` is used in problem reports.
pub fn read<R: BufRead>(reader: R, name: &str) -> io::Result<Treebank> {
    let mut bank = Treebank::default();
    let mut cur = Sentence::default();
    // The line of the first problem in the current sentence; the sentence is dropped if set.
    let mut broken = false;
    let mut start_line = 0;
    let mut line_no = 0;
    let mut buf = Vec::new();
    let mut reader = reader;
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let line = String::from_utf8_lossy(&buf);
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            finish(&mut bank, &mut cur, &mut broken, name, start_line);
            continue;
        }
        if cur.words.is_empty() && cur.comments.is_empty() {
            start_line = line_no;
        }
        if let Some(c) = line.strip_prefix('#') {
            cur.comments.push(c.trim_start().to_string());
            continue;
        }
        if broken {
            continue;
        }
        match parse_word_line(line, cur.words.len()) {
            Ok(Parsed::Word(w)) => cur.words.push(w),
            Ok(Parsed::Multiword) => bank.multiword_tokens += 1,
            Ok(Parsed::Empty) => bank.empty_nodes += 1,
            Err(message) => {
                bank.problems.push(ConlluProblem {
                    file: name.to_string(),
                    line: line_no,
                    message,
                });
                broken = true;
            }
        }
    }
    finish(&mut bank, &mut cur, &mut broken, name, start_line);
    Ok(bank)
}

fn finish(bank: &mut Treebank, cur: &mut Sentence, broken: &mut bool, name: &str, line: usize) {
    let s = std::mem::take(cur);
    if !*broken && !s.words.is_empty() {
        let n = s.words.len();
        if let Some(w) = s.words.iter().find(|w| w.head > n) {
            bank.problems.push(ConlluProblem {
                file: name.to_string(),
                line,
                message: format!("head {} is beyond the sentence's {n} words", w.head),
            });
        } else {
            bank.sentences.push(s);
        }
    }
    *broken = false;
}

enum Parsed {
    Word(Word),
    Multiword,
    Empty,
}

fn parse_word_line(line: &str, words_so_far: usize) -> Result<Parsed, String> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != 10 {
        return Err(format!(
            "expected 10 tab-separated columns, found {}",
            cols.len()
        ));
    }
    let id = cols[0];
    if id.contains('-') {
        return Ok(Parsed::Multiword);
    }
    if id.contains('.') {
        return Ok(Parsed::Empty);
    }
    let id: usize = id
        .parse()
        .map_err(|_| format!("bad word id {:?}", cols[0]))?;
    if id != words_so_far + 1 {
        return Err(format!(
            "word id {id} out of sequence (expected {})",
            words_so_far + 1
        ));
    }
    let head = if cols[6] == "_" {
        // Unannotated text (e.g. our own writer's input) has no head yet.
        0
    } else {
        cols[6]
            .parse()
            .map_err(|_| format!("bad head {:?}", cols[6]))?
    };
    if cols[1].is_empty() {
        return Err("empty form".to_string());
    }
    Ok(Parsed::Word(Word {
        form: cols[1].to_string(),
        lemma: cols[2].to_string(),
        upos: cols[3].to_string(),
        xpos: cols[4].to_string(),
        feats: cols[5].to_string(),
        head,
        deprel: cols[7].to_string(),
        misc: cols[9].to_string(),
    }))
}

/// Writes one sentence in CoNLL-U (comments, words, blank line).
pub fn write_sentence<W: Write>(out: &mut W, s: &Sentence) -> io::Result<()> {
    for c in &s.comments {
        writeln!(out, "# {c}")?;
    }
    for (i, w) in s.words.iter().enumerate() {
        let f = |x: &str| {
            if x.is_empty() {
                "_".to_string()
            } else {
                x.to_string()
            }
        };
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t{}",
            i + 1,
            f(&w.form),
            f(&w.lemma),
            f(&w.upos),
            f(&w.xpos),
            f(&w.feats),
            w.head,
            f(&w.deprel),
            f(&w.misc)
        )?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# text = I don't know.\n\
1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n\
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n\
4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\
\n\
1\tbroken\tline\n\
2\tx\tx\tX\tX\t_\t0\troot\t_\t_\n\
\n\
1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n\
1.1\tgone\tgo\tVERB\tVBN\t_\t_\t_\t0:root\t_\n";

    #[test]
    fn reads_words_skips_multiword_and_reports_bad_lines() {
        let bank = read(SAMPLE.as_bytes(), "t.conllu").unwrap();
        assert_eq!(bank.sentences.len(), 2);
        assert_eq!(bank.sentences[0].forms(), ["I", "do", "n't", "know", "."]);
        assert_eq!(bank.sentences[0].words[0].head, 4);
        assert_eq!(bank.sentences[0].text(), Some("I don't know."));
        assert_eq!(bank.multiword_tokens, 1);
        assert_eq!(bank.empty_nodes, 1);
        assert_eq!(bank.problems.len(), 1);
        assert_eq!(bank.problems[0].line, 9);
        assert_eq!(bank.problems[0].file, "t.conllu");
        assert!(bank.problems[0].message.contains("10 tab-separated"));
    }

    #[test]
    fn round_trips_through_the_writer() {
        let bank = read(SAMPLE.as_bytes(), "t").unwrap();
        let mut out = Vec::new();
        write_sentence(&mut out, &bank.sentences[0]).unwrap();
        let again = read(out.as_slice(), "t2").unwrap();
        assert_eq!(again.sentences[0].words, bank.sentences[0].words);
    }

    #[test]
    fn head_beyond_sentence_is_a_problem() {
        let bad = "1\ta\ta\tX\tX\t_\t5\tdep\t_\t_\n\n";
        let bank = read(bad.as_bytes(), "h").unwrap();
        assert!(bank.sentences.is_empty());
        assert_eq!(bank.problems.len(), 1);
    }
}
