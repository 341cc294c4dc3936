//! The document's home country, for actors the text leaves without one.
//!
//! News names a country once and then speaks of "police", "officials", "the government" or
//! "protesters". Such an actor (sectors but no country) takes, in this order:
//! 1. for actors that act where they live (police, civilians, protesters, courts, rebels, media:
//!    [`LOCAL_SECTORS`]), the country of the place the sentence gives the event ("gunmen
//!    killed villagers in northern Nigeria", "police detained protesters in Istanbul"; see
//!    [`locations`]). Not for troops, officials or diplomats: they travel ("the general met
//!    British commanders in Qatar");
//! 2. the dateline's country ("KABUL, March 3 -"), else the country of the headline's place
//!    ("Gunman opens fire in El Paso, Texas superstore");
//! 3. the document's home country: one its actors name at least twice and at least twice as
//!    often as any other (headline mentions count double; places do not count, since talks
//!    held in Moscow say nothing of who "the diplomats" are). A digest of unrelated stories has
//!    none, and step 1 keeps its stories apart.
//!
//! No clear country, no guess: the actor keeps the unknown root. An inferred country is
//! never silent: the event actor is marked `country_inferred` and the event's rule says where
//! the country came from. Not done for imported (PETRARCH/TABARI) dictionaries, whose suites
//! expect their own reading.

use petrel_dict::{Dictionary, RootKind};
use petrel_text::BlockKind;

use crate::actors::UNKNOWN_ROOT;
use crate::{locations, EventActor, SentenceCoding};

/// Sectors whose actors act where they live, so that the event's place tells their country.
pub const LOCAL_SECTORS: &[&str] = &[
    "COP", "CVL", "OPP", "REB", "INS", "SEP", "UAF", "JUD", "LEG", "EDU", "MED", "BUS", "LAB",
    "HLH", "REL", "CRM", "AGR", "ENV", "PTY", "ELI", "RAD", "MOD",
];

fn is_local(a: &EventActor) -> bool {
    a.code
        .sectors
        .iter()
        .all(|s| LOCAL_SECTORS.contains(&s.as_str()))
}

/// Where a document's home country comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Home {
    pub country: String,
    /// For the rule: "the dateline, KABUL", "the document, which names it 4 times, ...".
    pub why: String,
}

/// Fills in the country of every event actor that has sectors but no country. Runs after
/// [`locations::locate_events`]: the event's own place comes first.
pub(crate) fn fill_home_country(dict: &Dictionary, text: &str, sentences: &mut [SentenceCoding]) {
    let wants = |a: &EventActor| a.code.root == UNKNOWN_ROOT && !a.code.sectors.is_empty();
    let needed = sentences
        .iter()
        .flat_map(|s| &s.events)
        .any(|e| wants(&e.source) || e.target.as_ref().is_some_and(wants));
    if !needed {
        return;
    }
    let home = home_country(dict, text, sentences);
    for e in sentences.iter_mut().flat_map(|s| s.events.iter_mut()) {
        let placed = e
            .location
            .as_ref()
            .filter(|l| !l.dateline && is_country(dict, &l.country))
            .map(|l| Home {
                country: l.country.clone(),
                why: format!("the event's place, {}", l.name),
            });
        let from = |a: &EventActor| {
            if is_local(a) {
                placed.as_ref().or(home.as_ref())
            } else {
                home.as_ref()
            }
        };
        let mut notes = Vec::new();
        if wants(&e.source) {
            if let Some(h) = from(&e.source) {
                infer(&mut e.source, &h.country);
                notes.push(format!("source country {} from {}", h.country, h.why));
            }
        }
        if let Some(t) = e.target.as_mut().filter(|t| wants(t)) {
            if let Some(h) = from(t) {
                infer(t, &h.country);
                notes.push(format!("target country {} from {}", h.country, h.why));
            }
        }
        for n in notes {
            e.rule.push_str(&format!(" [{n}]"));
        }
    }
}

/// Whether a root code is a country (not an IGO, region or the unknown root).
pub(crate) fn is_country(dict: &Dictionary, root: &str) -> bool {
    dict.root_id(root)
        .is_some_and(|id| dict.root(id).kind == RootKind::Country)
}

fn infer(a: &mut EventActor, country: &str) {
    a.code.root = country.to_string();
    a.country_inferred = true;
}

/// The document's clear home country, if it has one (see the module docs).
pub fn home_country(dict: &Dictionary, text: &str, sentences: &[SentenceCoding]) -> Option<Home> {
    let is_country = |root: &str| is_country(dict, root);
    if let Some(d) = locations::dateline(text, sentences) {
        if is_country(&d.country) {
            return Some(Home {
                country: d.country,
                why: format!("the dateline, {}", d.name),
            });
        }
    }
    if let Some(h) = locations::headline_place(dict, text, sentences) {
        if is_country(&h.country) {
            return Some(Home {
                why: format!("the headline's place, {}", h.name),
                country: h.country,
            });
        }
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for s in sentences {
        let weight = if s.sentence.block == BlockKind::Headline {
            2
        } else {
            1
        };
        for a in &s.actors {
            // A pronoun repeats its antecedent's country: not a new mention. A place is where
            // something happened, not who did it.
            if a.antecedent.is_some() || a.is_place {
                continue;
            }
            let mut roots: Vec<&str> = a.codes.iter().map(|c| c.root.as_str()).collect();
            roots.sort_unstable();
            roots.dedup();
            for r in roots.into_iter().filter(|r| is_country(r)) {
                match counts.iter_mut().find(|(c, _)| *c == r) {
                    Some((_, n)) => *n += weight,
                    None => counts.push((r, weight)),
                }
            }
        }
    }
    // Most named first; ties in order of first mention.
    counts.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    let (top, n) = *counts.first()?;
    let second = counts.get(1).map_or(0, |c| c.1);
    (n >= 2 && n >= 2 * second).then(|| Home {
        country: top.to_string(),
        why: format!("the document, which names it {n} times, twice as often as any other"),
    })
}
