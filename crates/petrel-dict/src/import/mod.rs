//! Importers for PETRARCH and TABARI dictionaries, and readers for their validation suites.
//!
//! The field's users have years of work in these files; petrel reads them into its own compiled
//! [`Dictionary`] so that the same coder runs on them, alone or layered over petrel's own
//! dictionaries. One module per format:
//!
//! * [`petrarch_verbs`]: PETRARCH-2 verb dictionaries (`CAMEO.2.0.txt`): synsets `&NAME` with
//!   `+item` lines, `--- NAME [code] ---` blocks of synonymous verbs (irregular forms in braces,
//!   multi-word verbs with `+` on the verb word, a verb's own `[code]`), `- pre * post [CODE]`
//!   patterns, and transformation lines (`~ ...`, reported and skipped).
//! * [`tabari_verbs`]: PETRARCH-1/TABARI verb dictionaries: one verb per header line with its
//!   code, `- ...` patterns under it, `{ forms }` lines, `<SYNSETS>` and `<TIME>` sections.
//! * [`actors`]: `PHRASE [CODE]` with `+synonym` lines and dated restrictions (`[CODE >d]`,
//!   `[CODE <d]`, `[CODE d1-d2]`, dates YYMMDD or YYYYMMDD), tab-indented or in line.
//! * [`agents`]: `TERM {plurals} [~SECTORS]` (suffix) or `[CODE~]` (prefix), `!NAME! = a, b`
//!   substitutions.
//! * [`discards`]: phrases that drop a sentence, or with `+` the whole story.
//! * [`issues`]: PETRARCH's issue coding (`<ISSUE CATEGORY=..>` blocks of `phrase [CODE]`).
//! * [`suite`]: PETRARCH validation XML and TABARI validation text.
//!
//! # How the formats map onto petrel's model
//!
//! * **Actors.** An undated country-like code (`[GON]`) becomes a root with a
//!   [`Reading::Name`], so agents combine with it ("Gondor soldiers" = GON + MIL) and "in
//!   Gondor" stays a place; a code with sectors (`[USAGOV]`) becomes an organisation
//!   ([`Reading::Org`]); an entry with dated restrictions becomes a [`crate::Person`] whose
//!   [`crate::Role`]s keep the file's order, so the coder's rule "first dated role that covers
//!   the date, else the undated role" is exactly PETRARCH's "first applicable restriction wins,
//!   an undated code always applies". `[CODE <d]` ends the day before `d`, `[CODE >d]` starts
//!   the day after, `[CODE d1-d2]` includes both ends. Two-digit years below 40 are 20YY.
//!   Codes are kept as written: the first three letters are the root, the rest is split into
//!   three-letter sectors only for display (`HGWGOVMED` prints as `HGWGOVMED`). A compound
//!   code (`THE_SHIRE [FRO/BIL/SAM]`) is one root whose code joins the members with `/`; the
//!   coder codes each member, so "The Shire" acts as three actors.
//! * **Agents.** A suffix agent gives sectors, split into three-letter chunks. A prefix agent
//!   (`[NGO~]`, "MSF Arnor" = NGOARN in PETRARCH) is one sector written with a leading `~`
//!   (`~NGO`); the coder puts it before the country ("An MSF Arnor diplomat" = NGOARNGOV).
//! * **Verb patterns.** Words after the verb become [`PatternElement::Words`]; a space between
//!   two pattern words allows up to four words in between (TABARI's rule; `_` joins words
//!   that must be adjacent) and becomes a [`PatternElement::Gap`]; `+` is the target, `$` a
//!   source after the verb; `&SYNSET` expands into alternatives (nested synsets included).
//!   Words before the verb (`SAID * TO ATTEND`, `FAILED_TO_*`) are kept in
//!   [`crate::PatternExtra::before`] and the coder requires them. A paired code `[032:033]`
//!   also codes the reverse event; `[---]` is a pattern that deliberately yields nothing.
//!   Approximations: `{NP}` and `(PP)` groups of PETRARCH-2 are flattened to their words (the
//!   group's syntax is not checked, only the words in order with gaps between); `^` (skip a
//!   noun phrase) is [`PatternElement::Phrase`] after the verb (a noun phrase, actors included)
//!   and a gap before it; `%` (a compound actor) makes the pattern reciprocal, and after the
//!   verb it is the target slot (reciprocal there only in TABARI files); a `+` after other words before the verb is a target there
//!   ("SUGGESTED + * REQUIRE": "Arnor suggested Gondor should require"), a leading `+` or a `$`
//!   before the verb is dropped (the subject is found by the coder anyway). TABARI's stemming
//!   (a word without a final `_` matches any word it starts) is reproduced for TABARI verb
//!   files: a pattern word carries [`STEM_MARK`] and matches by prefix; a verb stem (`RESTOR`)
//!   is indexed under its inflections and common endings (`restore`, `restored`,
//!   `restoration`), since petrel's verb index needs whole words. Actor words still match
//!   whole.
//! * **Discards** are stored in [`Dictionary::discards`]; the coder drops a sentence that
//!   contains a sentence-level phrase and every event of a document that contains a story-level
//!   one.
//! * **Issues** are parsed and checked, but events do not carry issues yet.
//!
//! Every importer reads the whole file: a malformed line is a [`DictProblem`] with file and
//! line, and the rest is imported.

use chrono::NaiveDate;
use petrel_ontology::ActorCode;
use petrel_text::segment::tokenize;

use crate::parse::phrase_keys;
use crate::{DictProblem, Dictionary, Location, Reading, Severity};

pub mod actors;
pub mod agents;
pub mod discards;
pub mod issues;
mod pattern;
pub mod petrarch_verbs;
pub mod suite;
pub mod tabari_verbs;

pub use discards::Discard;
pub use pattern::STEM_MARK;

/// Options shared by the importers.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Accept event codes that are not CAMEO codes (validation suites use their own); any code
    /// starting with two digits is then kept. Without it, a non-CAMEO code is reported and its
    /// pattern skipped.
    pub foreign_codes: bool,
}

/// Which kind of file an importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Verbs,
    Actors,
    Agents,
    Discards,
    Issues,
}

/// Imports one file of the given kind into `dict`, auto-detecting PETRARCH-2 or TABARI verb
/// formats. Problems are added to `dict.problems`; the number of entries read is returned.
pub fn import(
    dict: &mut Dictionary,
    kind: FileKind,
    file: &str,
    text: &str,
    opts: ImportOptions,
) -> usize {
    if opts.foreign_codes {
        dict.foreign_codes = true;
    }
    match kind {
        FileKind::Verbs => {
            if petrarch_verbs::looks_like(text) {
                petrarch_verbs::import(dict, file, text, opts)
            } else {
                dict.tabari = true;
                tabari_verbs::import(dict, file, text, opts)
            }
        }
        FileKind::Actors => actors::import(dict, file, text),
        FileKind::Agents => agents::import(dict, file, text),
        FileKind::Discards => {
            let (list, problems) = discards::parse(file, text);
            let n = list.len();
            dict.discards.extend(list);
            dict.problems.extend(problems);
            n
        }
        FileKind::Issues => {
            let (list, problems) = issues::parse(file, text);
            dict.problems.extend(problems);
            list.len()
        }
    }
}

/// A line of an imported file: its number and its text without comments. (Indentation means
/// nothing in these formats: PETRARCH's tab-indented code lines are recognised by their '['.)
#[derive(Debug, Clone)]
pub(crate) struct SrcLine<'a> {
    pub no: usize,
    pub text: &'a str,
}

/// Lines without comments: `#` anywhere (PETRARCH), `;` anywhere when `semicolon` (TABARI),
/// and `<!-- ... -->` blocks, which may span lines. Blank lines are kept as empty text because
/// some formats end a block at a blank line.
pub(crate) fn src_lines(text: &str, semicolon: bool) -> Vec<SrcLine<'_>> {
    let mut out = Vec::new();
    let mut in_comment = false;
    for (i, raw) in text.lines().enumerate() {
        let mut t = raw;
        if in_comment {
            match t.find("-->") {
                Some(e) => {
                    in_comment = false;
                    t = &t[e + 3..];
                }
                None => continue,
            }
        }
        let trimmed = t.trim_start();
        if let Some(rest) = trimmed.strip_prefix("<!--") {
            match rest.find("-->") {
                Some(e) => t = &rest[e + 3..],
                None => {
                    in_comment = true;
                    continue;
                }
            }
        } else if trimmed.starts_with("<!") {
            // "<! -- ... -->": a mangled comment is still a comment.
            match trimmed.find('>') {
                Some(e) if trimmed.contains("--") => t = &trimmed[e + 1..],
                _ => {}
            }
        }
        let mut end = t.len();
        if let Some(p) = t.find('#') {
            end = end.min(p);
        }
        if semicolon {
            if let Some(p) = t.find(';') {
                end = end.min(p);
            }
        }
        let text = t[..end].trim();
        // A line that held only a comment is no line at all (a blank line may end a block).
        if text.is_empty() && !t.trim().is_empty() {
            continue;
        }
        out.push(SrcLine { no: i + 1, text });
    }
    out
}

pub(crate) fn problem(file: &str, line: usize, severity: Severity, message: String) -> DictProblem {
    DictProblem {
        at: Location {
            file: file.to_string(),
            line,
        },
        message,
        severity,
    }
}

pub(crate) fn at(file: &str, line: usize) -> Location {
    Location {
        file: file.to_string(),
        line,
    }
}

/// A PETRARCH phrase (`PRESIDENT_GEORGE_W._BUSH`, `ARNOR_`) as words.
pub(crate) fn phrase_text(entry: &str) -> String {
    entry
        .replace(['_', '+'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Token keys of a pattern word, as the matcher sees text (no determiner dropping).
pub(crate) fn word_keys(word: &str) -> Vec<String> {
    let w = word.to_lowercase();
    tokenize(&w, 0..w.len())
        .into_iter()
        .filter(|t| t.key != "-" || t.space_before)
        .map(|t| t.key)
        .collect()
}

/// Adds an imported phrase to the index. PETRARCH files are written in capitals, so case says
/// nothing; only two-letter phrases ("US", "UN") are kept to capitals in text, so that "us" and
/// "un" stay ordinary words.
pub(crate) fn add_phrase(
    dict: &mut Dictionary,
    file: &str,
    line: usize,
    phrase: &str,
    reading: Reading,
) -> bool {
    let keys = phrase_keys(phrase);
    if keys.is_empty() || keys.iter().all(|k| k.chars().all(|c| !c.is_alphanumeric())) {
        dict.problems.push(problem(
            file,
            line,
            Severity::Error,
            format!("empty phrase '{phrase}'"),
        ));
        return false;
    }
    let letters: String = phrase.chars().filter(|c| c.is_alphanumeric()).collect();
    let caps_only = letters.chars().count() <= 2;
    dict.phrases
        .insert(&keys, reading, caps_only, 1, at(file, line));
    true
}

/// An imported actor code as petrel's [`ActorCode`]: the first three characters are the root,
/// the rest three-letter sectors (a shorter tail is kept as it is, so the code prints as
/// written). `None` for anything that is not letters and digits.
pub(crate) fn actor_code(s: &str) -> Option<ActorCode> {
    let s = s.trim().to_ascii_uppercase();
    if s.len() < 3 || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let (root, rest) = s.split_at(3);
    let sectors = rest
        .as_bytes()
        .chunks(3)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    Some(ActorCode::new(root, sectors))
}

/// Splits an agent code (`GOVMED`) into three-letter sectors.
pub(crate) fn sector_chunks(s: &str) -> Vec<String> {
    s.as_bytes()
        .chunks(3)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect()
}

/// A PETRARCH/TABARI date: YYYYMMDD or YYMMDD (years below 40 are 20YY).
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match s.len() {
        8 => (s[..4].parse::<i32>().ok()?, &s[4..]),
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            (if yy < 40 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, rest[..2].parse().ok()?, rest[2..].parse().ok()?)
}

/// The `[...]` groups of a line and the text before the first one.
pub(crate) fn split_brackets(line: &str) -> (&str, Vec<&str>, Option<String>) {
    let head_end = line.find('[').unwrap_or(line.len());
    let mut groups = Vec::new();
    let mut rest = &line[head_end..];
    let mut error = None;
    while let Some(open) = rest.find('[') {
        match rest[open..].find(']') {
            Some(close) => {
                groups.push(&rest[open + 1..open + close]);
                rest = &rest[open + close + 1..];
            }
            None => {
                error = Some(format!("unclosed '[' in '{}'", line.trim()));
                break;
            }
        }
    }
    (&line[..head_end], groups, error)
}

#[cfg(test)]
mod garbage_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_widths() {
        assert_eq!(parse_date("911226"), NaiveDate::from_ymd_opt(1991, 12, 26));
        assert_eq!(parse_date("080507"), NaiveDate::from_ymd_opt(2008, 5, 7));
        assert_eq!(parse_date("20130119"), NaiveDate::from_ymd_opt(2013, 1, 19));
        assert_eq!(parse_date("2004017"), None);
        assert_eq!(parse_date("20131340"), None);
    }

    #[test]
    fn comments_are_removed_and_lines_keep_their_numbers() {
        let t = "A [X] # c\n<!-- one\ntwo -->\nB ; tabari\n\t[Y]";
        let l = src_lines(t, true);
        assert_eq!(l[0].text, "A [X]");
        assert_eq!(l.iter().find(|l| l.text == "B").map(|l| l.no), Some(4));
        assert!(l.iter().any(|l| l.no == 5 && l.text == "[Y]"));
        assert!(!l.iter().any(|l| l.text.contains("two")));
    }

    #[test]
    fn codes_keep_their_spelling() {
        let c = actor_code("hgwgovmed").unwrap();
        assert_eq!(c.to_string(), "HGWGOVMED");
        assert_eq!(c.root, "HGW");
        assert_eq!(actor_code("GONGMOX").unwrap().to_string(), "GONGMOX");
        assert!(actor_code("A-B").is_none());
        assert_eq!(
            phrase_text("PRESIDENT_GEORGE_W._BUSH_"),
            "PRESIDENT GEORGE W. BUSH"
        );
    }
}
