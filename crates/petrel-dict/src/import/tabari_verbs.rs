//! PETRARCH-1/TABARI verb dictionaries (`TABARI.Demo.verbs`).
//!
//! ```text
//! <SYNSETS> &CURRENCY +DOLLAR ... </SYNSETS>   synsets
//! <TIME> ... </TIME>                            time shifts (not events: skipped)
//! ABANDON  [345] ;comment                       a verb with its code (';' starts comments)
//! { ABANDONING_ ABANDONED_ }                    its irregular forms
//! - * NEW_&TIETYPES_RELATIONS [903]             patterns for that verb
//! BRUSH ASIDE REPORTS  [142]                    a verb with the words that follow it
//! ```
//!
//! Each header line starts a new verb (TABARI has no blocks of synonyms).

use super::pattern::{
    forms, parse_code, parse_pattern_with, report, split_pattern_line, verb_entry, Block, Synsets,
};
use super::{src_lines, ImportOptions};
use crate::Dictionary;

pub fn import(dict: &mut Dictionary, file: &str, text: &str, opts: ImportOptions) -> usize {
    let syn: Synsets = super::petrarch_verbs::synsets(text, true).with_stems();
    let mut block: Option<Block> = None;
    let mut section: Option<String> = None;
    let mut n = 0;
    for l in src_lines(text, true) {
        let t = l.text;
        if t.is_empty() || t.starts_with('~') {
            continue;
        }
        if t.starts_with('<') {
            // <SYNSETS>, </SYNSETS>, <TIME>, </TIME>; anything else in angle brackets is markup.
            let tag = t.trim_matches(['<', '>']).trim().to_ascii_uppercase();
            if tag.starts_with('/') {
                section = None;
            } else if tag == "SYNSETS" || tag == "TIME" {
                section = Some(tag);
            }
            continue;
        }
        if section.is_some() || t.starts_with('&') || t.starts_with('+') {
            continue; // synsets were read in the first pass; time shifts are not events
        }
        if t.starts_with('-') {
            let Some(b) = block.as_mut() else {
                report(dict, file, l.no, "pattern before any verb".into());
                continue;
            };
            match split_pattern_line(t).and_then(|(body, code)| {
                let code = parse_code(code, opts)?;
                let mut p = parse_pattern_with(body, &syn, l.no, true)?;
                p.code = Some(code);
                Ok(p)
            }) {
                Ok(p) => b.patterns.push(p),
                Err(e) => report(dict, file, l.no, e),
            }
            continue;
        }
        if let Some(inner) = t.strip_prefix('{') {
            let Some(b) = block.as_mut() else {
                report(dict, file, l.no, "verb forms before any verb".into());
                continue;
            };
            let inner = inner.split('}').next().unwrap_or("");
            if let Some(v) = b.verbs.last_mut() {
                v.forms.extend(forms(inner));
            }
            continue;
        }
        // A verb header: VERB [WORDS...] [CODE]
        if let Some(b) = block.take() {
            n += b.emit(dict, file);
        }
        let (head, groups, err) = super::split_brackets(t);
        if let Some(e) = err {
            report(dict, file, l.no, e);
            continue;
        }
        let mut words = head.split_whitespace();
        let first = words.next().unwrap_or("");
        let Some(mut v) = verb_entry(first, l.no) else {
            report(dict, file, l.no, format!("'{first}' is not a verb"));
            continue;
        };
        if !first.ends_with('_') && v.post.is_empty() {
            // TABARI's stemming: a verb without a final '_' matches every word it starts.
            v.forms.extend(stem_forms(&v.lemma));
        } else if first.ends_with('_') && v.post.is_empty() {
            // TABARI's regular verb endings besides the inflections: "departes", "departen".
            use crate::inflect::form;
            v.forms.push((format!("{}es", v.lemma), form::THIRD));
            v.forms
                .push((format!("{}en", v.lemma), form::PAST | form::PARTICIPLE));
        }
        let code = match groups.first() {
            Some(c) => match parse_code(c, opts) {
                Ok(c) => Some(c),
                Err(e) => {
                    report(dict, file, l.no, e);
                    continue;
                }
            },
            None => {
                report(dict, file, l.no, format!("verb '{first}' without a [CODE]"));
                continue;
            }
        };
        let rest: Vec<&str> = words.collect();
        let mut b = Block {
            name: first.to_string(),
            line: l.no,
            ..Block::default()
        };
        if rest.is_empty() {
            b.code = code;
        } else {
            // "BRUSH ASIDE REPORTS [142]": the following words form the verb's one pattern.
            match parse_pattern_with(&format!("* {}", rest.join(" ")), &syn, l.no, true) {
                Ok(mut p) => {
                    p.code = code;
                    b.patterns.push(p);
                }
                Err(e) => report(dict, file, l.no, e),
            }
        }
        b.verbs.push(v);
        block = Some(b);
    }
    if let Some(b) = block.take() {
        n += b.emit(dict, file);
    }
    n
}

/// The words a TABARI verb stem (`RESTOR`) most often starts, as petrel indexes verb forms:
/// inflections of the stem and of the stem with a final 'e', and common noun endings.
/// (TABARI matches any continuation; petrel's index needs the words spelled out.)
pub(crate) fn stem_forms(stem: &str) -> Vec<(String, u8)> {
    use crate::inflect::form;
    const ENDINGS: &[(&str, u8)] = &[
        ("", form::BASE),
        ("e", form::BASE),
        ("s", form::THIRD),
        ("es", form::THIRD),
        ("d", form::PAST | form::PARTICIPLE),
        ("ed", form::PAST | form::PARTICIPLE),
        ("ing", form::GERUND),
        ("ion", form::BASE),
        ("ions", form::BASE),
        ("ation", form::BASE),
        ("ations", form::BASE),
        ("ment", form::BASE),
        ("ments", form::BASE),
        ("er", form::BASE),
        ("ers", form::BASE),
        ("al", form::BASE),
        ("als", form::BASE),
        ("y", form::BASE),
        ("ies", form::THIRD),
        ("ied", form::PAST | form::PARTICIPLE),
    ];
    let mut out: Vec<(String, u8)> = Vec::new();
    let mut push = |w: String, f: u8| match out.iter_mut().find(|(x, _)| *x == w) {
        Some(e) => e.1 |= f,
        None => out.push((w, f)),
    };
    for (end, f) in ENDINGS {
        push(format!("{stem}{end}"), *f);
    }
    // "SHOOT" -> "shooting", "STOP" -> "stopped": a doubled final consonant.
    if let Some(last) = stem.chars().last().filter(|c| !"aeiouwxy".contains(*c)) {
        push(format!("{stem}{last}ed"), form::PAST | form::PARTICIPLE);
        push(format!("{stem}{last}ing"), form::GERUND);
    }
    for (w, f) in crate::inflect::verb_forms(&format!("{stem}e")) {
        push(w, f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_forms_patterns_and_sections() {
        let text = "\
<SYNSETS>
&TIETYPES
+MILITARY
</SYNSETS>
<TIME>
LAST_WEEK [-7]
</TIME>
ABANDON  [345] ;pas 15 Jul 2003
- * NEW_&TIETYPES_RELATIONS [903]; -PAS
BREAK_ [1717]
{ BROKE_ BROKEN_ }
- + * IN_ $  [075]
BURN DOWN  [222]
123 [040]
- * X [
";
        let mut d = Dictionary::default();
        let n = import(
            &mut d,
            "t.verbs",
            text,
            ImportOptions {
                foreign_codes: true,
            },
        );
        assert_eq!(n, 5, "{:?}", d.problems);
        assert!(d
            .patterns_for("broke")
            .iter()
            .any(|&(p, _)| d.pattern(p).code == "075"));
        assert!(d
            .patterns_for("burned")
            .iter()
            .any(|&(p, _)| d.pattern(p).code == "222"));
        let msgs: Vec<String> = d.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            msgs.iter().any(|m| m.starts_with("t.verbs:14: error")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.starts_with("t.verbs:15: error")),
            "{msgs:?}"
        );
        assert!(
            !msgs.iter().any(|m| m.contains(":6:")),
            "time shifts are skipped"
        );
    }

    #[test]
    fn stems_match_the_words_they_start() {
        let f: Vec<String> = stem_forms("restor").into_iter().map(|(w, _)| w).collect();
        for w in [
            "restore",
            "restored",
            "restoring",
            "restoration",
            "restores",
        ] {
            assert!(f.iter().any(|x| x == w), "{w}: {f:?}");
        }
        let mut d = Dictionary::default();
        let o = ImportOptions {
            foreign_codes: true,
        };
        import(
            &mut d,
            "s.verbs",
            "RESTOR [064]\n- * DIPLOMATIC_TIES [065]\nBREAK_ [1717]\n",
            o,
        );
        assert!(!d.patterns_for("restoration").is_empty());
        assert!(
            d.patterns_for("breakage").is_empty(),
            "'BREAK_' is a whole word"
        );
        let p = d
            .patterns_for("restored")
            .iter()
            .map(|&(p, _)| d.pattern(p))
            .find(|p| p.code == "065")
            .unwrap();
        // "DIPLOMATIC_" is followed by '_': whole; "TIES" ends the chunk: a stem.
        let n = p.elements.len();
        assert_eq!(
            p.elements[n - 2..],
            [
                crate::PatternElement::Words(vec![vec!["diplomatic".to_string()]]),
                crate::PatternElement::Words(vec![vec![format!(
                    "ties{}",
                    super::super::STEM_MARK
                )]]),
            ]
        );
    }
}
