//! `petrel code`: read, code in parallel, write in input order.

use std::io::{self, BufWriter, Write};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use petrel_coder::{Coder, CoderOptions};
use petrel_text::read::{read_path, InputFormat, Item, ReadOptions};
use rayon::prelude::*;

use crate::output::{event_csv, event_json, CSV_HEADER};
use crate::{
    load_dictionary, parse_date_arg, CodeArgs, InputFormatArg, OutputFormat, EXIT_SKIPPED,
};

/// Documents coded together; big enough to keep the cores busy, small enough to stream.
const BATCH: usize = 256;

pub fn run(args: CodeArgs) -> Result<u8> {
    let dict = load_dictionary(&args.dicts, true)?;
    let default_date = parse_date_arg(args.date.as_deref())?;
    if let Some(n) = args.threads {
        // Fails only when a pool exists already, which cannot happen this early.
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .ok();
    }
    let convention = args.convention.ontology();
    let coder = Coder::new(
        &dict,
        CoderOptions {
            convention,
            default_date,
        },
    );
    let files: Vec<String> = if args.files.is_empty() {
        vec!["-".into()]
    } else {
        args.files.clone()
    };
    let read_opts = ReadOptions {
        format: args.input_format.map(|f| match f {
            InputFormatArg::Txt => InputFormat::Text,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
            InputFormatArg::Html => InputFormat::Html,
        }),
        max_document_bytes: args.max_doc_bytes,
    };
    let total: u64 = files
        .iter()
        .filter(|f| *f != "-")
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let bar = if args.quiet || total < 1 << 20 {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    };
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let name = convention.name();
    let mut counts = Counts::default();
    let result = (|| -> io::Result<()> {
        if matches!(args.format, OutputFormat::Csv) {
            writeln!(out, "{CSV_HEADER}")?;
        }
        let mut done_bytes = 0u64;
        for file in &files {
            let mut items = read_path(file, &read_opts);
            loop {
                let mut docs = Vec::with_capacity(BATCH);
                for item in items.by_ref() {
                    match item {
                        Item::Doc(d) => {
                            docs.push(d);
                            if docs.len() == BATCH {
                                break;
                            }
                        }
                        Item::Problem(p) => {
                            counts.skipped += 1;
                            bar.suspend(|| eprintln!("petrel: skipped {p}"));
                        }
                    }
                }
                if docs.is_empty() {
                    break;
                }
                let coded: Vec<Result<(Vec<String>, usize), String>> = docs
                    .par_iter()
                    .map(|d| {
                        // A bug in the coder must cost one document, not the run.
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            let c = coder.code_document(d);
                            let lines: Vec<String> = c
                                .events()
                                .map(|e| match args.format {
                                    OutputFormat::Jsonl => event_json(e, name),
                                    OutputFormat::Csv => event_csv(e, name),
                                })
                                .collect();
                            (lines, c.sentences.len())
                        }))
                        .map_err(|_| {
                            format!(
                                "{}: internal error while coding document '{}' (please report it)",
                                d.origin, d.id
                            )
                        })
                    })
                    .collect();
                for (doc, result) in docs.iter().zip(coded) {
                    let bytes = doc.text.len();
                    let (lines, sentences) = match result {
                        Ok(r) => r,
                        Err(msg) => {
                            counts.skipped += 1;
                            bar.suspend(|| eprintln!("petrel: skipped {msg}"));
                            continue;
                        }
                    };
                    counts.documents += 1;
                    counts.sentences += sentences;
                    counts.events += lines.len();
                    for l in lines {
                        out.write_all(l.as_bytes())?;
                        out.write_all(b"\n")?;
                    }
                    bar.set_position((done_bytes + bytes as u64).min(total));
                    done_bytes += bytes as u64;
                }
                bar.set_message(format!("{} events", counts.events));
            }
        }
        out.flush()
    })();
    bar.finish_and_clear();
    match result {
        Ok(()) => {}
        // A closed pipe (`petrel code ... | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(0),
        Err(e) => return Err(anyhow::anyhow!("writing output: {e}")),
    }
    if !args.quiet {
        eprintln!(
            "petrel: {} documents, {} sentences, {} events{}",
            counts.documents,
            counts.sentences,
            counts.events,
            if counts.skipped > 0 {
                format!("; {} inputs skipped (see above)", counts.skipped)
            } else {
                String::new()
            }
        );
    }
    Ok(if counts.skipped > 0 { EXIT_SKIPPED } else { 0 })
}

#[derive(Default)]
struct Counts {
    documents: usize,
    sentences: usize,
    events: usize,
    skipped: usize,
}
