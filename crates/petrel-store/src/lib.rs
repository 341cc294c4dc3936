//! The event store: coded documents in an embedded SQLite database.
//!
//! * A document is keyed by a hash of its content, so ingesting the same text twice changes
//!   nothing; its sentences, events and actor mentions are stored with it.
//! * Every batch is one transaction: a process killed at any moment leaves the database as it was
//!   after the last complete batch, and a rerun finishes the job without duplicates.
//! * Queries (`events`, `dyad`) use parameterised SQL only; actor arguments that are not codes
//!   give empty results rather than errors.
//!
//! This crate is a boundary crate: it knows SQL. It does no coding itself; it stores what
//! `petrel-coder` produced.

use std::path::{Path, PathBuf};

use petrel_coder::DocumentCoding;
use petrel_ontology::QuadConvention;
use petrel_text::Document;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

pub mod dedup;
mod schema;

pub use schema::SCHEMA_VERSION;

/// `PRAGMA application_id` of petrel databases ("petr").
const APPLICATION_ID: i64 = 0x7065_7472;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{0}: not a petrel database (it is an SQLite file made by another program); give another --db path")]
    Foreign(PathBuf),
    #[error("{0}: not an SQLite database (corrupt, or another kind of file)")]
    NotADatabase(PathBuf),
    #[error("{path}: made by a newer petrel (schema {found}, this petrel knows {known}); upgrade petrel")]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{0}: does not exist")]
    Missing(PathBuf),
    #[error("writing the export: {0}")]
    Write(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A content hash: 128-bit FNV-1a over title and text, hex. Stable across runs and platforms.
pub fn content_hash(doc: &Document) -> String {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x8422_2325_cbf2_9ce4;
    let mut feed = |bytes: &[u8]| {
        for &x in bytes {
            a ^= u64::from(x);
            a = a.wrapping_mul(0x0100_0000_01b3);
            b ^= u64::from(x.rotate_left(3));
            b = b.wrapping_mul(0x0000_0100_0000_01b3 | 0x1000);
        }
    };
    feed(doc.title.as_deref().unwrap_or("").as_bytes());
    feed(&[0xff]);
    feed(doc.text.as_bytes());
    format!("{a:016x}{b:016x}")
}

/// One document ready to store.
pub struct CodedDocument<'a> {
    pub doc: &'a Document,
    pub hash: String,
    pub coding: &'a DocumentCoding,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct IngestStats {
    pub documents: usize,
    pub events: usize,
    pub mentions: usize,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The file's schema version (below [`SCHEMA_VERSION`] only when opened read-only).
    version: i64,
}

/// Grouping of dates for dyadic series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
    Year,
}

/// One period of a dyadic series.
#[derive(Debug, Clone, PartialEq)]
pub struct DyadRow {
    pub period: String,
    /// Raw events (every report).
    pub events: u64,
    /// Raw counts per quad class 0..=4 (0 is used only by the Phoenix convention).
    pub quad: [u64; 5],
    /// Distinct events: clusters (events without a cluster count one each).
    pub clusters: u64,
    pub quad_clusters: [u64; 5],
    /// Goldstein sum and mean over raw events.
    pub goldstein_sum: f64,
    pub goldstein_mean: f64,
    /// Cooperative minus conflictual distinct events (quad classes 1+2 minus 3+4).
    pub net_cooperation: i64,
}

/// Filters for listing events.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Code prefix matched on either side ("USA", "RUSMIL").
    pub actor: Option<String>,
    pub root: Option<String>,
    /// Inclusive ISO date bounds (compared on the date string's prefix).
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: usize,
    pub offset: usize,
    /// Only events of this document.
    pub doc_id: Option<String>,
}

/// A stored document with its sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentView {
    pub doc_id: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    pub duplicate_of: Option<String>,
    /// (index, block kind, text)
    pub sentences: Vec<(i64, String, String)>,
}

/// A stored event, as queries return it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub id: String,
    pub doc_id: String,
    pub source_name: Option<String>,
    pub sentence_index: i64,
    pub sentence: String,
    pub date: Option<String>,
    pub date_precision: Option<String>,
    pub source_code: String,
    pub source_text: String,
    pub target_code: Option<String>,
    pub target_text: Option<String>,
    pub cameo: String,
    pub root: String,
    pub goldstein: f64,
    pub plover: Option<String>,
    pub verb: String,
    pub negated: bool,
    pub hypothetical: bool,
    pub rule: String,
    /// Byte spans inside `sentence`: source, target, verb (for highlighting the evidence).
    pub source_span: (usize, usize),
    pub target_span: Option<(usize, usize)>,
    pub verb_span: (usize, usize),
    /// Where the event happened, when the text says so.
    pub location: Option<StoredLocation>,
}

/// A stored event location (petrel-coder's `EventLocation`).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredLocation {
    /// The name as written.
    pub name: String,
    /// The gazetteer's place.
    pub place: String,
    /// ISO 3166-1 alpha-3.
    pub country: String,
    pub lat: Option<f32>,
    pub lon: Option<f32>,
    /// `city`, `region` or `country`.
    pub precision: String,
    /// Byte range of the name in the document's cleaned text.
    pub span: (usize, usize),
    /// `sentence` or `dateline`.
    pub from: String,
}

/// The nine location columns from `first` on (see [`Store::location_columns`]).
fn location_at(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Option<StoredLocation>> {
    let Some(name) = r.get::<_, Option<String>>(first)? else {
        return Ok(None);
    };
    let coord = |i: usize| -> rusqlite::Result<Option<f32>> {
        Ok(r.get::<_, Option<f64>>(first + i)?.map(|v| v as f32))
    };
    Ok(Some(StoredLocation {
        name,
        place: r.get::<_, Option<String>>(first + 1)?.unwrap_or_default(),
        country: r.get::<_, Option<String>>(first + 2)?.unwrap_or_default(),
        lat: coord(3)?,
        lon: coord(4)?,
        precision: r.get::<_, Option<String>>(first + 5)?.unwrap_or_default(),
        span: (
            r.get::<_, Option<i64>>(first + 6)?.unwrap_or(0).max(0) as usize,
            r.get::<_, Option<i64>>(first + 7)?.unwrap_or(0).max(0) as usize,
        ),
        from: r
            .get::<_, Option<String>>(first + 8)?
            .unwrap_or_else(|| "sentence".into()),
    }))
}

/// A coordinate as stored: the f32's shortest decimal form (46.2022, not 46.20220184326172),
/// which reads back as the same f32.
fn stored_coord(v: Option<f32>) -> Option<f64> {
    v.map(|v| v.to_string().parse().unwrap_or(f64::from(v)))
}

/// A document span made relative to its sentence's start.
fn span(sentence_start: i64, start: i64, end: i64) -> (usize, usize) {
    (
        (start - sentence_start).max(0) as usize,
        (end - sentence_start).max(0) as usize,
    )
}

/// Actor codes are letters and dashes; anything else cannot match and is not sent to SQL.
fn is_code(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_uppercase() || b == b'-')
}

impl Store {
    /// Opens (creating when absent) a petrel database for writing.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path).map_err(|e| classify(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            version: SCHEMA_VERSION,
        };
        store.prepare(true)?;
        Ok(store)
    }

    /// Opens an existing database read-only.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            version: SCHEMA_VERSION,
        };
        store.prepare(false)?;
        Ok(store)
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        classify(&self.path, e)
    }

    /// Checks that the file is ours (or empty, when writing), creates the schema, and upgrades
    /// an older schema in place when writing.
    fn prepare(&mut self, write: bool) -> Result<()> {
        let c = &self.conn;
        c.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| self.err(e))?;
        let app: i64 = c
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let version: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let tables: i64 = c
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if app == 0 && tables == 0 {
            if !write {
                return Err(StoreError::Foreign(self.path.clone()));
            }
            c.execute_batch("PRAGMA journal_mode = WAL;")
                .map_err(|e| self.err(e))?;
            // A new file is made the way an old one is upgraded: schema 1, then every step.
            let tx = self
                .conn
                .transaction()
                .map_err(|e| classify(&self.path, e))?;
            tx.execute_batch(schema::DDL_V1)
                .and_then(|()| migrate(&tx, 1))
                .and_then(|()| {
                    tx.execute_batch(&format!(
                        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"
                    ))
                })
                .and_then(|()| tx.commit())
                .map_err(|e| classify(&self.path, e))?;
            return self.tune();
        }
        if app != APPLICATION_ID {
            return Err(StoreError::Foreign(self.path.clone()));
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        self.version = version;
        if write {
            c.execute_batch("PRAGMA foreign_keys = ON;")
                .map_err(|e| self.err(e))?;
            if version < SCHEMA_VERSION {
                self.upgrade()?;
            }
        }
        self.tune()
    }

    /// Brings a database of an older schema to [`SCHEMA_VERSION`] in one transaction: a
    /// process killed during the upgrade leaves the old schema, and the next open upgrades it.
    /// Old events keep everything they had; what they lack (locations) is NULL.
    fn upgrade(&mut self) -> Result<()> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))?;
        // Another process may have upgraded the file since we read its version.
        let version: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(&path, e))?;
        if version >= SCHEMA_VERSION {
            self.version = version;
            return Ok(());
        }
        migrate(&tx, version)
            .and_then(|()| tx.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION};")))
            .and_then(|()| tx.commit())
            .map_err(|e| classify(&path, e))?;
        self.version = SCHEMA_VERSION;
        Ok(())
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> i64 {
        self.version
    }

    /// The location columns of `events e` in queries, or NULLs for a schema-1 file opened
    /// read-only (which has none).
    fn location_columns(&self) -> &'static str {
        if self.version >= 2 {
            "e.location_name, e.location_place, e.location_country, e.location_lat, e.location_lon,
             e.location_precision, e.location_start, e.location_end, e.location_from"
        } else {
            "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
        }
    }

    /// A page cache that holds the working set, and WAL's NORMAL sync (durable at checkpoints,
    /// never corrupt: a crash loses at most the last transactions, which a rerun redoes).
    fn tune(&self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA cache_size = -65536; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;")
            .map_err(|e| self.err(e))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether a document with this content hash is stored.
    pub fn contains(&self, hash: &str) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT 1 FROM documents WHERE content_hash = ?1",
                [hash],
                |_| Ok(()),
            )
            .optional()
            .map(|o| o.is_some())
            .map_err(|e| self.err(e))
    }

    /// Stores a batch of coded documents in one transaction. Documents already stored (same
    /// content) are skipped.
    pub fn insert(&mut self, batch: &[CodedDocument<'_>]) -> Result<IngestStats> {
        let path = self.path.clone();
        let e = |err| classify(&path, err);
        let tx = self.conn.transaction().map_err(e)?;
        let mut stats = IngestStats::default();
        let mut touched: Vec<i64> = Vec::new();
        {
            let mut doc_stmt = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO documents (content_hash, doc_id, source, url, published, title, text, origin, body, comments)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )
                .map_err(e)?;
            for item in batch {
                let d = item.doc;
                let changed = doc_stmt
                    .execute(params![
                        item.hash,
                        d.id,
                        d.source,
                        d.url,
                        d.date.map(|x| x.to_string()),
                        d.title,
                        item.coding.clean.text,
                        d.origin,
                        d.text,
                        d.comments
                    ])
                    .map_err(e)?;
                if changed == 0 {
                    continue; // the same content is stored already
                }
                let rowid = tx.last_insert_rowid();
                stats.documents += 1;
                link_duplicate(&tx, rowid, &item.coding.clean.text).map_err(e)?;
                insert_coding(&tx, rowid, item.coding, &mut stats).map_err(e)?;
                cluster_events(&tx, rowid, &mut touched).map_err(e)?;
            }
            refresh_clusters(&tx, &touched).map_err(e)?;
        }
        tx.commit().map_err(e)?;
        Ok(stats)
    }

    /// Stored documents in id order from `after` (exclusive), as read, for recoding.
    pub fn documents_after(&self, after: i64, limit: usize) -> Result<Vec<(i64, Document)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, doc_id, source, url, published, title, coalesce(body, text), comments, origin FROM documents
                 WHERE id > ?1 ORDER BY id LIMIT ?2",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![after, limit as i64], |r| {
                let published: Option<String> = r.get(4)?;
                Ok((
                    r.get::<_, i64>(0)?,
                    Document {
                        id: r.get(1)?,
                        source: r.get(2)?,
                        url: r.get(3)?,
                        date: published.and_then(|p| p.parse().ok()),
                        title: r.get(5)?,
                        text: r.get(6)?,
                        comments: r.get(7)?,
                        origin: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
                    },
                ))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))
    }

    /// Replaces the coding of stored documents (after a dictionary change) in one transaction:
    /// their sentences, events and mentions are recoded; clusters are updated and emptied ones
    /// removed.
    pub fn replace_coding(&mut self, batch: &[(i64, &DocumentCoding)]) -> Result<IngestStats> {
        let path = self.path.clone();
        let e = |err| classify(&path, err);
        let tx = self.conn.transaction().map_err(e)?;
        let mut stats = IngestStats::default();
        let mut touched: Vec<i64> = Vec::new();
        {
            let mut old_clusters = tx
                .prepare_cached(
                    "SELECT DISTINCT cluster FROM events WHERE doc = ?1 AND cluster IS NOT NULL",
                )
                .map_err(e)?;
            for (rowid, coding) in batch {
                let old: Vec<i64> = old_clusters
                    .query_map([rowid], |r| r.get(0))
                    .map_err(e)?
                    .collect::<rusqlite::Result<_>>()
                    .map_err(e)?;
                touched.extend(old);
                tx.execute("DELETE FROM events WHERE doc = ?1", [rowid])
                    .map_err(e)?;
                tx.execute("DELETE FROM sentences WHERE doc = ?1", [rowid])
                    .map_err(e)?;
                tx.execute("DELETE FROM mentions WHERE doc = ?1", [rowid])
                    .map_err(e)?;
                tx.execute(
                    "UPDATE documents SET text = ?2 WHERE id = ?1",
                    params![rowid, coding.clean.text],
                )
                .map_err(e)?;
                stats.documents += 1;
                insert_coding(&tx, *rowid, coding, &mut stats).map_err(e)?;
                cluster_events(&tx, *rowid, &mut touched).map_err(e)?;
            }
            touched.sort_unstable();
            touched.dedup();
            refresh_clusters(&tx, &touched).map_err(e)?;
            tx.execute("DELETE FROM clusters WHERE num_mentions = 0", [])
                .map_err(e)?;
        }
        tx.commit().map_err(e)?;
        Ok(stats)
    }

    /// Event clusters reported by at least `min_sources` outlets, the most reported first.
    pub fn clusters(&self, min_sources: u64, limit: usize) -> Result<Vec<Cluster>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.id, c.source_root, c.target_root, c.root, c.lo, c.hi, c.num_mentions, c.num_articles,
                        c.num_sources, c.first_seen, c.last_seen,
                        (SELECT group_concat(DISTINCT coalesce(d.source, d.doc_id)) FROM events e JOIN documents d ON d.id = e.doc WHERE e.cluster = c.id),
                        (SELECT s.text FROM events e JOIN sentences s ON s.doc = e.doc AND s.idx = e.sentence_idx WHERE e.cluster = c.id LIMIT 1)
                 FROM clusters c WHERE c.num_sources >= ?1
                 ORDER BY c.num_sources DESC, c.num_articles DESC, c.lo LIMIT ?2",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                params![min_sources as i64, limit.clamp(1, 10_000) as i64],
                |r| {
                    Ok(Cluster {
                        id: r.get(0)?,
                        source_root: r.get(1)?,
                        target_root: r.get(2)?,
                        root: r.get(3)?,
                        from: r.get(4)?,
                        to: r.get(5)?,
                        num_mentions: r.get::<_, i64>(6)? as u64,
                        num_articles: r.get::<_, i64>(7)? as u64,
                        num_sources: r.get::<_, i64>(8)? as u64,
                        first_seen: r.get(9)?,
                        last_seen: r.get(10)?,
                        outlets: r
                            .get::<_, Option<String>>(11)?
                            .map(|s| s.split(',').map(str::to_string).collect())
                            .unwrap_or_default(),
                        example: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
                    })
                },
            )
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))
    }

    /// The most active dyads, by distinct events.
    pub fn top_dyads(&self, limit: usize) -> Result<Vec<DyadActivity>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT source_root, target_root, count(*), count(DISTINCT coalesce('c' || cluster, 'e' || doc || ':' || id)), avg(goldstein)
                 FROM events WHERE target_root IS NOT NULL AND source_root <> target_root
                 GROUP BY source_root, target_root ORDER BY 4 DESC, 3 DESC, 1, 2 LIMIT ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([limit.clamp(1, 10_000) as i64], |r| {
                Ok(DyadActivity {
                    source: r.get(0)?,
                    target: r.get(1)?,
                    reports: r.get::<_, i64>(2)? as u64,
                    distinct_events: r.get::<_, i64>(3)? as u64,
                    goldstein_mean: r.get(4)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))
    }

    /// Streams every stored event with what exports need, in date order.
    pub fn for_each_export(
        &self,
        mut f: impl FnMut(&ExportRow) -> std::io::Result<()>,
    ) -> Result<u64> {
        // The location columns are one of two fixed strings, never input.
        let sql = format!(
            "SELECT e.id, d.doc_id, d.source, d.url, d.published, e.sentence_idx, s.text, e.date, e.date_precision,
                    e.source_code, e.source_root, e.source_text, e.target_code, e.target_root, e.target_text,
                    e.cameo, e.root, e.goldstein, e.plover, c.num_mentions, c.num_sources, c.num_articles, d.ingested_at,
                    e.cluster, e.negated, e.hypothetical, {}
             FROM events e JOIN documents d ON d.id = e.doc
             JOIN sentences s ON s.doc = e.doc AND s.idx = e.sentence_idx
             LEFT JOIN clusters c ON c.id = e.cluster
             ORDER BY e.date, d.id, e.sentence_idx, e.id",
            self.location_columns()
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let get = |e: rusqlite::Error| classify(&self.path, e);
            let row = ExportRow {
                id: r.get(0).map_err(get)?,
                doc_id: r.get(1).map_err(get)?,
                outlet: r.get(2).map_err(get)?,
                url: r.get(3).map_err(get)?,
                published: r.get(4).map_err(get)?,
                sentence_index: r.get(5).map_err(get)?,
                sentence: r.get(6).map_err(get)?,
                date: r.get(7).map_err(get)?,
                date_precision: r.get(8).map_err(get)?,
                source_code: r.get(9).map_err(get)?,
                source_root: r.get(10).map_err(get)?,
                source_text: r.get(11).map_err(get)?,
                target_code: r.get(12).map_err(get)?,
                target_root: r.get(13).map_err(get)?,
                target_text: r.get(14).map_err(get)?,
                cameo: r.get(15).map_err(get)?,
                root: r.get(16).map_err(get)?,
                goldstein: r.get(17).map_err(get)?,
                plover: r.get(18).map_err(get)?,
                num_mentions: r.get::<_, Option<i64>>(19).map_err(get)?.unwrap_or(1) as u64,
                num_sources: r.get::<_, Option<i64>>(20).map_err(get)?.unwrap_or(1) as u64,
                num_articles: r.get::<_, Option<i64>>(21).map_err(get)?.unwrap_or(1) as u64,
                ingested_at: r.get(22).map_err(get)?,
                cluster: r.get(23).map_err(get)?,
                negated: r.get(24).map_err(get)?,
                hypothetical: r.get(25).map_err(get)?,
                location: location_at(r, 26).map_err(get)?,
            };
            f(&row).map_err(|e| StoreError::Write(e.to_string()))?;
            n += 1;
        }
        Ok(n)
    }

    /// A stored document by its id, with its sentences.
    pub fn document(&self, doc_id: &str) -> Result<Option<DocumentView>> {
        let head = self
            .conn
            .query_row(
                "SELECT d.id, d.doc_id, d.source, d.url, d.published, d.title, o.doc_id FROM documents d
                 LEFT JOIN documents o ON o.id = d.duplicate_of WHERE d.doc_id = ?1 ORDER BY d.id LIMIT 1",
                [doc_id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        DocumentView {
                            doc_id: r.get(1)?,
                            outlet: r.get(2)?,
                            url: r.get(3)?,
                            published: r.get(4)?,
                            title: r.get(5)?,
                            duplicate_of: r.get(6)?,
                            sentences: Vec::new(),
                        },
                    ))
                },
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((rowid, mut view)) = head else {
            return Ok(None);
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT idx, block, text FROM sentences WHERE doc = ?1 ORDER BY idx")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([rowid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(|e| self.err(e))?;
        view.sentences = rows
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        Ok(Some(view))
    }

    /// Documents marked as near-duplicates of an earlier one: (doc_id, original doc_id).
    pub fn duplicates(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT d.doc_id, o.doc_id FROM documents d JOIN documents o ON o.id = d.duplicate_of ORDER BY d.id")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))
    }

    /// Counts of documents and events.
    pub fn counts(&self) -> Result<(u64, u64)> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events)",
                [],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
            )
            .map_err(|e| self.err(e))
    }

    /// Lists events, newest first, with bounded paging.
    pub fn events(&self, f: &EventFilter) -> Result<Vec<StoredEvent>> {
        if f.actor.as_deref().is_some_and(|a| !is_code(a)) {
            return Ok(Vec::new());
        }
        let limit = f.limit.clamp(1, 10_000) as i64;
        let offset = f.offset.min(10_000_000) as i64;
        // The location columns are one of two fixed strings, never input.
        let sql = format!(
            "SELECT e.id, d.doc_id, d.source, e.sentence_idx, s.text,
                        e.date, e.date_precision, e.source_code, e.source_text, e.target_code, e.target_text,
                        e.cameo, e.root, e.goldstein, e.plover, e.verb, e.negated, e.hypothetical, e.rule,
                        s.start, e.source_start, e.source_end, e.target_start, e.target_end, e.verb_start, e.verb_end,
                        {}
                 FROM events e JOIN documents d ON d.id = e.doc
                 JOIN sentences s ON s.doc = e.doc AND s.idx = e.sentence_idx
                 WHERE (?1 IS NULL OR substr(e.source_code, 1, length(?1)) = ?1 OR substr(e.target_code, 1, length(?1)) = ?1)
                   AND (?2 IS NULL OR e.root = ?2)
                   AND (?3 IS NULL OR e.date >= ?3)
                   AND (?4 IS NULL OR substr(e.date, 1, length(?4)) <= ?4)
                   AND (?7 IS NULL OR d.doc_id = ?7)
                 ORDER BY e.date DESC, d.id, e.sentence_idx, e.id
                 LIMIT ?5 OFFSET ?6",
            self.location_columns()
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(
                params![f.actor, f.root, f.since, f.until, limit, offset, f.doc_id],
                |r| {
                    Ok(StoredEvent {
                        id: r.get(0)?,
                        doc_id: r.get(1)?,
                        source_name: r.get(2)?,
                        sentence_index: r.get(3)?,
                        sentence: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                        date: r.get(5)?,
                        date_precision: r.get(6)?,
                        source_code: r.get(7)?,
                        source_text: r.get(8)?,
                        target_code: r.get(9)?,
                        target_text: r.get(10)?,
                        cameo: r.get(11)?,
                        root: r.get(12)?,
                        goldstein: r.get(13)?,
                        plover: r.get(14)?,
                        verb: r.get(15)?,
                        negated: r.get(16)?,
                        hypothetical: r.get(17)?,
                        rule: r.get(18)?,
                        source_span: span(r.get(19)?, r.get(20)?, r.get(21)?),
                        target_span: match (
                            r.get::<_, Option<i64>>(22)?,
                            r.get::<_, Option<i64>>(23)?,
                        ) {
                            (Some(a), Some(b)) => Some(span(r.get(19)?, a, b)),
                            _ => None,
                        },
                        verb_span: span(r.get(19)?, r.get(24)?, r.get(25)?),
                        location: location_at(r, 26)?,
                    })
                },
            )
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r.map_err(|e| self.err(e))?);
        }
        Ok(out)
    }

    /// The series of events from `a` to `b` (and back, when `undirected`), per period: raw
    /// counts side by side with counts of distinct event clusters (one real event reported by
    /// many articles counts once). With `one_a_day`, events with the same date, actors and code
    /// count once (Phoenix's filter). Events whose date is coarser than the period (a year in a
    /// monthly series) and events without a date are left out.
    pub fn dyad(
        &self,
        a: &str,
        b: &str,
        by: Period,
        convention: QuadConvention,
        undirected: bool,
        one_a_day: bool,
    ) -> Result<Vec<DyadRow>> {
        if !is_code(a) || !is_code(b) {
            return Ok(Vec::new());
        }
        let (bucket, precisions) = match by {
            Period::Day => ("substr(date, 1, 10)", "('day', 'publication')"),
            Period::Week => (
                "strftime('%Y-W%W', substr(date, 1, 10))",
                "('day', 'publication')",
            ),
            Period::Month => ("substr(date, 1, 7)", "('day', 'publication', 'month')"),
            Period::Year => (
                "substr(date, 1, 4)",
                "('day', 'publication', 'month', 'year')",
            ),
        };
        let selected = if one_a_day {
            "SELECT date, root, max(goldstein) AS goldstein, min(cluster) AS cluster, min(doc) AS doc, min(id) AS id
             FROM matching GROUP BY date, source_code, target_code, cameo"
        } else {
            "SELECT date, root, goldstein, cluster, doc, id FROM matching"
        };
        // The bucket, precision list and selection are fixed strings chosen above, never input.
        let sql = format!(
            "WITH matching AS (
                SELECT * FROM events
                WHERE date IS NOT NULL AND date_precision IN {precisions}
                  AND ((substr(source_code, 1, length(?1)) = ?1 AND substr(target_code, 1, length(?2)) = ?2)
                    OR (?3 AND substr(source_code, 1, length(?2)) = ?2 AND substr(target_code, 1, length(?1)) = ?1))),
             ev AS ({selected})
             SELECT {bucket} AS p, root, count(*), sum(goldstein),
                    count(DISTINCT coalesce('c' || cluster, 'e' || doc || ':' || id))
             FROM ev GROUP BY p, root ORDER BY p"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![a, b, undirected], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, f64>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out: Vec<DyadRow> = Vec::new();
        for row in rows {
            let (period, root, n, gold, distinct) = row.map_err(|e| self.err(e))?;
            let quad = root
                .parse::<u8>()
                .ok()
                .and_then(|r| convention.quad_class(r))
                .unwrap_or(0) as usize;
            if out.last().is_none_or(|r| r.period != period) {
                out.push(DyadRow {
                    period,
                    events: 0,
                    quad: [0; 5],
                    clusters: 0,
                    quad_clusters: [0; 5],
                    goldstein_sum: 0.0,
                    goldstein_mean: 0.0,
                    net_cooperation: 0,
                });
            }
            let r = out.last_mut().expect("just pushed");
            r.events += n as u64;
            r.quad[quad] += n as u64;
            r.clusters += distinct as u64;
            r.quad_clusters[quad] += distinct as u64;
            r.goldstein_sum += gold;
        }
        for r in &mut out {
            r.goldstein_mean = if r.events > 0 {
                r.goldstein_sum / r.events as f64
            } else {
                0.0
            };
            r.net_cooperation = (r.quad_clusters[1] + r.quad_clusters[2]) as i64
                - (r.quad_clusters[3] + r.quad_clusters[4]) as i64;
        }
        Ok(out)
    }
}

/// How active a dyad is.
#[derive(Debug, Clone, PartialEq)]
pub struct DyadActivity {
    pub source: String,
    pub target: String,
    pub reports: u64,
    pub distinct_events: u64,
    pub goldstein_mean: f64,
}

/// One event with its document and cluster, for exports.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub id: String,
    pub doc_id: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub sentence_index: i64,
    pub sentence: String,
    pub date: Option<String>,
    pub date_precision: Option<String>,
    pub source_code: String,
    pub source_root: String,
    pub source_text: String,
    pub target_code: Option<String>,
    pub target_root: Option<String>,
    pub target_text: Option<String>,
    pub cameo: String,
    pub root: String,
    pub goldstein: f64,
    pub plover: Option<String>,
    pub num_mentions: u64,
    pub num_sources: u64,
    pub num_articles: u64,
    pub ingested_at: String,
    pub cluster: Option<i64>,
    pub negated: bool,
    pub hypothetical: bool,
    pub location: Option<StoredLocation>,
}

/// One real-world event as reported across documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub id: i64,
    pub source_root: String,
    pub target_root: String,
    pub root: String,
    /// The days the event can have happened on (inclusive).
    pub from: String,
    pub to: String,
    pub num_mentions: u64,
    pub num_articles: u64,
    pub num_sources: u64,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub outlets: Vec<String>,
    pub example: String,
}

/// Stores a document's sentences, actor mentions and events.
fn insert_coding(
    tx: &rusqlite::Transaction<'_>,
    rowid: i64,
    coding: &DocumentCoding,
    stats: &mut IngestStats,
) -> rusqlite::Result<()> {
    let mut sent_stmt = tx.prepare_cached(
        "INSERT INTO sentences (doc, idx, start, end, block, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut ev_stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO events (doc, id, sentence_idx, date, date_precision,
           source_code, source_root, source_text, source_start, source_end,
           target_code, target_root, target_text, target_start, target_end,
           cameo, root, goldstein, plover, verb, verb_start, verb_end, negated, hypothetical, rule,
           location_name, location_place, location_country, location_lat, location_lon,
           location_precision, location_start, location_end, location_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25,
                 ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34)",
    )?;
    let mut mention_stmt = tx.prepare_cached(
        "INSERT INTO mentions (doc, sentence_idx, start, end, code) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for s in &coding.sentences {
        let sent = &s.sentence;
        sent_stmt.execute(params![
            rowid,
            sent.index as i64,
            sent.range.start as i64,
            sent.range.end as i64,
            sent.block.name(),
            sent.text(&coding.clean.text)
        ])?;
        for a in &s.actors {
            for code in &a.codes {
                let (start, end) = (sent.tokens[a.start].start, sent.tokens[a.end - 1].end);
                mention_stmt.execute(params![
                    rowid,
                    sent.index as i64,
                    start as i64,
                    end as i64,
                    code.to_string()
                ])?;
                stats.mentions += 1;
            }
        }
        for ev in &s.events {
            let t = ev.target.as_ref();
            let l = ev.location.as_ref();
            ev_stmt.execute(params![
                rowid,
                ev.id,
                ev.sentence_index as i64,
                ev.date.map(|x| x.iso()),
                ev.date.map(|x| x.precision.name()),
                ev.source.code.to_string(),
                ev.source.code.root,
                ev.source.text,
                ev.source.span.0 as i64,
                ev.source.span.1 as i64,
                t.map(|t| t.code.to_string()),
                t.map(|t| t.code.root.clone()),
                t.map(|t| t.text.clone()),
                t.map(|t| t.span.0 as i64),
                t.map(|t| t.span.1 as i64),
                ev.cameo,
                ev.root,
                f64::from(ev.goldstein),
                ev.plover,
                ev.verb,
                ev.verb_span.0 as i64,
                ev.verb_span.1 as i64,
                ev.negated,
                ev.hypothetical,
                ev.rule,
                l.map(|l| l.name.as_str()),
                l.map(|l| l.place.as_str()),
                l.map(|l| l.country.as_str()),
                stored_coord(l.and_then(|l| l.lat)),
                stored_coord(l.and_then(|l| l.lon)),
                l.map(|l| l.precision.name()),
                l.map(|l| l.span.0 as i64),
                l.map(|l| l.span.1 as i64),
                l.map(|l| if l.dateline { "dateline" } else { "sentence" })
            ])?;
            stats.events += 1;
        }
    }
    Ok(())
}

/// Stores a document's MinHash bands and links it to an earlier near-copy.
fn link_duplicate(tx: &rusqlite::Transaction<'_>, doc: i64, text: &str) -> rusqlite::Result<()> {
    let sig = dedup::signature(text);
    let bands = dedup::bands(&sig);
    let mut best: Option<(i64, f64)> = None;
    {
        let mut cand = tx.prepare_cached(
            // The earliest candidates per band: enough to find an original, and bounded, so that
            // a flood of near-identical texts cannot make ingest quadratic.
            "SELECT b.doc, d.signature, d.duplicate_of FROM doc_bands b JOIN documents d ON d.id = b.doc
             WHERE b.band = ?1 AND b.hash = ?2 ORDER BY b.doc LIMIT 8",
        )?;
        for (i, h) in bands.iter().enumerate() {
            let rows = cand.query_map(params![i as i64, h], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<Vec<u8>>>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                ))
            })?;
            for row in rows {
                let (other, blob, dup_of) = row?;
                let Some(blob) = blob else { continue };
                let sim = dedup::similarity(&sig, &dedup::from_blob(&blob));
                let original = dup_of.unwrap_or(other);
                if sim >= dedup::DUPLICATE_SIMILARITY && best.is_none_or(|(o, _)| original < o) {
                    best = Some((original, sim));
                }
            }
        }
    }
    tx.execute(
        "UPDATE documents SET signature = ?1, duplicate_of = ?2 WHERE id = ?3",
        params![dedup::to_blob(&sig), best.map(|(o, _)| o), doc],
    )?;
    let mut ins =
        tx.prepare_cached("INSERT INTO doc_bands (band, hash, doc) VALUES (?1, ?2, ?3)")?;
    for (i, h) in bands.iter().enumerate() {
        ins.execute(params![i as i64, h, doc])?;
    }
    Ok(())
}

/// Puts a document's dated events with a target into clusters: same source and target roots,
/// same CAMEO root, overlapping date windows, and similar evidence sentences.
fn cluster_events(
    tx: &rusqlite::Transaction<'_>,
    doc: i64,
    touched: &mut Vec<i64>,
) -> rusqlite::Result<()> {
    type Row = (String, String, String, String, String, String, String);
    let events: Vec<Row> = {
        let mut stmt = tx.prepare_cached(
            "SELECT e.id, e.source_root, e.target_root, e.root, e.date, e.date_precision, s.text FROM events e
             JOIN sentences s ON s.doc = e.doc AND s.idx = e.sentence_idx
             WHERE e.doc = ?1 AND e.target_root IS NOT NULL AND e.date IS NOT NULL AND NOT e.hypothetical AND NOT e.negated",
        )?;
        let rows = stmt.query_map([doc], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    let mut find = tx.prepare_cached(
        "SELECT id, lo, hi, evidence FROM clusters WHERE source_root = ?1 AND target_root = ?2 AND root = ?3 AND lo <= ?5 AND hi >= ?4
         ORDER BY julianday(hi) - julianday(lo), id LIMIT 8",
    )?;
    let mut create =
        tx.prepare_cached("INSERT INTO clusters (source_root, target_root, root, lo, hi, evidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    let mut narrow = tx.prepare_cached("UPDATE clusters SET lo = ?2, hi = ?3 WHERE id = ?1")?;
    let mut assign =
        tx.prepare_cached("UPDATE events SET cluster = ?3 WHERE doc = ?1 AND id = ?2")?;
    for (id, src, tgt, root, date, precision, sentence) in events {
        let Some((lo, hi)) = dedup::date_window(&date, &precision) else {
            continue;
        };
        let (lo, hi) = (lo.to_string(), hi.to_string());
        let words = dedup::evidence_words(&sentence);
        let candidates: Vec<(i64, String, String, String)> = find
            .query_map(params![src, tgt, root, lo, hi], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let found = candidates.into_iter().find(|(_, _, _, ev)| {
            let theirs: Vec<String> = ev
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            dedup::similar_evidence(&words, &theirs)
        });
        let cluster = match found {
            Some((c, clo, chi, _)) => {
                // The cluster's window narrows to what all its reports allow.
                narrow.execute(params![c, clo.max(lo), chi.min(hi)])?;
                c
            }
            None => {
                create.execute(params![src, tgt, root, lo, hi, words.join(" ")])?;
                tx.last_insert_rowid()
            }
        };
        assign.execute(params![doc, id, cluster])?;
        if !touched.contains(&cluster) {
            touched.push(cluster);
        }
    }
    Ok(())
}

/// Recounts mentions, articles (originals, not near-copies), outlets, first and last seen, in
/// one pass over the touched clusters' events.
fn refresh_clusters(tx: &rusqlite::Transaction<'_>, touched: &[i64]) -> rusqlite::Result<()> {
    let mut agg = tx.prepare_cached(
        "SELECT count(*), count(DISTINCT coalesce(d.duplicate_of, d.id)), count(DISTINCT coalesce(d.source, d.url, d.doc_id)),
                min(coalesce(d.published, d.ingested_at)), max(coalesce(d.published, d.ingested_at))
         FROM events e JOIN documents d ON d.id = e.doc WHERE e.cluster = ?1",
    )?;
    let mut upd = tx.prepare_cached(
        "UPDATE clusters SET num_mentions = ?2, num_articles = ?3, num_sources = ?4, first_seen = ?5, last_seen = ?6 WHERE id = ?1",
    )?;
    for &c in touched {
        let (m, a, s, f, l): (i64, i64, i64, Option<String>, Option<String>) = agg
            .query_row([c], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?;
        upd.execute(params![c, m, a, s, f, l])?;
    }
    Ok(())
}

/// Applies every schema step after `from` (columns that exist already are left alone, so a
/// step that was partly applied by hand is finished, not failed).
fn migrate(tx: &rusqlite::Transaction<'_>, from: i64) -> rusqlite::Result<()> {
    for step in schema::MIGRATIONS.iter().filter(|m| m.version > from) {
        let existing: Vec<String> = {
            let mut stmt = tx.prepare(&format!("PRAGMA table_info({})", step.table))?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(1))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (column, definition) in step.add_columns {
            if !existing.iter().any(|c| c == column) {
                // Table and column names are constants of the schema, never input.
                tx.execute_batch(&format!(
                    "ALTER TABLE {} ADD COLUMN {column} {definition};",
                    step.table
                ))?;
            }
        }
    }
    Ok(())
}

/// Turns SQLite's "not a database" into an error that names the file.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        if f.code == rusqlite::ErrorCode::NotADatabase {
            return StoreError::NotADatabase(path.to_path_buf());
        }
    }
    StoreError::Sqlite {
        path: path.to_path_buf(),
        source: e,
    }
}

#[cfg(test)]
mod tests;
