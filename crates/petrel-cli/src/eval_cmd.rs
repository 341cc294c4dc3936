//! `petrel eval GOLD`: scores petrel against human-labelled sentences.
//!
//! Gold formats (by extension, or `--format`):
//! * `tsv`: `sentence TAB label`, a penta class 0-4 per sentence (ConfliBERT `cameo_class`:
//!   0 statement = root 01, 1 verbal cooperation = 02-05, 2 material cooperation = 06-08,
//!   3 verbal conflict = 09-13, 4 material conflict = 14-20). `--spans FILE` adds CoNLL BIO
//!   source/target spans, matched to the TSV's sentences by their text (the two files need not
//!   be in the same order).
//! * `conll`: CoNLL BIO alone (`S` source, `T` target, `R` reciprocal actor): actor spans only.
//! * `xml`: a PETRARCH validation suite: expected events per record.
//! * `jsonl`: petrel's own gold, one sentence a line: `{"text", "date", "events": [{"source",
//!   "target", "cameo"}]}`, so that users can bring theirs.
//!
//! Every sentence is coded as its own document. Reported: share of sentences coded; precision,
//! recall and F1 per CAMEO root, per quad class (GDELT convention) and per penta class; a penta
//! confusion matrix (gold class against the class of the first event petrel codes); actor match
//! rates; spurious events per sentence. With sentence-level gold (tsv) the prediction is the
//! class of the first event and a spurious event is one whose class differs from the label; with
//! event-level gold (xml, jsonl) events are matched by code within the sentence and a spurious
//! event is one that matches no gold event.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use petrel_coder::{Coder, CoderOptions, Event};
use petrel_text::Document;
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::{load_dictionary, parse_date_arg, DictArgs};

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum GoldFormat {
    Tsv,
    Conll,
    Xml,
    Jsonl,
}

#[derive(Args)]
pub struct EvalArgs {
    /// The gold file (.tsv, .txt/.conll, .xml, .jsonl).
    pub gold: PathBuf,
    /// Gold format instead of the extension's.
    #[arg(long, value_enum)]
    pub format: Option<GoldFormat>,
    /// CoNLL BIO source/target spans for the sentences of a TSV gold file (aligned by text).
    #[arg(long, value_name = "FILE")]
    pub spans: Option<PathBuf>,
    /// Publication date (YYYY-MM-DD) for sentences without one.
    #[arg(long)]
    pub date: Option<String>,
    #[command(flatten)]
    pub dicts: DictArgs,
    #[command(flatten)]
    pub reading: crate::ReadingArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write one JSON line per gold sentence (gold, coded events, and whether the actor
    /// spans matched) to FILE, to see what was missed.
    #[arg(long, value_name = "FILE")]
    pub details: Option<PathBuf>,
}

/// A gold event; actors may be unknown.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldEvent {
    pub source: Option<String>,
    pub target: Option<String>,
    pub cameo: String,
}

/// Source, target and reciprocal spans as words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spans {
    pub source: Vec<String>,
    pub target: Vec<String>,
    pub recip: Vec<String>,
}

impl Spans {
    /// The spans a coded source may match (S or R) and a coded target (T or R).
    fn gold_actors(&self) -> (Vec<String>, Vec<String>) {
        let with_recip = |v: &[String]| v.iter().chain(&self.recip).cloned().collect();
        (with_recip(&self.source), with_recip(&self.target))
    }
}

/// A gold sentence.
#[derive(Debug, Clone, Default)]
pub struct GoldSentence {
    pub text: String,
    pub date: Option<chrono::NaiveDate>,
    /// A sentence-level penta class.
    pub penta: Option<u8>,
    /// Event-level gold (`None` when the gold file has none).
    pub events: Option<Vec<GoldEvent>>,
    pub spans: Option<Spans>,
    pub origin: String,
}

/// What was wrong with a gold line.
#[derive(Debug, Clone)]
pub struct GoldProblem {
    pub at: String,
    pub message: String,
}

pub fn penta_of_root(root: &str) -> Option<u8> {
    let r: u8 = root.get(..2)?.parse().ok()?;
    Some(match r {
        1 => 0,
        2..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        14..=20 => 4,
        _ => return None,
    })
}

/// GDELT's quad class of a root.
pub fn quad_of_root(root: &str) -> Option<u8> {
    let r: u8 = root.get(..2)?.parse().ok()?;
    Some(match r {
        1..=5 => 1,
        6..=9 => 2,
        10..=14 => 3,
        15..=20 => 4,
        _ => return None,
    })
}

/// Penta class -> quad class (statements are verbal cooperation in GDELT's quads).
fn quad_of_penta(p: u8) -> u8 {
    match p {
        0 | 1 => 1,
        2 => 2,
        3 => 3,
        _ => 4,
    }
}

/// Letters and digits only, lower case: the key that aligns a TSV sentence with its CoNLL block.
pub fn align_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

pub fn read_tsv(name: &str, text: &str) -> (Vec<GoldSentence>, Vec<GoldProblem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{name}:{}", i + 1);
        let Some((sentence, label)) = line.rsplit_once('\t') else {
            problems.push(GoldProblem {
                at,
                message: "expected 'sentence TAB label'".into(),
            });
            continue;
        };
        match label.trim().parse::<u8>() {
            Ok(p) if p <= 4 && !sentence.trim().is_empty() => out.push(GoldSentence {
                text: sentence.trim().to_string(),
                penta: Some(p),
                origin: at,
                ..GoldSentence::default()
            }),
            _ => problems.push(GoldProblem {
                at,
                message: format!("label '{label}' is not a penta class 0-4"),
            }),
        }
    }
    (out, problems)
}

/// CoNLL BIO blocks: (sentence text from the tokens, spans, line of the block).
pub fn read_conll(name: &str, text: &str) -> (Vec<(String, Spans, String)>, Vec<GoldProblem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut tokens: Vec<String> = Vec::new();
    let mut spans = Spans::default();
    let mut cur: Option<(char, Vec<String>)> = None;
    let mut start = 1;
    let flush_span = |cur: &mut Option<(char, Vec<String>)>, spans: &mut Spans| {
        if let Some((k, words)) = cur.take() {
            let s = words.join(" ");
            match k {
                'S' => spans.source.push(s),
                'T' => spans.target.push(s),
                _ => spans.recip.push(s),
            }
        }
    };
    let lines: Vec<&str> = text.lines().chain(std::iter::once("")).collect();
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush_span(&mut cur, &mut spans);
            if !tokens.is_empty() {
                out.push((
                    tokens.join(" "),
                    std::mem::take(&mut spans),
                    format!("{name}:{start}"),
                ));
                tokens.clear();
            }
            start = i + 2;
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        if parts.len() < 2 {
            problems.push(GoldProblem {
                at: format!("{name}:{}", i + 1),
                message: "expected 'token tag'".into(),
            });
            continue;
        }
        let (tok, tag) = (parts[0], parts[parts.len() - 1]);
        tokens.push(tok.to_string());
        let kind = tag.get(2..).and_then(|k| k.chars().next());
        if let (Some(b), Some(k)) = (tag.strip_prefix("B-"), kind) {
            flush_span(&mut cur, &mut spans);
            if !matches!(b, "S" | "T" | "R") {
                problems.push(GoldProblem {
                    at: format!("{name}:{}", i + 1),
                    message: format!("unknown tag '{tag}'"),
                });
                continue;
            }
            cur = Some((k, vec![tok.to_string()]));
        } else if tag.starts_with("I-") {
            match &mut cur {
                Some((k, words)) if Some(*k) == kind => words.push(tok.to_string()),
                _ => {
                    // An I- without its B- starts a span, as most CoNLL readers do.
                    flush_span(&mut cur, &mut spans);
                    if let Some(k) = kind.filter(|k| matches!(k, 'S' | 'T' | 'R')) {
                        cur = Some((k, vec![tok.to_string()]));
                    }
                }
            }
        } else {
            flush_span(&mut cur, &mut spans);
            if tag != "O" {
                problems.push(GoldProblem {
                    at: format!("{name}:{}", i + 1),
                    message: format!("unknown tag '{tag}'"),
                });
            }
        }
    }
    (out, problems)
}

/// Our own gold JSONL.
pub fn read_jsonl(name: &str, text: &str) -> (Vec<GoldSentence>, Vec<GoldProblem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{name}:{}", i + 1);
        let v: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                problems.push(GoldProblem {
                    at,
                    message: format!("not JSON: {e}"),
                });
                continue;
            }
        };
        let Some(text) = v
            .get("text")
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty())
        else {
            problems.push(GoldProblem {
                at,
                message: "no \"text\"".into(),
            });
            continue;
        };
        let date = v
            .get("date")
            .and_then(Value::as_str)
            .and_then(petrel_text::document::parse_publication_date);
        let mut events = Vec::new();
        let mut bad = false;
        for e in v
            .get("events")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let s = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_string);
            match s("cameo").filter(|c| penta_of_root(c).is_some()) {
                Some(cameo) => events.push(GoldEvent {
                    source: s("source"),
                    target: s("target"),
                    cameo,
                }),
                None => bad = true,
            }
        }
        if bad {
            problems.push(GoldProblem {
                at: at.clone(),
                message: "an event without a CAMEO \"cameo\" code was left out".into(),
            });
        }
        out.push(GoldSentence {
            text: text.to_string(),
            date,
            events: Some(events),
            origin: at,
            ..GoldSentence::default()
        });
    }
    (out, problems)
}

fn read_xml(name: &str, text: &str) -> (Vec<GoldSentence>, Vec<GoldProblem>) {
    let s = petrel_dict::import::suite::read(name, text);
    let problems = s
        .problems
        .iter()
        .map(|p| GoldProblem {
            at: p.at.to_string(),
            message: p.message.clone(),
        })
        .collect();
    let out = s
        .records
        .into_iter()
        .filter(|r| r.not_a_test.is_none())
        .map(|r| GoldSentence {
            text: r.text,
            date: r.date,
            events: Some(
                r.expected
                    .into_iter()
                    .map(|e| GoldEvent {
                        source: Some(e.source),
                        target: Some(e.target),
                        cameo: e.code,
                    })
                    .collect(),
            ),
            origin: r.at.to_string(),
            ..GoldSentence::default()
        })
        .collect();
    (out, problems)
}

/// The content words of a span: sharing "the" or "of" with a gold span is no match.
fn words(s: &str) -> std::collections::HashSet<String> {
    const FUNCTION_WORDS: &[&str] = &[
        "a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "s",
        "its", "their", "his", "her",
    ];
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !FUNCTION_WORDS.contains(&w.as_str()))
        .collect()
}

/// Whether a coded actor's text shares a content word with one of the gold spans.
fn overlaps(text: &str, spans: &[String]) -> bool {
    let w = words(text);
    spans.iter().any(|s| words(s).iter().any(|x| w.contains(x)))
}

/// The share of sentences with a gold target span that some coded actor of the sentence
/// overlaps, whatever the events: a ceiling on the target span figure, since an event's
/// target is always one of the sentence's actors or a country it names as a place. Gold
/// targets that are neither ("the scheme", "an arms depot") cannot be reached.
fn target_within_reach(gold: &[GoldSentence], actors: &[Vec<String>]) -> Option<f64> {
    let (mut n, mut reach) = (0, 0);
    for (g, texts) in gold.iter().zip(actors) {
        let Some(sp) = &g.spans else { continue };
        let (_, gt) = sp.gold_actors();
        if gt.is_empty() {
            continue;
        }
        n += 1;
        if texts.iter().any(|t| overlaps(t, &gt)) {
            reach += 1;
        }
    }
    (n > 0).then(|| round(ratio(reach, n)))
}

/// One line of `--details`: a gold sentence, what was coded (its events and all the actors
/// found in it, which bound what a target could be), and whether the spans matched.
fn detail_line(g: &GoldSentence, evs: &[Event], actors: &[String]) -> Value {
    let hit = |gold: &[String], pick: &dyn Fn(&Event) -> Option<String>| -> Option<bool> {
        (!gold.is_empty()).then(|| evs.iter().filter_map(pick).any(|t| overlaps(&t, gold)))
    };
    let (source_hit, target_hit) = match &g.spans {
        Some(sp) => {
            let (gs, gt) = sp.gold_actors();
            (
                hit(&gs, &|e| Some(e.source.text.clone())),
                hit(&gt, &|e| e.target.as_ref().map(|t| t.text.clone())),
            )
        }
        None => (None, None),
    };
    json!({
        "text": g.text,
        "origin": g.origin,
        "gold_penta": g.penta,
        "gold_events": g.events.as_ref().map(|v| v.iter().map(|e| json!({
            "source": e.source, "target": e.target, "cameo": e.cameo})).collect::<Vec<_>>()),
        "gold_spans": g.spans.as_ref().map(|s| json!({
            "source": s.source, "target": s.target, "recip": s.recip})),
        "events": evs.iter().map(|e| json!({
            "source": e.source.text, "source_code": e.source.code.to_string(),
            "target": e.target.as_ref().map(|t| t.text.clone()),
            "target_code": e.target.as_ref().map(|t| t.code.to_string()),
            "cameo": e.cameo, "rule": e.rule})).collect::<Vec<_>>(),
        "actors": actors,
        "source_hit": source_hit,
        "target_hit": target_hit,
    })
}

/// Precision, recall and F1 counts for one label.
#[derive(Debug, Default, Clone, Copy)]
struct Prf {
    tp: usize,
    pred: usize,
    gold: usize,
}

impl Prf {
    fn json(&self) -> Value {
        let p = ratio(self.tp, self.pred);
        let r = ratio(self.tp, self.gold);
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        json!({"tp": self.tp, "predicted": self.pred, "gold": self.gold,
               "precision": round(p), "recall": round(r), "f1": round(f)})
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Adds multiset counts of labels to per-label P/R/F.
fn tally(table: &mut BTreeMap<String, Prf>, pred: &[String], gold: &[String]) {
    let mut g: HashMap<&String, usize> = HashMap::new();
    for x in gold {
        *g.entry(x).or_default() += 1;
        table.entry(x.clone()).or_default().gold += 1;
    }
    for x in pred {
        let e = table.entry(x.clone()).or_default();
        e.pred += 1;
        if let Some(n) = g.get_mut(x).filter(|n| **n > 0) {
            *n -= 1;
            e.tp += 1;
        }
    }
}

/// Scores coded events against gold sentences; the report as JSON.
pub fn score(gold: &[GoldSentence], coded: &[Vec<Event>]) -> Value {
    let n = gold.len();
    let mut coded_n = 0;
    let mut roots: BTreeMap<String, Prf> = BTreeMap::new();
    let mut quads: BTreeMap<String, Prf> = BTreeMap::new();
    let mut pentas: BTreeMap<String, Prf> = BTreeMap::new();
    let mut events_prf = Prf::default();
    let mut confusion: BTreeMap<(String, String), usize> = BTreeMap::new();
    let (mut spurious, mut total_events) = (0usize, 0usize);
    let (mut src_hit, mut src_n, mut tgt_hit, mut tgt_n) = (0, 0, 0, 0);
    let (mut code_src_hit, mut code_tgt_hit, mut code_n) = (0, 0, 0);
    for (g, evs) in gold.iter().zip(coded) {
        total_events += evs.len();
        if !evs.is_empty() {
            coded_n += 1;
        }
        let first_penta = evs.first().and_then(|e| penta_of_root(&e.root));
        let pred_label = first_penta.map_or("-".to_string(), |p| p.to_string());
        if let Some(label) = g.penta {
            // Sentence-level gold: the first event's class is the prediction.
            let gl = label.to_string();
            *confusion
                .entry((gl.clone(), pred_label.clone()))
                .or_default() += 1;
            let pred: Vec<String> = first_penta.map(|p| p.to_string()).into_iter().collect();
            tally(&mut pentas, &pred, std::slice::from_ref(&gl));
            let pq: Vec<String> = first_penta
                .map(|p| quad_of_penta(p).to_string())
                .into_iter()
                .collect();
            tally(&mut quads, &pq, &[quad_of_penta(label).to_string()]);
            spurious += evs
                .iter()
                .filter(|e| penta_of_root(&e.root) != Some(label))
                .count();
        }
        if let Some(gevs) = &g.events {
            let groot: Vec<String> = gevs.iter().map(|e| e.cameo[..2].to_string()).collect();
            let proot: Vec<String> = evs.iter().map(|e| e.root.clone()).collect();
            tally(&mut roots, &proot, &groot);
            let q = |v: &[String]| -> Vec<String> {
                v.iter()
                    .filter_map(|r| quad_of_root(r).map(|q| q.to_string()))
                    .collect()
            };
            tally(&mut quads, &q(&proot), &q(&groot));
            let p = |v: &[String]| -> Vec<String> {
                v.iter()
                    .filter_map(|r| penta_of_root(r).map(|q| q.to_string()))
                    .collect()
            };
            tally(&mut pentas, &p(&proot), &p(&groot));
            let gl = gevs
                .first()
                .and_then(|e| penta_of_root(&e.cameo))
                .map_or("-".to_string(), |p| p.to_string());
            *confusion.entry((gl, pred_label.clone())).or_default() += 1;
            // Whole events: source, target and code all equal.
            let key = |s: &Option<String>, t: &Option<String>, c: &str| {
                format!(
                    "{}|{}|{c}",
                    s.as_deref().unwrap_or("?"),
                    t.as_deref().unwrap_or("?")
                )
            };
            let ge: Vec<String> = gevs
                .iter()
                .map(|e| key(&e.source, &e.target, &e.cameo))
                .collect();
            let pe: Vec<String> = evs
                .iter()
                .map(|e| {
                    key(
                        &Some(e.source.code.to_string()),
                        &Some(
                            e.target
                                .as_ref()
                                .map_or("---".into(), |t| t.code.to_string()),
                        ),
                        &e.cameo,
                    )
                })
                .collect();
            let mut t = BTreeMap::new();
            tally(&mut t, &pe, &ge);
            let tp: usize = t.values().map(|x| x.tp).sum();
            events_prf.tp += tp;
            events_prf.pred += pe.len();
            events_prf.gold += ge.len();
            // Spurious: predicted events whose code matches no gold event.
            let mut left: Vec<&str> = gevs.iter().map(|e| e.cameo.as_str()).collect();
            for e in evs {
                match left.iter().position(|c| *c == e.cameo) {
                    Some(i) => {
                        left.remove(i);
                    }
                    None => spurious += 1,
                }
            }
            // Actor codes: for each gold event, a predicted event with the same code and actor.
            for ge in gevs {
                code_n += 1;
                let same = evs.iter().filter(|e| e.cameo == ge.cameo);
                let same: Vec<&Event> = same.collect();
                if same
                    .iter()
                    .any(|e| Some(e.source.code.to_string()) == ge.source)
                {
                    code_src_hit += 1;
                }
                if same
                    .iter()
                    .any(|e| e.target.as_ref().map(|t| t.code.to_string()) == ge.target)
                {
                    code_tgt_hit += 1;
                }
            }
        }
        if let Some(sp) = &g.spans {
            let (gs, gt) = sp.gold_actors();
            if !gs.is_empty() {
                src_n += 1;
                if evs.iter().any(|e| overlaps(&e.source.text, &gs)) {
                    src_hit += 1;
                }
            }
            if !gt.is_empty() {
                tgt_n += 1;
                if evs
                    .iter()
                    .any(|e| e.target.as_ref().is_some_and(|t| overlaps(&t.text, &gt)))
                {
                    tgt_hit += 1;
                }
            }
        }
    }
    let table = |t: &BTreeMap<String, Prf>| -> Value {
        Value::Object(t.iter().map(|(k, v)| (k.clone(), v.json())).collect())
    };
    let right = pentas.values().map(|p| p.tp).sum::<usize>();
    let mut report = json!({
        "sentences": n,
        "coded": coded_n,
        "coded_share": round(ratio(coded_n, n)),
        "events": total_events,
        "spurious_events_per_sentence": round(ratio(spurious, n)),
        "per_root": table(&roots),
        "per_quad": table(&quads),
        "per_penta": table(&pentas),
        "confusion_penta": confusion.iter().map(|((g, p), c)| json!({"gold": g, "predicted": p, "count": c})).collect::<Vec<_>>(),
    });
    if gold.iter().any(|g| g.penta.is_some()) {
        report["penta_right_share"] = json!(round(ratio(right, n)));
    }
    if gold.iter().any(|g| g.events.is_some()) {
        report["events_exact"] = events_prf.json();
        report["actor_code_match"] = json!({
            "gold_events": code_n,
            "source": round(ratio(code_src_hit, code_n)),
            "target": round(ratio(code_tgt_hit, code_n)),
        });
    }
    if src_n + tgt_n > 0 {
        report["actor_span_match"] = json!({
            "sentences_with_source": src_n, "source": round(ratio(src_hit, src_n)),
            "sentences_with_target": tgt_n, "target": round(ratio(tgt_hit, tgt_n)),
        });
    }
    report
}

fn format_of(path: &Path) -> GoldFormat {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "tsv" => GoldFormat::Tsv,
        "xml" => GoldFormat::Xml,
        "jsonl" | "json" => GoldFormat::Jsonl,
        _ => GoldFormat::Conll,
    }
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Attaches CoNLL spans to gold sentences by their text.
fn attach_spans(gold: &mut [GoldSentence], blocks: Vec<(String, Spans, String)>) -> usize {
    let mut by_key: HashMap<String, Spans> = HashMap::new();
    for (text, spans, _) in blocks {
        by_key.entry(align_key(&text)).or_insert(spans);
    }
    let mut n = 0;
    for g in gold.iter_mut() {
        if let Some(s) = by_key.get(&align_key(&g.text)) {
            g.spans = Some(s.clone());
            n += 1;
        }
    }
    n
}

fn print_text(report: &Value) {
    let f = |v: &Value| v.as_f64().unwrap_or(0.0);
    println!(
        "sentences {}  coded {:.1}%  events {}  spurious events per sentence {:.3}",
        report["sentences"],
        100.0 * f(&report["coded_share"]),
        report["events"],
        f(&report["spurious_events_per_sentence"])
    );
    if let Some(p) = report.get("penta_right_share") {
        println!(
            "penta class of the first event right: {:.1}% of all sentences",
            100.0 * f(p)
        );
    }
    if let Some(e) = report.get("events_exact") {
        println!(
            "whole events (source, target, code): precision {:.3} recall {:.3} F1 {:.3}",
            f(&e["precision"]),
            f(&e["recall"]),
            f(&e["f1"])
        );
    }
    for (name, key) in [
        ("root", "per_root"),
        ("quad", "per_quad"),
        ("penta", "per_penta"),
    ] {
        if let Some(t) = report[key].as_object().filter(|t| !t.is_empty()) {
            println!(
                "{name:>6}  {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
                "P", "R", "F1", "tp", "pred", "gold"
            );
            for (k, v) in t {
                println!(
                    "{k:>6}  {:>6.3} {:>6.3} {:>6.3} {:>6} {:>6} {:>6}",
                    f(&v["precision"]),
                    f(&v["recall"]),
                    f(&v["f1"]),
                    v["tp"],
                    v["predicted"],
                    v["gold"]
                );
            }
        }
    }
    let cells = report["confusion_penta"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if !cells.is_empty() {
        let cols = ["0", "1", "2", "3", "4", "-"];
        println!("gold\\pred {}", cols.map(|c| format!("{c:>5}")).join(""));
        for g in cols {
            let row: Vec<u64> = cols
                .iter()
                .map(|p| {
                    cells
                        .iter()
                        .find(|c| c["gold"] == g && c["predicted"] == *p)
                        .and_then(|c| c["count"].as_u64())
                        .unwrap_or(0)
                })
                .collect();
            if row.iter().any(|&x| x > 0) {
                println!(
                    "{g:>9} {}",
                    row.iter().map(|x| format!("{x:>5}")).collect::<String>()
                );
            }
        }
    }
    if let Some(a) = report.get("actor_span_match") {
        println!(
            "actor spans: source {:.1}% of {} sentences, target {:.1}% of {}",
            100.0 * f(&a["source"]),
            a["sentences_with_source"],
            100.0 * f(&a["target"]),
            a["sentences_with_target"]
        );
        if let Some(r) = a.get("target_within_reach") {
            println!(
                "  target span within reach (some coded actor of the sentence overlaps it): {:.1}%",
                100.0 * f(r)
            );
        }
    }
    if let Some(a) = report.get("actor_code_match") {
        println!(
            "actor codes (gold events with a same-code prediction and the same actor): source {:.1}%, target {:.1}%",
            100.0 * f(&a["source"]),
            100.0 * f(&a["target"])
        );
    }
}

pub fn run(args: EvalArgs) -> Result<u8> {
    let name = args.gold.display().to_string();
    let text = read_text(&args.gold)?;
    let format = args.format.unwrap_or_else(|| format_of(&args.gold));
    let (mut gold, mut problems) = match format {
        GoldFormat::Tsv => read_tsv(&name, &text),
        GoldFormat::Jsonl => read_jsonl(&name, &text),
        GoldFormat::Xml => read_xml(&name, &text),
        GoldFormat::Conll => {
            let (blocks, p) = read_conll(&name, &text);
            let gold = blocks
                .into_iter()
                .map(|(t, s, at)| GoldSentence {
                    text: t,
                    spans: Some(s),
                    origin: at,
                    ..GoldSentence::default()
                })
                .collect();
            (gold, p)
        }
    };
    if let Some(sp) = &args.spans {
        let sname = sp.display().to_string();
        let (blocks, p) = read_conll(&sname, &read_text(sp)?);
        problems.extend(p);
        let n = attach_spans(&mut gold, blocks);
        eprintln!(
            "petrel: {n} of {} sentences have actor spans (matched by text)",
            gold.len()
        );
    }
    for p in &problems {
        eprintln!("petrel: skipped {}: {}", p.at, p.message);
    }
    if gold.is_empty() {
        bail!("no gold sentences in {name}");
    }
    let dict = load_dictionary(&args.dicts, !args.json)?;
    let default_date = parse_date_arg(args.date.as_deref())?;
    let coder = Coder::new(
        &dict,
        CoderOptions {
            default_date,
            ..args.reading.coder_options()?
        },
    );
    // Each sentence's events, and the text of every coded actor in it (a bare country named
    // as a place too: place targets come from those).
    let (coded, actors): (Vec<Vec<Event>>, Vec<Vec<String>>) = gold
        .par_iter()
        .enumerate()
        .map(|(i, g)| {
            let doc = Document {
                id: format!("s{i}"),
                date: g.date,
                text: g.text.clone(),
                origin: g.origin.clone(),
                ..Document::default()
            };
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let coding = coder.code_document(&doc);
                let text = &coding.clean.text;
                let actors = coding
                    .sentences
                    .iter()
                    .flat_map(|s| {
                        s.actors
                            .iter()
                            .filter(|a| !a.codes.is_empty() && a.end > a.start)
                            .map(|a| s.sentence.words(text, a.start, a.end).to_string())
                    })
                    .collect();
                (coding.events().cloned().collect(), actors)
            }))
            .unwrap_or_default()
        })
        .unzip();
    if let Some(path) = &args.details {
        let mut out = String::new();
        for ((g, evs), actors) in gold.iter().zip(&coded).zip(&actors) {
            out.push_str(&detail_line(g, evs, actors).to_string());
            out.push('\n');
        }
        crate::output::write_atomically(path, out.as_bytes())?;
    }
    let mut report = score(&gold, &coded);
    if let Some(share) = target_within_reach(&gold, &actors) {
        report["actor_span_match"]["target_within_reach"] = json!(share);
    }
    report["gold"] = json!(name);
    report["problems"] = json!(problems.len());
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_text(&report);
    }
    Ok(if problems.is_empty() {
        0
    } else {
        crate::EXIT_SKIPPED
    })
}
