//! Sentences and tokens, with byte offsets into the cleaned text.
//!
//! Tokens follow UD English conventions where they matter for matching: clitics split off
//! ("Russia's" -> "Russia" "'s", "don't" -> "do" "n't"), hyphens and slashes between words split,
//! abbreviations keep their period ("U.S.", "Gen.", "Jan."). Each token has a matching `key`:
//! lowercase, curly quotes and dashes folded, abbreviation periods dropped ("U.S." -> "us").
//! The text is never modified; real pages carry non-breaking spaces and control characters, which
//! count as white space here.

use std::ops::Range;

use crate::clean::{BlockKind, CleanDocument};

/// Sentences longer than this many tokens are cut, so that no stage sees unbounded input.
pub const MAX_SENTENCE_TOKENS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offsets into the cleaned text.
    pub start: usize,
    pub end: usize,
    /// Normalised form for matching (see the module docs).
    pub key: String,
    pub kind: TokenKind,
    /// First letter is a capital.
    pub cap: bool,
    /// Every letter is a capital (and there is at least one).
    pub upper: bool,
    /// White space separates this token from the previous one.
    pub space_before: bool,
    /// A word that kept periods ("U.S.", "Gen."): the key has them removed.
    pub abbreviation: bool,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
    pub fn is_punct(&self) -> bool {
        self.kind == TokenKind::Punct
    }
}

#[derive(Debug, Clone)]
pub struct Sentence {
    /// Position among the document's sentences (all blocks, in order).
    pub index: usize,
    pub range: Range<usize>,
    pub block: BlockKind,
    pub tokens: Vec<Token>,
}

impl Sentence {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.range.clone()]
    }

    /// The text of tokens `first..end` (an actor phrase, a date), or "" for an empty or
    /// out-of-range span.
    pub fn words<'a>(&self, text: &'a str, first: usize, end: usize) -> &'a str {
        if first < end && end <= self.tokens.len() {
            &text[self.tokens[first].start..self.tokens[end - 1].end]
        } else {
            ""
        }
    }
}

/// Splits every block of a cleaned document into sentences. Sentences never cross blocks.
pub fn segment(doc: &CleanDocument) -> Vec<Sentence> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        let tokens = tokenize(&doc.text, block.range.clone());
        split_sentences(tokens, block.kind, &mut out);
    }
    out
}

/// Sentences of a single string (one body block): used by `explain` and tests.
pub fn segment_text(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    split_sentences(tokenize(text, 0..text.len()), BlockKind::Body, &mut out);
    out
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control() || c == '\u{feff}' || c == '\u{200b}'
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}' | '\u{ab}' | '\u{bb}' | '`'
    ) || is_apostrophe_like(c)
}

/// Characters real pages use as apostrophes: modifier letter apostrophe, acute accent, prime.
fn is_apostrophe_like(c: char) -> bool {
    matches!(c, '\u{2bc}' | '\u{b4}' | '\u{2032}')
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

/// Abbreviations (lowercase, without the final period) that keep their period.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "maj", "capt", "cpt", "sgt", "cpl", "adm",
    "cmdr", "gov", "sen", "rep", "rev", "hon", "pres", "amb", "st", "sr", "jr", "vol", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "inc", "corp", "co", "ltd",
    "plc", "bros", "dept", "est", "approx", "vs", "etc", "mt", "ft", "al", "gov't", "govt",
];

/// Abbreviations that never end a sentence (titles).
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "maj", "capt", "cpt", "sgt", "cpl", "adm",
    "cmdr", "gov", "sen", "rep", "rev", "hon", "pres", "amb", "st", "mt", "no", "vs",
];

/// Words that, capitalised after an ambiguous abbreviation ("the U.S. The ..."), start a sentence.
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "but",
    "and",
    "in",
    "on",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "its",
    "their",
    "our",
    "after",
    "while",
    "however",
    "meanwhile",
    "officials",
    "some",
    "many",
    "if",
    "when",
    "as",
    "at",
];

/// Tokenises `text[range]`.
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Token> {
    let mut tokens = Vec::new();
    let slice = &text[range.clone()];
    let base = range.start;
    let mut chunk_start: Option<usize> = None;
    let mut space_before = true;
    let mut iter = slice.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if is_space(c) {
            if let Some(s) = chunk_start.take() {
                let next_digit = slice[i..]
                    .trim_start_matches(is_space)
                    .starts_with(|c: char| c.is_ascii_digit());
                chunk(
                    text,
                    base + s,
                    base + i,
                    space_before,
                    next_digit,
                    &mut tokens,
                );
                space_before = true;
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
        let _ = iter.peek();
    }
    if let Some(s) = chunk_start {
        chunk(
            text,
            base + s,
            base + slice.len(),
            space_before,
            false,
            &mut tokens,
        );
    }
    tokens
}

/// Splits one white-space-delimited chunk into tokens.
fn chunk(
    text: &str,
    start: usize,
    end: usize,
    space_before: bool,
    next_digit: bool,
    out: &mut Vec<Token>,
) {
    let s = &text[start..end];
    // Leading punctuation.
    let mut lead_end = 0;
    for (i, c) in s.char_indices() {
        if is_quote(c)
            || matches!(c, '(' | '[' | '{' | '\u{2026}' | '*' | '>' | '<' | '|')
            || (is_dash(c)
                && s.len() > c.len_utf8()
                && !s[i + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit()))
        {
            lead_end = i + c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation, peeled right to left; an abbreviation keeps its period.
    let core_and_trail = &s[lead_end..];
    let mut trail_start = core_and_trail.len();
    for (i, c) in core_and_trail.char_indices().rev() {
        let closing = is_quote(c)
            || matches!(
                c,
                ')' | ']' | '}' | ',' | ';' | ':' | '!' | '?' | '\u{2026}' | '.' | '*'
            )
            || is_dash(c);
        if !closing {
            break;
        }
        if c == '.' && is_abbreviation(&core_and_trail[..i + 1], next_digit) && i + 1 == trail_start
        {
            break;
        }
        // Keep the apostrophe of a trailing possessive plural ("protesters'") as its own token.
        trail_start = i;
    }
    let mut first = true;
    let mut push = |a: usize, b: usize, out: &mut Vec<Token>| {
        if a < b {
            out.push(make_token(
                text,
                start + a,
                start + b,
                first && space_before,
            ));
            first = false;
        }
    };
    // Leading punctuation: one token per character (a run of dashes is one token).
    let mut i = 0;
    while i < lead_end {
        let c = s[i..].chars().next().unwrap_or(' ');
        let mut j = i + c.len_utf8();
        if is_dash(c) {
            while j < lead_end && s[j..].starts_with(is_dash) {
                j += s[j..].chars().next().map_or(1, char::len_utf8);
            }
        }
        push(i, j, out);
        i = j;
    }
    let core = &core_and_trail[..trail_start];
    split_core(core, lead_end, &mut push, out);
    let trail = &core_and_trail[trail_start..];
    let mut i = 0;
    while i < trail.len() {
        let c = trail[i..].chars().next().unwrap_or(' ');
        let mut j = i + c.len_utf8();
        // Runs of the same mark ("...", "--", "?!") stay one token.
        while j < trail.len()
            && (trail[j..].starts_with(c) || (is_dash(c) && trail[j..].starts_with(is_dash)))
        {
            j += trail[j..].chars().next().map_or(1, char::len_utf8);
        }
        push(lead_end + trail_start + i, lead_end + trail_start + j, out);
        i = j;
    }
}

fn is_abbreviation(word_with_period: &str, next_digit: bool) -> bool {
    let w = word_with_period.trim_start_matches(|c: char| !c.is_alphanumeric());
    let Some(bare) = w.strip_suffix('.') else {
        return false;
    };
    if bare.is_empty() {
        return false;
    }
    // Initials and dotted abbreviations: "A.", "U.S.", "U.N.", "e.g.", "a.m."
    let letters_and_dots = bare.chars().all(|c| c.is_alphabetic() || c == '.');
    if letters_and_dots && bare.split('.').all(|p| p.chars().count() == 1) {
        return true;
    }
    let lower = bare.to_lowercase();
    if lower == "no" || lower == "nos" {
        return next_digit;
    }
    ABBREVIATIONS.contains(&lower.as_str())
}

/// Splits the core of a chunk at clitics, hyphens and slashes between words.
fn split_core(
    core: &str,
    offset: usize,
    push: &mut impl FnMut(usize, usize, &mut Vec<Token>),
    out: &mut Vec<Token>,
) {
    let bytes_len = core.len();
    let mut piece_start = 0;
    let mut i = 0;
    while i < bytes_len {
        let c = core[i..].chars().next().unwrap_or(' ');
        let clen = c.len_utf8();
        // Clitics: 's 're 've 'll 'd 'm n't, with straight or curly apostrophes.
        if c == '\'' || c == '\u{2019}' || is_apostrophe_like(c) {
            let rest = &core[i + clen..];
            let rest_lower = rest.to_lowercase();
            let clitic = matches!(rest_lower.as_str(), "s" | "re" | "ve" | "ll" | "d" | "m");
            if clitic && i > piece_start {
                // "don't" is handled below; here "Russia's" -> "Russia" + "'s".
                push(offset + piece_start, offset + i, out);
                push(offset + i, offset + bytes_len, out);
                return;
            }
            if rest.is_empty() && i > piece_start {
                // Possessive plural: "protesters'" -> "protesters" + "'".
                push(offset + piece_start, offset + i, out);
                push(offset + i, offset + bytes_len, out);
                return;
            }
        }
        if (c == 'n' || c == 'N') && i > piece_start {
            let rest = &core[i..];
            let lower = rest.to_lowercase();
            if lower == "n't" || lower == "n\u{2019}t" {
                push(offset + piece_start, offset + i, out);
                push(offset + i, offset + bytes_len, out);
                return;
            }
        }
        if (is_dash(c) || c == '/') && i > piece_start && i + clen < bytes_len {
            let prev = core[..i].chars().next_back().unwrap_or(' ');
            let next = core[i + clen..].chars().next().unwrap_or(' ');
            let numeric = prev.is_ascii_digit() && next.is_ascii_digit();
            if !numeric
                && (prev.is_alphanumeric() || prev == '.')
                && (next.is_alphanumeric() || is_dash(next))
            {
                push(offset + piece_start, offset + i, out);
                let mut j = i + clen;
                while j < bytes_len && core[j..].starts_with(is_dash) {
                    j += core[j..].chars().next().map_or(1, char::len_utf8);
                }
                push(offset + i, offset + j, out);
                piece_start = j;
                i = j;
                continue;
            }
        }
        i += clen;
    }
    push(offset + piece_start, offset + bytes_len, out);
}

fn make_token(text: &str, start: usize, end: usize, space_before: bool) -> Token {
    let s = &text[start..end];
    let mut key = String::with_capacity(s.len());
    let mut letters = 0;
    let mut upper_letters = 0;
    let mut digits = 0;
    let mut cap = false;
    for (n, c) in s.chars().enumerate() {
        if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                upper_letters += 1;
                if n == 0 {
                    cap = true;
                }
            }
        } else if c.is_ascii_digit() {
            digits += 1;
        }
        match c {
            '\u{2018}' | '\u{2019}' | '`' | '\u{2bc}' | '\u{b4}' | '\u{2032}' => key.push('\''),
            '\u{201c}' | '\u{201d}' | '\u{ab}' | '\u{bb}' => key.push('"'),
            c if is_dash(c) => key.push('-'),
            c => key.extend(c.to_lowercase()),
        }
    }
    let kind = if letters > 0 {
        TokenKind::Word
    } else if digits > 0 {
        TokenKind::Number
    } else {
        TokenKind::Punct
    };
    // Abbreviation periods do not matter for matching: "U.S." = "US", "Gen." = "Gen".
    let abbreviation = kind == TokenKind::Word && key.contains('.');
    if abbreviation {
        key.retain(|c| c != '.');
    }
    Token {
        start,
        end,
        key,
        kind,
        cap,
        upper: letters > 0 && upper_letters == letters,
        space_before,
        abbreviation,
    }
}

fn is_terminal(t: &Token) -> bool {
    t.kind == TokenKind::Punct
        && (t.key.starts_with('.')
            || t.key.starts_with('!')
            || t.key.starts_with('?')
            || t.key == "\u{2026}")
}

fn is_closing(t: &Token) -> bool {
    t.kind == TokenKind::Punct
        && !t.space_before
        && matches!(t.key.as_str(), "\"" | "'" | ")" | "]" | "}")
}

/// Whether a token can open a sentence.
fn starts_sentence(t: &Token) -> bool {
    t.cap
        || t.kind == TokenKind::Number
        || (t.kind == TokenKind::Punct
            && matches!(t.key.as_str(), "\"" | "'" | "(" | "[" | "-" | "--"))
}

/// An abbreviation that kept its period ("U.S.", "Inc."): its key lost the period.
fn kept_period(t: &Token) -> bool {
    t.abbreviation
}

fn split_sentences(tokens: Vec<Token>, block: BlockKind, out: &mut Vec<Sentence>) {
    let n = tokens.len();
    let mut cuts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < n {
        let t = &tokens[i];
        let mut next = i + 1;
        let mut cut = false;
        if is_terminal(t) {
            while next < n && is_closing(&tokens[next]) {
                next += 1;
            }
            cut = next < n && starts_sentence(&tokens[next]);
        } else if kept_period(t) && next < n {
            // "the U.S. The talks": an abbreviation ends a sentence only before a typical
            // sentence start, and a title ("Gen.") or an initial ("A.") never does.
            let nt = &tokens[next];
            cut = !TITLES.contains(&t.key.as_str())
                && t.key.chars().count() > 1
                && nt.cap
                && SENTENCE_STARTERS.contains(&nt.key.as_str());
        }
        if cut || next - start >= MAX_SENTENCE_TOKENS {
            cuts.push(next.min(start + MAX_SENTENCE_TOKENS));
            start = *cuts.last().expect("just pushed");
            i = start;
            continue;
        }
        i = next;
    }
    // Each sentence gets its own exactly sized vector. (Splitting the tail off one vector again
    // and again copies the tail each time and leaves every sentence holding the whole original
    // allocation: quadratic time and memory on a long text with many sentences.)
    let mut rest = tokens.into_iter();
    let mut taken = 0;
    for c in cuts {
        push_sentence(rest.by_ref().take(c - taken).collect(), block, out);
        taken = c;
    }
    push_sentence(rest.collect(), block, out);
}

fn push_sentence(tokens: Vec<Token>, block: BlockKind, out: &mut Vec<Sentence>) {
    if tokens.is_empty() {
        return;
    }
    let range = tokens[0].start..tokens[tokens.len() - 1].end;
    out.push(Sentence {
        index: out.len(),
        range,
        block,
        tokens,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        tokenize(text, 0..text.len())
            .into_iter()
            .map(|t| t.key)
            .collect()
    }

    fn sentences(text: &str) -> Vec<String> {
        segment_text(text)
            .iter()
            .map(|s| s.text(text).to_string())
            .collect()
    }

    #[test]
    fn tokens_split_clitics_and_keep_abbreviations() {
        assert_eq!(
            keys("Russia's army didn't move."),
            ["russia", "'s", "army", "did", "n't", "move", "."]
        );
        assert_eq!(keys("the U.S. Congress"), ["the", "us", "congress"]);
        assert_eq!(keys("Ukraine\u{2019}s Crimea"), ["ukraine", "'s", "crimea"]);
        assert_eq!(
            keys("\u{201c}diplomatic war\u{201d} is"),
            ["\"", "diplomatic", "war", "\"", "is"]
        );
        assert_eq!(
            keys("Russia-US relations"),
            ["russia", "-", "us", "relations"]
        );
        assert_eq!(keys("U.S.-led forces"), ["us", "-", "led", "forces"]);
        assert_eq!(
            keys("455 by September 1 -- a cut"),
            ["455", "by", "september", "1", "--", "a", "cut"]
        );
        assert_eq!(keys("2017-11-02"), ["2017-11-02"]);
        assert_eq!(keys("(Reuters) said:"), ["(", "reuters", ")", "said", ":"]);
        assert_eq!(keys("protesters' demands"), ["protesters", "'", "demands"]);
        assert_eq!(
            keys("government\u{2bc}s request"),
            ["government", "'s", "request"]
        );
        assert_eq!(
            keys("Ghani\u{b4}s government"),
            ["ghani", "'s", "government"]
        );
    }

    #[test]
    fn offsets_survive_odd_spaces() {
        let text = "Russia\u{a0}and\u{0007} China";
        let toks = tokenize(text, 0..text.len());
        let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
        assert_eq!(words, ["Russia", "and", "China"]);
    }

    #[test]
    fn sentence_boundaries() {
        assert_eq!(
            sentences("Col. Ryan Dillon, the Pentagon's spokesman, said so. Gen. Smith agreed."),
            [
                "Col. Ryan Dillon, the Pentagon's spokesman, said so.",
                "Gen. Smith agreed."
            ]
        );
        assert_eq!(
            sentences("Under Secretary Thomas A. Shannon met the U.S. envoy on Jan. 3 at No. 10 Downing Street."),
            ["Under Secretary Thomas A. Shannon met the U.S. envoy on Jan. 3 at No. 10 Downing Street."]
        );
        assert_eq!(
            sentences("Troops left the U.S. The talks ended."),
            ["Troops left the U.S.", "The talks ended."]
        );
        assert_eq!(
            sentences(
                "\"We stand for cooperation,\" said Putin. \"The ties are bad.\" He added more."
            ),
            [
                "\"We stand for cooperation,\" said Putin.",
                "\"The ties are bad.\"",
                "He added more."
            ]
        );
        assert_eq!(
            sentences("It was 3 p.m. in Moscow. Talks began."),
            ["It was 3 p.m. in Moscow.", "Talks began."]
        );
    }

    /// Garbage in: tokens and sentences must stay inside the text, on char boundaries, in order.
    #[test]
    fn arbitrary_text_never_breaks_offsets() {
        let alphabet: Vec<char> =
            "aZ .,;:!?'\"\u{2019}\u{201c}-\u{2014}()[]U.S.n't 12\n\t\u{a0}\u{7}\u{e9}\u{1F600}#/*&"
                .chars()
                .collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let len = (seed % 40) as usize;
            let mut s = String::new();
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            let mut last_end = 0;
            for sent in segment_text(&s) {
                assert!(
                    sent.range.start >= last_end && sent.range.end <= s.len(),
                    "{s:?}"
                );
                last_end = sent.range.end;
                for t in &sent.tokens {
                    assert!(
                        t.start < t.end && s.is_char_boundary(t.start) && s.is_char_boundary(t.end),
                        "{s:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn very_long_sentences_are_cut() {
        let text = "word ".repeat(1000);
        let s = segment_text(&text);
        assert_eq!(s.len(), 5);
        assert!(s.iter().all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS));
    }

    #[test]
    fn many_sentences_take_linear_memory() {
        // Each sentence must own only its own tokens: a text of 3,000 sentences once kept
        // the whole text's token buffer alive per sentence (gigabytes on a 300 kB file).
        let text = "Russia imposed sanctions on Ukraine. ".repeat(3000);
        let s = segment_text(&text);
        assert_eq!(s.len(), 3000);
        let held: usize = s.iter().map(|s| s.tokens.capacity()).sum();
        let used: usize = s.iter().map(|s| s.tokens.len()).sum();
        assert_eq!(used, 6 * 3000);
        assert!(
            held <= 2 * used,
            "sentences hold {held} token slots for {used} tokens"
        );
    }
}
