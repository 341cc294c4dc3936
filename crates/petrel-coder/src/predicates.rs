//! Predicates: verb patterns matched in a sentence, with their subjects and objects.
//!
//! At each verb form the dictionary indexes, every pattern for that verb is tried; the most
//! specific match wins. The verb group around it (auxiliaries, adverbs, "not", modals) gives
//! negation and modality. An infinitive after "plans to" / "threatened to" / "refused to" is
//! re-coded as an intention, a threat or a rejection; an infinitive after an object ("urged
//! Russia to withdraw") is the object of another verb's event and is not coded on its own.
//! The subject is the nearest actor group to the left within the clause; reported speech ("X
//! said Y did Z") starts a new clause, so Y is found, not X.

use std::collections::HashMap;
use std::sync::OnceLock;

use petrel_dict::import::STEM_MARK;
use petrel_dict::inflect::{form, verb_forms};
use petrel_dict::{word_hash, Dictionary, PatternElement, VerbPattern};
use petrel_text::{Token, TokenKind};

use crate::actors::ActorPhrase;
use crate::lexicon::*;
use crate::syntax::{Parse, Rel};

/// A predicate found in a sentence and what the coder made of it.
#[derive(Debug, Clone)]
pub struct Predicate {
    /// Token index of the verb.
    pub verb: usize,
    /// Token after the matched words.
    pub end: usize,
    /// The pattern that matched; `None` for a bare statement ("X said").
    pub pattern: Option<u32>,
    /// The code to emit; `None` when the predicate yields no event (the note says why).
    pub code: Option<String>,
    /// Actor groups (see [`ActorPhrase::group`]).
    pub source: Option<usize>,
    pub target: Option<usize>,
    /// The pattern requires a target.
    pub target_slot: bool,
    /// Without a target, the subject's country of accreditation is the target (`{host}`).
    pub host_target: bool,
    pub reciprocal: bool,
    pub negated: bool,
    pub hypothetical: bool,
    pub rule: String,
    /// Why there is no code, or how it changed.
    pub note: String,
}

impl Predicate {
    /// A bare statement ("X said"), coded only when nothing else is.
    pub fn is_statement(&self) -> bool {
        self.pattern.is_none() && self.code.as_deref() == Some("010")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wrapper {
    Intent,
    Refusal,
}

/// Inflected forms of the closed verb lists: form -> (lemma, kind).
struct VerbLists {
    say: HashMap<String, &'static str>,
    wrappers: HashMap<String, (&'static str, Wrapper)>,
}

fn lists() -> &'static VerbLists {
    static L: OnceLock<VerbLists> = OnceLock::new();
    L.get_or_init(|| {
        let mut say = HashMap::new();
        for &v in SAY_VERBS {
            for (f, _) in verb_forms(v) {
                say.insert(f, v);
            }
        }
        let mut wrappers = HashMap::new();
        for &v in INTENT_VERBS.iter().chain(THREAT_VERBS) {
            for (f, _) in verb_forms(v) {
                wrappers.insert(f, (v, Wrapper::Intent));
            }
        }
        for &v in REFUSAL_VERBS {
            for (f, _) in verb_forms(v) {
                wrappers.insert(f, (v, Wrapper::Refusal));
            }
        }
        for &a in INTENT_ADJECTIVES {
            wrappers.insert(a.to_string(), (a, Wrapper::Intent));
        }
        VerbLists { say, wrappers }
    })
}

/// Whether a word form is one of a verb of saying ([`SAY_VERBS`]: "said", "told", "warned").
pub(crate) fn is_say_form(k: &str) -> bool {
    lists().say.contains_key(k)
}

/// Where each token stands with respect to the actor phrases.
pub(crate) struct Layout<'a> {
    pub(crate) tokens: &'a [Token],
    pub(crate) actors: &'a [ActorPhrase],
    /// Phrase covering each token.
    pub(crate) inside: Vec<Option<usize>>,
    /// Phrase starting at each token.
    pub(crate) starts: Vec<Option<usize>>,
    /// The dictionary holds imported PETRARCH/TABARI patterns ([`crate::imported_conventions`]).
    pub(crate) imported: bool,
    /// The sentence's token keys, for [`Layout::may_match`].
    words: WordSet,
    /// Tokens inside date expressions (empty: none known).
    pub(crate) in_date: &'a [bool],
    /// The sentence's parse, when it was parsed.
    pub(crate) parse: Option<&'a Parse>,
}

/// A 512-bit Bloom filter of a sentence's token keys (one bit per key,
/// [`petrel_dict::anchor_bit`]): it may say a word is there when it is not, never the reverse.
struct WordSet([u64; 8]);

impl WordSet {
    fn new<'t>(keys: impl Iterator<Item = &'t str>) -> WordSet {
        let mut set = [0u64; 8];
        for k in keys {
            let b = petrel_dict::anchor_bit(word_hash(k));
            set[(b >> 6) as usize] |= 1 << (b & 63);
        }
        WordSet(set)
    }
}

impl<'a> Layout<'a> {
    pub(crate) fn new(tokens: &'a [Token], actors: &'a [ActorPhrase]) -> Self {
        let mut inside = vec![None; tokens.len()];
        let mut starts = vec![None; tokens.len()];
        for (i, a) in actors.iter().enumerate() {
            starts[a.start] = Some(i);
            for slot in &mut inside[a.start..a.end] {
                *slot = Some(i);
            }
        }
        Layout {
            tokens,
            actors,
            inside,
            starts,
            imported: false,
            words: WordSet::new(tokens.iter().map(|t| t.key.as_str())),
            in_date: &[],
            parse: None,
        }
    }

    /// Whether token `i` is part of a date: one the date finder resolved, or a weekday, which
    /// names a day even in a text without a publication date to resolve it against.
    fn is_date(&self, i: usize) -> bool {
        self.in_date.get(i).copied().unwrap_or(false) || petrel_text::dates::is_weekday(self.key(i))
    }

    /// "on Friday", "in March 2014", "at midnight on Sunday": the preposition of a date.
    fn is_date_preposition(&self, i: usize) -> bool {
        matches!(self.key(i), "on" | "in" | "at") && self.is_date(i + 1)
    }

    /// Where a date phrase that starts at token `j`, with its preposition, ends; `j` when
    /// none starts there. A date right after a verb does not break its pattern: "called on
    /// Friday for Britain to stay", "agreed on Monday to withdraw".
    fn after_date(&self, j: usize) -> usize {
        let mut k = j;
        if self.is_date_preposition(k) {
            k += 1;
        }
        if !self.is_date(k) {
            return j;
        }
        while self.is_date(k) {
            k += 1;
        }
        // "enacted in last year's budget": the date owns what follows; it is no adjunct.
        if self.key(k) == "'s" {
            return j;
        }
        k
    }

    /// The token before the date phrase (with its preposition) that ends at token `j`, or `j`
    /// when `j` is no date.
    fn before_date(&self, j: usize) -> usize {
        if !self.is_date(j) {
            return j;
        }
        let mut k = j;
        while k > 0 && self.is_date(k) {
            k -= 1;
        }
        if k > 0 && self.is_date_preposition(k) {
            k -= 1;
        }
        k
    }

    /// Whether the sentence may hold the words a pattern needs ([`VerbPattern::anchors`]);
    /// `false` means the pattern cannot match here. Imported patterns match some words by
    /// their own rules ([`crate::imported`]), so they are always tried.
    fn may_match(&self, anchors: &petrel_dict::AnchorFilter) -> bool {
        self.imported || anchors.may_match(&self.words.0)
    }

    pub(crate) fn key(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.key.as_str())
    }

    /// End token of a group (the last phrase's end).
    pub(crate) fn group_end(&self, g: usize) -> usize {
        self.actors
            .iter()
            .filter(|a| a.group == g)
            .map(|a| a.end)
            .max()
            .unwrap_or(0)
    }

    fn group_start(&self, g: usize) -> usize {
        self.actors
            .iter()
            .filter(|a| a.group == g)
            .map(|a| a.start)
            .min()
            .unwrap_or(0)
    }

    /// Whether a group stands for more than one actor ("The Philippines and France").
    fn is_compound(&self, g: usize) -> bool {
        self.actors
            .iter()
            .filter(|a| a.group == g)
            .map(|a| a.codes.len())
            .sum::<usize>()
            > 1
    }

    /// Whether two groups stand for the same actors (an actor does not act on itself, so a
    /// target like that would cost the event).
    fn same_codes(&self, a: usize, b: usize) -> bool {
        let codes = |g: usize| {
            let mut c: Vec<String> = self
                .actors
                .iter()
                .filter(|p| p.group == g)
                .flat_map(|p| p.codes.iter().map(|c| c.to_string()))
                .collect();
            c.sort();
            c
        };
        codes(a) == codes(b)
    }

    /// Whether actor phrase `a` is the subject's own, by a possessive before or at its start:
    /// "its troops", "their peacekeeping mission".
    fn is_own(&self, a: usize) -> bool {
        self.is_own_at(self.actors[a].start)
    }

    /// Whether a possessive stands before or at token `start`.
    fn is_own_at(&self, start: usize) -> bool {
        crate::lexicon::owned_at(self.tokens, start)
    }

    /// Whether group `t` is the bare country of group `s`: Johnson saying "Britain must
    /// leave" speaks for his country, he makes no demand of it.
    fn own_country(&self, s: usize, t: usize) -> bool {
        let bare = self.group_is(t, |a| a.codes.iter().all(|c| c.sectors.is_empty()));
        let roots = |g: usize| {
            let mut r = crate::actors::group_roots(self.actors, g);
            r.sort_unstable();
            r.dedup();
            r
        };
        bare && roots(s) == roots(t)
    }

    /// Whether the group has actors and every one of them is `what`.
    fn group_is(&self, g: usize, what: impl Fn(&ActorPhrase) -> bool) -> bool {
        let mut members = self.actors.iter().filter(|a| a.group == g).peekable();
        members.peek().is_some() && members.all(what)
    }

    /// Whether every actor of the group is news media (MED): "Al Jazeera", "state media".
    fn is_media(&self, g: usize) -> bool {
        self.group_is(g, |a| {
            !a.codes.is_empty() && a.codes.iter().all(|c| c.sectors.iter().any(|s| s == "MED"))
        })
    }

    /// Whether every actor of the group is a named person in politics (government, elite,
    /// legislature, party, opposition): "Biden", "Trump".
    fn is_named_politician(&self, g: usize) -> bool {
        self.group_is(g, |a| {
            !a.persons.is_empty()
                && a.codes.iter().all(|c| {
                    c.sectors
                        .iter()
                        .any(|s| matches!(s.as_str(), "GOV" | "ELI" | "LEG" | "PTY" | "OPP"))
                })
        })
    }

    /// Whether every actor of the group names protesters ("The protesters", "Hong Kong
    /// protesters", "thousands of demonstrators").
    fn is_protesters(&self, g: usize) -> bool {
        self.group_is(g, |a| {
            (a.start..a.end).any(|q| {
                matches!(
                    self.key(q),
                    "protester"
                        | "protesters"
                        | "protestor"
                        | "protestors"
                        | "demonstrator"
                        | "demonstrators"
                        | "rioter"
                        | "rioters"
                        | "marcher"
                        | "marchers"
                )
            })
        })
    }

    pub(crate) fn group_resolved(&self, g: usize) -> bool {
        self.actors.iter().any(|a| a.group == g && a.resolved())
    }

    /// An actor group starting at `j`, after at most two determiner-like words, or a
    /// quantity ("at least 81 people", "dozens of students").
    fn group_at(&self, j: usize) -> Option<usize> {
        let mut q = j;
        let mut limit = j + 3;
        while q < self.tokens.len() && q < limit {
            if let Some(p) = self.starts[q] {
                return Some(self.actors[p].group);
            }
            let k = self.key(q);
            let quantity = self.tokens[q].kind == TokenKind::Number || is_quantity_word(k);
            if quantity {
                limit = limit.max(q + 3).min(j + 6);
            }
            // A hyphen inside a word ("a 35-year-old inmate", "a well-known activist") joins
            // its neighbours into one modifier: it and the word after it do not count.
            let joining_hyphen = q > j && is_joining_hyphen(self.tokens, q);
            if joining_hyphen {
                limit = (limit + 2).min(j + 9);
            }
            // An owner before a name ("the country's Supreme Court"; not "the organisation's
            // official price", where an agent word is an adjective), an example ("partners
            // like Saudi Arabia", "countries such as Japan") or a relation ("its closest ally
            // the UK") puts the actor further on.
            let example = q > j && (k == "like" || (k == "as" && self.key(q - 1) == "such"));
            let owner = matches!(k, "'s" | "’s")
                && self
                    .tokens
                    .get(q + 1)
                    .is_some_and(|t| t.cap && t.kind == TokenKind::Word);
            if q > j && (example || owner || is_relation_noun(k)) {
                limit = limit.max(q + 3).min(j + 6);
            }
            let filler = quantity
                || joining_hyphen
                || example
                || (self.tokens[q].kind == TokenKind::Word
                    && !is_preposition(k)
                    && !is_clause_boundary(k)
                    && !matches!(k, "and" | "or" | "but"));
            if !filler {
                return None;
            }
            q += 1;
        }
        None
    }

    /// The first token of the verb group ending at `v` (auxiliaries, adverbs, negation).
    fn group_start_of_verb(&self, v: usize) -> usize {
        let mut g = v;
        while g > 0
            && self.inside[g - 1].is_none()
            && (is_auxiliary(self.key(g - 1)) || is_group_adverb(self.key(g - 1)))
        {
            g -= 1;
        }
        g
    }
}

/// Whether a token key fits a pattern word: equal, or for an imported TABARI stem (marked with
/// [`STEM_MARK`]) any word it starts.
fn word_fits(key: &str, w: &str) -> bool {
    match w.strip_suffix(STEM_MARK) {
        Some(stem) => !stem.is_empty() && key.starts_with(stem),
        None => key == w,
    }
}

/// The most words a `*` in a pattern skips ("signed a landmark data sharing agreement").
pub(crate) const MAX_GAP: usize = 4;

/// Matches the pattern's elements from token `j`; returns (end, target group, source group).
pub(crate) fn match_elements(
    l: &Layout<'_>,
    elems: &[PatternElement],
    j: usize,
) -> Option<(usize, Option<usize>, Option<usize>)> {
    let Some((first, rest)) = elems.split_first() else {
        return Some((j, None, None));
    };
    match first {
        PatternElement::Words(alts) => {
            for alt in alts {
                let fits = alt
                    .iter()
                    .enumerate()
                    .all(|(o, w)| word_fits(l.key(j + o), w));
                if fits {
                    if let Some(r) = match_elements(l, rest, j + alt.len()) {
                        return Some(r);
                    }
                }
            }
            None
        }
        PatternElement::Gap => {
            let plain = plain_gap(l, rest, j);
            if plain.is_none() && l.imported {
                return crate::imported::match_gap(l, rest, j);
            }
            plain
        }
        PatternElement::Phrase => crate::imported::match_phrase(l, rest, j),
        PatternElement::Target | PatternElement::Source => {
            let g = l.group_at(j)?;
            if !l.group_resolved(g) {
                return None;
            }
            let (end, t, s) = match_elements(l, rest, after_bracketed_name(l, g))?;
            Some(if *first == PatternElement::Target {
                (end, Some(g), s)
            } else {
                (end, t, Some(g))
            })
        }
    }
}

/// Where a pattern goes on after the actor group `g`: after the group, and after the short name
/// in brackets that may follow it ("provided the Lebanese Armed Forces (LAF) with aircraft",
/// "join in the North Atlantic Treaty Organisation (NATO) exercises").
fn after_bracketed_name(l: &Layout<'_>, g: usize) -> usize {
    let end = l.group_end(g);
    if l.key(end) != "(" {
        return end;
    }
    let close = (end + 2..(end + 5).min(l.tokens.len())).find(|&q| l.key(q) == ")");
    match close {
        Some(c)
            if (end + 1..c).all(|q| {
                l.tokens[q].kind == TokenKind::Word
                    && l.inside[q].is_none_or(|p| {
                        let h = l.actors[p].group;
                        h == g || l.same_codes(h, g)
                    })
            }) =>
        {
            c + 1
        }
        _ => end,
    }
}

/// A gap of at most [`MAX_GAP`] words before the rest of a pattern.
fn plain_gap(
    l: &Layout<'_>,
    rest: &[PatternElement],
    j: usize,
) -> Option<(usize, Option<usize>, Option<usize>)> {
    for skip in 0..=MAX_GAP {
        if skip > 0 {
            let q = j + skip - 1;
            let t = l.tokens.get(q)?;
            // A gap may pass a one-word lower-case agent used as a modifier ("refused
            // official talks", "military cooperation"), never a real actor phrase.
            let modifier_agent = l.starts[q].is_some_and(|p| {
                let a = &l.actors[p];
                a.end == a.start + 1 && !t.cap
            });
            // With imported patterns (PETRARCH reads the parse), a comma between two
            // modifiers does not end the gap: "restore complete, full diplomatic ties".
            let listed_modifier = l.imported
                && t.key == ","
                && q > 0
                && [q - 1, q + 1].iter().all(|&n| {
                    l.tokens.get(n).is_some_and(|w| {
                        w.kind == TokenKind::Word && !w.cap && l.inside[n].is_none()
                    })
                });
            // A pattern word may be the head of an actor phrase the gap reaches: "accept *
            // refugees" in "accept more Syrian refugees", "send * troops" in "send 200 Japanese
            // troops". The phrase is then the act's target, unless the pattern names another.
            if let Some(p) = l.starts[q].filter(|_| !modifier_agent && !l.imported) {
                let a = &l.actors[p];
                if matches!(rest.first(), Some(PatternElement::Words(_))) && a.end > q + 1 {
                    if let Some((end, t, src)) = match_elements(l, rest, a.end - 1) {
                        // Not the subject's own ("withdraw its troops").
                        let own = t.is_none() && l.group_resolved(a.group) && !l.is_own(p);
                        return Some((end, if own { Some(a.group) } else { t }, src));
                    }
                }
                // An owner at the start of the gap is passed with its "'s": "rejected the Iraqi
                // government's demand", "expressed the bank's optimism". Whom the act is aimed
                // at is then for the parse to say.
                if skip <= 2
                    && matches!(rest.first(), Some(PatternElement::Words(_)))
                    && matches!(l.key(a.end), "'s" | "’s")
                {
                    return plain_gap(l, rest, a.end + 1);
                }
                // An actor joined to a participle describes what follows it: "back OPEC-led
                // efforts", "violated a UN-brokered ceasefire". The gap passes it, and the act
                // is aimed at it when the pattern names no one else and it leads, backs or owns
                // what follows (not "brokered", nor "U.S.-flagged Kuwaiti tankers").
                let participle = joined_participle(l, a);
                if let (Some(participle), Some(PatternElement::Words(_))) =
                    (participle, rest.first())
                {
                    let leads = matches!(
                        participle,
                        "led"
                            | "backed"
                            | "sponsored"
                            | "funded"
                            | "supported"
                            | "owned"
                            | "controlled"
                            | "organized"
                            | "organised"
                            | "proposed"
                            | "drafted"
                    );
                    let aimed =
                        (leads && l.group_resolved(a.group) && !l.is_own(p)).then_some(a.group);
                    return plain_gap(l, rest, a.end + 2)
                        .map(|(end, t, src)| (end, t.or(aimed), src));
                }
            }
            if (t.kind == TokenKind::Punct && !listed_modifier)
                || (l.starts[q].is_some() && !modifier_agent)
                || is_clause_boundary(&t.key)
            {
                return None;
            }
        }
        if let Some(r) = match_elements(l, rest, j + skip) {
            return Some(r);
        }
    }
    None
}

/// A hyphen inside a word, with no space on either side ("35-year-old", "well-known"): it
/// joins its neighbours into one modifier. (A `*` gap stops at one: patterns that reach past
/// one spell it out, as in `set * - * deadline`.)
fn is_joining_hyphen(tokens: &[Token], q: usize) -> bool {
    q > 0
        && tokens
            .get(q)
            .is_some_and(|t| t.key == "-" && !t.space_before)
        && tokens.get(q + 1).is_some_and(|t| !t.space_before)
}

struct Matched {
    pattern: u32,
    end: usize,
    target: Option<usize>,
    source_slot: Option<usize>,
    passive_by: Option<usize>,
    weight: usize,
    /// Where the words required before the verb start, and the target they hold.
    before_start: usize,
    before_target: Option<usize>,
}

/// Matches elements that must precede the verb (imported patterns: "SAID * TO ATTEND",
/// "SUGGESTED + * REQUIRE"), right to left from token `end` (exclusive). Gaps pass any words
/// but punctuation; a target slot takes the actor group that ends there. Returns where the
/// match starts and the target group, if the elements hold one.
fn match_before(
    l: &Layout<'_>,
    elems: &[PatternElement],
    end: usize,
) -> Option<(usize, Option<usize>)> {
    let Some((last, rest)) = elems.split_last() else {
        return Some((end, None));
    };
    match last {
        PatternElement::Words(alts) => alts.iter().find_map(|alt| {
            let n = alt.len();
            if end >= n
                && alt
                    .iter()
                    .enumerate()
                    .all(|(o, w)| word_fits(l.key(end - n + o), w))
            {
                match_before(l, rest, end - n)
            } else {
                None
            }
        }),
        PatternElement::Gap | PatternElement::Phrase => (0..=MAX_GAP.min(end)).find_map(|skip| {
            // A hyphen glued to a word ("anti- Gondor") is part of it (imported patterns).
            let passable = |q: usize| {
                l.tokens[q].kind != TokenKind::Punct
                    || (l.imported && l.key(q) == "-" && !l.tokens[q].space_before)
            };
            if (end - skip..end).all(passable) {
                match_before(l, rest, end - skip)
            } else {
                None
            }
        }),
        PatternElement::Target => {
            let p = l.inside[end.checked_sub(1)?]?;
            let g = l.actors[p].group;
            if l.group_end(g) != end || !l.group_resolved(g) {
                return None;
            }
            let (start, t) = match_before(l, rest, l.group_start(g))?;
            Some((start, t.or(Some(g))))
        }
        // A source written before the verb ("$ *"): the clause has a subject there.
        PatternElement::Source => {
            find_subject(l, end, lists())?;
            match_before(l, rest, end)
        }
    }
}

fn try_pattern(
    l: &Layout<'_>,
    id: u32,
    p: &VerbPattern,
    v: usize,
    passive: bool,
    before: &[PatternElement],
    open_target: bool,
) -> Option<Matched> {
    let (before_start, before_target) = if before.is_empty() {
        (v, None)
    } else {
        match_before(l, before, v)?
    };
    // "+ WAS * BY $": a pattern that writes the passive itself is matched as written.
    let passive = passive && before_target.is_none();
    // Words required before the verb make a pattern more specific, like words after it.
    let before_weight = before
        .iter()
        .map(|e| match e {
            PatternElement::Words(_) => 2,
            PatternElement::Source => 1,
            _ => 0,
        })
        .sum::<usize>();
    if passive {
        // "was attacked by X": the subject fills the object slot; the agent follows "by".
        // An imported pattern without slots takes its target from the clause, so the passive
        // subject fills it the same way ("Eriador was opposed by Osgiliath").
        let rest = if p.elements.first() == Some(&PatternElement::Target) {
            &p.elements[1..]
        } else if open_target
            && !p
                .elements
                .iter()
                .any(|e| matches!(e, PatternElement::Target | PatternElement::Source))
        {
            &p.elements[..]
        } else {
            return None;
        };
        let (end, _, _) = match_elements(l, rest, v + 1)?;
        let by = (end..(end + 4).min(l.tokens.len())).find(|&q| l.key(q) == "by")?;
        let g = l.group_at(by + 1)?;
        return Some(Matched {
            pattern: id,
            end,
            target: None,
            source_slot: None,
            passive_by: Some(g),
            weight: p.weight() + before_weight,
            before_start,
            before_target: None,
        });
    }
    let (end, target, source_slot) = match_elements(l, &p.elements, v + 1).or_else(|| {
        let after_date = l.after_date(v + 1);
        (after_date > v + 1)
            .then(|| match_elements(l, &p.elements, after_date))
            .flatten()
    })?;
    Some(Matched {
        pattern: id,
        end,
        target,
        source_slot,
        passive_by: None,
        weight: p.weight() + before_weight,
        before_start,
        before_target,
    })
}

/// A pattern "VERB * THING PREPOSITION +" matched on the parse, where the verb's object is
/// too long for the gap: "exported 43,540 tonnes of coconut oil worth 11.7 million dollars to
/// Japan", "handed over more than four million dollars worth of new medical equipment and
/// medicines to the Ministry of Health of Ethiopia" (a particle, "over", stays next to its
/// verb). The words after
/// the gap must match inside the object's phrase, as the shallow reading matches them; a
/// pattern that names no such words needs an object (`{object}`: "return * to +"), and the
/// whole object is then its thing. The target is the actor of a phrase with the pattern's
/// preposition that the parse hangs on the verb or inside the object. Tried only where no
/// pattern matched at the verb as written, and only in a sentence that is parsed: one with a
/// predicate in the shallow reading, or one that [`may_match_long_object`] picks.
/// Gives the end of the matched words and the target group.
fn match_long_object(l: &Layout<'_>, p: &VerbPattern, v: usize) -> Option<(usize, usize)> {
    let ps = l.parse?;
    let shape = long_object_shape(p)?;
    let (after_particles, _, _) = match_elements(l, shape.particles, v + 1)?;
    let o = ps.object(v).filter(|&o| o >= after_particles)?;
    let (lo, hi) = ps.subtree_span(o);
    // A pattern that names no thing takes the whole object, whose own phrases may hold the
    // target, where the parser hangs the "to" phrase on the object's last noun.
    let end = if shape.thing.is_empty() {
        o + 1
    } else {
        // The thing may describe the object's head ("credit guarantees", "loan commitments"),
        // but not a balance of it: "cut its trade surplus with Washington" is no "cut * trade
        // with +".
        let balance = |w: usize| {
            ps.deprel[w] == "compound"
                && ps.head[w].is_some_and(|h| {
                    matches!(
                        l.key(h),
                        "surplus" | "surpluses" | "deficit" | "deficits" | "imbalance" | "balance"
                    )
                })
        };
        (lo.max(after_particles)..=hi).find_map(|start| {
            let (end, _, _) = match_elements(l, shape.thing, start)?;
            (end <= hi + 1 && !balance(end - 1)).then_some(end)
        })?
    };
    // What is returned is often described at length, and the parser may then hang the "to"
    // phrase on any word of the description ("returned 12 human skulls that date back to A.D.
    // 640-890 to Peru"): for a pattern that names no thing, any such phrase inside the object.
    let described = shape
        .thing
        .is_empty()
        .then(|| ps.directed_inside(o, &shape.preps))
        .into_iter()
        .flatten();
    let target = ps
        .directed_by(v, o, &shape.preps)
        .chain(described)
        .filter(|&q| q >= end)
        .find_map(|q| group_of_word(l, ps, q, true))?;
    Some((end, target))
}

/// The parts of a pattern "VERB [PARTICLE] * THING PREPOSITION +".
struct LongObjectShape<'p> {
    /// The verb's particle words ("over" in "hand_over").
    particles: &'p [PatternElement],
    /// The words after the gap; empty for a pattern that needs an object ("return * to +
    /// {object}").
    thing: &'p [PatternElement],
    /// The one-word prepositions before the target.
    preps: Vec<&'p str>,
}

fn long_object_shape(p: &VerbPattern) -> Option<LongObjectShape<'_>> {
    let gap = p
        .elements
        .iter()
        .position(|e| matches!(e, PatternElement::Gap))?;
    let (particles, rest) = p.elements.split_at(gap);
    let [PatternElement::Gap, thing @ .., PatternElement::Words(preps), PatternElement::Target] =
        rest
    else {
        return None;
    };
    let plain = |e: &PatternElement| matches!(e, PatternElement::Words(_) | PatternElement::Gap);
    if (thing.is_empty() && !p.needs_object)
        || !thing.iter().all(plain)
        || !particles
            .iter()
            .all(|e| matches!(e, PatternElement::Words(_)))
    {
        return None;
    }
    let preps = preps
        .iter()
        .filter_map(|alt| match alt.as_slice() {
            [w] => Some(w.as_str()),
            _ => None,
        })
        .collect();
    Some(LongObjectShape {
        particles,
        thing,
        preps,
    })
}

/// How far after its verb a long object's preposition is looked for.
const LONG_OBJECT_REACH: usize = 24;

/// Whether a sentence that the shallow reading gives no predicate may still match a pattern
/// "VERB * THING PREPOSITION +" on the parse ([`match_long_object`]): a verb with such a
/// pattern, the pattern's first words after the gap somewhere after it, and then, past the
/// gap's reach, the pattern's preposition before a coded actor ("ICE returned a silver pendant
/// engraved with the image of Peter the Great to Russian authorities"). Such a sentence is
/// parsed. A cheap test on words alone, so that only these sentences are: in Reuters it picks
/// 211 more (0.5%), where parsing every sentence without a predicate parsed 16% more.
pub fn may_match_long_object(
    dict: &Dictionary,
    tokens: &[Token],
    actors: &[ActorPhrase],
    not_verbs: &[bool],
) -> bool {
    let l = Layout::new(tokens, actors);
    // Prepositions right before a coded actor, found once: most sentences have none, and
    // their verbs' patterns (hundreds for some verbs) are then not looked at.
    let before_actor: Vec<usize> = (1..tokens.len())
        .filter(|&q| {
            is_preposition(l.key(q)) && l.group_at(q + 1).is_some_and(|g| l.group_resolved(g))
        })
        .collect();
    let Some(&last) = before_actor.last() else {
        return false;
    };
    (0..last).any(|v| {
        if l.inside[v].is_some()
            || tokens[v].kind != TokenKind::Word
            || not_verbs.get(v).copied().unwrap_or(false)
        {
            return false;
        }
        let reach = v + MAX_GAP + 2..v + LONG_OBJECT_REACH;
        let preps: Vec<usize> = before_actor
            .iter()
            .copied()
            .filter(|q| reach.contains(q))
            .collect();
        if preps.is_empty() {
            return false;
        }
        dict.patterns_for(&tokens[v].key).iter().any(|&(id, _)| {
            let Some(shape) = long_object_shape(dict.pattern(id)) else {
                return false;
            };
            let first_words = shape.thing.iter().find_map(|e| match e {
                PatternElement::Words(alts) => Some(alts),
                _ => None,
            });
            let thing_from = |q: usize| match first_words {
                None => true,
                Some(alts) => (v + 1..q).any(|t| {
                    alts.iter()
                        .any(|a| a.first().is_some_and(|w| word_fits(l.key(t), w)))
                }),
            };
            preps
                .iter()
                .any(|&q| shape.preps.contains(&l.key(q)) && thing_from(q))
        })
    })
}

/// The actor group that a word is, or that its own phrase holds (nearest first); unresolved
/// phrases are not actors, and places ("in Syria") only where `places` allows: a country the
/// act is directed to ("sent troops to Qatar", "withdrew from Rwanda") is its target.
fn group_of_word(l: &Layout<'_>, ps: &Parse, w: usize, places: bool) -> Option<usize> {
    first_group(l, ps.phrase_words(w), places)
}

/// The first resolved actor group among the words (place actors only when `places`).
fn first_group(l: &Layout<'_>, words: Vec<usize>, places: bool) -> Option<usize> {
    words.into_iter().find_map(|q| {
        let a = &l.actors[l.inside[q]?];
        (a.resolved() && (places || !a.is_place)).then_some(a.group)
    })
}

/// The event's target by the parse, for a pattern that names none: the first actor among the
/// verb's object and obliques (and their own phrases: "a ceasefire with the Taliban"). For a
/// violent act (roots 18-20) a place inside the object counts: "attacked the cities in Saudi
/// Arabia" is aimed at Saudi Arabia.
/// A `{topic}` pattern's object is what is talked about and is skipped ("discussed North
/// Korea").
/// The subject's own forces that the pattern itself names are not a target: "withdrew its
/// troops", "extended their peacekeeping mission" (but "freed prisoners" is aimed at the
/// prisoners, and "called his Turkish counterpart" at another country's actor).
fn parsed_target(
    l: &Layout<'_>,
    ps: &Parse,
    v: usize,
    matched_end: usize,
    source: Option<usize>,
    p: &VerbPattern,
) -> Option<usize> {
    // "his Turkish counterpart" is no one's own: an actor of another country than the source's.
    let source_roots: Vec<&str> =
        source.map_or_else(Vec::new, |s| crate::actors::group_roots(l.actors, s));
    let foreign = |a: usize| {
        l.actors[a]
            .codes
            .iter()
            .any(|c| !c.root.starts_with("---") && !source_roots.contains(&c.root.as_str()))
    };
    let own = |q: usize| {
        (v..matched_end).contains(&q) && l.inside[q].is_some_and(|a| l.is_own(a) && !foreign(a))
    };
    let outside = |words: Vec<usize>| -> Vec<usize> {
        words
            .into_iter()
            .filter(|&q| !own(q) && !means(l, ps, q, v..matched_end))
            .collect()
    };
    aimed_phrases(ps, v, matched_end, p)
        .into_iter()
        .filter_map(|words| first_group(l, outside(words), true))
        .find(|&g| Some(g) != source && !source.is_some_and(|s| l.same_codes(s, g)))
}

/// The target of a pattern that names none, read off the words right after it: an actor
/// in a directed phrase that follows the matched object, "lifted sanctions imposed on
/// Eritrea", "expressed concern to the U.N. Security Council", "a request for Carles
/// Puigdemont". This holds when the parse attached the phrase elsewhere (or there is no
/// parse). "From" is not directed: "aid from Japan" names a giver.
fn directed_phrase_target(
    l: &Layout<'_>,
    matched_end: usize,
    source: Option<usize>,
    reciprocal: bool,
) -> Option<usize> {
    let mut q = matched_end;
    // A reciprocal act's partner may follow the place it happened in: "held talks in
    // Jerusalem with Israeli Prime Minister Benjamin Netanyahu".
    if reciprocal && matches!(l.key(q), "in" | "at") {
        if let Some(place) = l.starts.get(q + 1).copied().flatten() {
            let a = &l.actors[place];
            if a.is_place && l.key(a.end) == "with" {
                q = a.end;
            }
        }
    }
    // One participle that carries the object's direction: "sanctions imposed on".
    if q < l.tokens.len()
        && l.inside[q].is_none()
        && !l.tokens[q].cap
        && l.key(q).len() > 3
        && l.key(q).ends_with("ed")
    {
        q += 1;
    }
    let partner = reciprocal && l.key(q) == "with";
    if !partner
        && !matches!(
            l.key(q),
            "on" | "against" | "to" | "toward" | "towards" | "into" | "for"
        )
    {
        return None;
    }
    // The actor comes right after the preposition or its determiner: "to help Haiti" and
    // "to fight what the government described" are purposes, not directions.
    let determiner = matches!(l.key(q + 1), "the" | "a" | "an" | "all" | "both");
    let start = |k: usize| l.starts.get(k).copied().flatten();
    let phrase = start(q + 1).or_else(|| start(q + 2).filter(|_| determiner))?;
    let g = l.actors[phrase].group;
    let ok = l.group_resolved(g)
        && Some(g) != source
        && !source.is_some_and(|s| l.same_codes(s, g))
        && !l
            .actors
            .iter()
            .any(|a| a.group == g && l.is_own_at(a.start));
    ok.then_some(g)
}

/// Whether the actor only brokered what follows it ("a UN-brokered ceasefire"): violating or
/// welcoming the ceasefire is not aimed at the broker.
fn brokered_by(l: &Layout<'_>, a: &ActorPhrase) -> bool {
    joined_participle(l, a).is_some_and(|w| matches!(w, "brokered" | "mediated" | "negotiated"))
}

/// The participle an actor is joined to by a hyphen, which makes the two a modifier of what
/// follows: "UN-brokered", "NATO-led", "U.S.-flagged".
fn joined_participle<'l>(l: &'l Layout<'_>, a: &ActorPhrase) -> Option<&'l str> {
    let w = l.key(a.end + 1);
    let participle = w.ends_with("ed") || matches!(w, "held" | "run" | "built" | "made" | "hit");
    (is_joining_hyphen(l.tokens, a.end) && participle && l.inside[a.end + 1].is_none()).then_some(w)
}

/// Whether the word belongs to a common-noun agent that is a means of the act, not whom it is
/// aimed at: one that modifies another noun ("military aid", "hospital equipment"), or
/// forces among the words the pattern itself names ("mobilized troops"); or to a broker
/// ([`brokered_by`]).
fn means(l: &Layout<'_>, ps: &Parse, q: usize, matched: std::ops::Range<usize>) -> bool {
    let Some(p) = l.inside[q] else { return false };
    let a = &l.actors[p];
    if brokered_by(l, a) {
        return true;
    }
    if (a.start..a.end).any(|k| l.tokens[k].cap) {
        return false;
    }
    let modifier = a.end == a.start + 1 && matches!(ps.deprel[q], "compound" | "amod");
    let forces = matched.contains(&q) && a.agent_sectors.iter().any(|s| s == "MIL");
    modifier || forces
}

/// The phrases a pattern matched at verb `v` (up to `matched_end`) can be aimed at, by the
/// parse, in order: the objects, then the directed obliques, of the verbs the pattern names
/// ("refuse to lift * ban" is aimed through "lift"). A `{topic}` pattern's object is skipped;
/// for a violent act (roots 18-20) or a claim of responsibility, places inside the object
/// count.
pub(crate) fn aimed_phrases(
    ps: &Parse,
    v: usize,
    matched_end: usize,
    p: &VerbPattern,
) -> Vec<Vec<usize>> {
    let violent = matches!(p.code.get(..2), Some("18" | "19" | "20"));
    // A claim of responsibility is aimed where the attack it claims was: "claimed
    // responsibility for the attack in Kandahar" (but pleading guilty is not aimed at the
    // court's city).
    let claim = p.code == "015" && crate::place_target::is_claim(&p.text);
    let at_places = violent || claim;
    // A copula's predicate that the pattern names carries the obliques: "is skeptical about
    // Iranian motives" is aimed through "skeptical".
    let predicate = ps
        .head
        .get(v)
        .copied()
        .flatten()
        .filter(|&h| ps.deprel[v] == "cop" && (v + 1..matched_end).contains(&h));
    let verbs: Vec<usize> = std::iter::once(v)
        .chain((v + 1..matched_end).filter(|&w| ps.is_verbal(w) || Some(w) == predicate))
        .collect();
    // An attitude (012 pessimism, 013 optimism) is aimed at what it is about, which for other
    // acts is only a circumstance: "skeptical about Iranian motives", "expressed optimism
    // over China's offer". The attitude the pattern names is the speaker's own, and so are
    // the words before it: "expressed the bank's optimism" is not aimed at the bank.
    let attitude = matches!(p.code.as_str(), "012" | "013");
    let objects = verbs.iter().filter_map(|&w| {
        let o = ps.object(w).filter(|_| !p.topic_object)?;
        let mut words = ps.phrase_words_with(o, at_places, true);
        if attitude && (v..matched_end).contains(&o) {
            words.retain(|&q| q > o);
        }
        Some(words)
    });
    // Beside the object of a violent act, a `with` phrase of common nouns is the means, not a
    // second target: "struck a target with artillery" (but "clashed with rebels").
    let means = |w: usize, q: usize| violent && ps.object(w).is_some() && ps.is_means(q);
    // A topic pattern's own preposition introduces the topic too: "share information on
    // North Korea" is not shared with North Korea.
    let topic = |q: usize| p.topic_object && ps.case_among(q, v..matched_end);
    // "Decried the treaty as an agreement favoring Moscow": an `as` phrase describes the
    // object, and passes a gerund's object through as the object does.
    let obliques = verbs
        .iter()
        .flat_map(|&w| {
            ps.obliques(w)
                .chain(ps.passed_obliques(w))
                .filter(move |&q| !means(w, q) && !topic(q))
        })
        .map(|w| ps.phrase_words_with(w, false, ps.is_description(w)));
    // An act is aimed at whom it is done to help, as its object's purpose is ("equipment to
    // assist Ethiopia", [`Parse::phrase_words_with`]).
    let helped = verbs
        .iter()
        .filter_map(|&w| ps.helped(w))
        .map(|w| ps.phrase_words(w));
    // A topic's "with" phrase is the partner the parser hung on the topic: "discuss migration
    // and the war in Gaza with German officials".
    let partners = verbs
        .iter()
        .filter(|_| p.topic_object)
        .filter_map(|&w| ps.object(w))
        .flat_map(|o| ps.phrase_words(o))
        .filter(|&q| ps.is_partner(q))
        .map(|q| ps.phrase_words(q));
    let topics = verbs
        .iter()
        .filter(|_| attitude)
        .flat_map(|&w| std::iter::once(w).chain(ps.object(w)))
        .flat_map(|w| ps.topics(w))
        // "optimism about the reforms taken by the Egyptian government": about their doer.
        .map(|w| ps.phrase_words_with(w, false, true));
    // What aid (07) sends is its object, and whom it goes to its `to` phrase, which therefore
    // comes first: "sent emergency supplies and doctors to Nepal" is aid to Nepal, not to the
    // doctors. Without one, the object is the recipient ("provided Egypt with $1.3 billion").
    let delivered = p.code.starts_with("07");
    // The parser may hang the `to` phrase on the object ("doctors to Nepal").
    let recipients: Vec<Vec<usize>> = verbs
        .iter()
        .filter(|_| delivered)
        .flat_map(|&w| {
            let in_object = ps.object(w).map(|o| ps.phrase_words(o)).unwrap_or_default();
            ps.obliques(w)
                .chain(in_object)
                .filter(|&q| ps.is_recipient(q))
        })
        .map(|w| ps.phrase_words(w))
        .collect();
    // Aid sent to fight a harm is aimed where the harm is.
    let fought = verbs
        .iter()
        .filter(|_| delivered)
        .flat_map(|&w| ps.fought_places(w))
        .map(|w| ps.phrase_words(w));
    recipients
        .into_iter()
        .chain(objects)
        .chain(obliques)
        .chain(topics)
        .chain(helped)
        .chain(fought)
        .chain(partners)
        .collect()
}

/// Whether the verb has a direct object: by the parse, else (shallow) when a word that is no
/// preposition follows it.
fn has_object(l: &Layout<'_>, v: usize) -> bool {
    match l.parse {
        Some(ps) => ps.object(v).is_some(),
        None => l.tokens.get(v + 1).is_some_and(|t| {
            t.kind == TokenKind::Word && !is_preposition(&t.key) && !is_clause_boundary(&t.key)
        }),
    }
}

/// Whether "meet" without a target slot has, by the parse, a direct object that is a thing
/// one meets without meeting anyone: "meet these targets", "met the deadline", "meets the
/// needs of refugees", "would meet a strong response" are no meetings ("the two leaders met"
/// is one; "met the president" takes `meet +`). A list, not any common noun: "meet private
/// bankers" is a meeting though "bankers" is no actor.
fn meets_a_thing(l: &Layout<'_>, v: usize, p: &VerbPattern) -> bool {
    let (Some(ps), true) = (l.parse, p.verb == "meet") else {
        return false;
    };
    let names_a_target = p
        .elements
        .iter()
        .any(|e| matches!(e, PatternElement::Target | PatternElement::Source));
    !names_a_target && ps.object(v).is_some_and(|o| is_met_thing(l.key(o)))
}

/// Nouns of what is met without meeting anyone: a target, a need, a cost, a response.
fn is_met_thing(k: &str) -> bool {
    let singular = match k.strip_suffix("ies") {
        Some(stem) => format!("{stem}y"),
        None => k.strip_suffix('s').unwrap_or(k).to_string(),
    };
    matches!(
        singular.as_str(),
        "target"
            | "deadline"
            | "goal"
            | "demand"
            | "need"
            | "requirement"
            | "criteria"
            | "criterion"
            | "standard"
            | "obligation"
            | "commitment"
            | "cost"
            | "condition"
            | "expectation"
            | "payment"
            | "repayment"
            | "challenge"
            | "test"
            | "threshold"
            | "quota"
            | "liability"
            | "charge"
            | "specification"
            | "rule"
            | "term"
            | "level"
            | "shortfall"
            | "deficit"
            | "contract"
            | "pressure"
            | "response"
            | "resistance"
            | "opposition"
            | "criticism"
    )
}

/// The actor group of the verb's subject by the parse (see [`Parse::subject`]).
fn parsed_subject(l: &Layout<'_>, ps: &Parse, v: usize) -> Option<usize> {
    let w = ps.subject(v)?;
    // "According to the minister, police were investigating": the parser may read the one who
    // reports as the subject, which it is only of its own relative clause ("according to
    // police, who said ...").
    if ps.is_reporter(w) && ps.rel[v] != Rel::Relcl {
        return None;
    }
    // "A car bombing by the Islamic State group killed 75 people", "a statement by the
    // ministry said": an act or a text that is no actor is its doer's.
    group_of_word(l, ps, w, false).or_else(|| {
        let doer = ps.doer(w)?;
        group_of_word(l, ps, doer, false)
    })
}

/// Finds every predicate of a sentence.
/// `not_verbs` marks tokens that cannot be verbs (dates: "in March 2014"). With a parse, only
/// words it reads as verbs start predicates, and subjects come from it ([`crate::syntax`]).
pub fn find_predicates(
    dict: &Dictionary,
    tokens: &[Token],
    actors: &[ActorPhrase],
    not_verbs: &[bool],
    parse: Option<&Parse>,
) -> Vec<Predicate> {
    let mut l = Layout::new(tokens, actors);
    l.imported = crate::imported_conventions(dict);
    l.in_date = not_verbs;
    l.parse = parse;
    let lists = lists();
    let mut out: Vec<Predicate> = Vec::new();
    let if_clause = tokens
        .iter()
        .position(|t| t.key == "if" || t.key == "unless");
    // Tokens already used by a matched pattern ("held a meeting") start no predicate of their own.
    let mut covered_until = 0;
    // The subject of the last verb: what a coordinated verb ("... and attacked") shares.
    let mut last_subject: Option<usize> = None;
    // A headline in title case capitalises its verbs too.
    let words = tokens.iter().filter(|t| t.kind == TokenKind::Word);
    let (capitalised, all) = words.fold((0, 0), |(c, n), t| (c + usize::from(t.cap), n + 1));
    let title_case = 2 * capitalised > all;
    for v in 0..tokens.len() {
        if v < covered_until
            || l.inside[v].is_some()
            || tokens[v].kind != TokenKind::Word
            || not_verbs.get(v).copied().unwrap_or(false)
        {
            continue;
        }
        // A capitalised word after another word is a name, not a verb: "any matter relating
        // to Shell at May's meeting", "the Paris Club" (but "said: Attack them", all-capital
        // headlines, and after an abbreviation, where some sources capitalise the next word:
        // "the U.S. Said").
        let named = tokens[v].cap
            && !tokens[v].upper
            && v > 0
            && tokens[v - 1].kind == TokenKind::Word
            && !tokens[v - 1].abbreviation
            && !title_case;
        if named && !l.imported {
            continue;
        }
        let key = tokens[v].key.as_str();
        // "'s" after a noun is a possessive far more often than "is".
        if key.starts_with('\'') {
            continue;
        }
        // Imported: "donate's" is a noun with a possessive, not a verb (TABARI's NOUNEND tests).
        if l.imported && l.key(v + 1) == "'s" && !tokens[v + 1].space_before {
            continue;
        }
        // After a determiner a verb form is a noun: "the talks", "the negotiating table";
        // unless an imported pattern names the words before it ("RAISED ITS * VOICE").
        let determiner = |k: &str| {
            matches!(
                k,
                "the"
                    | "a"
                    | "an"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "this"
                    | "these"
                    | "those"
                    | "our"
                    | "whose"
            )
        };
        let mut after_determiner = v > 0 && determiner(l.key(v - 1));
        // With imported dictionaries (PETRARCH reads nouns from its parse), also after a
        // determiner and modifiers: "during a brief private visit".
        let ends_phrase = v + 1 >= tokens.len()
            || tokens[v + 1].kind == TokenKind::Punct
            || is_preposition(l.key(v + 1));
        if l.imported && !after_determiner && ends_phrase {
            let mut q = v;
            while q > 0 && v - q < 3 {
                q -= 1;
                let t = &tokens[q];
                if determiner(&t.key) {
                    after_determiner = q + 1 < v;
                    break;
                }
                if t.kind != TokenKind::Word
                    || t.cap
                    || l.inside[q].is_some()
                    || lists.say.contains_key(t.key.as_str())
                    || is_auxiliary(&t.key)
                    || is_negation(&t.key)
                    || is_preposition(&t.key)
                    || is_clause_boundary(&t.key)
                    || matches!(t.key.as_str(), "and" | "or" | "but" | "to")
                {
                    break;
                }
            }
        }
        let all_candidates = dict.patterns_for(key);
        // A form that is also a noun ("loan", "shelling") is one where the parse reads a noun
        // phrase; "withdrew" is a verb whatever the tagger says.
        let noun_form = all_candidates
            .iter()
            .any(|&(_, f)| f & (form::BASE | form::THIRD | form::GERUND) != 0);
        if noun_form && parse.is_some_and(|ps| ps.is_nominal(v)) {
            continue;
        }
        // "back" is an adverb more often than the verb of "back +" (051): where the parse reads
        // it as one, it is ("skulls that date back to A.D. 640"). Not for every verb the
        // tagger calls an adverb: "Authorities ease curfew" would go.
        if key == "back" && parse.is_some_and(|ps| ps.upos.get(v).is_some_and(|&u| u == "ADV")) {
            continue;
        }
        let filtered: Vec<(u32, u8)>;
        // After a preposition only a gerund is a verb: "by ordering" is, "after clashes" is not;
        // unless an imported pattern names the words before it ("IN_* [075]": "in accord").
        let after_preposition = v > 0 && is_preposition(l.key(v - 1)) && l.key(v - 1) != "to";
        let not_gerund = all_candidates.iter().all(|&(_, f)| f & form::GERUND == 0);
        let before_only = l.imported && after_preposition && not_gerund;
        let candidates: &[(u32, u8)] = if after_determiner || before_only {
            filtered = all_candidates
                .iter()
                .copied()
                .filter(|&(id, _)| {
                    dict.pattern_extra(id).is_some_and(|x| {
                        !x.before.is_empty()
                            // "in an accord": the determiner makes a noun unless the pattern's
                            // words reach the verb ("RAISED ITS * VOICE" names it).
                            && match_before(&l, &x.before, v).is_some()
                            && !(l.imported
                                && after_determiner
                                && matches!(l.key(v - 1), "a" | "an" | "the")
                                && x.before.last() == Some(&PatternElement::Gap)
                                && match_before(&l, &x.before[..x.before.len() - 1], v)
                                    .is_none())
                    })
                })
                .collect();
            if filtered.is_empty() {
                continue;
            }
            &filtered
        } else {
            all_candidates
        };
        // "all other US states with elections": in news the plural noun is far more common
        // than the verb, which keeps its "that", colon, comma or quote ("the ministry states
        // that").
        let say =
            lists.say.get(key).copied().filter(|_| {
                key != "states" || matches!(l.key(v + 1), "that" | "," | ":" | "\"" | "“")
            });
        if candidates.is_empty() && say.is_none() {
            continue;
        }
        if after_preposition
            && !before_only
            && candidates.iter().all(|&(_, f)| f & form::GERUND == 0)
        {
            continue;
        }
        let g0 = l.group_start_of_verb(v);
        let passive_form = candidates.iter().any(|&(_, f)| f & form::PARTICIPLE != 0);
        let passive = passive_form && (g0..v).any(|q| is_be(l.key(q)));
        // Imported "% * [030:030]": a reciprocal pattern for a compound subject wins a tie with
        // the verb's plain pattern when the subject is a compound ("The Philippines and France
        // agree").
        let compound_subject = l.imported
            && find_subject(&l, l.group_start_of_verb(v), lists).is_some_and(|g| l.is_compound(g));
        let mut best: Option<Matched> = None;
        for &(id, f) in candidates {
            if passive && f & form::PARTICIPLE == 0 {
                continue;
            }
            if !l.may_match(dict.anchors(id))
                || (dict.pattern(id).needs_object && !has_object(&l, v))
                || meets_a_thing(&l, v, dict.pattern(id))
            {
                continue;
            }
            let extra = dict.pattern_extra(id);
            let before = extra.map_or(&[][..], |x| x.before.as_slice());
            let open_target = extra.is_some_and(|x| x.open_target);
            let mut found = try_pattern(&l, id, dict.pattern(id), v, passive, before, open_target);
            // PETRARCH reads a passive without a "by" agent as active: "The Philippines was
            // criticized over its dispute with Eriador" (PHL -> ERI); "to be allowed to leave
            // Lorien by elves" stays passive.
            let no_by = || (v + 1..(v + 8).min(tokens.len())).all(|q| l.key(q) != "by");
            if found.is_none() && passive && l.imported && !dict.tabari && no_by() {
                found = try_pattern(&l, id, dict.pattern(id), v, false, before, open_target);
            }
            if let Some(m) = found {
                let wins = |b: &Matched| {
                    m.weight > b.weight
                        || (compound_subject
                            && m.weight == b.weight
                            && dict.pattern(m.pattern).reciprocal
                            && !dict.pattern(b.pattern).reciprocal)
                        // Imported: a verb written as this very word ("LEFT [032:033]") wins
                        // over another verb's inflection ("LEAVE [012]").
                        || (l.imported
                            && m.weight == b.weight
                            && dict.pattern(m.pattern).verb == key
                            && dict.pattern(b.pattern).verb != key)
                        // Imported: a literal word beats a synset ("* DOLLAR" over
                        // "* &CURRENCY" for "dollars").
                        || (l.imported
                            && m.weight == b.weight
                            && crate::imported::breadth(dict.pattern(m.pattern))
                                < crate::imported::breadth(dict.pattern(b.pattern)))
                };
                if best.as_ref().is_none_or(wins) {
                    best = Some(m);
                }
            }
        }
        // Only where no pattern matched as written: an object too long for the gap.
        if best.is_none() && !passive && !l.imported {
            for &(id, _) in candidates {
                let p = dict.pattern(id);
                let Some((end, target)) = l
                    .may_match(dict.anchors(id))
                    .then(|| match_long_object(&l, p, v))
                    .flatten()
                else {
                    continue;
                };
                if best.as_ref().is_none_or(|b| p.weight() > b.weight) {
                    best = Some(Matched {
                        pattern: id,
                        end,
                        target: Some(target),
                        source_slot: None,
                        passive_by: None,
                        weight: p.weight(),
                        before_start: v,
                        before_target: None,
                    });
                }
            }
        }
        // Verb group: negation and modality.
        // An imported pattern that names the negation before its verb ("&NEGATVAUXVRB * OVER
        // EFFORTS": "didn't clash over the efforts") has its own code for the negated form.
        let negation_in_pattern = best.as_ref().is_some_and(|m| {
            dict.pattern_extra(m.pattern).is_some_and(|x| {
                x.before.iter().any(|e| match e {
                    PatternElement::Words(alts) => alts
                        .iter()
                        .flatten()
                        .any(|w| is_negation(w.trim_end_matches(STEM_MARK))),
                    _ => false,
                })
            })
        });
        let mut negated = !negation_in_pattern && (g0..v).any(|q| is_negation(l.key(q)));
        let mut modal = (g0..v).any(|q| is_modal(l.key(q)));
        let mut g = g0;
        let mut wrapper: Option<(&str, Wrapper)> = None;
        let mut object_control = false;
        if g >= 2 && l.key(g - 1) == "to" {
            let w = g - 2;
            // The verb before a date is still the wrapper: "agreed on Monday to withdraw".
            let dated = l.before_date(w);
            if matches!(
                l.key(w),
                "ways" | "means" | "steps" | "opportunities" | "options"
            ) && l.inside[w].is_none()
            {
                // "seeking ways to improve ...": a search for ways is an intention.
                wrapper = Some(("ways", Wrapper::Intent));
                let mut verb = w.saturating_sub(1);
                if matches!(l.key(verb), "for" | "new" | "other" | "possible") {
                    verb = verb.saturating_sub(1);
                }
                g = l.group_start_of_verb(verb);
                negated |= (g..verb).any(|q| is_negation(l.key(q)));
                modal |= (g..verb).any(|q| is_modal(l.key(q)));
            } else if let Some(&(lemma, kind)) = lists.wrappers.get(l.key(dated)) {
                if l.inside[dated].is_none() {
                    wrapper = Some((lemma, kind));
                    g = l.group_start_of_verb(dated);
                    negated |= (g..dated).any(|q| is_negation(l.key(q)));
                    modal |= (g..dated).any(|q| is_modal(l.key(q)));
                }
            } else if l.inside[w].is_some() {
                object_control = true;
            }
        }
        let hypothetical = modal || if_clause.is_some_and(|i| i < v);
        // Subject: the nearest actor group to the left inside the clause.
        let coordinated =
            g >= 2 && matches!(l.key(g - 1), "and" | "but" | "or") && l.inside[g - 2].is_none();
        let mut subject = if coordinated {
            last_subject
        } else {
            find_subject(&l, g, lists)
        };
        // "Receiving Huntsman's credentials at a ceremony, Putin said ...": a clause opening the
        // sentence with an -ing participle has the main clause's subject, after the comma. A
        // past participle's is its patient: in "Asked about Boeing's role, a spokesman
        // declined comment" the spokesman asked nothing.
        if subject.is_none()
            && g == 0
            && best.is_some()
            && candidates.iter().any(|&(_, f)| f & form::GERUND != 0)
        {
            let end = best.as_ref().map_or(v + 1, |m| m.end);
            if let Some(comma) = (end..tokens.len()).find(|&q| l.key(q) == ",") {
                subject = l
                    .starts
                    .get(comma + 1)
                    .copied()
                    .flatten()
                    .map(|p| actors[p].group);
            }
        }
        // "Japan plans to meet Korea's minister to discuss ...": a purpose clause belongs to the
        // main verb's subject, not to its object.
        if let Some(p) = out
            .iter()
            .rev()
            .find(|p| p.target.is_some() && p.target == subject && p.source.is_some())
        {
            if l.key(g.saturating_sub(1)) == "to" {
                subject = p.source;
            }
        }
        // "..., analysts said": a sayer that is no actor leaves the statement without a source.
        if best.is_none() && say.is_some() && g > 0 {
            let prev = &tokens[g - 1];
            let k = prev.key.as_str();
            if l.inside[g - 1].is_none()
                && prev.kind == TokenKind::Word
                && !is_preposition(k)
                && !is_clause_boundary(k)
                && !matches!(
                    k,
                    "and" | "or" | "but" | "he" | "she" | "it" | "they" | "we" | "i" | "also"
                )
            {
                subject = None;
            }
        }
        // The parse knows the subject better than the nearest actor to the left does.
        // A subject that is no actor ("analysts said") is left to the shallow rules: measured
        // on the ConfliBERT sentences, trusting the parse there cost more than it gained.
        let mut by_parse: Vec<&str> = Vec::new();
        if let Some(g) = parse
            .filter(|ps| ps.is_verbal(v))
            .and_then(|ps| parsed_subject(&l, ps, v))
        {
            if subject != Some(g) {
                by_parse.push("subject");
            }
            subject = Some(g);
        }
        if subject.is_some() {
            last_subject = subject;
        }
        if best.is_none() && say.is_none() {
            continue;
        }
        // A statement needs a speaker who states: not a noun ("the Bavarian State Ministry",
        // "the US states of Idaho ..."), and not a passive ("was reported missing").
        let passive_report = (g0..v).any(|q| is_be(l.key(q))) && !key.ends_with("ing");
        if best.is_none() && (passive_report || parse.is_some_and(|ps| !ps.is_verbal(v))) {
            continue;
        }
        match best {
            Some(m) => {
                let p = dict.pattern(m.pattern);
                covered_until = m.end;
                let (source, mut target) = if let Some(t) = m.before_target {
                    // "Arnor suggested Gondor should require ...": the target stands before
                    // the verb; the source is the subject of the words before it.
                    let src = m
                        .source_slot
                        .or_else(|| find_subject(&l, m.before_start, lists));
                    (src, Some(t))
                } else if m.before_start < g && m.passive_by.is_none() && m.source_slot.is_none() {
                    // "Arnor suggested * apply ...": the words the pattern requires before the
                    // verb belong to its clause; the source is the subject before them.
                    let src = find_subject(&l, m.before_start, lists).or(subject);
                    (src, m.target)
                } else if let Some(by) = m.passive_by {
                    (Some(by), subject)
                } else if let Some(src) = m.source_slot {
                    (Some(src), subject)
                } else {
                    (subject, m.target)
                };
                // Imported patterns without a slot take the first actor after the matched words
                // in the clause, as PETRARCH and TABARI do.
                if target.is_none()
                    && m.passive_by.is_none()
                    && m.source_slot.is_none()
                    && dict.pattern_extra(m.pattern).is_some_and(|x| x.open_target)
                {
                    target = first_actor_after(&l, m.end, source);
                }
                // A pattern that names no target takes the verb's object or oblique actor from
                // the parse: "launched an investigation into X".
                // Not for a reciprocal pattern with a compound subject: "X and Y held talks"
                // pairs X with Y.
                let compound_source = source.is_some_and(|g| l.is_compound(g));
                if target.is_none() && m.passive_by.is_none() && !(p.reciprocal && compound_source)
                {
                    if let Some(ps) = parse.filter(|ps| ps.is_verbal(v)) {
                        target = parsed_target(&l, ps, v, m.end, source, p);
                        if target.is_some() {
                            by_parse.push("target");
                        }
                    }
                    if target.is_none() && !p.topic_object && !l.imported {
                        target = directed_phrase_target(&l, m.end, source, p.reciprocal);
                    }
                }
                let mut code = Some(p.code.clone());
                let mut note = String::new();
                let mut rule = format!("{} {} {}", p.at, p.code, p.text);
                if p.reciprocal {
                    rule.push_str(" {recip}");
                }
                if m.passive_by.is_some() {
                    rule.push_str(" [passive]");
                }
                if coordinated {
                    rule.push_str(" [shared subject]");
                }
                // Where the parse, not the shallow rules, chose an actor.
                if !by_parse.is_empty() {
                    rule.push_str(&format!(" [parse: {}]", by_parse.join(", ")));
                }
                if negated {
                    code = p.negated_code.clone();
                    rule.push_str(" [negated]");
                    if code.is_none() {
                        note = "negated, and the pattern gives no negated code".into();
                    }
                }
                // "Biden attacked Trump for the deaths": one named politician attacking
                // another does it in words.
                if p.code == "190"
                    && key.starts_with("attack")
                    && source.is_some_and(|g| l.is_named_politician(g))
                    && target.is_some_and(|g| l.is_named_politician(g))
                {
                    code = Some("111".into());
                    rule.push_str(" [a politician attacking a politician: criticism, 111]");
                }
                // Protesters who clash with the police or surround a building protest
                // violently (145) or block (144): CAMEO keeps force (19) for armed actors.
                // A clash is then theirs alone: the police do not protest.
                let protest = match code.as_deref() {
                    Some("190") => Some("145"),
                    Some("191") => Some("144"),
                    _ => None,
                };
                let mut reciprocal = p.reciprocal;
                if let (Some(c), true) = (protest, source.is_some_and(|g| l.is_protesters(g))) {
                    rule.push_str(&format!(
                        " [protesters: {} -> {c}]",
                        code.as_deref().unwrap_or_default()
                    ));
                    code = Some(c.into());
                    reciprocal = false;
                }
                if let (Some(c), Some((lemma, kind))) = (code.clone(), wrapper) {
                    code = match kind {
                        Wrapper::Intent => intent_code(&c),
                        Wrapper::Refusal => refusal_code(&c),
                    };
                    // A refusal is the refuser's alone: in "Russia refused to hold exercises
                    // with Ukraine", Ukraine refused nothing.
                    if matches!(kind, Wrapper::Refusal) && !compound_source {
                        reciprocal = false;
                    }
                    rule.push_str(&format!(
                        " [{lemma} to: {c} -> {}]",
                        code.as_deref().unwrap_or("none")
                    ));
                    // Parties that agree together to consult or cooperate, with no one else
                    // named, agree with each other: "India and MERCOSUR have agreed to give
                    // tariff concessions".
                    if lemma == "agree"
                        && !reciprocal
                        && compound_source
                        && target.is_none()
                        && matches!(c.get(..2), Some("04" | "05" | "06"))
                    {
                        reciprocal = true;
                        rule.push_str(" [agreed together: each other's partner]");
                    }
                }
                if object_control {
                    code = None;
                    note = "infinitive after an object: part of another verb's event".into();
                }
                if l.imported && crate::imported::noun_after_event(&l, m.before_start, v, &out) {
                    code = None;
                    note = "a noun phrase after a coded verb: that verb's object".into();
                }
                out.push(Predicate {
                    verb: v,
                    end: m.end,
                    pattern: Some(m.pattern),
                    code,
                    source,
                    target,
                    target_slot: p.has_target_slot() && m.passive_by.is_none()
                        || m.passive_by.is_some(),
                    host_target: p.host_target,
                    reciprocal,
                    negated,
                    hypothetical,
                    rule,
                    note,
                });
            }
            None => {
                // A verb of saying: a statement (010) when nothing else is coded.
                let mut source = subject;
                // '"...," said Putin': the subject follows the verb, which comes right after
                // the quote or its comma. Elsewhere the actor after the verb is what is said
                // ("the agency said Russia would ...") or, after "told", the listener.
                let inverted = v > 0
                    && matches!(l.key(v - 1), "," | "\"" | "'")
                    && !matches!(say, Some("tell"));
                if !inverted && parse.is_some_and(|ps| ps.says_nothing(v, say.unwrap_or("say"))) {
                    continue;
                }
                if source.is_none() && inverted {
                    source = l
                        .starts
                        .get(v + 1)
                        .copied()
                        .flatten()
                        .map(|p| actors[p].group);
                }
                // "Al Jazeera reported that ...", "state media reported ...": the news names its
                // source; the outlet makes no statement of its own.
                if say == Some("report") && source.is_some_and(|g| l.is_media(g)) {
                    continue;
                }
                let mut target = if matches!(say, Some("tell")) {
                    l.starts
                        .get(v + 1)
                        .copied()
                        .flatten()
                        .map(|p| actors[p].group)
                        .filter(|&t| Some(t) != source)
                } else {
                    None
                };
                // "X said Y must do Z": X demands of Y (CAMEO 100), an event of its own.
                let obliged = parse
                    .filter(|ps| ps.is_verbal(v))
                    .and_then(|ps| group_of_word(&l, ps, ps.obliged(v)?, false))
                    .filter(|&t| {
                        Some(t) != source
                            && !source.is_some_and(|s| l.same_codes(s, t) || l.own_country(s, t))
                    });
                let mut code = "010";
                if obliged.is_some() && source.is_some() {
                    target = obliged;
                    code = "100";
                }
                out.push(Predicate {
                    verb: v,
                    end: v + 1,
                    pattern: None,
                    code: if negated { None } else { Some(code.into()) },
                    source,
                    target,
                    target_slot: false,
                    host_target: false,
                    reciprocal: false,
                    negated,
                    hypothetical,
                    rule: format!(
                        "{}{}",
                        if code == "100" {
                            format!(
                                "demand: '{}' + 'must'/'should' in the clause it reports: a \
                                 demand of its subject",
                                say.unwrap_or("say")
                            )
                        } else {
                            format!(
                                "statement: '{}' (010 only when nothing else is coded)",
                                say.unwrap_or("say")
                            )
                        },
                        if by_parse.is_empty() {
                            ""
                        } else {
                            " [parse: subject]"
                        }
                    ),
                    note: String::new(),
                });
            }
        }
    }
    out
}

/// The first resolved actor group from token `from` to the end of the clause, other than
/// `not` (the subject).
fn first_actor_after(l: &Layout<'_>, from: usize, not: Option<usize>) -> Option<usize> {
    for q in from..l.tokens.len() {
        if let Some(p) = l.starts[q] {
            let g = l.actors[p].group;
            if Some(g) != not && l.group_resolved(g) {
                return Some(g);
            }
        }
        let k = l.key(q);
        // "allowed that Mordor isn't ...", "expressed hopes on Thursday that Osgiliath ...":
        // PETRARCH and TABARI take the target from a clause right after the matched words.
        if l.imported
            && k == "that"
            && q - from <= 3
            && (from..q).all(|r| l.inside[r].is_none() && l.tokens[r].kind == TokenKind::Word)
        {
            continue;
        }
        let subordinate = matches!(
            k,
            "after" | "before" | "since" | "until" | "once" | "if" | "unless" | "as"
        );
        // A hyphen glued to a word ("anti- Gondor") is not a dash between clauses.
        let glued_hyphen = k == "-" && !l.tokens[q].space_before;
        if l.inside[q].is_none()
            && !glued_hyphen
            && (is_clause_boundary(k) || subordinate || matches!(k, ";" | ":" | ","))
        {
            return None;
        }
    }
    None
}

fn find_subject(l: &Layout<'_>, g: usize, lists: &VerbLists) -> Option<usize> {
    let mut j = g;
    while j > 0 {
        j -= 1;
        if let Some(p) = l.inside[j] {
            let grp = l.actors[p].group;
            let gs = l.group_start(grp);
            let before = gs.checked_sub(1).map(|i| l.key(i)).unwrap_or("");
            // "after the U.S. Congress approved": "after" opens a clause whose subject stands
            // right before its verb; elsewhere an actor after a preposition is its object.
            let opens_clause = matches!(
                before,
                "after" | "before" | "since" | "until" | "as" | "once"
            ) && l.group_end(grp) == g;
            // "A convoy of Ukrainian soldiers was attacked": the actor after "of" stands for the
            // phrase it completes.
            let object_of_preposition =
                (is_preposition(before) && !opens_clause && before != "of") || before == "'s";
            let place = l
                .actors
                .iter()
                .filter(|a| a.group == grp)
                .all(|a| a.is_place);
            // "hit the rebel-held enclave": an actor joined to a participle describes a noun,
            // and is the subject of that participle only ("U.S.-backed rebels").
            let a = &l.actors[p];
            let describes = joined_participle(l, a).is_some() && a.end + 1 != g;
            if object_of_preposition || place || describes {
                j = gs;
                continue;
            }
            return Some(grp);
        }
        let k = l.key(j);
        // Imported: "Arnor's foreign minister, in remarks published on Monday, urged": a
        // comma-delimited aside without actors before the verb is passed over.
        if l.imported && k == "," && j + 1 == g {
            if let Some(c) = crate::imported::aside_start(l, j) {
                j = c;
                continue;
            }
        }
        // A hyphen inside a word ("al-Sarraj") is not a dash between clauses.
        let glued_hyphen = k == "-" && !l.tokens[j].space_before;
        if (is_clause_boundary(k) && !glued_hyphen) || lists.say.contains_key(k) {
            return None;
        }
        // "after (Calenardhon) crowds burned ...": a subordinate clause whose own subject (a
        // plain noun right before the verb) is no actor has no coded subject; the main clause's
        // is not borrowed.
        if l.imported
            && matches!(k, "after" | "before" | "since" | "until" | "once")
            && (1..=3).contains(&(g - j - 1))
            && l.inside[g - 1].is_none()
            && (j + 1..g).all(|q| {
                let t = &l.tokens[q];
                t.kind == TokenKind::Word
                    && !is_preposition(&t.key)
                    && !is_determiner_like_time(&t.key)
                    && !t.key.ends_with("ing")
            })
        {
            return None;
        }
    }
    None
}

/// Words after "since"/"after" that start no clause ("since then", "after all").
fn is_determiner_like_time(k: &str) -> bool {
    matches!(k, "then" | "now" | "all" | "that" | "this" | "which" | "it")
}

/// The acts of material cooperation and aid (061-064, 071-074) and the intentions that promise
/// exactly them (0311-0314, 0331-0334), one to one.
const PROMISED_ACTS: [(&str, &str); 8] = [
    ("061", "0311"),
    ("062", "0312"),
    ("063", "0313"),
    ("064", "0314"),
    ("071", "0331"),
    ("072", "0332"),
    ("073", "0333"),
    ("074", "0334"),
];

/// The act an intention code promises, where it names exactly one ("ready to contribute to
/// the peacekeeping operation" is 0334, the promise of 074): the inverse of [`intent_code`]
/// for material cooperation and aid.
pub(crate) fn promised_act(intent: &str) -> Option<&'static str> {
    PROMISED_ACTS
        .iter()
        .find(|&&(_, i)| i == intent)
        .map(|&(act, _)| act)
}

/// "X plans to meet Y": the intention (03x) for cooperation, the threat (13x) for conflict.
fn intent_code(base: &str) -> Option<String> {
    if let Some(&(_, intent)) = PROMISED_ACTS.iter().find(|&&(act, _)| act == base) {
        return Some(intent.to_string());
    }
    let c = match base {
        b if b.starts_with("01")
            || b.starts_with("02")
            || b.starts_with("03")
            || b.starts_with("13") =>
        {
            b
        }
        "045" => "039",
        b if b.starts_with("04") => "036",
        b if b.starts_with("05") => "032",
        b if b.starts_with("06") => "031",
        b if b.starts_with("07") => "033",
        b if b.starts_with("081") => "0351",
        "082" => "0352",
        b if b.starts_with("083") => "034",
        b if b.starts_with("084") => "0353",
        "085" => "0354",
        b if b.starts_with("086") => "0355",
        b if b.starts_with("087") => "0356",
        b if b.starts_with("08") => "035",
        b if b.starts_with("09")
            || b.starts_with("10")
            || b.starts_with("11")
            || b.starts_with("12") =>
        {
            b
        }
        b if b.starts_with("14") => "133",
        b if b.starts_with("15") => "138",
        "161" => "1313",
        b if b.starts_with("162") => "1311",
        "163" => "1312",
        "164" => "134",
        "165" => "135",
        b if b.starts_with("166") => "136",
        b if b.starts_with("16") => "131",
        "1721" => "1321",
        "1722" => "1322",
        "1723" => "1323",
        "1724" => "1324",
        b if b.starts_with("172") => "132",
        b if b.starts_with("173") || b.starts_with("174") || b.starts_with("175") => "137",
        b if b.starts_with("17") => "130",
        b if b.starts_with("18") => "1383",
        "191" => "1381",
        "192" => "1382",
        b if b.starts_with("204") => "1385",
        b if b.starts_with("19") || b.starts_with("20") => "1384",
        _ => return None,
    };
    Some(c.to_string())
}

/// "X refused to meet Y": the matching rejection (12x); refusing a hostile act is no event.
fn refusal_code(base: &str) -> Option<String> {
    let c = match base {
        "045" | "038" | "039" => "126",
        b if b.starts_with("04") || b.starts_with("036") => "125",
        "061" => "1211",
        "062" => "1212",
        "063" => "1213",
        b if b.starts_with("06") || b.starts_with("031") => "121",
        "071" => "1221",
        "072" => "1222",
        "073" => "1223",
        "074" => "1224",
        b if b.starts_with("07") || b.starts_with("033") => "122",
        b if b.starts_with("081") => "1241",
        "082" => "1242",
        b if b.starts_with("084") => "1243",
        "085" => "1244",
        b if b.starts_with("086") => "1245",
        b if b.starts_with("087") => "1246",
        b if b.starts_with("08") || b.starts_with("035") => "124",
        b if b.starts_with("02") || b.starts_with("03") || b.starts_with("05") => "120",
        _ => return None,
    };
    Some(c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_skip_only_patterns_whose_words_are_absent() {
        let words =
            |s: &[&str]| PatternElement::Words(vec![s.iter().map(|w| w.to_string()).collect()]);
        let pattern = |elements: Vec<PatternElement>| VerbPattern {
            code: "163".into(),
            verb: "impose".into(),
            anchors: petrel_dict::word_anchors(&elements),
            elements,
            reciprocal: false,
            negated_code: None,
            host_target: false,
            topic_object: false,
            needs_object: false,
            text: String::new(),
            at: petrel_dict::Location {
                file: "test".into(),
                line: 1,
            },
        };
        // "impose * sanctions on +", and a stem ("sanction*") that anchors nothing.
        let exact = pattern(vec![
            PatternElement::Gap,
            words(&["sanctions"]),
            words(&["on"]),
            PatternElement::Target,
        ]);
        let stem = pattern(vec![PatternElement::Gap, words(&["sanction*"])]);
        assert_eq!(exact.anchors.len(), 2);
        assert!(stem.anchors.is_empty());
        let tokens = |text: &str| petrel_text::segment::tokenize(text, 0..text.len());
        let with = tokens("The EU imposed new sanctions on Russia");
        let without = tokens("The EU imposed new tariffs on Russia");
        let (lw, lo) = (Layout::new(&with, &[]), Layout::new(&without, &[]));
        assert!(lw.may_match(&exact.anchors));
        assert!(!lo.may_match(&exact.anchors));
        assert!(lo.may_match(&stem.anchors));
    }

    #[test]
    fn wrapper_codes() {
        assert_eq!(intent_code("040").as_deref(), Some("036"));
        assert_eq!(intent_code("163").as_deref(), Some("1312"));
        assert_eq!(intent_code("190").as_deref(), Some("1384"));
        assert_eq!(intent_code("030").as_deref(), Some("030"));
        assert_eq!(refusal_code("040").as_deref(), Some("125"));
        assert_eq!(refusal_code("190"), None);
        // Every code a wrapper produces exists in CAMEO.
        let cameo = petrel_ontology::Cameo::get();
        for c in cameo.codes() {
            for mapped in [intent_code(c.code), refusal_code(c.code)]
                .into_iter()
                .flatten()
            {
                assert!(cameo.contains(&mapped), "{} -> {mapped}", c.code);
            }
        }
    }
}
