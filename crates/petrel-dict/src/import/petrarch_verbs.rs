//! PETRARCH-2 verb dictionaries (`CAMEO.2.0.txt`, `PETR.Validate.verbs.txt`).
//!
//! ```text
//! &TIETYPES                       a synset: items on '+' lines
//! +MILITARY
//! --- ABANDON [345] ---           a block of synonymous verbs with its default code
//! ABANDON                         a verb of the block
//! HURRY {HURRIES HURRIED}         irregular forms
//! +ASK_FOR {+ASKED_FOR} [020]     a multi-word verb ('+' marks the verb) with its own code
//! - * NEW_&TIETYPES_RELATIONS [903]   a pattern; '*' is the verb
//! ~ a (a b ATTACK) SAY = a b 015  a transformation (not supported: reported, skipped)
//! ```
//!
//! Synsets are collected in a first pass, so a pattern may use one defined later.

use super::pattern::{
    forms, parse_code, parse_pattern, report, split_pattern_line, verb_entry, Block, Synsets,
};
use super::{problem, src_lines, ImportOptions};
use crate::{Dictionary, Severity};

/// A PETRARCH-2 verb file has `--- NAME ---` block headers.
pub fn looks_like(text: &str) -> bool {
    text.lines().any(|l| l.trim_start().starts_with("---"))
}

/// Collects synsets: `&NAME` at the start of a line, then its `+` items.
pub(super) fn synsets(text: &str, semicolon: bool) -> Synsets {
    let mut s = Synsets::default();
    let mut current: Option<String> = None;
    for l in src_lines(text, semicolon) {
        let t = l.text;
        if let Some(name) = t.strip_prefix('&') {
            let name = name.split_whitespace().next().unwrap_or("");
            current = (!name.is_empty()).then(|| s.define(name));
        } else if let (Some(item), Some(c)) = (t.strip_prefix('+'), &current) {
            let item = item.trim();
            if !item.is_empty() {
                s.add(c, item);
            }
        } else {
            current = None;
        }
    }
    s
}

pub fn import(dict: &mut Dictionary, file: &str, text: &str, opts: ImportOptions) -> usize {
    let syn = synsets(text, false);
    let mut block: Option<Block> = None;
    let mut in_synset = false;
    let mut n = 0;
    let mut transformations = 0;
    for l in src_lines(text, false) {
        let t = l.text;
        if t.is_empty() {
            in_synset = false;
            continue;
        }
        if t.starts_with('&') {
            in_synset = true;
            continue;
        }
        if in_synset && t.starts_with('+') {
            continue;
        }
        in_synset = false;
        if t.starts_with("---") {
            if let Some(b) = block.take() {
                n += b.emit(dict, file);
            }
            let inner = t.trim_matches('-').trim();
            let (name, groups, err) = super::split_brackets(inner);
            if let Some(e) = err {
                report(dict, file, l.no, e);
            }
            let code = match groups.first() {
                Some(c) => match parse_code(c, opts) {
                    Ok(c) => Some(c),
                    Err(e) => {
                        report(dict, file, l.no, e);
                        None
                    }
                },
                None => None,
            };
            block = Some(Block {
                name: name.trim().to_string(),
                code,
                line: l.no,
                ..Block::default()
            });
            continue;
        }
        if t.starts_with('~') {
            transformations += 1;
            if transformations == 1 {
                dict.problems.push(problem(
                    file,
                    l.no,
                    Severity::Warning,
                    "transformation lines ('~ ...') are not supported: skipped (this and the following)"
                        .into(),
                ));
            }
            continue;
        }
        if t.starts_with('<') {
            continue; // XML-ish markup lines are comments in PETRARCH
        }
        let Some(b) = block.as_mut() else {
            report(
                dict,
                file,
                l.no,
                format!("'{t}' outside a '--- VERB [code] ---' block"),
            );
            continue;
        };
        if t.starts_with('-') {
            match split_pattern_line(t).and_then(|(body, code)| {
                let code = parse_code(code, opts)?;
                let mut p = parse_pattern(body, &syn, l.no)?;
                p.code = Some(code);
                Ok(p)
            }) {
                Ok(p) => b.patterns.push(p),
                Err(e) => report(dict, file, l.no, e),
            }
            continue;
        }
        // A verb line: WORD [{forms}] [[code]]
        let (head, groups, err) = super::split_brackets(t);
        if let Some(e) = err {
            report(dict, file, l.no, e);
            continue;
        }
        let (word, brace) = match head.split_once('{') {
            Some((w, rest)) => match rest.split_once('}') {
                Some((inner, _)) => (w.trim(), Some(inner)),
                None => {
                    report(dict, file, l.no, format!("unclosed '{{' in '{t}'"));
                    continue;
                }
            },
            None => (head.trim(), None),
        };
        let word = word.split_whitespace().next().unwrap_or("");
        let Some(mut v) = verb_entry(word, l.no) else {
            report(dict, file, l.no, format!("'{word}' is not a verb"));
            continue;
        };
        if let Some(inner) = brace {
            v.forms = forms(inner);
        }
        if let Some(c) = groups.first() {
            match parse_code(c, opts) {
                Ok(c) => v.code = Some(c),
                Err(e) => {
                    report(dict, file, l.no, e);
                    continue;
                }
            }
        }
        b.verbs.push(v);
    }
    if let Some(b) = block.take() {
        n += b.emit(dict, file);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
&TIETYPES
+MILITARY
+ECONOMIC

--- ABANDON [345] ---
ABANDON  # comment
QUIT {QUITS QUITTING QUIT}
- * NEW_&TIETYPES_RELATIONS [903]
- * EFFORT [---]
--- ASK [---] ---
+ASK_FOR {+ASKED_FOR} [020]
- * (FOR {FINANCIAL AID}) [0231]
- SAID * [bogus]
(( 123
~ a (a b ATTACK) SAY = a b 015
";

    #[test]
    fn blocks_verbs_and_patterns() {
        let mut d = Dictionary::default();
        let n = import(
            &mut d,
            "v.txt",
            SAMPLE,
            ImportOptions {
                foreign_codes: true,
            },
        );
        // abandon, quit: base + 2 patterns each; ask for: base + 1 pattern.
        assert_eq!(n, 8, "{:?}", d.problems);
        assert!(d
            .patterns_for("quitting")
            .iter()
            .any(|&(p, _)| d.pattern(p).verb == "quit"));
        assert!(d
            .patterns_for("asked")
            .iter()
            .any(|&(p, _)| d.pattern(p).code == "020"));
        let msgs: Vec<String> = d.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            msgs.iter().any(|m| m.starts_with("v.txt:13: error")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.starts_with("v.txt:14: error")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.starts_with("v.txt:15: warning")),
            "{msgs:?}"
        );
        assert!(d.patterns.iter().any(|p| p.code == "---"));
    }

    #[test]
    fn real_cameo_file_imports_when_present() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/eval/petrarch-real-dictionaries/CAMEO.2.0.txt");
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipped: {} not found", path.display());
            return;
        };
        let mut d = Dictionary::default();
        let n = import(&mut d, "CAMEO.2.0.txt", &text, ImportOptions::default());
        assert!(n > 10_000, "only {n} patterns");
        assert!(d.patterns_for("attacked").len() > 5);
        for p in &d.problems {
            assert!(p.at.line > 0 && p.at.file == "CAMEO.2.0.txt");
        }
    }
}
