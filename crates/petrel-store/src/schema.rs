//! The database schema. Bump [`SCHEMA_VERSION`] with every change and keep old files readable.
//!
//! A new database is made by [`DDL_V1`] followed by every [`MIGRATIONS`] step, the same path an
//! old database takes when it is opened for writing, so the two cannot drift apart. Each step
//! runs in the upgrade's one transaction; adding columns is skipped for columns that exist.

pub const SCHEMA_VERSION: i64 = 2;

/// One schema step: the version it makes, and columns it adds to a table.
pub struct Migration {
    pub version: i64,
    pub table: &'static str,
    /// (column name, column definition)
    pub add_columns: &'static [(&'static str, &'static str)],
}

/// Steps from version 1, in order.
pub const MIGRATIONS: &[Migration] = &[
    // 2: where an event happened (petrel-coder's EventLocation); NULL when the text names no
    // place, and for events stored by schema 1.
    Migration {
        version: 2,
        table: "events",
        add_columns: &[
            ("location_name", "TEXT"),    // as written
            ("location_place", "TEXT"),   // the gazetteer's name
            ("location_country", "TEXT"), // ISO 3166-1 alpha-3
            ("location_lat", "REAL"),
            ("location_lon", "REAL"),
            ("location_precision", "TEXT"), // city | region | country
            ("location_start", "INTEGER"),  // byte offsets in documents.text
            ("location_end", "INTEGER"),
            ("location_from", "TEXT"), // sentence | dateline
        ],
    },
];

/// Schema 1, as petrel 0.1 created it. Never change this text: old databases have it.
pub const DDL_V1: &str = "
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    doc_id       TEXT NOT NULL,
    source       TEXT,
    url          TEXT,
    published    TEXT,
    title        TEXT,
    text         TEXT NOT NULL, -- the cleaned text that offsets point into
    body         TEXT,
    comments     TEXT,
    origin       TEXT,
    signature    BLOB,
    duplicate_of INTEGER REFERENCES documents(id),
    ingested_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX documents_doc_id ON documents(doc_id);
CREATE TABLE doc_bands (
    band INTEGER NOT NULL,
    hash INTEGER NOT NULL,
    doc  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE
);
CREATE INDEX doc_bands_lookup ON doc_bands(band, hash, doc);
CREATE TABLE clusters (
    id           INTEGER PRIMARY KEY,
    source_root  TEXT NOT NULL,
    target_root  TEXT NOT NULL,
    root         TEXT NOT NULL,
    lo           TEXT NOT NULL,
    hi           TEXT NOT NULL,
    num_mentions INTEGER NOT NULL DEFAULT 0,
    num_articles INTEGER NOT NULL DEFAULT 0,
    num_sources  INTEGER NOT NULL DEFAULT 0,
    first_seen   TEXT,
    last_seen    TEXT,
    evidence     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX clusters_key ON clusters(source_root, target_root, root, lo, hi);
CREATE TABLE sentences (
    doc   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx   INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL,
    block TEXT NOT NULL,
    text  TEXT NOT NULL,
    PRIMARY KEY (doc, idx)
);
CREATE TABLE events (
    doc            INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id             TEXT NOT NULL,
    sentence_idx   INTEGER NOT NULL,
    date           TEXT,
    date_precision TEXT,
    source_code    TEXT NOT NULL,
    source_root    TEXT NOT NULL,
    source_text    TEXT NOT NULL,
    source_start   INTEGER NOT NULL,
    source_end     INTEGER NOT NULL,
    target_code    TEXT,
    target_root    TEXT,
    target_text    TEXT,
    target_start   INTEGER,
    target_end     INTEGER,
    cameo          TEXT NOT NULL,
    root           TEXT NOT NULL,
    goldstein      REAL NOT NULL,
    plover         TEXT,
    verb           TEXT NOT NULL,
    verb_start     INTEGER NOT NULL,
    verb_end       INTEGER NOT NULL,
    negated        INTEGER NOT NULL,
    hypothetical   INTEGER NOT NULL,
    rule           TEXT NOT NULL,
    cluster        INTEGER REFERENCES clusters(id),
    PRIMARY KEY (doc, id)
);
CREATE INDEX events_dyad ON events(source_root, target_root, date);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_cluster ON events(cluster);
CREATE TABLE mentions (
    doc          INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_idx INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    code         TEXT NOT NULL
);
CREATE INDEX mentions_code ON mentions(code);
";
