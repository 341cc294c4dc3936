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
use crate::{EventActor, SentenceCoding};

/// CAMEO codes whose act lands on the place it happens: aid (07), easing restrictions (081),
/// allowing international involvement (086), de-escalation (087: ceasefires, withdrawals),
/// curfews and states of emergency (1723, 1724), and force (18, 19, 20).
pub fn aimed_at_a_place(cameo: &str) -> bool {
    cameo.starts_with("07")
        || cameo.starts_with("081")
        || cameo.starts_with("086")
        || cameo.starts_with("087")
        || matches!(cameo, "1723" | "1724")
        || matches!(cameo.get(..2), Some("18" | "19" | "20"))
}

/// Gives an event without a target the country of its place, where its code is aimed at one.
/// Runs after [`crate::locations::locate_events`].
pub(crate) fn fill_place_targets(dict: &Dictionary, sentences: &mut [SentenceCoding]) {
    for e in sentences.iter_mut().flat_map(|s| s.events.iter_mut()) {
        if e.target.is_some() || !aimed_at_a_place(&e.cameo) {
            continue;
        }
        let Some(place) = e.location.as_ref().filter(|l| !l.dateline) else {
            continue;
        };
        // "Nigerian troops killed militants in Borno": a domestic act with no one named is
        // not aimed at the country itself.
        if !is_country(dict, &place.country) || e.source.code.root == place.country {
            continue;
        }
        e.rule.push_str(&format!(
            " [target {} from the event's place, {}]",
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

#[cfg(test)]
mod tests {
    use super::aimed_at_a_place;

    #[test]
    fn only_acts_that_land_on_a_place() {
        assert!(aimed_at_a_place("071"));
        assert!(aimed_at_a_place("0871"));
        assert!(aimed_at_a_place("190"));
        assert!(!aimed_at_a_place("040"));
        assert!(!aimed_at_a_place("046"));
        assert!(!aimed_at_a_place("111"));
    }
}
