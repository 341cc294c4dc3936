//! Parser and compiler for petrel's dictionary format (`dictionaries/FORMAT.md`).
//!
//! Two passes: the first collects the roots (countries, regions, international bodies) declared
//! anywhere, so that codes in any file can be checked against them; the second reads everything
//! else. A malformed line becomes a [`DictProblem`] with its file and line, and parsing goes on.

use chrono::{Datelike, NaiveDate};
use petrel_ontology::{is_iso3166, is_known_sector, ActorCode, Cameo, REGION_CODES};
use petrel_text::segment::tokenize;

use crate::index::PhraseIndex;
use crate::inflect::plural;
use crate::{
    word_anchors, AgentTerm, Ambiguity, AmbiguityRule, BoundPrecision, DictProblem, Dictionary,
    Location, PatternElement, Person, Reading, Role, Root, RootKind, Severity, Vacancy,
    VerbPattern,
};

/// One meaningful line: its number, indentation, and text without the comment.
struct Line<'a> {
    no: usize,
    indented: bool,
    text: &'a str,
}

fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    text.lines().enumerate().filter_map(|(i, raw)| {
        let without_comment = strip_comment(raw);
        let t = without_comment.trim();
        (!t.is_empty()).then(|| Line {
            no: i + 1,
            indented: raw.starts_with([' ', '\t']),
            text: t,
        })
    })
}

/// Removes a `#` comment: at the start of the line or after white space.
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return &line[..i];
        }
    }
    line
}

/// Normalised token keys of a phrase, as the matcher will see text; a leading "the" is dropped.
pub fn phrase_keys(phrase: &str) -> Vec<String> {
    let toks = tokenize(phrase, 0..phrase.len());
    // Hyphens inside words do not count: "Ban Ki-moon" = "Ban Ki moon".
    let mut keys: Vec<String> = toks
        .into_iter()
        .filter(|t| t.key != "-" || t.space_before)
        .map(|t| t.key)
        .collect();
    if keys.len() > 1 && keys[0] == "the" {
        keys.remove(0);
    }
    keys
}

/// Phrases of at most three capital letters ("US", "U.N.") only match capitals in text.
fn caps_only(phrase: &str) -> bool {
    let letters: String = phrase.chars().filter(|c| *c != '.').collect();
    !letters.is_empty()
        && letters.chars().count() <= 3
        && letters.chars().all(|c| c.is_ascii_uppercase())
}

fn parse_date(s: &str, end: bool) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.split('-').collect();
    let y: i32 = parts.first()?.parse().ok()?;
    if !(1800..=2200).contains(&y) || parts[0].len() != 4 {
        return None;
    }
    match parts.len() {
        1 => NaiveDate::from_ymd_opt(y, if end { 12 } else { 1 }, if end { 31 } else { 1 }),
        2 => {
            let m: u32 = parts[1].parse().ok()?;
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            if end {
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)?
                };
                next.pred_opt()
            } else {
                Some(first)
            }
        }
        3 => NaiveDate::from_ymd_opt(y, parts[1].parse().ok()?, parts[2].parse().ok()?),
        _ => None,
    }
}

/// How precisely a date is written: "2014" is a year, "2014-03" a month.
pub fn date_precision(s: &str) -> BoundPrecision {
    match s.split('-').count() {
        1 => BoundPrecision::Year,
        2 => BoundPrecision::Month,
        _ => BoundPrecision::Day,
    }
}

/// The precision of each end of "FROM..TO" (an open end counts as day-precise).
fn interval_precision(s: &str) -> (BoundPrecision, BoundPrecision) {
    let (a, b) = s.split_once("..").unwrap_or((s, ""));
    let p = |x: &str| {
        if x.is_empty() {
            BoundPrecision::Day
        } else {
            date_precision(x)
        }
    };
    (p(a), p(b))
}

/// Parses "FROM..TO" with open ends.
pub fn parse_interval(s: &str) -> Result<(Option<NaiveDate>, Option<NaiveDate>), String> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| format!("'{s}' is not an interval FROM..TO"))?;
    let from = if a.is_empty() {
        None
    } else {
        Some(
            parse_date(a, false)
                .ok_or_else(|| format!("'{a}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"))?,
        )
    };
    let to = if b.is_empty() {
        None
    } else {
        Some(
            parse_date(b, true)
                .ok_or_else(|| format!("'{b}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"))?,
        )
    };
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return Err(format!("interval {s} ends before it starts"));
        }
    }
    Ok((from, to))
}

struct Compiler {
    dict: Dictionary,
    layer: u8,
    /// `ambiguous` declarations found in the first pass, with their layer.
    pending_ambiguities: Vec<(String, AmbiguityRule, Location, u8)>,
}

impl Compiler {
    fn problem(&mut self, file: &str, line: usize, severity: Severity, message: String) {
        self.dict.problems.push(DictProblem {
            at: Location {
                file: file.to_string(),
                line,
            },
            message,
            severity,
        });
    }

    fn error(&mut self, file: &str, line: usize, message: String) {
        self.problem(file, line, Severity::Error, message);
    }

    fn code(&mut self, file: &str, line: usize, code: &str) -> Option<ActorCode> {
        let dict = &self.dict;
        match ActorCode::parse(code, |r| dict.is_root(r)) {
            Ok(c) => Some(c),
            Err(e) => {
                self.error(file, line, e.to_string());
                None
            }
        }
    }

    fn add_phrase(&mut self, file: &str, line: usize, phrase: &str, reading: Reading) {
        let keys = phrase_keys(phrase);
        if keys.is_empty() {
            self.error(file, line, format!("empty phrase '{phrase}'"));
            return;
        }
        let at = Location {
            file: file.to_string(),
            line,
        };
        self.dict
            .phrases
            .insert(&keys, reading, caps_only(phrase), self.layer, at);
    }

    fn sectors(&mut self, file: &str, line: usize, words: &str) -> Vec<String> {
        let mut out = Vec::new();
        for w in words.split_whitespace() {
            if is_known_sector(w) {
                out.push(w.to_string());
            } else {
                self.error(file, line, format!("'{w}' is not a known sector"));
            }
        }
        out
    }

    /// First pass: root declarations.
    fn declare_roots(&mut self, file: &str, text: &str) {
        for l in lines(text) {
            if l.indented {
                continue;
            }
            let mut parts = l.text.splitn(3, char::is_whitespace);
            let kind = parts.next().unwrap_or("");
            if kind == "ambiguous" {
                // Read in the first pass so that the rule's reading is indexed before the
                // people who list the name, whatever the file order.
                self.ambiguous(file, l.no, l.text["ambiguous".len()..].trim());
                continue;
            }
            if kind != "country" && kind != "igo" {
                continue;
            }
            let code = parts.next().unwrap_or("").trim();
            let label = parts.next().unwrap_or("").trim();
            let root_kind = if kind == "igo" {
                RootKind::International
            } else if REGION_CODES.contains(&code) {
                RootKind::Region
            } else {
                RootKind::Country
            };
            let valid = match root_kind {
                RootKind::Country => is_iso3166(code),
                RootKind::Region => true,
                RootKind::International => {
                    code.len() >= 6
                        && code.len() % 3 == 0
                        && code.bytes().all(|b| b.is_ascii_uppercase())
                }
            };
            if !valid {
                self.error(file, l.no, format!("'{code}' is not a valid {kind} root"));
                continue;
            }
            if label.is_empty() {
                self.error(file, l.no, format!("{kind} {code} has no label"));
            }
            if self.dict.root_index.contains_key(code) {
                if self.layer == 0 {
                    self.problem(
                        file,
                        l.no,
                        Severity::Warning,
                        format!("root {code} declared twice"),
                    );
                }
                continue;
            }
            let id = self.dict.roots.len() as u32;
            self.dict.roots.push(Root {
                code: code.to_string(),
                label: label.to_string(),
                kind: root_kind,
                at: Location {
                    file: file.to_string(),
                    line: l.no,
                },
            });
            self.dict.root_index.insert(code.to_string(), id);
        }
    }

    /// Second pass: everything.
    fn read(&mut self, file: &str, text: &str) {
        #[derive(Clone)]
        enum Block {
            None,
            Root(u32),
            Org(Option<ActorCode>, String, usize),
            Person(u32),
            Agent(Vec<String>),
            Skip,
        }
        let mut block = Block::None;
        // An org or igo block without `name` lines uses its label as its name.
        let mut named = true;
        let finish = |c: &mut Compiler, block: &Block, named: bool| {
            if named {
                return;
            }
            match block {
                Block::Org(Some(code), label, line) => {
                    c.add_phrase(file, *line, label, Reading::Org { code: code.clone() })
                }
                Block::Root(id) => {
                    let r = c.dict.roots[*id as usize].clone();
                    c.add_phrase(file, r.at.line, &r.label, Reading::Name { root: *id });
                }
                _ => {}
            }
        };
        for l in lines(text) {
            if !l.indented {
                finish(self, &block, named);
                named = true;
                let first = l.text.split_whitespace().next().unwrap_or("");
                if first.bytes().all(|b| b.is_ascii_digit()) {
                    block = Block::None;
                    self.pattern(file, l.no, l.text);
                    continue;
                }
                let mut parts = l.text.splitn(2, char::is_whitespace);
                let kind = parts.next().unwrap_or("");
                let rest = parts.next().unwrap_or("").trim();
                block = match kind {
                    "country" | "igo" => {
                        let code = rest.split_whitespace().next().unwrap_or("");
                        match self.dict.root_id(code) {
                            Some(id) => {
                                named = false;
                                Block::Root(id)
                            }
                            None => Block::Skip, // reported in the first pass
                        }
                    }
                    "org" => {
                        let mut p = rest.splitn(2, char::is_whitespace);
                        let code = p.next().unwrap_or("");
                        let label = p.next().unwrap_or("").trim().to_string();
                        let code = self.code(file, l.no, code);
                        if label.is_empty() {
                            self.error(file, l.no, "org has no label".into());
                        }
                        if let Some(c) = &code {
                            self.dict.orgs.push((
                                c.clone(),
                                label.clone(),
                                Location {
                                    file: file.into(),
                                    line: l.no,
                                },
                            ));
                        }
                        named = label.is_empty();
                        Block::Org(code, label, l.no)
                    }
                    "person" => {
                        if rest.is_empty() {
                            self.error(file, l.no, "person has no name".into());
                            Block::Skip
                        } else {
                            let id = self.dict.people.len() as u32;
                            self.dict.people.push(Person {
                                name: rest.to_string(),
                                roles: Vec::new(),
                                at: Location {
                                    file: file.into(),
                                    line: l.no,
                                },
                            });
                            self.add_phrase(file, l.no, rest, Reading::Person { person: id });
                            Block::Person(id)
                        }
                    }
                    "vacancy" => {
                        self.vacancy(file, l.no, rest);
                        Block::None
                    }
                    "ambiguous" => Block::None, // read in the first pass
                    "agent" => {
                        let sectors = self.sectors(file, l.no, rest);
                        if sectors.is_empty() {
                            self.error(file, l.no, "agent block without sectors".into());
                            Block::Skip
                        } else {
                            Block::Agent(sectors)
                        }
                    }
                    other => {
                        self.error(file, l.no, format!("unknown block kind '{other}' (expected country, igo, org, person, agent, vacancy, ambiguous, or a CAMEO code)"));
                        Block::Skip
                    }
                };
                continue;
            }
            // Body line.
            match block.clone() {
                Block::None => self.error(file, l.no, "indented line outside a block".into()),
                Block::Skip => {}
                Block::Agent(sectors) => self.agent_line(file, l.no, l.text, &sectors),
                Block::Root(id) => {
                    let (key, value) = split_key(l.text);
                    match key {
                        "name" => {
                            named = true;
                            for p in list(value) {
                                self.add_phrase(file, l.no, p, Reading::Name { root: id });
                            }
                        }
                        "adjective" => {
                            for p in list(value) {
                                self.add_phrase(file, l.no, p, Reading::Adjective { root: id });
                            }
                        }
                        "demonym" => {
                            for p in list(value) {
                                self.add_phrase(file, l.no, p, Reading::Demonym { root: id });
                            }
                        }
                        "capital" => {
                            for p in list(value) {
                                self.add_phrase(file, l.no, p, Reading::Capital { root: id });
                            }
                        }
                        "seat" => {
                            for item in list(value) {
                                let Some((phrase, secs)) = item.split_once('=') else {
                                    self.error(
                                        file,
                                        l.no,
                                        format!("seat '{item}' needs '= SECTORS'"),
                                    );
                                    continue;
                                };
                                let sectors = self.sectors(file, l.no, secs);
                                self.add_phrase(
                                    file,
                                    l.no,
                                    phrase.trim(),
                                    Reading::Seat { root: id, sectors },
                                );
                            }
                        }
                        other => self.error(
                            file,
                            l.no,
                            format!(
                                "unknown key '{other}' in a {} block",
                                if self.dict.roots[id as usize].kind == RootKind::International {
                                    "igo"
                                } else {
                                    "country"
                                }
                            ),
                        ),
                    }
                }
                Block::Org(code, _, _) => {
                    let (key, value) = split_key(l.text);
                    if key != "name" {
                        self.error(file, l.no, format!("unknown key '{key}' in an org block"));
                        continue;
                    }
                    named = true;
                    if let Some(code) = code {
                        for p in list(value) {
                            self.add_phrase(file, l.no, p, Reading::Org { code: code.clone() });
                        }
                    }
                }
                Block::Person(id) => {
                    let (key, value) = split_key(l.text);
                    match key {
                        "name" => {
                            for p in list(value) {
                                self.add_phrase(file, l.no, p, Reading::Person { person: id });
                            }
                        }
                        "role" => self.role(file, l.no, id, value),
                        other => self.error(
                            file,
                            l.no,
                            format!("unknown key '{other}' in a person block"),
                        ),
                    }
                }
            }
        }
        finish(self, &block, named);
    }

    fn role(&mut self, file: &str, line: usize, person: u32, value: &str) {
        let mut words = value.split_whitespace();
        let Some(code) = words.next() else {
            self.error(file, line, "role needs a code".into());
            return;
        };
        let Some(code) = self.code(file, line, code) else {
            return;
        };
        let mut rest: Vec<&str> = words.collect();
        // Flags after the office: `{deputy}`, `{rival}`.
        let (mut deputy, mut rival) = (false, false);
        while let Some(flag) = rest
            .last()
            .and_then(|w| w.strip_prefix('{'))
            .and_then(|w| w.strip_suffix('}'))
        {
            match flag {
                "deputy" => deputy = true,
                "rival" => rival = true,
                _ => self.error(
                    file,
                    line,
                    format!("unknown role flag '{{{flag}}}' (expected {{deputy}} or {{rival}})"),
                ),
            }
            rest.pop();
        }
        let (from, to, dated, office) = match rest.first() {
            Some(w) if w.contains("..") => match parse_interval(w) {
                Ok((f, t)) => {
                    let at = Location {
                        file: file.into(),
                        line,
                    };
                    let meta = crate::RoleMeta {
                        precision: interval_precision(w),
                        deputy,
                        rival,
                    };
                    self.dict.role_meta.insert(at, meta);
                    (f, t, true, rest[1..].join(" "))
                }
                Err(e) => {
                    self.error(file, line, e);
                    return;
                }
            },
            _ => (None, None, false, rest.join(" ")),
        };
        self.dict.people[person as usize].roles.push(Role {
            code,
            from,
            to,
            dated,
            office,
            at: Location {
                file: file.into(),
                line,
            },
        });
    }

    /// `vacancy ROOT FROM..TO OFFICE`: both ends must be given.
    fn vacancy(&mut self, file: &str, line: usize, rest: &str) {
        let mut words = rest.split_whitespace();
        let (Some(root), Some(interval)) = (words.next(), words.next()) else {
            self.error(
                file,
                line,
                "vacancy needs ROOT FROM..TO OFFICE (e.g. 'vacancy LBN 2014-05-25..2016-10-30 president')".into(),
            );
            return;
        };
        let office = words.collect::<Vec<_>>().join(" ");
        if !self.dict.is_root(root) {
            self.error(file, line, format!("'{root}' is not a declared root"));
            return;
        }
        if office.is_empty() {
            self.error(file, line, "vacancy names no office".into());
            return;
        }
        match parse_interval(interval) {
            Ok((Some(from), Some(to))) => self.dict.vacancies.push(Vacancy {
                root: root.to_string(),
                office,
                from,
                to,
                precision: interval_precision(interval),
                at: Location {
                    file: file.into(),
                    line,
                },
            }),
            Ok(_) => self.error(
                file,
                line,
                format!("vacancy interval '{interval}' needs both ends"),
            ),
            Err(e) => self.error(file, line, e),
        }
    }

    /// `ambiguous PHRASE = by-date | none | prefer CANONICAL NAME` (first pass).
    fn ambiguous(&mut self, file: &str, line: usize, rest: &str) {
        let Some((phrase, rule)) = rest.split_once('=') else {
            self.error(
                file,
                line,
                "ambiguous needs 'PHRASE = RULE' (by-date, none, or prefer NAME)".into(),
            );
            return;
        };
        let (phrase, rule) = (phrase.trim(), rule.trim());
        let rule = match rule.split_once(char::is_whitespace) {
            _ if rule == "by-date" => AmbiguityRule::ByDate,
            _ if rule == "none" => AmbiguityRule::NoCode,
            Some(("prefer", name)) if !name.trim().is_empty() => {
                AmbiguityRule::Prefer(name.trim().to_string())
            }
            _ => {
                self.error(
                    file,
                    line,
                    format!("unknown ambiguity rule '{rule}' (by-date, none, or prefer NAME)"),
                );
                return;
            }
        };
        if phrase_keys(phrase).is_empty() {
            self.error(file, line, format!("empty phrase '{phrase}'"));
            return;
        }
        let at = Location {
            file: file.into(),
            line,
        };
        self.pending_ambiguities
            .push((phrase.to_string(), rule, at, self.layer));
    }

    /// Before the second pass: a person for each ambiguous phrase, indexed first.
    fn index_ambiguities(&mut self) {
        for (phrase, rule, at, layer) in std::mem::take(&mut self.pending_ambiguities) {
            let keys = phrase_keys(&phrase);
            if let Some(prev) = self
                .dict
                .ambiguities
                .iter()
                .find(|a| phrase_keys(&a.phrase) == keys)
            {
                let msg = format!("'{phrase}' is already declared ambiguous at {}", prev.at);
                self.error(&at.file, at.line, msg);
                continue;
            }
            let id = self.dict.people.len() as u32;
            self.dict.people.push(Person {
                name: phrase.clone(),
                roles: Vec::new(),
                at: at.clone(),
            });
            self.dict.phrases.insert(
                &keys,
                Reading::Person { person: id },
                caps_only(&phrase),
                layer,
                at.clone(),
            );
            self.dict.ambiguities.push(Ambiguity {
                phrase,
                rule,
                candidates: Vec::new(),
                person: id,
                at,
            });
        }
    }

    /// After the second pass: the candidates of each ambiguous phrase, and the roles its
    /// person carries under the rule.
    fn resolve_ambiguities(&mut self) {
        let made: Vec<u32> = self.dict.ambiguities.iter().map(|a| a.person).collect();
        for i in 0..self.dict.ambiguities.len() {
            let a = &self.dict.ambiguities[i];
            let keys = phrase_keys(&a.phrase);
            let candidates: Vec<u32> = self
                .dict
                .phrases
                .lookup(&keys)
                .into_iter()
                .filter_map(|r| match r {
                    Reading::Person { person } if !made.contains(person) => Some(*person),
                    _ => None,
                })
                .collect();
            let roles: Vec<Role> = match &a.rule {
                AmbiguityRule::NoCode => Vec::new(),
                AmbiguityRule::ByDate => by_date_roles(&self.dict.people, &candidates),
                AmbiguityRule::Prefer(name) => {
                    match candidates
                        .iter()
                        .find(|&&p| self.dict.people[p as usize].name == *name)
                    {
                        Some(&p) => self.dict.people[p as usize].roles.clone(),
                        None => {
                            let (at, phrase) = (a.at.clone(), a.phrase.clone());
                            self.error(
                                &at.file,
                                at.line,
                                format!("ambiguous '{phrase}': no person '{name}' has this name"),
                            );
                            Vec::new()
                        }
                    }
                }
            };
            let person = self.dict.ambiguities[i].person as usize;
            self.dict.people[person].roles = roles;
            self.dict.ambiguities[i].candidates = candidates;
        }
    }

    fn agent_line(&mut self, file: &str, line: usize, text: &str, sectors: &[String]) {
        for item in list(text) {
            let (term, plurals) = match item.split_once('{') {
                Some((t, rest)) => {
                    let Some(inner) = rest.strip_suffix('}') else {
                        self.error(file, line, format!("unclosed '{{' in '{item}'"));
                        continue;
                    };
                    (t.trim(), Some(inner))
                }
                None => (item, None),
            };
            if term.is_empty() {
                continue;
            }
            self.dict.agents.push(AgentTerm {
                term: term.to_string(),
                sectors: sectors.to_vec(),
                at: Location {
                    file: file.into(),
                    line,
                },
            });
            self.add_phrase(
                file,
                line,
                term,
                Reading::Agent {
                    sectors: sectors.to_vec(),
                    plural: false,
                },
            );
            let forms: Vec<String> = match plurals {
                Some(p) => p
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
                None => vec![plural(&term.to_lowercase())],
            };
            for f in forms {
                if phrase_keys(&f) != phrase_keys(term) {
                    self.add_phrase(
                        file,
                        line,
                        &f,
                        Reading::Agent {
                            sectors: sectors.to_vec(),
                            plural: true,
                        },
                    );
                }
            }
        }
    }

    fn pattern(&mut self, file: &str, line: usize, text: &str) {
        let (code, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        if !Cameo::get().contains(code) {
            self.error(file, line, format!("'{code}' is not a CAMEO code"));
            return;
        }
        // Flags: {recip}, {neg=CODE}, at the end.
        let mut body = rest.trim();
        let mut reciprocal = false;
        let mut host_target = false;
        let mut topic_object = false;
        let mut needs_object = false;
        let mut negated_code = None;
        while body.ends_with('}') {
            let Some(open) = body.rfind('{') else { break };
            let flags = &body[open + 1..body.len() - 1];
            for f in flags.split([',', ' ']).filter(|f| !f.is_empty()) {
                if f == "recip" {
                    reciprocal = true;
                } else if f == "host" {
                    host_target = true;
                } else if f == "topic" {
                    topic_object = true;
                } else if f == "object" {
                    needs_object = true;
                } else if let Some(c) = f.strip_prefix("neg=") {
                    if Cameo::get().contains(c) {
                        negated_code = Some(c.to_string());
                    } else {
                        self.error(
                            file,
                            line,
                            format!("negated code '{c}' is not a CAMEO code"),
                        );
                    }
                } else {
                    self.error(file, line, format!("unknown flag '{f}'"));
                }
            }
            body = body[..open].trim_end();
        }
        let mut words = body.split_whitespace();
        let Some(verbs) = words.next() else {
            self.error(file, line, "pattern has no verb".into());
            return;
        };
        let mut elements = Vec::new();
        for w in words {
            elements.push(match w {
                "*" => PatternElement::Gap,
                "+" => PatternElement::Target,
                "$" => PatternElement::Source,
                _ => {
                    let alts: Vec<Vec<String>> = w
                        .split('|')
                        .filter(|a| !a.is_empty())
                        .map(|a| phrase_keys_raw(&a.replace('_', " ")))
                        .filter(|k| !k.is_empty())
                        .collect();
                    if alts.is_empty() {
                        self.error(file, line, format!("empty word '{w}'"));
                        return;
                    }
                    PatternElement::Words(alts)
                }
            });
        }
        if elements
            .iter()
            .filter(|e| **e == PatternElement::Target)
            .count()
            > 1
        {
            self.error(
                file,
                line,
                "a pattern has at most one target slot '+'".into(),
            );
            return;
        }
        for alternative in verbs.split('|').filter(|v| !v.is_empty()) {
            // "step_up": the verb "step" with the particle "up" before the other elements.
            let mut parts = alternative.split('_');
            let verb = parts.next().unwrap_or("").to_lowercase();
            if verb.is_empty()
                || !verb
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            {
                self.error(file, line, format!("'{alternative}' is not a verb lemma"));
                continue;
            }
            let mut own = Vec::new();
            for particle in parts.filter(|p| !p.is_empty()) {
                own.push(PatternElement::Words(vec![phrase_keys_raw(particle)]));
            }
            own.extend(elements.iter().cloned());
            let text = std::iter::once(alternative.replace('_', " ").to_lowercase().as_str())
                .chain(body.split_whitespace().skip(1))
                .collect::<Vec<_>>()
                .join(" ");
            let pattern = VerbPattern {
                code: code.to_string(),
                verb: verb.clone(),
                anchors: word_anchors(&own),
                elements: own,
                reciprocal,
                negated_code: negated_code.clone(),
                host_target,
                topic_object,
                needs_object,
                text,
                at: Location {
                    file: file.into(),
                    line,
                },
            };
            self.dict.add_pattern(pattern, &[]);
        }
    }
}

/// The roles of a `by-date` name: every dated role of its candidates, except on the days
/// when candidates with different codes both hold one (then the name has no code).
fn by_date_roles(people: &[Person], candidates: &[u32]) -> Vec<Role> {
    let roles: Vec<(u32, &Role)> = candidates
        .iter()
        .flat_map(|&p| people[p as usize].roles.iter().map(move |r| (p, r)))
        .filter(|(_, r)| r.dated)
        .collect();
    let mut out = Vec::new();
    for &(p, r) in &roles {
        // Cut away every conflicting interval from this role: what remains are pieces.
        let mut pieces = vec![(r.from, r.to)];
        for &(q, s) in &roles {
            if q == p || s.code == r.code {
                continue;
            }
            pieces = pieces
                .into_iter()
                .flat_map(|piece| subtract(piece, (s.from, s.to)))
                .collect();
        }
        for (from, to) in pieces {
            out.push(Role {
                from,
                to,
                ..r.clone()
            });
        }
    }
    out.sort_by_key(|r| r.from);
    out
}

type Span = (Option<NaiveDate>, Option<NaiveDate>);

/// `a` minus `b`, both inclusive with open ends: zero, one or two pieces.
fn subtract(a: Span, b: Span) -> Vec<Span> {
    let lo = |d: Option<NaiveDate>| d.unwrap_or(NaiveDate::MIN);
    let hi = |d: Option<NaiveDate>| d.unwrap_or(NaiveDate::MAX);
    if hi(b.1) < lo(a.0) || hi(a.1) < lo(b.0) {
        return vec![a]; // disjoint
    }
    let mut out = Vec::new();
    if lo(a.0) < lo(b.0) {
        out.push((a.0, b.0.and_then(|d| d.pred_opt())));
    }
    if hi(b.1) < hi(a.1) {
        out.push((b.1.and_then(|d| d.succ_opt()), a.1));
    }
    out
}

/// Keys of a literal pattern word; unlike phrases, "the" is kept. A clitic written alone
/// ("'s") is one key, as the tokenizer makes it in running text.
fn phrase_keys_raw(w: &str) -> Vec<String> {
    if w.starts_with(['\'', '\u{2019}']) && w.chars().count() <= 4 {
        return vec![w.replace('\u{2019}', "'").to_lowercase()];
    }
    tokenize(w, 0..w.len()).into_iter().map(|t| t.key).collect()
}

fn split_key(text: &str) -> (&str, &str) {
    match text.split_once(char::is_whitespace) {
        Some((k, v)) => (k.trim_end_matches(':'), v.trim()),
        None => (text.trim_end_matches(':'), ""),
    }
}

fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// Compiles dictionary files (name, text) in order: builtin first, user files after.
pub fn compile(files: &[(String, String)]) -> Dictionary {
    let mut c = Compiler {
        dict: Dictionary {
            phrases: PhraseIndex::default(),
            ..Dictionary::default()
        },
        layer: 0,
        pending_ambiguities: Vec::new(),
    };
    for (name, text) in files {
        c.layer = u8::from(!name.starts_with("dictionaries/"));
        c.declare_roots(name, text);
    }
    c.index_ambiguities();
    for (name, text) in files {
        c.layer = u8::from(!name.starts_with("dictionaries/"));
        c.read(name, text);
    }
    c.resolve_ambiguities();
    // Keep the year function referenced for interval checks in `check`.
    let _ = NaiveDate::from_ymd_opt(2000, 1, 1).map(|d| d.year());
    c.dict
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
# a comment
country RUS Russia
  name       Russia; Russian Federation
  adjective  Russian
  capital    Moscow
  seat       Kremlin = GOV; Duma = LEG
country USA United States
  name       United States; US; America   # inline comment
  adjective  American; US
igo IGOUNO United Nations
org RUSGOV Roscosmos
person Sergei Shoigu
  name   Shoigu; Sergey Shoigu
  role   RUSMIL 2012-11-06..2024-05-12  defence minister
  role   RUSGOV 2024-05..               security council secretary
agent MIL
  general; troops {}
agent GOV
  spokesman {spokesmen}; minister
040 meet + {recip}
040 meet|see with + {recip}
163 impose|step_up * sanction|sanctions|arms_embargo on|against +
";

    fn dict(text: &str) -> Dictionary {
        compile(&[("dictionaries/t.txt".into(), text.into())])
    }

    #[test]
    fn compiles_every_kind_of_entry() {
        let d = dict(SAMPLE);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        assert_eq!(d.roots.len(), 3);
        assert_eq!(d.people.len(), 1);
        assert_eq!(d.people[0].roles.len(), 2);
        assert_eq!(d.patterns.len(), 5);
        assert!(d.patterns[0].reciprocal);
        let s = &d.patterns[3];
        assert_eq!(s.code, "163");
        assert_eq!(s.elements.len(), 4);
        assert!(d.patterns_for("imposed").iter().any(|&(p, _)| p == 3));
        assert!(d.patterns_for("met").iter().any(|&(p, _)| p == 0));
        // "step_up": verb "step", particle "up"; "arms_embargo": one alternative of two words.
        let step = &d.patterns[4];
        assert_eq!(step.verb, "step");
        assert_eq!(
            step.elements[0],
            PatternElement::Words(vec![vec!["up".to_string()]])
        );
        assert!(
            matches!(&step.elements[2], PatternElement::Words(a) if a.contains(&vec!["arms".to_string(), "embargo".to_string()]))
        );
        assert_eq!(d.agents.len(), 4);
        let stats = d.stats();
        assert_eq!(stats.countries, 2);
        assert_eq!(stats.international, 1);
    }

    #[test]
    fn roles_resolve_by_date() {
        let d = dict(SAMPLE);
        let p = &d.people[0];
        let on = |s: &str| {
            p.code_on(NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                .map(|c| c.to_string())
        };
        assert_eq!(on("2017-11-02").as_deref(), Some("RUSMIL"));
        assert_eq!(on("2024-06-01").as_deref(), Some("RUSGOV"));
        assert_eq!(
            on("2001-01-01"),
            None,
            "no role before 2012 and no undated role"
        );
        assert_eq!(
            p.code_on(None).map(|c| c.to_string()).as_deref(),
            Some("RUSGOV")
        );
    }

    #[test]
    fn outside_their_roles_people_keep_their_country() {
        let d = dict(
            "country KOR South Korea\nigo IGOUNO United Nations\nperson Ban Ki-moon\n  name Ban Ki-moon\n  role KORGOV 2004-01-17..2006-11-09 foreign minister\n  role IGOUNO 2007-01-01..2016-12-31 secretary-general\n  role KORGOV 2030-01-01..2031-01-01 x\n",
        );
        let p = &d.people[0];
        let on = |s: &str| {
            let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
            (
                p.code_on(date).map(|c| c.to_string()),
                p.former_code_on(date).map(|c| c.to_string()),
            )
        };
        // Before the first office: the country alone.
        assert_eq!(on("2000-05-01"), (None, Some("KOR".into())));
        // Between offices and after the international one: the country's elite.
        assert_eq!(on("2006-12-01"), (None, Some("KORELI".into())));
        assert_eq!(on("2018-03-01"), (None, Some("KORELI".into())));
        assert_eq!(on("2010-03-01").0.as_deref(), Some("IGOUNO"));
        assert_eq!(p.former_code_on(None), None);
        // No country among the roles: nothing to say.
        let un = dict("igo IGOUNO United Nations\nperson U Thant\n  name U Thant\n  role IGOUNO 1961-11-30..1971-12-31 secretary-general\n");
        let late = NaiveDate::parse_from_str("1990-01-01", "%Y-%m-%d").ok();
        assert_eq!(un.people[0].former_code_on(late), None);
    }

    #[test]
    fn malformed_lines_are_reported_with_file_and_line() {
        let d = dict("country USA United States\ncountry ZZZ Nowhere\n  name Nowhere\nperson X Y\n  role RUSFOO 2000..2001 x\n  role USAGOV 2005..2001 x\n  badkey 1\n999 meet +\nwhat is this\n040 meet + {bogus}\n  orphan\n");
        let msgs: Vec<String> = d.problems.iter().map(|p| p.to_string()).collect();
        let joined = msgs.join("\n");
        assert!(
            joined.contains("t.txt:2: error: 'ZZZ' is not a valid country root"),
            "{joined}"
        );
        assert!(joined.contains("t.txt:5: error"), "{joined}");
        assert!(
            joined.contains("t.txt:6: error: interval 2005..2001 ends before it starts"),
            "{joined}"
        );
        assert!(
            joined.contains("t.txt:7: error: unknown key 'badkey'"),
            "{joined}"
        );
        assert!(
            joined.contains("t.txt:8: error: '999' is not a CAMEO code"),
            "{joined}"
        );
        assert!(
            joined.contains("t.txt:9: error: unknown block kind"),
            "{joined}"
        );
        assert!(
            joined.contains("t.txt:10: error: unknown flag 'bogus'"),
            "{joined}"
        );
    }

    #[test]
    fn dates_and_intervals() {
        assert_eq!(
            parse_date("2014", true),
            NaiveDate::from_ymd_opt(2014, 12, 31)
        );
        assert_eq!(
            parse_date("2014-02", true),
            NaiveDate::from_ymd_opt(2014, 2, 28)
        );
        assert_eq!(
            parse_date("2014-02", false),
            NaiveDate::from_ymd_opt(2014, 2, 1)
        );
        assert!(parse_date("14-02-01", false).is_none());
        assert_eq!(parse_interval("2012-05-07..").unwrap().1, None);
        assert!(parse_interval("2012").is_err());
    }

    #[test]
    fn phrase_keys_fold_case_and_abbreviations() {
        assert_eq!(phrase_keys("U.S."), ["us"]);
        assert_eq!(phrase_keys("the Kremlin"), ["kremlin"]);
        assert_eq!(phrase_keys("Côte d'Ivoire"), ["côte", "d'ivoire"]);
        assert!(caps_only("U.S.") && caps_only("UN") && !caps_only("NATO") && !caps_only("Us"));
    }
}
