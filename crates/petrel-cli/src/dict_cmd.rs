//! `petrel dict check` and `petrel dict stats`.

use anyhow::Result;
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
