//! `petrel ingest`, `petrel events`, `petrel dyad`: the event store from the command line.

use std::cell::RefCell;
use std::io::{self, Write};

use anyhow::{Context, Result};
use petrel_coder::{Coder, CoderOptions};
use petrel_store::{content_hash, CodedDocument, EventFilter, Period, Store, StoredEvent};
use serde_json::json;

use crate::code::{input_files, read_options, set_threads};
use crate::{
    load_dictionary, parse_date_arg, pipeline, ClustersArgs, DyadArgs, EventsArgs, IngestArgs,
    OutputFormat, PeriodArg, RecodeArgs, TopArgs, EXIT_SKIPPED,
};

pub fn ingest(args: IngestArgs) -> Result<u8> {
    let input = &args.input;
    let dict = load_dictionary(&input.dicts, true)?;
    let default_date = parse_date_arg(input.date.as_deref())?;
    set_threads(input.threads);
    let coder = Coder::new(
        &dict,
        CoderOptions {
            default_date,
            ..input.reading.coder_options()?
        },
    );
    let store = RefCell::new(Store::open(&args.db)?);
    let (mut new_docs, mut events, mut known) = (0usize, 0usize, 0usize);
    let counts = pipeline::run(
        &input_files(&input.files),
        &read_options(input.input_format, input.max_doc_bytes),
        input.quiet,
        |d| {
            // Documents already stored are not coded again (`petrel recode` redoes them).
            let stored = store.borrow().contains(&content_hash(d)).unwrap_or(false);
            known += usize::from(stored);
            !stored
        },
        |d| (content_hash(d), coder.code_document(d)),
        |batch| {
            let items: Vec<CodedDocument<'_>> = batch
                .iter()
                .map(|(doc, (hash, coding))| CodedDocument {
                    doc,
                    hash: hash.clone(),
                    coding,
                })
                .collect();
            let stats = store.borrow_mut().insert(&items)?;
            new_docs += stats.documents;
            events += stats.events;
            Ok(())
        },
    )?;
    let (total_docs, total_events) = store.borrow().counts()?;
    if !input.quiet {
        eprintln!(
            "petrel: {new_docs} new documents ({known} already stored), {events} events; database {} now holds {total_docs} documents and {total_events} events{}",
            args.db.display(),
            if counts.skipped > 0 { format!("; {} inputs skipped (see above)", counts.skipped) } else { String::new() }
        );
    }
    Ok(if counts.skipped > 0 { EXIT_SKIPPED } else { 0 })
}

fn event_value(e: &StoredEvent) -> serde_json::Value {
    json!({
        "id": e.id, "doc_id": e.doc_id, "outlet": e.source_name, "sentence_index": e.sentence_index,
        "sentence": e.sentence, "date": e.date, "date_precision": e.date_precision,
        "source": {"code": e.source_code, "text": e.source_text},
        "target": e.target_code.as_ref().map(|c| json!({"code": c, "text": e.target_text})),
        "cameo": e.cameo, "root": e.root, "goldstein": e.goldstein, "plover": e.plover,
        "verb": e.verb, "negated": e.negated, "hypothetical": e.hypothetical, "rule": e.rule,
        "location": e.location.as_ref().map(crate::export::location_json),
    })
}

pub fn events(args: EventsArgs) -> Result<u8> {
    let store = Store::open_read_only(&args.db)?;
    let filter = EventFilter {
        actor: args.actor,
        root: args.root,
        since: args.since,
        until: args.until,
        limit: args.limit,
        offset: args.offset,
        doc_id: None,
    };
    let rows = store.events(&filter)?;
    let mut out = io::stdout().lock();
    match args.format {
        OutputFormat::Jsonl => {
            for e in &rows {
                writeln!(out, "{}", event_value(e))?;
            }
        }
        OutputFormat::Csv => {
            writeln!(out, "id,doc_id,date,date_precision,source_code,target_code,cameo,root,goldstein,verb,sentence,location_name,location_country,location_lat,location_lon,location_precision")?;
            for e in &rows {
                let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
                let l = e.location.as_ref();
                let coord = |c: Option<f32>| c.map(|c| c.to_string()).unwrap_or_default();
                writeln!(
                    out,
                    "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                    e.id,
                    q(&e.doc_id),
                    e.date.as_deref().unwrap_or(""),
                    e.date_precision.as_deref().unwrap_or(""),
                    e.source_code,
                    e.target_code.as_deref().unwrap_or(""),
                    e.cameo,
                    e.root,
                    e.goldstein,
                    q(&e.verb),
                    q(&e.sentence),
                    l.map(|l| q(&l.name)).unwrap_or_default(),
                    l.map_or("", |l| l.country.as_str()),
                    coord(l.and_then(|l| l.lat)),
                    coord(l.and_then(|l| l.lon)),
                    l.map_or("", |l| l.precision.as_str()),
                )?;
            }
        }
    }
    Ok(0)
}

pub fn dyad(args: DyadArgs) -> Result<u8> {
    let store = Store::open_read_only(&args.db)?;
    let by = match args.by {
        PeriodArg::Day => Period::Day,
        PeriodArg::Week => Period::Week,
        PeriodArg::Month => Period::Month,
        PeriodArg::Year => Period::Year,
    };
    let conv = args.convention.ontology();
    let (a, b) = (args.a.to_uppercase(), args.b.to_uppercase());
    let rows = store
        .dyad(&a, &b, by, conv, args.undirected, args.one_a_day)
        .with_context(|| format!("dyad {a} {b}"))?;
    let mut out = io::stdout().lock();
    let labels = [
        "neutral",
        "verbal_cooperation",
        "material_cooperation",
        "verbal_conflict",
        "material_conflict",
    ];
    if args.json {
        let v: Vec<_> = rows
            .iter()
            .map(|r| {
                let mut raw = json!({"events": r.events});
                let mut dedup = json!({"events": r.clusters});
                for (i, l) in labels.iter().enumerate() {
                    raw[*l] = json!(r.quad[i]);
                    dedup[*l] = json!(r.quad_clusters[i]);
                }
                json!({"period": r.period, "deduplicated": dedup, "raw": raw, "goldstein_sum": r.goldstein_sum,
                    "goldstein_mean": r.goldstein_mean, "net_cooperation": r.net_cooperation})
            })
            .collect();
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(
                &json!({"source": a, "target": b, "undirected": args.undirected, "by": format!("{:?}", by).to_lowercase(), "quad_convention": conv.name(), "one_a_day": args.one_a_day, "periods": v})
            )?
        )?;
    } else {
        let sep = if args.csv { "," } else { "\t" };
        writeln!(
            out,
            "period{sep}events{sep}{}{sep}goldstein_sum{sep}goldstein_mean{sep}net_cooperation",
            labels.join(sep)
        )?;
        for r in &rows {
            let q: Vec<String> = r.quad.iter().map(u64::to_string).collect();
            writeln!(
                out,
                "{}{sep}{}{sep}{}{sep}{:.1}{sep}{:.2}{sep}{}",
                r.period,
                r.events,
                q.join(sep),
                r.goldstein_sum,
                r.goldstein_mean,
                r.net_cooperation
            )?;
        }
    }
    Ok(0)
}

pub fn clusters(args: ClustersArgs) -> Result<u8> {
    let store = Store::open_read_only(&args.db)?;
    let rows = store.clusters(args.min_sources, args.limit)?;
    let mut out = io::stdout().lock();
    if args.json {
        for c in &rows {
            writeln!(
                out,
                "{}",
                json!({"id": c.id, "source": c.source_root, "target": c.target_root, "root": c.root,
                    "from": c.from, "to": c.to, "num_sources": c.num_sources, "num_articles": c.num_articles,
                    "num_mentions": c.num_mentions, "first_seen": c.first_seen, "last_seen": c.last_seen,
                    "outlets": c.outlets, "example": c.example})
            )?;
        }
    } else {
        writeln!(out, "cluster\tsource\ttarget\troot\tfrom\tto\tsources\tarticles\tmentions\toutlets\texample")?;
        for c in &rows {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                c.id,
                c.source_root,
                c.target_root,
                c.root,
                c.from,
                c.to,
                c.num_sources,
                c.num_articles,
                c.num_mentions,
                c.outlets.join(" "),
                c.example
            )?;
        }
    }
    Ok(0)
}

pub fn top(args: TopArgs) -> Result<u8> {
    let store = Store::open_read_only(&args.db)?;
    let mut out = io::stdout().lock();
    if !args.json {
        writeln!(
            out,
            "source\ttarget\tdistinct_events\treports\tgoldstein_mean"
        )?;
    }
    for d in store.top_dyads(args.limit)? {
        if args.json {
            writeln!(
                out,
                "{}",
                json!({"source": d.source, "target": d.target, "distinct_events": d.distinct_events, "reports": d.reports, "goldstein_mean": d.goldstein_mean})
            )?;
        } else {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{:.2}",
                d.source, d.target, d.distinct_events, d.reports, d.goldstein_mean
            )?;
        }
    }
    Ok(0)
}

pub fn recode(args: RecodeArgs) -> Result<u8> {
    let dict = load_dictionary(&args.dicts, true)?;
    let coder = Coder::new(&dict, args.reading.coder_options()?);
    let mut store = Store::open(&args.db)?;
    let (mut docs, mut events, mut after) = (0usize, 0usize, 0i64);
    loop {
        let batch = store.documents_after(after, pipeline::BATCH)?;
        let Some(last) = batch.last() else { break };
        after = last.0;
        let codings: Vec<_> = {
            use rayon::prelude::*;
            batch
                .par_iter()
                .map(|(_, d)| coder.code_document(d))
                .collect()
        };
        let items: Vec<(i64, &petrel_coder::DocumentCoding)> = batch
            .iter()
            .map(|(id, _)| *id)
            .zip(codings.iter())
            .collect();
        let stats = store.replace_coding(&items)?;
        docs += stats.documents;
        events += stats.events;
    }
    if !args.quiet {
        eprintln!(
            "petrel: recoded {docs} documents in {}: {events} events",
            args.db.display()
        );
    }
    Ok(0)
}
