//! Coding behaviour, tested with data: every `tests/coding/NAME.txt` (a `date: YYYY-MM-DD` line,
//! a blank line, then the text) is coded by the real binary and compared with
//! `NAME.events.jsonl`, one line per event with the fields that matter for meaning.
//!
//! `UPDATE_EXPECT=1 cargo test -p petrel-cli --test coding` rewrites the expectations; review
//! the diff like code. A fixed bug becomes a new pair of files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

fn petrel() -> Command {
    Command::new(env!("CARGO_BIN_EXE_petrel"))
}

/// The meaning of an event, without ids, offsets and rule locations (which move when
/// dictionaries are edited).
fn project(e: &Value) -> Value {
    let code = |a: &Value| a.get("code").cloned().unwrap_or(Value::Null);
    json!({
        "sentence": e["sentence_index"],
        "source": code(&e["source"]),
        "target": if e["target"].is_null() { Value::Null } else { code(&e["target"]) },
        "cameo": e["cameo"],
        "date": e["date"],
        "precision": e["date_precision"],
        "negated": e["negated"],
        "hypothetical": e["hypothetical"],
        "verb": e["verb"],
        // Where: the resolved place, its country and precision, and whether the dateline said it.
        "location": match e.get("location") {
            Some(l) if !l.is_null() => json!(format!(
                "{} {} {}{}",
                l["place"].as_str().unwrap_or(""),
                l["country"].as_str().unwrap_or(""),
                l["precision"].as_str().unwrap_or(""),
                if l["from"] == "dateline" { " (dateline)" } else { "" }
            )),
            _ => Value::Null,
        },
    })
}

/// Codes one JSONL record with the real binary and gives its events; `what` names the input
/// in a failure.
fn code_record(record: &Value, what: &str) -> Vec<Value> {
    let mut child = petrel()
        .args(["code", "--quiet", "--input-format", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run petrel");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{record}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect()
}

fn code_document(path: &Path) -> Vec<String> {
    let raw = std::fs::read_to_string(path).expect("test document");
    let (first, text) = raw.split_once('\n').expect("a date line");
    let date = first
        .strip_prefix("date:")
        .expect("first line is 'date: YYYY-MM-DD'")
        .trim();
    let name = path.file_stem().unwrap().to_string_lossy().to_string();
    let record = json!({ "id": name, "date": date, "text": text.trim_start_matches('\n') });
    code_record(&record, &path.display().to_string())
        .iter()
        .map(|e| project(e).to_string())
        .collect()
}

#[test]
fn coding_expectations() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/coding");
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    docs.sort();
    assert!(docs.len() >= 20, "the corpus of coding tests is missing");
    let update = std::env::var("UPDATE_EXPECT").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    for doc in &docs {
        let got = code_document(doc);
        let expect_path = doc.with_extension("events.jsonl");
        let got_text = got.iter().map(|l| format!("{l}\n")).collect::<String>();
        if update {
            std::fs::write(&expect_path, &got_text).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&expect_path).unwrap_or_default();
        if want != got_text {
            failures.push(format!(
                "{}:\n--- expected\n{want}+++ got\n{got_text}",
                doc.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} documents coded differently (UPDATE_EXPECT=1 rewrites after review):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The words an event's target is read from are part of the output: a country target found
/// describing the place that was struck is named by that place ("shell Haifa, Israel's third
/// largest city": ISR, read from "Haifa"), and a place target from the country's name inside a
/// longer name is none ("Bikram Chand-led": a person, not the Indian town of Bikram).
#[test]
fn place_targets_are_named_by_the_place() {
    let text = "Hezbollah threatened to shell Haifa, Israel's third largest city. \
                Kathmandu will not remove the sanctions on the Bikram Chand-led party.";
    let record = json!({ "id": "t", "date": "2024-06-03", "text": text });
    let events = code_record(&record, "the Haifa document");
    let shell = events
        .iter()
        .find(|e| e["verb"] == "shell")
        .expect("the threat is coded");
    assert_eq!(shell["target"]["code"], "ISR");
    assert_eq!(shell["target"]["text"], "Haifa");
    assert!(shell["rule"]
        .as_str()
        .unwrap()
        .ends_with("[target named by its place, Haifa]"));
    assert!(
        events
            .iter()
            .all(|e| e["target"].is_null() || e["target"]["text"] != "Bikram"),
        "{events:?}"
    );
}
