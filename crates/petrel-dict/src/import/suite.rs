//! Readers for PETRARCH's and TABARI's validation suites.
//!
//! * PETRARCH: an XML-like file (`PETR.UnitTest.records.xml`) with an `<Environment>` naming
//!   the dictionaries, `<Config option=.. value=..>` lines between records (they apply to the
//!   records after them), and `<Sentence date id category>` records holding `<EventCoding
//!   sourcecode targetcode eventcode>` (or `noevents="True"`) and `<Text>`; the embedded
//!   `<Parse>` is skipped (petrel parses for itself). Real suites are not well-formed XML
//!   (stray `<`, unclosed records, mangled comments), so the reader is a lenient tag scanner:
//!   a broken record is a problem with its line, and the scan goes on.
//! * TABARI: a text file of records, each a `YYMMDD ID` line, the sentence, and a `/* ... */`
//!   comment whose `{ SRC / TGT / CODE }` lines are the expected events (`{---}` or `{###}`:
//!   none; `{+++}` or `{ OPTION: ...}`: not a test). The `.project` file beside it names the
//!   dictionaries ([`read_tabari_project`]).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{at, parse_date, problem};
use crate::{DictProblem, Location, Severity};

/// An expected event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Expected {
    pub source: String,
    pub target: String,
    pub code: String,
}

/// One test record.
#[derive(Debug, Clone)]
pub struct Record {
    pub id: String,
    pub date: Option<NaiveDate>,
    pub text: String,
    /// The events a correct coder finds; empty with `no_events` means "nothing".
    pub expected: Vec<Expected>,
    pub no_events: bool,
    /// Why the record is not a test (an options record, say); `None` for a test.
    pub not_a_test: Option<String>,
    /// Suite options in force (`require_dyad`, ...), lower-case names.
    pub options: BTreeMap<String, String>,
    pub at: Location,
}

/// The dictionaries a suite names, as file names relative to the suite.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SuiteDictionaries {
    pub verbs: Vec<String>,
    pub actors: Vec<String>,
    pub agents: Vec<String>,
    pub discards: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Suite {
    pub records: Vec<Record>,
    pub dictionaries: SuiteDictionaries,
    pub problems: Vec<DictProblem>,
}

/// Which suite format a text is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuiteFormat {
    PetrarchXml,
    TabariText,
}

pub fn detect(text: &str) -> SuiteFormat {
    let head: String = text.chars().take(4000).collect();
    if head.contains("<Sentence") || head.contains("<Validation") || head.contains("<Environment") {
        SuiteFormat::PetrarchXml
    } else {
        SuiteFormat::TabariText
    }
}

pub fn read(file: &str, text: &str) -> Suite {
    match detect(text) {
        SuiteFormat::PetrarchXml => read_petrarch_xml(file, text),
        SuiteFormat::TabariText => read_tabari_text(file, text),
    }
}

/// Byte offset -> line number.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }
    fn line(&self, offset: usize) -> usize {
        match self.0.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// A tag found by the scanner.
struct Tag<'a> {
    name: String,
    closing: bool,
    attrs: Vec<(String, String)>,
    start: usize,
    end: usize,
    _raw: &'a str,
}

/// The next tag at or after `from`, skipping `<!-- -->` comments.
fn next_tag(text: &str, mut from: usize) -> Option<Tag<'_>> {
    loop {
        let open = from + text.get(from..)?.find('<')?;
        if text[open..].starts_with("<!--") {
            from = match text[open..].find("-->") {
                Some(e) => open + e + 3,
                None => return None,
            };
            continue;
        }
        let close_rel = text[open..].find('>')?;
        let raw = &text[open + 1..open + close_rel];
        // A '<' inside the tag means the first was a stray '<' in text: move on.
        if raw.contains('<') {
            from = open + 1;
            continue;
        }
        let body = raw.trim().trim_end_matches('/');
        let closing = body.starts_with('/');
        let body = body.trim_start_matches('/');
        let name: String = body
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '!' || *c == '-')
            .collect();
        if name.is_empty() {
            from = open + 1;
            continue;
        }
        return Some(Tag {
            attrs: attributes(&body[name.len()..]),
            name,
            closing,
            start: open,
            end: open + close_rel + 1,
            _raw: raw,
        });
    }
}

/// `a="x" b = 'y' c=z` leniently.
fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq]
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_ascii_lowercase();
        let after = rest[eq + 1..].trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                Some(e) => (&after[1..1 + e], &after[2 + e..]),
                None => (&after[1..], ""),
            },
            _ => {
                let e = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..e], &after[e..])
            }
        };
        if !name.is_empty() {
            out.push((name, value.to_string()));
        }
        rest = next;
    }
    out
}

fn attr<'a>(t: &'a Tag<'_>, name: &str) -> Option<&'a str> {
    t.attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Text up to the closing tag `name` (or the next `<Sentence`, for a record left open).
fn until_close(text: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let close = format!("</{name}");
    let end = text[from..].find(&close).map(|e| from + e)?;
    if text[from..end].contains("<Sentence") {
        return None;
    }
    let after = text[end..].find('>').map_or(text.len(), |e| end + e + 1);
    Some((end, after))
}

pub fn read_petrarch_xml(file: &str, text: &str) -> Suite {
    let lines = Lines::new(text);
    let mut suite = Suite::default();
    let mut options: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<Record> = None;
    let mut pos = 0;
    let close_record = |suite: &mut Suite, r: Record| {
        if r.expected.is_empty() && !r.no_events && r.not_a_test.is_none() {
            suite.problems.push(problem(
                &r.at.file,
                r.at.line,
                Severity::Error,
                format!("record '{}' has no <EventCoding>: skipped", r.id),
            ));
        } else if r.text.trim().is_empty() {
            suite.problems.push(problem(
                &r.at.file,
                r.at.line,
                Severity::Error,
                format!("record '{}' has no <Text>: skipped", r.id),
            ));
        } else {
            suite.records.push(r);
        }
    };
    while let Some(tag) = next_tag(text, pos) {
        pos = tag.end;
        let line = lines.line(tag.start);
        match (tag.name.as_str(), tag.closing) {
            ("Verbfile" | "Actorfile" | "Agentfile" | "Discardfile", false) => {
                if let Some((end, after)) = until_close(text, tag.end, &tag.name) {
                    let v = text[tag.end..end].trim().to_string();
                    let d = &mut suite.dictionaries;
                    match tag.name.as_str() {
                        "Verbfile" => d.verbs.push(v),
                        "Actorfile" => d.actors.push(v),
                        "Agentfile" => d.agents.push(v),
                        _ => d.discards.push(v),
                    }
                    pos = after;
                }
            }
            ("Config", false) => match (attr(&tag, "option"), attr(&tag, "value")) {
                (Some(o), Some(v)) => {
                    options.insert(o.to_ascii_lowercase(), v.to_ascii_lowercase());
                }
                _ => suite.problems.push(problem(
                    file,
                    line,
                    Severity::Warning,
                    "<Config> without option and value".into(),
                )),
            },
            ("Sentence", false) => {
                if let Some(r) = current.take() {
                    suite.problems.push(problem(
                        file,
                        r.at.line,
                        Severity::Warning,
                        format!("record '{}' is not closed before the next one", r.id),
                    ));
                    close_record(&mut suite, r);
                }
                let id = attr(&tag, "id").unwrap_or("").to_string();
                let date = attr(&tag, "date").and_then(parse_date);
                if attr(&tag, "date").is_some() && date.is_none() {
                    suite.problems.push(problem(
                        file,
                        line,
                        Severity::Warning,
                        format!("record '{id}': date is not YYYYMMDD"),
                    ));
                }
                current = Some(Record {
                    id: if id.is_empty() {
                        format!("line-{line}")
                    } else {
                        id
                    },
                    date,
                    text: String::new(),
                    expected: Vec::new(),
                    no_events: false,
                    not_a_test: None,
                    options: options.clone(),
                    at: at(file, line),
                });
            }
            ("EventCoding", false) => {
                let Some(r) = current.as_mut() else {
                    suite.problems.push(problem(
                        file,
                        line,
                        Severity::Error,
                        "<EventCoding> outside a record".into(),
                    ));
                    continue;
                };
                if attr(&tag, "noevents").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
                    r.no_events = true;
                    continue;
                }
                match (
                    attr(&tag, "sourcecode"),
                    attr(&tag, "targetcode"),
                    attr(&tag, "eventcode"),
                ) {
                    (Some(s), Some(t), Some(c)) => r.expected.push(Expected {
                        source: s.trim().to_string(),
                        target: t.trim().to_string(),
                        code: c.trim().to_string(),
                    }),
                    _ => suite.problems.push(problem(
                        file,
                        line,
                        Severity::Error,
                        format!(
                            "record '{}': <EventCoding> needs sourcecode, targetcode and eventcode",
                            r.id
                        ),
                    )),
                }
            }
            ("Text", false) => {
                let Some(r) = current.as_mut() else {
                    continue;
                };
                match until_close(text, tag.end, "Text") {
                    Some((end, after)) => {
                        r.text = text[tag.end..end]
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ");
                        pos = after;
                    }
                    None => suite.problems.push(problem(
                        file,
                        line,
                        Severity::Error,
                        format!("record '{}': <Text> is not closed", r.id),
                    )),
                }
            }
            ("Parse", false) => {
                if let Some((_, after)) = until_close(text, tag.end, "Parse") {
                    pos = after;
                }
            }
            ("Sentence", true) => {
                if let Some(r) = current.take() {
                    close_record(&mut suite, r);
                }
            }
            _ => {}
        }
    }
    if let Some(r) = current.take() {
        suite.problems.push(problem(
            file,
            r.at.line,
            Severity::Warning,
            format!("record '{}' is not closed at the end of the file", r.id),
        ));
        close_record(&mut suite, r);
    }
    suite
}

/// Parses `{ SRC / TGT / CODE }` contents.
fn tabari_expectation(inner: &str) -> Option<Expected> {
    let parts: Vec<&str> = inner.split('/').map(str::trim).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let code = parts[2].split_whitespace().next()?;
    Some(Expected {
        source: parts[0].to_string(),
        target: parts[1].to_string(),
        code: code.to_string(),
    })
}

fn tabari_header(line: &str) -> Option<(Option<NaiveDate>, String)> {
    let mut w = line.split_whitespace();
    let d = w.next()?;
    let id = w.next()?;
    if d.len() != 6 || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((parse_date(d), id.to_string()))
}

/// Reads a TABARI option (`OPTION: SET: CODE ALL`, `OPTION: DEFAULT: SOURCE [DEFSRC] PRIOR
/// TARGET [DEFTAR] AFTER`, `OPTION: DEFAULT: OFF`, `OPTION: COMPLEX: ...`) into the options in
/// force: `code_by` (`clause`, `sentence`, `all`), `default_source`, `default_target` (codes),
/// `default_source_prior`, `default_target_after` (`true`), `minimum_words` (`SET: MINIMUM
/// WORDS = n`), `complex` (as written).
pub fn tabari_option(inner: &str, state: &mut BTreeMap<String, String>) {
    let words: Vec<String> = inner
        .split_whitespace()
        .map(|w| w.to_ascii_uppercase())
        .collect();
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let rest = match w.first() {
        Some(&"OPTION:") => &w[1..],
        _ => &w[..],
    };
    match rest {
        ["SET:", "CODE", "ALL", ..] => {
            state.insert("code_by".into(), "all".into());
        }
        ["SET:", "CODE", "BY", how, ..] => {
            state.insert("code_by".into(), how.to_ascii_lowercase());
        }
        ["DEFAULT:", "OFF", ..] => {
            for k in [
                "default_source",
                "default_target",
                "default_source_prior",
                "default_target_after",
            ] {
                state.remove(k);
            }
        }
        ["DEFAULT:", args @ ..] => {
            let mut i = 0;
            while i < args.len() {
                let (key, flag, flag_key) = match args[i] {
                    "SOURCE" => ("default_source", "PRIOR", "default_source_prior"),
                    "TARGET" => ("default_target", "AFTER", "default_target_after"),
                    _ => {
                        i += 1;
                        continue;
                    }
                };
                if let Some(code) = args.get(i + 1) {
                    let code = code.trim_matches(|c| c == '[' || c == ']');
                    state.insert(key.into(), code.to_string());
                    i += 2;
                }
                if args.get(i) == Some(&flag) {
                    state.insert(flag_key.into(), "true".into());
                    i += 1;
                }
            }
        }
        ["SET:", "MINIMUM", "WORDS", "=", n, ..] => {
            state.insert("minimum_words".into(), n.to_string());
        }
        ["COMPLEX:", args @ ..] => {
            state.insert("complex".into(), args.join(" "));
        }
        _ => {}
    }
}

pub fn read_tabari_text(file: &str, text: &str) -> Suite {
    let mut suite = Suite::default();
    let mut current: Option<(Record, String, bool)> = None; // record, comment, comment open
                                                            // Options set by option records hold for the records after them; TABARI's own default
                                                            // minimum sentence length is 8 words.
    let mut state: BTreeMap<String, String> =
        BTreeMap::from([("minimum_words".to_string(), "8".to_string())]);
    let finish = |suite: &mut Suite,
                  state: &mut BTreeMap<String, String>,
                  (mut r, comment, open): (Record, String, bool)| {
        if open {
            suite.problems.push(problem(
                file,
                r.at.line,
                Severity::Warning,
                format!("record '{}': comment '/*' is not closed", r.id),
            ));
        }
        let mut rest = comment.as_str();
        let mut any_brace = false;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                suite.problems.push(problem(
                    file,
                    r.at.line,
                    Severity::Error,
                    format!("record '{}': unclosed '{{'", r.id),
                ));
                // "{ OPTION: SET: MINIMUM WORDS = 4 */": the option is still read, as TABARI does.
                let inner = rest[open + 1..].trim();
                if inner.to_ascii_uppercase().starts_with("OPTION:") {
                    tabari_option(inner, state);
                    r.not_a_test = Some(format!("options record ({inner})"));
                    any_brace = true;
                }
                break;
            };
            let inner = rest[open + 1..open + close].trim();
            // "-{...}" marks an event the program is known not to find: not required.
            let optional = rest[..open].ends_with('-');
            rest = &rest[open + close + 1..];
            if optional {
                continue;
            }
            any_brace = true;
            match inner {
                "---" | "###" | "" => r.no_events = true,
                "+++" => r.not_a_test = Some("marked {+++}".into()),
                _ if inner.contains(':') && !inner.contains('/') => {
                    tabari_option(inner, state);
                    r.not_a_test = Some(format!("options record ({inner})"))
                }
                _ => match tabari_expectation(inner) {
                    Some(e) => r.expected.push(e),
                    None => suite.problems.push(problem(
                        file,
                        r.at.line,
                        Severity::Error,
                        format!("record '{}': '{{{inner}}}' is not SRC / TGT / CODE", r.id),
                    )),
                },
            }
        }
        if !any_brace {
            r.not_a_test = Some("no expected events".into());
        }
        if !r.expected.is_empty() {
            r.no_events = false;
            if r.not_a_test.as_deref() == Some("marked {+++}") {
                r.not_a_test = None;
            }
        }
        r.text = r.text.split_whitespace().collect::<Vec<_>>().join(" ");
        r.options = state.clone();
        suite.records.push(r);
    };
    for (i, raw) in text.lines().enumerate() {
        let no = i + 1;
        if let Some((_, comment, open)) = current.as_mut() {
            if *open {
                match raw.find("*/") {
                    Some(e) => {
                        comment.push_str(&raw[..e]);
                        *open = false;
                    }
                    None => {
                        comment.push_str(raw);
                        comment.push('\n');
                    }
                }
                continue;
            }
        }
        if let Some((date, id)) = tabari_header(raw) {
            if let Some(c) = current.take() {
                finish(&mut suite, &mut state, c);
            }
            current = Some((
                Record {
                    id,
                    date,
                    text: String::new(),
                    expected: Vec::new(),
                    no_events: false,
                    not_a_test: None,
                    options: BTreeMap::new(),
                    at: at(file, no),
                },
                String::new(),
                false,
            ));
            continue;
        }
        let Some((r, comment, open)) = current.as_mut() else {
            continue; // text before the first record: the file's own header comments
        };
        if raw.trim_start().starts_with('#') {
            continue;
        }
        match raw.find("/*") {
            Some(s) => {
                r.text.push_str(&raw[..s]);
                r.text.push(' ');
                let after = &raw[s + 2..];
                match after.find("*/") {
                    Some(e) => comment.push_str(&after[..e]),
                    None => {
                        comment.push_str(after);
                        comment.push('\n');
                        *open = true;
                    }
                }
            }
            None if comment.is_empty() => {
                r.text.push_str(raw);
                r.text.push(' ');
            }
            None => {}
        }
    }
    if let Some(c) = current.take() {
        finish(&mut suite, &mut state, c);
    }
    suite
}

/// Reads a TABARI `.project` file: `<actorsfile> F`, `<verbsfile> F`, `<agentsfile> F`,
/// `<textfile> F`. Returns the dictionaries and the text files it names.
pub fn read_tabari_project(text: &str) -> (SuiteDictionaries, Vec<String>) {
    let mut d = SuiteDictionaries::default();
    let mut texts = Vec::new();
    for l in text.lines() {
        let l = l.trim();
        let Some(rest) = l.strip_prefix('<') else {
            continue;
        };
        let Some((tag, value)) = rest.split_once('>') else {
            continue;
        };
        let value = value.split_whitespace().next().unwrap_or("").to_string();
        if value.is_empty() {
            continue;
        }
        match tag.trim().to_ascii_lowercase().as_str() {
            "actorsfile" => d.actors.push(value),
            "verbsfile" => d.verbs.push(value),
            "agentsfile" => d.agents.push(value),
            "discardfile" | "discardsfile" => d.discards.push(value),
            "textfile" => texts.push(value),
            _ => {}
        }
    }
    (d, texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<Validation>
<Environment>
    <Verbfile>v.txt</Verbfile>
    <Actorfile>a.txt</Actorfile>
</Environment>
<!-- <Sentence id="commented-out"> -->
<Sentence date="19950101" id="DEMO-00" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>
Arnor is about to restore
ties with Gondor.
</Text>
<Parse> (ROOT (S (NP (NNP Arnor)) < odd ) </Parse>
</Sentence>
<Config option="require_dyad" value="false"></Config>
<Sentence date="1995" id="BROKEN">
<EventCoding sourcecode="ARN"></EventCoding>
<Text>No end
<Sentence date="19950102" id="NONE-01">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing here.</Text>
</Sentence>
"#;

    #[test]
    fn petrarch_records_configs_and_broken_xml() {
        let s = read_petrarch_xml("u.xml", XML);
        assert_eq!(s.dictionaries.verbs, ["v.txt"]);
        assert_eq!(s.dictionaries.actors, ["a.txt"]);
        let ids: Vec<&str> = s.records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["DEMO-00", "NONE-01"]);
        assert_eq!(
            s.records[0].text,
            "Arnor is about to restore ties with Gondor."
        );
        assert_eq!(s.records[0].expected[0].code, "064");
        assert_eq!(s.records[0].date, NaiveDate::from_ymd_opt(1995, 1, 1));
        assert!(s.records[1].no_events);
        assert_eq!(
            s.records[1].options.get("require_dyad").map(String::as_str),
            Some("false")
        );
        let lines: Vec<usize> = s.problems.iter().map(|p| p.at.line).collect();
        assert!(
            lines.contains(&17) && lines.contains(&18),
            "{:?}",
            s.problems
        );
    }

    #[test]
    fn tabari_records() {
        let text = "\
# header
950101  DEMO-01
Arnor is about to restore full diplomatic ties with Gondor.
/*\\n-----
\\n{ ARN / GON / 064 } */

950103  DEMO-04
Dagolath left.
/*\\n{ DAG / GON / 032 } 950103
\\n{ GON / DAG / 033 } 950103   */

950113  DEMO-13
Arnor signed a protocol./*
\\n{ ARN / DAG / 085 } 950113 */

000101  OPT
/* { OPTION: SET: TIME SHIFT = FALSE } */

000102  NONE
Nothing.
/* {---} -{ ARN / GON / 064 } */

000103  BAD
Text.
/* { ARN / GON } */
";
        let s = read_tabari_text("v.text", text);
        assert_eq!(s.records.len(), 6);
        assert_eq!(s.records[0].expected.len(), 1);
        assert_eq!(s.records[1].expected.len(), 2);
        assert_eq!(s.records[2].text, "Arnor signed a protocol.");
        assert!(s.records[3].not_a_test.is_some());
        assert!(s.records[4].no_events && s.records[4].expected.is_empty());
        assert_eq!(s.problems.len(), 1);
        assert_eq!(s.problems[0].at.line, 23);
    }

    #[test]
    fn tabari_option_records_hold_for_the_records_after_them() {
        let mut o = BTreeMap::new();
        tabari_option(
            "OPTION:  DEFAULT: SOURCE [DEFSRC] PRIOR TARGET [DEFTAR] AFTER",
            &mut o,
        );
        assert_eq!(o.get("default_source").map(String::as_str), Some("DEFSRC"));
        assert_eq!(o.get("default_target").map(String::as_str), Some("DEFTAR"));
        assert_eq!(
            o.get("default_source_prior").map(String::as_str),
            Some("true")
        );
        assert_eq!(
            o.get("default_target_after").map(String::as_str),
            Some("true")
        );
        tabari_option("OPTION: DEFAULT: OFF", &mut o);
        assert!(o.is_empty());
        tabari_option("OPTION: SET: CODE ALL", &mut o);
        assert_eq!(o.get("code_by").map(String::as_str), Some("all"));
        tabari_option("OPTION: SET: CODE BY SENTENCE", &mut o);
        assert_eq!(o.get("code_by").map(String::as_str), Some("sentence"));
        tabari_option("OPTION: SET: MINIMUM WORDS = 4", &mut o);
        assert_eq!(o.get("minimum_words").map(String::as_str), Some("4"));
        let text = "950101 A-1\nArnor met Gondor.\n/* { ARN / GON / 031 } */\n\n\
                    950101 OPT\nx\n/* { OPTION: SET: CODE ALL } { OPTION: SET: MINIMUM WORDS = 4 */\n\n\
                    950101 A-2\nArnor met Gondor.\n/* { ARN / GON / 031 } */\n";
        let s = read_tabari_text("t", text);
        assert_eq!(s.records.len(), 3);
        let opt = |r: &Record, k: &str| r.options.get(k).cloned();
        assert_eq!(opt(&s.records[0], "minimum_words").as_deref(), Some("8"));
        assert_eq!(opt(&s.records[0], "code_by"), None);
        assert!(s.records[1].not_a_test.is_some());
        assert_eq!(opt(&s.records[2], "code_by").as_deref(), Some("all"));
        assert_eq!(opt(&s.records[2], "minimum_words").as_deref(), Some("4"));
    }

    #[test]
    fn project_names_the_dictionaries() {
        let (d, t) = read_tabari_project("x\n<actorsfile> \tA.actors\n<verbsfile> V.verbs\n<textfile> T.text\n<session 1> <coder x>\n");
        assert_eq!(d.actors, ["A.actors"]);
        assert_eq!(d.verbs, ["V.verbs"]);
        assert_eq!(t, ["T.text"]);
    }
}
