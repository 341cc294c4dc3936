//! petrel's dictionaries: what the words of news refer to.
//!
//! * [`parse`]: the plain-text format of `dictionaries/` (see `dictionaries/FORMAT.md`):
//!   countries, international roots, organisations, people with dated roles, agents and verb
//!   patterns. Parsing reports every malformed line with file and line and keeps the rest.
//! * [`Dictionary`]: the compiled form. Phrases go into a token-level trie ([`PhraseIndex`]) that
//!   the coder walks once per sentence (longest match first); verb patterns are indexed by every
//!   inflected form of their verb.
//! * [`check`]: the lints behind `petrel dict check`.
//! * [`places`]: the embedded gazetteer (GeoNames cities, regions, countries) and its lookup.
//! * [`wikidata`]: office holders from a Wikidata query result, written as `person` blocks.
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
pub mod coverage;
pub mod import;
mod index;
pub mod inflect;
pub mod parse;
pub mod places;
pub mod wikidata;

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

    /// Without a date, the latest of the person's dated roles that fits the title the text
    /// gives them: "Foreign Minister Stephen Smith" is the foreign minister (AUSGOV), not the
    /// defence minister he became later (AUSMIL). A role fits when its code is of a body or
    /// country the phrase names (`roots`, when it names one) and shares a sector with the
    /// title (or has none, as offices of international bodies: "UN Secretary General Antonio
    /// Guterres" is IGOUNO). `None` when no role fits, or with a date (a dated role decides).
    pub fn titled_code(
        &self,
        date: Option<NaiveDate>,
        title: &[String],
        roots: &[&str],
    ) -> Option<&ActorCode> {
        if date.is_some() || title.is_empty() {
            return None;
        }
        self.roles
            .iter()
            .filter(|r| {
                let named = roots.contains(&r.code.root.as_str());
                r.dated
                    && (roots.is_empty() || named)
                    && (r.code.sectors.iter().any(|s| title.contains(s))
                        || (named && r.code.sectors.is_empty()))
            })
            .max_by_key(|r| r.from)
            .map(|r| &r.code)
    }

    /// The code of a person on a date that none of their roles covers (with no undated role to
    /// fall back on): after their last office, or between two, the elite (`ELI`) of the
    /// country they served last, as CAMEO codes former officials ("Ehud Olmert" in 2018 is
    /// ISRELI); before their first office, that office's country alone. Offices of
    /// international bodies are passed over for the country served before or after them
    /// (Ban Ki-moon in 2018 is KORELI). None without a date or a country among the roles.
    pub fn former_code_on(&self, date: Option<NaiveDate>) -> Option<ActorCode> {
        let date = date?;
        let national = || {
            self.roles
                .iter()
                .filter(|r| r.dated && petrel_ontology::is_iso3166(&r.code.root))
        };
        if let Some(last) = national()
            .filter(|r| r.to.is_some_and(|to| to < date))
            .max_by_key(|r| r.to)
        {
            return Some(ActorCode::new(last.code.root.clone(), vec!["ELI".into()]));
        }
        national()
            .filter(|r| r.from.is_some_and(|from| date < from))
            .min_by_key(|r| r.from)
            .map(|first| ActorCode::new(first.code.root.clone(), Vec::new()))
    }
}

/// How precisely a date bound is written: a month or a year stands for its whole span, so a
/// successor starting "2010-04" may follow a predecessor ending on any day of April 2010.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum BoundPrecision {
    #[default]
    Day,
    Month,
    Year,
}

/// How a role line was written, for the checks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoleMeta {
    /// Precision of the interval's ends (from, to).
    pub precision: (BoundPrecision, BoundPrecision),
    /// `{deputy}`: the person exercised the office while its holder was suspended, ill or
    /// away (Temer for Rousseff in 2016); the role lies within the holder's term and is not a
    /// succession.
    pub deputy: bool,
    /// `{rival}`: the person claimed the office against another holder (Gbagbo and Ouattara
    /// in 2010-11); the role overlaps the other's term and is not a succession.
    pub rival: bool,
}

/// A declared vacancy (`vacancy ROOT INTERVAL OFFICE`): nobody in the dictionaries holds the
/// office during the interval (a real vacancy, or an acting holder the dictionaries do not
/// list). The succession check treats it as a holder, so the chain must still meet.
#[derive(Debug, Clone)]
pub struct Vacancy {
    pub root: String,
    pub office: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub precision: (BoundPrecision, BoundPrecision),
    pub at: Location,
}

/// How an explicitly ambiguous name is resolved (`ambiguous NAME = RULE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmbiguityRule {
    /// The person whose dated role covers the event date; nobody (no code) when none does.
    ByDate,
    /// Always this person (canonical name).
    Prefer(String),
    /// Never resolved: the phrase is a person of unknown code.
    NoCode,
}

/// An explicitly ambiguous person name. The compiler indexes `person` (a person made for the
/// phrase, whose roles follow the rule) before the people who list the name, so that the
/// coder, which takes a phrase's first person reading, honours the rule.
#[derive(Debug, Clone)]
pub struct Ambiguity {
    pub phrase: String,
    pub rule: AmbiguityRule,
    /// The people who list the phrase among their names.
    pub candidates: Vec<u32>,
    /// The person made for the phrase (index into [`Dictionary::people`]).
    pub person: u32,
    pub at: Location,
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
    /// A noun phrase skipped whole, actors included (imported patterns' `^`: "EID AT ^ WITH +").
    Phrase,
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
    /// `{topic}`: the verb's direct object is what is talked about, not with whom ("discussed
    /// North Korea"); a target the pattern does not name comes from its obliques only.
    pub topic_object: bool,
    /// `{object}`: the verb needs a direct object ("shelled the town"); without one its form
    /// is a noun more often than an act ("wounded by shelling").
    pub needs_object: bool,
    /// The pattern as written (without the code), for rule ids and explanations.
    pub text: String,
    pub at: Location,
    /// [`word_anchors`] of `elements`: words a sentence must hold for the pattern to match.
    pub anchors: AnchorFilter,
}

/// A word's hash for [`word_anchors`] (FNV-1a: cheap, and stable across runs).
#[inline]
pub fn word_hash(word: &str) -> u64 {
    word.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// For each `Words` element whose alternatives all start with a whole word (not a stem), the
/// hashes of those first words. A sentence that holds none of an element's words cannot match
/// the pattern, which lets the coder skip most of a verb's hundreds of patterns cheaply.
pub fn word_anchors(elements: &[PatternElement]) -> AnchorFilter {
    let anchors: Vec<Vec<u64>> = elements
        .iter()
        .filter_map(|e| match e {
            PatternElement::Words(alts) => alts
                .iter()
                .map(|alt| {
                    alt.first()
                        .filter(|w| !w.ends_with(import::STEM_MARK))
                        .map(|w| word_hash(w))
                })
                .collect::<Option<Vec<u64>>>(),
            _ => None,
        })
        .collect();
    AnchorFilter::new(&anchors)
}

/// Where a word sits in a sentence's 512-bit word filter ([`AnchorFilter`]).
#[inline]
pub fn anchor_bit(word: u64) -> u16 {
    (word & 511) as u16
}

/// The words a pattern needs, kept inline and small so that testing a verb's hundreds of
/// patterns against a sentence reads one short field per pattern (no pointers to follow):
/// up to [`AnchorFilter::SLOTS`] bit positions ([`anchor_bit`]), grouped into anchors. Each
/// anchor is satisfied when the sentence's filter has any of its bits. Anchors that do not
/// fit are left out, so the filter may let a pattern through that cannot match, never the
/// reverse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnchorFilter([u16; AnchorFilter::SLOTS]);

impl AnchorFilter {
    pub const SLOTS: usize = 8;
    /// Set on the first bit of each anchor.
    const NEW: u16 = 0x8000;
    const UNUSED: u16 = u16::MAX;

    /// A filter from anchors (each a list of alternative word hashes), fewest alternatives
    /// first, as many whole anchors as fit.
    pub fn new(anchors: &[Vec<u64>]) -> AnchorFilter {
        let mut sets: Vec<Vec<u16>> = anchors
            .iter()
            .map(|alts| {
                let mut bits: Vec<u16> = alts.iter().map(|&h| anchor_bit(h)).collect();
                bits.sort_unstable();
                bits.dedup();
                bits
            })
            .filter(|bits| !bits.is_empty())
            .collect();
        sets.sort_by_key(Vec::len);
        let mut slots = [Self::UNUSED; Self::SLOTS];
        let mut used = 0;
        for bits in sets {
            if used + bits.len() > Self::SLOTS {
                continue;
            }
            for (k, &b) in bits.iter().enumerate() {
                slots[used] = if k == 0 { b | Self::NEW } else { b };
                used += 1;
            }
        }
        AnchorFilter(slots)
    }

    /// Anchors kept.
    pub fn len(&self) -> usize {
        self.0
            .iter()
            .filter(|&&e| e != Self::UNUSED && e & Self::NEW != 0)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether a sentence whose words set these bits (`words[bit / 64] >> (bit % 64) & 1`)
    /// may match: every anchor has at least one of its bits set.
    #[inline]
    pub fn may_match(&self, words: &[u64; 8]) -> bool {
        let mut satisfied = true;
        for &e in &self.0 {
            if e == Self::UNUSED {
                break;
            }
            if e & Self::NEW != 0 {
                if !satisfied {
                    return false;
                }
                satisfied = false;
            }
            let b = (e & 511) as usize;
            satisfied |= words[b >> 6] >> (b & 63) & 1 != 0;
        }
        satisfied
    }
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
                PatternElement::Target | PatternElement::Source | PatternElement::Phrase => 1,
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
    /// Verb patterns, added through [`Dictionary::add_pattern`] only (it indexes them).
    pub patterns: Vec<VerbPattern>,
    /// Each pattern's anchors, by pattern id ([`Dictionary::anchors`]).
    anchors: Vec<AnchorFilter>,
    pub phrases: PhraseIndex,
    /// Inflected verb form -> (pattern index, which forms it is).
    verb_forms: HashMap<String, Vec<(u32, u8)>>,
    /// Problems found while loading.
    pub problems: Vec<DictProblem>,
    /// What the format says about each role beyond [`Role`], keyed by the role's line; roles
    /// missing here (made by code, not parsed) are day-precise and not deputies.
    pub role_meta: HashMap<Location, RoleMeta>,
    /// Declared vacancies, for the succession check.
    pub vacancies: Vec<Vacancy>,
    /// Declared ambiguous names.
    pub ambiguities: Vec<Ambiguity>,
    /// Event codes need not be CAMEO codes: set for dictionaries imported with their own code
    /// scheme (PETRARCH's and TABARI's validation suites use WEIS-like codes such as 903).
    pub foreign_codes: bool,
    /// What imported verb patterns need beyond petrel's own format, by pattern index (see
    /// [`import`]): words before the verb and the code of a paired reverse event.
    pub pattern_extras: HashMap<u32, PatternExtra>,
    /// Imported discard phrases: a sentence (or, for story-level ones, a document) containing
    /// one is not coded.
    pub discards: Vec<import::Discard>,
    /// Verb patterns were imported from a TABARI file: the coder follows TABARI's reading
    /// where it differs from PETRARCH's (pronouns stand for the sentence's first actor).
    pub tabari: bool,
}

/// Constraints of an imported verb pattern that petrel's own format does not express.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatternExtra {
    /// Elements that must precede the verb, nearest to the verb last: words, gaps, and a
    /// target written before the verb (`SUGGESTED + * REQUIRE`).
    ///
    /// Two marks carried over from the imported formats: a pattern word ending in `*` is a
    /// stem (TABARI: a word without a final `_` matches any word it starts), and an agent
    /// sector ending in `~` is a prefix agent (`[NGO~]`: the coder puts it before the country).
    pub before: Vec<PatternElement>,
    /// A paired code (`[032:033]`): the target also does this to the source.
    pub reverse_code: Option<String>,
    /// The pattern's own code is empty (`[:173]`): only the reverse event is coded.
    pub reverse_only: bool,
    /// Without a target slot, the first actor after the matched words in the same clause is the
    /// target (PETRARCH's and TABARI's reading: "restore ties with Gondor" for `* TIES`).
    pub open_target: bool,
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

    /// The anchors of pattern `id` ([`VerbPattern::anchors`]), from a table of their own: the
    /// coder tests every pattern of a verb against the sentence before trying one, and the
    /// patterns of a verb sit next to each other here, a few to a cache line.
    #[inline]
    pub fn anchors(&self, id: u32) -> &AnchorFilter {
        &self.anchors[id as usize]
    }

    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// Declares a root (or returns the one declared with this code). Used by importers, whose
    /// roots come from the imported files rather than from `country`/`igo` blocks.
    pub fn add_root(&mut self, code: &str, label: &str, kind: RootKind, at: Location) -> u32 {
        if let Some(&id) = self.root_index.get(code) {
            return id;
        }
        let id = self.roots.len() as u32;
        self.roots.push(Root {
            code: code.to_string(),
            label: label.to_string(),
            kind,
            at,
        });
        self.root_index.insert(code.to_string(), id);
        id
    }

    /// Adds a verb pattern, indexed by every inflection of its verb and by `extra_forms`
    /// (irregular forms written in the imported file, with their [`inflect::form`] flags).
    pub fn add_pattern(&mut self, pattern: VerbPattern, extra_forms: &[(String, u8)]) -> u32 {
        let id = self.patterns.len() as u32;
        let mut forms = inflect::verb_forms(&pattern.verb);
        for (f, kind) in extra_forms {
            match forms.iter_mut().find(|(w, _)| w == f) {
                Some(e) => e.1 |= kind,
                None => forms.push((f.clone(), *kind)),
            }
        }
        for (form, kind) in forms {
            self.verb_forms.entry(form).or_default().push((id, kind));
        }
        self.anchors.push(pattern.anchors);
        self.patterns.push(pattern);
        id
    }

    /// The imported constraints of a pattern, if it has any.
    pub fn pattern_extra(&self, id: u32) -> Option<&PatternExtra> {
        self.pattern_extras.get(&id)
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
            // People made for ambiguous names are not people of their own.
            people: self.people.len() - self.ambiguities.len(),
            roles: self
                .people
                .iter()
                .enumerate()
                .filter(|(i, _)| !self.ambiguities.iter().any(|a| a.person as usize == *i))
                .map(|(_, p)| p.roles.len())
                .sum(),
            agents: self.agents.len(),
            verb_patterns: self.patterns.len(),
            phrases: self.phrases.len(),
            places: places::Gazetteer::builtin().len(),
            cameo_codes_used: codes.len(),
            roots_covered: roots.len(),
        }
    }
}

#[cfg(test)]
mod anchor_tests {
    use super::*;

    /// A sentence filter holding these words.
    fn sentence(words: &[&str]) -> [u64; 8] {
        let mut set = [0u64; 8];
        for w in words {
            let b = anchor_bit(word_hash(w));
            set[(b >> 6) as usize] |= 1 << (b & 63);
        }
        set
    }

    #[test]
    fn every_anchor_needs_one_of_its_words() {
        let h = |w: &str| word_hash(w);
        // "sanctions|tariffs" and "on".
        let filter = AnchorFilter::new(&[vec![h("sanctions"), h("tariffs")], vec![h("on")]]);
        assert_eq!(filter.len(), 2);
        assert!(filter.may_match(&sentence(&["imposed", "tariffs", "on", "russia"])));
        assert!(filter.may_match(&sentence(&["imposed", "sanctions", "on", "russia"])));
        assert!(!filter.may_match(&sentence(&["imposed", "sanctions", "against", "russia"])));
        assert!(!filter.may_match(&sentence(&["imposed", "quotas", "on", "russia"])));
    }

    #[test]
    fn anchors_that_do_not_fit_are_left_out_whole() {
        let h = |w: &str| word_hash(w);
        // Nine alternatives cannot fit: that anchor is dropped, the one-word anchor kept.
        let many: Vec<u64> = (0..9).map(|i| h(&format!("word{i}"))).collect();
        let filter = AnchorFilter::new(&[many, vec![h("on")]]);
        assert_eq!(filter.len(), 1);
        assert!(filter.may_match(&sentence(&["on"])));
        assert!(!filter.may_match(&sentence(&["word1"])));
        // No anchors: every sentence may match.
        assert!(AnchorFilter::new(&[]).may_match(&sentence(&[])));
    }
}
