//! Lints for `petrel dict check`: what makes a dictionary wrong or doubtful.
//!
//! Errors: malformed lines, unknown CAMEO or actor codes (found while parsing), one person's
//! intervals overlapping in the same office, one pattern written with two different codes.
//! Warnings: a person whose overlapping roles carry different codes, a phrase that names
//! different actors.

use std::collections::HashMap;

use crate::{DictProblem, Dictionary, Reading, Severity};

pub fn check(dict: &Dictionary) -> Vec<DictProblem> {
    let mut out = dict.problems.clone();
    people(dict, &mut out);
    patterns(dict, &mut out);
    phrases(dict, &mut out);
    out.sort_by(|a, b| a.at.cmp(&b.at));
    out
}

fn people(dict: &Dictionary, out: &mut Vec<DictProblem>) {
    for p in &dict.people {
        let dated: Vec<_> = p.roles.iter().filter(|r| r.dated).collect();
        for (i, a) in dated.iter().enumerate() {
            for b in &dated[i + 1..] {
                let overlap = a.from.max(b.from) <= min_end(a.to, b.to);
                // Successors' handover day may be shared: a one-day overlap is not an error.
                let one_day = matches!((a.to, b.from), (Some(t), Some(f)) if t == f)
                    || matches!((b.to, a.from), (Some(t), Some(f)) if t == f);
                if !overlap || one_day {
                    continue;
                }
                if a.office == b.office && !a.office.is_empty() {
                    out.push(DictProblem {
                        at: b.at.clone(),
                        message: format!(
                            "{}: two intervals in the same office '{}' overlap (see line {})",
                            p.name, a.office, a.at.line
                        ),
                        severity: Severity::Error,
                    });
                } else if a.code != b.code {
                    out.push(DictProblem {
                        at: b.at.clone(),
                        message: format!(
                            "{}: roles {} and {} overlap; the first listed wins (line {})",
                            p.name, a.code, b.code, a.at.line
                        ),
                        severity: Severity::Warning,
                    });
                }
            }
        }
    }
}

/// The earlier of two optional end dates (`None` = open).
fn min_end(
    a: Option<chrono::NaiveDate>,
    b: Option<chrono::NaiveDate>,
) -> Option<chrono::NaiveDate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (Some(x), None) | (None, Some(x)) => Some(x),
        (None, None) => None,
    }
    .or(Some(chrono::NaiveDate::MAX))
}

fn patterns(dict: &Dictionary, out: &mut Vec<DictProblem>) {
    let mut seen: HashMap<&str, &crate::VerbPattern> = HashMap::new();
    for p in &dict.patterns {
        if let Some(prev) = seen.get(p.text.as_str()) {
            if prev.code != p.code {
                out.push(DictProblem {
                    at: p.at.clone(),
                    message: format!(
                        "pattern '{}' is coded {} here and {} at {}",
                        p.text, p.code, prev.code, prev.at
                    ),
                    severity: Severity::Error,
                });
            }
        } else {
            seen.insert(&p.text, p);
        }
    }
}

/// The actor a reading stands for, for spotting names that point at different actors.
fn actor_key(dict: &Dictionary, r: &Reading) -> Option<String> {
    match r {
        Reading::Name { root } | Reading::Demonym { root } | Reading::Capital { root } => {
            Some(dict.root(*root).code.clone())
        }
        Reading::Seat { root, sectors } => {
            Some(format!("{}{}", dict.root(*root).code, sectors.concat()))
        }
        Reading::Org { code } => Some(code.to_string()),
        Reading::Person { person } => {
            Some(format!("person:{}", dict.people[*person as usize].name))
        }
        Reading::Adjective { .. } | Reading::Agent { .. } => None,
    }
}

fn phrases(dict: &Dictionary, out: &mut Vec<DictProblem>) {
    for refs in dict.phrases.ambiguous() {
        let mut keys: Vec<String> = refs
            .iter()
            .filter_map(|r| actor_key(dict, dict.phrases.reading(r.reading)))
            .collect();
        keys.sort();
        keys.dedup();
        if keys.len() > 1 {
            out.push(DictProblem {
                at: refs[refs.len() - 1].at.clone(),
                message: format!("phrase names different actors: {}", keys.join(", ")),
                severity: Severity::Warning,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::compile;

    #[test]
    fn overlapping_offices_and_conflicting_patterns() {
        let text = "\
country USA United States
person Jane Roe
  role USAGOV 2001..2005 secretary of state
  role USAGOV 2004..2008 secretary of state
  role USAMIL 2003..2004 general
person John Roe
  role USAGOV 2001..2005-03-01 president
  role USAGOV 2005-03-01..2009 president
person Jane Roe Two
  name Jane Roe
040 meet +
042 meet +
";
        let d = compile(&[("dictionaries/t.txt".into(), text.into())]);
        let problems = check(&d);
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        let all = text.join("\n");
        assert!(
            all.contains("t.txt:4: error: Jane Roe: two intervals in the same office"),
            "{all}"
        );
        assert!(
            all.contains("t.txt:5: warning: Jane Roe: roles USAGOV and USAMIL overlap"),
            "{all}"
        );
        assert!(
            !all.contains("John Roe"),
            "a shared handover day is fine: {all}"
        );
        assert!(
            all.contains("pattern 'meet +' is coded 042 here and 040"),
            "{all}"
        );
        assert!(all.contains("phrase names different actors"), "{all}");
    }
}
