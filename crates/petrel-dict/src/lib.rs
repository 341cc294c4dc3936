//! petrel's dictionaries: what the words of news refer to.
//!
//! * [`parse`]: the plain-text format of `dictionaries/` (see `dictionaries/FORMAT.md`):
//!   countries, international roots, organisations, people with dated roles, agents and verb
//!   patterns. Parsing reports every malformed line with file and line and keeps the rest.
//! * [`Dictionary`]: the compiled form. Phrases go into a token-level trie ([`PhraseIndex`]) that
//!   the coder walks once per sentence (longest match first); verb patterns are indexed by every
//!   inflected form of their verb.
//! * [`check`]: the lints behind `petrel dict check`.
//!
//! The built-in dictionaries are compiled into the library ([`Dictionary::builtin`]); more
//! files in the same format can be layered on top ([`DictionaryBuilder::add_dir`]).
//! This crate does no coding: it only says what a phrase can mean.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use petrel_ontology::ActorCode;

pub mod check;
mod index;
pub mod inflect;
pub mod parse;

pub use index::{PhraseIndex, PhraseMatch};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// Where an entry came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub file: String,
    pub line: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A problem in a dictionary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictProblem {
    pub at: Location,
    pub message: String,
    /// Errors make an entry unusable; warnings point at something doubtful.
    pub severity: Severity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for DictProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}: {sev}: {}", self.at, self.message)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootKind {
    Country,
    Region,
    International,
}

/// A country, region or international root with its label.
#[derive(Debug, Clone)]
pub struct Root {
    pub code: String,
    pub label: String,
    pub kind: RootKind,
    pub at: Location,
}

/// What a dictionary phrase can mean.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// A country's or international body's name: an actor on its own.
    Name { root: u32 },
    /// "Russian": an actor only when it modifies an agent, organisation or person.
    Adjective { root: u32 },
    /// "Russians": a people, coded as the country.
    Demonym { root: u32 },
    /// "Moscow": the government, unless a locative preposition makes it a place.
    Capital { root: u32 },
    /// "the Kremlin", "the Pentagon": a seat of power with its sectors.
    Seat { root: u32, sectors: Vec<String> },
    /// A named organisation with a full code.
    Org { code: ActorCode },
    /// A person; the code depends on the date.
    Person { person: u32 },
    /// A common noun giving sectors ("generals" = MIL).
    Agent { sectors: Vec<String>, plural: bool },
}

/// A dated role of a person.
#[derive(Debug, Clone)]
pub struct Role {
    pub code: ActorCode,
    /// Inclusive bounds; `None` is open.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// False for the undated fallback role.
    pub dated: bool,
    pub office: String,
    pub at: Location,
}

impl Role {
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }
}

#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub roles: Vec<Role>,
    pub at: Location,
}

impl Person {
    /// The person's code on a date: the first dated role that covers it, else the undated role.
    /// Without a date, the latest dated role (news is mostly about the present).
    pub fn code_on(&self, date: Option<NaiveDate>) -> Option<&ActorCode> {
        match date {
            Some(d) => self
                .roles
                .iter()
                .find(|r| r.dated && r.covers(d))
                .or_else(|| self.roles.iter().find(|r| !r.dated))
                .map(|r| &r.code),
            None => self
                .roles
                .iter()
                .filter(|r| r.dated)
                .max_by_key(|r| r.from)
                .or_else(|| self.roles.iter().find(|r| !r.dated))
                .map(|r| &r.code),
        }
    }
}

/// One element of a verb pattern after the verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternElement {
    /// Any one of these alternatives, each a sequence of token keys ("cease-fire" is three).
    Words(Vec<Vec<String>>),
    /// Zero to three ordinary words.
    Gap,
    /// An actor phrase: the target.
    Target,
    /// An actor phrase: the source (the subject then becomes the target).
    Source,
}

/// A verb pattern: "163 impose * sanctions on +".
#[derive(Debug, Clone)]
pub struct VerbPattern {
    pub code: String,
    pub verb: String,
    pub elements: Vec<PatternElement>,
    pub reciprocal: bool,
    /// The code when negated; `None`: a negated match yields nothing.
    pub negated_code: Option<String>,
    /// `{host}`: without a target in the text, the target is the country the subject is
    /// accredited to ("the ambassador to Russia ... presented his credentials").
    pub host_target: bool,
    /// The pattern as written (without the code), for rule ids and explanations.
    pub text: String,
    pub at: Location,
}

impl VerbPattern {
    pub fn has_target_slot(&self) -> bool {
        self.elements.contains(&PatternElement::Target)
    }
    pub fn has_source_slot(&self) -> bool {
        self.elements.contains(&PatternElement::Source)
    }
    /// How specific the pattern is: literal words count, gaps and slots less.
    pub fn weight(&self) -> usize {
        self.elements
            .iter()
            .map(|e| match e {
                PatternElement::Words(_) => 2,
                PatternElement::Target | PatternElement::Source => 1,
                PatternElement::Gap => 0,
            })
            .sum()
    }
}

/// Agent term as written, for statistics and checks.
#[derive(Debug, Clone)]
pub struct AgentTerm {
    pub term: String,
    pub sectors: Vec<String>,
    pub at: Location,
}

/// The compiled dictionaries.
#[derive(Debug, Default)]
pub struct Dictionary {
    pub roots: Vec<Root>,
    root_index: HashMap<String, u32>,
    pub people: Vec<Person>,
    pub agents: Vec<AgentTerm>,
    pub orgs: Vec<(ActorCode, String, Location)>,
    pub patterns: Vec<VerbPattern>,
    pub phrases: PhraseIndex,
    /// Inflected verb form -> (pattern index, which forms it is).
    verb_forms: HashMap<String, Vec<(u32, u8)>>,
    /// Problems found while loading.
    pub problems: Vec<DictProblem>,
}

impl Dictionary {
    /// The dictionaries compiled into petrel.
    pub fn builtin() -> Dictionary {
        let mut b = DictionaryBuilder::new();
        b.add_builtin();
        b.build()
    }

    pub fn root(&self, id: u32) -> &Root {
        &self.roots[id as usize]
    }

    pub fn root_id(&self, code: &str) -> Option<u32> {
        self.root_index.get(code).copied()
    }

    pub fn is_root(&self, code: &str) -> bool {
        self.root_index.contains_key(code)
    }

    /// Patterns whose verb has `form` as an inflection, with the forms it is.
    pub fn patterns_for(&self, form: &str) -> &[(u32, u8)] {
        self.verb_forms.get(form).map_or(&[], Vec::as_slice)
    }

    pub fn pattern(&self, id: u32) -> &VerbPattern {
        &self.patterns[id as usize]
    }

    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// Builds a [`Dictionary`] from files; later files override earlier phrases.
#[derive(Default)]
pub struct DictionaryBuilder {
    files: Vec<(String, String)>,
}

impl DictionaryBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add_builtin(&mut self) -> &mut Self {
        for (name, text) in builtin::BUILTIN {
            self.files
                .push((format!("dictionaries/{name}"), text.to_string()));
        }
        self
    }

    pub fn add_text(&mut self, name: &str, text: &str) -> &mut Self {
        self.files.push((name.to_string(), text.to_string()));
        self
    }

    /// Adds every `.txt` file below `dir` (sorted by path). Unreadable files become problems.
    pub fn add_dir(&mut self, dir: &Path) -> Result<&mut Self, std::io::Error> {
        let mut paths = Vec::new();
        collect_txt(dir, &mut paths)?;
        paths.sort();
        for p in paths {
            let text = std::fs::read_to_string(&p)?;
            self.files.push((p.display().to_string(), text));
        }
        Ok(self)
    }

    pub fn build(&self) -> Dictionary {
        parse::compile(&self.files)
    }
}

fn collect_txt(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return Ok(());
    }
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            collect_txt(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
    Ok(())
}

/// Counts for `petrel dict stats`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    pub countries: usize,
    pub regions: usize,
    pub international: usize,
    pub organisations: usize,
    pub people: usize,
    pub roles: usize,
    pub agents: usize,
    pub verb_patterns: usize,
    pub phrases: usize,
    pub places: usize,
    pub cameo_codes_used: usize,
    pub roots_covered: usize,
}

impl Dictionary {
    pub fn stats(&self) -> Stats {
        let count = |k: RootKind| self.roots.iter().filter(|r| r.kind == k).count();
        let mut codes: Vec<&str> = self.patterns.iter().map(|p| p.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        let mut roots: Vec<&str> = codes.iter().map(|c| &c[..2]).collect();
        roots.dedup();
        Stats {
            countries: count(RootKind::Country),
            regions: count(RootKind::Region),
            international: count(RootKind::International),
            organisations: self.orgs.len(),
            people: self.people.len(),
            roles: self.people.iter().map(|p| p.roles.len()).sum(),
            agents: self.agents.len(),
            verb_patterns: self.patterns.len(),
            phrases: self.phrases.len(),
            places: 0,
            cameo_codes_used: codes.len(),
            roots_covered: roots.len(),
        }
    }
}
