//! PETRARCH and TABARI agent dictionaries.
//!
//! ```text
//! !PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON     a substitution: CONGRESS!PERSON! = CONGRESSMAN, ...
//! AMBASSADOR [~GOV]                             a suffix agent: Gondor + ambassador = GONGOV
//! ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]   explicit plurals ('|' or spaces between them)
//! POLICE {} [~COP]                              no plural
//! MSF {} [NGO~]                                 a prefix agent: MSF + Arnor = NGOARN
//! ```
//!
//! Without braces the regular English plural of the last word is added.

use std::collections::HashMap;

use super::{add_phrase, at, phrase_text, problem, sector_chunks, src_lines};
use crate::inflect::plural;
use crate::{AgentTerm, Dictionary, Reading, Severity};

pub fn import(dict: &mut Dictionary, file: &str, text: &str) -> usize {
    let lines = src_lines(text, true);
    // Substitutions first, so an entry may use one defined below it.
    let mut subs: HashMap<String, Vec<String>> = HashMap::new();
    for l in &lines {
        if is_substitution(l.text) {
            if let Some((name, values)) = l.text.split_once('=') {
                let values: Vec<String> = values
                    .split(',')
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect();
                subs.insert(name.trim().to_ascii_uppercase(), values);
            } else {
                dict.problems.push(problem(
                    file,
                    l.no,
                    Severity::Error,
                    format!("substitution '{}' needs '= value, value'", l.text),
                ));
            }
        }
    }
    let mut n = 0;
    for l in &lines {
        let t = l.text;
        if t.is_empty() || is_substitution(t) || t.starts_with('<') {
            continue;
        }
        let (head, groups, err) = super::split_brackets(t);
        if let Some(e) = err {
            dict.problems.push(problem(file, l.no, Severity::Error, e));
            continue;
        }
        let Some(code) = groups.first().map(|g| g.trim()) else {
            dict.problems.push(problem(
                file,
                l.no,
                Severity::Error,
                format!("agent '{}' without a [~CODE]", head.trim()),
            ));
            continue;
        };
        let sectors_code = code.trim_start_matches('~').trim_end_matches('~').trim();
        if sectors_code.is_empty() || !sectors_code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            dict.problems.push(problem(
                file,
                l.no,
                Severity::Error,
                format!("'[{code}]' is not an agent code"),
            ));
            continue;
        }
        if !code.contains('~') {
            dict.problems.push(problem(
                file,
                l.no,
                Severity::Warning,
                format!("agent code '[{code}]' without '~': read as a suffix"),
            ));
        }
        // A prefix agent ("[NGO~]": "MSF Arnor" = NGOARN) is one sector marked with a leading
        // '~', which the coder puts before the country instead of after it.
        let prefix = code.ends_with('~') && !code.starts_with('~');
        let sectors = if prefix {
            vec![format!("~{}", sectors_code.to_ascii_uppercase())]
        } else {
            sector_chunks(&sectors_code.to_ascii_uppercase())
        };
        let (term, plurals) = match head.split_once('{') {
            Some((term, rest)) => match rest.split_once('}') {
                Some((inner, _)) => (term.trim(), Some(inner)),
                None => {
                    dict.problems.push(problem(
                        file,
                        l.no,
                        Severity::Error,
                        format!("unclosed '{{' in '{t}'"),
                    ));
                    continue;
                }
            },
            None => (head.trim(), None),
        };
        if term.is_empty() {
            dict.problems.push(problem(
                file,
                l.no,
                Severity::Error,
                "agent line without a term".into(),
            ));
            continue;
        }
        let mut terms = match expand(term, &subs) {
            Ok(t) => t,
            Err(e) => {
                dict.problems.push(problem(file, l.no, Severity::Error, e));
                continue;
            }
        };
        let explicit: Vec<String> = plurals
            .map(|p| {
                p.split(['|', ' ', '\t'])
                    .filter(|s| !s.is_empty())
                    .map(phrase_text)
                    .collect()
            })
            .unwrap_or_default();
        for term in terms.drain(..) {
            dict.agents.push(AgentTerm {
                term: term.clone(),
                sectors: sectors.clone(),
                at: at(file, l.no),
            });
            let singular = Reading::Agent {
                sectors: sectors.clone(),
                plural: false,
            };
            if add_phrase(dict, file, l.no, &term, singular) {
                n += 1;
            }
            let forms: Vec<String> = match plurals {
                Some(_) => explicit.clone(),
                None => vec![plural(&term.to_lowercase())],
            };
            for f in forms {
                add_phrase(
                    dict,
                    file,
                    l.no,
                    &f,
                    Reading::Agent {
                        sectors: sectors.clone(),
                        plural: true,
                    },
                );
            }
        }
    }
    n
}

/// `!NAME! = a, b` defines a substitution; `!NAME!_OF_X [~GOV]` uses one.
fn is_substitution(t: &str) -> bool {
    t.starts_with('!') && !t.contains('[')
}

/// Expands `!NAME!` substitutions (glued to the neighbouring words as written).
fn expand(term: &str, subs: &HashMap<String, Vec<String>>) -> Result<Vec<String>, String> {
    let Some(start) = term.find('!') else {
        return Ok(vec![phrase_text(term)]);
    };
    let Some(len) = term[start + 1..].find('!') else {
        return Err(format!("unclosed '!' in '{term}'"));
    };
    let name = term[start..start + len + 2].to_ascii_uppercase();
    let values = subs
        .get(&name)
        .ok_or_else(|| format!("unknown substitution '{name}'"))?;
    let mut out = Vec::new();
    for v in values {
        let t = format!("{}{}{}", &term[..start], v, &term[start + len + 2..]);
        out.extend(expand(&t, subs)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_plurals_and_substitutions() {
        let text = "\
!PERSON! = MAN, MEN
!MINST! = MINISTER, MINISTRY
AMBASSADOR [~GOV] # comment
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
POLICE {} [ ~COP]
CONGRESS!PERSON! [~LEG]
!MINST!_OF_SILLY_WALKS [~GOV]
MSF {} [NGO~]
GOVERNMENT_PRESS {} [~GOVMED]
NO_CODE_HERE
BAD !NOPE! [~GOV]
";
        let mut d = Dictionary::default();
        let n = import(&mut d, "ag.txt", text);
        assert_eq!(n, 9, "{:?}", d.problems);
        let agent = |p: &str| {
            d.phrases
                .lookup(&crate::parse::phrase_keys(p))
                .into_iter()
                .find_map(|r| match r {
                    Reading::Agent { sectors, plural } => Some((sectors.join("+"), *plural)),
                    _ => None,
                })
        };
        assert_eq!(agent("ambassadors"), Some(("GOV".into(), true)));
        assert_eq!(agent("attorneys general"), Some(("GOV".into(), true)));
        assert_eq!(agent("polices"), None);
        assert_eq!(agent("congressmen").map(|a| a.0).as_deref(), Some("LEG"));
        assert_eq!(
            agent("ministry of silly walks"),
            Some(("GOV".into(), false))
        );
        assert_eq!(agent("government press"), Some(("GOV+MED".into(), false)));
        // A prefix agent is one sector marked '~': the coder puts it before the country.
        assert_eq!(agent("msf"), Some(("~NGO".into(), false)));
        let msgs: Vec<String> = d.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            msgs.iter().any(|m| m.starts_with("ag.txt:10: error")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.starts_with("ag.txt:11: error")),
            "{msgs:?}"
        );
    }
}
