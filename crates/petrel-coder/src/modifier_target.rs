//! A country adjective inside the object as the target.
//!
//! "Russian territory" is not an actor, so [`crate::actors`] leaves a country adjective that
//! modifies no agent, organisation or person out. But when such a phrase is what an act is
//! aimed at, its country is the target: "lifted the ban on Cypriot ships" (CYP), "refuses to
//! remove the ban on Indian television channels" (IND), "released the Iranian oil tanker"
//! (IRN), "attacked 52 Iranian sites" (IRN). Only for a predicate whose pattern found no
//! target, only in the phrases it is aimed at by the parse ([`aimed_phrases`]), and never the
//! source's own country ("Pakistan lifted the ban on Pakistani films" is domestic, with no one
//! named to aim at).
//!
//! The extra actor exists only for the event (like imported default actors): it is not a
//! mention for pronouns, home countries or places.

use petrel_dict::{Dictionary, Reading};
use petrel_ontology::ActorCode;
use petrel_text::Token;

use crate::actors::ActorPhrase;
use crate::predicates::aimed_phrases;
use crate::syntax::Parse;
use crate::Predicate;

/// Gives each targetless pattern predicate the country of an adjective in its object, adding
/// the actor phrases it needs to `extra` (group numbers after `actors`').
pub(crate) fn fill_modifier_targets(
    dict: &Dictionary,
    text: &str,
    tokens: &[Token],
    ps: &Parse,
    actors: &[ActorPhrase],
    predicates: &mut [Predicate],
    extra: &mut Vec<ActorPhrase>,
) {
    let wanted = |p: &Predicate| p.pattern.is_some() && p.code.is_some() && p.target.is_none();
    if !predicates.iter().any(wanted) {
        return;
    }
    let ids = dict.phrases.word_ids(tokens);
    let inside_actor = |q: usize| actors.iter().any(|a| a.start <= q && q < a.end);
    let mut next_group = actors.iter().map(|a| a.group + 1).max().unwrap_or(0)
        + extra.iter().map(|a| a.group + 1).max().unwrap_or(0);
    for p in predicates.iter_mut().filter(|p| wanted(p)) {
        let Some(id) = p.pattern else { continue };
        if !ps.is_verbal(p.verb) {
            continue;
        }
        let phrases = aimed_phrases(ps, p.verb, p.end, dict.pattern(id));
        let source_roots: Vec<&str> = p
            .source
            .map(|g| crate::actors::group_roots(actors, g))
            .unwrap_or_default();
        let found = phrases.into_iter().flatten().find_map(|q| {
            // Words the pattern skipped count: "release * tanker" in "released the Iranian
            // oil tanker".
            if q <= p.verb || inside_actor(q) || !tokens[q].cap {
                return None;
            }
            // The adjective may start a word or two before the word the parse reached:
            // "South African" through "African".
            let adjective_at = |start: usize| {
                let m = dict.phrases.longest_at(&ids, tokens, start)?;
                let root = m.readings.iter().find_map(|r| match r {
                    Reading::Adjective { root } => Some(*root),
                    _ => None,
                })?;
                (m.end > q).then_some((start, m.end, root))
            };
            let earlier = (q.saturating_sub(2).max(p.verb + 1)..q)
                .filter(|&k| tokens[k].cap && !inside_actor(k));
            let (start, end, root) = earlier.chain([q]).find_map(adjective_at)?;
            let code = dict.root(root).code.clone();
            (!source_roots.contains(&code.as_str())).then_some((start, end, code))
        });
        let Some((start, end, code)) = found else {
            continue;
        };
        let words = text
            .get(tokens[start].start..tokens[end - 1].end)
            .unwrap_or_default();
        p.rule
            .push_str(&format!(" [target {code} from '{words}' in the object]"));
        extra.push(ActorPhrase {
            start,
            end,
            codes: vec![ActorCode::new(code, Vec::new())],
            person_like: false,
            agent_sectors: Vec::new(),
            is_place: false,
            persons: Vec::new(),
            accredited_to: None,
            how: format!("'{words}' modifies the object"),
            group: next_group,
            antecedent: None,
        });
        p.target = Some(next_group);
        next_group += 1;
    }
}
