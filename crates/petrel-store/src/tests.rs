//! Store tests on documents coded with a small dictionary written here.

use super::*;
use chrono::NaiveDate;
use petrel_coder::{Coder, CoderOptions};
use petrel_dict::{Dictionary, DictionaryBuilder};

const DICT: &str = "\
country RUS Russia
  name Russia
country USA United States
  name United States
country UKR Ukraine
  name Ukraine
040 meet + {recip}
163 impose * sanctions on +
190 attack +
";

fn dict() -> Dictionary {
    let mut b = DictionaryBuilder::new();
    b.add_text("dictionaries/t.txt", DICT);
    b.build()
}

fn doc(id: &str, date: &str, text: &str) -> Document {
    Document {
        id: id.into(),
        text: text.into(),
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
        ..Document::default()
    }
}

fn temp_db(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("petrel-store-{name}-{}.db", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        std::fs::remove_file(format!("{}{suffix}", p.display())).ok();
    }
    p
}

/// Codes documents with the test dictionary.
fn code_all(docs: &[Document]) -> Vec<petrel_coder::DocumentCoding> {
    let d = dict();
    let coder = Coder::new(&d, CoderOptions::default());
    docs.iter().map(|x| coder.code_document(x)).collect()
}

/// Pairs documents with their codings, ready to store.
fn batch<'a>(
    docs: &'a [Document],
    codings: &'a [petrel_coder::DocumentCoding],
) -> Vec<CodedDocument<'a>> {
    docs.iter()
        .zip(codings)
        .map(|(doc, coding)| CodedDocument {
            doc,
            hash: content_hash(doc),
            coding,
        })
        .collect()
}

fn ingest(store: &mut Store, docs: &[Document]) -> IngestStats {
    let codings = code_all(docs);
    store.insert(&batch(docs, &codings)).unwrap()
}

fn corpus() -> Vec<Document> {
    vec![
        doc("a", "2017-01-10", "Russia met the United States."),
        doc(
            "b",
            "2017-01-20",
            "Russia attacked Ukraine. The United States imposed sanctions on Russia.",
        ),
        doc("c", "2017-02-03", "The United States met Russia."),
    ]
}

#[test]
fn ingesting_twice_changes_nothing() {
    let path = temp_db("twice");
    let mut s = Store::open(&path).unwrap();
    let first = ingest(&mut s, &corpus());
    assert_eq!(first.documents, 3);
    assert_eq!(first.events, 6);
    let again = ingest(&mut s, &corpus());
    assert_eq!(again, IngestStats::default());
    assert_eq!(s.counts().unwrap(), (3, 6));
    assert!(s.contains(&content_hash(&corpus()[0])).unwrap());
}

#[test]
fn dyad_series_by_month_and_conventions() {
    let path = temp_db("dyad");
    let mut s = Store::open(&path).unwrap();
    ingest(&mut s, &corpus());
    let rows = s
        .dyad(
            "RUS",
            "USA",
            Period::Month,
            QuadConvention::Gdelt,
            false,
            false,
        )
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].period, "2017-01");
    assert_eq!(rows[0].events, 1);
    assert_eq!(rows[0].quad[1], 1);
    assert_eq!(rows[1].period, "2017-02");
    let both = s
        .dyad(
            "USA",
            "RUS",
            Period::Month,
            QuadConvention::Gdelt,
            true,
            false,
        )
        .unwrap();
    assert_eq!(
        both[0].events, 3,
        "two meetings and the sanctions in January, both directions"
    );
    assert_eq!(both[0].quad[4], 1);
    assert_eq!(both[0].net_cooperation, 1);
    let g163 = f64::from(
        petrel_ontology::Cameo::get()
            .lookup("163")
            .unwrap()
            .goldstein,
    );
    assert!((both[0].goldstein_sum - (1.0 + 1.0 + g163)).abs() < 1e-6);
    let year = s
        .dyad(
            "USA",
            "RUS",
            Period::Year,
            QuadConvention::Gdelt,
            false,
            false,
        )
        .unwrap();
    assert_eq!(year.len(), 1);
    assert_eq!(year[0].events, 3);
}

#[test]
fn events_filter_and_resist_injection() {
    let path = temp_db("filter");
    let mut s = Store::open(&path).unwrap();
    ingest(&mut s, &corpus());
    let all = |f: EventFilter| s.events(&EventFilter { limit: 100, ..f }).unwrap();
    assert_eq!(all(EventFilter::default()).len(), 6);
    assert_eq!(
        all(EventFilter {
            actor: Some("UKR".into()),
            ..Default::default()
        })
        .len(),
        1
    );
    assert_eq!(
        all(EventFilter {
            root: Some("16".into()),
            ..Default::default()
        })
        .len(),
        1
    );
    assert_eq!(
        all(EventFilter {
            since: Some("2017-02".into()),
            ..Default::default()
        })
        .len(),
        2
    );
    assert_eq!(
        all(EventFilter {
            until: Some("2017-01-15".into()),
            ..Default::default()
        })
        .len(),
        2
    );
    let attack = &all(EventFilter {
        root: Some("19".into()),
        ..Default::default()
    })[0];
    assert_eq!(attack.sentence, "Russia attacked Ukraine.");
    // Injection attempts are just strings that match nothing.
    assert!(all(EventFilter {
        actor: Some("USA' OR '1'='1".into()),
        ..Default::default()
    })
    .is_empty());
    assert!(all(EventFilter {
        root: Some("19' OR 1=1 --".into()),
        ..Default::default()
    })
    .is_empty());
    assert!(s
        .dyad(
            "RUS' --",
            "USA",
            Period::Day,
            QuadConvention::Gdelt,
            true,
            false
        )
        .unwrap()
        .is_empty());
    assert!(s
        .dyad(
            "XYZ",
            "USA",
            Period::Day,
            QuadConvention::Gdelt,
            true,
            false
        )
        .unwrap()
        .is_empty());
    // Paging is bounded.
    assert_eq!(
        s.events(&EventFilter {
            limit: 0,
            ..Default::default()
        })
        .unwrap()
        .len(),
        1
    );
    assert_eq!(
        s.events(&EventFilter {
            limit: 2,
            offset: 5,
            ..Default::default()
        })
        .unwrap()
        .len(),
        1
    );
}

#[test]
fn foreign_and_corrupt_files_are_named() {
    let foreign = temp_db("foreign");
    {
        let c = Connection::open(&foreign).unwrap();
        c.execute_batch("CREATE TABLE x (y INTEGER);").unwrap();
    }
    let e = Store::open(&foreign)
        .err()
        .expect("a foreign database is refused");
    assert!(
        e.to_string().contains("not a petrel database")
            && e.to_string().contains(&foreign.display().to_string()),
        "{e}"
    );
    let junk = temp_db("junk");
    std::fs::write(
        &junk,
        b"this is not an sqlite file at all, just some text padding it out..............",
    )
    .unwrap();
    let e = Store::open(&junk).err().expect("junk is refused");
    assert!(e.to_string().contains("not an SQLite database"), "{e}");
    let missing = temp_db("missing");
    assert!(matches!(
        Store::open_read_only(&missing),
        Err(StoreError::Missing(_))
    ));
}

#[test]
fn read_only_store_reads() {
    let path = temp_db("ro");
    {
        let mut s = Store::open(&path).unwrap();
        ingest(&mut s, &corpus());
    }
    let r = Store::open_read_only(&path).unwrap();
    assert_eq!(r.counts().unwrap(), (3, 6));
}

#[test]
fn one_event_reported_by_two_outlets_is_one_cluster() {
    let path = temp_db("cluster");
    let mut s = Store::open(&path).unwrap();
    let mut a = doc(
        "wire-a",
        "2017-10-04",
        "Russia met the United States on October 3 in Moscow.",
    );
    a.source = Some("outlet-a".into());
    let mut b = doc(
        "wire-b",
        "2017-10-05",
        "On October 3, the United States met Russia, officials said.",
    );
    b.source = Some("outlet-b".into());
    let mut c = doc(
        "wire-c",
        "2017-12-20",
        "Russia met the United States on December 19.",
    );
    c.source = Some("outlet-a".into());
    ingest(&mut s, &[a, b, c]);
    let clusters = s.clusters(2, 100).unwrap();
    // RUS->USA and USA->RUS on October 3, each reported by both outlets.
    assert_eq!(clusters.len(), 2, "{clusters:#?}");
    assert!(clusters.iter().all(|c| c.num_sources == 2
        && c.num_articles == 2
        && c.from.as_str() <= "2017-10-03"
        && c.to.as_str() >= "2017-10-03"));
    assert_eq!(s.clusters(1, 100).unwrap().len(), 4);
    let rows = s
        .dyad(
            "RUS",
            "USA",
            Period::Month,
            QuadConvention::Gdelt,
            false,
            false,
        )
        .unwrap();
    assert_eq!(
        (rows[0].events, rows[0].clusters),
        (2, 1),
        "two reports, one event"
    );
    let one_a_day = s
        .dyad(
            "RUS",
            "USA",
            Period::Month,
            QuadConvention::Gdelt,
            false,
            true,
        )
        .unwrap();
    assert_eq!(one_a_day[0].events, 1);
}

#[test]
fn syndicated_copies_are_linked_to_the_original() {
    let path = temp_db("dups");
    let mut s = Store::open(&path).unwrap();
    let text = "Russia met the United States on Monday in Geneva to discuss arms control, the deployment of missiles in Europe and the future of the treaty, officials from both sides said after the talks ended late in the evening.";
    let a = doc("orig", "2017-10-04", text);
    let b = doc("copy", "2017-10-04", &format!("GENEVA (Wire) - {text}"));
    let c = doc("other", "2017-10-04", "Ukraine attacked Russia.");
    ingest(&mut s, &[a, b, c]);
    assert_eq!(
        s.duplicates().unwrap(),
        [("copy".to_string(), "orig".to_string())]
    );
    let clusters = s.clusters(1, 100).unwrap();
    let meeting = clusters.iter().find(|c| c.root == "04").unwrap();
    assert_eq!(
        (meeting.num_mentions, meeting.num_articles),
        (2, 1),
        "a copy is not a second article"
    );
}

#[test]
fn recode_replaces_events_after_a_dictionary_change() {
    let path = temp_db("recode");
    let mut s = Store::open(&path).unwrap();
    let docs = vec![doc(
        "x",
        "2017-03-01",
        "Russia attacked Ukraine on Monday. Russia met the United States on Tuesday.",
    )];
    ingest(&mut s, &docs);
    assert_eq!(s.counts().unwrap(), (1, 3));
    // A new dictionary without the attack pattern, with a new meeting pattern.
    let mut b = DictionaryBuilder::new();
    b.add_text("dictionaries/t.txt", &DICT.replace("190 attack +\n", ""));
    let d2 = b.build();
    let coder = Coder::new(&d2, CoderOptions::default());
    let stored = s.documents_after(0, 10).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].1.text, docs[0].text,
        "the text as read is kept for recoding"
    );
    let coding = coder.code_document(&stored[0].1);
    let stats = s.replace_coding(&[(stored[0].0, &coding)]).unwrap();
    assert_eq!(stats.events, 2);
    assert_eq!(s.counts().unwrap(), (1, 2));
    assert!(s
        .events(&EventFilter {
            root: Some("19".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap()
        .is_empty());
    // The attack's cluster is gone with its only event.
    assert!(s.clusters(1, 100).unwrap().iter().all(|c| c.root != "19"));
}

#[test]
fn a_full_disk_aborts_the_batch_with_nothing_half_written() {
    let path = temp_db("full");
    let mut s = Store::open(&path).unwrap();
    ingest(&mut s, &corpus()[..1]);
    let before = s.counts().unwrap();
    // Cap the file at its current size: the next batch cannot fit, as on a full disk.
    let pages: i64 = s
        .conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    s.conn
        .execute_batch(&format!("PRAGMA max_page_count = {pages}"))
        .unwrap();
    let big: Vec<Document> = (0..300)
        .map(|i| {
            doc(
                &format!("big{i}"),
                "2017-05-01",
                &format!(
                    "Russia attacked Ukraine near town {i}. {}",
                    "Long text. ".repeat(200)
                ),
            )
        })
        .collect();
    let codings = code_all(&big);
    let batch = batch(&big, &codings);
    let err = s.insert(&batch).expect_err("the batch cannot fit");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    assert_eq!(
        s.counts().unwrap(),
        before,
        "nothing of the failed batch remains"
    );
    let ok: String = s
        .conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    // With room again, the same batch goes in whole.
    s.conn
        .execute_batch("PRAGMA max_page_count = 1073741823")
        .unwrap();
    assert_eq!(s.insert(&batch).unwrap().documents, 300);
}

/// A database as schema 1 made it: the v1 tables, one document, its sentence and one event.
fn v1_database(path: &Path) {
    let c = Connection::open(path).unwrap();
    c.execute_batch(schema::DDL_V1).unwrap();
    c.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 1;"
    ))
    .unwrap();
    c.execute_batch(
        "INSERT INTO documents (id, content_hash, doc_id, published, text)
           VALUES (1, 'h1', 'old', '2017-01-10', 'Russia met the United States.');
         INSERT INTO sentences (doc, idx, start, end, block, text)
           VALUES (1, 0, 0, 29, 'body', 'Russia met the United States.');
         INSERT INTO events (doc, id, sentence_idx, date, date_precision, source_code, source_root,
           source_text, source_start, source_end, target_code, target_root, target_text,
           target_start, target_end, cameo, root, goldstein, plover, verb, verb_start, verb_end,
           negated, hypothetical, rule)
           VALUES (1, 'e1', 0, '2017-01-10', 'publication', 'RUS', 'RUS', 'Russia', 0, 6, 'USA',
             'USA', 'the United States', 11, 28, '040', '04', 1.0, 'CONSULT', 'met', 7, 10, 0, 0,
             'test');",
    )
    .unwrap();
}

fn user_version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn event_columns(path: &Path) -> Vec<String> {
    let c = Connection::open(path).unwrap();
    let mut stmt = c.prepare("PRAGMA table_info(events)").unwrap();
    let names = stmt
        .query_map([], |r| r.get::<_, String>(1))
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap();
    names
}

fn all_events(s: &Store) -> Vec<StoredEvent> {
    s.events(&EventFilter {
        limit: 100,
        ..EventFilter::default()
    })
    .unwrap()
}

#[test]
fn a_schema_1_database_is_read_and_then_upgraded_in_place() {
    let path = temp_db("v1");
    v1_database(&path);
    // Read-only: no upgrade, and the old event reads with no location.
    {
        let r = Store::open_read_only(&path).unwrap();
        assert_eq!(r.schema_version(), 1);
        let ev = all_events(&r);
        assert_eq!(ev.len(), 1);
        assert_eq!((ev[0].id.as_str(), ev[0].location.as_ref()), ("e1", None));
        let mut exported = Vec::new();
        r.for_each_export(|row| {
            exported.push(row.location.clone());
            Ok(())
        })
        .unwrap();
        assert_eq!(exported, vec![None]);
    }
    assert_eq!(user_version(&path), 1);
    // Opened for writing: upgraded, every event kept, old ones without a location.
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version(), SCHEMA_VERSION);
    assert_eq!(user_version(&path), 2);
    let columns = event_columns(&path);
    for (column, _) in schema::MIGRATIONS[0].add_columns {
        assert!(columns.iter().any(|c| c == column), "{column}: {columns:?}");
    }
    assert_eq!(s.counts().unwrap(), (1, 1));
    let ev = all_events(&s);
    assert_eq!(ev[0].sentence, "Russia met the United States.");
    assert_eq!(
        (ev[0].source_code.as_str(), ev[0].target_code.as_deref()),
        ("RUS", Some("USA"))
    );
    assert_eq!(ev[0].location, None);
    // New events get their locations in the upgraded file.
    ingest(
        &mut s,
        &[doc(
            "new",
            "2017-02-01",
            "Russia attacked Ukraine near Donetsk.",
        )],
    );
    let ev = all_events(&s);
    assert_eq!(ev.len(), 2);
    let located: Vec<_> = ev.iter().filter_map(|e| e.location.as_ref()).collect();
    assert_eq!(located.len(), 1);
    assert_eq!(
        (located[0].place.as_str(), located[0].country.as_str()),
        ("Donetsk", "UKR")
    );
    drop(s);
    // Opening again changes nothing.
    let s = Store::open(&path).unwrap();
    assert_eq!(s.counts().unwrap(), (2, 2));
    assert_eq!(event_columns(&path), columns);
}

#[test]
fn an_interrupted_upgrade_is_redone_on_the_next_open() {
    let path = temp_db("v1-interrupted");
    v1_database(&path);
    // Killed inside the upgrade transaction: nothing of it remains.
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "BEGIN IMMEDIATE; ALTER TABLE events ADD COLUMN location_name TEXT; PRAGMA user_version = 2;",
        )
        .unwrap();
        // Dropped without COMMIT: SQLite rolls back, as after a crash.
    }
    assert_eq!(user_version(&path), 1);
    assert!(!event_columns(&path).iter().any(|c| c == "location_name"));
    // A column added outside a transaction (by hand, or an older tool) is not added twice.
    Connection::open(&path)
        .unwrap()
        .execute_batch("ALTER TABLE events ADD COLUMN location_name TEXT;")
        .unwrap();
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version(), 2);
    assert_eq!(user_version(&path), 2);
    let columns = event_columns(&path);
    assert_eq!(
        columns
            .iter()
            .filter(|c| c.starts_with("location_"))
            .count(),
        9,
        "{columns:?}"
    );
    let ev = all_events(&s);
    assert_eq!((ev.len(), ev[0].location.as_ref()), (1, None));
}

#[test]
fn a_new_database_has_the_schema_an_upgraded_one_has() {
    let fresh = temp_db("fresh-schema");
    Store::open(&fresh).unwrap();
    let old = temp_db("upgraded-schema");
    v1_database(&old);
    Store::open(&old).unwrap();
    assert_eq!(event_columns(&fresh), event_columns(&old));
    assert_eq!(user_version(&fresh), SCHEMA_VERSION);
}

#[test]
fn locations_are_stored_and_returned_by_queries_exports_and_recode() {
    let path = temp_db("locations");
    let mut s = Store::open(&path).unwrap();
    let docs = vec![
        doc(
            "located",
            "2017-03-01",
            "Russia attacked Ukraine near Donetsk. Russia met the United States.",
        ),
        doc("plain", "2017-03-02", "The United States met Russia."),
    ];
    let codings = code_all(&docs);
    let coded = codings[0]
        .events()
        .next()
        .unwrap()
        .location
        .clone()
        .unwrap();
    assert_eq!(coded.place, "Donetsk");
    s.insert(&batch(&docs, &codings)).unwrap();

    let check = |s: &Store| {
        let ev = all_events(s);
        let attack = ev.iter().find(|e| e.cameo == "190").unwrap();
        let loc = attack.location.as_ref().expect("the attack's location");
        assert_eq!(
            (
                loc.name.as_str(),
                loc.place.as_str(),
                loc.country.as_str(),
                loc.precision.as_str(),
                loc.from.as_str()
            ),
            ("Donetsk", "Donetsk", "UKR", "city", "sentence")
        );
        assert_eq!((loc.lat, loc.lon), (coded.lat, coded.lon));
        assert!(loc.lat.is_some_and(|l| (l - 48.0).abs() < 1.0));
        assert_eq!(loc.span, coded.span);
        assert_eq!(loc.span, (29, 36));
        // Events whose sentence names no place have none.
        assert!(ev
            .iter()
            .filter(|e| e.cameo == "040")
            .all(|e| e.location.is_none()));
        let mut exported = Vec::new();
        s.for_each_export(|r| {
            exported.push((r.cameo.clone(), r.location.clone()));
            Ok(())
        })
        .unwrap();
        assert_eq!(exported.len(), ev.len());
        for (cameo, location) in exported {
            if cameo == "190" {
                assert_eq!(location.as_ref(), Some(loc));
            } else {
                assert_eq!(location, None);
            }
        }
    };
    check(&s);
    // The stored coordinate is the short decimal, not the f32's binary expansion.
    let lat: f64 = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT location_lat FROM events WHERE location_lat IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(lat.to_string(), coded.lat.unwrap().to_string());
    // Recoding keeps locations.
    let stored = s.documents_after(0, 10).unwrap();
    let recoded = code_all(&stored.iter().map(|(_, d)| d.clone()).collect::<Vec<_>>());
    let pairs: Vec<(i64, &petrel_coder::DocumentCoding)> = stored
        .iter()
        .map(|(id, _)| *id)
        .zip(recoded.iter())
        .collect();
    s.replace_coding(&pairs).unwrap();
    check(&s);
    // A read-only connection sees the same.
    check(&Store::open_read_only(&path).unwrap());
}
