//! Reading rules that follow PETRARCH's and TABARI's conventions, used only with imported
//! dictionaries ([`crate::imported_conventions`]); petrel's own dictionaries never reach them.

use petrel_dict::PatternElement;
use petrel_text::TokenKind;

use crate::lexicon::is_negation;
use crate::predicates::{match_elements, Layout, MAX_GAP};

/// A pattern gap as TABARI and PETRARCH read it, tried when petrel's own gap fails: up to
/// [`MAX_GAP`] words, where an actor phrase counts as one word and the pieces of a written
/// word ("is|n't", "anti|-") count with it. An actor passed by the gap becomes the target when
/// the rest of the pattern names none ("allowed that Mordor isn't a really pleasant place" for
/// `* REALLY_PLEASANT`); a gap followed by a target or source slot passes no actor.
pub(crate) fn match_gap(
    l: &Layout<'_>,
    rest: &[PatternElement],
    j: usize,
) -> Option<(usize, Option<usize>, Option<usize>)> {
    let slot_follows = rest
        .iter()
        .any(|e| matches!(e, PatternElement::Target | PatternElement::Source));
    let mut q = j;
    let mut words = 0;
    let mut passed: Option<usize> = None;
    loop {
        if q > j {
            if let Some((end, t, s)) = match_elements(l, rest, q) {
                let t = t.or(passed.filter(|_| !slot_follows));
                return Some((end, t, s));
            }
        }
        let t = l.tokens.get(q)?;
        if let Some(p) = l.starts[q] {
            if slot_follows {
                return None;
            }
            let g = l.actors[p].group;
            if passed.is_none() && l.group_resolved(g) {
                passed = Some(g);
            }
            q = l.actors[p].end;
            words += 1;
        } else if l.inside[q].is_some() {
            return None;
        } else if t.kind == TokenKind::Word || t.kind == TokenKind::Number {
            // "n't" is part of the word before it.
            let piece = !t.space_before && is_negation(&t.key) && t.key.starts_with('n');
            if !piece {
                words += 1;
            }
            if matches!(
                t.key.as_str(),
                "which" | "who" | "whom" | "whose" | "while" | "because" | "although" | "whereas"
            ) {
                return None;
            }
            q += 1;
        } else if t.key == "-" && !t.space_before {
            q += 1;
        } else {
            return None;
        }
        if words > MAX_GAP {
            return None;
        }
    }
}

/// A verb form read as a noun through the words its pattern requires before it ("an anti-
/// Gondor parade" for `ANTI- + *`) after a verb already coded in the same clause: the noun
/// phrase is that verb's object ("abandoned an anti- Gondor parade"), not an event of its own.
pub(crate) fn noun_after_event(
    l: &Layout<'_>,
    before_start: usize,
    v: usize,
    earlier: &[crate::Predicate],
) -> bool {
    let start = before_start.min(v);
    if start == 0 || !matches!(l.key(start - 1), "a" | "an" | "the") {
        return false;
    }
    earlier.iter().any(|p| {
        p.pattern.is_some()
            && p.code.is_some()
            && p.end <= start
            && (p.end..start).all(|q| {
                let t = &l.tokens[q];
                (t.kind != TokenKind::Punct || (t.key == "-" && !t.space_before))
                    && !crate::lexicon::is_clause_boundary(&t.key)
            })
    })
}

/// Coding options of the peers' suites (TABARI's option records), for imported dictionaries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SuiteConventions {
    /// TABARI `SET: CODE ALL`: every verb is coded, also an infinitive that completes another
    /// coded verb, with that verb's actors ("urged Bree to assist it": 102 and 092).
    /// Otherwise (PETRARCH, and TABARI's default `CODE BY CLAUSE`) such an infinitive is part
    /// of the first verb's event.
    pub code_all: bool,
    /// TABARI `SET: CODE BY SENTENCE`: only the sentence's first event.
    pub code_by_sentence: bool,
    /// TABARI `DEFAULT: SOURCE [CODE] PRIOR`: the source when none is found (with `PRIOR`:
    /// when none stands before the verb; without: the first actor after the verb is the source).
    pub default_source: Option<(String, bool)>,
    /// TABARI `DEFAULT: TARGET [CODE] AFTER`: the target when none is found after the verb.
    pub default_target: Option<(String, bool)>,
    /// TABARI `SET: MINIMUM WORDS = n`: a sentence of fewer words is not coded.
    pub min_words: Option<usize>,
}

/// Whether the verb at `v` is an infinitive: "to leave", "to be allowed".
fn infinitive(l: &Layout<'_>, v: usize) -> bool {
    v > 0 && l.key(v - 1) == "to" && l.inside[v - 1].is_none()
}

/// Rules applied to a sentence's predicates after they are found, with imported dictionaries:
/// infinitive complements, `CODE BY SENTENCE`, and `DEFAULT:` actors. Default actors are
/// appended to `extra_actors` (empty token range, their own group).
pub(crate) fn apply_conventions(
    predicates: &mut [crate::Predicate],
    tokens: &[petrel_text::Token],
    actors: &[crate::ActorPhrase],
    conv: &SuiteConventions,
    extra_actors: &mut Vec<crate::ActorPhrase>,
) {
    let l = Layout::new(tokens, actors);
    let coded = |p: &crate::Predicate| p.pattern.is_some() && p.code.is_some();
    // TABARI's `SET: MINIMUM WORDS`: a sentence with fewer words is not coded.
    if let Some(min) = conv.min_words {
        let words = tokens
            .iter()
            .filter(|t| {
                matches!(t.kind, TokenKind::Word | TokenKind::Number) && !t.key.starts_with('\'')
            })
            .count();
        if words < min {
            for p in predicates.iter_mut().filter(|p| p.code.is_some()) {
                p.code = None;
                p.note = format!("MINIMUM WORDS: {words} words, fewer than {min}");
            }
            return;
        }
    }
    // "called on Gondor late Sunday to be allowed to leave Lorien": the infinitive
    // completes the verb before it in the same clause and is not an event of its own.
    for i in 0..predicates.len() {
        let v = predicates[i].verb;
        if !coded(&predicates[i]) || !infinitive(&l, v) {
            continue;
        }
        let completes = predicates[..i].iter().find(|p| {
            coded(p)
                && p.end <= v
                && (p.end..v).all(|q| {
                    let t = &tokens[q];
                    (t.kind != TokenKind::Punct || (t.key == "-" && !t.space_before))
                        && !crate::lexicon::is_clause_boundary(&t.key)
                        && !matches!(t.key.as_str(), "and" | "but" | "or")
                })
        });
        let completes = completes.map(|p| (p.source, p.target));
        if let Some((source, target)) = completes {
            if conv.code_all {
                // TABARI's CODE ALL codes it with the first verb's actors ("Calenardhon
                // urged Bree to assist it": CAL -> BRE 092).
                predicates[i].source = source;
                predicates[i].target = target;
            } else {
                predicates[i].code = None;
                predicates[i].note = "an infinitive completing the verb before it".into();
            }
        }
    }
    if conv.code_by_sentence {
        let mut first = true;
        for p in predicates.iter_mut().filter(|p| coded(p)) {
            if !first {
                p.code = None;
                p.note = "CODE BY SENTENCE: only the first event".into();
            }
            first = false;
        }
    }
    if conv.default_source.is_none() && conv.default_target.is_none() {
        return;
    }
    let mut next_group = actors.iter().map(|a| a.group + 1).max().unwrap_or(0);
    // A default actor: no words in the text, a group of its own.
    fn default_actor(
        extra: &mut Vec<crate::ActorPhrase>,
        next_group: &mut usize,
        code: &str,
        v: usize,
        how: &str,
    ) -> usize {
        extra.push(crate::ActorPhrase {
            start: v,
            end: v,
            codes: vec![petrel_ontology::ActorCode::new(code, Vec::new())],
            person_like: false,
            agent_sectors: Vec::new(),
            is_place: false,
            persons: Vec::new(),
            accredited_to: None,
            how: how.to_string(),
            group: *next_group,
            antecedent: None,
        });
        *next_group += 1;
        *next_group - 1
    }
    for p in predicates.iter_mut().filter(|p| coded(p)) {
        if p.source.is_none() {
            match &conv.default_source {
                Some((code, true)) => {
                    p.source = Some(default_actor(
                        extra_actors,
                        &mut next_group,
                        code,
                        p.verb,
                        "DEFAULT: SOURCE",
                    ))
                }
                Some((_, false)) => p.source = p.target.take(),
                None => {}
            }
        }
        if p.target.is_none() && p.source.is_some() {
            match &conv.default_target {
                Some((code, true)) => {
                    p.target = Some(default_actor(
                        extra_actors,
                        &mut next_group,
                        code,
                        p.verb,
                        "DEFAULT: TARGET",
                    ))
                }
                // Without AFTER the target may stand anywhere: a compound source gives it
                // ("Bree and Arnor are about to restore ties with Gxndor": BRE -> ARN).
                Some((code, false)) => {
                    let members: Vec<&crate::ActorPhrase> = actors
                        .iter()
                        .filter(|a| Some(a.group) == p.source && a.resolved())
                        .collect();
                    if members.len() > 1 {
                        // The rest of the compound, as a group of its own.
                        for a in &members[1..] {
                            let mut a = (*a).clone();
                            a.group = next_group;
                            extra_actors.push(a);
                        }
                        p.target = Some(next_group);
                        next_group += 1;
                    } else {
                        p.target = Some(default_actor(
                            extra_actors,
                            &mut next_group,
                            code,
                            p.verb,
                            "DEFAULT: TARGET",
                        ));
                    }
                }
                None => {}
            }
        }
    }
}

/// The most words and actor phrases a `^` (one noun phrase, [`PatternElement::Phrase`]) skips.
const MAX_PHRASE: usize = MAX_GAP + 2;

/// `^` in an imported pattern: skips one noun phrase, shortest first: up to [`MAX_PHRASE`]
/// words or actor phrases ("celebrated Eid at Osgiliath with Gondor" for `* EID AT ^ WITH +`),
/// not across punctuation or a clause boundary.
pub(crate) fn match_phrase(
    l: &Layout<'_>,
    rest: &[PatternElement],
    j: usize,
) -> Option<(usize, Option<usize>, Option<usize>)> {
    let mut q = j;
    for _ in 0..MAX_PHRASE {
        let t = l.tokens.get(q)?;
        if let Some(p) = l.starts[q] {
            q = l.actors[p].end;
        } else if l.inside[q].is_none()
            && matches!(t.kind, TokenKind::Word | TokenKind::Number)
            && !crate::lexicon::is_clause_boundary(&t.key)
        {
            q += 1;
        } else {
            return None;
        }
        if let Some(r) = match_elements(l, rest, q) {
            return Some(r);
        }
    }
    None
}

/// How many of a pattern's word elements are alternatives (a synset or `{ A | B }`): of two
/// imported patterns of equal weight, the one with fewer is the more specific.
pub(crate) fn breadth(p: &petrel_dict::VerbPattern) -> usize {
    p.elements
        .iter()
        .filter(|e| matches!(e, PatternElement::Words(alts) if alts.len() > 1))
        .count()
}

/// The sentence's first actor before token `before` (with the rest of its compound), as one
/// code list, for TABARI's pronouns; `None` when there is none.
pub(crate) fn first_actor(
    phrases: &[crate::ActorPhrase],
    tokens: &[petrel_text::Token],
    before: usize,
) -> Option<(Vec<petrel_ontology::ActorCode>, String)> {
    let mut it = phrases
        .iter()
        .filter(|p| p.end <= before && p.resolved() && !p.is_place);
    let first = it.next()?;
    let mut codes = first.codes.clone();
    let mut end = first.end;
    for p in it {
        let between = &tokens[end..p.start];
        let joined = !between.is_empty()
            && between.len() <= 2
            && between
                .iter()
                .all(|t| matches!(t.key.as_str(), "and" | ","));
        if !joined {
            break;
        }
        codes.extend(p.codes.iter().cloned());
        end = p.end;
    }
    Some((codes, first.how.clone()))
}

/// The comma opening a comma-delimited aside that ends with the comma at `close` ("Arnor's
/// foreign minister, in remarks published on Monday, urged"): at most eight words, no actor,
/// no other punctuation. `None` when there is no such aside.
pub(crate) fn aside_start(l: &Layout<'_>, close: usize) -> Option<usize> {
    let mut q = close;
    while q > 0 && close - q < 9 {
        q -= 1;
        let t = &l.tokens[q];
        if t.key == "," {
            return (q + 1 < close).then_some(q);
        }
        if l.inside[q].is_some() || t.kind == TokenKind::Punct {
            return None;
        }
    }
    None
}
