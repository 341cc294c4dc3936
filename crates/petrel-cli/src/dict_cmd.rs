//! `petrel dict check`, `petrel dict stats`, `petrel dict coverage` and
//! `petrel dict import-wikidata`.

use std::path::Path;

use anyhow::{Context, Result};
use petrel_dict::check::check as lint;
use petrel_dict::Severity;
use serde_json::json;

use crate::{load_dictionary, DictArgs};

pub fn check(args: &DictArgs, warnings: bool) -> Result<u8> {
    let dict = load_dictionary(args, false)?;
    let problems = lint(&dict);
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warns = problems.len() - errors;
    for p in &problems {
        if warnings || p.severity == Severity::Error {
            println!("{p}");
        }
    }
    let s = dict.stats();
    println!(
        "dict check: {errors} errors, {warns} warnings{} ({} countries, {} people, {} agents, {} verb patterns)",
        if warnings || warns == 0 { "" } else { " (--warnings shows them)" },
        s.countries,
        s.people,
        s.agents,
        s.verb_patterns
    );
    Ok(if errors > 0 { 1 } else { 0 })
}

pub fn stats(args: &DictArgs, as_json: bool) -> Result<u8> {
    let dict = load_dictionary(args, false)?;
    let s = dict.stats();
    let v = json!({
        "countries": s.countries,
        "regions": s.regions,
        "international": s.international,
        "organisations": s.organisations,
        "people": s.people,
        "roles": s.roles,
        "agents": s.agents,
        "verb_patterns": s.verb_patterns,
        "cameo_codes_used": s.cameo_codes_used,
        "cameo_roots_covered": s.roots_covered,
        "phrases": s.phrases,
        "places": s.places,
    });
    if as_json {
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else if let Some(obj) = v.as_object() {
        for (k, val) in obj {
            println!("{k:>20}  {val}");
        }
    }
    Ok(0)
}

/// `petrel dict coverage`: the days since 1990 on which each UN member state's offices have a
/// listed holder (see [`petrel_dict::coverage`]).
pub fn coverage(
    args: &DictArgs,
    until: Option<&str>,
    missing: bool,
    countries: &[String],
    as_json: bool,
) -> Result<u8> {
    use petrel_dict::coverage::{coverage, start_day, Office, UN_MEMBERS};
    let until = match until {
        Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .with_context(|| format!("--until '{s}' is not a date (YYYY-MM-DD)"))?,
        None => today(),
    };
    anyhow::ensure!(
        until >= start_day(),
        "--until {until} is before {}, the first day measured",
        start_day()
    );
    let countries: Vec<String> = countries.iter().map(|c| c.to_uppercase()).collect();
    if let Some(c) = countries.iter().find(|c| !UN_MEMBERS.contains(&c.as_str())) {
        anyhow::bail!("--country {c} is not a UN member state's ISO 3166-1 alpha-3 code");
    }
    let dict = load_dictionary(args, false)?;
    let all: Vec<_> = coverage(&dict, until)
        .into_iter()
        .filter(|c| countries.is_empty() || countries.iter().any(|x| x == c.country))
        .collect();
    if as_json {
        let rows: Vec<_> = all
            .iter()
            .map(|c| {
                json!({
                    "country": c.country,
                    "office": c.office.name(),
                    "covered_days": c.covered_days,
                    "total_days": c.total_days,
                    "share": (c.share() * 10_000.0).round() / 10_000.0,
                    "missing": c.missing.iter().map(|(a, b)| json!([a.to_string(), b.to_string()])).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(0);
    }
    println!(
        "office holders of {} UN member states, {} to {until}",
        all.len() / Office::ALL.len(),
        start_day()
    );
    println!(
        "{:<10} {:>9} {:>11} {:>13}",
        "office", "any days", "99% of days", "days covered"
    );
    for office in Office::ALL {
        let rows: Vec<_> = all.iter().filter(|c| c.office == office).collect();
        let any = rows.iter().filter(|c| c.covered_days > 0).count();
        let nearly_all = rows.iter().filter(|c| c.share() >= 0.99).count();
        let covered: u64 = rows.iter().map(|c| u64::from(c.covered_days)).sum();
        let total: u64 = rows.iter().map(|c| u64::from(c.total_days)).sum();
        println!(
            "{:<10} {any:>9} {nearly_all:>11} {:>12.1}%",
            office.name(),
            100.0 * covered as f64 / total.max(1) as f64
        );
    }
    if missing {
        for c in all.iter().filter(|c| !c.missing.is_empty()) {
            let spans: Vec<String> = c.missing.iter().map(|(a, b)| format!("{a}..{b}")).collect();
            println!("{} {}: {}", c.country, c.office.name(), spans.join(", "));
        }
    }
    Ok(0)
}

/// Today's date (UTC) from the system clock.
fn today() -> chrono::NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .unwrap_or(chrono::NaiveDate::MAX)
}

/// `petrel dict import-wikidata FILE [--out FILE]`: person blocks from a Query Service result.
/// Skipped rows go to stderr with their line; the exit code is 3 when any row was skipped.
pub fn import_wikidata(file: &Path, out: Option<&Path>) -> Result<u8> {
    use petrel_dict::wikidata;
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let name = file.display().to_string();
    let (records, mut problems) = if text.trim_start().starts_with('{') {
        wikidata_json(&name, &text)?
    } else {
        wikidata::parse_csv(&name, &text)
    };
    let (blocks, skipped) = wikidata::person_blocks(&records);
    problems.extend(skipped);
    for p in &problems {
        eprintln!("petrel: {p}");
    }
    let header = format!(
        "# Generated by `petrel dict import-wikidata {}` from Wikidata (CC0).\n# Review before use: run `petrel dict check --dict FILE`.\n\n",
        file.display()
    );
    match out {
        Some(path) => std::fs::write(path, header + &blocks)
            .with_context(|| format!("writing {}", path.display()))?,
        None => print!("{header}{blocks}"),
    }
    eprintln!(
        "petrel: {} rows read, {} skipped",
        records.len(),
        problems.len()
    );
    Ok(if problems.is_empty() {
        0
    } else {
        crate::EXIT_SKIPPED
    })
}

/// The SPARQL JSON results format: `results.bindings[*].VAR.value`. Each binding is reported
/// as its position in the list (JSON downloads are one line, so lines say little).
fn wikidata_json(
    file: &str,
    text: &str,
) -> Result<(
    Vec<petrel_dict::wikidata::Record>,
    Vec<petrel_dict::DictProblem>,
)> {
    use petrel_dict::{wikidata, DictProblem, Location, Severity};
    let v: serde_json::Value =
        serde_json::from_str(text).with_context(|| format!("{file}: not valid JSON"))?;
    let bindings = v
        .pointer("/results/bindings")
        .and_then(|b| b.as_array())
        .with_context(|| format!("{file}: no results.bindings (is this a SPARQL JSON result?)"))?;
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for (i, b) in bindings.iter().enumerate() {
        let at = Location {
            file: format!("{file} binding"),
            line: i + 1,
        };
        let get = |k: &str| b.pointer(&format!("/{k}/value")).and_then(|x| x.as_str());
        let [person, position, country, start, end] = wikidata::COLUMNS.map(get);
        match (person, position, country) {
            (Some(person), Some(position), Some(country)) => records.push(wikidata::Record {
                person: person.trim().to_string(),
                position: position.trim().to_string(),
                country: country.trim().to_string(),
                start: start.unwrap_or("").to_string(),
                end: end.unwrap_or("").to_string(),
                at,
            }),
            _ => problems.push(DictProblem {
                at,
                message: format!(
                    "needs {}, {} and {}",
                    wikidata::COLUMNS[0],
                    wikidata::COLUMNS[1],
                    wikidata::COLUMNS[2]
                ),
                severity: Severity::Error,
            }),
        }
    }
    Ok((records, problems))
}
