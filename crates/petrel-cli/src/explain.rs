//! `petrel explain`: everything the coder saw in a sentence, and why it coded what it coded.

use anyhow::Result;
use petrel_coder::Coder;
use petrel_ontology::Cameo;
use petrel_text::Document;
use serde_json::json;

use crate::output::event_json;
use crate::{load_dictionary, parse_date_arg, ExplainArgs};

pub fn run(args: ExplainArgs) -> Result<u8> {
    let dict = load_dictionary(&args.dicts, true)?;
    let date = parse_date_arg(args.date.as_deref())?;
    let options = args.reading.coder_options()?;
    let syntax = options.syntax.is_some();
    let coder = Coder::new(&dict, options);
    let doc = Document {
        id: "explain".into(),
        text: args.text.clone(),
        date,
        ..Document::default()
    };
    let coding = coder.code_document(&doc);
    let text = &coding.clean.text;
    if args.json {
        let sentences: Vec<_> = coding
            .sentences
            .iter()
            .map(|s| {
                let tok = |i: usize| s.sentence.tokens.get(i).map_or("", |t| t.text(text));
                let span = |a: usize, b: usize| s.sentence.words(text, a, b);
                json!({
                    "index": s.sentence.index,
                    "block": s.sentence.block.name(),
                    "text": s.sentence.text(text),
                    "tokens": s.sentence.tokens.iter().map(|t| t.text(text)).collect::<Vec<_>>(),
                    "actors": s.actors.iter().map(|a| json!({
                        "text": span(a.start, a.end),
                        "codes": a.codes.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
                        "group": a.group,
                        "place": a.is_place,
                        "how": a.how,
                    })).collect::<Vec<_>>(),
                    "dates": s.dates.iter().map(|d| json!({
                        "text": span(d.first, d.end),
                        "date": d.date.iso(),
                        "precision": d.date.precision.name(),
                        "deadline_or_start": d.bound,
                    })).collect::<Vec<_>>(),
                    "predicates": s.predicates.iter().map(|p| json!({
                        "verb": tok(p.verb),
                        "code": p.code,
                        "source_group": p.source,
                        "target_group": p.target,
                        "negated": p.negated,
                        "hypothetical": p.hypothetical,
                        "rule": p.rule,
                        "note": p.note,
                    })).collect::<Vec<_>>(),
                    "events": s.events.iter().map(|e| serde_json::from_str::<serde_json::Value>(&event_json(e, "gdelt")).unwrap_or_default()).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(
                &json!({ "anchor_date": coding.anchor.map(|d| d.to_string()), "sentences": sentences })
            )?
        );
        return Ok(0);
    }
    let cameo = Cameo::get();
    match coding.anchor {
        Some(d) => println!("anchor date: {d}"),
        None => {
            println!("anchor date: none (give --date to resolve relative dates and dated roles)")
        }
    }
    for s in &coding.sentences {
        let toks = &s.sentence.tokens;
        let span = |a: usize, b: usize| text[toks[a].start..toks[b - 1].end].to_string();
        println!(
            "\nsentence {} [{}]: {}",
            s.sentence.index,
            s.sentence.block.name(),
            s.sentence.text(text)
        );
        println!(
            "  tokens: {}",
            toks.iter()
                .map(|t| t.text(text))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        if !s.sentence.block.is_coded() {
            println!("  (not coded: {} block)", s.sentence.block.name());
            continue;
        }
        if let Some(ps) = &s.parse {
            // "4 government NOUN nsubj>5": position, word, tag, label and head (0 = root).
            let words: Vec<String> = toks
                .iter()
                .enumerate()
                .take(ps.parsed)
                .map(|(i, t)| {
                    let head = ps.head[i].map_or(0, |h| h + 1);
                    let (tag, label) = (&ps.upos[i], &ps.deprel[i]);
                    format!("{} {} {tag} {label}>{head}", i + 1, t.text(text))
                })
                .collect();
            println!("  parse: {}", words.join(" | "));
            if ps.parsed < toks.len() {
                println!(
                    "  (words {} to {} not parsed: statements only, whose speakers come before)",
                    ps.parsed + 1,
                    toks.len()
                );
            }
        } else if syntax && !s.actors.is_empty() && !s.predicates.is_empty() {
            println!("  parse: none (too long, or no event it could give would be kept)");
        }
        println!("  actors:");
        if s.actors.is_empty() {
            println!("    none");
        }
        for a in &s.actors {
            let codes: Vec<String> = a.codes.iter().map(|c| c.to_string()).collect();
            println!(
                "    '{}' -> {}{}  (group {}; {})",
                span(a.start, a.end),
                if codes.is_empty() {
                    "unresolved".into()
                } else {
                    codes.join(", ")
                },
                if a.is_place { " [place]" } else { "" },
                a.group,
                a.how
            );
        }
        if !s.dates.is_empty() {
            println!("  dates:");
            for d in &s.dates {
                println!(
                    "    '{}' -> {} ({}){}",
                    span(d.first, d.end),
                    d.date.iso(),
                    d.date.precision.name(),
                    if d.bound {
                        " [deadline or start: not an event date]"
                    } else {
                        ""
                    }
                );
            }
        }
        println!("  predicates:");
        if s.predicates.is_empty() {
            println!("    none (no verb pattern matched: no event)");
        }
        for p in &s.predicates {
            println!(
                "    '{}' {} | source group {} | target group {}{}{}",
                toks[p.verb].text(text),
                p.code.as_deref().unwrap_or("no code"),
                p.source.map_or("none".into(), |g| g.to_string()),
                p.target.map_or("none".into(), |g| g.to_string()),
                if p.hypothetical {
                    " | hypothetical"
                } else {
                    ""
                },
                if p.note.is_empty() {
                    String::new()
                } else {
                    format!(" | {}", p.note)
                }
            );
            println!("      rule: {}", p.rule);
        }
        println!("  events:");
        if s.events.is_empty() {
            println!("    none");
        }
        for e in &s.events {
            println!(
                "    {} -> {} {} ({}, Goldstein {}) date {} ({}){}{}",
                e.source.code,
                e.target.as_ref().map_or("-".into(), |t| t.code.to_string()),
                e.cameo,
                cameo.lookup(&e.cameo).map_or("", |c| c.name),
                e.goldstein,
                e.date.map_or("none".into(), |d| d.iso()),
                e.date.map_or("", |d| d.precision.name()),
                if e.negated { " negated" } else { "" },
                if e.hypothetical { " hypothetical" } else { "" },
            );
        }
    }
    Ok(0)
}
