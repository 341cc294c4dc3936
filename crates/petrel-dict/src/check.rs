//! Lints for `petrel dict check`: what makes a dictionary wrong or doubtful.
//!
//! Errors (the entry is wrong or unusable):
//! * malformed lines and unknown CAMEO, root or sector codes (found while parsing);
//! * one person's intervals overlapping in the same office;
//! * two people holding a single-holder office of the same country at once (a succession
//!   overlap beyond the handover day), given the precision the dates are written with;
//! * a person name shared by different people without an `ambiguous` declaration, and a
//!   `by-date` ambiguity whose candidates hold different codes on the same day;
//! * one pattern written with two different codes.
//!
//! Warnings (doubtful, or incomplete rather than wrong):
//! * a gap between successive holders of a single-holder office that no `vacancy` declares
//!   (usually a holder the dictionaries do not list yet);
//! * one person's overlapping roles with different codes (the first listed wins);
//! * a phrase naming different actors of other kinds (a country and an organisation);
//! * an `ambiguous` declaration for a phrase that names fewer than two people.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::{BoundPrecision, DictProblem, Dictionary, Location, Reading, Role, Severity};

pub fn check(dict: &Dictionary) -> Vec<DictProblem> {
    let mut out = dict.problems.clone();
    people(dict, &mut out);
    successions(dict, &mut out);
    ambiguities(dict, &mut out);
    patterns(dict, &mut out);
    phrases(dict, &mut out);
    out.sort_by(|a, b| a.at.cmp(&b.at));
    out
}

/// People made for `ambiguous` phrases: not checked as people of their own.
fn made_people(dict: &Dictionary) -> HashSet<u32> {
    dict.ambiguities.iter().map(|a| a.person).collect()
}

fn people(dict: &Dictionary, out: &mut Vec<DictProblem>) {
    let made = made_people(dict);
    for (id, p) in dict.people.iter().enumerate() {
        if made.contains(&(id as u32)) {
            continue;
        }
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

/// Offices that have one holder at a time in a country or international body, with the
/// ways the dictionaries write them. Other offices (ministers of several portfolios,
/// ambassadors, party leaders, co-princes, members of a collective presidency) are not
/// checked for succession.
const SINGLE_HOLDER_OFFICES: &[(&str, &[&str])] = &[
    ("president", &["president", "president of the republic"]),
    ("prime minister", &["prime minister", "premier"]),
    ("chancellor", &["chancellor", "federal chancellor"]),
    (
        "foreign minister",
        &[
            "foreign minister",
            "minister of foreign affairs",
            "secretary of foreign affairs",
            "foreign affairs minister",
            "minister for foreign affairs",
            "external affairs minister",
            "minister of external affairs",
            "secretary of state for external affairs",
            "foreign cabinet secretary",
        ],
    ),
    (
        "defence minister",
        &[
            "defence minister",
            "defense minister",
            "minister of defence",
            "minister of defense",
            "minister of national defence",
            "minister of national defense",
            "minister for defence",
            "secretary of defense",
            "secretary of national defense",
            "secretary of national defence",
            "defence cabinet secretary",
            "head of the defence department",
        ],
    ),
    (
        "interior minister",
        &[
            "interior minister",
            "minister of the interior",
            "minister of interior",
            "home minister",
            "minister of home affairs",
            "home affairs minister",
            "minister for home affairs",
            "minister of the interior and safety",
            "secretary of the interior and local government",
            "interior cabinet secretary",
        ],
    ),
    (
        "secretary-general",
        &["secretary-general", "secretary general"],
    ),
    // "Secretary" titles are ministers in London and civil servants in New Delhi: each is its
    // own chain, so the two usages never meet.
    ("foreign secretary", &["foreign secretary"]),
    ("home secretary", &["home secretary"]),
    (
        "defence secretary",
        &["defence secretary", "defense secretary"],
    ),
];

/// Words that make a holder temporary without changing the office: an acting president is in
/// the chain of presidents.
const TEMPORARY: &[&str] = &[
    "acting ",
    "interim ",
    "caretaker ",
    "transitional ",
    "provisional ",
];

/// The offices an office string names, lower-cased, without bracketed remarks and without
/// the words that make a holder temporary: "Deputy Prime Minister and acting Foreign Minister
/// (until 2003)" names "deputy prime minister" and "foreign minister".
///
/// The whole text is one of them too, since some titles contain "and" ("secretary of the
/// interior and local government").
pub fn office_parts(office: &str) -> Vec<String> {
    let lower = without_remarks(&office.to_lowercase());
    let untemporary = |part: &str| {
        let mut part = part.trim();
        for t in TEMPORARY {
            part = part.strip_prefix(t).unwrap_or(part);
        }
        part.to_string()
    };
    let mut parts: Vec<String> = lower
        .split(" and ")
        .flat_map(|p| p.split(", "))
        .map(untemporary)
        .collect();
    if parts.len() > 1 {
        parts.push(untemporary(&lower));
    }
    parts
}

/// The single-holder offices an office string names ("deputy prime minister and foreign
/// minister" names the foreign minister's office).
pub fn single_holder_offices(office: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    for part in office_parts(office) {
        for (canonical, forms) in SINGLE_HOLDER_OFFICES {
            if forms.contains(&part.as_str()) && !out.contains(canonical) {
                out.push(*canonical);
            }
        }
    }
    out
}

/// The office text without bracketed remarks: "president (in exile from 1991-09-30)" is in
/// the chain of presidents like "president". A remark never names a second office; one that
/// does must be written as a role of its own.
fn without_remarks(office: &str) -> String {
    let mut out = String::with_capacity(office.len());
    let mut depth = 0usize;
    for c in office.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One holder of an office: a person's role or a declared vacancy.
struct Holder<'a> {
    who: &'a str,
    person: Option<usize>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    precision: (BoundPrecision, BoundPrecision),
    at: &'a Location,
}

/// The days a written bound can stand for: "2010-04" as an end is any day of April 2010.
fn bound_span(date: NaiveDate, precision: BoundPrecision) -> (NaiveDate, NaiveDate) {
    use chrono::Datelike;
    let (first, last) = match precision {
        BoundPrecision::Day => (date, date),
        BoundPrecision::Month => {
            let first = date.with_day(1).unwrap_or(date);
            let next = first
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(NaiveDate::MAX);
            (first, next.pred_opt().unwrap_or(date))
        }
        BoundPrecision::Year => (
            NaiveDate::from_ymd_opt(date.year(), 1, 1).unwrap_or(date),
            NaiveDate::from_ymd_opt(date.year(), 12, 31).unwrap_or(date),
        ),
    };
    (first, last)
}

/// How a successor's start relates to its predecessor's end.
#[derive(Debug, PartialEq, Eq)]
enum Handover {
    /// The start is the end day or the next day, or can be at the written precision.
    Meets,
    /// Both held the office for more than the handover day.
    Overlap,
    /// Nobody held it for at least one day.
    Gap,
}

fn handover(prev: &Holder<'_>, next: &Holder<'_>) -> Handover {
    let Some(end) = prev.to else {
        return Handover::Overlap; // an open-ended holder cannot be followed
    };
    let Some(start) = next.from else {
        return Handover::Overlap;
    };
    let (end_lo, end_hi) = bound_span(end, prev.precision.1);
    let (start_lo, start_hi) = bound_span(start, next.precision.0);
    if start_hi < end_lo {
        Handover::Overlap
    } else if start_lo > end_hi.succ_opt().unwrap_or(end_hi) {
        Handover::Gap
    } else {
        Handover::Meets
    }
}

/// Successive holders of a single-holder office in the same country must meet: the
/// successor starts on the predecessor's last day or the day after.
fn successions(dict: &Dictionary, out: &mut Vec<DictProblem>) {
    let made = made_people(dict);
    let mut chains: HashMap<(String, &'static str), Vec<Holder<'_>>> = HashMap::new();
    let mut deputies: Vec<((String, &'static str), Holder<'_>)> = Vec::new();
    let mut rivals: Vec<((String, &'static str), Holder<'_>)> = Vec::new();
    for (id, p) in dict.people.iter().enumerate() {
        if made.contains(&(id as u32)) {
            continue;
        }
        for r in p.roles.iter().filter(|r| r.dated) {
            let meta = dict.role_meta.get(&r.at).copied().unwrap_or_default();
            for office in single_holder_offices(&r.office) {
                let key = (r.code.root.clone(), office);
                if meta.deputy {
                    deputies.push((key, holder(dict, &p.name, id, r)));
                } else if meta.rival {
                    rivals.push((key, holder(dict, &p.name, id, r)));
                } else {
                    chains
                        .entry(key)
                        .or_default()
                        .push(holder(dict, &p.name, id, r));
                }
            }
        }
    }
    // A deputy exercises the office inside a holder's term, a rival claims it against one;
    // a role that does neither would be a succession and must be written as one.
    let contains = |h: &Holder<'_>, d: &Holder<'_>| {
        h.from.unwrap_or(NaiveDate::MIN) <= d.from.unwrap_or(NaiveDate::MIN)
            && d.to.unwrap_or(NaiveDate::MAX) <= h.to.unwrap_or(NaiveDate::MAX)
    };
    let overlaps = |h: &Holder<'_>, r: &Holder<'_>| {
        h.from.unwrap_or(NaiveDate::MIN) <= r.to.unwrap_or(NaiveDate::MAX)
            && r.from.unwrap_or(NaiveDate::MIN) <= h.to.unwrap_or(NaiveDate::MAX)
    };
    type Fits<'f> = &'f dyn Fn(&Holder<'_>, &Holder<'_>) -> bool;
    let set_aside: [(&[_], Fits<'_>, &str); 2] = [
        (
            &deputies,
            &contains,
            "{deputy} but no other holder's term contains",
        ),
        (
            &rivals,
            &overlaps,
            "{rival} but overlaps no other holder's term",
        ),
    ];
    for (roles, fits, complaint) in set_aside {
        for (key, d) in roles {
            let fine = chains
                .get(key)
                .is_some_and(|hs| hs.iter().any(|h| h.person != d.person && fits(h, d)));
            if !fine {
                out.push(DictProblem {
                    at: d.at.clone(),
                    message: format!(
                        "{} {}: {} is marked {complaint} {}..{}",
                        key.0,
                        key.1,
                        d.who,
                        show(d.from),
                        show(d.to)
                    ),
                    severity: Severity::Error,
                });
            }
        }
    }
    for v in &dict.vacancies {
        for office in single_holder_offices(&v.office) {
            chains
                .entry((v.root.clone(), office))
                .or_default()
                .push(Holder {
                    who: "vacancy",
                    person: None,
                    from: Some(v.from),
                    to: Some(v.to),
                    precision: v.precision,
                    at: &v.at,
                });
        }
    }
    let mut keys: Vec<_> = chains.keys().cloned().collect();
    keys.sort();
    for key in keys {
        let mut holders = chains.remove(&key).unwrap_or_default();
        // A start written as a month or year may be any day of it (but not after the end),
        // so holders are ordered by the latest day their start can stand for: "2007-12" comes
        // after "2007-12-11", while "2001..2001-10-16" still comes before "2001-10-16..".
        let latest_start = |h: &Holder<'_>| {
            let start = h
                .from
                .map_or(NaiveDate::MIN, |f| bound_span(f, h.precision.0).1);
            h.to.map_or(start, |t| start.min(bound_span(t, h.precision.1).0))
        };
        holders.sort_by_key(|h| (latest_start(h), h.to.unwrap_or(NaiveDate::MAX)));
        let (root, office) = key;
        // The predecessor is the holder with the latest end so far, so that a short term
        // nested in a long one does not hide the long one's successor.
        let mut current: Option<usize> = None;
        for i in 0..holders.len() {
            if let Some(c) = current {
                let (prev, next) = (&holders[c], &holders[i]);
                match handover(prev, next) {
                    Handover::Meets => {}
                    // One person's own overlapping terms are reported by `people`.
                    Handover::Overlap if prev.person.is_some() && prev.person == next.person => {}
                    Handover::Overlap => out.push(DictProblem {
                        at: next.at.clone(),
                        message: format!(
                            "{root} {office}: {} (from {}) overlaps {} (to {}, {}): one holder at a time",
                            next.who,
                            show(next.from),
                            prev.who,
                            show(prev.to),
                            prev.at
                        ),
                        severity: Severity::Error,
                    }),
                    Handover::Gap => out.push(DictProblem {
                        at: next.at.clone(),
                        message: format!(
                            "{root} {office}: gap between {} (to {}, {}) and {} (from {}); \
                             add the missing holder, or declare a `vacancy`",
                            prev.who,
                            show(prev.to),
                            prev.at,
                            next.who,
                            show(next.from)
                        ),
                        severity: Severity::Warning,
                    }),
                }
            }
            let later = match current {
                None => true,
                Some(c) => {
                    holders[i].to.unwrap_or(NaiveDate::MAX)
                        >= holders[c].to.unwrap_or(NaiveDate::MAX)
                }
            };
            if later {
                current = Some(i);
            }
        }
    }
}

fn holder<'a>(dict: &Dictionary, name: &'a str, id: usize, r: &'a Role) -> Holder<'a> {
    Holder {
        who: name,
        person: Some(id),
        from: r.from,
        to: r.to,
        precision: dict
            .role_meta
            .get(&r.at)
            .map(|m| m.precision)
            .unwrap_or_default(),
        at: &r.at,
    }
}

fn show(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "open".to_string(), |d| d.to_string())
}

/// Declared ambiguities: the rule must have something to choose from; days on which a
/// `by-date` rule finds two people with different codes leave the name without a code, which
/// is worth knowing.
fn ambiguities(dict: &Dictionary, out: &mut Vec<DictProblem>) {
    for a in &dict.ambiguities {
        if a.candidates.len() < 2 {
            out.push(DictProblem {
                at: a.at.clone(),
                message: format!(
                    "'{}' is declared ambiguous but names {} person(s)",
                    a.phrase,
                    a.candidates.len()
                ),
                severity: Severity::Warning,
            });
        }
        if a.rule != crate::AmbiguityRule::ByDate {
            continue;
        }
        for (i, &p) in a.candidates.iter().enumerate() {
            for &q in &a.candidates[i + 1..] {
                let (pp, qq) = (&dict.people[p as usize], &dict.people[q as usize]);
                for r in pp.roles.iter().filter(|r| r.dated) {
                    for s in qq.roles.iter().filter(|r| r.dated) {
                        let overlap = r.from.max(s.from) <= min_end(r.to, s.to);
                        if overlap && r.code != s.code {
                            out.push(DictProblem {
                                at: a.at.clone(),
                                message: format!(
                                    "'{}' = by-date: {} ({}, {}) and {} ({}, {}) hold roles on the same days: no code then",
                                    a.phrase, pp.name, r.code, r.at, qq.name, s.code, s.at
                                ),
                                severity: Severity::Warning,
                            });
                        }
                    }
                }
            }
        }
    }
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
/// People are told apart by where they are defined, so a person written twice is caught.
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
            let p = &dict.people[*person as usize];
            Some(format!("person {} ({})", p.name, p.at))
        }
        Reading::Adjective { .. } | Reading::Agent { .. } => None,
    }
}

fn phrases(dict: &Dictionary, out: &mut Vec<DictProblem>) {
    let made = made_people(dict);
    for refs in dict.phrases.ambiguous() {
        let readings: Vec<&Reading> = refs
            .iter()
            .map(|r| dict.phrases.reading(r.reading))
            .collect();
        if readings
            .iter()
            .any(|r| matches!(r, Reading::Person { person } if made.contains(person)))
        {
            continue; // declared ambiguous: the rule decides
        }
        let mut keys: Vec<String> = readings.iter().filter_map(|r| actor_key(dict, r)).collect();
        keys.sort();
        keys.dedup();
        if keys.len() < 2 {
            continue;
        }
        let people = readings
            .iter()
            .filter(|r| matches!(r, Reading::Person { .. }))
            .count();
        let at = refs[refs.len() - 1].at.clone();
        if people > 1 {
            out.push(DictProblem {
                at,
                message: format!(
                    "name shared by different people: {}; make it unique or declare \
                     `ambiguous NAME = by-date|none|prefer NAME`",
                    keys.join(", ")
                ),
                severity: Severity::Error,
            });
        } else {
            out.push(DictProblem {
                at,
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
        assert!(
            all.contains("t.txt:10: error: name shared by different people"),
            "{all}"
        );
    }

    fn problems(text: &str) -> String {
        let d = compile(&[("dictionaries/t.txt".into(), text.into())]);
        check(&d)
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn successors_must_meet_gaps_warn_overlaps_err() {
        let all = problems(
            "\
country FRA France
person A
  role FRAGOV 2000-01-01..2005-05-16 president
person B
  role FRAGOV 2005-05-16..2007-05 president
person C
  role FRAGOV 2007-05..2009-12-31 president of the republic
person D
  role FRAGOV 2009-12-01..2012-01-01 acting president
person E
  role FRAGOV 2012-03-01.. president
person F
  role FRAGOV 2001..2003 foreign minister
person G
  role FRAGOV 2002..2004 minister of foreign affairs
person H
  role FRAGOV 2001..2003 transport minister
person I
  role FRAGOV 2002..2004 transport minister
",
        );
        // A -> B share the handover day; B -> C meet at month precision.
        assert!(
            !all.contains("B (from") && !all.contains("C (from"),
            "{all}"
        );
        assert!(
            all.contains("t.txt:9: error: FRA president: D (from 2009-12-01) overlaps C (to 2009-12-31, dictionaries/t.txt:7)"),
            "{all}"
        );
        assert!(
            all.contains("t.txt:11: warning: FRA president: gap between D (to 2012-01-01, dictionaries/t.txt:9) and E (from 2012-03-01)"),
            "{all}"
        );
        // Synonymous offices form one chain; offices with several holders are not checked.
        assert!(
            all.contains("t.txt:15: error: FRA foreign minister: G"),
            "{all}"
        );
        assert!(!all.contains("transport"), "{all}");
    }

    #[test]
    fn vacancies_fill_gaps_and_deputies_may_overlap_their_holder() {
        let all = problems(
            "\
country LBN Lebanon
person A
  role LBNGOV 2008-05-25..2014-05-24 president
vacancy LBN 2014-05-25..2016-10-30 president
person B
  role LBNGOV 2016-10-31..2022-10-30 president
person C
  role LBNGOV 2018-01-01..2018-02-01 acting president {deputy}
person D
  role LBNGOV 2023-01-01..2023-02-01 acting president {deputy}
",
        );
        assert!(!all.contains("gap"), "{all}");
        assert!(!all.contains(" C "), "{all}");
        assert!(
            all.contains("t.txt:10: error: LBN president: D is marked {deputy} but no other holder's term contains"),
            "{all}"
        );
        let all = problems(
            "country LBN Lebanon\nvacancy LBN 2014.. president\nvacancy XXX 2014..2015 president\n",
        );
        assert!(
            all.contains("t.txt:2: error: vacancy interval '2014..' needs both ends"),
            "{all}"
        );
        assert!(
            all.contains("t.txt:3: error: 'XXX' is not a declared root"),
            "{all}"
        );
    }

    #[test]
    fn rivals_overlap_a_holder_and_remarks_keep_offices_in_the_chain() {
        let all = problems(
            "\
country CIV Ivory Coast
person A
  role CIVGOV 2000-10-26..2011-04-11 president
person B
  role CIVGOV 2010-12-04..2011-04-11 president {rival}
  role CIVGOV 2011-04-11.. president (recognised abroad)
person C
  role CIVGOV 1999-01-01..1999-02-01 president {rival}
person D
  role CIVGOV 2010-12-05..2011-04-11 prime minister (rival government)
person E
  role CIVGOV 2007-04-04..2012-03-08 prime minister
",
        );
        assert!(!all.contains(" B "), "{all}");
        assert!(
            all.contains("t.txt:8: error: CIV president: C is marked {rival} but overlaps no other holder's term"),
            "{all}"
        );
        // A start written as a month may be any day of it: C2 follows the acting B2.
        let all2 = problems(
            "\
country LTU Lithuania
person A2
  role LTUGOV 2006-07-04..2007-12-11 interior minister
person B2
  role LTUGOV 2007-12-11..2007-12 acting interior minister
person C2
  role LTUGOV 2007-12..2008-12-09 interior minister
person D2
  role LTUGOV 2008..2008-12-09 foreign minister
person E2
  role LTUGOV 2008-12-09.. foreign minister
",
        );
        assert!(!all2.contains("error"), "{all2}");
        // The remark does not take D's role out of the chain of prime ministers.
        assert!(
            all.contains("t.txt:10: error: CIV prime minister: D (from 2010-12-05) overlaps E"),
            "{all}"
        );
    }

    #[test]
    fn declared_ambiguous_names_follow_their_rule() {
        let text = "\
country USA United States
country CAN Canada
person George H. W. Bush
  name Bush
  role USAGOV 1989-01-20..1993-01-20 president
person George W. Bush
  name Bush
  role USAGOV 2001-01-20..2009-01-20 president
person Jean Smith
  name Smith
  role CANGOV 2000..2010 foreign minister
person John Smith
  name Smith
  role USAGOV 2005..2015 ambassador
ambiguous Bush = by-date
ambiguous Smith = by-date
ambiguous Nobody Here = none
ambiguous Jean Smith = prefer Someone Else
";
        let d = compile(&[("dictionaries/t.txt".into(), text.into())]);
        let all = check(&d)
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!all.contains("name shared"), "{all}");
        assert!(
            all.contains("t.txt:16: warning: 'Smith' = by-date"),
            "{all}"
        );
        assert!(
            all.contains("t.txt:17: warning: 'Nobody Here' is declared ambiguous but names 0"),
            "{all}"
        );
        assert!(
            all.contains("t.txt:18: error: ambiguous 'Jean Smith': no person 'Someone Else'"),
            "{all}"
        );
        // The coder takes a phrase's first person reading: the one made for the rule.
        let keys = crate::parse::phrase_keys("Bush");
        let first = d.phrases.lookup(&keys).into_iter().find_map(|r| match r {
            Reading::Person { person } => Some(*person),
            _ => None,
        });
        let bush = &d.people[first.unwrap() as usize];
        let on = |s: &str| {
            bush.code_on(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                .map(|c| c.to_string())
        };
        assert_eq!(on("1990-01-01").as_deref(), Some("USAGOV"));
        assert_eq!(
            on("1997-01-01"),
            None,
            "nobody named Bush in office: no code"
        );
        let smith = d.ambiguities.iter().find(|a| a.phrase == "Smith").unwrap();
        let smith = &d.people[smith.person as usize];
        let on = |s: &str| {
            smith
                .code_on(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                .map(|c| c.to_string())
        };
        assert_eq!(on("2002-01-01").as_deref(), Some("CANGOV"));
        assert_eq!(
            on("2007-01-01"),
            None,
            "two Smiths with different codes: no code"
        );
        assert_eq!(on("2012-01-01").as_deref(), Some("USAGOV"));
        assert_eq!(d.stats().people, 4, "people made for rules are not counted");
    }

    #[test]
    fn office_names_map_to_single_holder_offices() {
        assert_eq!(single_holder_offices("Acting President"), ["president"]);
        assert_eq!(
            single_holder_offices("deputy prime minister and minister of foreign affairs"),
            ["foreign minister"]
        );
        assert!(single_holder_offices("vice president").is_empty());
        assert!(single_holder_offices("member of the presidency").is_empty());
        assert_eq!(
            single_holder_offices("interior minister (also deputy prime minister)"),
            ["interior minister"]
        );
        assert_eq!(
            single_holder_offices("Acting Secretary of the Interior and Local Government"),
            ["interior minister"]
        );
    }
}
