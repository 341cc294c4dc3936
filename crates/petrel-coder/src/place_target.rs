//! The event's place as its target, for acts that are aimed at a place.
//!
//! Aid, relief, a ceasefire, the easing of a curfew and an attack are done *to* where they
//! happen when the text names no one else: "Germany gave 352.5 million euros to promote
//! development in Ethiopia" is aid to Ethiopia, "the ELN declared a ceasefire in Colombia" is
//! aimed at Colombia, "airstrikes in Gaza" at the Palestinian territories. Only the sentence's
//! own place counts (not the dateline: a Reuters story from London is not aid to Britain), only
//! a country-level reading (the target is the place's country), and only for the codes in
//! [`aimed_at_a_place`]: "the ministers met in Geneva" is not a meeting with Switzerland.
//!
//! Like an inferred home country, the target is marked `country_inferred` and the rule says
//! where it came from. Not done for imported dictionaries, whose suites expect their reading.

use petrel_dict::Dictionary;
use petrel_ontology::ActorCode;

use crate::home::is_country;
use crate::lexicon::is_preposition;
use crate::locations::{place_named_at, EventLocation};
use crate::predicates::{aimed_phrases, promised_act, Predicate};
use crate::{Event, EventActor, SentenceCoding};

/// CAMEO codes whose act lands on the place it happens: sympathy (018: "expressed condolences
/// over the earthquake in Sichuan province" is sympathy for China), aid (07), easing
/// restrictions (081), allowing international involvement (086), de-escalation (087:
/// ceasefires, withdrawals), a show of force (15: "strengthened its forces in Crimea"),
/// cutting aid (162), curfews and states of emergency (1723, 1724), and force (18, 19, 20).
pub fn aimed_at_a_place(cameo: &str) -> bool {
    cameo == "018"
        || cameo.starts_with("07")
        || cameo.starts_with("081")
        || cameo.starts_with("086")
        || cameo.starts_with("087")
        || cameo.starts_with("15")
        || cameo.starts_with("162")
        || imposed_on_a_population(cameo)
        || matches!(cameo.get(..2), Some("18" | "19" | "20"))
}

/// Curfews, states of emergency and blockades, imposed (1723, 1724, 191) or eased (0813,
/// 0814), concern the people of the place, most often under their own government: "Indian
/// authorities imposed a curfew in parts of Kashmir" is INDGOV against IND, "President Salva
/// Kiir lifted a state of emergency in northern parts of South Sudan" SSDGOV toward SSD,
/// "the Sudanese government imposed blockades in parts of West Darfur" SDNGOV against SDN.
/// Other acts by a country in its own territory name no one.
fn imposed_on_a_population(cameo: &str) -> bool {
    matches!(cameo, "1723" | "1724" | "191" | "0813" | "0814")
}

/// CAMEO codes whose act can be sent to a place the act is aimed at: the acts of
/// [`aimed_at_a_place`], material cooperation (06), yielding (08), investigation (09),
/// reducing relations (16) and threats of force (138): "suspended aid deliveries to Gaza",
/// "lifted the travel ban to Lebanon", "sent a team to Detroit to investigate", "threatened to
/// shell Haifa".
pub fn sent_to_a_place(cameo: &str) -> bool {
    aimed_at_a_place(cameo)
        || matches!(cameo.get(..2), Some("06" | "08" | "09" | "16"))
        || cameo.starts_with("138")
}

/// A claim of responsibility or credit (015, "claimed responsibility for the attack in
/// Kandahar") is aimed where the attack it claims was; other admissions ("pleaded guilty in
/// Federal District Court for the District of New Jersey") are not.
fn claims_an_attack(dict: &Dictionary, s: &SentenceCoding, e: &Event) -> bool {
    e.cameo == "015"
        && predicate_of(s, e)
            .and_then(|p| p.pattern)
            .is_some_and(|id| is_claim(&dict.pattern(id).text))
}

/// Whether a 015 pattern's words claim an act: responsibility or credit.
pub(crate) fn is_claim(pattern_text: &str) -> bool {
    pattern_text.contains("responsibility") || pattern_text.contains("credit")
}

/// Gives an event without a target the country of the place it is aimed at ("aid to Gaza"),
/// else of the place it happens, where its code is aimed at one.
/// Runs after [`crate::locations::locate_events`].
pub(crate) fn fill_place_targets(dict: &Dictionary, text: &str, sentences: &mut [SentenceCoding]) {
    for s in sentences.iter_mut() {
        let mut targets = Vec::new();
        let mut named = Vec::new();
        for (k, e) in s.events.iter().enumerate() {
            let act = act_code(dict, s, e);
            if let Some(place) = place_of_a_force(dict, text, s, e, act) {
                targets.push((k, place, "the place of the force it goes to"));
                continue;
            }
            if let Some(place) = place_of_a_country_target(dict, text, s, e, act) {
                named.push((k, place));
                continue;
            }
            if e.target.is_some() || !(sent_to_a_place(act) || claims_an_attack(dict, s, e)) {
                continue;
            }
            let aimed =
                aimed_place(dict, text, s, e, act).map(|p| (p, "the place the act is aimed at"));
            let happened = || {
                e.location
                    .clone()
                    .filter(|l| !l.dateline && aimed_at_a_place(act))
                    .map(|p| (p, "the event's place"))
            };
            let Some((place, how)) = aimed.or_else(happened) else {
                continue;
            };
            // "Nigerian troops killed militants in Borno": a domestic act with no one named is
            // not aimed at the country itself. But an armed group's ceasefire or attack at home
            // is aimed at its country ("In Colombia, the ELN declared a ceasefire": COL).
            let armed_group = e
                .source
                .code
                .sectors
                .iter()
                .any(|s| matches!(s.as_str(), "REB" | "INS"));
            let own = e.source.code.root == place.country
                && !imposed_on_a_population(act)
                && !armed_group;
            if is_country(dict, &place.country) && !own {
                targets.push((k, place, how));
            }
        }
        for (k, place) in named {
            let e = &mut s.events[k];
            e.rule
                .push_str(&format!(" [target named by its place, {}]", place.name));
            if let Some(t) = e.target.as_mut() {
                t.text = place.name.clone();
                t.span = place.span;
            }
        }
        for (k, place, how) in targets {
            let e = &mut s.events[k];
            e.rule.push_str(&format!(
                " [target {} from {how}, {}]",
                place.country, place.name
            ));
            e.target = Some(EventActor {
                code: ActorCode::new(place.country.clone(), Vec::new()),
                text: place.name.clone(),
                span: place.span,
                country_inferred: true,
            });
        }
    }
}

/// Help sent to a force or mission "in" a country is help for that country: "Japan is
/// sending troops to the United Nations peacekeeping force in South Sudan" is JPN -> SSD, not
/// JPN -> IGOUNOMIL; "ready to contribute air support to an African Union peacekeeping force in
/// Somalia" is support for Somalia. The force is how the help arrives, not who receives it.
/// Gives the place named after the target phrase's "in" (at most two nouns after it: "the
/// mission's deployment plan in Ukraine"), when the act is cooperation, material cooperation
/// or aid (05, 06, 07; or the intention of one, `act` being the event's [`act_code`]), the
/// target is a military force and the place is a country other than the source's. Meeting a
/// force (04) is not meeting its country.
fn place_of_a_force(
    dict: &Dictionary,
    text: &str,
    s: &SentenceCoding,
    e: &Event,
    act: &str,
) -> Option<EventLocation> {
    let target = e.target.as_ref()?;
    let helps = matches!(act.get(..2), Some("03" | "05" | "06" | "07"));
    if !helps || !target.code.sectors.iter().any(|x| x == "MIL") {
        return None;
    }
    let tokens = &s.sentence.tokens;
    let after = tokens.iter().position(|t| t.start >= target.span.1)?;
    let is_noun_of_the_phrase = |t: &petrel_text::Token| {
        t.kind == petrel_text::TokenKind::Word && !t.cap && !is_preposition(&t.key)
    };
    let at = (after..tokens.len().min(after + 3)).find(|&k| !is_noun_of_the_phrase(&tokens[k]))?;
    if tokens[at].key != "in" {
        return None;
    }
    let source = [e.source.code.root.as_str()];
    place_named_at(text, s, at + 1, &source)
        .filter(|p| p.country != e.source.code.root && is_country(dict, &p.country))
}

/// A country target that the parse found describing the place the act is aimed at is named
/// by that place: in "threatened to shell Haifa, Israel's third largest city" the target is
/// ISR, and the words that name it are "Haifa", which is what was threatened. Gives the place
/// when the target is a bare country (no sector) and the aimed place, named before it, lies in
/// that country; `act` is the event's [`act_code`].
fn place_of_a_country_target(
    dict: &Dictionary,
    text: &str,
    s: &SentenceCoding,
    e: &Event,
    act: &str,
) -> Option<EventLocation> {
    let target = e.target.as_ref()?;
    if !target.code.sectors.is_empty() || !sent_to_a_place(act) {
        return None;
    }
    aimed_place(dict, text, s, e, act)
        .filter(|p| p.country == target.code.root && p.span.1 <= target.span.0)
}

/// The predicate that coded an event.
fn predicate_of<'a>(s: &'a SentenceCoding, e: &Event) -> Option<&'a Predicate> {
    let v = s
        .sentence
        .tokens
        .iter()
        .position(|t| t.start == e.verb_span.0)?;
    s.predicates.iter().find(|p| p.verb == v)
}

/// The code of the act an event is about. An intention or a refusal ("agreed to halt fighting
/// in Hodeidah", "refused to lift sanctions on Abkhazia": 03, 12) is aimed where the act it
/// promises or refuses would land, so it is judged by its pattern's own code.
///
/// A pattern written as an intention to cooperate or to give aid (031x, 033x: "ready to
/// contribute to the peacekeeping operation in Georgia" is 0334) is judged as the act it
/// promises (061-064, 071-074).
fn act_code<'a>(dict: &'a Dictionary, s: &SentenceCoding, e: &'a Event) -> &'a str {
    let intention_or_refusal = e.cameo.starts_with("03") || e.cameo.starts_with("12");
    let code = match predicate_of(s, e).and_then(|p| p.pattern) {
        Some(id) if intention_or_refusal => dict.pattern(id).code.as_str(),
        _ => e.cameo.as_str(),
    };
    promised_act(code).unwrap_or(code)
}

/// A place named in the phrases the event's act (`act`, its [`act_code`]) is aimed at by the parse.
fn aimed_place(
    dict: &Dictionary,
    text: &str,
    s: &SentenceCoding,
    e: &Event,
    act: &str,
) -> Option<EventLocation> {
    let ps = s.parse.as_ref()?;
    let p = predicate_of(s, e)?;
    let v = p.verb;
    let pattern = dict.pattern(p.pattern?);
    let source = [e.source.code.root.as_str()];
    let phrases = aimed_phrases(ps, v, p.end, pattern);
    let named_in = |words: &[usize]| {
        words
            .iter()
            .copied()
            .filter(|&q| q > v)
            .find_map(|q| place_named_at(text, s, q, &source))
    };
    // Failing a place in the phrases themselves, for what is given or done for someone, one
    // where what they name lies: "returned 11 oil paintings to the Pirmasen Municipal Museum
    // in Germany", "ready to contribute to the peacekeeping operation in Georgia's conflict
    // zones". Not for what is cut or broken off: "ended six hours of talks in Luxembourg".
    let given = matches!(act.get(..2), Some("06" | "07" | "08" | "09"));
    phrases.iter().find_map(|w| named_in(w)).or_else(|| {
        phrases
            .iter()
            .filter(|_| given)
            .filter_map(|w| w.first())
            .find_map(|&head| {
                // In the order of the text, so that a name is read from its first word
                // ("South Sudan", not "Sudan").
                let mut words = ps.phrase_words_with(head, true, false);
                words.sort_unstable();
                named_in(&words)
            })
    })
}

#[cfg(test)]
mod tests {
    use super::{aimed_at_a_place, imposed_on_a_population, sent_to_a_place};

    #[test]
    fn only_acts_that_land_on_a_place() {
        assert!(aimed_at_a_place("071"));
        assert!(aimed_at_a_place("018"));
        assert!(aimed_at_a_place("0871"));
        assert!(aimed_at_a_place("190"));
        assert!(!aimed_at_a_place("040"));
        assert!(!aimed_at_a_place("046"));
        assert!(!aimed_at_a_place("111"));
        assert!(aimed_at_a_place("154"));
        assert!(aimed_at_a_place("1623"));
        assert!(!aimed_at_a_place("166"));
        assert!(sent_to_a_place("1623"));
        assert!(sent_to_a_place("0842"));
        assert!(sent_to_a_place("090"));
        assert!(!sent_to_a_place("046"));
        // Curfews and states of emergency concern a population, imposed or eased; other
        // easing (of political restrictions, 0811) does not.
        assert!(imposed_on_a_population("1724"));
        assert!(imposed_on_a_population("0814"));
        assert!(imposed_on_a_population("191"));
        assert!(!imposed_on_a_population("0811"));
    }
}
