//! Event locations: where an event happened, when the text says so.
//!
//! Two sources, in order of preference:
//! 1. the event's sentence: a locative preposition followed by a place ("clashes in Kabul",
//!    "near Donetsk", "in eastern Ukraine", "in the city of Aleppo"); of several, the one
//!    nearest the event's verb;
//! 2. the document's dateline ("KABUL, March 3 (Reuters) -"), for the events whose sentence
//!    names no place.
//!
//! Places are countries and capitals the actor finder already marked as places (a bare
//! country or capital after a locative preposition), and names of the gazetteer
//! ([`petrel_dict::places`]: cities, first-level regions, countries). A gazetteer name is
//! disambiguated per event: places in the event's countries first, then larger places; a region
//! named like a city of its country is the city ("in Donetsk") unless the text says it means
//! the region: a designator after the name ("Donetsk Oblast", "Idlib province", "Borno state")
//! or before it ("the province of Idlib"). A place name never becomes an actor here;
//! seat-of-power metonyms ("Moscow said") stay actors, as `actors` decides.
//!
//! Like the rest of the coder this does no I/O: the gazetteer is constant data compiled into
//! `petrel-dict`.

use petrel_dict::places::{best_of, fold, Gazetteer, Place, PlaceKind};
use petrel_dict::{Dictionary, Reading};
use petrel_text::{BlockKind, Token, TokenKind};

use crate::lexicon::{is_determiner, is_place_filler};
use crate::{ActorPhrase, SentenceCoding};

/// Where an event happened.
#[derive(Debug, Clone, PartialEq)]
pub struct EventLocation {
    /// The place name as written.
    pub name: String,
    /// The place it was resolved to (the gazetteer's name).
    pub place: String,
    /// ISO 3166-1 alpha-3.
    pub country: String,
    pub lat: Option<f32>,
    pub lon: Option<f32>,
    /// City, region or country.
    pub precision: PlaceKind,
    /// Byte range of the name in the cleaned text.
    pub span: (usize, usize),
    /// Found in the dateline rather than in the event's sentence.
    pub dateline: bool,
}

/// Prepositions that place an event ("from", "to" and "into" say where something goes or
/// comes from, not where the event is).
fn is_place_preposition(k: &str) -> bool {
    matches!(
        k,
        "in" | "at"
            | "near"
            | "outside"
            | "inside"
            | "around"
            | "across"
            | "throughout"
            | "within"
            | "off"
    )
}

/// Words that say the name next to them is a first-level region: after it ("Idlib province",
/// "Donetsk Oblast", "Borno State") or, as a filler, before it ("the province of Idlib").
/// "district" is not one: districts are second-level, which the gazetteer does not have.
fn is_region_designator(k: &str) -> bool {
    matches!(
        k,
        "province"
            | "region"
            | "state"
            | "governorate"
            | "oblast"
            | "prefecture"
            | "krai"
            | "county"
            | "department"
            | "voivodeship"
            | "canton"
    )
}

/// Capitalised words that are never places in running text (GeoNames has towns called March,
/// Of and Police).
fn is_calendar_word(k: &str) -> bool {
    matches!(
        k,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "christmas"
            | "easter"
            | "ramadan"
    ) || petrel_text::dates::is_weekday(k)
}

/// A place name found in a sentence, not yet resolved.
struct Mention {
    /// Token range of the name.
    first: usize,
    end: usize,
    /// Folded gazetteer key.
    key: String,
    /// The country, when the name is a country or capital the dictionary knows.
    root: Option<String>,
    /// The text says the name is a region ("Idlib province", "the state of Texas").
    region: bool,
}

impl Mention {
    /// The name in tokens `first..end`, with the country the dictionary knows it as, if any.
    fn new(tokens: &[Token], first: usize, end: usize, root: Option<String>) -> Mention {
        Mention {
            first,
            end,
            key: fold(&token_words(tokens, first, end)),
            root,
            region: false,
        }
    }
}

/// Makes a mention a region mention when the text says so and the gazetteer has a region of
/// that name (in the mention's country, for a country or capital the dictionary knows): a
/// designator right after the name (taken into the mention) or a region word among the
/// fillers before it.
fn mark_region(g: &Gazetteer, tokens: &[Token], m: &mut Mention, hinted: bool) {
    let after = tokens
        .get(m.end)
        .is_some_and(|t| t.kind == TokenKind::Word && is_region_designator(&t.key));
    if !(after || hinted) {
        return;
    }
    let exists = g
        .regions_key(&m.key)
        .iter()
        .any(|p| m.root.as_ref().is_none_or(|r| p.country == *r));
    if exists {
        m.region = true;
        if after {
            m.end += 1;
        }
    }
}

/// Sets `location` on every event of the document (the coder's only hook into this module).
pub fn locate_events(dict: &Dictionary, text: &str, sentences: &mut [SentenceCoding]) {
    if sentences.iter().all(|s| s.events.is_empty()) {
        return; // the gazetteer is not even loaded for documents without events
    }
    let gazetteer = Gazetteer::builtin();
    let dateline = find_dateline(gazetteer, text, sentences);
    for s in sentences.iter_mut() {
        if s.events.is_empty() {
            continue;
        }
        let mentions = mentions(dict, gazetteer, &s.sentence.tokens, &s.actors, s);
        for e in &mut s.events {
            let mut countries: Vec<&str> = vec![e.source.code.root.as_str()];
            if let Some(t) = &e.target {
                countries.push(t.code.root.as_str());
            }
            let verb = s
                .sentence
                .tokens
                .iter()
                .position(|t| t.start == e.verb_span.0)
                .unwrap_or(0);
            let nearest = mentions.iter().min_by_key(|m| {
                if m.first >= verb {
                    m.first - verb
                } else {
                    verb - m.end + 1
                }
            });
            e.location = nearest
                .and_then(|m| {
                    let tokens = &s.sentence.tokens;
                    let span = (tokens[m.first].start, tokens[m.end - 1].end);
                    resolve(gazetteer, m, &countries)
                        .map(|p| location(p, &text[span.0..span.1], span, false))
                })
                .or_else(|| dateline.clone());
        }
    }
}

fn location(p: &Place, name: &str, span: (usize, usize), dateline: bool) -> EventLocation {
    EventLocation {
        name: name.to_string(),
        place: p.name.clone(),
        country: p.country.clone(),
        lat: p.lat,
        lon: p.lon,
        precision: p.kind,
        span,
        dateline,
    }
}

/// The place a mention stands for, given the event's countries.
fn resolve<'g>(g: &'g Gazetteer, m: &Mention, countries: &[&str]) -> Option<&'g Place> {
    let candidates = if m.region {
        g.regions_key(&m.key)
    } else {
        g.lookup_key(&m.key)
    };
    match &m.root {
        // A country or capital the dictionary knows: the gazetteer's place of that name in
        // that country (the country, else a capital rather than its region: "Washington" is
        // the city), else the country itself ("Russia", "the U.S.").
        Some(root) => candidates
            .into_iter()
            .filter(|p| p.country == *root)
            .max_by_key(|p| {
                (
                    p.kind == PlaceKind::Country,
                    p.kind == PlaceKind::City,
                    p.population,
                )
            })
            .or_else(|| g.country(root)),
        None => best_of(candidates, countries),
    }
}

/// The place named at token `q` of a sentence, if a place name starts there: a country,
/// capital or region the actor finder read as a place ("into Afghanistan", "in West Africa"),
/// or a capitalised name of the gazetteer that is no actor ("aid deliveries to Gaza").
/// `countries` are preferred.
pub(crate) fn place_named_at(
    text: &str,
    s: &SentenceCoding,
    q: usize,
    countries: &[&str],
) -> Option<EventLocation> {
    let g = Gazetteer::builtin();
    let tokens = &s.sentence.tokens;
    let in_date = s.dates.iter().any(|d| d.first <= q && q < d.end);
    let t = tokens.get(q)?;
    if in_date || !t.cap || t.kind != TokenKind::Word || is_calendar_word(&t.key) {
        return None;
    }
    let mut m = match s.actors.iter().find(|a| a.start <= q && q < a.end) {
        Some(a) if a.is_place => {
            Mention::new(tokens, q, a.end, a.codes.first().map(|c| c.root.clone()))
        }
        Some(_) => return None,
        None => {
            // The tail of a longer name is not the place it spells: "in Compostela Valley" is
            // not The Valley (Anguilla), "New Brunswick" not Brunswick. A direction before it
            // is a filler ("Northern California").
            let before = q.checked_sub(1).map(|b| &tokens[b]);
            if before.is_some_and(crate::actors::opens_a_longer_name) {
                return None;
            }
            let m = Mention::new(tokens, q, place_name_end(g, tokens, q)?, None);
            let in_date = |i: usize| s.dates.iter().any(|d| d.first <= i && i < d.end);
            if continues_a_longer_name(g, tokens, &m, &in_date) {
                return None;
            }
            m
        }
    };
    mark_region(g, tokens, &mut m, false);
    let span = (tokens[m.first].start, tokens[m.end - 1].end);
    let name = &text[span.0..span.1];
    match resolve(g, &m, countries) {
        Some(p) => Some(location(p, name, span, false)),
        // A region of several countries that the dictionaries name ("the Ebola outbreak in
        // West Africa": WAF) is no place of the gazetteer; it is where the act is aimed, under
        // its CAMEO region code, without coordinates.
        None => m.root.map(|root| EventLocation {
            name: name.to_string(),
            place: name.to_string(),
            country: root,
            lat: None,
            lon: None,
            precision: PlaceKind::Region,
            span,
            dateline: false,
        }),
    }
}

/// Whether a gazetteer name is only the start of a longer capitalised name that is not a
/// place: "in Victoria Park", "at Camp David", "sanctions on Bikram Chand-led ...". "at Paul's
/// Rally": a name that is only a region (Paul, Cape Verde) before a possessive and a
/// capitalised word is a person's; cities keep the old reading ("in Seattle's Capitol Hill"
/// is in Seattle).
fn continues_a_longer_name(
    g: &Gazetteer,
    tokens: &[Token],
    m: &Mention,
    in_date: &dyn Fn(usize) -> bool,
) -> bool {
    let capital_word = |k: usize| {
        tokens
            .get(k)
            .is_some_and(|n| n.cap && n.kind == TokenKind::Word && !in_date(k))
    };
    capital_word(m.end)
        || (tokens.get(m.end).is_some_and(|n| n.key == "'s")
            && capital_word(m.end + 1)
            && g.lookup_key(&m.key)
                .iter()
                .all(|p| p.kind == PlaceKind::Region))
}

/// Place names after locative prepositions in a sentence.
fn mentions(
    dict: &Dictionary,
    g: &Gazetteer,
    tokens: &[Token],
    actors: &[ActorPhrase],
    s: &SentenceCoding,
) -> Vec<Mention> {
    let headline = s.sentence.block == BlockKind::Headline;
    let in_date = |i: usize| s.dates.iter().any(|d| d.first <= i && i < d.end);
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !is_place_preposition(&t.key) {
            continue;
        }
        // Skip determiners and fillers: "in the eastern city of Donetsk". The last kind word
        // among them says whether a region is meant ("in the province of Idlib").
        let mut j = i + 1;
        let mut hinted = false;
        // A capitalised direction is a filler too when it starts no name of its own: "in
        // Northern California" is in California, "in North Korea" is in North Korea.
        let compass = |j: usize| {
            crate::actors::is_direction(&tokens[j].key)
                && !actors.iter().any(|a| a.start <= j && j < a.end)
                && longest_name(g, tokens, j).is_none()
        };
        while j < tokens.len()
            && (is_determiner(&tokens[j].key) || is_place_filler(&tokens[j].key))
            && (!tokens[j].cap || compass(j))
        {
            match tokens[j].key.as_str() {
                "city" | "town" | "village" | "capital" | "port" | "downtown" => hinted = false,
                k if is_region_designator(k) => hinted = true,
                _ => {}
            }
            j += 1;
        }
        if j >= tokens.len() || in_date(j) {
            continue;
        }
        // An actor phrase there: a place only when the actor finder says so, or when the
        // preposition is inside the phrase ("rebels in eastern Afghanistan" is one actor,
        // AFGREB, and Afghanistan is still where they are).
        if let Some(a) = actors.iter().find(|a| a.start <= j && j < a.end) {
            if a.start < i {
                let keys: Vec<String> = tokens[j..a.end].iter().map(|t| t.key.clone()).collect();
                let root = dict
                    .phrases
                    .lookup(&keys)
                    .into_iter()
                    .find_map(|r| match r {
                        Reading::Name { root } | Reading::Capital { root } => {
                            Some(dict.root(*root).code.clone())
                        }
                        _ => None,
                    });
                let mut m = Mention::new(tokens, j, a.end, root);
                if m.root.is_some() || g.contains_key(&m.key) {
                    mark_region(g, tokens, &mut m, hinted);
                    out.push(m);
                }
            } else if a.is_place {
                if let Some(code) = a.codes.first() {
                    let root = dict.root_id(&code.root).map(|_| code.root.clone());
                    let mut m = Mention::new(tokens, j.max(a.start), a.end, root);
                    mark_region(g, tokens, &mut m, hinted);
                    out.push(m);
                }
            }
            continue;
        }
        if !(tokens[j].cap || headline) || tokens[j].kind != TokenKind::Word {
            continue;
        }
        if is_calendar_word(&tokens[j].key) {
            continue;
        }
        if let Some(end) = place_name_end(g, tokens, j) {
            let mut m = Mention::new(tokens, j, end, None);
            // "Idlib Province", "Donetsk Oblast": a designator is part of the name.
            mark_region(g, tokens, &mut m, hinted);
            if !continues_a_longer_name(g, tokens, &m, &in_date) {
                out.push(m);
            }
        }
    }
    out
}

/// The words of a token range joined by spaces (hyphens are spaces in gazetteer keys).
fn token_words(tokens: &[Token], first: usize, end: usize) -> String {
    tokens[first..end]
        .iter()
        .map(|t| t.key.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The end of the place name starting at `first`: the longest gazetteer name there, but not an
/// abbreviation or a name of two letters ("at No. 10").
fn place_name_end(g: &Gazetteer, tokens: &[Token], first: usize) -> Option<usize> {
    longest_name(g, tokens, first).filter(|&end| {
        !tokens[first].abbreviation && fold(&token_words(tokens, first, end)).len() > 2
    })
}

/// The end of the longest gazetteer name starting at `first` (capitalised words, hyphens).
fn longest_name(g: &Gazetteer, tokens: &[Token], first: usize) -> Option<usize> {
    let mut best = None;
    let mut end = first;
    while end < tokens.len() && end - first < g.max_words() + 2 {
        let t = &tokens[end];
        let word = t.kind == TokenKind::Word && (t.cap || end > first);
        if !(word || t.key == "-") {
            break;
        }
        end += 1;
        if g.contains_key(&fold(&token_words(tokens, first, end))) {
            best = Some(end);
        }
    }
    best
}

/// The dateline of a wire story: "KABUL, March 3 (Reuters) -", "WASHINGTON (AP) —",
/// "Kabul, March 3 -": a place name at the start of the first body sentence, then a comma or
/// a parenthesis, then a dash within the next few words.
/// The first place the headline names after a locative preposition ("Gunman opens fire in El
/// Paso, Texas superstore"), if any.
pub fn headline_place(
    dict: &Dictionary,
    text: &str,
    sentences: &[SentenceCoding],
) -> Option<EventLocation> {
    let s = sentences
        .iter()
        .find(|s| s.sentence.block == BlockKind::Headline)?;
    let g = Gazetteer::builtin();
    let tokens = &s.sentence.tokens;
    mentions(dict, g, tokens, &s.actors, s)
        .into_iter()
        .chain(leading_place(g, tokens, &s.actors))
        .find_map(|m| {
            let p = resolve(g, &m, &[])?;
            let span = (tokens[m.first].start, tokens[m.end - 1].end);
            Some(location(p, &text[span.0..span.1], span, false))
        })
}

/// A headline that opens with a place name before lowercase words ("Florida highway pileup
/// kills five", "Toronto serial killer pleads guilty"): that place. Not where a capitalised
/// word follows ("Jordan Peterson says", and all-capitals headlines), nor an actor's words.
fn leading_place(g: &Gazetteer, tokens: &[Token], actors: &[ActorPhrase]) -> Option<Mention> {
    let end = place_name_end(g, tokens, 0)?;
    let next = tokens.get(end)?;
    let lower_next = next.kind == TokenKind::Word && !next.cap;
    if !lower_next || actors.iter().any(|a| a.start < end) {
        return None;
    }
    Some(Mention::new(tokens, 0, end, None))
}

/// The document's dateline place ("KABUL, March 3 -"), if it has one.
pub fn dateline(text: &str, sentences: &[SentenceCoding]) -> Option<EventLocation> {
    find_dateline(Gazetteer::builtin(), text, sentences)
}

fn find_dateline(g: &Gazetteer, text: &str, sentences: &[SentenceCoding]) -> Option<EventLocation> {
    let s = sentences
        .iter()
        .find(|s| s.sentence.block == BlockKind::Body)?;
    let tokens = &s.sentence.tokens;
    let d = dateline_tokens(g, tokens)?;
    let span = (tokens[0].start, tokens[d.name_end - 1].end);
    let key = fold(&token_words(tokens, 0, d.name_end));
    let place = best_of(g.lookup_key(&key), &[])?;
    Some(location(place, &text[span.0..span.1], span, true))
}

/// Where a dateline lies in a document's first body sentence, by token.
pub(crate) struct DatelineTokens {
    /// End of the place's name ("KABUL").
    pub name_end: usize,
    /// End of the whole dateline, its dash included ("KABUL, March 3 (Reuters) -").
    pub end: usize,
}

/// The dateline that opens these tokens, if any: a gazetteer name in capitals (or in title case
/// when a month follows the comma), then a comma or a parenthesis, and a dash soon after.
pub(crate) fn dateline_tokens(g: &Gazetteer, tokens: &[Token]) -> Option<DatelineTokens> {
    let first = tokens.first()?;
    let is_dash = |t: &Token| matches!(t.key.as_str(), "-" | "--" | "\u{2014}" | "\u{2013}");
    // Cheap tests first: most documents open with no dash near the start.
    if first.kind != TokenKind::Word
        || !first.cap
        || !tokens.iter().take(g.max_words() + 14).any(is_dash)
    {
        return None;
    }
    let name_end = longest_name(g, tokens, 0)?;
    let upper = tokens[..name_end]
        .iter()
        .all(|t| t.upper || t.key == "-" || t.key.len() < 3);
    let next = tokens.get(name_end)?;
    if next.key != "," && next.key != "(" {
        return None;
    }
    let dash = tokens[name_end..].iter().take(12).position(is_dash)?;
    let month_after_comma = tokens
        .get(name_end + 1)
        .is_some_and(|t| is_calendar_word(&t.key));
    if !(upper || month_after_comma) {
        return None;
    }
    Some(DatelineTokens {
        name_end,
        end: name_end + dash + 1,
    })
}

#[cfg(test)]
mod tests {
    use petrel_dict::DictionaryBuilder;
    use petrel_text::Document;

    use crate::{Coder, CoderOptions};

    const DICT: &str = "\
country AFG Afghanistan
  name Afghanistan
  adjective Afghan
  capital Kabul
country UKR Ukraine
  name Ukraine
  adjective Ukrainian
  capital Kyiv; Kiev
country RUS Russia
  name Russia
  adjective Russian
  capital Moscow
country USA United States
  name United States; US
  adjective American; US
  capital Washington
agent COP
  police {}
agent GOV
  government
agent MIL
  troops {}; forces {}
agent REB
  rebels
190 attack +
173 arrest +
010 say
";

    fn code(text: &str) -> Vec<crate::Event> {
        let mut b = DictionaryBuilder::new();
        b.add_text("dictionaries/test.txt", DICT);
        let dict = b.build();
        assert!(dict.problems.is_empty(), "{:?}", dict.problems);
        let coder = Coder::new(&dict, CoderOptions::default());
        let doc = Document {
            id: "d".into(),
            text: text.into(),
            date: chrono::NaiveDate::from_ymd_opt(2019, 3, 3),
            ..Document::default()
        };
        coder.code_document(&doc).events().cloned().collect()
    }

    #[test]
    fn a_locative_place_in_the_sentence_locates_the_event() {
        let ev = code("Ukrainian troops attacked Russian forces near Donetsk on Friday.");
        let loc = ev[0].location.as_ref().expect("a location");
        assert_eq!(
            (loc.name.as_str(), loc.country.as_str()),
            ("Donetsk", "UKR")
        );
        assert_eq!(loc.precision.name(), "city");
        assert!(loc.lat.is_some_and(|l| (l - 48.0).abs() < 1.0));
        assert!(!loc.dateline);
    }

    #[test]
    fn countries_and_capitals_after_prepositions_are_places_not_actors() {
        let ev = code("Police arrested rebels in eastern Afghanistan.");
        let loc = ev[0].location.as_ref().expect("a location");
        assert_eq!(
            (loc.country.as_str(), loc.precision.name()),
            ("AFG", "country")
        );
        // The actor finder keeps "rebels in eastern Afghanistan" as one actor; the place is
        // still a location.
        assert_eq!(ev[0].target.as_ref().unwrap().code.to_string(), "AFGREB");
        let ev = code("Afghan police arrested rebels in Kabul.");
        let loc = ev[0].location.as_ref().expect("a location");
        assert_eq!(
            (loc.place.as_str(), loc.precision.name()),
            ("Kabul", "city")
        );
    }

    #[test]
    fn the_events_countries_decide_between_places_of_one_name() {
        let ev = code("Russian troops attacked Ukrainian forces in Odessa.");
        assert_eq!(ev[0].location.as_ref().unwrap().country, "UKR");
        // Birmingham, England is larger; Birmingham, Alabama wins in an American story.
        let ev = code("Police arrested rebels in Birmingham.");
        assert_eq!(ev[0].location.as_ref().unwrap().country, "GBR");
        let ev = code("American police arrested rebels in Birmingham.");
        assert_eq!(ev[0].location.as_ref().unwrap().country, "USA");
        // ... but the Genevas of the US are too small to beat Geneva in a US-Russia story.
        let ev = code("American troops attacked Russian forces in Geneva.");
        assert_eq!(ev[0].location.as_ref().unwrap().country, "CHE");
    }

    #[test]
    fn the_dateline_locates_events_whose_sentence_names_no_place() {
        let ev = code("KABUL, March 3 (Reuters) - Afghan police arrested rebels on Sunday.");
        let loc = ev[0].location.as_ref().expect("the dateline");
        assert!(loc.dateline);
        assert_eq!((loc.place.as_str(), loc.country.as_str()), ("Kabul", "AFG"));
        assert_eq!(loc.span, (0, 5));
    }

    fn located(text: &str) -> (String, String, String, &'static str) {
        let ev = code(text);
        let loc = ev
            .first()
            .unwrap_or_else(|| panic!("no event: {text}"))
            .location
            .clone()
            .unwrap_or_else(|| panic!("no location: {text}"));
        (loc.name, loc.place, loc.country, loc.precision.name())
    }

    #[test]
    fn first_level_regions_locate_events() {
        let names = |t: (String, String, String, &'static str)| (t.0, t.2, t.3);
        let own = |a: &str, b: &str, c: &'static str| (a.to_string(), b.to_string(), c);
        assert_eq!(
            names(located(
                "Ukrainian troops attacked Russian forces in Donetsk Oblast on Monday."
            )),
            own("Donetsk Oblast", "UKR", "region")
        );
        assert_eq!(
            names(located("Police arrested rebels in Idlib province.")),
            own("Idlib province", "SYR", "region")
        );
        assert_eq!(
            names(located("Police arrested rebels in Bavaria.")),
            own("Bavaria", "DEU", "region")
        );
        assert_eq!(
            names(located("Police arrested rebels in Borno State on Friday.")),
            own("Borno State", "NGA", "region")
        );
        assert_eq!(
            names(located(
                "Police arrested rebels in the province of Helmand."
            )),
            own("Helmand", "AFG", "region")
        );
        // The place is the gazetteer's region, with its coordinates.
        let ev = code("Police arrested rebels in Idlib Governorate.");
        let loc = ev[0].location.as_ref().unwrap();
        assert_eq!(
            (loc.place.as_str(), loc.precision.name()),
            ("Idlib", "region")
        );
        assert!(loc.lat.is_some_and(|l| (l - 35.9).abs() < 1.0));
        assert!(loc.lon.is_some_and(|l| (l - 36.6).abs() < 1.0));
    }

    #[test]
    fn a_region_named_like_a_city_is_the_city_unless_the_text_says_region() {
        assert_eq!(
            located("Police arrested rebels in Idlib on Monday."),
            (
                "Idlib".to_string(),
                "Idlib".to_string(),
                "SYR".to_string(),
                "city"
            )
        );
        let (_, _, country, precision) =
            located("Ukrainian troops attacked Russian forces in Donetsk.");
        assert_eq!((country.as_str(), precision), ("UKR", "city"));
        let (_, _, country, precision) =
            located("Afghan police arrested rebels in Kabul province.");
        assert_eq!((country.as_str(), precision), ("AFG", "region"));
        // A capital the dictionary knows is the city, not the region of that name.
        let (_, _, country, precision) = located("American police arrested rebels in Washington.");
        assert_eq!((country.as_str(), precision), ("USA", "city"));
        // The events' countries, then size, decide between regions and places elsewhere.
        let (_, _, country, precision) = located("American police arrested rebels in Georgia.");
        assert_eq!((country.as_str(), precision), ("USA", "region"));
        let (_, _, country, precision) = located("Russian troops attacked rebels in Georgia.");
        assert_eq!((country.as_str(), precision), ("GEO", "country"));
        let (_, _, country, precision) = located("Police arrested rebels in Florida.");
        assert_eq!((country.as_str(), precision), ("USA", "region"));
    }

    #[test]
    fn region_names_never_become_actors() {
        // No actor, no event: a region is not a source.
        assert!(code("Bavaria attacked Ukraine.").is_empty());
        let ev = code("Police in Idlib province arrested rebels.");
        assert_eq!(ev.len(), 1, "{ev:?}");
        assert_eq!(ev[0].source.code.to_string(), "---COP");
        assert_eq!(ev[0].target.as_ref().unwrap().code.to_string(), "---REB");
    }

    #[test]
    fn dates_and_unknown_names_are_not_places() {
        let ev = code("Afghan police arrested rebels in March.");
        assert!(ev[0].location.is_none(), "{:?}", ev[0].location);
        let ev = code("Afghan police arrested rebels in Victoria Park.");
        assert!(ev[0].location.is_none(), "{:?}", ev[0].location);
        // Papua New Guinea's Gulf Province is not "the Gulf"; Nigeria's Rivers State needs
        // its designator.
        let ev = code("Police arrested rebels in the Gulf.");
        assert!(ev[0].location.is_none(), "{:?}", ev[0].location);
        let loc = code("Police arrested rebels in Rivers State.")[0]
            .location
            .clone()
            .expect("Rivers State");
        assert_eq!(
            (loc.country.as_str(), loc.precision.name()),
            ("NGA", "region")
        );
        // Paul is a region of Cape Verde, but not here; Seattle's Capitol Hill is in Seattle.
        let ev = code("Afghan police arrested rebels at Paul's Rally for the Republic.");
        assert!(ev[0].location.is_none(), "{:?}", ev[0].location);
        let ev = code("American police arrested rebels in Seattle's Capitol Hill.");
        assert_eq!(ev[0].location.as_ref().unwrap().place, "Seattle");
        // A capital that acts is still an actor, and no location.
        let ev = code("Moscow attacked Ukraine.");
        assert_eq!(ev[0].source.code.to_string(), "RUSGOV");
        assert!(ev[0].location.is_none());
    }
}
