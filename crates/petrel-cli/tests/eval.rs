//! `petrel eval` on gold files written by the test.

use std::process::{Command, Output};

fn petrel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_petrel"))
        .args(args)
        .output()
        .expect("run petrel")
}

fn report(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// `petrel eval --json` on a TSV gold file with a CoNLL file of actor spans, both written in `dir`.
fn eval_with_spans(dir: &std::path::Path, tsv_text: &str, conll_text: &str) -> Output {
    let tsv = dir.join("gold.tsv");
    std::fs::write(&tsv, tsv_text).unwrap();
    let conll = dir.join("gold.conll");
    std::fs::write(&conll, conll_text).unwrap();
    petrel(&[
        "eval",
        tsv.to_str().unwrap(),
        "--spans",
        conll.to_str().unwrap(),
        "--json",
    ])
}

#[test]
fn tsv_with_spans_aligned_by_text_and_jsonl_gold() {
    let d = std::env::temp_dir().join(format!("petrel-eval-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    // The CoNLL blocks are in the other order: alignment is by text.
    let out = eval_with_spans(
        &d,
        "Russian troops attacked Ukrainian soldiers near Kharkiv.\t4\n\
         The weather was mild on Tuesday.\t1\n\
         bad line without a label\n",
        "The O\nweather O\nwas O\nmild O\non O\nTuesday O\n. O\n\n\
         Russian B-S\ntroops I-S\nattacked O\nUkrainian B-T\nsoldiers I-T\nnear O\nKharkiv O\n. O\n",
    );
    let r = report(&out);
    assert_eq!(r["sentences"], 2);
    assert_eq!(r["problems"], 1, "the bad line is reported");
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(r["per_penta"]["4"]["tp"], 1, "{r}");
    assert_eq!(r["per_penta"]["1"]["gold"], 1, "{r}");
    assert_eq!(r["actor_span_match"]["source"], 1.0, "{r}");
    assert_eq!(r["actor_span_match"]["target"], 1.0, "{r}");
    assert!(r["confusion_penta"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["gold"] == "1" && c["predicted"] == "-"));

    let jsonl = d.join("gold.jsonl");
    std::fs::write(
        &jsonl,
        "{\"text\":\"Russian troops attacked Ukrainian soldiers near Kharkiv.\",\"date\":\"2022-03-01\",\"events\":[{\"source\":\"RUSMIL\",\"target\":\"UKRMIL\",\"cameo\":\"190\"}]}\n\
         {\"text\":\"Russia and Ukraine held talks in Istanbul.\",\"events\":[{\"source\":\"RUS\",\"target\":\"UKR\",\"cameo\":\"040\"},{\"source\":\"UKR\",\"target\":\"RUS\",\"cameo\":\"040\"}]}\n\
         not json\n",
    )
    .unwrap();
    let r = report(&petrel(&["eval", jsonl.to_str().unwrap(), "--json"]));
    assert_eq!(r["sentences"], 2);
    assert_eq!(r["per_root"]["19"]["gold"], 1, "{r}");
    assert!(r["events_exact"]["gold"] == 3, "{r}");
    let p = r["events_exact"]["precision"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p));
    assert!(r["actor_code_match"]["gold_events"] == 3, "{r}");
}

#[test]
fn target_within_reach_counts_gold_targets_that_some_actor_overlaps() {
    let d = std::env::temp_dir().join(format!("petrel-eval-reach-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    // The second gold target is no actor: no event can reach it.
    let out = eval_with_spans(
        &d,
        "Russian troops attacked Ukrainian soldiers near Kharkiv.\t4\n\
         The Chinese government rejected the scheme.\t3\n",
        "Russian B-S\ntroops I-S\nattacked O\nUkrainian B-T\nsoldiers I-T\nnear O\nKharkiv O\n. O\n\n\
         The B-S\nChinese I-S\ngovernment I-S\nrejected O\nthe B-T\nscheme I-T\n. O\n",
    );
    let r = report(&out);
    assert_eq!(r["actor_span_match"]["sentences_with_target"], 2, "{r}");
    assert_eq!(r["actor_span_match"]["target"], 0.5, "{r}");
    assert_eq!(r["actor_span_match"]["target_within_reach"], 0.5, "{r}");
    std::fs::remove_dir_all(&d).ok();
}
