//! `petrel bench`: throughput and memory on real corpora. Timings live here, never in tests.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Result};
use petrel_coder::{Coder, CoderOptions};
use petrel_text::read::{read_path, Item, ReadOptions};
use rayon::prelude::*;

use crate::{load_dictionary, BenchArgs, DictArgs};

const DEFAULT_CORPUS: &str = "../shared/news/reuters21578.jsonl";

pub fn run(args: BenchArgs) -> Result<u8> {
    if let Some(db) = &args.serve_db {
        return serve_load(db, args.requests);
    }
    let corpora: Vec<PathBuf> = if args.corpus.is_empty() {
        let p = PathBuf::from(DEFAULT_CORPUS);
        if !p.exists() {
            bail!("no --corpus given and {DEFAULT_CORPUS} does not exist");
        }
        vec![p]
    } else {
        args.corpus.clone()
    };
    let t = Instant::now();
    let dict = load_dictionary(&DictArgs::default(), false)?;
    println!(
        "dictionaries: {} phrases, {} verb patterns, built in {:.0} ms",
        dict.phrases.len(),
        dict.patterns.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    let coder = Coder::new(&dict, CoderOptions::default());
    let shallow = Coder::new(
        &dict,
        CoderOptions {
            syntax: None,
            ..CoderOptions::default()
        },
    );
    for corpus in &corpora {
        let mut docs = Vec::new();
        let mut bytes = 0usize;
        for item in read_path(&corpus.display().to_string(), &ReadOptions::default()) {
            if let Item::Doc(d) = item {
                bytes += d.text.len();
                docs.push(d);
                if args.limit.is_some_and(|l| docs.len() >= l) {
                    break;
                }
            }
        }
        println!(
            "\ncorpus: {} ({} documents, {:.1} MB of text)",
            corpus.display(),
            docs.len(),
            bytes as f64 / 1e6
        );
        // Single core: the per-core figure, with the parse (the default) and without.
        time_one_core(&coder, &docs, "1 core");
        time_one_core(&shallow, &docs, "1 core, --shallow");
        syntax_speed(&docs)?;
        if args.parallel {
            let threads = rayon::current_num_threads();
            let t = Instant::now();
            let n: usize = docs
                .par_iter()
                .map(|d| coder.code_document(d).sentences.len())
                .sum();
            let secs = t.elapsed().as_secs_f64();
            println!(
                "{threads} cores: {:.2} s  {:.0} documents/s  {:.0} sentences/s",
                secs,
                docs.len() as f64 / secs,
                n as f64 / secs
            );
        }
    }
    println!(
        "\npeak RSS: {}",
        peak_rss().map_or("unknown (no /proc)".into(), |kb| format!(
            "{:.1} MB",
            kb as f64 / 1024.0
        ))
    );
    Ok(0)
}

/// Codes every document on one thread and prints the throughput.
fn time_one_core(coder: &Coder<'_>, docs: &[Box<petrel_text::Document>], label: &str) {
    let t = Instant::now();
    let (mut sentences, mut tokens, mut events) = (0usize, 0usize, 0usize);
    // Sentences parsed, those parsed only up to a statement's verb, the words parsed, and the
    // words of the parsed sentences.
    let (mut parsed, mut in_part, mut parsed_words, mut words) = (0, 0, 0, 0);
    for d in docs {
        let c = coder.code_document(d);
        sentences += c.sentences.len();
        tokens += c
            .sentences
            .iter()
            .map(|s| s.sentence.tokens.len())
            .sum::<usize>();
        for ps in c.sentences.iter().filter_map(|s| s.parse.as_ref()) {
            parsed += 1;
            in_part += usize::from(ps.parsed < ps.head.len());
            parsed_words += ps.parsed;
            words += ps.head.len();
        }
        events += c.events().count();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{label}:  {:.2} s  {:.0} documents/s  {:.0} sentences/s  {:.0} tokens/s  ({} sentences, {} parsed, {} events)",
        secs,
        docs.len() as f64 / secs,
        sentences as f64 / secs,
        tokens as f64 / secs,
        sentences,
        parsed,
        events
    );
    if parsed > 0 {
        println!(
            "  of the parsed sentences, {in_part} up to a statement's verb only: {parsed_words} of their {words} words parsed"
        );
    }
}

/// Tagging, lemmatising and parsing alone, one core, on the corpus's sentences as the coder
/// segments them (words cut the EWT way).
fn syntax_speed(docs: &[Box<petrel_text::Document>]) -> Result<()> {
    let t = Instant::now();
    let models = petrel_syntax::Models::builtin()?;
    let load_ms = t.elapsed().as_secs_f64() * 1000.0;
    let sentences: Vec<String> = docs
        .iter()
        .flat_map(|d| {
            petrel_text::segment::segment_text(&d.text)
                .into_iter()
                .map(|s| s.text(&d.text).to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let t = Instant::now();
    let mut words = 0usize;
    for s in &sentences {
        let ranges = petrel_syntax::tokenize::words(s);
        let forms: Vec<&str> = ranges.iter().map(|r| &s[r.clone()]).collect();
        words += models.analyse(&forms).len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "syntax, 1 core: {:.2} s  {:.0} words/s  {:.0} sentences/s (tagger + lemmatizer + parser; models loaded in {load_ms:.0} ms)",
        secs,
        words as f64 / secs,
        sentences.len() as f64 / secs
    );
    Ok(())
}

/// Peak resident set size in KiB (Linux).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// A bounded load test of the API on loopback: a fixed number of requests from four client
/// threads, one connection per request (the worst case for the server).
fn serve_load(db: &std::path::Path, requests: usize) -> Result<u8> {
    use std::io::{Read, Write};
    let app = petrel_server::router(db, 4)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let port = listener.local_addr()?.port();
    runtime.spawn(async move { axum::serve(listener, app).await.ok() });
    let paths = [
        "/api/dyad?source=USA&target=RUS&undirected=true",
        "/api/events?limit=20",
        "/api/clusters?limit=20",
        "/api/health",
    ];
    let per_thread = requests.div_ceil(4);
    let t = Instant::now();
    let handles: Vec<_> = (0..4)
        .map(|k| {
            std::thread::spawn(move || {
                let mut errors = 0usize;
                for i in 0..per_thread {
                    let path = paths[(i + k) % paths.len()];
                    let ok = (|| -> std::io::Result<bool> {
                        let mut s = std::net::TcpStream::connect(("127.0.0.1", port))?;
                        s.set_read_timeout(Some(std::time::Duration::from_secs(5)))?;
                        write!(
                            s,
                            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        )?;
                        let mut buf = Vec::new();
                        s.read_to_end(&mut buf)?;
                        Ok(buf.starts_with(b"HTTP/1.1 200"))
                    })();
                    if !matches!(ok, Ok(true)) {
                        errors += 1;
                    }
                }
                errors
            })
        })
        .collect();
    let errors: usize = handles
        .into_iter()
        .map(|h| h.join().unwrap_or(per_thread))
        .sum();
    let secs = t.elapsed().as_secs_f64();
    let total = per_thread * 4;
    println!(
        "api load test on {}: {total} requests in {secs:.2} s = {:.0} requests/s, {errors} errors",
        db.display(),
        total as f64 / secs
    );
    println!(
        "peak RSS: {}",
        peak_rss().map_or("unknown".into(), |kb| format!(
            "{:.1} MB",
            kb as f64 / 1024.0
        ))
    );
    Ok(if errors > 0 { 1 } else { 0 })
}
