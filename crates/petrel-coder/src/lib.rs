//! The coder: sentences in, CAMEO events out, each with the rule and words that produced it.
//!
//! For every sentence the coder
//! 1. finds actor phrases ([`actors`]): dictionary matches assembled into noun phrases, with
//!    dated roles resolved on the sentence's date and compounds kept as groups;
//! 2. finds predicates ([`predicates`]): verb patterns matched at every inflected verb, with
//!    passive voice, negation, modality, and wrappers ("plans to", "threatened to", "refused to");
//! 3. finds the subject of each predicate (the actor group that governs it, within its clause;
//!    reported speech starts a new clause; a coordinated verb shares its subject);
//! 4. emits one event per source-target pair (compounds expand, reciprocal verbs go both ways),
//!    dated by the nearest date expression.
//!
//! Invariants: the coder does no I/O and keeps no global state; the dictionaries come in as a
//! value. There is no fallback code: no pattern, no event (010 only for "X said" when nothing
//! else in the sentence was coded, as the CAMEO codebook prescribes).

use chrono::NaiveDate;
use petrel_dict::Dictionary;
use petrel_ontology::{ActorCode, Cameo, QuadConvention};
use petrel_text::clean::CleanDocument;
use petrel_text::dates::{find_dates, DateMention};
use petrel_text::{
    clean, segment, BlockKind, DatePrecision, Document, EventDate, Sentence, Token, TokenKind,
};

pub mod actors;
pub mod home;
mod id;
mod imported;
mod lexicon;
pub mod locations;
mod modifier_target;
pub mod place_target;
pub mod predicates;
pub mod syntax;

pub use actors::{ActorPhrase, DocContext};
pub use imported::SuiteConventions;
pub use locations::EventLocation;
pub use predicates::Predicate;

/// Whether the dictionary holds imported PETRARCH/TABARI verb patterns: a few reading rules
/// that follow those coders (see [`actors`] and [`predicates`]) apply only then, so petrel's
/// behaviour with its own dictionaries is unchanged.
pub(crate) fn imported_conventions(dict: &Dictionary) -> bool {
    dict.foreign_codes || !dict.pattern_extras.is_empty()
}

/// Options that change what the coder emits.
#[derive(Debug, Clone)]
pub struct CoderOptions {
    pub convention: QuadConvention,
    /// Publication date for documents that carry none.
    pub default_date: Option<NaiveDate>,
    /// The tagger and parser that find subjects and objects ([`syntax`]); `None` reads
    /// sentences with the shallow rules alone. The default is the models built into petrel.
    pub syntax: Option<&'static petrel_syntax::Models>,
    /// Options of the peers' validation suites; used only with imported dictionaries.
    pub suite: SuiteConventions,
    /// Give actors without a country of their own the one the document implies ([`home`]), and
    /// aid, ceasefires and attacks without a named target the country of their place
    /// ([`place_target`]).
    pub infer_countries: bool,
}

impl Default for CoderOptions {
    fn default() -> Self {
        CoderOptions {
            convention: QuadConvention::default(),
            default_date: None,
            syntax: petrel_syntax::Models::builtin().ok(),
            suite: SuiteConventions::default(),
            infer_countries: true,
        }
    }
}

/// An actor in an event.
#[derive(Debug, Clone, PartialEq)]
pub struct EventActor {
    pub code: ActorCode,
    /// The phrase's words.
    pub text: String,
    /// Byte range of the phrase in the cleaned document text.
    pub span: (usize, usize),
    /// The country is the document's home country, not the phrase's own ([`home`]).
    pub country_inferred: bool,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: String,
    pub doc_id: String,
    pub sentence_index: usize,
    pub sentence: String,
    /// Byte range of the sentence in the cleaned text.
    pub sentence_span: (usize, usize),
    pub date: Option<EventDate>,
    pub source: EventActor,
    pub target: Option<EventActor>,
    pub cameo: String,
    pub root: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub plover: Option<String>,
    /// The verb as written.
    pub verb: String,
    pub verb_span: (usize, usize),
    pub negated: bool,
    pub hypothetical: bool,
    /// The pattern that fired, where it is written, and how it was applied.
    pub rule: String,
    /// Where the event happened, when the sentence or the dateline says ([`locations`]).
    pub location: Option<EventLocation>,
}

impl Event {
    /// A statement with no target by civil society of no country the text names ("scientists
    /// report", "people said", "the company said"): nobody political did anything to anyone, so
    /// it is not an event. Officials, police, armed groups and parties keep theirs: a government
    /// statement is political even when the text hides whose government it is. Judged on the
    /// text's own reading, before a home country is inferred: a dateline says where the company
    /// is, not that its statement is political.
    pub fn is_anonymous_statement(&self) -> bool {
        self.cameo == "010" && self.target.is_none() && is_anonymous_civil(&self.source.code)
    }

    /// A news outlet passing on news: a statement with no target by an actor that is media
    /// and nothing else ("Sky News said the accident was the fourth", "USA Today noted",
    /// "ABC of Australia reported"). The outlet's words are reporting, not a political act;
    /// the events it reports are coded from their own verbs. An outlet speaking of itself
    /// ("The Jakarta Post said it would appeal the ruling") is a party, and keeps its
    /// statement; so do state media (GOV and MED, "KCNA said"), which speak for their
    /// government.
    pub fn is_outlet_report(&self) -> bool {
        if self.cameo != "010" || self.target.is_some() || self.source.code.sectors != ["MED"] {
            return false;
        }
        let (_, after_verb) = self.sentence_split_at(self.verb_span.1);
        let mut words = words_of(after_verb).filter(|w| !w.eq_ignore_ascii_case("that"));
        let of_itself = words
            .next()
            .is_some_and(|w| matches!(w.to_lowercase().as_str(), "it" | "its" | "we" | "our"));
        !of_itself
    }

    /// A meeting, talk or briefing whose other side is the press in general ("met reporters",
    /// "speaking with reporters", "briefing journalists", "declined to talk to reporters"): a
    /// press conference, not consultation between political actors. What was said there is
    /// coded as the statement it is; a named outlet ("met representatives of CBS") keeps its
    /// events.
    pub fn is_press_encounter(&self) -> bool {
        let talk = self.cameo.starts_with("04") || matches!(self.cameo.as_str(), "064" | "125");
        talk && std::iter::once(&self.source)
            .chain(self.target.as_ref())
            .any(is_the_press)
    }

    /// Whether the event's target is the press in general reached by "to", as the audience of
    /// an act that is not a meeting: "claimed responsibility for the attack in a statement sent
    /// to media", "apologised to reporters". The press carries the act to its readers; the
    /// act is not aimed at it.
    fn is_aimed_at_its_audience(&self) -> bool {
        let Some(target) = self.target.as_ref().filter(|t| is_the_press(t)) else {
            return false;
        };
        let (before, _) = self.sentence_split_at(target.span.0);
        let mut words = words_of(before)
            .rev()
            .skip_while(|w| w.eq_ignore_ascii_case("the"));
        words.next().is_some_and(|w| w.eq_ignore_ascii_case("to"))
    }

    /// The event's sentence cut at a byte offset of the document (all of it after the cut when
    /// the offset lies before the sentence, all of it before when after; nothing when the cut
    /// falls inside a character).
    fn sentence_split_at(&self, offset: usize) -> (&str, &str) {
        let k = offset
            .saturating_sub(self.sentence_span.0)
            .min(self.sentence.len());
        self.sentence.split_at_checked(k).unwrap_or_default()
    }
}

/// The words of a text, split at anything that is not a letter or digit.
fn words_of(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// An actor that is the press in general: media by its sector, named by a generic noun.
fn is_the_press(a: &EventActor) -> bool {
    a.code.sectors == ["MED"]
        && a.text.split_whitespace().last().is_some_and(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "reporters"
                    | "journalists"
                    | "press"
                    | "media"
                    | "newsmen"
                    | "correspondents"
                    | "reporter"
                    | "journalist"
                    | "correspondent"
            )
        })
}

/// Civil society (business, education, media, health, labour, farming, environment, religion,
/// civilians) of no country: an actor whose statements are no events.
fn is_anonymous_civil(code: &ActorCode) -> bool {
    const CIVIL_SOCIETY: &[&str] = &[
        "CVL", "EDU", "BUS", "MED", "HLH", "LAB", "AGR", "ENV", "REL",
    ];
    code.root == actors::UNKNOWN_ROOT
        && !code.sectors.is_empty()
        && code
            .sectors
            .iter()
            .all(|s| CIVIL_SOCIETY.contains(&s.as_str()))
}

/// Whether the sentence can give no event that is kept, whatever its parse says: no actor in it
/// has a code (events need a coded source), or it has only plain statements (no "told": its
/// listener becomes a target once the parse finds a speaker; no "must" or "should", which make
/// "X said Y must go" a demand) and every coded actor in it is anonymous civil society, so that
/// every event it could give is an anonymous statement ([`Event::is_anonymous_statement`]).
/// Such a sentence is not parsed: about a quarter of the sentences business news would parse
/// ("the company said").
fn gives_no_kept_event(tokens: &[Token], actors: &[ActorPhrase], predicates: &[Predicate]) -> bool {
    let mut codes = actors.iter().flat_map(|a| &a.codes).peekable();
    if codes.peek().is_none() {
        return true;
    }
    codes.all(is_anonymous_civil)
        && predicates
            .iter()
            .all(|p| p.is_statement() && p.target.is_none())
        && !tokens
            .iter()
            .any(|t| names_a_listener_or_obligation(&t.key))
}

/// "told" names a listener (a target once the parse finds a speaker), and "must" or "should"
/// an obligation ("X said Y must go" is a demand): words that make the parse read a
/// statement's words after its verb.
fn names_a_listener_or_obligation(k: &str) -> bool {
    matches!(k, "tell" | "tells" | "told" | "telling" | "must" | "should")
}

/// How far a statement's verb is followed for its subject to be parsed as in the whole
/// sentence (see [`syntax::Parse::of_prefix`]).
const STATEMENT_LOOKAHEAD: usize = 7;

/// How many of a sentence's words the coder parses.
///
/// A sentence whose only predicates are statements ("Finance Minister X said on Monday that
/// ...") needs the parse for one thing: the speaker, before the verb. Its words after the verb
/// are parsed only as far as that choice looks ahead ([`STATEMENT_LOOKAHEAD`]). In Reuters this
/// leaves 11% of the parsed words unparsed (in 8,609 of 40,096 parsed sentences) and saves 7%
/// of the pipeline's time. When it came, 14 of Reuters' 23,554 events changed their speaker, 8
/// for the better and 5 for the worse, where the relabeller, which sees the verb's right
/// dependents, labelled a subject differently.
///
/// Not where the parse reads further: the listener of "told", a thing "added" ("adding an
/// airplane to the pool" says nothing), the subject an obligation falls on ("X said Y must"),
/// or a speaker that may come after the verb (no coded actor before it, or punctuation right
/// before it: "..., said Harlan Ullman, a naval officer").
fn words_to_parse(tokens: &[Token], actors: &[ActorPhrase], predicates: &[Predicate]) -> usize {
    let reads_further = |t: &Token| {
        names_a_listener_or_obligation(&t.key)
            || matches!(t.key.as_str(), "add" | "adds" | "added" | "adding")
    };
    let speaker_before = |p: &Predicate| {
        p.verb > 0
            && tokens[p.verb - 1].kind == TokenKind::Word
            && actors.iter().any(|a| a.end <= p.verb)
    };
    let statements_only = !predicates.is_empty()
        && predicates
            .iter()
            .all(|p| p.is_statement() && speaker_before(p));
    if !statements_only || tokens.iter().any(reads_further) {
        return tokens.len();
    }
    let last = predicates
        .iter()
        .map(|p| p.end.max(p.verb + 1))
        .max()
        .unwrap_or(0);
    (last + STATEMENT_LOOKAHEAD).min(tokens.len())
}

/// Everything the coder found in a document (events, and what `explain` shows).
#[derive(Debug)]
pub struct DocumentCoding {
    pub clean: CleanDocument,
    pub sentences: Vec<SentenceCoding>,
    /// The date relative expressions were resolved against.
    pub anchor: Option<NaiveDate>,
}

#[derive(Debug)]
pub struct SentenceCoding {
    pub sentence: Sentence,
    /// The dependency parse, when the sentence was parsed (it holds an actor and is not
    /// longer than [`syntax::MAX_PARSED_TOKENS`]).
    pub parse: Option<syntax::Parse>,
    pub actors: Vec<ActorPhrase>,
    pub predicates: Vec<Predicate>,
    pub dates: Vec<DateMention>,
    pub events: Vec<Event>,
}

impl DocumentCoding {
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        self.sentences.iter().flat_map(|s| s.events.iter())
    }
}

pub struct Coder<'d> {
    dict: &'d Dictionary,
    opts: CoderOptions,
}

impl<'d> Coder<'d> {
    pub fn new(dict: &'d Dictionary, opts: CoderOptions) -> Self {
        Coder { dict, opts }
    }

    pub fn dictionary(&self) -> &Dictionary {
        self.dict
    }

    /// Cleans, segments and codes a document.
    pub fn code_document(&self, doc: &Document) -> DocumentCoding {
        let cleaned = clean(doc);
        let sentences = segment(&cleaned);
        let anchor = doc
            .date
            .or(self.opts.default_date)
            .or_else(|| first_explicit_date(&sentences));
        let mut ctx = DocContext {
            redefined: actors::redefined_acronyms(
                self.dict,
                sentences.iter().map(|s| s.tokens.as_slice()),
            ),
            ..DocContext::default()
        };
        let mut out = Vec::with_capacity(sentences.len());
        // Imported discard lists: a story-level phrase anywhere drops the whole document.
        let story_discarded = sentences.iter().any(|s| self.discarded(&s.tokens, true));
        // "NAIROBI, Oct 8 -" says where the story was filed: its place is no actor.
        let first_body = sentences.iter().position(|s| s.block == BlockKind::Body);
        let gazetteer = petrel_dict::places::Gazetteer::builtin();
        for (k, s) in sentences.into_iter().enumerate() {
            let dateline_end = if Some(k) == first_body {
                locations::dateline_tokens(gazetteer, &s.tokens).map_or(0, |d| d.end)
            } else {
                0
            };
            let coding =
                if s.block.is_coded() && !story_discarded && !self.discarded(&s.tokens, false) {
                    self.code_sentence(&doc.id, s, &cleaned.text, anchor, dateline_end, &mut ctx)
                } else {
                    SentenceCoding {
                        sentence: s,
                        parse: None,
                        actors: Vec::new(),
                        predicates: Vec::new(),
                        dates: Vec::new(),
                        events: Vec::new(),
                    }
                };
            out.push(coding);
        }
        // Imported dictionaries keep their suites' reading.
        if !imported_conventions(self.dict) {
            for s in &mut out {
                for e in &mut s.events {
                    if !e.is_press_encounter() && e.is_aimed_at_its_audience() {
                        e.target = None;
                        e.rule
                            .push_str(" [the press it was told to is its audience, no target]");
                    }
                }
                s.events.retain(|e| {
                    !e.is_anonymous_statement() && !e.is_outlet_report() && !e.is_press_encounter()
                });
            }
        }
        locations::locate_events(self.dict, &cleaned.text, &mut out);
        if self.opts.infer_countries && !imported_conventions(self.dict) {
            home::fill_home_country(self.dict, &cleaned.text, &mut out);
            place_target::fill_place_targets(self.dict, &cleaned.text, &mut out);
        }
        DocumentCoding {
            clean: cleaned,
            sentences: out,
            anchor,
        }
    }

    /// Whether an imported discard phrase (story-level or sentence-level) occurs in the tokens.
    fn discarded(&self, tokens: &[petrel_text::Token], story: bool) -> bool {
        self.dict
            .discards
            .iter()
            .filter(|d| d.story == story)
            .any(|d| d.occurs_in(|i| tokens.get(i).map(|t| t.key.as_str()), tokens.len()))
    }

    fn code_sentence(
        &self,
        doc_id: &str,
        s: Sentence,
        text: &str,
        anchor: Option<NaiveDate>,
        dateline_end: usize,
        ctx: &mut DocContext,
    ) -> SentenceCoding {
        let tokens = &s.tokens;
        let dates = find_dates(tokens, anchor);
        // The sentence's own date decides dated roles when it states one ("in 2014, Putin ...").
        let role_date = dates
            .iter()
            .find(|d| !d.bound && d.date.precision == DatePrecision::Day)
            .map(|d| d.date.date)
            .or(anchor);
        let headline = s.block == BlockKind::Headline;
        let mut actors = actors::find_actors(self.dict, tokens, text, role_date, ctx, headline);
        actors.retain(|a| a.start >= dateline_end);
        let mut in_date = vec![false; tokens.len()];
        for d in &dates {
            for slot in &mut in_date[d.first..d.end] {
                *slot = true;
            }
        }
        let mut predicates =
            predicates::find_predicates(self.dict, tokens, &actors, &in_date, None);
        // The parse changes who the subject and object of a predicate are, and finds objects
        // too long for a pattern's gap: a sentence without actors is not parsed, nor one
        // without a predicate unless such an object may give one, nor one that can give no
        // event that is kept.
        // PETRARCH/TABARI dictionaries keep the shallow reading their suites were measured with.
        let imported = imported_conventions(self.dict);
        let long_object =
            || predicates::may_match_long_object(self.dict, tokens, &actors, &in_date);
        let parse = self
            .opts
            .syntax
            .filter(|_| {
                !actors.is_empty()
                    && tokens.len() <= syntax::MAX_PARSED_TOKENS
                    && !imported
                    && !gives_no_kept_event(tokens, &actors, &predicates)
                    && (!predicates.is_empty() || long_object())
            })
            .map(|m| {
                let mut len = words_to_parse(tokens, &actors, &predicates);
                if len < tokens.len() && long_object() {
                    len = tokens.len();
                }
                syntax::Parse::of_prefix(m, tokens, text, len)
            });
        if let Some(ps) = &parse {
            predicates =
                predicates::find_predicates(self.dict, tokens, &actors, &in_date, Some(ps));
        }
        // Actors that exist only for events: imported default actors, and a country adjective
        // in a targetless act's object ([`modifier_target`]).
        let mut default_actors = Vec::new();
        if let Some(ps) = &parse {
            modifier_target::fill_modifier_targets(
                self.dict,
                text,
                tokens,
                ps,
                &actors,
                &mut predicates,
                &mut default_actors,
            );
        }
        // Imported dictionaries: PETRARCH's and TABARI's clause rules and default actors.
        if imported {
            imported::apply_conventions(
                &mut predicates,
                tokens,
                &actors,
                &self.opts.suite,
                &mut default_actors,
            );
        }
        let with_defaults: Vec<ActorPhrase>;
        let event_actors: &[ActorPhrase] = if default_actors.is_empty() {
            &actors
        } else {
            with_defaults = actors.iter().cloned().chain(default_actors).collect();
            &with_defaults
        };
        // Events of the main clause come first: the first event is the sentence's headline.
        let mut order: Vec<&Predicate> = predicates.iter().collect();
        if let Some(ps) = &parse {
            order.sort_by_key(|p| ps.depth(p.verb));
        }
        let mut events = Vec::new();
        let emit = |p: &Predicate, events: &mut Vec<Event>| {
            self.events_of(doc_id, &s, text, event_actors, p, &dates, anchor, events)
        };
        for p in order.into_iter().filter(|p| !p.is_statement()) {
            let extra = p.pattern.and_then(|id| self.dict.pattern_extra(id));
            if !extra.is_some_and(|x| x.reverse_only) {
                emit(p, &mut events);
            }
            // Imported paired codes ("[032:033]"): the target also acts on the source.
            let reverse = extra.and_then(|x| {
                x.reverse_code
                    .clone()
                    .or_else(|| x.reverse_only.then(|| p.code.clone()).flatten())
            });
            if let (Some(code), true, true) = (reverse, p.code.is_some(), p.target.is_some()) {
                let mut q = p.clone();
                std::mem::swap(&mut q.source, &mut q.target);
                q.code = Some(code);
                q.reciprocal = false;
                q.rule.push_str(" [paired reverse]");
                emit(&q, &mut events);
            }
        }
        if events.is_empty() {
            // "X said": a statement, only when nothing else was coded from the sentence.
            // The first that has a speaker ("Writing for the Court, Kagan declared ...").
            if let Some(p) = predicates
                .iter()
                .find(|p| p.is_statement() && p.source.is_some())
            {
                emit(p, &mut events);
            }
        }
        update_context(self.dict, ctx, &actors, tokens);
        SentenceCoding {
            sentence: s,
            parse,
            actors,
            predicates,
            dates,
            events,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn events_of(
        &self,
        doc_id: &str,
        s: &Sentence,
        text: &str,
        actors: &[ActorPhrase],
        p: &Predicate,
        dates: &[DateMention],
        anchor: Option<NaiveDate>,
        out: &mut Vec<Event>,
    ) {
        let Some(code) = p.code.as_deref() else {
            return;
        };
        let cameo = Cameo::get().lookup(code);
        // Imported dictionaries may use their own codes (validation suites do); they are emitted
        // as written, with the root from their first two digits and no Goldstein or PLOVER.
        let foreign = cameo.is_none()
            && self.dict.foreign_codes
            && code.len() >= 2
            && code.as_bytes()[..2].iter().all(u8::is_ascii_digit);
        if cameo.is_none() && !foreign {
            return;
        }
        let (root, root_number, goldstein, plover) = match cameo {
            Some(c) => (
                c.root().to_string(),
                c.root_number(),
                c.goldstein,
                c.plover.as_ref().map(|pl| pl.event.to_string()),
            ),
            None => (
                code[..2].to_string(),
                code[..2].parse().unwrap_or(0),
                0.0,
                None,
            ),
        };
        let members = |g: usize| -> Vec<(usize, &ActorCode)> {
            actors
                .iter()
                .enumerate()
                .filter(|(_, a)| a.group == g)
                .flat_map(|(i, a)| a.codes.iter().map(move |c| (i, c)))
                .collect()
        };
        let sources = p.source.map(members).unwrap_or_default();
        if sources.is_empty() {
            return;
        }
        let mut targets = p.target.map(members).unwrap_or_default();
        if targets.is_empty() && p.host_target {
            // The host country of an accredited diplomat, when the text leaves the target
            // implicit; the diplomat's title may stand in apposition to the name ("Jon
            // Huntsman, the new US ambassador to Russia, presented his credentials").
            let source_end = actors
                .iter()
                .filter(|a| Some(a.group) == p.source)
                .map(|a| a.end)
                .max();
            let in_apposition = |a: &ActorPhrase| {
                // Right after the source's comma, past at most three words ("the new US").
                source_end.is_some_and(|end| {
                    (end + 1..=end + 4).contains(&a.start)
                        && s.tokens.get(end).is_some_and(|t| t.key == ",")
                        && s.tokens[end + 1..a.start]
                            .iter()
                            .all(|t| t.kind != TokenKind::Punct)
                })
            };
            let host = actors.iter().enumerate().find_map(|(i, a)| {
                (Some(a.group) == p.source || in_apposition(a))
                    .then_some(())
                    .and(a.accredited_to.as_ref())
                    .map(|c| (i, c))
            });
            targets.extend(host);
        }
        // (phrase index, code) of the source, and of the target if any.
        type Member<'a> = (usize, &'a ActorCode);
        let mut pairs: Vec<(Member<'_>, Option<Member<'_>>)> = Vec::new();
        if !targets.is_empty() {
            for &a in &sources {
                for &b in &targets {
                    pairs.push((a, Some(b)));
                    if p.reciprocal {
                        pairs.push((b, Some(a)));
                    }
                }
            }
        } else if p.reciprocal && sources.len() > 1 {
            for &a in &sources {
                for &b in &sources {
                    if a.0 != b.0 || a.1 != b.1 {
                        pairs.push((a, Some(b)));
                    }
                }
            }
        } else if p.target_slot {
            return; // the pattern names a target and none was found
        } else {
            for &a in &sources {
                pairs.push((a, None));
            }
        }
        let date = event_date(&s.tokens, dates, p.verb, p.is_statement(), anchor);
        let verb_tok = &s.tokens[p.verb];
        let actor = |(i, code): (usize, &ActorCode)| {
            let a = &actors[i];
            if a.start == a.end {
                // A default actor (imported suites' `DEFAULT:`): no words in the text.
                return EventActor {
                    code: code.clone(),
                    text: String::new(),
                    span: (verb_tok.start, verb_tok.start),
                    country_inferred: false,
                };
            }
            // A pronoun resolved within the sentence is named by its antecedent.
            let (first, last) = a.antecedent.unwrap_or((a.start, a.end));
            let (start, end) = (s.tokens[first].start, s.tokens[last - 1].end);
            EventActor {
                code: code.clone(),
                text: text[start..end].to_string(),
                span: (start, end),
                country_inferred: false,
            }
        };
        for (a, b) in pairs {
            if b.is_some_and(|b| b.1 == a.1) {
                continue; // an actor does not act on itself
            }
            let source = actor(a);
            let target = b.map(actor);
            let root = root.clone();
            let event = Event {
                id: id::event_id(
                    doc_id,
                    s.index,
                    verb_tok.start,
                    &source.code,
                    target.as_ref().map(|t| &t.code),
                    code,
                ),
                doc_id: doc_id.to_string(),
                sentence_index: s.index,
                sentence: s.text(text).to_string(),
                sentence_span: (s.range.start, s.range.end),
                date,
                quad_class: self.opts.convention.quad_class(root_number).unwrap_or(0),
                goldstein,
                plover: plover.clone(),
                cameo: code.to_string(),
                root,
                source,
                target,
                verb: verb_tok.text(text).to_string(),
                verb_span: (verb_tok.start, verb_tok.end),
                negated: p.negated,
                hypothetical: p.hypothetical,
                rule: p.rule.clone(),
                location: None, // set for the whole document by `locations::locate_events`
            };
            if !out.iter().any(|e: &Event| e.id == event.id) {
                out.push(event);
            }
        }
    }
}

/// The nearest date expression to the verb that is not a deadline; else the anchor.
/// A statement is dated by its own words only: a date before the verb, or one after it with no
/// clause between ("said on Tuesday that", "wrote to GitHub on Monday"). A "that", a colon, a
/// quotation mark or an auxiliary between them starts the reported clause: "the judge said the
/// sentence would be announced in March" was said at publication, and March is the
/// announcement's.
fn event_date(
    tokens: &[Token],
    dates: &[DateMention],
    verb: usize,
    statement: bool,
    anchor: Option<NaiveDate>,
) -> Option<EventDate> {
    let own = |d: &DateMention| {
        !statement
            || d.first <= verb
            || !tokens[verb + 1..d.first].iter().any(|t| {
                crate::lexicon::is_auxiliary(&t.key)
                    // Keys fold curly quotes to straight ones.
                    || matches!(t.key.as_str(), "that" | ":" | "\"" | "'")
            })
    };
    dates
        .iter()
        .filter(|d| !d.bound && own(d))
        .min_by_key(|d| {
            if d.first > verb {
                d.first - verb
            } else {
                verb.saturating_sub(d.end) + 1
            }
        })
        .map(|d| d.date)
        .or_else(|| {
            anchor.map(|date| EventDate {
                date,
                precision: DatePrecision::Publication,
            })
        })
}

/// A document without a publication date is anchored on its first fully explicit date.
fn first_explicit_date(sentences: &[Sentence]) -> Option<NaiveDate> {
    sentences.iter().take(20).find_map(|s| {
        find_dates(&s.tokens, None)
            .into_iter()
            .find(|d| d.date.precision == DatePrecision::Day)
            .map(|d| d.date.date)
    })
}

fn update_context(
    dict: &Dictionary,
    ctx: &mut DocContext,
    actors: &[ActorPhrase],
    tokens: &[Token],
) {
    for a in actors {
        for &p in &a.persons {
            let keys = petrel_dict::parse::phrase_keys(&dict.people[p as usize].name);
            if keys.len() > 1 {
                // The family name is last in "Jon Huntsman" and first in "Xi Jinping": keep both.
                for surname in [keys[keys.len() - 1].clone(), keys[0].clone()] {
                    if surname.chars().count() > 1
                        && !ctx.surnames.iter().any(|(s, q)| *s == surname && *q == p)
                    {
                        ctx.surnames.push((surname, p));
                    }
                }
            }
        }
        if a.person_like && a.codes.len() == 1 {
            let words: Vec<&str> = tokens[a.start..a.end]
                .iter()
                .map(|t| t.key.as_str())
                .collect();
            ctx.last_person = Some((a.codes[0].clone(), words.join(" ")));
            if !a.agent_sectors.is_empty() {
                ctx.recent_agents
                    .push((a.agent_sectors.clone(), a.codes[0].clone()));
                if ctx.recent_agents.len() > 16 {
                    ctx.recent_agents.remove(0);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
