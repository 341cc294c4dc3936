//! `petrel validate SUITE`: runs a PETRARCH validation XML or a TABARI validation text with the
//! dictionaries it names (found next to the suite) or the ones given, and prints each record's
//! pass or fail with the difference, then `N passed, M failed`.
//!
//! A record passes when the set of (source, target, code) triples petrel codes equals the
//! expected set. Like PETRARCH (`require_dyad`, on unless a `<Config>` turns it off), events
//! without a target are not counted. TABARI writes an actor without a country as `~GOV`; petrel
//! writes `---GOV`: the two are the same.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::Args;
use petrel_coder::{Coder, CoderOptions, SuiteConventions};
use petrel_dict::import::suite::{self, Expected, Record, Suite, SuiteDictionaries, SuiteFormat};
use petrel_dict::Dictionary;
use petrel_text::Document;
use serde_json::json;

use crate::imported::{import_into, ImportArgs};

#[derive(Args)]
pub struct ValidateArgs {
    /// The suite: a PETRARCH validation XML (`PETR.UnitTest.records.xml`) or a TABARI
    /// validation text (`Validate.text`, with its `.project` beside it).
    pub suite: PathBuf,
    /// Dictionaries to use instead of the ones the suite names.
    #[command(flatten)]
    pub import: ImportArgs,
    /// Only records whose id starts with this.
    #[arg(long)]
    pub only: Option<String>,
    /// Print only failing records and the summary.
    #[arg(long)]
    pub failures: bool,
    /// Exit with 1 when fewer than this percentage of the tests pass.
    #[arg(long, value_name = "PERCENT")]
    pub min_pass: Option<f64>,
    /// One JSON object per record, then a summary object.
    #[arg(long)]
    pub json: bool,
}

/// The outcome of one record.
pub struct Outcome {
    pub passed: bool,
    pub missing: Vec<Expected>,
    pub extra: Vec<Expected>,
}

/// Codes petrel writes for an actor without a country (`---GOV`) and TABARI's `~GOV` agree.
fn norm(code: &str) -> String {
    let c = code.trim().to_ascii_uppercase();
    match c.strip_prefix('~') {
        Some(rest) => format!("---{rest}"),
        None => c,
    }
}

fn norm_triple(e: &Expected) -> Expected {
    Expected {
        source: norm(&e.source),
        target: norm(&e.target),
        code: e.code.trim().to_string(),
    }
}

/// The coding options a record's suite options ask for (TABARI's option records).
pub fn conventions(r: &Record) -> SuiteConventions {
    let o = &r.options;
    let flag = |k: &str| o.get(k).is_some_and(|v| v == "true");
    SuiteConventions {
        code_all: o.get("code_by").is_some_and(|v| v == "all"),
        code_by_sentence: o.get("code_by").is_some_and(|v| v == "sentence"),
        default_source: o
            .get("default_source")
            .map(|c| (c.clone(), flag("default_source_prior"))),
        default_target: o
            .get("default_target")
            .map(|c| (c.clone(), flag("default_target_after"))),
        min_words: o.get("minimum_words").and_then(|n| n.parse().ok()),
    }
}

/// Codes one record and compares with its expectations.
pub fn run_record(coder: &Coder<'_>, r: &Record) -> (Outcome, Vec<Expected>) {
    let doc = Document {
        id: r.id.clone(),
        date: r.date,
        text: r.text.clone(),
        origin: r.at.to_string(),
        ..Document::default()
    };
    let require_dyad = r.options.get("require_dyad").is_none_or(|v| v != "false");
    let coding =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| coder.code_document(&doc)));
    let got: BTreeSet<Expected> = match &coding {
        Ok(c) => c
            .events()
            .filter(|e| e.target.is_some() || !require_dyad)
            .map(|e| Expected {
                source: norm(&e.source.code.to_string()),
                target: e
                    .target
                    .as_ref()
                    .map_or("---".to_string(), |t| norm(&t.code.to_string())),
                code: e.cameo.clone(),
            })
            .collect(),
        Err(_) => BTreeSet::new(),
    };
    let want: BTreeSet<Expected> = r.expected.iter().map(norm_triple).collect();
    let missing: Vec<Expected> = want.difference(&got).cloned().collect();
    let extra: Vec<Expected> = got.difference(&want).cloned().collect();
    let passed = coding.is_ok() && missing.is_empty() && extra.is_empty();
    (
        Outcome {
            passed,
            missing,
            extra,
        },
        got.into_iter().collect(),
    )
}

fn triple(e: &Expected) -> String {
    format!("{} / {} / {}", e.source, e.target, e.code)
}

/// The dictionaries a suite names, as paths beside it.
fn suite_dictionaries(path: &Path, format: SuiteFormat, s: &Suite) -> Result<ImportArgs> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let names: SuiteDictionaries = match format {
        SuiteFormat::PetrarchXml => s.dictionaries.clone(),
        SuiteFormat::TabariText => {
            // The .project beside the text that names it (or the only one there).
            let file_name = path.file_name().map(|f| f.to_string_lossy().into_owned());
            let mut found = None;
            for e in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
                let p = e?.path();
                if p.extension().is_some_and(|x| x == "project") {
                    let text = String::from_utf8_lossy(&std::fs::read(&p)?).into_owned();
                    let (d, texts) = suite::read_tabari_project(&text);
                    if found.is_none() || texts.iter().any(|t| Some(t) == file_name.as_ref()) {
                        found = Some(d);
                    }
                }
            }
            found.with_context(|| {
                format!(
                    "no .project file beside {} names its dictionaries; give --verbs, --actors and --agents",
                    path.display()
                )
            })?
        }
    };
    let join = |v: &[String]| v.iter().map(|f| dir.join(f)).collect::<Vec<_>>();
    Ok(ImportArgs {
        verbs: join(&names.verbs),
        actors: join(&names.actors),
        agents: join(&names.agents),
        discards: join(&names.discards),
        ..ImportArgs::default()
    })
}

/// Reads a suite and the dictionary it runs with.
pub fn load_suite(path: &Path, import: &ImportArgs) -> Result<(Suite, Dictionary)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let format = suite::detect(&text);
    let s = suite::read(&path.display().to_string(), &text);
    let mut args = if import.is_empty() {
        suite_dictionaries(path, format, &s)?
    } else {
        import.clone()
    };
    args.foreign_codes = true;
    args.with_default_dicts = import.with_default_dicts;
    let mut dict = if args.with_default_dicts {
        Dictionary::builtin()
    } else {
        Dictionary::default()
    };
    import_into(&mut dict, &args)?;
    Ok((s, dict))
}

pub fn run(args: ValidateArgs) -> Result<u8> {
    let (s, dict) = load_suite(&args.suite, &args.import)?;
    for p in &s.problems {
        eprintln!("petrel: suite: {p}");
    }
    let dict_errors = dict
        .problems
        .iter()
        .filter(|p| p.severity == petrel_dict::Severity::Error)
        .count();
    if dict_errors > 0 {
        eprintln!("petrel: {dict_errors} dictionary lines skipped (`petrel dict check` with the same files lists them)");
    }

    let (mut passed, mut failed, mut skipped) = (0usize, 0usize, 0usize);
    for r in &s.records {
        if args.only.as_deref().is_some_and(|p| !r.id.starts_with(p)) {
            continue;
        }
        if let Some(why) = &r.not_a_test {
            skipped += 1;
            if args.json {
                println!(
                    "{}",
                    json!({"id": r.id, "at": r.at.to_string(), "result": "skipped", "why": why})
                );
            } else if !args.failures {
                println!("skip {} ({}): {why}", r.id, r.at);
            }
            continue;
        }
        let opts = CoderOptions {
            suite: conventions(r),
            ..CoderOptions::default()
        };
        let coder = Coder::new(&dict, opts);
        let (o, got) = run_record(&coder, r);
        if o.passed {
            passed += 1;
        } else {
            failed += 1;
        }
        if args.json {
            println!(
                "{}",
                json!({
                    "id": r.id, "at": r.at.to_string(),
                    "result": if o.passed { "pass" } else { "fail" },
                    "expected": r.expected.iter().map(triple).collect::<Vec<_>>(),
                    "got": got.iter().map(triple).collect::<Vec<_>>(),
                    "missing": o.missing.iter().map(triple).collect::<Vec<_>>(),
                    "extra": o.extra.iter().map(triple).collect::<Vec<_>>(),
                })
            );
        } else if !o.passed || !args.failures {
            let mut line = format!(
                "{} {} ({})",
                if o.passed { "pass" } else { "FAIL" },
                r.id,
                r.at
            );
            for m in &o.missing {
                line.push_str(&format!("\n    - missing {}", triple(m)));
            }
            for x in &o.extra {
                line.push_str(&format!("\n    + extra   {}", triple(x)));
            }
            if !o.passed {
                line.push_str(&format!("\n    text: {}", r.text));
            }
            println!("{line}");
        }
    }
    let total = passed + failed;
    let share = if total == 0 {
        0.0
    } else {
        100.0 * passed as f64 / total as f64
    };
    if args.json {
        println!(
            "{}",
            json!({"passed": passed, "failed": failed, "skipped": skipped, "pass_percent": share})
        );
    } else {
        eprintln!("petrel: {skipped} records are not tests (options, {{+++}}) and were skipped; {share:.1}% of the tests pass");
        println!("{passed} passed, {failed} failed");
    }
    if total == 0 {
        bail!("no test records in {}", args.suite.display());
    }
    Ok(match args.min_pass {
        Some(min) if share < min => {
            eprintln!("petrel: {share:.1}% is below the required {min}%");
            1
        }
        _ => 0,
    })
}
