//! PETRARCH and TABARI actor dictionaries.
//!
//! ```text
//! GONDOR [GON]                    a phrase and its code
//! +MINAS_TIRITH                   a synonym
//! GOLLUM                          codes may follow on tab-indented lines:
//!     [HOB < 950601]              before a date (YYMMDD or YYYYMMDD)
//!     [HOBGOV 19950601-19990815]  within an interval (both ends included)
//!     [HOBREB > 990816]           after a date
//! ALBRIGHT [USAGOV 991201-010114] [---]   TABARI: restrictions in line, then the default
//! ```
//!
//! An entry without a code takes the codes of the lines that follow until one comes (PETRARCH
//! lists several names before one indented code). A restriction that cannot be read is
//! reported and left out; the rest of the entry is kept.

use chrono::NaiveDate;
use petrel_ontology::ActorCode;

use super::{actor_code, add_phrase, at, parse_date, phrase_text, problem, src_lines};
use crate::{Dictionary, Person, Reading, Role, RootKind, Severity};

/// One code of an entry, possibly restricted to dates.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeSpec {
    /// `None` for the null code `---` (the phrase is an actor without a code).
    pub code: Option<ActorCode>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub dated: bool,
    /// Further codes of a compound written in one block (`[FRO/BIL/SAM]`: "The Shire" is
    /// three actors).
    pub also: Vec<ActorCode>,
}

/// Parses the inside of `[...]`: `CODE`, `CODE <d`, `CODE >d`, `CODE d1-d2`, `---`.
pub fn parse_code_spec(s: &str) -> Result<CodeSpec, String> {
    let s = s.trim();
    let (code, restriction) = match s.find([' ', '\t', '<', '>']) {
        Some(i) => (&s[..i], s[i..].trim()),
        None => (s, ""),
    };
    if code.is_empty() {
        return Err(format!("code block '[{s}]' has no code"));
    }
    let mut also = Vec::new();
    let code = if code.chars().all(|c| c == '-') {
        None
    } else {
        // "ELR/GAL": a compound; the first code and the others.
        let mut parts = code.split('/');
        let first = parts.next().unwrap_or("");
        for p in parts {
            also.push(actor_code(p).ok_or_else(|| format!("'{p}' is not an actor code"))?);
        }
        Some(actor_code(first).ok_or_else(|| format!("'{code}' is not an actor code"))?)
    };
    let r: String = restriction.chars().filter(|c| !c.is_whitespace()).collect();
    let day = chrono::Duration::days(1);
    let (from, to, dated) = if r.is_empty() {
        (None, None, false)
    } else if let Some(d) = r.strip_prefix('<') {
        let d = parse_date(d).ok_or_else(|| format!("'{d}' is not a date (YYMMDD or YYYYMMDD)"))?;
        (None, Some(d - day), true)
    } else if let Some(d) = r.strip_prefix('>') {
        let d = parse_date(d).ok_or_else(|| format!("'{d}' is not a date (YYMMDD or YYYYMMDD)"))?;
        (Some(d + day), None, true)
    } else if let Some((a, b)) = r.split_once('-') {
        let a = parse_date(a).ok_or_else(|| format!("'{a}' is not a date (YYMMDD or YYYYMMDD)"))?;
        let b = parse_date(b).ok_or_else(|| format!("'{b}' is not a date (YYMMDD or YYYYMMDD)"))?;
        if b < a {
            return Err(format!("date interval '{r}' ends before it starts"));
        }
        (Some(a), Some(b), true)
    } else {
        return Err(format!(
            "'{restriction}' is not a date restriction (<d, >d or d1-d2)"
        ));
    };
    Ok(CodeSpec {
        code,
        from,
        to,
        dated,
        also,
    })
}

/// An entry being read.
#[derive(Default)]
struct Entry {
    names: Vec<(String, usize)>,
    codes: Vec<CodeSpec>,
    line: usize,
}

pub fn import(dict: &mut Dictionary, file: &str, text: &str) -> usize {
    import_with(dict, file, text, looks_like_tabari(text))
}

/// A TABARI actor file: `;` comments, which PETRARCH files never use.
pub fn looks_like_tabari(text: &str) -> bool {
    !text.contains("<!--") && text.lines().any(|l| l.contains(';'))
}

/// Endings a TABARI stem (a last word without `_` or `=`: `ARGENTIN`, `KUWAIT`) most often
/// takes in text ("Kuwaiti", "Australian"); TABARI matches any continuation, petrel's phrase
/// index needs the words spelled out.
const STEM_ENDINGS: &[&str] = &[
    "s", "es", "n", "ns", "an", "ans", "ian", "ians", "i", "is", "e", "ese", "ite", "ites", "a",
    "ine", "ines",
];

/// Regular noun endings a TABARI word with a final `_` takes ("LIBYA_": "Libyas"); `=` marks a
/// word that takes none ("MOUSE=").
const NOUN_ENDINGS: &[&str] = &["s", "es"];

/// The token keys TABARI also matches for a phrase as written (`raw`, spaces and `_` as in
/// the file): its last word with noun endings (final `_`: "LIBYA_" matches "Libyas") or as a
/// stem (no final `_` or `=`: "KUWAIT" matches "Kuwaiti"); words joined by `_` also as one
/// token, as texts write them ("Dol_Amroth"); and a space between words, where TABARI allows
/// other words, with "of" or "the" in it ("PRINCE DOL_AMROTH": "Prince of Dol Amroth").
fn tabari_variants(raw: &str) -> Vec<Vec<String>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Vec::new();
    }
    let exact = raw.ends_with('=');
    let noun = raw.ends_with('_');
    let body = raw.trim_end_matches(['=', '_']);
    // Each chunk as its words or, joined by '_', as one token.
    let chunks: Vec<Vec<Vec<String>>> = body
        .split_whitespace()
        .map(|c| {
            let parts: Vec<&str> = c.split('_').filter(|w| !w.is_empty()).collect();
            let mut options = vec![crate::parse::phrase_keys(&parts.join(" "))];
            if parts.len() > 1 && parts.iter().all(|p| p.chars().all(char::is_alphabetic)) {
                options.push(vec![parts.join("_").to_lowercase()]);
            }
            options
        })
        .filter(|o| !o[0].is_empty())
        .collect();
    if chunks.is_empty() || chunks.len() > 3 {
        return Vec::new();
    }
    let mut forms: Vec<Vec<String>> = vec![Vec::new()];
    for (i, options) in chunks.iter().enumerate() {
        let fillers: &[&[&str]] = if i == 0 {
            &[&[]]
        } else {
            &[&[], &["of"], &["the"], &["of", "the"]]
        };
        let mut next = Vec::new();
        for f in &forms {
            for fill in fillers {
                for o in options {
                    let mut v = f.clone();
                    v.extend(fill.iter().map(|w| w.to_string()));
                    v.extend(o.iter().cloned());
                    next.push(v);
                }
            }
        }
        forms = next;
    }
    let endings: &[&str] = if exact {
        &[""]
    } else if noun {
        NOUN_ENDINGS
    } else {
        STEM_ENDINGS
    };
    let mut out = Vec::new();
    for f in forms {
        for e in endings.iter().chain([&""]) {
            let mut v = f.clone();
            if let Some(last) = v.last_mut() {
                if !e.is_empty() {
                    if last.chars().count() < 3 || !last.chars().all(char::is_alphabetic) {
                        continue;
                    }
                    last.push_str(e);
                }
            }
            if !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

/// A phrase's keys with its last two or three words joined by '_' into one token, as texts
/// sometimes write a multi-word name ("Dol_Amroth" for DOL AMROTH).
fn underscore_joins(keys: &[String]) -> Vec<Vec<String>> {
    let n = keys.len();
    (2..=n.min(3))
        .filter(|&k| {
            keys[n - k..]
                .iter()
                .all(|w| w.chars().all(char::is_alphabetic))
        })
        .map(|k| {
            let mut v = keys[..n - k].to_vec();
            v.push(keys[n - k..].join("_"));
            v
        })
        .collect()
}

fn import_with(dict: &mut Dictionary, file: &str, text: &str, tabari: bool) -> usize {
    let mut entry = Entry::default();
    let mut n = 0;
    let mut section = false;
    // ';' starts a comment in TABARI files and never occurs in a PETRARCH phrase.
    for l in src_lines(text, true) {
        let t = l.text;
        if t.is_empty() {
            continue;
        }
        if t.starts_with('<') {
            // TABARI's <NOUN>/<ADJECTIVE> lists say which words are not actors: skipped.
            let tag = t.trim_matches(['<', '>']).trim().to_ascii_uppercase();
            if tag.starts_with('/') {
                section = false;
            } else if tag == "NOUN" || tag == "ADJECTIVE" {
                section = true;
            }
            continue;
        }
        if section {
            continue;
        }
        let (head, groups, err) = super::split_brackets(t);
        if let Some(e) = err {
            dict.problems.push(problem(file, l.no, Severity::Error, e));
            continue;
        }
        let head = head.trim();
        let is_code_line = head.is_empty() && !groups.is_empty();
        let is_synonym = head.starts_with('+');
        if !is_code_line && !is_synonym && !entry.codes.is_empty() {
            n += finish(dict, file, std::mem::take(&mut entry), tabari);
        }
        if !is_code_line && !is_synonym && !groups.is_empty() && !entry.names.is_empty() {
            // A new entry with its own code: the pending names never got one.
            report_uncoded(dict, file, &entry);
            entry = Entry::default();
        }
        if !is_code_line {
            let name = head.trim_start_matches('+');
            // Spaces stay as written: TABARI reads them differently from '_'
            // ([`tabari_variants`]); both are word breaks for the phrase itself.
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if name.is_empty() {
                dict.problems.push(problem(
                    file,
                    l.no,
                    Severity::Error,
                    "synonym line without a phrase".into(),
                ));
            } else {
                if entry.names.is_empty() {
                    entry.line = l.no;
                }
                entry.names.push((name, l.no));
            }
        } else if entry.names.is_empty() {
            dict.problems.push(problem(
                file,
                l.no,
                Severity::Error,
                "code line without a phrase before it".into(),
            ));
            continue;
        }
        for g in groups {
            match parse_code_spec(g) {
                Ok(c) => entry.codes.push(c),
                Err(e) => dict.problems.push(problem(file, l.no, Severity::Error, e)),
            }
        }
    }
    if !entry.codes.is_empty() {
        n += finish(dict, file, entry, tabari);
    } else if !entry.names.is_empty() {
        report_uncoded(dict, file, &entry);
    }
    n
}

fn report_uncoded(dict: &mut Dictionary, file: &str, e: &Entry) {
    dict.problems.push(problem(
        file,
        e.line,
        Severity::Error,
        format!("actor '{}' has no code", e.names[0].0),
    ));
}

/// Adds an entry: a root name, an organisation, or a person with dated roles.
fn finish(dict: &mut Dictionary, file: &str, e: Entry, tabari: bool) -> usize {
    let dated = e.codes.iter().any(|c| c.dated);
    let undated: Vec<&CodeSpec> = e.codes.iter().filter(|c| !c.dated).collect();
    let label = phrase_text(&e.names[0].0);
    let reading = if dated || undated.iter().any(|c| c.code.is_none()) {
        let person = dict.people.len() as u32;
        let mut roles: Vec<Role> = e
            .codes
            .iter()
            .filter(|c| c.dated)
            .filter_map(|c| {
                Some(Role {
                    code: c.code.clone()?,
                    from: c.from,
                    to: c.to,
                    dated: true,
                    office: String::new(),
                    at: at(file, e.line),
                })
            })
            .collect();
        // The undated code (the last one written) applies when no restriction does.
        if let Some(c) = undated.last().and_then(|c| c.code.clone()) {
            roles.push(Role {
                code: c,
                from: None,
                to: None,
                dated: false,
                office: String::new(),
                at: at(file, e.line),
            });
        }
        dict.people.push(Person {
            name: label.clone(),
            roles,
            at: at(file, e.line),
        });
        Reading::Person { person }
    } else {
        let code = undated
            .last()
            .and_then(|c| c.code.clone())
            .expect("an undated, non-null code");
        let also = undated.last().map(|c| c.also.clone()).unwrap_or_default();
        if code.sectors.is_empty() {
            let kind = if code.root.starts_with("IGO") {
                RootKind::International
            } else {
                RootKind::Country
            };
            // A compound written in one block ("THE_SHIRE [FRO/BIL/SAM]") is one root whose
            // code joins the members with '/'; the coder codes each member.
            let mut root_code = code.root.clone();
            for c in also.iter().filter(|c| c.sectors.is_empty()) {
                root_code.push('/');
                root_code.push_str(&c.root);
            }
            let root = dict.add_root(&root_code, &label, kind, at(file, e.line));
            Reading::Name { root }
        } else {
            dict.orgs
                .push((code.clone(), label.clone(), at(file, e.line)));
            Reading::Org { code }
        }
    };
    let mut n = 0;
    for (i, (name, line)) in e.names.iter().enumerate() {
        // The canonical name of a person must be indexed under exactly its own keys.
        let phrase = if i == 0 {
            label.clone()
        } else {
            phrase_text(name)
        };
        if add_phrase(dict, file, *line, &phrase, reading.clone()) {
            n += 1;
        }
        // "Prince of Dol_Amroth": texts of the suites join a name's last words with '_'.
        let mut variants = underscore_joins(&crate::parse::phrase_keys(&phrase));
        if tabari {
            variants.extend(tabari_variants(name));
        }
        {
            for keys in variants {
                // A variant never displaces a phrase written in the file ("ISRAELI"), and one
                // written later replaces it (layer 0 below the file's layer 1).
                if dict.phrases.lookup(&keys).is_empty() {
                    dict.phrases
                        .insert(&keys, reading.clone(), false, 0, at(file, *line));
                }
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn tabari_actor_variants() {
        let keys = |v: &[&str]| v.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let libya = tabari_variants("LIBYA_");
        assert!(libya.contains(&keys(&["libyas"])));
        assert!(!libya.contains(&keys(&["libyan"])), "noun endings only");
        let kuwait = tabari_variants("KUWAIT");
        assert!(kuwait.contains(&keys(&["kuwaiti"])));
        assert_eq!(tabari_variants("MOUSE="), vec![keys(&["mouse"])]);
        let prince = tabari_variants("PRINCE DOL_AMROTH");
        assert!(prince.contains(&keys(&["prince", "of", "dol", "amroth"])));
        assert!(prince.contains(&keys(&["prince", "of", "dol_amroth"])));
        assert_eq!(
            underscore_joins(&keys(&["prince", "of", "dol", "amroth"])),
            vec![
                keys(&["prince", "of", "dol_amroth"]),
                keys(&["prince", "of_dol_amroth"])
            ]
        );
        // Imported from a TABARI file, "Libyas" and "Kuwaiti" are found; a later entry that
        // writes a variant itself keeps its own code.
        let mut dict = Dictionary::default();
        import(
            &mut dict,
            "t.actors",
            "LIBYA_ [LBY] ;x\nKUWAIT [KUW]\nKUWAITI [KWI]\n",
        );
        let root = |k: &[&str]| match dict.phrases.lookup(&keys(k)).first() {
            Some(Reading::Name { root }) => dict.root(*root).code.clone(),
            other => format!("{other:?}"),
        };
        assert_eq!(root(&["libyas"]), "LBY");
        assert_eq!(root(&["kuwaitis"]), "KUW");
        assert_eq!(root(&["kuwaiti"]), "KWI");
    }

    #[test]
    fn restrictions() {
        let c = parse_code_spec("HOB < 950601").unwrap();
        assert_eq!((c.from, c.to), (None, d("1995-05-31")));
        let c = parse_code_spec("HOBREB > 990816").unwrap();
        assert_eq!(c.from, d("1999-08-17"));
        let c = parse_code_spec("HOBGOV 19950601 - 19990815").unwrap();
        assert_eq!((c.from, c.to), (d("1995-06-01"), d("1999-08-15")));
        assert!(parse_code_spec("KORGOVBUS 2004017-20061201").is_err());
        assert!(parse_code_spec("950601-990815").is_err());
        assert!(parse_code_spec("---").unwrap().code.is_none());
        assert!(parse_code_spec("A B").is_err());
        let c = parse_code_spec("FRO/BIL/SAM").unwrap();
        assert_eq!(c.code.map(|c| c.to_string()).as_deref(), Some("FRO"));
        assert_eq!(c.also.len(), 2);
        let mut dict = Dictionary::default();
        import(&mut dict, "c.txt", "THE_SHIRE [FRO/BIL/SAM]\n");
        let keys = crate::parse::phrase_keys("The Shire");
        assert!(
            matches!(dict.phrases.lookup(&keys)[..], [Reading::Name { root }] if dict.root(*root).code == "FRO/BIL/SAM")
        );
    }

    #[test]
    fn first_applicable_restriction_wins_and_undated_applies() {
        let text = "\
SAM_GAMGEE [HOB]  # default
\t[HOBCIV <20080120]
\t[ORCHOB 20100109-20100112]
\t[HOBMIL 20080120-20121109]
GONDOR [GON]
+MINAS_TIRITH
WHITE_HOUSE [USAGOV]
U.N._

UN_CHIEF
\t[IGOUNO]
BROKEN [KOR 2004017-20061201]
\t[XXX]
NOCODE
OTHER [OTH]
";
        let mut dict = Dictionary::default();
        import(&mut dict, "a.txt", text);
        let sam = dict.people.iter().find(|p| p.name == "SAM GAMGEE").unwrap();
        let on = |s: &str| sam.code_on(d(s)).map(|c| c.to_string());
        assert_eq!(on("2008-01-19").as_deref(), Some("HOBCIV"));
        assert_eq!(on("2010-01-10").as_deref(), Some("ORCHOB"), "first wins");
        assert_eq!(on("2010-01-13").as_deref(), Some("HOBMIL"));
        assert_eq!(on("2015-01-01").as_deref(), Some("HOB"), "undated applies");
        let keys = crate::parse::phrase_keys("Minas Tirith");
        assert!(matches!(
            dict.phrases.lookup(&keys)[..],
            [Reading::Name { .. }]
        ));
        let keys = crate::parse::phrase_keys("U.N.");
        assert!(
            matches!(&dict.phrases.lookup(&keys)[..], [Reading::Org { code }] if code.to_string() == "IGOUNO")
                || matches!(&dict.phrases.lookup(&keys)[..], [Reading::Name { .. }])
        );
        let msgs: Vec<String> = dict.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            msgs.iter().any(|m| m.starts_with("a.txt:12: error")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("a.txt:14: error") && m.contains("NOCODE")),
            "{msgs:?}"
        );
        // The broken restriction is dropped; the entry keeps its other code.
        let keys = crate::parse::phrase_keys("Broken");
        assert!(!dict.phrases.lookup(&keys).is_empty());
    }
}
