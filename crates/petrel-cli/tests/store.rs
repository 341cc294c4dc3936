//! The store from the command line: idempotent ingest, crash safety, queries.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn petrel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_petrel"))
        .args(args)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .output()
        .expect("run petrel")
}

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("petrel-store-cli-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&d).ok();
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A corpus of distinct documents (each a different text, so each its own content hash).
fn write_corpus(path: &Path, n: usize) {
    let countries = [
        "Russia", "China", "France", "Germany", "Japan", "India", "Brazil", "Egypt",
    ];
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        let a = countries[i % 8];
        let b = countries[(i / 8 + 1 + i % 8) % 8];
        writeln!(
            f,
            "{{\"id\": \"d{i}\", \"date\": \"2020-{:02}-{:02}\", \"text\": \"{a} met {b} on Monday to discuss trade (report {i}). {b} criticized {a} over item {i}.\"}}",
            1 + i % 12,
            1 + i % 28
        )
        .unwrap();
    }
}

fn counts(db: &Path) -> (i64, i64, i64) {
    let c = rusqlite::Connection::open(db).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let orphans: i64 = c
        .query_row(
            "SELECT count(*) FROM events WHERE doc NOT IN (SELECT id FROM documents)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0, "events without their document");
    let half: i64 = c
        .query_row("SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.doc = d.id)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(half, 0, "a document stored without its sentences");
    c.query_row(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(DISTINCT content_hash) FROM documents), (SELECT count(*) FROM events)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

#[test]
fn kill_minus_nine_mid_ingest_then_rerun_completes_without_duplicates() {
    let dir = temp("kill");
    let corpus = dir.join("corpus.jsonl");
    write_corpus(&corpus, 12_000);
    let clean_db = dir.join("clean.db");
    let out = petrel(&[
        "ingest",
        "--quiet",
        "--threads",
        "1",
        corpus.to_str().unwrap(),
        "--db",
        clean_db.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let clean = counts(&clean_db);
    assert_eq!(clean.0, 12_000);
    assert_eq!(clean.0, clean.1);

    let db = dir.join("killed.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_petrel"))
        .args([
            "ingest",
            "--quiet",
            "--threads",
            "1",
            corpus.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    child.kill().unwrap(); // SIGKILL on Unix: no chance to clean up
    child.wait().unwrap();
    let partial = counts(&db);
    assert!(partial.0 <= clean.0);
    assert_eq!(partial.0, partial.1, "no document stored twice");

    let out = petrel(&[
        "ingest",
        "--quiet",
        corpus.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(counts(&db), clean, "the rerun completes the job exactly");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn ingest_is_idempotent_and_queries_answer() {
    let dir = temp("query");
    let db = dir.join("ex.db");
    let dbs = db.to_str().unwrap();
    let first = petrel(&[
        "ingest",
        "examples/geneva-talks.txt",
        "examples/harbour-blockade.html",
        "--db",
        dbs,
    ]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = counts(&db);
    let again = petrel(&[
        "ingest",
        "examples/geneva-talks.txt",
        "examples/harbour-blockade.html",
        "--db",
        dbs,
    ]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("0 new documents (2 already stored)"));
    assert_eq!(counts(&db), before);

    let dyad = petrel(&[
        "dyad",
        "RUS",
        "USA",
        "--db",
        dbs,
        "--by",
        "day",
        "--undirected",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&dyad.stdout).unwrap();
    assert_eq!(v["quad_convention"], "gdelt");
    let periods = v["periods"].as_array().unwrap();
    assert_eq!(periods[0]["period"], "2022-01-10");
    let raw = periods[0]["raw"]["verbal_cooperation"].as_u64().unwrap();
    let distinct = periods[0]["deduplicated"]["verbal_cooperation"]
        .as_u64()
        .unwrap();
    assert!(
        raw >= 4 && distinct >= 1 && distinct <= raw,
        "{}",
        periods[0]
    );

    let events = petrel(&["events", "--db", dbs, "--actor", "USA", "--root", "07"]);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&events.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "the United States sent aid to Colombia");
    assert!(lines[0]["sentence"]
        .as_str()
        .unwrap()
        .contains("humanitarian aid"));

    // Unknown actors and injection attempts give empty results, not errors.
    for actor in ["ZZZ", "USA' OR '1'='1", "%", "_"] {
        let out = petrel(&["events", "--db", dbs, "--actor", actor]);
        assert!(out.status.success());
        assert!(out.stdout.is_empty(), "{actor}");
    }
    // A foreign file is named in the error.
    let out = petrel(&["dyad", "USA", "RUS", "--db", "Cargo.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Cargo.toml: not an SQLite database"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn read_only_database_aborts_cleanly() {
    let dir = temp("ro");
    let db = dir.join("ro.db");
    let dbs = db.to_str().unwrap();
    assert!(
        petrel(&["ingest", "examples/geneva-talks.txt", "--db", dbs])
            .status
            .success()
    );
    let before = counts(&db);
    let mut perms = std::fs::metadata(&dir).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o555);
    std::fs::set_permissions(&dir, perms.clone()).unwrap();
    let mut fperms = std::fs::metadata(&db).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut fperms, 0o444);
    std::fs::set_permissions(&db, fperms).unwrap();
    let out = petrel(&["ingest", "examples/harbour-blockade.html", "--db", dbs]);
    // Root ignores file permissions; then the ingest simply succeeds. Otherwise it must fail
    // with a message naming the file and leave the database as it was.
    if !out.status.success() {
        assert_eq!(out.status.code(), Some(1));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("ro.db"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(counts(&db), before);
    }
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&dir, perms).unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn exports_and_top_dyads() {
    let dir = temp("export");
    let db = dir.join("ex.db");
    let dbs = db.to_str().unwrap();
    assert!(petrel(&[
        "ingest",
        "--quiet",
        "examples/geneva-talks.txt",
        "examples/harbour-blockade.html",
        "--db",
        dbs
    ])
    .status
    .success());
    let (_, _, events) = counts(&db);
    let top = petrel(&["top", "--db", dbs, "--json"]);
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&top.stdout).lines().next().unwrap()).unwrap();
    assert!(first["distinct_events"].as_u64().unwrap() >= 1);
    for (format, ext) in [
        ("gdelt", "tsv"),
        ("icews", "tsv"),
        ("plover", "jsonl"),
        ("csv", "csv"),
    ] {
        let out = dir.join(format!("events-{format}.{ext}"));
        let run = petrel(&[
            "export",
            "--db",
            dbs,
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
            "--convention",
            "icews",
        ]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let text = std::fs::read_to_string(&out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        match format {
            "gdelt" => {
                assert!(lines[0].contains("QuadClass_icews"));
                assert!(
                    lines[1..].iter().all(|l| l.split('\t').count() == 61),
                    "61 GDELT columns"
                );
                assert_eq!(lines.len() as i64 - 1, events);
            }
            "icews" => {
                assert!(
                    lines[0].starts_with("Event ID\tEvent Date") && lines[0].contains("(icews)")
                );
                assert_eq!(lines.len() as i64 - 1, events);
            }
            "plover" => {
                assert_eq!(lines.len() as i64, events);
                for l in &lines {
                    let v: serde_json::Value = serde_json::from_str(l).unwrap();
                    assert_eq!(v["quad_convention"], "icews");
                    assert!(
                        v["event_type"].is_string()
                            || v["cameo"].as_str().unwrap().starts_with("01")
                    );
                }
            }
            _ => {
                assert!(lines[0].contains("convention: icews"));
                assert_eq!(lines.len() as i64 - 2, events);
            }
        }
    }
    // Parquet: a real Parquet file (magic bytes at both ends) with the convention in its metadata.
    let pq = dir.join("events.parquet");
    let run = petrel(&[
        "export",
        "--db",
        dbs,
        "--format",
        "parquet",
        "--out",
        pq.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let bytes = std::fs::read(&pq).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    assert!(bytes
        .windows(b"quad_convention".len())
        .any(|w| w == b"quad_convention"));
    use parquet::file::reader::FileReader;
    let reader =
        parquet::file::reader::SerializedFileReader::new(std::fs::File::open(&pq).unwrap())
            .unwrap();
    assert_eq!(
        reader.metadata().file_metadata().num_rows(),
        events,
        "every event in the Parquet file"
    );
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn recode_applies_a_dictionary_change() {
    let dir = temp("recode");
    let db = dir.join("r.db");
    let dbs = db.to_str().unwrap();
    assert!(
        petrel(&["ingest", "--quiet", "examples/wire.jsonl", "--db", dbs])
            .status
            .code()
            == Some(3)
    );
    let before = counts(&db);
    let dict = dir.join("dict");
    std::fs::create_dir_all(&dict).unwrap();
    std::fs::write(dict.join("extra.txt"), "160 halt * certification\n").unwrap();
    let out = petrel(&["recode", "--db", dbs, "--dict", dict.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = counts(&db);
    assert_eq!(after.0, before.0, "no document added or lost");
    assert_eq!(
        after.2,
        before.2 + 1,
        "Scholz halting the certification is now an event"
    );
    let ev = petrel(&["events", "--db", dbs, "--root", "16", "--actor", "DEU"]);
    assert!(String::from_utf8_lossy(&ev.stdout).contains("halt"));
    std::fs::remove_dir_all(&dir).ok();
}

/// The location objects `petrel code` gives the events of some files, by event id.
fn coded_locations(files: &[&str]) -> std::collections::HashMap<String, serde_json::Value> {
    let mut args = vec!["code", "--quiet"];
    args.extend_from_slice(files);
    let out = petrel(&args);
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["id"].as_str().unwrap().to_string(), v["location"].clone())
        })
        .collect()
}

#[test]
fn locations_travel_from_ingest_to_every_export_and_events() {
    let dir = temp("locations");
    let db = dir.join("loc.db");
    let dbs = db.to_str().unwrap();
    let files = [
        "examples/geneva-talks.txt",
        "examples/harbour-blockade.html",
    ];
    let coded = coded_locations(&files);
    let geneva = serde_json::json!({"name": "Geneva", "place": "Geneva", "country": "CHE",
        "lat": 46.2022, "lon": 6.1457, "precision": "city", "span": [76, 82], "from": "sentence"});
    assert_eq!(
        coded["0a50784ef2c4552e"], geneva,
        "the example the README shows"
    );
    assert!(
        coded.values().any(|l| l.is_null()),
        "an unlocated event too"
    );
    let mut args = vec!["ingest", "--quiet", "--db", dbs];
    args.extend_from_slice(&files);
    assert!(petrel(&args).status.success());

    // PLOVER JSONL and `petrel events`: the same location objects as `petrel code`.
    let out = dir.join("p.jsonl");
    let run = petrel(&[
        "export",
        "--db",
        dbs,
        "--format",
        "plover",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), coded.len());
    for l in text.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["location"], coded[v["event_id"].as_str().unwrap()], "{l}");
    }
    let events = petrel(&["events", "--db", dbs, "--limit", "1000"]);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&events.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), coded.len());
    for v in &lines {
        assert_eq!(v["location"], coded[v["id"].as_str().unwrap()]);
    }

    // CSV: the location columns of `petrel code --format csv`, empty without a location.
    let out = dir.join("e.csv");
    assert!(petrel(&[
        "export",
        "--db",
        dbs,
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap()
    ])
    .status
    .success());
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines().skip(1);
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        &header[header.len() - 5..],
        [
            "location_name",
            "location_country",
            "location_lat",
            "location_lon",
            "location_precision"
        ]
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), coded.len());
    let row = rows
        .iter()
        .find(|r| r.starts_with("0a50784ef2c4552e,"))
        .unwrap();
    assert!(row.ends_with(",Geneva,CHE,46.2022,6.1457,city"), "{row}");
    let unlocated = coded.iter().find(|(_, l)| l.is_null()).unwrap().0;
    let row = rows
        .iter()
        .find(|r| r.starts_with(&format!("{unlocated},")))
        .unwrap();
    assert!(row.ends_with(",,,,,"), "{row}");

    // GDELT ActionGeo and ICEWS place columns.
    let out = dir.join("g.tsv");
    assert!(petrel(&[
        "export",
        "--db",
        dbs,
        "--format",
        "gdelt",
        "--out",
        out.to_str().unwrap()
    ])
    .status
    .success());
    let text = std::fs::read_to_string(&out).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let geneva_numeric = u64::from_str_radix(&"0a50784ef2c4552e"[..15], 16)
        .unwrap()
        .to_string();
    let row: Vec<&str> = text
        .lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|r| r[0] == geneva_numeric)
        .unwrap();
    assert_eq!(row.len(), 61);
    assert_eq!(
        (
            row[col("ActionGeo_Type")],
            row[col("ActionGeo_FullName")],
            row[col("ActionGeo_Lat")],
            row[col("ActionGeo_Long")]
        ),
        ("4", "Geneva", "46.2022", "6.1457")
    );
    let out = dir.join("i.tsv");
    assert!(petrel(&[
        "export",
        "--db",
        dbs,
        "--format",
        "icews",
        "--out",
        out.to_str().unwrap()
    ])
    .status
    .success());
    let text = std::fs::read_to_string(&out).unwrap();
    let row: Vec<&str> = text
        .lines()
        .find(|l| l.starts_with("0a50784ef2c4552e\t"))
        .unwrap()
        .split('\t')
        .collect();
    assert_eq!(
        &row[14..20],
        ["Geneva", "", "", "Switzerland", "46.2022", "6.1457"]
    );

    // Parquet: location columns, null without a location.
    let pq = dir.join("e.parquet");
    assert!(petrel(&[
        "export",
        "--db",
        dbs,
        "--format",
        "parquet",
        "--out",
        pq.to_str().unwrap()
    ])
    .status
    .success());
    use parquet::file::reader::FileReader;
    use parquet::record::Field;
    let reader =
        parquet::file::reader::SerializedFileReader::new(std::fs::File::open(&pq).unwrap())
            .unwrap();
    let mut seen = 0;
    for row in reader.get_row_iter(None).unwrap() {
        let row = row.unwrap();
        let get = |name: &str| {
            row.get_column_iter()
                .find(|(n, _)| n.as_str() == name)
                .map(|(_, f)| f.clone())
                .unwrap()
        };
        let id = match get("event_id") {
            Field::Str(s) => s,
            other => panic!("{other:?}"),
        };
        let want = &coded[&id];
        if want.is_null() {
            assert_eq!(get("location_place"), Field::Null);
            assert_eq!(get("location_lat"), Field::Null);
        } else {
            assert_eq!(
                get("location_place"),
                Field::Str(want["place"].as_str().unwrap().into())
            );
            assert_eq!(
                get("location_precision"),
                Field::Str(want["precision"].as_str().unwrap().into())
            );
            assert_eq!(
                get("location_lat"),
                Field::Double(want["lat"].as_f64().unwrap())
            );
        }
        seen += 1;
    }
    assert_eq!(seen, coded.len());
    std::fs::remove_dir_all(&dir).ok();
}
