//! What PETRARCH-2 and TABARI verb dictionaries share: synsets, verb lines, pattern lines,
//! codes, and the translation into petrel's [`VerbPattern`]s (see the parent module for the
//! approximations).

use std::collections::HashMap;

use petrel_ontology::Cameo;

use super::{problem, word_keys, ImportOptions};
use crate::inflect::form;
use crate::{
    word_anchors, Dictionary, Location, PatternElement, PatternExtra, Severity, VerbPattern,
};

/// Marks a pattern word that matches every word it starts (TABARI's stemming); shared with
/// the coder through [`crate::PatternElement::Words`]' keys.
pub const STEM_MARK: char = '*';

/// Synonym sets: name (upper case, without `&` and a final `_`) -> items as written.
#[derive(Default)]
pub(super) struct Synsets(HashMap<String, Vec<String>>, bool);

/// At most this many alternatives from one synset item (nested synsets multiply).
const MAX_ALTERNATIVES: usize = 256;

pub(super) fn synset_name(s: &str) -> String {
    s.trim()
        .trim_start_matches('&')
        .trim_end_matches('_')
        .to_ascii_uppercase()
}

impl Synsets {
    /// TABARI's stemming in synset items: the last word of each spaced chunk without a final
    /// `_` matches every word it starts ("SWISS_FRANC": "swiss francs").
    pub fn with_stems(mut self) -> Self {
        self.1 = true;
        self
    }

    pub fn define(&mut self, name: &str) -> String {
        let n = synset_name(name);
        self.0.entry(n.clone()).or_default();
        n
    }

    pub fn add(&mut self, name: &str, item: &str) {
        self.0
            .entry(name.to_string())
            .or_default()
            .push(item.to_string());
    }

    /// The alternatives of a synset, each a sequence of token keys; nested synsets expand.
    pub fn expand(&self, name: &str, depth: usize) -> Option<Vec<Vec<String>>> {
        let items = self.0.get(&synset_name(name))?;
        if depth > 8 {
            return Some(Vec::new()); // a synset that contains itself
        }
        let mut out: Vec<Vec<String>> = Vec::new();
        for item in items {
            let mut alts: Vec<Vec<String>> = vec![Vec::new()];
            let parts: Vec<(&str, bool)> = item
                .split(' ')
                .flat_map(|chunk| {
                    let ps: Vec<&str> = chunk.split('_').collect();
                    let n = ps.len();
                    ps.into_iter()
                        .enumerate()
                        .map(move |(i, p)| (p, i + 1 == n))
                })
                .filter(|(p, _)| !p.is_empty())
                .collect();
            for (part, last) in parts {
                let options: Vec<Vec<String>> = if part.starts_with('&') {
                    self.expand(part, depth + 1).unwrap_or_default()
                } else {
                    let mut keys = word_keys(part);
                    if self.1 && last && part.chars().all(char::is_alphabetic) {
                        if let Some(k) = keys.last_mut() {
                            k.push(STEM_MARK);
                        }
                    }
                    vec![keys]
                };
                let mut next = Vec::new();
                for a in &alts {
                    for o in &options {
                        if next.len() < MAX_ALTERNATIVES {
                            let mut v = a.clone();
                            v.extend(o.iter().cloned());
                            next.push(v);
                        }
                    }
                }
                alts = next;
            }
            out.extend(alts.into_iter().filter(|a| !a.is_empty()));
            out.truncate(MAX_ALTERNATIVES);
        }
        Some(out)
    }
}

/// A pattern's code: `[042]`, `[042:043]` (paired), `[:173]` (reverse only), `[---]` (none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Code {
    pub main: Option<String>,
    pub reverse: Option<String>,
}

impl Code {
    pub fn is_null(&self) -> bool {
        self.main.is_none() && self.reverse.is_none()
    }
}

fn one_code(s: &str, opts: ImportOptions) -> Result<Option<String>, String> {
    let s = s.trim();
    if s.is_empty() || s.chars().all(|c| c == '-') {
        return Ok(None);
    }
    if Cameo::get().contains(s) {
        return Ok(Some(s.to_string()));
    }
    let foreign_ok = s.len() >= 2
        && s.len() <= 5
        && s.as_bytes()[..2].iter().all(u8::is_ascii_digit)
        && s.bytes().all(|b| b.is_ascii_alphanumeric());
    if opts.foreign_codes && foreign_ok {
        Ok(Some(s.to_string()))
    } else {
        Err(format!("'{s}' is not a CAMEO code"))
    }
}

pub(super) fn parse_code(s: &str, opts: ImportOptions) -> Result<Code, String> {
    let (a, b) = match s.split_once(':') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    Ok(Code {
        main: one_code(a, opts)?,
        reverse: match b {
            Some(b) => one_code(b, opts)?,
            None => None,
        },
    })
}

/// A verb of a block: its lemma, words that must precede or follow it, written forms.
#[derive(Debug, Clone, Default)]
pub(super) struct VerbEntry {
    pub lemma: String,
    pub pre: Vec<String>,
    pub post: Vec<String>,
    pub forms: Vec<(String, u8)>,
    pub code: Option<Code>,
    pub line: usize,
}

/// Parses a verb word as written: `ACCELERATE`, `ACT_`, `+ASK_FOR`, `KLM_NOP_+RST`, `COME_AFTER`.
pub(super) fn verb_entry(word: &str, line: usize) -> Option<VerbEntry> {
    let parts: Vec<&str> = word
        .trim()
        .trim_start_matches('-')
        .split('_')
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    // The verb is the word marked with '+', else the first word.
    let vi = parts.iter().position(|p| p.starts_with('+')).unwrap_or(0);
    let lemma = parts[vi].trim_start_matches('+').to_lowercase();
    if lemma.is_empty()
        || !lemma
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
    {
        return None;
    }
    Some(VerbEntry {
        lemma,
        pre: parts[..vi].iter().map(|p| p.to_lowercase()).collect(),
        post: parts[vi + 1..]
            .iter()
            .map(|p| p.trim_start_matches('+').to_lowercase())
            .collect(),
        forms: Vec::new(),
        code: None,
        line,
    })
}

/// Irregular forms written in braces: `{SPEEDING SPEEDS SPED}`, `{+ASKED_FOR +ASKING_FOR}`.
pub(super) fn forms(inner: &str) -> Vec<(String, u8)> {
    inner
        .split([' ', '\t', '|'])
        .filter(|w| !w.is_empty())
        .filter_map(|w| {
            let e = verb_entry(w, 0)?;
            let f = &e.lemma;
            let kind = if f.ends_with("ing") {
                form::GERUND
            } else if f.ends_with('s') && !f.ends_with("ss") {
                form::THIRD
            } else {
                form::PAST | form::PARTICIPLE
            };
            Some((e.lemma, kind))
        })
        .collect()
}

/// A pattern line translated: elements before and after the verb.
#[derive(Debug, Clone, Default)]
pub(super) struct Pattern {
    pub before: Vec<PatternElement>,
    pub after: Vec<PatternElement>,
    pub reciprocal: bool,
    pub text: String,
    pub code: Option<Code>,
    pub line: usize,
}

/// One unit of a pattern and whether a space (not `_`) precedes it.
enum Atom {
    Verb,
    Target,
    Source,
    Compound,
    Skip,
    Words(Vec<Vec<String>>),
}

/// Parses `- pre * post [CODE]` (the leading `-` and the code already removed from `body`).
pub(super) fn parse_pattern(body: &str, synsets: &Synsets, line: usize) -> Result<Pattern, String> {
    parse_pattern_with(body, synsets, line, false)
}

/// [`parse_pattern`], with TABARI's stemming when `stems`: a word followed by a space (not
/// `_`) matches every word it starts. Its last key is then marked with a final
/// [`STEM_MARK`], which the coder reads as "starts with".
pub(super) fn parse_pattern_with(
    body: &str,
    synsets: &Synsets,
    line: usize,
    stems: bool,
) -> Result<Pattern, String> {
    // TABARI alternations "{ A_ | B }" become one atom; PETRARCH-2 groups "{NP}" and "(PP)"
    // are flattened to their words.
    let mut alternations: Vec<Vec<Vec<String>>> = Vec::new();
    let mut flat = String::new();
    let mut rest = body;
    while let Some(open) = rest.find('{') {
        flat.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            return Err(format!("unclosed '{{' in '{body}'"));
        };
        let inner = &rest[open + 1..open + close];
        if inner.contains('|') {
            let mut alts = Vec::new();
            for a in inner.split('|') {
                let mut seq = Vec::new();
                for part in a.split(['_', ' ']).filter(|p| !p.is_empty()) {
                    if part.starts_with('&') {
                        // A synset inside an alternation: its first expansion per item.
                        for e in synsets.expand(part, 0).unwrap_or_default() {
                            alts.push(e);
                        }
                    } else {
                        seq.extend(word_keys(part));
                    }
                }
                if !seq.is_empty() {
                    alts.push(seq);
                }
            }
            // '_' around the marker: it keeps whatever glue or space the braces had.
            flat.push_str(&format!("_\u{1}{}_", alternations.len()));
            alternations.push(alts);
        } else {
            flat.push(' ');
            flat.push_str(inner);
            flat.push(' ');
        }
        rest = &rest[open + close + 1..];
    }
    flat.push_str(rest);
    let flat = flat.replace(['(', ')'], " ");
    let mut atoms: Vec<(bool, Atom)> = Vec::new();
    for chunk in flat.split_whitespace() {
        let mut first = true;
        let parts: Vec<&str> = chunk.split('_').collect();
        for (pi, part) in parts.iter().copied().enumerate() {
            if part.is_empty() {
                continue;
            }
            // TABARI's "REAL~_PLEASANT": '~' makes a joined word a stem too ("really").
            let (part, tilde) = match part.strip_suffix('~') {
                Some(p) if stems && !p.is_empty() => (p, true),
                _ => (part, false),
            };
            let stem = stems && (pi + 1 == parts.len() || tilde);
            let spaced = first;
            first = false;
            let atom = match part {
                "*" => Atom::Verb,
                "+" => Atom::Target,
                "$" => Atom::Source,
                "%" => Atom::Compound,
                "^" => Atom::Skip,
                p if p.starts_with('\u{1}') => {
                    let k: usize = p[1..].parse().map_err(|_| "bad alternation".to_string())?;
                    Atom::Words(alternations[k].clone())
                }
                p if p.starts_with('&') => match synsets.expand(p, 0) {
                    Some(a) if !a.is_empty() => Atom::Words(a),
                    Some(_) => return Err(format!("synset '{p}' is empty")),
                    None => return Err(format!("unknown synset '{p}'")),
                },
                p => {
                    // "*" glued to a word ("IN_*" is split, but "WORD*" is not a pattern).
                    if p.contains('*') {
                        return Err(format!("'{p}': '*' must stand alone"));
                    }
                    let mut keys = word_keys(p);
                    if keys.is_empty() {
                        continue;
                    }
                    if stem {
                        if let Some(k) = keys.last_mut() {
                            k.push(STEM_MARK);
                        }
                    }
                    Atom::Words(vec![keys])
                }
            };
            atoms.push((spaced, atom));
        }
    }
    let verb_at = atoms
        .iter()
        .position(|(_, a)| matches!(a, Atom::Verb))
        .ok_or_else(|| "pattern without '*' (the verb)".to_string())?;
    if atoms
        .iter()
        .filter(|(_, a)| matches!(a, Atom::Verb))
        .count()
        > 1
    {
        return Err("pattern with more than one '*'".into());
    }
    let mut p = Pattern {
        text: body.split_whitespace().collect::<Vec<_>>().join(" "),
        line,
        ..Pattern::default()
    };
    // Before the verb: literal words, gaps where a space separates them.
    for (i, (spaced, atom)) in atoms[..verb_at].iter().enumerate() {
        if *spaced && i > 0 && p.before.last().is_some_and(|e| *e != PatternElement::Gap) {
            p.before.push(PatternElement::Gap);
        }
        match atom {
            Atom::Words(w) => p.before.push(PatternElement::Words(w.clone())),
            Atom::Compound => p.reciprocal = true,
            Atom::Skip => p.before.push(PatternElement::Gap),
            // "SUGGESTED + * REQUIRE": a target named before the verb.
            Atom::Target if i > 0 => p.before.push(PatternElement::Target),
            // "- $ * [095]": the verb with a source before it, more specific than the verb.
            Atom::Source => p.before.push(PatternElement::Source),
            _ => {} // a leading "+" before the verb: the subject, found by the coder
        }
    }
    if atoms[verb_at].0 && !p.before.is_empty() && p.before.last() != Some(&PatternElement::Gap) {
        p.before.push(PatternElement::Gap);
    }
    while p.before.first() == Some(&PatternElement::Gap) {
        p.before.remove(0);
    }
    for (spaced, atom) in &atoms[verb_at + 1..] {
        let slot = matches!(
            atom,
            Atom::Target | Atom::Source | Atom::Compound | Atom::Skip
        );
        // A gap before a slot is implicit (the slot skips determiners itself).
        if *spaced && !slot && p.after.last() != Some(&PatternElement::Gap) {
            p.after.push(PatternElement::Gap);
        }
        match atom {
            Atom::Words(w) => p.after.push(PatternElement::Words(w.clone())),
            Atom::Target => p.after.push(PatternElement::Target),
            Atom::Source => p.after.push(PatternElement::Source),
            Atom::Compound => {
                // PETRARCH-2: a compound after the verb is the target ("AGREE * WITH %":
                // "Eriador agrees with the Philippines and France" codes ERI -> PHL, ERI ->
                // FRA); TABARI codes it both ways.
                p.reciprocal |= stems;
                p.after.push(PatternElement::Target);
            }
            Atom::Skip => p.after.push(PatternElement::Phrase),
            Atom::Verb => {}
        }
    }
    while p.after.last() == Some(&PatternElement::Gap) {
        p.after.pop();
    }
    if p.after
        .iter()
        .filter(|e| **e == PatternElement::Target)
        .count()
        > 1
    {
        return Err("a pattern has at most one target ('+' or '%')".into());
    }
    Ok(p)
}

/// Splits a pattern line `- ... [CODE] ...` into body and code text.
pub(super) fn split_pattern_line(text: &str) -> Result<(&str, &str), String> {
    let body = text.trim_start_matches('-').trim();
    let open = body
        .rfind('[')
        .ok_or_else(|| "pattern without a [CODE]".to_string())?;
    let close = body[open..]
        .find(']')
        .ok_or_else(|| "unclosed '[' in a pattern".to_string())?;
    Ok((body[..open].trim(), &body[open + 1..open + close]))
}

/// A block of synonymous verbs with its patterns.
#[derive(Default)]
pub(super) struct Block {
    pub name: String,
    pub code: Option<Code>,
    pub verbs: Vec<VerbEntry>,
    pub patterns: Vec<Pattern>,
    pub line: usize,
}

impl Block {
    /// Adds the block's patterns to the dictionary: each verb alone (with its own code, else
    /// the block's) and each pattern for each verb.
    pub fn emit(&self, dict: &mut Dictionary, file: &str) -> usize {
        let mut n = 0;
        if self.verbs.is_empty() {
            dict.problems.push(problem(
                file,
                self.line,
                Severity::Warning,
                format!(
                    "verb block '{}' has no verbs: its patterns are unused",
                    self.name
                ),
            ));
        }
        for v in &self.verbs {
            let base = v.code.clone().or_else(|| self.code.clone());
            if let Some(code) = base.filter(|c| !c.is_null()) {
                let p = Pattern {
                    text: "*".into(),
                    line: v.line,
                    ..Pattern::default()
                };
                add(dict, file, v, &p, &code);
                n += 1;
            }
            for p in &self.patterns {
                // A pattern without a usable code takes the verb's or the block's.
                let code = p
                    .code
                    .clone()
                    .or_else(|| v.code.clone())
                    .or_else(|| self.code.clone())
                    .unwrap_or(Code {
                        main: None,
                        reverse: None,
                    });
                add(dict, file, v, p, &code);
                n += 1;
            }
        }
        n
    }
}

fn add(dict: &mut Dictionary, file: &str, v: &VerbEntry, p: &Pattern, code: &Code) {
    let mut elements: Vec<PatternElement> = v
        .post
        .iter()
        .map(|w| PatternElement::Words(vec![word_keys(w)]))
        .collect();
    elements.extend(p.after.iter().cloned());
    let mut before = p.before.clone();
    before.extend(
        v.pre
            .iter()
            .map(|w| PatternElement::Words(vec![word_keys(w)])),
    );
    let main = match (&code.main, &code.reverse) {
        (Some(m), _) => m.clone(),
        (None, Some(r)) => r.clone(),
        // "[---]": a pattern that matches and yields nothing, so that it blocks shorter ones.
        (None, None) => "---".into(),
    };
    let reverse_only = code.main.is_none() && code.reverse.is_some();
    let pattern = VerbPattern {
        code: main,
        verb: v.lemma.clone(),
        anchors: word_anchors(&elements),
        elements,
        reciprocal: p.reciprocal,
        negated_code: None,
        host_target: false,
        topic_object: false,
        needs_object: false,
        text: format!("{} {}", v.lemma, p.text.to_lowercase()),
        at: Location {
            file: file.to_string(),
            line: p.line,
        },
    };
    let id = dict.add_pattern(pattern, &v.forms);
    // A reciprocal pattern pairs a compound subject; it takes no target from the clause.
    let open_target = !p.reciprocal
        && !p
            .after
            .iter()
            .any(|e| matches!(e, PatternElement::Target | PatternElement::Source));
    let extra = PatternExtra {
        open_target,
        before,
        reverse_code: if reverse_only {
            None
        } else {
            code.reverse.clone()
        },
        reverse_only,
    };
    if extra != PatternExtra::default() {
        dict.pattern_extras.insert(id, extra);
    }
}

/// Reports a pattern or code problem.
pub(super) fn report(dict: &mut Dictionary, file: &str, line: usize, message: String) {
    dict.problems
        .push(problem(file, line, Severity::Error, message));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syn() -> Synsets {
        let mut s = Synsets::default();
        let n = s.define("&TIETYPES");
        s.add(&n, "MILITARY");
        s.add(&n, "ECONOMIC");
        let m = s.define("&ACCORDSYN");
        s.add(&m, "&TIETYPES");
        s.add(&m, "CLOSER");
        s
    }

    #[test]
    fn words_gaps_slots_and_synsets() {
        let p = parse_pattern("* NEW_&TIETYPES_RELATIONS", &syn(), 1).unwrap();
        assert_eq!(p.after.len(), 4, "{:?}", p.after);
        assert_eq!(p.after[0], PatternElement::Gap);
        assert!(matches!(&p.after[2], PatternElement::Words(a) if a.len() == 2));
        let p = parse_pattern("SAID * TO +", &syn(), 1).unwrap();
        assert_eq!(p.before.len(), 2);
        assert_eq!(p.before[1], PatternElement::Gap);
        assert_eq!(p.after.last(), Some(&PatternElement::Target));
        let p = parse_pattern("FAILED_TO_*", &syn(), 1).unwrap();
        assert_eq!(p.before.len(), 2, "adjacent words, no gap: {:?}", p.before);
        let p = parse_pattern("INCHING &ACCORDSYN *", &syn(), 1).unwrap();
        assert!(matches!(&p.before[2], PatternElement::Words(a) if a.len() == 3));
        let p = parse_pattern("* (TO LIST) (OF {BANNED PARTIES}) $", &syn(), 1).unwrap();
        assert_eq!(p.after.last(), Some(&PatternElement::Source));
        let p = parse_pattern("% * ", &syn(), 1).unwrap();
        assert!(p.reciprocal && p.after.is_empty());
        let p = parse_pattern(
            "SUGGESTED_+ * DEMAND_{ GENEVA_ | INTERNATIONAL }_CONVENTIONS",
            &syn(),
            1,
        )
        .unwrap();
        assert!(matches!(&p.after[2], PatternElement::Words(a) if a.len() == 2));
        assert!(parse_pattern("* &NOSUCH", &syn(), 1).is_err());
        assert!(parse_pattern("WORDS WITHOUT VERB", &syn(), 1).is_err());
        assert!(parse_pattern("* + WITH +", &syn(), 1).is_err());
    }

    #[test]
    fn codes() {
        let o = ImportOptions::default();
        assert_eq!(
            parse_code("042:043", o).unwrap(),
            Code {
                main: Some("042".into()),
                reverse: Some("043".into())
            }
        );
        assert!(parse_code("---", o).unwrap().is_null());
        assert_eq!(
            parse_code(":173", o).unwrap().reverse.as_deref(),
            Some("173")
        );
        assert!(parse_code("903", o).is_err());
        let f = ImportOptions {
            foreign_codes: true,
        };
        assert_eq!(parse_code("075A", f).unwrap().main.as_deref(), Some("075A"));
        assert!(parse_code("def", f).is_err());
    }

    #[test]
    fn verb_entries() {
        let v = verb_entry("KLM_NOP_+RST", 3).unwrap();
        assert_eq!((v.lemma.as_str(), v.pre.len(), v.post.len()), ("rst", 2, 0));
        let v = verb_entry("+ASK_FOR", 3).unwrap();
        assert_eq!((v.lemma.as_str(), v.post[0].as_str()), ("ask", "for"));
        let f = forms("SPEEDING SPEEDS SPED ");
        assert_eq!(f.len(), 3);
        assert_eq!(f[2], ("sped".to_string(), form::PAST | form::PARTICIPLE));
        assert!(verb_entry("123", 1).is_none());
    }
}
