//! Event output: JSON lines (the contract in GUIDE §3) and CSV that opens in a spreadsheet.

use petrel_coder::{Event, EventActor, EventLocation};
use serde::Serialize;

#[derive(Serialize)]
struct ActorJson<'a> {
    code: String,
    /// `None` when the country is unknown (root "---").
    country: Option<&'a str>,
    sectors: &'a [String],
    text: &'a str,
    span: [usize; 2],
    /// Present (true) only when the country is the document's home country, not the phrase's
    /// own ("police" in an article datelined Kabul); the rule says why.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    country_inferred: bool,
}

/// Where the event happened (`null` when neither the sentence nor the dateline says).
#[derive(Serialize)]
struct LocationJson<'a> {
    /// The name as written.
    name: &'a str,
    /// The gazetteer's place.
    place: &'a str,
    country: &'a str,
    lat: Option<f32>,
    lon: Option<f32>,
    /// city, region or country.
    precision: &'static str,
    span: [usize; 2],
    /// sentence or dateline.
    from: &'static str,
}

fn location_json(l: &EventLocation) -> LocationJson<'_> {
    LocationJson {
        name: &l.name,
        place: &l.place,
        country: &l.country,
        lat: l.lat,
        lon: l.lon,
        precision: l.precision.name(),
        span: [l.span.0, l.span.1],
        from: if l.dateline { "dateline" } else { "sentence" },
    }
}

#[derive(Serialize)]
struct EventJson<'a> {
    id: &'a str,
    doc_id: &'a str,
    sentence_index: usize,
    sentence: &'a str,
    date: Option<String>,
    date_precision: Option<&'static str>,
    source: ActorJson<'a>,
    target: Option<ActorJson<'a>>,
    cameo: &'a str,
    root: &'a str,
    quad_class: u8,
    quad_convention: &'a str,
    goldstein: f32,
    plover: Option<&'a str>,
    verb: &'a str,
    verb_span: [usize; 2],
    negated: bool,
    hypothetical: bool,
    rule: &'a str,
    location: Option<LocationJson<'a>>,
}

fn actor_json(a: &EventActor) -> ActorJson<'_> {
    ActorJson {
        code: a.code.to_string(),
        country: (a.code.root != petrel_coder::actors::UNKNOWN_ROOT)
            .then_some(a.code.root.as_str()),
        sectors: &a.code.sectors,
        text: &a.text,
        span: [a.span.0, a.span.1],
        country_inferred: a.country_inferred,
    }
}

/// One event as a JSON object on one line.
pub fn event_json(e: &Event, convention: &str) -> String {
    let j = EventJson {
        id: &e.id,
        doc_id: &e.doc_id,
        sentence_index: e.sentence_index,
        sentence: &e.sentence,
        date: e.date.map(|d| d.iso()),
        date_precision: e.date.map(|d| d.precision.name()),
        source: actor_json(&e.source),
        target: e.target.as_ref().map(actor_json),
        cameo: &e.cameo,
        root: &e.root,
        quad_class: e.quad_class,
        quad_convention: convention,
        goldstein: e.goldstein,
        plover: e.plover.as_deref(),
        verb: &e.verb,
        verb_span: [e.verb_span.0, e.verb_span.1],
        negated: e.negated,
        hypothetical: e.hypothetical,
        rule: &e.rule,
        location: e.location.as_ref().map(location_json),
    };
    // Serialising plain strings and numbers cannot fail.
    serde_json::to_string(&j).expect("event serialises")
}

pub const CSV_HEADER: &str = "id,doc_id,sentence_index,date,date_precision,source_code,source_country,source_sectors,source_text,target_code,target_country,target_sectors,target_text,cameo,root,quad_class,quad_convention,goldstein,plover,verb,negated,hypothetical,rule,sentence,location_name,location_country,location_lat,location_lon,location_precision";

/// A CSV field: quoted when needed; text that a spreadsheet would run as a formula is defused.
fn field(out: &mut String, value: &str, text: bool) {
    let defuse = text && value.starts_with(['=', '+', '-', '@']);
    let needs_quotes = defuse || value.contains([',', '"', '\n', '\r']);
    if needs_quotes {
        out.push('"');
        if defuse {
            out.push('\'');
        }
        for c in value.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(value);
    }
    out.push(',');
}

pub fn event_csv(e: &Event, convention: &str) -> String {
    let mut s = String::with_capacity(512);
    field(&mut s, &e.id, false);
    field(&mut s, &e.doc_id, true);
    field(&mut s, &e.sentence_index.to_string(), false);
    field(&mut s, &e.date.map(|d| d.iso()).unwrap_or_default(), false);
    field(&mut s, e.date.map_or("", |d| d.precision.name()), false);
    for a in [Some(&e.source), e.target.as_ref()] {
        match a {
            Some(a) => {
                field(&mut s, &a.code.to_string(), false);
                field(&mut s, &a.code.root, false);
                field(&mut s, &a.code.sectors.join(" "), false);
                field(&mut s, &a.text, true);
            }
            None => s.push_str(",,,,"),
        }
    }
    field(&mut s, &e.cameo, false);
    field(&mut s, &e.root, false);
    field(&mut s, &e.quad_class.to_string(), false);
    field(&mut s, convention, false);
    field(&mut s, &e.goldstein.to_string(), false);
    field(&mut s, e.plover.as_deref().unwrap_or(""), false);
    field(&mut s, &e.verb, true);
    field(&mut s, if e.negated { "true" } else { "false" }, false);
    field(&mut s, if e.hypothetical { "true" } else { "false" }, false);
    field(&mut s, &e.rule, true);
    field(&mut s, &e.sentence, true);
    // Location columns come last, so that readers of the older columns by position still work.
    let l = e.location.as_ref();
    field(&mut s, l.map_or("", |l| l.name.as_str()), true);
    field(&mut s, l.map_or("", |l| l.country.as_str()), false);
    let coord = |c: Option<f32>| c.map(|c| c.to_string()).unwrap_or_default();
    field(&mut s, &coord(l.and_then(|l| l.lat)), false);
    field(&mut s, &coord(l.and_then(|l| l.lon)), false);
    field(&mut s, l.map_or("", |l| l.precision.name()), false);
    s.pop(); // the last comma
    s
}

/// Writes a whole file under a temporary name and renames it, so that an interrupted run never
/// leaves half a file behind.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    use anyhow::Context;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_quote_and_defuse() {
        let mut s = String::new();
        field(&mut s, "a, \"b\"", true);
        field(&mut s, "=SUM(A1)", true);
        field(&mut s, "-5", false);
        assert_eq!(s, "\"a, \"\"b\"\"\",\"'=SUM(A1)\",-5,");
    }
}
