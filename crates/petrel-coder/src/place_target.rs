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
use crate::locations::{place_named_at, EventLocation};
use crate::predicates::aimed_phrases;
use crate::{Event, EventActor, SentenceCoding};

/// CAMEO codes whose act lands on the place it happens: aid (07), easing restrictions (081),
/// allowing international involvement (086), de-escalation (087: ceasefires, withdrawals),
/// a show of force (15: "strengthened its forces in Crimea"), cutting aid (162), curfews and
/// states of emergency (1723, 1724), and force (18, 19, 20).
pub fn aimed_at_a_place(cameo: &str) -> bool {
    cameo.starts_with("07")
        || cameo.starts_with("081")
        || cameo.starts_with("086")
        || cameo.starts_with("087")
        || cameo.starts_with("15")
        || cameo.starts_with("162")
        || imposed_on_a_population(cameo)
        || matches!(cameo.get(..2), Some("18" | "19" | "20"))
}

/// Curfews and states of emergency, imposed (1723, 1724) or eased (0813, 0814), concern the
/// people of the place, most often under their own government: "Indian authorities imposed a
/// curfew in parts of Kashmir" is INDGOV against IND, "President Salva Kiir lifted a state of
/// emergency in northern parts of South Sudan" SSDGOV toward SSD. Other acts by a country in
/// its own territory name no one.
fn imposed_on_a_population(cameo: &str) -> bool {
    matches!(cameo, "1723" | "1724" | "0813" | "0814")
}

/// CAMEO codes whose act can be sent to a place the act is aimed at: the acts of
/// [`aimed_at_a_place`], material cooperation (06), yielding (08), reducing relations (16)
/// and threats of force (138): "suspended aid deliveries to Gaza", "lifted the travel ban to
/// Lebanon", "threatened to shell Haifa".
pub fn sent_to_a_place(cameo: &str) -> bool {
    aimed_at_a_place(cameo)
        || matches!(cameo.get(..2), Some("06" | "08" | "16"))
        || cameo.starts_with("138")
}

/// Gives an event without a target the country of the place it is aimed at ("aid to Gaza"),
/// else of the place it happens, where its code is aimed at one.
/// Runs after [`crate::locations::locate_events`].
pub(crate) fn fill_place_targets(dict: &Dictionary, text: &str, sentences: &mut [SentenceCoding]) {
    for s in sentences.iter_mut() {
        let mut targets = Vec::new();
        for (k, e) in s.events.iter().enumerate() {
            if e.target.is_some() || !sent_to_a_place(&e.cameo) {
                continue;
            }
            let aimed = aimed_place(dict, text, s, e).map(|p| (p, "the place the act is aimed at"));
            let happened = || {
                e.location
                    .clone()
                    .filter(|l| !l.dateline && aimed_at_a_place(&e.cameo))
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
                && !imposed_on_a_population(&e.cameo)
                && !armed_group;
            if is_country(dict, &place.country) && !own {
                targets.push((k, place, how));
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

/// A place named in the phrases the event's act is aimed at by the parse.
fn aimed_place(
    dict: &Dictionary,
    text: &str,
    s: &SentenceCoding,
    e: &Event,
) -> Option<EventLocation> {
    let ps = s.parse.as_ref()?;
    let v = s
        .sentence
        .tokens
        .iter()
        .position(|t| t.start == e.verb_span.0)?;
    let p = s.predicates.iter().find(|p| p.verb == v)?;
    let pattern = dict.pattern(p.pattern?);
    let source = [e.source.code.root.as_str()];
    aimed_phrases(ps, v, p.end, pattern)
        .into_iter()
        .flatten()
        .filter(|&q| q > v)
        .find_map(|q| place_named_at(text, s, q, &source))
}

#[cfg(test)]
mod tests {
    use super::{aimed_at_a_place, imposed_on_a_population, sent_to_a_place};

    #[test]
    fn only_acts_that_land_on_a_place() {
        assert!(aimed_at_a_place("071"));
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
        assert!(!sent_to_a_place("046"));
        // Curfews and states of emergency concern a population, imposed or eased; other
        // easing (of political restrictions, 0811) does not.
        assert!(imposed_on_a_population("1724"));
        assert!(imposed_on_a_population("0814"));
        assert!(!imposed_on_a_population("0811"));
    }
}
