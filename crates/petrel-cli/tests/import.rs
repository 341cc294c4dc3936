//! `petrel code` with imported PETRARCH/TABARI dictionaries written by the test itself.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("petrel-import-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn petrel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_petrel"))
        .args(args)
        .output()
        .expect("run petrel")
}

fn write(d: &Path, name: &str, text: &str) -> String {
    let p = d.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

const VERBS: &str = "\
&TIES
+DIPLOMATIC_TIES
+RELATIONS
--- RESTORE [064] ---
RESTORE
- * &TIES [064]
--- VISIT [042:043] ---
VISIT
- * BROKEN [[
";

const ACTORS: &str = "\
GONDOR [GON]
+GONDORIAN
ARNOR [ARN]
ARAGORN
\t[GONGOV >20010101]
\t[RNG]
BROKEN [A-B]
";

#[test]
fn imported_dictionaries_code_with_dated_roles_and_report_bad_lines() {
    let d = dir("code");
    let verbs = write(&d, "v.txt", VERBS);
    let actors = write(&d, "a.txt", ACTORS);
    let agents = write(&d, "ag.txt", "SOLDIER [~MIL]\n");
    let discards = write(&d, "d.txt", "+FOOTBALL\n");
    let input = write(
        &d,
        "in.jsonl",
        "{\"id\":\"old\",\"date\":\"1999-05-01\",\"text\":\"Aragorn visited Arnor.\"}\n\
         {\"id\":\"new\",\"date\":\"2005-05-01\",\"text\":\"Aragorn visited Arnor.\"}\n\
         {\"id\":\"ties\",\"date\":\"2005-05-01\",\"text\":\"Gondorian soldiers will restore diplomatic ties with Arnor.\"}\n\
         {\"id\":\"sport\",\"date\":\"2005-05-01\",\"text\":\"Aragorn visited Arnor for the football final.\"}\n",
    );
    let out = petrel(&[
        "code",
        "--verbs",
        &verbs,
        "--actors",
        &actors,
        "--agents",
        &agents,
        "--discards",
        &discards,
        "--quiet",
        &input,
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let events: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let find = |doc: &str, code: &str| {
        events
            .iter()
            .find(|e| e["doc_id"] == doc && e["cameo"] == code)
            .map(|e| {
                (
                    e["source"]["code"].as_str().unwrap_or("").to_string(),
                    e["target"]["code"].as_str().unwrap_or("").to_string(),
                )
            })
    };
    // The undated code before the restriction applies, the dated one after it.
    assert_eq!(
        find("old", "042"),
        Some(("RNG".into(), "ARN".into())),
        "{stdout}"
    );
    assert_eq!(
        find("new", "042"),
        Some(("GONGOV".into(), "ARN".into())),
        "{stdout}"
    );
    // The paired code gives the reverse event.
    assert_eq!(
        find("new", "043"),
        Some(("ARN".into(), "GONGOV".into())),
        "{stdout}"
    );
    // Agents combine with actors; synsets expand; the target comes from the clause.
    let ties = find("ties", "064").expect(&stdout);
    assert_eq!(ties.0, "GONMIL");
    assert_eq!(ties.1, "ARN");
    // A story-level discard drops the document.
    assert!(!events.iter().any(|e| e["doc_id"] == "sport"), "{stdout}");
    // Malformed lines: file and line, and the rest still loads.
    assert!(stderr.contains("a.txt:7: error"), "{stderr}");
    assert!(stderr.contains("v.txt:9: error"), "{stderr}");
}

#[test]
fn imported_over_default_dictionaries() {
    let d = dir("merge");
    let actors = write(&d, "a.txt", "GONDOR [GON]\n");
    let out = petrel(&[
        "explain",
        "Gondor attacked Russia.",
        "--actors",
        &actors,
        "--with-default-dicts",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let text = v.to_string();
    assert!(text.contains("\"GON\""), "{text}");
    assert!(
        text.contains("RUS"),
        "petrel's own dictionaries still apply: {text}"
    );
}
