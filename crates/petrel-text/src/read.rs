//! Readers: bytes from files or standard input to [`Document`]s.
//!
//! A reader never fails as a whole. It yields [`Item::Doc`] for every document it could read and
//! [`Item::Problem`] (origin and reason) for everything it had to skip: invalid UTF-8, binary
//! data, empty input, oversized documents, JSONL lines that are not JSON objects or lack text.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use crate::document::{parse_publication_date, Document};

/// Input formats petrel reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One document per file, plain text.
    Text,
    /// One JSON object per line with `text` or `html`, optional `id`, `title`, `date`, `source`, `url`.
    Jsonl,
    /// One web page per file; the main text and comments are extracted.
    Html,
}

impl InputFormat {
    pub fn parse(s: &str) -> Option<InputFormat> {
        match s.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Self::Text),
            "jsonl" | "ndjson" | "json" => Some(Self::Jsonl),
            "html" | "htm" => Some(Self::Html),
            _ => None,
        }
    }

    /// The format a file's extension implies; `None` when the extension says nothing.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(InputFormat::parse)
    }

    /// Guesses from the first bytes of standard input.
    fn sniff(head: &[u8]) -> InputFormat {
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Self::Jsonl,
            Some(b'<') => Self::Html,
            _ => Self::Text,
        }
    }
}

/// Something a reader could not use, with where it was and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// "path" or "path:line".
    pub origin: String,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
    }
}

/// What a reader yields.
#[derive(Debug)]
pub enum Item {
    Doc(Box<Document>),
    Problem(Problem),
}

/// Limits and overrides for reading.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Format to use instead of the extension's.
    pub format: Option<InputFormat>,
    /// Documents (files, or JSONL lines) larger than this are reported and skipped.
    pub max_document_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: None,
            max_document_bytes: 16 * 1024 * 1024,
        }
    }
}

/// Reads one path (`-` is standard input).
pub fn read_path(path: &str, opts: &ReadOptions) -> Box<dyn Iterator<Item = Item> + Send> {
    if path == "-" {
        return read_stdin(opts);
    }
    let p = Path::new(path);
    let format = opts
        .format
        .or_else(|| InputFormat::from_path(p))
        .unwrap_or(InputFormat::Text);
    let stem = p
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("document")
        .to_string();
    let file = match File::open(p) {
        Ok(f) => f,
        Err(e) => return one_problem(path, format!("cannot open: {e}")),
    };
    if let Ok(meta) = file.metadata() {
        if meta.is_dir() {
            return one_problem(path, "is a directory".into());
        }
        if format != InputFormat::Jsonl && meta.len() as usize > opts.max_document_bytes {
            return one_problem(
                path,
                format!(
                    "document is {} bytes, over the limit of {} bytes (--max-doc-bytes)",
                    meta.len(),
                    opts.max_document_bytes
                ),
            );
        }
    }
    match format {
        InputFormat::Jsonl => Box::new(JsonlReader::new(
            BufReader::with_capacity(1 << 16, file),
            path.to_string(),
            stem,
            opts.max_document_bytes,
        )),
        single => {
            let mut bytes = Vec::new();
            let limit = opts.max_document_bytes as u64 + 1;
            if let Err(e) = file.take(limit).read_to_end(&mut bytes) {
                return one_problem(path, format!("cannot read: {e}"));
            }
            if bytes.len() > opts.max_document_bytes {
                return one_problem(
                    path,
                    "document is over the size limit (--max-doc-bytes)".into(),
                );
            }
            Box::new(std::iter::once(single_document(
                &bytes, single, path, &stem,
            )))
        }
    }
}

fn read_stdin(opts: &ReadOptions) -> Box<dyn Iterator<Item = Item> + Send> {
    let stdin = io::stdin();
    let mut reader = BufReader::with_capacity(1 << 16, stdin);
    let format = match opts.format {
        Some(f) => f,
        None => match reader.fill_buf() {
            Ok(head) => InputFormat::sniff(head),
            Err(e) => return one_problem("<stdin>", format!("cannot read: {e}")),
        },
    };
    match format {
        InputFormat::Jsonl => Box::new(JsonlReader::new(
            reader,
            "<stdin>".into(),
            "stdin".into(),
            opts.max_document_bytes,
        )),
        single => {
            let mut bytes = Vec::new();
            let limit = opts.max_document_bytes as u64 + 1;
            if let Err(e) = reader.take(limit).read_to_end(&mut bytes) {
                return one_problem("<stdin>", format!("cannot read: {e}"));
            }
            if bytes.len() > opts.max_document_bytes {
                return one_problem("<stdin>", "document is over the size limit".into());
            }
            Box::new(std::iter::once(single_document(
                &bytes, single, "<stdin>", "stdin",
            )))
        }
    }
}

fn one_problem(origin: &str, reason: String) -> Box<dyn Iterator<Item = Item> + Send> {
    Box::new(std::iter::once(Item::Problem(Problem {
        origin: origin.to_string(),
        reason,
    })))
}

/// Checks that bytes are usable text: not empty, not binary, valid UTF-8. The error names the
/// line of the first invalid byte.
fn decode_text<'a>(bytes: &'a [u8], origin: &str) -> Result<&'a str, Problem> {
    let problem = |reason: String| Problem {
        origin: origin.to_string(),
        reason,
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(problem("empty document".into()));
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(problem("binary data (NUL bytes), not text".into()));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        problem(format!(
            "invalid UTF-8 at byte {at} (line {line}); convert the file to UTF-8"
        ))
    })
}

fn single_document(bytes: &[u8], format: InputFormat, origin: &str, stem: &str) -> Item {
    let text = match decode_text(bytes, origin) {
        Ok(t) => t,
        Err(p) => return Item::Problem(p),
    };
    let mut doc = Document {
        id: stem.to_string(),
        origin: origin.to_string(),
        ..Document::default()
    };
    if format == InputFormat::Html {
        match extract_html(text) {
            Ok(page) => {
                doc.text = page.text;
                doc.comments = page.comments;
                doc.title = page.title;
                doc.date = page.date;
            }
            Err(reason) => {
                return Item::Problem(Problem {
                    origin: origin.to_string(),
                    reason,
                })
            }
        }
    } else {
        doc.text = text.to_string();
    }
    Item::Doc(Box::new(doc))
}

/// What we keep from a web page.
struct Page {
    text: String,
    comments: Option<String>,
    title: Option<String>,
    date: Option<chrono::NaiveDate>,
}

fn extract_html(html: &str) -> Result<Page, String> {
    let opts = trafilatura::Options::default();
    // The extractor is third-party code facing arbitrary pages: a panic in it costs this
    // document, not the run.
    let result = std::panic::catch_unwind(|| trafilatura::extract(html, &opts))
        .map_err(|_| "the HTML extractor failed on this page".to_string())?
        .map_err(|e| format!("no article text found in the HTML ({e})"))?;
    if result.content_text.trim().is_empty() {
        return Err("no article text found in the HTML".into());
    }
    let nonempty = |s: String| (!s.trim().is_empty()).then_some(s);
    Ok(Page {
        text: result.content_text,
        comments: nonempty(result.comments_text),
        title: nonempty(result.metadata.title),
        date: result.metadata.date,
    })
}

/// Streams a JSONL source one record at a time, with a cap on line length.
struct JsonlReader<R> {
    reader: R,
    path: String,
    stem: String,
    max_line: usize,
    line_no: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    fn new(reader: R, path: String, stem: String, max_line: usize) -> Self {
        JsonlReader {
            reader,
            path,
            stem,
            max_line,
            line_no: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    /// Reads one line into `buf` (without the newline). Returns `Ok(None)` at end of input and
    /// `Ok(Some(false))` when the line was longer than the cap (the rest is skipped unread).
    fn next_line(&mut self) -> io::Result<Option<bool>> {
        self.buf.clear();
        let mut any = false;
        let mut overflow = false;
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok(if any { Some(!overflow) } else { None });
            }
            any = true;
            let (take, newline) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i, true),
                None => (chunk.len(), false),
            };
            if !overflow {
                if self.buf.len() + take > self.max_line {
                    overflow = true;
                    self.buf.clear();
                } else {
                    self.buf.extend_from_slice(&chunk[..take]);
                }
            }
            self.reader.consume(take + usize::from(newline));
            if newline {
                return Ok(Some(!overflow));
            }
        }
    }

    fn record(&self, origin: &str) -> Item {
        let problem = |reason: String| {
            Item::Problem(Problem {
                origin: origin.to_string(),
                reason,
            })
        };
        let text = match std::str::from_utf8(&self.buf) {
            Ok(t) => t,
            Err(e) => {
                return problem(format!(
                    "invalid UTF-8 at byte {} of the line",
                    e.valid_up_to()
                ))
            }
        };
        let value: serde_json::Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => return problem(format!("not JSON: {e}")),
        };
        let Some(obj) = value.as_object() else {
            return problem("not a JSON object".into());
        };
        let string = |key: &str| -> Option<String> {
            match obj.get(key) {
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                _ => None,
            }
        };
        let mut doc = Document {
            id: string("id").unwrap_or_else(|| format!("{}:{}", self.stem, self.line_no)),
            source: string("source"),
            url: string("url"),
            title: string("title"),
            origin: origin.to_string(),
            ..Document::default()
        };
        if let Some(d) = string("date") {
            match parse_publication_date(&d) {
                Some(date) => doc.date = Some(date),
                None => return problem(format!("'date' is not a date: {d:?}")),
            }
        }
        match (string("text"), string("html")) {
            (Some(t), _) if !t.trim().is_empty() => doc.text = t,
            (_, Some(h)) if !h.trim().is_empty() => match extract_html(&h) {
                Ok(page) => {
                    doc.text = page.text;
                    doc.comments = page.comments;
                    if doc.title.is_none() {
                        doc.title = page.title;
                    }
                    if doc.date.is_none() {
                        doc.date = page.date;
                    }
                }
                Err(reason) => return problem(reason),
            },
            (Some(_), _) | (_, Some(_)) => return problem("'text' is empty".into()),
            (None, None) => return problem("record has no 'text' or 'html' string".into()),
        }
        Item::Doc(Box::new(doc))
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            self.line_no += 1;
            let origin = format!("{}:{}", self.path, self.line_no);
            match self.next_line() {
                Err(e) => {
                    self.done = true;
                    return Some(Item::Problem(Problem {
                        origin,
                        reason: format!("cannot read: {e}"),
                    }));
                }
                Ok(None) => self.done = true,
                Ok(Some(false)) => {
                    return Some(Item::Problem(Problem {
                        origin,
                        reason: format!(
                            "line is over the limit of {} bytes (--max-doc-bytes)",
                            self.max_line
                        ),
                    }))
                }
                Ok(Some(true)) => {
                    if self.buf.iter().all(|b| b.is_ascii_whitespace()) {
                        continue; // blank lines are not records
                    }
                    return Some(self.record(&origin));
                }
            }
        }
        None
    }
}

/// Reads JSONL from any buffered source (for tests and embedding).
pub fn read_jsonl<R: BufRead + Send + 'static>(
    reader: R,
    origin: &str,
    opts: &ReadOptions,
) -> impl Iterator<Item = Item> + Send {
    JsonlReader::new(
        reader,
        origin.into(),
        origin.into(),
        opts.max_document_bytes,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn split(items: impl Iterator<Item = Item>) -> (Vec<Document>, Vec<Problem>) {
        let mut docs = Vec::new();
        let mut problems = Vec::new();
        for it in items {
            match it {
                Item::Doc(d) => docs.push(*d),
                Item::Problem(p) => problems.push(p),
            }
        }
        (docs, problems)
    }

    #[test]
    fn jsonl_reports_bad_lines_and_keeps_the_rest() {
        let input = concat!(
            "{\"id\": \"a\", \"text\": \"Russia met China.\", \"date\": \"2017-11-02\", \"extra\": 1}\n",
            "not json at all\n",
            "\n",
            "[1, 2]\n",
            "{\"id\": \"b\"}\n",
            "{\"text\": \"   \"}\n",
            "{\"text\": \"ok\", \"date\": \"someday\"}\n",
            "{\"id\": 7, \"text\": \"Second good one.\"}"
        );
        let (docs, problems) = split(read_jsonl(
            Cursor::new(input.as_bytes().to_vec()),
            "in.jsonl",
            &ReadOptions::default(),
        ));
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "a");
        assert_eq!(docs[0].date.unwrap().to_string(), "2017-11-02");
        assert_eq!(docs[0].origin, "in.jsonl:1");
        assert_eq!(docs[1].id, "7");
        let origins: Vec<&str> = problems.iter().map(|p| p.origin.as_str()).collect();
        assert_eq!(
            origins,
            [
                "in.jsonl:2",
                "in.jsonl:4",
                "in.jsonl:5",
                "in.jsonl:6",
                "in.jsonl:7"
            ]
        );
        assert!(problems[0].reason.starts_with("not JSON"));
        assert!(problems[1].reason.contains("not a JSON object"));
        assert!(problems[2].reason.contains("no 'text'"));
        assert!(problems[3].reason.contains("empty"));
        assert!(problems[4].reason.contains("not a date"));
    }

    #[test]
    fn jsonl_caps_line_length_and_invalid_utf8() {
        let mut input = b"{\"text\": \"".to_vec();
        input.extend(std::iter::repeat_n(b'x', 5000));
        input.extend_from_slice(b"\"}\n{\"text\": \"bad \xff byte\"}\n{\"text\": \"fine\"}\n");
        let opts = ReadOptions {
            max_document_bytes: 1000,
            ..ReadOptions::default()
        };
        let (docs, problems) = split(read_jsonl(Cursor::new(input), "x.jsonl", &opts));
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].text, "fine");
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].origin, "x.jsonl:1");
        assert!(problems[0].reason.contains("over the limit"));
        assert_eq!(problems[1].origin, "x.jsonl:2");
        assert!(problems[1].reason.contains("UTF-8"));
    }

    #[test]
    fn text_files_check_encoding_and_content() {
        let dir = std::env::temp_dir().join(format!("petrel-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.txt");
        std::fs::write(&good, "Russia and China held talks.").unwrap();
        let empty = dir.join("empty.txt");
        std::fs::write(&empty, "  \n").unwrap();
        let binary = dir.join("bin.txt");
        std::fs::write(&binary, [0u8, 1, 2, 3, 0, 159]).unwrap();
        let latin1 = dir.join("latin1.txt");
        std::fs::write(&latin1, b"line one\nCaf\xe9 au lait\n").unwrap();
        let opts = ReadOptions::default();
        let (docs, _) = split(read_path(good.to_str().unwrap(), &opts));
        assert_eq!(docs[0].id, "good");
        assert_eq!(docs[0].text, "Russia and China held talks.");
        let (_, p) = split(read_path(empty.to_str().unwrap(), &opts));
        assert!(p[0].reason.contains("empty"));
        let (_, p) = split(read_path(binary.to_str().unwrap(), &opts));
        assert!(p[0].reason.contains("binary"));
        let (_, p) = split(read_path(latin1.to_str().unwrap(), &opts));
        assert!(p[0].reason.contains("line 2"), "{}", p[0].reason);
        let (_, p) = split(read_path(dir.join("missing.txt").to_str().unwrap(), &opts));
        assert!(p[0].reason.contains("cannot open"));
        let small = ReadOptions {
            max_document_bytes: 10,
            ..ReadOptions::default()
        };
        let (_, p) = split(read_path(good.to_str().unwrap(), &small));
        assert!(p[0].reason.contains("over the limit"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn html_main_text_and_comments_are_separated() {
        let html = r#"<html><head><title>Talks in Geneva</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Talks in Geneva</h1>
<p>Russian and American diplomats held talks in Geneva on Tuesday about arms control, officials said.</p>
<p>The two delegations agreed to meet again next month to continue the discussion of the treaty.</p>
<p>Neither side gave details of the proposals, but both described the talks as useful and frank.</p>
</article>
<div id="comments" class="comments"><p>Great article, I think Russia is right about everything here.</p></div>
<footer>Copyright 2017</footer></body></html>"#;
        let Item::Doc(doc) = single_document(html.as_bytes(), InputFormat::Html, "t.html", "t")
        else {
            panic!("expected a document")
        };
        assert!(doc.text.contains("held talks in Geneva"));
        assert!(!doc.text.contains("Great article"));
        assert!(!doc.text.contains("Copyright"));
        assert_eq!(doc.title.as_deref(), Some("Talks in Geneva"));
    }

    /// Garbage lines: every non-blank line becomes a document or a problem naming its line.
    #[test]
    fn jsonl_garbage_is_reported_line_by_line() {
        let mut seed: u64 = 42;
        let mut input = Vec::new();
        let mut lines = 0;
        for i in 0..500 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            match i % 4 {
                0 => input.extend_from_slice(b"{\"text\": \"Russia met China.\"}"),
                1 => input.extend(
                    (0..(seed % 60))
                        .map(|k| (seed >> (k % 50)) as u8 | 1)
                        .filter(|b| *b != b'\n'),
                ),
                2 => input.extend_from_slice(b"{\"text\": [1, {\"a\": null}]}"),
                _ => input.extend_from_slice(b"{\"html\": \"<p><b>unclosed <i>tags</p>\"}"),
            }
            input.push(b'\n');
            lines += 1;
        }
        let (docs, problems) = split(read_jsonl(
            Cursor::new(input),
            "g.jsonl",
            &ReadOptions::default(),
        ));
        // The plain records and the (unclosed but readable) HTML records are documents.
        assert_eq!(docs.len(), 250);
        assert!(docs.len() + problems.len() <= lines);
        assert!(problems
            .iter()
            .all(|p| p.origin.starts_with("g.jsonl:") && !p.reason.is_empty()));
        assert!(
            problems.iter().any(|p| p.origin == "g.jsonl:3"),
            "line 3 has a non-string text"
        );
    }

    #[test]
    fn html_garbage_does_not_stop_reading() {
        for junk in [
            &b"<<<>>><html><body><p>"[..],
            b"\xff\xfe<html>",
            b"<html><body><script>var x = '<p>';</script></body>",
            b"<p></p></p></div></div></html>",
        ] {
            // Whatever the extractor makes of it, the result names its origin and nothing panics.
            match single_document(junk, InputFormat::Html, "j.html", "j") {
                Item::Problem(p) => assert_eq!(p.origin, "j.html"),
                Item::Doc(d) => assert!(d.origin == "j.html" && !d.text.contains("<p>"), "{d:?}"),
            }
        }
    }

    #[test]
    fn html_without_text_is_a_problem() {
        let item = single_document(
            b"<html><body></body></html>",
            InputFormat::Html,
            "e.html",
            "e",
        );
        assert!(matches!(item, Item::Problem(p) if p.reason.contains("no article text")));
    }
}
