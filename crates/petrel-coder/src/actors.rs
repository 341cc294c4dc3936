//! Actor phrases: dictionary matches assembled into the noun phrases that act.
//!
//! "Russian Defense Minister Sergei Shoigu" is one phrase: an adjective (RUS), an agent (MIL) and
//! a person whose dated role (RUSMIL on the sentence's date) decides the code. "Russian and US
//! generals" is one phrase with two codes (RUSMIL, USAMIL): coordinated adjectives share a head.
//! "U.S. Ambassador to Russia Jon Huntsman" keeps USA: a country after "to" only modifies.
//! Phrases joined by "and" or commas form a group, the unit of compound subjects and objects.

use chrono::NaiveDate;
use petrel_dict::{Dictionary, Reading};
use petrel_ontology::ActorCode;
use petrel_text::{Token, TokenKind};

use crate::lexicon::{
    is_determiner, is_institution, is_locative, is_modifier_filler, is_person_pronoun,
    is_place_filler, is_preposition,
};

/// The root of an actor whose sectors are known but whose country is not.
pub const UNKNOWN_ROOT: &str = "---";

/// An actor phrase in a sentence.
#[derive(Debug, Clone)]
pub struct ActorPhrase {
    /// Token range [start, end).
    pub start: usize,
    pub end: usize,
    /// One code, or several for coordinated adjectives; empty when unresolved.
    pub codes: Vec<ActorCode>,
    /// A single person or singular agent: what "he" and "she" can refer to.
    pub person_like: bool,
    /// Sectors of the head agent, for "the ambassador" coreference.
    pub agent_sectors: Vec<String>,
    /// A bare country or capital after a preposition: a place, not an actor.
    pub is_place: bool,
    /// Persons named in the phrase (for surname coreference later in the document).
    pub persons: Vec<u32>,
    /// The country a diplomat is accredited to ("ambassador to Russia").
    pub accredited_to: Option<ActorCode>,
    /// How the code was found, for `explain` and the event's rule.
    pub how: String,
    /// Index of the group (compound) this phrase belongs to.
    pub group: usize,
    /// For a pronoun whose antecedent is in the same sentence: the antecedent's token range,
    /// which events name instead of "it" or "they".
    pub antecedent: Option<(usize, usize)>,
}

impl ActorPhrase {
    pub fn resolved(&self) -> bool {
        !self.codes.is_empty()
    }
}

/// What earlier sentences of the document tell later ones.
#[derive(Debug, Default, Clone)]
pub struct DocContext {
    /// Surname key -> person, from full names seen earlier ("Jon Huntsman" ... "Huntsman").
    pub surnames: Vec<(String, u32)>,
    /// The last person-like actor: antecedent for "he"/"she" at the start of a sentence.
    pub last_person: Option<(ActorCode, String)>,
    /// Recent agents with their codes: "the ambassador" -> the last ambassador named.
    pub recent_agents: Vec<(Vec<String>, ActorCode)>,
    /// Keys of acronyms the document spells out as something the dictionaries do not mean
    /// by them ([`redefined_acronyms`]).
    pub redefined: Vec<String>,
}

/// Acronyms a document defines for a name of its own: "the Electronic Frontier Foundation
/// (EFF)" makes every "EFF" of that document the foundation, not South Africa's Economic
/// Freedom Fighters. An acronym counts as redefined when the capitalised words just before its
/// parentheses spell it by their initials ("of", "for", "and", "the" may sit between them) and
/// the dictionaries do not read those words as the acronym's own entry.
pub fn redefined_acronyms<'t>(
    dict: &Dictionary,
    sentences: impl Iterator<Item = &'t [Token]>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tokens in sentences {
        // The dictionary's word ids, looked up once a sentence holds a candidate.
        let mut ids: Option<Vec<u32>> = None;
        for p in 1..tokens.len().saturating_sub(2) {
            let (open, acronym, close) = (&tokens[p], &tokens[p + 1], &tokens[p + 2]);
            let letters = acronym.key.len();
            if open.key != "(" || close.key != ")" || !acronym.upper || !(2..=6).contains(&letters)
            {
                continue;
            }
            // The name's words, back from the parenthesis: capitalised, or short joiners.
            let mut start = p;
            let mut initials = String::new();
            while start > 0 && p - start < 10 {
                let t = &tokens[start - 1];
                if t.kind == TokenKind::Word && t.cap {
                    initials.insert(0, t.key.chars().next().unwrap_or(' '));
                } else if !matches!(t.key.as_str(), "of" | "for" | "and" | "the") {
                    break;
                }
                start -= 1;
                if initials.len() == letters {
                    break;
                }
            }
            if initials != acronym.key || out.contains(&acronym.key) {
                continue;
            }
            let ids = ids.get_or_insert_with(|| dict.phrases.word_ids(tokens));
            let Some(own) = dict.phrases.longest_at(ids, tokens, p + 1) else {
                continue; // not an acronym the dictionaries know
            };
            let same = dict
                .phrases
                .longest_at(ids, tokens, start)
                .is_some_and(|m| m.end == p && m.readings.iter().any(|r| own.readings.contains(r)));
            if !same {
                out.push(acronym.key.clone());
            }
        }
    }
    out
}

/// A dictionary match over tokens.
struct Piece<'a> {
    start: usize,
    end: usize,
    readings: Vec<&'a Reading>,
}

fn has<F: Fn(&Reading) -> bool>(p: &Piece<'_>, f: F) -> bool {
    p.readings.iter().any(|r| f(r))
}

fn is_head(p: &Piece<'_>) -> bool {
    has(p, |r| {
        matches!(
            r,
            Reading::Agent { .. }
                | Reading::Org { .. }
                | Reading::Person { .. }
                | Reading::Seat { .. }
        )
    })
}

fn is_countryish(p: &Piece<'_>) -> bool {
    has(p, |r| {
        matches!(
            r,
            Reading::Name { .. }
                | Reading::Adjective { .. }
                | Reading::Demonym { .. }
                | Reading::Capital { .. }
        )
    })
}

fn is_adjective_only(p: &Piece<'_>) -> bool {
    has(p, |r| matches!(r, Reading::Adjective { .. })) && !is_head(p)
}

/// Finds the dictionary pieces of a sentence, greedy longest-first from the left.
fn pieces<'d>(
    dict: &'d Dictionary,
    tokens: &[Token],
    ctx: &DocContext,
    headline: bool,
) -> Vec<Piece<'d>> {
    let ids = dict.phrases.word_ids(tokens);
    let imported = crate::imported_conventions(dict);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // An acronym the document spells out as something else is not the dictionaries' entry.
        let redefined = tokens[i].upper && ctx.redefined.contains(&tokens[i].key);
        if let Some(m) = dict
            .phrases
            .longest_at(&ids, tokens, i)
            .filter(|m| !(redefined && m.end == i + 1))
        {
            // A lower-case common word that happens to be a name ("chad", "jordan") must be capitalised
            // unless it is an agent term.
            // PETRARCH and TABARI match actors in any case ("ithilen's government").
            let lower_name = !tokens[i].cap
                && !headline
                && !imported
                && m.end - m.start == 1
                && m.readings
                    .iter()
                    .all(|r| !matches!(r, Reading::Agent { .. }));
            if !lower_name && !ends_a_personal_name(tokens, i, m.end, &out, &m.readings, headline) {
                out.push(Piece {
                    start: m.start,
                    end: m.end,
                    readings: m.readings,
                });
                i = m.end;
                continue;
            }
        }
        // A surname whose full name appeared earlier in the document.
        let t = &tokens[i];
        if t.cap {
            if let Some(&(_, person)) = ctx.surnames.iter().rev().find(|(s, _)| *s == t.key) {
                out.push(Piece {
                    start: i,
                    end: i + 1,
                    readings: vec![dict.phrases_person(person)],
                });
            }
        }
        i += 1;
    }
    out
}

/// Whether a place's name at token `i` is the end of someone's name: "the actor Denzel
/// Washington", "the novelist Jack London". The word before it is capitalised in the middle of
/// a sentence, belongs to no actor and is no direction ("Northern California" is the region).
/// Headlines capitalise every word and are left alone, as is a sentence's first word
/// ("Visiting Washington, ...").
fn ends_a_personal_name(
    tokens: &[Token],
    i: usize,
    end: usize,
    before: &[Piece<'_>],
    readings: &[&Reading],
    headline: bool,
) -> bool {
    if headline || i < 2 || before.last().is_some_and(|p| p.end == i) {
        return false;
    }
    let t = &tokens[i - 1];
    let place = readings
        .iter()
        .all(|r| matches!(r, Reading::Name { .. } | Reading::Capital { .. }));
    // "Texaco Canada Inc" is a Canadian company: the suffix, a business agent, gives it.
    let company = tokens.get(end).is_some_and(|n| is_corporate_suffix(&n.key));
    place
        && !company
        && opens_a_longer_name(t)
        && !t.upper
        && t.space_before
        && tokens[i].space_before
}

/// Whether a word before a place's name makes the place the tail of a longer name: a
/// capitalised word that is no direction ("Compostela Valley", "Denzel Washington"; but
/// "Northern Syria" is Syria). Actors and event places both ask.
pub(crate) fn opens_a_longer_name(t: &Token) -> bool {
    t.kind == TokenKind::Word && t.cap && !is_direction(&t.key)
}

/// The abbreviations that end a company's name (business agents in `dictionaries/agents.txt`).
fn is_corporate_suffix(k: &str) -> bool {
    matches!(
        k,
        "inc" | "corp" | "co" | "cos" | "ltd" | "plc" | "llc" | "gmbh" | "bhd" | "pty"
    )
}

/// The country (or IGO) roots of the actors of group `g`.
pub(crate) fn group_roots(actors: &[ActorPhrase], g: usize) -> Vec<&str> {
    actors
        .iter()
        .filter(|a| a.group == g)
        .flat_map(|a| a.codes.iter().map(|c| c.root.as_str()))
        .collect()
}

/// Extension so surname pieces can borrow a person reading from the dictionary.
trait PersonReading {
    fn phrases_person(&self, person: u32) -> &Reading;
}

impl PersonReading for Dictionary {
    fn phrases_person(&self, person: u32) -> &Reading {
        // Every person's canonical name was inserted as a phrase; find that reading.
        let keys = petrel_dict::parse::phrase_keys(&self.people[person as usize].name);
        self.phrases
            .lookup(&keys)
            .into_iter()
            .find(|r| matches!(r, Reading::Person { person: p } if *p == person))
            .expect("a person's canonical name is always indexed")
    }
}

/// The phrase under construction.
#[derive(Default)]
struct Draft {
    start: usize,
    end: usize,
    roots: Vec<u32>,
    capital_only: bool,
    name_seen: bool,
    of_root: Option<u32>,
    agents: Vec<(Vec<String>, bool)>,
    org: Option<ActorCode>,
    seat: Option<(u32, Vec<String>)>,
    persons: Vec<u32>,
    accredited_to: Option<u32>,
    how: Vec<String>,
}

/// Finds the actor phrases of a sentence.
pub fn find_actors(
    dict: &Dictionary,
    tokens: &[Token],
    text: &str,
    date: Option<NaiveDate>,
    ctx: &DocContext,
    headline: bool,
) -> Vec<ActorPhrase> {
    let ps = pieces(dict, tokens, ctx, headline);
    let imported = crate::imported_conventions(dict);
    let mut phrases: Vec<ActorPhrase> = Vec::new();
    let mut k = 0;
    let key = |i: usize| tokens.get(i).map_or("", |t| t.key.as_str());
    let piece_at = |i: usize, from: usize| {
        ps[from..]
            .iter()
            .position(|p| p.start == i)
            .map(|x| x + from)
    };
    while k < ps.len() {
        let mut d = Draft {
            start: ps[k].start,
            end: ps[k].end,
            capital_only: true,
            ..Draft::default()
        };
        // Absorb determiners before the phrase ("the", "other") and the prefix "ex-", which is
        // "former" ("the ex-prime minister").
        loop {
            if d.start > 0 && is_determiner(key(d.start - 1)) {
                d.start -= 1;
            } else if d.start > 1 && is_ex_prefix(tokens, d.start - 2) {
                d.start -= 2;
            } else {
                break;
            }
        }
        let mut last = k;
        let mut modifier_next = false; // the next piece follows "to": it only modifies
        let mut of_next = false; // the next piece follows "of"/"in"/"from": it may give the country
        let mut had_of = false; // a piece after "of" was taken
        loop {
            let p = &ps[last];
            absorb(dict, p, &mut d, modifier_next, of_next, tokens, text);
            modifier_next = false;
            of_next = false;
            d.end = p.end;
            // What follows decides whether the phrase goes on.
            let j = p.end;
            let adjective_run =
                d.agents.is_empty() && d.org.is_none() && d.persons.is_empty() && d.seat.is_none();
            let next = |i: usize| piece_at(i, last + 1);
            if let Some(n) = next(j) {
                // Adjacent piece: "Russian" + "Defense Minister" + "Sergei Shoigu".
                // "Bree Prime Minister Romendacil": a name of the title's own country after
                // it is the person holding the title (imported actor files code people so).
                let same_country = imported
                    && !d.agents.is_empty()
                    && d.persons.is_empty()
                    && has(
                        &ps[n],
                        |r| matches!(r, Reading::Name { root } if d.roots.contains(root)),
                    );
                // "MSF Arnor": an imported prefix agent takes the country after it.
                let prefix_run = d.org.is_none()
                    && d.persons.is_empty()
                    && !d.agents.is_empty()
                    && d.agents.iter().all(|(s, _)| is_prefix_agent(s));
                if adjective_run
                    || is_head(&ps[n])
                    || !is_countryish(&ps[n])
                    || same_country
                    || prefix_run
                {
                    last = n;
                    continue;
                }
                // "Russia China" is two actors; a country after a head is a new phrase.
                break;
            }
            if key(j) == "'s" || key(j) == "'" {
                if let Some(n) = next(j + 1) {
                    if is_head(&ps[n]) {
                        last = n;
                        continue;
                    }
                }
                // A word or two that only describe the head: in petrel's own dictionaries a
                // short list ("Yemen's warring parties", "Libya's two rival governments"); for
                // PETRARCH (the noun phrase of its parse) any modifier ("Dagolath's first
                // Deputy Prime Minister Telemar"); for TABARI none.
                let describes = |k: usize| {
                    if imported {
                        !dict.tabari
                            && tokens[k].kind == petrel_text::TokenKind::Word
                            && is_modifier_filler(key(k))
                            && dict.patterns_for(key(k)).is_empty()
                    } else {
                        crate::lexicon::is_describing_word(key(k))
                    }
                };
                let mut q = j + 1;
                while q < tokens.len() && q < j + 3 && next(q).is_none() && describes(q) {
                    q += 1;
                }
                if let Some(n) = next(q).filter(|_| q > j + 1) {
                    if is_head(&ps[n]) {
                        last = n;
                        continue;
                    }
                }
                break;
            }
            // Coordinated adjectives: "Russian and US generals", "Russian, Chinese and Iranian
            // troops", "Japanese and the Australian armies".
            if adjective_run && is_adjective_only(p) && matches!(key(j), "and" | ",") {
                let mut q = j + 1;
                if key(q) == "and" {
                    q += 1;
                }
                // After "the", only where the adjective's own noun follows: "NATO and the
                // United Nations" are two names.
                let the = key(q) == "the";
                if the {
                    q += 1;
                }
                if let Some(n) = next(q) {
                    let noun_follows = || next(ps[n].end).is_some_and(|h| is_head(&ps[h]));
                    if is_adjective_only(&ps[n]) && (!the || noun_follows()) {
                        last = n;
                        continue;
                    }
                }
            }
            let has_head = !d.agents.is_empty() || d.persons.is_empty() && d.org.is_some();
            // "ambassador to Russia": a modifier. Only for diplomats (imported dictionaries
            // keep their reading): "a platoon to Kuwait" is where the platoon goes.
            if !d.agents.is_empty()
                && key(j) == "to"
                && (imported || j > 0 && crate::lexicon::is_diplomat_noun(key(j - 1)))
            {
                if let Some(n) = next(j + 1).or_else(|| {
                    if key(j + 1) == "the" {
                        next(j + 2)
                    } else {
                        None
                    }
                }) {
                    if is_countryish(&ps[n]) && !is_head(&ps[n]) {
                        modifier_next = true;
                        last = n;
                        continue;
                    }
                }
            }
            // Where a place's name starts after a preposition's position: past "the" and a
            // direction ("in eastern Ukraine", "of the member states").
            let place_start = |at: usize| {
                let q = if key(at) == "the" { at + 1 } else { at };
                if is_direction(key(q)) {
                    q + 1
                } else {
                    q
                }
            };
            // "a military base in Saudi Arabia", "a police station in Kirkuk": the agent of a site
            // in a country is that country's (SAUMIL), as "police in Kirkuk" are, unless someone
            // owns it ("its military base in Syria"). The site and the place stay out of the
            // phrase, so that patterns still read "attack * base".
            if !imported
                && !d.agents.is_empty()
                && d.roots.is_empty()
                && d.org.is_none()
                && d.persons.is_empty()
                && d.seat.is_none()
                && crate::lexicon::is_site_noun(key(j))
                && key(j + 1) == "in"
                && !crate::lexicon::owned_at(tokens, d.start)
            {
                if let Some(n) = next(place_start(j + 2)).filter(|&n| is_countryish(&ps[n])) {
                    let end = d.end;
                    absorb(dict, &ps[n], &mut d, false, true, tokens, text);
                    d.end = end;
                }
                break;
            }
            // "President of Russia", "protesters in Kosovo", "lawmakers from Ukraine".
            // Imported: after "of Gondor", "in Eriador" says where ("the parliament of Gondor
            // in Eriador" is Gondor's).
            // "A spokesman for the Taliban" speaks for it as "a spokesman of" does.
            let of = key(j) == "of"
                || key(j) == "for" && j > 0 && crate::lexicon::is_spokesperson_noun(key(j - 1));
            let located = imported && had_of && !of;
            // "withdrew its troops from Syria": troops someone owns are not the place's, they
            // are only there or coming from there.
            // Nor are those withdrawn from a place: "withdrew peacekeepers from Rwanda".
            let place_only = crate::lexicon::owned_at(tokens, d.start)
                && matches!(key(j), "in" | "from")
                || key(j) == "from" && crate::lexicon::moved_out_at(tokens, d.start);
            if has_head
                && d.roots.is_empty()
                && !located
                && !place_only
                && (of || matches!(key(j), "in" | "from"))
            {
                // "separatists in eastern Ukraine"
                let mut q = place_start(j + 1);
                // "diplomats of the member states of ASEAN" are ASEAN's.
                if of && key(q) == "member" {
                    let r = if key(q + 1) == "-" { q + 2 } else { q + 1 };
                    if matches!(key(r), "states" | "countries" | "nations") && key(r + 1) == "of" {
                        q = place_start(r + 2);
                    }
                }
                // A body's own name before its common noun: "president of Howard University",
                // "general secretary of the RMT union" head the university and the union. Only
                // after "of", and only a non-state body (a name before a government noun is
                // more often a place).
                if next(q).is_none() && of {
                    let name = |i: usize| {
                        tokens.get(i).is_some_and(|t| {
                            t.cap && t.kind == petrel_text::TokenKind::Word && next(i).is_none()
                        })
                    };
                    let body = |i: usize| {
                        next(i).is_some_and(|n| {
                            has(&ps[n], |r| {
                                matches!(r, Reading::Agent { sectors, .. }
                                    if sectors.iter().all(|s| matches!(s.as_str(),
                                        "EDU" | "LAB" | "BUS" | "MED" | "NGO" | "HLH" | "REL")))
                            })
                        })
                    };
                    if let Some(at) = (q + 1..q + 3).find(|&i| (q..i).all(name) && body(i)) {
                        q = at;
                    }
                }
                if let Some(n) = next(q) {
                    if is_countryish(&ps[n])
                        || has(&ps[n], |r| {
                            matches!(r, Reading::Org { .. } | Reading::Agent { .. })
                        })
                    {
                        of_next = true;
                        had_of |= of;
                        last = n;
                        continue;
                    }
                }
            }
            // A portfolio of two words between a country or body and a title: "AU trade and
            // industry commissioner", "Kenyan foreign and defence ministers".
            if d.agents.is_empty()
                && d.persons.is_empty()
                && (d.org.is_some() || !d.roots.is_empty())
                && key(j + 1) == "and"
            {
                let plain = |q: usize| {
                    next(q).is_none()
                        && tokens.get(q).is_some_and(|t| {
                            t.kind == petrel_text::TokenKind::Word
                                && !t.cap
                                && is_modifier_filler(&t.key)
                        })
                };
                let title = |r: &Reading| {
                    matches!(r, Reading::Agent { sectors, .. }
                        if sectors.iter().any(|s| s == "GOV" || s == "MIL"))
                };
                // The title may begin with the second word: "foreign and [defence ministers]".
                let head = if plain(j + 2) {
                    next(j + 3)
                } else {
                    next(j + 2)
                };
                if let Some(n) = head.filter(|&n| plain(j) && has(&ps[n], title)) {
                    last = n;
                    continue;
                }
            }
            // Fillers between an adjective and its head: "Russian special forces", "Iraqi government troops".
            if adjective_run {
                let mut q = j;
                while q < tokens.len()
                    && q < j + 2
                    && next(q).is_none()
                    && tokens[q].kind == petrel_text::TokenKind::Word
                    && is_modifier_filler(key(q))
                    && !(imported && key(q) == "nor")
                    && dict.patterns_for(key(q)).is_empty()
                {
                    q += 1;
                }
                if q > j {
                    if let Some(n) = next(q) {
                        if is_head(&ps[n]) {
                            last = n;
                            continue;
                        }
                    }
                }
            }
            // Names after a title: "Col. Ryan Dillon", "Director Mikhail Ulyanov".
            if !d.agents.is_empty() && d.persons.is_empty() && !headline {
                let mut q = j;
                // Name particles and hyphens belong to the name: "Fayez al-Sarraj", "Abu Bakr".
                let name_part = |q: usize| {
                    let t = &tokens[q];
                    (t.cap
                        && t.kind == petrel_text::TokenKind::Word
                        && dict.patterns_for(key(q)).is_empty()
                        && !is_preposition(key(q)))
                        || (matches!(
                            key(q),
                            "al" | "el"
                                | "bin"
                                | "ibn"
                                | "de"
                                | "da"
                                | "van"
                                | "von"
                                | "abu"
                                | "ben"
                        ) && q + 1 < tokens.len()
                            && (tokens[q + 1].cap || key(q + 1) == "-"))
                        || (key(q) == "-"
                            && !t.space_before
                            && q + 1 < tokens.len()
                            && tokens[q + 1].cap)
                };
                while q < tokens.len() && q < j + 5 && next(q).is_none() && name_part(q) {
                    q += 1;
                }
                if q > j {
                    if let Some(n) = next(q) {
                        if has(&ps[n], |r| matches!(r, Reading::Person { .. })) {
                            last = n;
                            continue;
                        }
                    }
                    d.end = q;
                }
            }
            break;
        }
        k = last + 1;
        if let Some(phrase) = resolve(dict, d, tokens, date, ctx) {
            phrases.push(phrase);
        }
    }
    // Pronouns: "he" and "she" take the nearest person-like actor before them (or the last one
    // of the previous sentences); "it" and "they" the nearest other actor in the sentence.
    for (i, t) in tokens.iter().enumerate() {
        let person = is_person_pronoun(&t.key);
        let thing = matches!(t.key.as_str(), "it" | "they");
        let tabari = imported && dict.tabari;
        let object = tabari && matches!(t.key.as_str(), "him" | "them");
        if !(person || thing || object) || phrases.iter().any(|p| p.start <= i && i < p.end) {
            continue;
        }
        let antecedent = if tabari {
            // TABARI: a pronoun stands for the sentence's first actor, a compound included
            // ("Elrond and Gondor urged Bree ... then they requested").
            crate::imported::first_actor(&phrases, tokens, i)
                .map(|(c, h)| (c, h, None))
                .or_else(|| {
                    person
                        .then(|| ctx.last_person.clone().map(|(c, h)| (vec![c], h, None)))
                        .flatten()
                })
        } else if person {
            phrases
                .iter()
                .rev()
                .find(|p| p.end <= i && p.person_like && p.codes.len() == 1)
                .map(|p| {
                    let at = Some((p.start, p.end));
                    (vec![p.codes[0].clone()], p.how.clone(), at)
                })
                .or_else(|| ctx.last_person.clone().map(|(c, h)| (vec![c], h, None)))
        } else {
            phrases
                .iter()
                .rev()
                .find(|p| {
                    // "the Nigerian Air Force says it has killed": a singular institution is
                    // "it", though a singular agent otherwise reads as a person.
                    let institution = is_institution(&tokens[p.end - 1].key);
                    // "Syrian opposition members said they ...": the members are "they".
                    let members = t.key == "they"
                        && tokens
                            .get(p.end)
                            .is_some_and(|n| is_plural_member_noun(&n.key));
                    p.end <= i
                        && (!p.person_like || institution || members)
                        && p.codes.len() == 1
                        && !p.is_place
                })
                .map(|p| {
                    let at = Some((p.start, p.end));
                    (vec![p.codes[0].clone()], p.how.clone(), at)
                })
        };
        if let Some((codes, how, antecedent)) = antecedent {
            let pos = phrases
                .iter()
                .position(|p| p.start > i)
                .unwrap_or(phrases.len());
            phrases.insert(
                pos,
                ActorPhrase {
                    start: i,
                    end: i + 1,
                    codes,
                    person_like: person,
                    agent_sectors: Vec::new(),
                    is_place: false,
                    persons: Vec::new(),
                    accredited_to: None,
                    how: format!("pronoun -> {how}"),
                    group: 0,
                    antecedent,
                },
            );
        }
    }
    if !imported {
        take_in_named_appositions(&mut phrases, tokens);
    }
    assign_groups(&mut phrases, tokens, dict);
    if imported {
        share_agent_over_list(&mut phrases, tokens);
    }
    phrases
}

/// Plural nouns for the people of a group, after the group's name: "opposition members",
/// "Hamas leaders", "party officials".
fn is_plural_member_noun(k: &str) -> bool {
    matches!(
        k,
        "members"
            | "leaders"
            | "officials"
            | "supporters"
            | "fighters"
            | "activists"
            | "representatives"
            | "delegates"
            | "figures"
            | "militants"
    )
}

/// Adds one piece's readings to the draft.
fn absorb(
    dict: &Dictionary,
    p: &Piece<'_>,
    d: &mut Draft,
    modifier: bool,
    of: bool,
    tokens: &[Token],
    text: &str,
) {
    let words = || text[tokens[p.start].start..tokens[p.end - 1].end].to_string();
    // Prefer the reading the context calls for: after a nationality, an agent reading wins
    // ("Russia's Security Council" is Russian); otherwise the most specific one.
    let after_country = !d.roots.is_empty() || d.of_root.is_some();
    let pick = |r: &&&Reading| -> u8 {
        match ***r {
            Reading::Person { .. } => 0,
            Reading::Agent { .. } if after_country => 1,
            Reading::Org { .. } => 2,
            Reading::Seat { .. } => 3,
            Reading::Name { .. } => 4,
            Reading::Capital { .. } => 5,
            Reading::Demonym { .. } => 6,
            Reading::Adjective { .. } => 7,
            Reading::Agent { .. } => 8,
        }
    };
    // Adjective and name readings of one phrase ("US") both give the root; keep the best other.
    let Some(best) = p.readings.iter().min_by_key(pick) else {
        return;
    };
    match best {
        Reading::Name { root }
        | Reading::Adjective { root }
        | Reading::Demonym { root }
        | Reading::Capital { root } => {
            let label = &dict.root(*root).code;
            if modifier {
                d.accredited_to.get_or_insert(*root);
                d.how.push(format!("'{}' modifies", words()));
            } else if of {
                d.of_root = Some(*root);
                d.how.push(format!("of {label} ('{}')", words()));
            } else {
                d.roots.push(*root);
                if !matches!(best, Reading::Capital { .. }) {
                    d.capital_only = false;
                }
                if matches!(
                    best,
                    Reading::Name { .. } | Reading::Capital { .. } | Reading::Demonym { .. }
                ) {
                    d.name_seen = true;
                }
                d.how.push(format!("{label} ('{}')", words()));
            }
        }
        Reading::Seat { root, sectors } => {
            d.seat = Some((*root, sectors.clone()));
            d.capital_only = false;
            d.how.push(format!(
                "seat {}{} ('{}')",
                dict.root(*root).code,
                sectors.concat(),
                words()
            ));
        }
        Reading::Org { code } => {
            if of && d.org.is_none() {
                // "head of Roscosmos": the organisation's country and sectors.
                d.of_root = dict.root_id(&code.root);
            }
            d.org.get_or_insert_with(|| code.clone());
            d.capital_only = false;
            d.how.push(format!("org {code} ('{}')", words()));
        }
        Reading::Person { person } => {
            d.persons.push(*person);
            d.capital_only = false;
            d.how
                .push(format!("person '{}'", dict.people[*person as usize].name));
        }
        Reading::Agent { sectors, plural } => {
            // "the president of the University of Tehran" heads a university (EDU), not a
            // government, "the general secretary of the RMT union" a union (LAB), not a party:
            // a government or party title before "of" gives way to a non-state body.
            let state =
                |s: &String| matches!(s.as_str(), "GOV" | "MIL" | "COP" | "JUD" | "LEG" | "SPY");
            if of
                && !sectors.iter().any(state)
                && !d.agents.is_empty()
                && d.agents
                    .iter()
                    .all(|(s, _)| s.iter().all(|x| x == "GOV" || x == "PTY"))
            {
                d.agents.clear();
            }
            // "families": no plural form, yet no one "he" or "she" can be.
            let plural = *plural || crate::lexicon::is_plural_only(&words());
            d.agents.push((sectors.clone(), plural));
            d.capital_only = false;
            d.how
                .push(format!("agent {} ('{}')", sectors.join("+"), words()));
        }
    }
}

/// Compass and similar words before a place name ("eastern Ukraine"); also used by `locations`.
pub(crate) fn is_direction(k: &str) -> bool {
    matches!(
        k,
        "eastern"
            | "western"
            | "northern"
            | "southern"
            | "central"
            | "northeastern"
            | "northwestern"
            | "southeastern"
            | "southwestern"
            | "north"
            | "south"
            | "east"
            | "west"
            | "occupied"
            | "neighbouring"
            | "neighboring"
    )
}

/// Armed sectors win when a phrase has several agents ("government troops" = MIL).
fn head_sectors(agents: &[(Vec<String>, bool)]) -> Vec<String> {
    const ARMED: &[&str] = &["MIL", "COP", "REB", "INS", "SEP", "UAF", "SPY"];
    agents
        .iter()
        .find(|(s, _)| s.iter().any(|x| ARMED.contains(&x.as_str())))
        .or_else(|| agents.first())
        .map(|(s, _)| s.clone())
        .unwrap_or_default()
}

/// An imported prefix agent (`[NGO~]`): one sector written `~NGO`.
fn is_prefix_agent(sectors: &[String]) -> bool {
    !sectors.is_empty() && sectors.iter().all(|s| s.starts_with('~'))
}

fn resolve(
    dict: &Dictionary,
    mut d: Draft,
    tokens: &[Token],
    date: Option<NaiveDate>,
    ctx: &DocContext,
) -> Option<ActorPhrase> {
    // Imported prefix agents go before the country ("MSF Arnor" = NGOARN), not after it.
    let prefix: Option<String> = d
        .agents
        .iter()
        .find(|(s, _)| is_prefix_agent(s))
        .map(|(s, _)| s.concat().replace('~', ""));
    if prefix.is_some() {
        let rest: Vec<(Vec<String>, bool)> = d
            .agents
            .iter()
            .filter(|(s, _)| !is_prefix_agent(s))
            .cloned()
            .collect();
        if rest.is_empty() {
            // The prefix alone still makes the phrase an actor ("MSF" = NGO).
            d.agents.truncate(1);
        } else {
            d.agents = rest;
        }
    }
    // "former" makes an official an elite (ELI, as in CAMEO, TABARI and PETRARCH): "Arnor
    // former security officials" = ARNELI, "former security officials in White House" =
    // USAGOVELI, "former Prime Minister Ehud Olmert" = ---ELI (no longer the government).
    let imported = crate::imported_conventions(dict);
    let former = (d.start.saturating_sub(1)..d.end.min(tokens.len()))
        .any(|i| tokens[i].key == "former" || is_ex_prefix(tokens, i));
    let (has_org, has_agents) = (d.org.is_some(), !d.agents.is_empty());
    let mut phrase = resolve_codes(dict, d, tokens, date, ctx)?;
    if former && (has_org || has_agents) {
        for c in &mut phrase.codes {
            if has_org && c.sectors.iter().any(|s| s != "ELI") {
                if !c.sectors.iter().any(|s| s == "ELI") {
                    c.sectors.push("ELI".into());
                }
            } else if c.root != UNKNOWN_ROOT || !imported {
                c.sectors = vec!["ELI".into()];
            }
        }
    }
    if let Some(p) = prefix {
        let (root, head) = p.split_at(p.len().min(3));
        for c in &mut phrase.codes {
            let mut sectors: Vec<String> = Vec::new();
            if !head.is_empty() {
                sectors.push(head.to_string());
            }
            if c.root != UNKNOWN_ROOT && c.root != root {
                sectors.push(c.root.clone());
            }
            sectors.extend(c.sectors.iter().filter(|s| !s.starts_with('~')).cloned());
            *c = ActorCode::new(root, sectors);
        }
        phrase.agent_sectors.retain(|s| !s.starts_with('~'));
    }
    Some(phrase)
}

fn resolve_codes(
    dict: &Dictionary,
    d: Draft,
    tokens: &[Token],
    date: Option<NaiveDate>,
    ctx: &DocContext,
) -> Option<ActorPhrase> {
    let sectors = head_sectors(&d.agents);
    let singular = d.agents.last().is_some_and(|(_, plural)| !plural);
    let mut how = d.how.join(" + ");
    // A known person outside all their offices is still of their country: a former official
    // (ELI) after them, the country alone before. An organisation or seat in the phrase says
    // more ("former CIA deputy director Michael Morell" is USASPYELI), and imported
    // dictionaries keep their own fallback, the undated role.
    let plain = d.org.is_none() && d.seat.is_none() && !crate::imported_conventions(dict);
    let person_code = d.persons.last().and_then(|&p| {
        let person = &dict.people[p as usize];
        let named_roots: Vec<&str> = d
            .org
            .iter()
            .map(|o| o.root.as_str())
            .chain(d.roots.iter().map(|&r| dict.root(r).code.as_str()))
            .collect();
        if let Some(code) = person.titled_code(date, &sectors, &named_roots) {
            return Some((code.clone(), "role matching the title"));
        }
        match person.code_on(date) {
            Some(code) => Some((code.clone(), "role")),
            None if plain => person.former_code_on(date).map(|code| {
                // Outside the offices we list, the text's own title says more than our
                // fallback: "Treasury Secretary James Baker" in 1987, before his listed roles,
                // is USAGOV, not USA; "General Soleimani" after his is IRNMIL, not IRNELI.
                // ("former" still makes an elite: the caller adds ELI.)
                let titled: Vec<String> = sectors
                    .iter()
                    .filter(|s| !s.starts_with('~'))
                    .cloned()
                    .collect();
                if titled.is_empty() {
                    (code, "outside the roles")
                } else {
                    (
                        ActorCode::new(code.root, titled),
                        "outside the roles, as titled",
                    )
                }
            }),
            None => None,
        }
    });
    let mut codes: Vec<ActorCode> = Vec::new();
    if let Some((code, why)) = person_code {
        how.push_str(&format!(" => {why} {code}"));
        codes.push(code);
    } else if let Some(org) = &d.org {
        codes.push(if sectors.is_empty() {
            org.clone()
        } else if org.sectors.is_empty() {
            org.with_sectors(&sectors)
        } else if crate::imported_conventions(dict)
            && !sectors
                .iter()
                .any(|s| s.starts_with('~') || org.sectors.contains(s))
        {
            // Imported dictionaries add an agent's sectors to a coded organisation
            // ("West German" GMWGOV + "world government" WGO = GMWGOVWGO).
            let mut all = org.sectors.clone();
            all.extend(sectors.iter().cloned());
            ActorCode::new(org.root.clone(), all)
        } else {
            org.clone()
        });
    } else if let Some((root, secs)) = &d.seat {
        codes.push(ActorCode::new(dict.root(*root).code.clone(), secs.clone()));
    } else {
        let mut roots = d.roots.clone();
        roots.dedup();
        if roots.is_empty() {
            roots.extend(d.of_root);
        }
        let only_adjectives = !d.name_seen && d.agents.is_empty();
        if only_adjectives && d.persons.is_empty() {
            return None; // "Russian territory": a modifier, not an actor
        }
        for r in roots {
            let mut s = sectors.clone();
            if s.is_empty() && d.capital_only {
                s.push("GOV".into()); // "Moscow said": the capital speaks for the government
            }
            // An imported compound root ("FRO/BIL/SAM") codes each of its members.
            for member in dict.root(r).code.split('/') {
                codes.push(ActorCode::new(member, s.clone()));
            }
        }
    }
    // "the ambassador": the last ambassador named in the document.
    if codes.is_empty()
        && !sectors.is_empty()
        && singular
        && d.start < tokens.len()
        && tokens[d.start].key == "the"
    {
        if let Some((_, code)) = ctx.recent_agents.iter().rev().find(|(s, _)| *s == sectors) {
            how.push_str(&format!(" => coreference {code}"));
            codes.push(code.clone());
        }
    }
    // An agent whose country nothing names ("police arrested ..."): the sectors are known, the
    // country is not. Coded with the root "---" rather than guessed.
    if codes.is_empty() && !sectors.is_empty() {
        how.push_str(" => country unknown");
        codes.push(ActorCode::new(UNKNOWN_ROOT, sectors.clone()));
    }
    let bare_place =
        d.agents.is_empty() && d.org.is_none() && d.seat.is_none() && d.persons.is_empty();
    // The preposition before the name, past the words that keep it a place: "in eastern
    // Ukraine", "in parts of Kashmir".
    let mut lead = d.start;
    while lead > 0 && {
        let k = tokens[lead - 1].key.as_str();
        (is_place_filler(k) || is_determiner(k)) && !tokens[lead - 1].cap
    } {
        lead -= 1;
    }
    let before = lead.checked_sub(1).map(|i| tokens[i].key.as_str());
    Some(ActorPhrase {
        start: d.start,
        end: d.end,
        person_like: codes.len() <= 1 && (!d.persons.is_empty() || singular),
        agent_sectors: sectors,
        is_place: bare_place && before.is_some_and(is_locative),
        persons: d.persons,
        accredited_to: d
            .accredited_to
            .map(|r| ActorCode::new(dict.root(r).code.clone(), Vec::new())),
        codes,
        how,
        group: 0,
        antecedent: None,
    })
}

/// With imported dictionaries (PETRARCH reads the noun phrase from its parse): an agent before
/// "of"/"in"/"from" and a list of countries applies to every country of the list: "the
/// ambassadors of Arnor, Osgiliath and Gondor" = ARNGOV, OSGGOV, GONGOV.
fn share_agent_over_list(phrases: &mut [ActorPhrase], tokens: &[Token]) {
    for i in 0..phrases.len() {
        let p = &phrases[i];
        let via_of =
            (p.start..p.end).any(|q| matches!(tokens[q].key.as_str(), "of" | "in" | "from"));
        if p.agent_sectors.is_empty() || !p.persons.is_empty() || !via_of {
            continue;
        }
        let (group, sectors) = (p.group, p.agent_sectors.clone());
        for q in phrases[i + 1..].iter_mut() {
            let bare = q.agent_sectors.is_empty()
                && q.persons.is_empty()
                && q.codes.iter().all(|c| c.sectors.is_empty());
            if q.group != group || !bare {
                break;
            }
            for c in &mut q.codes {
                c.sectors = sectors.clone();
            }
            q.agent_sectors = sectors.clone();
            q.how.push_str(&format!(
                " + agent {} shared over the list",
                sectors.join("+")
            ));
        }
    }
}

/// A name the dictionaries lack, followed by its description in apposition, is the person
/// described: "will release Odin Sanchez, a former Colombian Congressman" releases the
/// congressman, so his phrase starts at the name, and a target slot right after the verb
/// finds him. The name is one to four capitalised words right before the comma, in no other
/// phrase, no date ("In September, a car bomb"), and not a lone word opening the sentence
/// ("Meanwhile, the minister").
fn take_in_named_appositions(phrases: &mut [ActorPhrase], tokens: &[Token]) {
    for i in 0..phrases.len() {
        let p = &phrases[i];
        let described = p.resolved()
            && p.person_like
            && !p.is_place
            && matches!(tokens[p.start].key.as_str(), "a" | "an" | "the" | "former");
        let Some(comma) = p.start.checked_sub(1).filter(|&c| tokens[c].key == ",") else {
            continue;
        };
        // The description ends where the phrase does: not "Bagram, the military airfield",
        // where the agent word is a modifier of the noun after it, nor "the company's
        // product manager".
        let ends_there = || {
            tokens.get(p.end).is_none_or(|t| {
                t.kind != TokenKind::Word
                    || is_preposition(&t.key)
                    || is_determiner(&t.key)
                    || (crate::lexicon::is_auxiliary(&t.key) && !t.key.starts_with('\''))
                    || t.key.ends_with("ed")
                    || matches!(
                        t.key.as_str(),
                        "who" | "whose" | "which" | "that" | "and" | "or" | "said" | "says"
                    )
            })
        };
        if !described || !ends_there() {
            continue;
        }
        let name_word = |t: &Token| {
            t.kind == TokenKind::Word
                && t.cap
                && !is_preposition(&t.key)
                && !is_determiner(&t.key)
                && !matches!(t.key.as_str(), "and" | "or" | "but")
                && !petrel_text::dates::is_weekday(&t.key)
                && !petrel_text::dates::is_month(&t.key)
        };
        let mut start = comma;
        while start > 0 && comma - start < 4 && name_word(&tokens[start - 1]) {
            start -= 1;
        }
        let words = comma - start;
        let whole_name =
            start == 0 || !(tokens[start - 1].cap && tokens[start - 1].kind == TokenKind::Word);
        if words == 0 || !whole_name || (start == 0 && words < 2) {
            continue;
        }
        if phrases[..i]
            .iter()
            .any(|q| q.end > start && q.start < comma)
        {
            continue;
        }
        // A place before the comma is where, not who: "in downtown San Francisco, the company
        // said".
        let name: Vec<&str> = tokens[start..comma]
            .iter()
            .map(|t| t.key.as_str())
            .collect();
        let place = petrel_dict::places::Gazetteer::builtin()
            .contains_key(&petrel_dict::places::fold(&name.join(" ")));
        if !place {
            phrases[i].start = start;
        }
    }
}

/// How two neighbouring phrases are joined.
#[derive(Clone, Copy, PartialEq)]
enum Join {
    None,
    Comma,
    Conjunction,
}

/// Phrases joined by "and" or "or", and lists with commas that end in "and"/"or" ("A, B and C"),
/// form one group. A comma alone does not join: in "villagers in Nigeria, police said" the
/// police start a new clause.
///
/// With imported dictionaries (PETRARCH reads compounds from its parse), lower-case modifiers
/// before a member do not break the list: "Fornost and the evil awful Gondor".
fn assign_groups(phrases: &mut [ActorPhrase], tokens: &[Token], dict: &Dictionary) {
    let imported = crate::imported_conventions(dict);
    let joins: Vec<Join> = (1..phrases.len())
        .map(|i| {
            let (a, b) = (phrases[i - 1].end, phrases[i].start);
            let mut between: Vec<&str> =
                tokens[a.min(b)..b].iter().map(|t| t.key.as_str()).collect();
            if imported {
                let mut n = 0;
                while n < 4
                    && between.len() > 1
                    && between.last().is_some_and(|k| {
                        let t = &tokens[b - n - 1];
                        t.kind == petrel_text::TokenKind::Word
                            && !t.cap
                            && !is_preposition(k)
                            && !matches!(*k, "and" | "or" | "but" | "nor")
                            && !crate::lexicon::is_clause_boundary(k)
                            && dict.patterns_for(k).is_empty()
                    })
                {
                    between.pop();
                    n += 1;
                }
            }
            // A short name in brackets after the first member does not break the list: "The
            // European Parliament (EP) and European Union (EU) Council".
            if let Some(close) = between.iter().position(|k| *k == ")") {
                let short_name = between.first() == Some(&"(")
                    && (2..=4).contains(&close)
                    && tokens[a + 1..a + close]
                        .iter()
                        .all(|t| t.kind == petrel_text::TokenKind::Word);
                if short_name {
                    between.drain(..=close);
                }
            }
            match between.as_slice() {
                [","] => Join::Comma,
                ["and"]
                | [",", "and"]
                | ["or"]
                | [",", "or"]
                | ["as", "well", "as"]
                | ["and", "also"] => Join::Conjunction,
                // "Neither Galadriel nor Gollum boycotted ...": both act (PETRARCH, TABARI).
                ["nor"] if imported => Join::Conjunction,
                _ => Join::None,
            }
        })
        .collect();
    let mut group = 0;
    for i in 0..phrases.len() {
        if i > 0 {
            let joined = match joins[i - 1] {
                Join::Conjunction => true,
                // A comma joins only when the list goes on, through commas, to a conjunction.
                Join::Comma => joins[i - 1..]
                    .iter()
                    .take_while(|j| **j != Join::None)
                    .any(|j| *j == Join::Conjunction),
                Join::None => false,
            };
            if !joined {
                group += 1;
            }
        }
        phrases[i].group = group;
    }
}

/// "ex-" at token `i`: "ex" and a hyphen, written together ("ex-minister" = "former minister").
fn is_ex_prefix(tokens: &[Token], i: usize) -> bool {
    tokens[i].key == "ex"
        && tokens
            .get(i + 1)
            .is_some_and(|t| t.key == "-" && !t.space_before)
}
