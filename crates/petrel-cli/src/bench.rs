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
    let dict = load_dictionary(&DictArgs { dict: Vec::new() }, false)?;
    println!(
        "dictionaries: {} phrases, {} verb patterns, built in {:.0} ms",
        dict.phrases.len(),
        dict.patterns.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    let coder = Coder::new(&dict, CoderOptions::default());
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
        // Single core: the per-core figure.
        let t = Instant::now();
        let (mut sentences, mut tokens, mut events) = (0usize, 0usize, 0usize);
        for d in &docs {
            let c = coder.code_document(d);
            sentences += c.sentences.len();
            tokens += c
                .sentences
                .iter()
                .map(|s| s.sentence.tokens.len())
                .sum::<usize>();
            events += c.events().count();
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "1 core:  {:.2} s  {:.0} documents/s  {:.0} sentences/s  {:.0} tokens/s  ({} sentences, {} events)",
            secs,
            docs.len() as f64 / secs,
            sentences as f64 / secs,
            tokens as f64 / secs,
            sentences,
            events
        );
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
