//! `petrel code`: read, code in parallel, write in input order.

use std::io::{self, BufWriter, Write};

use anyhow::Result;
use petrel_coder::{Coder, CoderOptions};
use petrel_text::read::{InputFormat, ReadOptions};

use crate::output::{event_csv, event_json, CSV_HEADER};
use crate::{
    load_dictionary, parse_date_arg, pipeline, CodeArgs, InputFormatArg, OutputFormat, EXIT_SKIPPED,
};

/// Reading options from the shared input arguments.
pub fn read_options(format: Option<InputFormatArg>, max_doc_bytes: usize) -> ReadOptions {
    ReadOptions {
        format: format.map(|f| match f {
            InputFormatArg::Txt => InputFormat::Text,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
            InputFormatArg::Html => InputFormat::Html,
        }),
        max_document_bytes: max_doc_bytes,
    }
}

/// The files to read: standard input when none are given.
pub fn input_files(files: &[String]) -> Vec<String> {
    if files.is_empty() {
        vec!["-".into()]
    } else {
        files.to_vec()
    }
}

pub fn set_threads(threads: Option<usize>) {
    if let Some(n) = threads {
        // Fails only when a pool exists already, which cannot happen this early.
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .ok();
    }
}

pub fn run(args: CodeArgs) -> Result<u8> {
    let input = &args.input;
    let dict = load_dictionary(&input.dicts, true)?;
    let default_date = parse_date_arg(input.date.as_deref())?;
    set_threads(input.threads);
    let convention = args.convention.ontology();
    let coder = Coder::new(
        &dict,
        CoderOptions {
            convention,
            default_date,
            ..input.reading.coder_options()?
        },
    );
    let name = convention.name();
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let (mut sentences, mut events) = (0usize, 0usize);
    let header = if matches!(args.format, OutputFormat::Csv) {
        writeln!(out, "{CSV_HEADER}")
    } else {
        Ok(())
    };
    let result = header.map_err(anyhow::Error::from).and_then(|()| {
        pipeline::run(
            &input_files(&input.files),
            &read_options(input.input_format, input.max_doc_bytes),
            input.quiet,
            |_| true,
            |d| {
                let c = coder.code_document(d);
                let lines: Vec<String> = c
                    .events()
                    .map(|e| match args.format {
                        OutputFormat::Jsonl => event_json(e, name),
                        OutputFormat::Csv => event_csv(e, name),
                    })
                    .collect();
                (lines, c.sentences.len())
            },
            |batch| {
                for (_, (lines, n)) in batch {
                    sentences += n;
                    events += lines.len();
                    for l in lines {
                        out.write_all(l.as_bytes())?;
                        out.write_all(b"\n")?;
                    }
                }
                Ok(())
            },
        )
    });
    let counts = match result.and_then(|c| out.flush().map(|()| c).map_err(anyhow::Error::from)) {
        Ok(c) => c,
        // A closed pipe (`petrel code ... | head`) is the reader's choice, not an error.
        Err(e)
            if e.downcast_ref::<io::Error>()
                .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe) =>
        {
            return Ok(0)
        }
        Err(e) => return Err(e.context("writing output")),
    };
    if !input.quiet {
        eprintln!(
            "petrel: {} documents, {sentences} sentences, {events} events{}",
            counts.documents,
            if counts.skipped > 0 {
                format!("; {} inputs skipped (see above)", counts.skipped)
            } else {
                String::new()
            }
        );
    }
    Ok(if counts.skipped > 0 { EXIT_SKIPPED } else { 0 })
}
