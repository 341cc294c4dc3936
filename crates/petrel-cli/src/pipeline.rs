//! The shared loop of `code` and `ingest`: read in batches, work on documents in parallel, hand
//! each batch to a sink in input order, report what was skipped.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use petrel_text::read::{read_path, Item, ReadOptions};
use petrel_text::Document;
use rayon::prelude::*;

/// Documents handled together; big enough to keep the cores busy, small enough to stream.
pub const BATCH: usize = 256;

#[derive(Default, Debug, Clone, Copy)]
pub struct Counts {
    pub documents: usize,
    pub skipped: usize,
}

/// Runs `work` on every readable document of `files` (in parallel within a batch) and gives each
/// batch, in input order, to `sink`. Documents `keep` rejects are passed over silently (already
/// stored, say). Unreadable input and documents whose work panicked are reported on stderr and
/// counted as skipped. The sink's error stops the run.
pub fn run<T: Send>(
    files: &[String],
    read_opts: &ReadOptions,
    quiet: bool,
    mut keep: impl FnMut(&Document) -> bool,
    work: impl Fn(&Document) -> T + Sync,
    mut sink: impl FnMut(Vec<(Box<Document>, T)>) -> anyhow::Result<()>,
) -> anyhow::Result<Counts> {
    let total: u64 = files
        .iter()
        .filter(|f| *f != "-")
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let bar = if quiet || total < 1 << 20 {
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
    let mut counts = Counts::default();
    let mut done_bytes = 0u64;
    let result = (|| -> anyhow::Result<()> {
        for file in files {
            let mut items = read_path(file, read_opts);
            loop {
                let mut docs = Vec::with_capacity(BATCH);
                for item in items.by_ref() {
                    match item {
                        Item::Doc(d) => {
                            done_bytes += d.text.len() as u64;
                            if keep(&d) {
                                docs.push(d);
                                if docs.len() == BATCH {
                                    break;
                                }
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
                let results: Vec<Result<T, String>> = docs
                    .par_iter()
                    .map(|d| {
                        // A bug in the coder must cost one document, not the run.
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(d)))
                            .map_err(|_| format!("{}: internal error while coding document '{}' (please report it)", d.origin, d.id))
                    })
                    .collect();
                let mut ok = Vec::with_capacity(docs.len());
                for (doc, r) in docs.into_iter().zip(results) {
                    match r {
                        Ok(t) => ok.push((doc, t)),
                        Err(msg) => {
                            counts.skipped += 1;
                            bar.suspend(|| eprintln!("petrel: skipped {msg}"));
                        }
                    }
                }
                counts.documents += ok.len();
                sink(ok)?;
                bar.set_position(done_bytes.min(total));
            }
        }
        Ok(())
    })();
    bar.finish_and_clear();
    result.map(|()| counts)
}
