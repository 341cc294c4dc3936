//! Coder tests on small sentences with a dictionary written for them.

use super::*;
use petrel_dict::DictionaryBuilder;

const DICT: &str = "\
country RUS Russia
  name Russia
  adjective Russian
  capital Moscow
  seat Kremlin = GOV
country USA United States
  name United States; US; U.S.
  adjective American; US; U.S.
  capital Washington
  seat Congress = LEG; Pentagon = MIL
country UKR Ukraine
  name Ukraine
country AUS Australia
  name Australia
  adjective Australian
igo IGOEUREEC European Union
  name European Union; EU
person Sergei Shoigu
  role RUSMIL 2012-11-06..2024-05-12 defence minister
person Jon Huntsman
  role USAGOV 2017-10-03..2019-10-03 ambassador to Russia
person Stephen Smith
  role AUSGOV 2007-12-03..2010-09-14 foreign minister
  role AUSMIL 2010-09-14..2013-09-18 defence minister
agent GOV
  ambassador; minister; official
agent MIL
  defense minister; general; troops {}
agent COP
  police
040 meet + {recip}
040 meet {recip}
040 discuss {recip}
040 hold * meeting|talks {recip}
163 impose * sanctions on|against +
190 attack +
192 annex +
166 order + to
";

fn dict() -> Dictionary {
    let mut b = DictionaryBuilder::new();
    b.add_text("dictionaries/test.txt", DICT);
    let d = b.build();
    assert!(d.problems.is_empty(), "{:?}", d.problems);
    d
}

fn code(text: &str, date: &str) -> Vec<String> {
    let d = dict();
    let coder = Coder::new(&d, CoderOptions::default());
    let doc = Document {
        id: "t".into(),
        text: text.into(),
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
        ..Document::default()
    };
    let c = coder.code_document(&doc);
    c.events()
        .map(|e| {
            format!(
                "{}>{} {} {}{}{}",
                e.source.code,
                e.target
                    .as_ref()
                    .map(|t| t.code.to_string())
                    .unwrap_or_default(),
                e.cameo,
                e.date.map(|d| d.iso()).unwrap_or_default(),
                if e.negated { " neg" } else { "" },
                if e.hypothetical { " hyp" } else { "" },
            )
        })
        .collect()
}

#[test]
fn compound_subject_with_reciprocal_verb_and_dated_roles() {
    let ev = code(
        "The ministry says Defense Minister Sergei Shoigu and U.S. Ambassador to Russia Jon Huntsman have discussed relations on November 2.",
        "2017-11-02",
    );
    assert_eq!(
        ev,
        [
            "RUSMIL>USAGOV 040 2017-11-02",
            "USAGOV>RUSMIL 040 2017-11-02"
        ]
    );
}

#[test]
fn roles_outside_their_dates_do_not_apply() {
    // Before their first office here, both are only of their countries; after Huntsman's,
    // he is a former official (ELI) while Shoigu is defence minister.
    assert_eq!(
        code("Sergei Shoigu met Jon Huntsman.", "2010-01-01"),
        ["RUS>USA 040 2010-01-01", "USA>RUS 040 2010-01-01"]
    );
    assert_eq!(
        code("Sergei Shoigu met Jon Huntsman.", "2020-01-01"),
        [
            "RUSMIL>USAELI 040 2020-01-01",
            "USAELI>RUSMIL 040 2020-01-01"
        ]
    );
}

#[test]
fn without_a_date_the_title_picks_among_a_persons_roles() {
    // Undated, the title the text gives decides: the foreign minister, not the later defence
    // minister. Untitled, the latest role; dated, the role on that day.
    let titled = "Australian Foreign Minister Stephen Smith met Jon Huntsman.";
    assert_eq!(
        code(titled, ""),
        ["AUSGOV>USAGOV 040 ", "USAGOV>AUSGOV 040 "]
    );
    assert_eq!(
        code("Stephen Smith met Jon Huntsman.", ""),
        ["AUSMIL>USAGOV 040 ", "USAGOV>AUSMIL 040 "]
    );
    assert_eq!(
        code(titled, "2012-01-01"),
        ["AUSMIL>USA 040 2012-01-01", "USA>AUSMIL 040 2012-01-01"]
    );
}

#[test]
fn compound_adjectives_expand_never_fuse() {
    let ev = code(
        "Russian and US generals held a meeting in September.",
        "2017-10-06",
    );
    assert_eq!(
        ev,
        ["RUSMIL>USAMIL 040 2017-09", "USAMIL>RUSMIL 040 2017-09"]
    );
}

#[test]
fn compound_source_list() {
    let ev = code(
        "The United States and the European Union have imposed sanctions on Russia.",
        "2017-11-02",
    );
    assert_eq!(
        ev,
        ["USA>RUS 163 2017-11-02", "IGOEUREEC>RUS 163 2017-11-02"]
    );
}

#[test]
fn passive_voice_swaps_roles() {
    assert_eq!(
        code("Ukraine was attacked by Russian troops.", "2017-01-01"),
        ["RUSMIL>UKR 190 2017-01-01"]
    );
}

#[test]
fn negation_without_a_negated_code_gives_nothing() {
    assert!(code("Russia did not attack Ukraine.", "2017-01-01").is_empty());
}

#[test]
fn modality_sets_hypothetical() {
    assert_eq!(
        code("Moscow could attack Ukraine.", "2017-01-01"),
        ["RUSGOV>UKR 190 2017-01-01 hyp"]
    );
}

#[test]
fn intent_wrapper_recodes_into_root_03_and_13() {
    assert_eq!(
        code("Russia plans to meet the United States.", "2017-01-01"),
        ["RUS>USA 036 2017-01-01", "USA>RUS 036 2017-01-01"]
    );
    assert_eq!(
        code("Russia threatened to attack Ukraine.", "2017-01-01"),
        ["RUS>UKR 1384 2017-01-01"]
    );
}

#[test]
fn a_date_after_the_verb_breaks_no_pattern() {
    // A weekday is a date even in a text without a date to resolve it against.
    assert_eq!(
        code("Russia threatened on Monday to attack Ukraine.", ""),
        ["RUS>UKR 1384 "]
    );
    assert_eq!(
        code("Russia imposed on Friday sanctions on Ukraine.", ""),
        ["RUS>UKR 163 "]
    );
    // A date the date finder resolved, with its preposition, and the event takes its date.
    assert_eq!(
        code(
            "Russia threatened in March 2014 to attack Ukraine.",
            "2014-05-01"
        ),
        ["RUS>UKR 1384 2014-03"]
    );
}

#[test]
fn reported_speech_codes_the_embedded_event() {
    assert_eq!(
        code(
            "The Kremlin said Moscow annexed Ukraine in March 2014.",
            "2017-11-02"
        ),
        ["RUSGOV>UKR 192 2014-03"]
    );
}

#[test]
fn statement_only_when_nothing_else() {
    assert_eq!(
        code("Moscow said nothing new.", "2017-11-02"),
        ["RUSGOV> 010 2017-11-02"]
    );
}

/// How many words of each sentence the coder parsed, and of how many (0 of n: not parsed).
fn parsed_words(text: &str) -> Vec<(usize, usize)> {
    let d = dict();
    let coder = Coder::new(&d, CoderOptions::default());
    let doc = Document {
        id: "t".into(),
        text: text.into(),
        ..Document::default()
    };
    coder
        .code_document(&doc)
        .sentences
        .iter()
        .map(|s| {
            let n = s.sentence.tokens.len();
            (s.parse.as_ref().map_or(0, |p| p.parsed), n)
        })
        .collect()
}

#[test]
fn a_statement_is_parsed_only_as_far_as_its_speaker_needs() {
    let text = "Russian Defense Minister Sergei Shoigu said on Monday that the grain harvest \
                in the southern regions had been the largest in a decade despite the drought.";
    // "said" is the sixth word and ends the predicate: six words, then seven more.
    assert_eq!(parsed_words(text), [(13, 27)]);
    assert_eq!(code(text, "2017-11-02"), ["RUSMIL> 010 2017-10-30"]);
    // Where the parse is read after the verb, the whole sentence is parsed: the listener of
    // "told", the one an obligation falls on, a speaker that may come after the verb.
    for text in [
        "Russian Defense Minister Sergei Shoigu told reporters on Monday that the grain \
         harvest in the southern regions had been the largest in a decade.",
        "Russian Defense Minister Sergei Shoigu said on Monday that the farmers in the \
         southern regions must bring in the largest harvest in a decade.",
        "The grain harvest in the southern regions had been the largest in a decade, said \
         Russian Defense Minister Sergei Shoigu on Monday.",
    ] {
        let [(parsed, n)] = parsed_words(text)[..] else {
            panic!("one sentence: {text}")
        };
        assert_eq!(parsed, n, "{text}");
    }
    // A sentence with an event is parsed whole.
    let text = "The Kremlin said Russia would impose sanctions on the United States because \
                of the new tariffs on steel and aluminium announced in Washington last week.";
    let [(parsed, n)] = parsed_words(text)[..] else {
        panic!("one sentence")
    };
    assert_eq!(parsed, n);
}

#[test]
fn statements_need_a_speaking_verb() {
    // "state" is a noun here, and "was reported" is no statement by Russia.
    assert!(code(
        "The US government has donated 250 state-of-the-art ventilators.",
        "2017-11-02"
    )
    .is_empty());
    assert!(code("Russia was reported absent.", "2017-11-02").is_empty());
    assert!(code(
        "All other US states with elections delayed them.",
        "2020-04-01"
    )
    .is_empty());
    assert_eq!(
        code("The US states that the talks failed.", "2020-04-01"),
        ["USA> 010 2020-04-01"]
    );
    assert_eq!(
        code("Russia is saying nothing.", "2017-11-02"),
        ["RUS> 010 2017-11-02"]
    );
}

#[test]
fn parse_finds_subjects_and_targets() {
    // Control: Russia meets; the target comes from the verb's object.
    assert_eq!(
        code("Russia agreed to meet the United States.", "2017-11-02"),
        ["RUS>USA 036 2017-11-02", "USA>RUS 036 2017-11-02"]
    );
    // An apposition between subject and verb: the shallow rules would take the nearest actor.
    assert_eq!(
        code(
            "Russia, a neighbour of Ukraine, attacked the European Union.",
            "2017-11-02"
        ),
        ["RUS>IGOEUREEC 190 2017-11-02"]
    );
}

#[test]
fn object_infinitive_is_not_its_own_event_and_places_are_not_actors() {
    let ev = code(
        "The United States ordered Russia to attack nobody in Moscow.",
        "2017-11-02",
    );
    assert_eq!(ev, ["USA>RUS 166 2017-11-02"]);
}

#[test]
fn coordinated_verb_shares_the_subject() {
    let ev = code(
        "Moscow annexed Crimea in March 2014 and attacked Ukraine.",
        "2017-11-02",
    );
    assert_eq!(ev, ["RUSGOV>UKR 190 2014-03"]);
}

#[test]
fn no_pattern_no_event() {
    assert!(code(
        "Russia and Ukraine exchanged views on the weather.",
        "2017-01-01"
    )
    .is_empty());
}

#[test]
fn surname_links_to_an_earlier_full_name() {
    let ev = code(
        "Jon Huntsman arrived. Later Huntsman met Russian officials.",
        "2017-11-02",
    );
    assert!(
        ev.contains(&"USAGOV>RUSGOV 040 2017-11-02".to_string()),
        "{ev:?}"
    );
}

#[test]
fn actors_without_a_country_take_a_clear_home_country() {
    // Russia is named three times (the capital as a place does not count), Ukraine once: the
    // troops are Russian, and the event says the country was inferred.
    let d = dict();
    let coder = Coder::new(&d, CoderOptions::default());
    let doc = Document {
        id: "t".into(),
        text: "Russia held a parade in Moscow. Russia staged new drills. The Kremlin spoke. \
               Troops attacked Ukraine."
            .into(),
        ..Document::default()
    };
    let c = coder.code_document(&doc);
    let e: Vec<&Event> = c.events().collect();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].source.code.to_string(), "RUSMIL");
    assert!(e[0].source.country_inferred);
    assert!(e[0].target.as_ref().is_some_and(|t| !t.country_inferred));
    assert!(
        e[0].rule.ends_with(
            "[source country RUS from the document, which names it 3 times, twice as often as any other]"
        ),
        "{}",
        e[0].rule
    );

    // Police act where they live: the event's place gives their country before the document.
    assert_eq!(
        code(
            "Police attacked the United States in Ukraine. Russia staged drills. Russia held a parade.",
            "2020-01-01"
        ),
        vec!["UKRCOP>USA 190 2020-01-01"]
    );
    // Troops travel: the place where they act does not make them its own.
    assert_eq!(
        code(
            "Troops attacked the United States in Ukraine. Russia staged drills. Russia held a parade.",
            "2020-01-01"
        ),
        vec!["RUSMIL>USA 190 2020-01-01"]
    );

    // The headline's place outranks the count of names.
    let doc = Document {
        id: "t".into(),
        title: Some("Clashes in Ukraine".into()),
        text: "Russia staged drills. Russia held a parade. Troops attacked the United States."
            .into(),
        ..Document::default()
    };
    let c = coder.code_document(&doc);
    let e: Vec<&Event> = c.events().collect();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].source.code.to_string(), "UKRMIL");
    assert!(e[0]
        .rule
        .ends_with("[source country UKR from the headline's place, Ukraine]"));

    // Three countries named once each: no home country, no guess.
    assert_eq!(
        code(
            "Russia met the United States. Troops attacked Ukraine.",
            "2020-01-01"
        ),
        vec![
            "RUS>USA 040 2020-01-01",
            "USA>RUS 040 2020-01-01",
            "---MIL>UKR 190 2020-01-01"
        ]
    );
}

/// Codes with the shallow rules alone (no parse), with extra dictionary lines.
fn code_shallow(extra: &str, text: &str) -> Vec<String> {
    let mut b = DictionaryBuilder::new();
    b.add_text("dictionaries/test.txt", &format!("{DICT}{extra}"));
    let d = b.build();
    assert!(d.problems.is_empty(), "{:?}", d.problems);
    let coder = Coder::new(
        &d,
        CoderOptions {
            syntax: None,
            ..CoderOptions::default()
        },
    );
    let doc = Document {
        id: "t".into(),
        text: text.into(),
        ..Document::default()
    };
    let c = coder.code_document(&doc);
    c.events()
        .map(|e| {
            let target = e.target.as_ref().map(|t| t.code.to_string());
            format!(
                "{}>{} {}",
                e.source.code,
                target.unwrap_or_default(),
                e.cameo
            )
        })
        .collect()
}

#[test]
fn a_directed_phrase_after_a_targetless_pattern_names_its_target() {
    let extra = "085 lift * sanctions\n";
    assert_eq!(
        code_shallow(extra, "The EU lifted sanctions imposed on Russia."),
        ["IGOEUREEC>RUS 085"]
    );
    assert_eq!(
        code_shallow(extra, "The EU lifted sanctions against the Kremlin."),
        ["IGOEUREEC>RUSGOV 085"]
    );
    // A purpose is not a direction, and "from" does not name whom an act is aimed at.
    assert_eq!(
        code_shallow(extra, "The EU lifted sanctions to help Russia."),
        ["IGOEUREEC> 085"]
    );
    assert_eq!(
        code_shallow(extra, "The EU lifted sanctions from Russia."),
        ["IGOEUREEC> 085"]
    );
}

#[test]
fn a_place_that_ends_a_personal_name_is_no_actor() {
    let targets = |text: &str| -> Vec<String> {
        code(text, "2024-05-01")
            .into_iter()
            .map(|e| e.split(' ').next().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(targets("Russia attacked Washington."), ["RUS>USAGOV"]);
    // "Denzel" is capitalised mid-sentence and no actor: the two words are a name.
    assert!(
        !targets("Russia attacked the actor Denzel Washington.")
            .iter()
            .any(|e| e.contains("USA")),
        "{:?}",
        targets("Russia attacked the actor Denzel Washington.")
    );
    // A direction before a place does not make a name, nor does a sentence's first word.
    assert_eq!(targets("Russia attacked Western Ukraine."), ["RUS>UKR"]);
    assert_eq!(targets("Washington attacked Russia."), ["USAGOV>RUS"]);
}

#[test]
fn the_actor_after_a_reporting_verb_speaks_only_after_a_quote() {
    let events = |text: &str| -> Vec<String> {
        code(text, "2024-05-01")
            .into_iter()
            .map(|e| e.split(' ').take(2).collect::<Vec<_>>().join(" "))
            .collect()
    };
    assert_eq!(events("\"We are ready,\" said Russia."), ["RUS> 010"]);
    // What is said, and whom it is told, is not the speaker.
    assert!(events("The company said Russia was ready.").is_empty());
    assert!(events("The company told Russia it was ready.").is_empty());
}
