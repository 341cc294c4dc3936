//! Property-style tests: every importer and suite reader survives garbage, and every problem it
//! reports names the file and a line that exists. Inputs come from a small deterministic
//! generator (xorshift) mixing format syntax, words and random bytes, so a failure reproduces.

use super::*;
use crate::Dictionary;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64: deterministic and good enough to shuffle syntax.
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "---",
    "--- ABANDON [345] ---",
    "- * TIES [064]",
    "- SAID * [",
    "&SYN",
    "+ITEM",
    "+",
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    "*",
    "$",
    "%",
    "^",
    "~",
    "!X!",
    "!PERSON! = MAN, MEN",
    "[GON]",
    "[HOB <950601]",
    "[X 2004017-20061201]",
    "\t[ARN >990816]",
    "<Sentence id=\"a\">",
    "</Sentence>",
    "<EventCoding sourcecode=\"A\">",
    "<Text>",
    "</Text>",
    "<!--",
    "-->",
    "/*",
    "*/",
    "{ A / B / 01 }",
    "950101  ID-1",
    "#",
    ";",
    "_",
    "GONDOR",
    "ARNOR_",
    "é",
    "\u{0}",
    "[~GOV]",
    "[NGO~]",
    "<ISSUE CATEGORY=\"X\">",
    "</ISSUE>",
    "n:word [C]",
    "0123456789",
    "20130119-20120101",
    "[:173]",
    "[042:043]",
    "[---]",
    "&&&&",
    "{|}",
    "+&SYN",
];

fn garbage(seed: u64) -> String {
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let lines = 1 + r.next() % 40;
    let mut out = String::new();
    for _ in 0..lines {
        let parts = r.next() % 6;
        for _ in 0..parts {
            if r.next().is_multiple_of(5) {
                // Random printable and non-ASCII characters.
                let c = char::from_u32((r.next() % 0x2FF) as u32 + 1).unwrap_or('?');
                out.push(c);
            } else {
                out.push_str(r.pick(PIECES));
            }
            if r.next().is_multiple_of(3) {
                out.push(' ');
            }
        }
        out.push('\n');
    }
    out
}

fn check_lines(problems: &[crate::DictProblem], file: &str, text: &str) {
    let n = text.lines().count().max(1);
    for p in problems {
        assert_eq!(p.at.file, file, "{p}");
        assert!(
            p.at.line >= 1 && p.at.line <= n,
            "line out of range in {p}\n{text}"
        );
    }
}

#[test]
fn importers_survive_garbage_and_report_file_and_line() {
    let opts = ImportOptions {
        foreign_codes: true,
    };
    for seed in 1..400u64 {
        let text = garbage(seed);
        for kind in [
            FileKind::Verbs,
            FileKind::Actors,
            FileKind::Agents,
            FileKind::Discards,
            FileKind::Issues,
        ] {
            let mut d = Dictionary::default();
            import(&mut d, kind, "g.txt", &text, opts);
            check_lines(&d.problems, "g.txt", &text);
        }
        // Both verb formats, whatever the detection says.
        let mut d = Dictionary::default();
        tabari_verbs::import(&mut d, "g.txt", &text, opts);
        check_lines(&d.problems, "g.txt", &text);
        let mut d = Dictionary::default();
        petrarch_verbs::import(&mut d, "g.txt", &text, opts);
        check_lines(&d.problems, "g.txt", &text);
    }
}

#[test]
fn suite_readers_survive_garbage() {
    for seed in 1..400u64 {
        let text = garbage(seed);
        let s = suite::read_petrarch_xml("s.xml", &text);
        check_lines(&s.problems, "s.xml", &text);
        let s = suite::read_tabari_text("s.text", &text);
        check_lines(&s.problems, "s.text", &text);
        for r in &s.records {
            assert!(r.at.line >= 1);
        }
        let _ = suite::read_tabari_project(&text);
    }
}

#[test]
fn a_bad_line_among_garbage_is_reported_at_its_line() {
    for seed in 1..100u64 {
        let mut text = garbage(seed);
        // Garbage may leave a block or comment open; start clean, then add the known bad line.
        text.push_str("-->\n*/\n\nGOOD_NAME [GON]\nBAD_NAME [A-B]\n");
        let bad_line = text.lines().count();
        let mut d = Dictionary::default();
        actors::import(&mut d, "a.txt", &text);
        assert!(
            d.problems
                .iter()
                .any(|p| p.at.line == bad_line && p.message.contains("A-B")),
            "seed {seed}: {:?}",
            d.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>()
        );
    }
}
