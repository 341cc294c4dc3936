//! End-to-end tests: the real binary on the project's own example documents and on garbage.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn petrel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_petrel"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run petrel")
}

fn petrel_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_petrel"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run petrel");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn events(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn has(evs: &[Value], src: &str, tgt: Option<&str>, root: &str) -> bool {
    evs.iter().any(|e| {
        e["source"]["code"] == src
            && e["root"] == root
            && match tgt {
                Some(t) => e["target"]["code"] == t,
                None => e["target"].is_null(),
            }
    })
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("petrel-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn web_text_example_codes_news_and_ignores_furniture_and_comments() {
    let out = petrel(&["code", "examples/geneva-talks.txt"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let evs = events(&out);
    // The headline: a reciprocal meeting, dated from the text (no publication date given).
    assert!(has(&evs, "RUSGOV", Some("USAGOV"), "04"), "{evs:#?}");
    assert!(has(&evs, "USAGOV", Some("RUSGOV"), "04"));
    assert!(
        has(&evs, "IGOWSTNAT", Some("RUS"), "02"),
        "NATO urged Russia: {evs:#?}"
    );
    for e in &evs {
        let s = e["sentence"].as_str().unwrap();
        assert!(
            !s.contains("invade everyone"),
            "a reader comment was coded: {s}"
        );
        assert!(
            !s.contains("Skip to main content"),
            "page furniture was coded: {s}"
        );
        assert!(
            !s.contains("Delegates arrive"),
            "a photo caption was coded: {s}"
        );
        // Every event names the rule and the words behind it: a pattern with its file and line,
        // or the statement rule.
        let rule = e["rule"].as_str().unwrap();
        assert!(
            rule.contains("dictionaries/")
                || (e["cameo"] == "010" && rule.starts_with("statement")),
            "{e}"
        );
        let (a, b) = (
            e["verb_span"][0].as_u64().unwrap(),
            e["verb_span"][1].as_u64().unwrap(),
        );
        assert!(a < b);
    }
    let talks = evs
        .iter()
        .find(|e| e["sentence"].as_str().unwrap().contains("held talks"))
        .expect("the talks sentence");
    assert_eq!(talks["date"], "2022-01-10");
    assert_eq!(talks["date_precision"], "day");
    let ids: std::collections::HashSet<&str> =
        evs.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), evs.len(), "event ids are unique");
}

#[test]
fn event_ids_are_stable_across_runs() {
    let a = events(&petrel(&["code", "examples/geneva-talks.txt"]));
    let b = events(&petrel(&["code", "examples/geneva-talks.txt"]));
    let ids = |v: &[Value]| v.iter().map(|e| e["id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b));
}

#[test]
fn jsonl_example_reports_the_empty_record_and_codes_the_rest() {
    let out = petrel(&["code", "examples/wire.jsonl"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "exit code 3 when input was skipped"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("examples/wire.jsonl:4"), "{err}");
    let evs = events(&out);
    assert!(has(&evs, "IGOEUREEC", Some("RUSLEG"), "16"), "{evs:#?}");
    assert!(
        has(&evs, "IND", Some("CHN"), "11"),
        "India accused China: {evs:#?}"
    );
    let visit = evs
        .iter()
        .find(|e| e["cameo"] == "042")
        .expect("Abe's visit");
    assert_eq!(visit["source"]["code"], "JPNGOV");
    assert_eq!(visit["date"], "2019-10", "'next month' from 2019-09-10");
    assert_eq!(visit["date_precision"], "month");
}

#[test]
fn html_example_keeps_comments_out() {
    let out = petrel(&["code", "examples/harbour-blockade.html"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let evs = events(&out);
    assert!(has(&evs, "USA", Some("COL"), "07"), "{evs:#?}");
    assert!(!evs
        .iter()
        .any(|e| e["sentence"].as_str().unwrap().contains("right now")));
}

#[test]
fn csv_output_has_a_header_and_rectangular_rows() {
    let out = petrel(&["code", "--format", "csv", "examples/geneva-talks.txt"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let rows = parse_csv(&text);
    assert!(rows.len() > 2);
    assert_eq!(rows[0][0], "id");
    for r in &rows {
        assert_eq!(r.len(), rows[0].len(), "{r:?}");
    }
    let cameo = rows[0].iter().position(|c| c == "cameo").unwrap();
    assert!(rows[1..].iter().all(|r| r[cameo].len() >= 3));
}

/// A small RFC 4180 reader, to check what a spreadsheet would see.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn garbage_is_reported_with_its_origin_and_the_rest_is_coded() {
    let dir = temp_dir("garbage");
    let good = dir.join("good.txt");
    std::fs::write(&good, "Russia and China held talks in Beijing on Monday.").unwrap();
    let binary = dir.join("binary.txt");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    let latin1 = dir.join("latin1.txt");
    std::fs::write(&latin1, b"Paris\n\xe9t\xe9 talks").unwrap();
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let jsonl = dir.join("bad.jsonl");
    std::fs::write(&jsonl, "{\"id\": \"ok\", \"text\": \"Israel attacked Hamas.\"}\nnot json\n{\"id\": \"no-text\"}\n{\"text\": 5}\n").unwrap();
    let paths: Vec<String> = [&good, &binary, &latin1, &empty, &jsonl]
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut args = vec!["code", "--date", "2020-01-06"];
    args.extend(paths.iter().map(String::as_str));
    let out = petrel(&args);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}: binary data", binary.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: invalid UTF-8", latin1.display())) && err.contains("line 2"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: empty document", empty.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:2: not JSON", jsonl.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:3: record has no 'text'", jsonl.display())),
        "{err}"
    );
    let evs = events(&out);
    assert!(
        has(&evs, "RUS", Some("CHN"), "04"),
        "the good file is still coded: {evs:#?}"
    );
    assert!(
        evs.iter().any(|e| e["doc_id"] == "ok"),
        "the good JSONL line is still coded"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn oversized_documents_are_skipped_not_loaded() {
    let dir = temp_dir("big");
    let big = dir.join("big.txt");
    std::fs::write(&big, "Russia attacked Ukraine. ".repeat(2000)).unwrap();
    let out = petrel(&["code", "--max-doc-bytes", "1000", big.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("over the limit"));
    assert!(out.stdout.is_empty());
    std::fs::remove_dir_all(&dir).ok();
}

/// A 200 MB document (a sparse file) is refused by its size, before it is read; a 200 MB JSONL
/// line is skipped while streaming; the small documents around them are coded.
#[test]
fn two_hundred_megabyte_inputs_are_skipped() {
    let dir = temp_dir("huge");
    let huge = dir.join("huge.txt");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let small = dir.join("small.txt");
    std::fs::write(&small, "Israel attacked Hamas on Monday.").unwrap();
    let lines = dir.join("lines.jsonl");
    {
        let mut f = std::fs::File::create(&lines).unwrap();
        f.write_all(b"{\"id\": \"a\", \"text\": \"Russia met China.\"}\n{\"text\": \"")
            .unwrap();
        let block = vec![b'x'; 1 << 20];
        for _ in 0..200 {
            f.write_all(&block).unwrap();
        }
        f.write_all(b"\"}\n{\"id\": \"c\", \"text\": \"Iran criticized Israel.\"}\n")
            .unwrap();
    }
    let out = petrel(&[
        "code",
        huge.to_str().unwrap(),
        small.to_str().unwrap(),
        lines.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}: document is 209715200 bytes", huge.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:2: line is over the limit", lines.display())),
        "{err}"
    );
    let evs = events(&out);
    assert!(evs.iter().any(|e| e["doc_id"] == "small"));
    assert!(evs.iter().any(|e| e["doc_id"] == "a") && evs.iter().any(|e| e["doc_id"] == "c"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn standard_input_and_publication_dates() {
    let out = petrel_stdin(
        &["code", "-", "--date", "2017-11-02"],
        b"Russia attacked Ukraine in March 2014. Russia met China last month.",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let evs = events(&out);
    let annex = evs.iter().find(|e| e["root"] == "19").expect("attack");
    assert_eq!(annex["date"], "2014-03");
    let meet = evs.iter().find(|e| e["root"] == "04").expect("meeting");
    assert_eq!(meet["date"], "2017-10");
    // Without any date, relative dates stay unresolved and dates are null, never invented.
    let out = petrel_stdin(&["code", "-"], b"Russia met China last month.");
    let evs = events(&out);
    assert!(!evs.is_empty());
    assert!(evs.iter().all(|e| e["date"].is_null()));
}

#[test]
fn bad_arguments_have_clear_errors() {
    let out = petrel(&["code", "--date", "yesterday", "examples/geneva-talks.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
    let out = petrel(&["code", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    let out = petrel(&["code", "no/such/file.txt"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt: cannot open"));
}

#[test]
fn no_pattern_no_event() {
    let out = petrel_stdin(
        &["code", "-"],
        b"Relations between Brazil and Argentina have a long history.",
    );
    assert!(out.status.success());
    assert!(
        events(&out).is_empty(),
        "no fallback code when nothing matched"
    );
}

#[test]
fn builtin_dictionaries_pass_the_linter_and_meet_the_sizes() {
    let out = petrel(&["dict", "check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = petrel(&["dict", "stats", "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["countries"].as_u64().unwrap() >= 195, "{v}");
    assert!(v["agents"].as_u64().unwrap() >= 300, "{v}");
    assert!(v["verb_patterns"].as_u64().unwrap() >= 1000, "{v}");
    assert!(v["people"].as_u64().unwrap() >= 500, "{v}");
    assert_eq!(v["cameo_roots_covered"], 20, "{v}");
    assert!(v.get("places").is_some());
}

#[test]
fn coverage_reports_each_member_state_and_office() {
    let out = petrel(&[
        "dict",
        "coverage",
        "--json",
        "--country",
        "usa",
        "--until",
        "2020-12-31",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let offices: Vec<&str> = rows.iter().map(|r| r["office"].as_str().unwrap()).collect();
    assert_eq!(offices, ["head", "foreign", "defence", "interior"]);
    for r in &rows {
        // 1990-01-01..2020-12-31; presidents and secretaries are listed without a gap, and
        // the years before the Department of Homeland Security are a declared vacancy.
        assert_eq!(r["total_days"], 11323, "{r}");
        assert!(r["share"].as_f64().unwrap() >= 0.99, "{r}");
    }
    let out = petrel(&["dict", "coverage", "--until", "2020-12-31"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("193 UN member states"), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.starts_with("interior ")).count(),
        1,
        "{text}"
    );
    let bad = petrel(&["dict", "coverage", "--country", "XYZ"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("XYZ is not a UN member"));
}

#[test]
fn user_dictionaries_add_and_report_bad_lines() {
    let dir = temp_dir("dict");
    std::fs::write(
        dir.join("mine.txt"),
        "org NORGOV Norwegian Refugee Council Mock\n  name Oslo Mediators\n040 parley with + {recip}\n999 nonsense +\n",
    )
    .unwrap();
    let out = petrel_stdin(
        &["code", "-", "--dict", dir.to_str().unwrap()],
        b"The Oslo Mediators parleyed with Colombia on Friday.",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("mine.txt:4") && err.contains("not a CAMEO code"),
        "{err}"
    );
    assert!(
        has(&events(&out), "NORGOV", Some("COL"), "04"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let check = petrel(&["dict", "check", "--dict", dir.to_str().unwrap()]);
    assert_eq!(
        check.status.code(),
        Some(1),
        "a dictionary error fails the check"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn explain_shows_actors_patterns_and_events() {
    let out = petrel(&[
        "explain",
        "Russian and US generals held a meeting in September.",
        "--date",
        "2017-10-06",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("'Russian and US generals' -> RUSMIL, USAMIL"),
        "{text}"
    );
    assert!(text.contains("RUSMIL -> USAMIL 04"), "{text}");
    assert!(text.contains("2017-09 (month)"), "{text}");
    // Whatever its parse, an anonymous company's statement is no event: it is not parsed.
    let out = petrel(&["explain", "A company said profits would fall."]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("parse: none"), "{text}");
    assert!(text.contains("events:\n    none"), "{text}");
    let out = petrel(&["explain", "Police said profits would fall."]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("parse: 1 Police"), "{text}");
    let out = petrel(&["explain", "--json", "Moscow attacked Kyiv."]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("explain --json is JSON");
    assert!(v["sentences"][0]["predicates"].as_array().is_some());
}

#[test]
fn help_teaches_with_examples() {
    let out = petrel(&["--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Examples:") && text.contains("Exit codes"),
        "{text}"
    );
    let out = petrel(&["code", "--help"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("--convention"));
}

#[test]
fn inferred_countries_are_marked_and_can_be_turned_off() {
    // "Police in Nairobi" names its country; "protesters" takes the event's place.
    let text: &[u8] = b"Police in Nairobi arrested dozens of protesters on Monday.";
    let out = petrel_stdin(&["code", "-"], text);
    assert!(out.status.success());
    let evs = events(&out);
    let arrest = evs.iter().find(|e| e["root"] == "17").expect("an arrest");
    assert_eq!(arrest["source"]["code"], "KENCOP");
    assert!(arrest["source"].get("country_inferred").is_none());
    assert_eq!(arrest["target"]["code"], "KENCVL");
    assert_eq!(arrest["target"]["country_inferred"], true);
    assert!(arrest["rule"]
        .as_str()
        .unwrap()
        .ends_with("[target country KEN from the event's place, Nairobi]"));

    let out = petrel_stdin(&["code", "-", "--no-inferred-countries"], text);
    let evs = events(&out);
    let arrest = evs.iter().find(|e| e["root"] == "17").expect("an arrest");
    assert_eq!(arrest["target"]["code"], "---CVL");
    assert!(arrest["target"]["country"].is_null());
    assert!(arrest["target"].get("country_inferred").is_none());
}
