//! Office holders from Wikidata, written as petrel `person` blocks (`petrel dict
//! import-wikidata`), so that users can refresh dated roles themselves.
//!
//! The input is the result of the SPARQL query in `dictionaries/FORMAT.md` ("Refreshing roles
//! from Wikidata"), one row per position held, with the variables `personLabel`,
//! `positionLabel`, `country` (ISO 3166-1 alpha-3, Wikidata property P298 of the position's
//! jurisdiction), `start` (P580) and `end` (P582). The Query Service downloads it as CSV or as
//! SPARQL JSON; this module reads the CSV ([`parse_csv`]) and takes rows decoded elsewhere
//! ([`Record`]: the CLI decodes the JSON, since only boundary crates know JSON).
//!
//! Positions map to petrel offices and sectors by their English label ([`office_for`]): heads
//! of state and government, foreign and interior ministers are GOV; defence ministers are MIL,
//! as everywhere in petrel's dictionaries (GUIDE: "Russian Defense Minister" = RUSMIL). Other
//! positions are reported and skipped: no mapping is better than a guessed one.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use petrel_ontology::is_iso3166;

use crate::{DictProblem, Location, Severity};

/// One position held, as the query returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub person: String,
    pub position: String,
    /// ISO 3166-1 alpha-3.
    pub country: String,
    /// `2012-05-07T00:00:00Z`, `2012-05-07` or empty.
    pub start: String,
    pub end: String,
    pub at: Location,
}

/// The variables the query must select (CSV header names, JSON binding names).
pub const COLUMNS: [&str; 5] = ["personLabel", "positionLabel", "country", "start", "end"];

/// Reads the Query Service's CSV download. Quoted fields may hold commas, doubled quotes
/// and line breaks. Rows that lack a required column are problems; the others are kept.
pub fn parse_csv(file: &str, text: &str) -> (Vec<Record>, Vec<DictProblem>) {
    let mut problems = Vec::new();
    let rows = csv_rows(text);
    let Some((_, header)) = rows.first() else {
        problems.push(problem(file, 1, "empty file: expected a CSV header".into()));
        return (Vec::new(), problems);
    };
    let mut index = [0usize; 5];
    for (slot, name) in index.iter_mut().zip(COLUMNS) {
        match header.iter().position(|h| h.trim() == name) {
            Some(i) => *slot = i,
            None => {
                problems.push(problem(
                    file,
                    1,
                    format!(
                        "the header has no '{name}' column (needs {}; see dictionaries/FORMAT.md)",
                        COLUMNS.join(", ")
                    ),
                ));
                return (Vec::new(), problems);
            }
        }
    }
    let mut records = Vec::new();
    for (line, row) in &rows[1..] {
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |i: usize| row.get(index[i]).map(|s| s.trim().to_string());
        match (get(0), get(1), get(2)) {
            (Some(person), Some(position), Some(country)) => records.push(Record {
                person,
                position,
                country,
                start: get(3).unwrap_or_default(),
                end: get(4).unwrap_or_default(),
                at: Location {
                    file: file.to_string(),
                    line: *line,
                },
            }),
            _ => problems.push(problem(
                file,
                *line,
                format!("{} fields, expected {}", row.len(), header.len()),
            )),
        }
    }
    (records, problems)
}

/// CSV rows with the line each starts on.
fn csv_rows(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut row_line = 1;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => row.push(std::mem::take(&mut field)),
            '\n' if !quoted => {
                row.push(std::mem::take(&mut field));
                rows.push((row_line, std::mem::take(&mut row)));
                line += 1;
                row_line = line;
            }
            '\r' if !quoted => {}
            c => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push((row_line, row));
    }
    rows
}

fn problem(file: &str, line: usize, message: String) -> DictProblem {
    DictProblem {
        at: Location {
            file: file.to_string(),
            line,
        },
        message,
        severity: Severity::Error,
    }
}

/// The petrel office and sectors of a Wikidata position label, or `None` when the position is
/// not one petrel maps (legislative speakers, judges, deputy ministers, ...).
pub fn office_for(position: &str) -> Option<(&'static str, &'static str)> {
    let p = position.to_lowercase();
    let has = |w: &str| p.contains(w);
    // Presidents of assemblies and courts, deputies and vice-ministers are other offices.
    const NOT: &[&str] = &[
        "vice",
        "deputy",
        "speaker",
        "senate",
        "assembly",
        "parliament",
        "chamber",
        "court",
        "council of state",
        "shadow",
        "assistant",
        "under-secretary",
        "undersecretary",
        "state secretary",
        "first lady",
    ];
    if NOT.iter().any(|w| has(w)) {
        return None;
    }
    if has("defence") || has("defense") {
        return (has("minister") || has("secretary")).then_some(("defence minister", "MIL"));
    }
    if has("foreign") || has("external affairs") || p == "united states secretary of state" {
        return (has("minister") || has("secretary")).then_some(("foreign minister", "GOV"));
    }
    if has("interior") || has("home affairs") || has("home secretary") || has("home department") {
        return (has("minister") || has("secretary")).then_some(("interior minister", "GOV"));
    }
    if has("prime minister") || has("premier") || has("president of the government") {
        return Some(("prime minister", "GOV"));
    }
    if has("chancellor") && !has("exchequer") && !has("university") {
        return Some(("chancellor", "GOV"));
    }
    if p.starts_with("president") {
        return Some(("president", "GOV"));
    }
    if ["king of", "queen of", "monarch of", "emir of", "sultan of"]
        .iter()
        .any(|w| p.starts_with(w))
    {
        return Some(("monarch", "GOV"));
    }
    None
}

/// A Wikidata time as a petrel date: "2012-05-07T00:00:00Z" -> 2012-05-07.
fn date(s: &str) -> Result<Option<NaiveDate>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let day = s.split('T').next().unwrap_or(s);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("'{s}' is not a date"))
}

/// The `person` blocks for the records, people in alphabetical order and each person's roles
/// by start date, with the problems of the records that were skipped.
pub fn person_blocks(records: &[Record]) -> (String, Vec<DictProblem>) {
    let mut problems = Vec::new();
    // Person -> (start, line of the role); BTreeMap keeps the output stable.
    let mut people: BTreeMap<&str, Vec<(Option<NaiveDate>, String)>> = BTreeMap::new();
    for r in records {
        let skip = |message: String| DictProblem {
            at: r.at.clone(),
            message,
            severity: Severity::Warning,
        };
        if r.person.is_empty()
            || r.person.starts_with('Q') && r.person[1..].bytes().all(|b| b.is_ascii_digit())
        {
            // The label service returns the item id when a person has no English label.
            problems.push(skip(format!(
                "person '{}' has no English label, skipped",
                r.person
            )));
            continue;
        }
        if !is_iso3166(&r.country) {
            problems.push(skip(format!(
                "'{}' is not an ISO 3166-1 alpha-3 code ({}), skipped",
                r.country, r.person
            )));
            continue;
        }
        let Some((office, sector)) = office_for(&r.position) else {
            problems.push(skip(format!(
                "position '{}' has no petrel office ({}), skipped",
                r.position, r.person
            )));
            continue;
        };
        let (from, to) = match (date(&r.start), date(&r.end)) {
            (Ok(f), Ok(t)) => (f, t),
            (Err(e), _) | (_, Err(e)) => {
                problems.push(DictProblem {
                    at: r.at.clone(),
                    message: e,
                    severity: Severity::Error,
                });
                continue;
            }
        };
        if from.is_none() {
            problems.push(skip(format!(
                "{} as {}: no start date, skipped (a role needs one)",
                r.person, r.position
            )));
            continue;
        }
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                problems.push(DictProblem {
                    at: r.at.clone(),
                    message: format!("{}: ends {t} before it starts {f}", r.person),
                    severity: Severity::Error,
                });
                continue;
            }
        }
        let show = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let interval = format!("{}..{}", show(from), show(to));
        let line = format!(
            "  role   {}{sector} {interval:<22} {office}   # {}",
            r.country, r.position
        );
        let roles = people.entry(r.person.as_str()).or_default();
        if !roles.iter().any(|(_, l)| *l == line) {
            roles.push((from, line));
        }
    }
    let mut out = String::new();
    for (person, mut roles) in people {
        roles.sort();
        out.push_str(&format!("person {person}\n"));
        for (_, line) in roles {
            out.push_str(&line);
            out.push('\n');
        }
        out.push('\n');
    }
    (out, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::compile;

    /// A Query Service CSV download, written for this test.
    const CSV: &str = "\
person,personLabel,position,positionLabel,country,start,end
http://www.wikidata.org/entity/Q1,Jane Example,http://www.wikidata.org/entity/Q2,Prime Minister of Examplia,FRA,2012-05-16T00:00:00Z,2014-03-31T00:00:00Z
http://www.wikidata.org/entity/Q1,Jane Example,http://www.wikidata.org/entity/Q3,\"Minister of Defence, Examplia\",FRA,2010-01-01T00:00:00Z,2012-05-16T00:00:00Z
http://www.wikidata.org/entity/Q4,John Sample,http://www.wikidata.org/entity/Q5,President of the Senate,FRA,2011-01-01T00:00:00Z,
http://www.wikidata.org/entity/Q6,John Sample,http://www.wikidata.org/entity/Q7,President of Examplia,FRA,2017-05-14T00:00:00Z,
http://www.wikidata.org/entity/Q8,Q8,http://www.wikidata.org/entity/Q2,Prime Minister of Examplia,FRA,2014-04-01T00:00:00Z,
http://www.wikidata.org/entity/Q9,Nobody,http://www.wikidata.org/entity/Q2,Prime Minister of Examplia,XXX,2014-04-01T00:00:00Z,
http://www.wikidata.org/entity/Q9,Late Starter,http://www.wikidata.org/entity/Q2,Foreign Minister of Examplia,FRA,2016-04-01T00:00:00Z,2015-01-01T00:00:00Z
short,row
";

    #[test]
    fn reads_the_csv_and_writes_person_blocks_that_compile() {
        let (records, problems) = parse_csv("export.csv", CSV);
        assert_eq!(records.len(), 7);
        assert_eq!(records[1].position, "Minister of Defence, Examplia");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].to_string().starts_with("export.csv:9: error"));
        let (text, skipped) = person_blocks(&records);
        let skipped: Vec<String> = skipped.iter().map(|p| p.to_string()).collect();
        assert!(
            skipped
                .iter()
                .any(|p| p.contains("export.csv:4:") && p.contains("President of the Senate")),
            "{skipped:?}"
        );
        assert!(
            skipped.iter().any(|p| p.contains("no English label")),
            "{skipped:?}"
        );
        assert!(
            skipped.iter().any(|p| p.contains("'XXX' is not an ISO")),
            "{skipped:?}"
        );
        assert!(
            skipped
                .iter()
                .any(|p| p.contains("export.csv:8: error") && p.contains("before it starts")),
            "{skipped:?}"
        );
        assert!(
            text.contains("person Jane Example\n  role   FRAMIL 2010-01-01..2012-05-16"),
            "{text}"
        );
        assert!(
            text.contains("  role   FRAGOV 2012-05-16..2014-03-31 prime minister"),
            "{text}"
        );
        assert!(
            text.contains("  role   FRAGOV 2017-05-14..           president"),
            "{text}"
        );
        // The output is petrel's own format: it compiles without problems, and dates resolve.
        let dict = compile(&[
            ("dictionaries/c.txt".into(), "country FRA France\n".into()),
            ("wikidata.txt".into(), text.clone()),
        ]);
        assert!(dict.problems.is_empty(), "{:?}", dict.problems);
        let jane = dict
            .people
            .iter()
            .find(|p| p.name == "Jane Example")
            .unwrap();
        let on = |d: &str| {
            jane.code_on(NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map(|c| c.to_string())
        };
        assert_eq!(on("2011-06-01").as_deref(), Some("FRAMIL"));
        assert_eq!(on("2013-06-01").as_deref(), Some("FRAGOV"));
    }

    #[test]
    fn positions_map_to_offices() {
        assert_eq!(
            office_for("Minister of Foreign Affairs of Russia"),
            Some(("foreign minister", "GOV"))
        );
        assert_eq!(
            office_for("United States Secretary of Defense"),
            Some(("defence minister", "MIL"))
        );
        assert_eq!(
            office_for("Secretary of State for the Home Department"),
            Some(("interior minister", "GOV"))
        );
        assert_eq!(office_for("Speaker of the House of Commons"), None);
        assert_eq!(
            office_for("Home Secretary"),
            Some(("interior minister", "GOV"))
        );
        assert_eq!(
            office_for("Chancellor of Germany"),
            Some(("chancellor", "GOV"))
        );
        assert_eq!(office_for("Chancellor of the Exchequer"), None);
        assert_eq!(office_for("Vice President of the United States"), None);
        assert_eq!(office_for("Deputy Prime Minister of Ukraine"), None);
        assert_eq!(office_for("King of Spain"), Some(("monarch", "GOV")));
    }

    #[test]
    fn empty_or_headerless_input_is_a_clear_error() {
        let (r, p) = parse_csv("e.csv", "");
        assert!(r.is_empty() && p[0].to_string().contains("e.csv:1: error: empty file"));
        let (r, p) = parse_csv("h.csv", "name,office\nA,B\n");
        assert!(r.is_empty() && p[0].to_string().contains("no 'personLabel' column"));
    }
}
