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

fn ingest(store: &mut Store, docs: &[Document]) -> IngestStats {
    let d = dict();
    let coder = Coder::new(&d, CoderOptions::default());
    let codings: Vec<_> = docs.iter().map(|x| coder.code_document(x)).collect();
    let batch: Vec<CodedDocument<'_>> = docs
        .iter()
        .zip(&codings)
        .map(|(doc, coding)| CodedDocument {
            doc,
            hash: content_hash(doc),
            coding,
        })
        .collect();
    store.insert(&batch).unwrap()
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
        .dyad("RUS", "USA", Period::Month, QuadConvention::Gdelt, false)
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].period, "2017-01");
    assert_eq!(rows[0].events, 1);
    assert_eq!(rows[0].quad[1], 1);
    assert_eq!(rows[1].period, "2017-02");
    let both = s
        .dyad("USA", "RUS", Period::Month, QuadConvention::Gdelt, true)
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
        .dyad("USA", "RUS", Period::Year, QuadConvention::Gdelt, false)
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
        .dyad("RUS' --", "USA", Period::Day, QuadConvention::Gdelt, true)
        .unwrap()
        .is_empty());
    assert!(s
        .dyad("XYZ", "USA", Period::Day, QuadConvention::Gdelt, true)
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
