//! Closed-class English words the shallow coder reasons with: auxiliaries, prepositions, clause
//! boundaries, reporting verbs, and the verbs that wrap another event ("plans to", "threatened
//! to", "refused to"). These are grammar, not dictionary content, so they live in code.

pub fn is_auxiliary(k: &str) -> bool {
    matches!(
        k,
        "has"
            | "have"
            | "had"
            | "having"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "am"
            | "will"
            | "would"
            | "shall"
            | "should"
            | "can"
            | "could"
            | "may"
            | "might"
            | "must"
            | "do"
            | "does"
            | "did"
            | "'s"
            | "'ve"
            | "'d"
            | "'ll"
            | "'re"
            | "wo"
            | "ca"
    )
}

pub fn is_be(k: &str) -> bool {
    matches!(
        k,
        "is" | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "am"
            | "'s"
            | "'re"
            | "get"
            | "gets"
            | "got"
            | "getting"
    )
}

/// Modal auxiliaries that make an event hypothetical.
pub fn is_modal(k: &str) -> bool {
    matches!(k, "may" | "might" | "could" | "would" | "should" | "can")
}

pub fn is_negation(k: &str) -> bool {
    matches!(k, "not" | "n't" | "never")
}

/// Adverbs that sit inside a verb group ("also discussed", "have jointly signed").
pub fn is_group_adverb(k: &str) -> bool {
    (k.len() > 4
        && k.ends_with("ly")
        && !matches!(
            k,
            "italy" | "supply" | "reply" | "rally" | "apply" | "ally" | "family" | "assembly"
        ))
        || matches!(
            k,
            "also"
                | "already"
                | "still"
                | "just"
                | "again"
                | "then"
                | "now"
                | "later"
                | "first"
                | "twice"
                | "once"
                | "soon"
                | "yet"
                | "even"
                | "ever"
                | "further"
                | "reportedly"
                | "allegedly"
                | "not"
                | "n't"
                | "never"
                | "previously"
                | "since"
                | "long"
                | "often"
                | "together"
        )
}

pub fn is_preposition(k: &str) -> bool {
    matches!(
        k,
        "in" | "at"
            | "on"
            | "of"
            | "to"
            | "for"
            | "with"
            | "from"
            | "by"
            | "about"
            | "against"
            | "between"
            | "among"
            | "into"
            | "onto"
            | "over"
            | "under"
            | "near"
            | "across"
            | "through"
            | "throughout"
            | "during"
            | "after"
            | "before"
            | "since"
            | "until"
            | "within"
            | "without"
            | "inside"
            | "outside"
            | "around"
            | "toward"
            | "towards"
            | "via"
            | "per"
            | "amid"
            | "despite"
            | "like"
            | "including"
            | "following"
            | "upon"
            | "beyond"
            | "behind"
            | "along"
            | "than"
            | "as"
            | "involving"
            | "regarding"
            | "concerning"
            | "alongside"
            | "beside"
            | "besides"
    )
}

/// Words that end the search for a verb's subject: the subject is inside the same clause.
pub fn is_clause_boundary(k: &str) -> bool {
    matches!(
        k,
        "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "where"
            | "when"
            | "while"
            | "because"
            | "although"
            | "though"
            | "whereas"
            | "if"
            | "unless"
            | "whether"
            | "so"
            | ";"
            | ":"
            | "\""
            | "("
            | ")"
            | "--"
            | "-"
            | "?"
            | "!"
    )
}

/// Determiners and other words an actor phrase may start with.
pub fn is_determiner(k: &str) -> bool {
    matches!(
        k,
        "the"
            | "a"
            | "an"
            | "other"
            | "some"
            | "several"
            | "both"
            | "all"
            | "two"
            | "three"
            | "many"
            | "its"
            | "their"
            | "his"
            | "her"
            | "top"
            | "senior"
            | "new"
            | "former"
            | "acting"
            | "then"
    )
}

/// Words that may stand between a nationality adjective and its head ("Russian special forces").
pub fn is_modifier_filler(k: &str) -> bool {
    !is_preposition(k)
        && !is_auxiliary(k)
        && !is_clause_boundary(k)
        && !matches!(
            k,
            "and"
                | "or"
                | "but"
                | ","
                | "."
                | "the"
                | "a"
                | "an"
                | "he"
                | "she"
                | "it"
                | "they"
                | "we"
                | "i"
        )
}

/// Verbs of saying: clause boundaries for the embedded event, and the 010 fallback.
pub const SAY_VERBS: &[&str] = &[
    "say",
    "tell",
    "state",
    "announce",
    "add",
    "report",
    "claim",
    "insist",
    "note",
    "stress",
    "declare",
    "write",
    "explain",
    "argue",
    "believe",
    "think",
    "comment",
    "assert",
    "affirm",
    "remark",
    "reiterate",
    "confirm",
    "suggest",
    "indicate",
    "emphasize",
    "emphasise",
    "maintain",
    "quote",
    "acknowledge",
    "warn",
    "predict",
    "recall",
    "mention",
    "tweet",
    "post",
];

/// Verbs whose infinitive complement is an intention: "plans to meet" = intent to meet (03x).
pub const INTENT_VERBS: &[&str] = &[
    "intend",
    "plan",
    "want",
    "hope",
    "seek",
    "offer",
    "pledge",
    "promise",
    "vow",
    "agree",
    "aim",
    "wish",
    "decide",
    "expect",
    "prepare",
    "propose",
    "commit",
    "undertake",
    "resolve",
    "try",
    "attempt",
];

/// Adjectives that do the same after "be": "is ready to talk".
pub const INTENT_ADJECTIVES: &[&str] = &[
    "ready",
    "willing",
    "prepared",
    "eager",
    "keen",
    "determined",
    "open",
];

/// "threatened to", "warned it would": threats (13x).
pub const THREAT_VERBS: &[&str] = &["threaten", "warn", "vow"];

/// "refused to meet": rejections (12x).
pub const REFUSAL_VERBS: &[&str] = &["refuse", "decline", "fail", "reject"];

/// Head nouns of institutions: a singular phrase ending in one is "it", not "he" or "she".
pub fn is_institution(k: &str) -> bool {
    matches!(
        k,
        "government"
            | "administration"
            | "ministry"
            | "army"
            | "force"
            | "military"
            | "police"
            | "navy"
            | "council"
            | "parliament"
            | "court"
            | "party"
            | "agency"
            | "department"
            | "office"
            | "commission"
            | "committee"
            | "assembly"
            | "congress"
            | "senate"
            | "cabinet"
            | "regime"
            | "authority"
            | "coalition"
            | "alliance"
            | "movement"
            | "front"
            | "organisation"
            | "organization"
            | "union"
            | "federation"
            | "association"
            | "bank"
            | "fund"
            | "legislature"
            | "junta"
            | "presidency"
    )
}

/// Nouns of those who speak for a body: "a spokesman for the Taliban" is the Taliban's, as "a
/// spokesman of the Taliban" is.
pub fn is_spokesperson_noun(k: &str) -> bool {
    matches!(
        k,
        "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "spokesmen"
            | "spokeswomen"
            | "spokespeople"
            | "spokespersons"
    )
}

/// Nouns of people and bodies accredited to a country or body: "ambassador to Russia", "envoy
/// to Syria", "Ukraine's mission to the EU". Only these take a "to" phrase as a modifier;
/// "sending a platoon to Kuwait" names where the platoon goes.
pub fn is_diplomat_noun(k: &str) -> bool {
    matches!(
        k,
        "ambassador"
            | "ambassadors"
            | "envoy"
            | "envoys"
            | "representative"
            | "representatives"
            | "delegate"
            | "delegates"
            | "delegation"
            | "delegations"
            | "emissary"
            | "emissaries"
            | "consul"
            | "consuls"
            | "mission"
            | "missions"
            | "commissioner"
            | "commissioners"
            | "chargé"
            | "nuncio"
            | "attaché"
            | "attache"
    )
}

/// Pronouns that refer to a person.
pub fn is_person_pronoun(k: &str) -> bool {
    matches!(k, "he" | "she")
}

/// Words between the preposition and the name that keep the name a place ("in eastern
/// Ukraine", "in the city of Aleppo", "in Syria's north").
pub fn is_place_filler(k: &str) -> bool {
    crate::actors::is_direction(k)
        || matches!(
            k,
            "downtown"
                | "city"
                | "town"
                | "village"
                | "capital"
                | "province"
                | "region"
                | "state"
                | "governorate"
                | "oblast"
                | "prefecture"
                | "port"
                | "of"
                | "part"
                | "parts"
                | "area"
                | "areas"
                | "outskirts"
        )
}

/// Nouns of a site that an agent noun before it describes: "a military base", "a police
/// station", "an army checkpoint".
pub fn is_site_noun(k: &str) -> bool {
    matches!(
        k,
        "base"
            | "bases"
            | "airbase"
            | "camp"
            | "camps"
            | "compound"
            | "headquarters"
            | "station"
            | "stations"
            | "post"
            | "posts"
            | "outpost"
            | "outposts"
            | "checkpoint"
            | "checkpoints"
            | "barracks"
            | "depot"
            | "depots"
            | "facility"
            | "facilities"
            | "installation"
            | "installations"
            | "building"
            | "buildings"
            | "airfield"
    )
}

/// Prepositions after which a bare country or capital is a place ("talks in Moscow").
pub fn is_locative(k: &str) -> bool {
    matches!(
        k,
        "in" | "at"
            | "near"
            | "across"
            | "throughout"
            | "inside"
            | "outside"
            | "around"
            | "within"
            | "into"
            | "from"
            | "via"
    )
}

/// Agent terms written without a plural (`{}` in the agents file) that are plurals
/// themselves. ("people" is not among them yet: what "he said" then refers to changes in
/// a hundred Reuters sentences, which want reading first.)
pub fn is_plural_only(words: &str) -> bool {
    ["families", "households"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(words))
}

/// Nouns that name an actor by its relation to another and may stand before its name: "its
/// closest ally the UK", "their neighbour Qatar".
pub fn is_relation_noun(k: &str) -> bool {
    matches!(
        k,
        "ally"
            | "allies"
            | "partner"
            | "partners"
            | "neighbour"
            | "neighbours"
            | "neighbor"
            | "neighbors"
            | "rival"
            | "rivals"
            | "foe"
            | "foes"
            | "enemy"
            | "enemies"
            | "adversary"
            | "adversaries"
    )
}

/// Words of quantity that may stand before an actor: "at least 81 people", "dozens of members".
pub fn is_quantity_word(k: &str) -> bool {
    matches!(
        k,
        "at" | "least"
            | "more"
            | "than"
            | "nearly"
            | "about"
            | "around"
            | "almost"
            | "over"
            | "some"
            | "up"
            | "to"
            | "dozens"
            | "hundreds"
            | "thousands"
            | "scores"
            | "of"
            | "several"
            | "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "a"
            | "dozen"
            | "hundred"
            | "thousand"
            | "million"
            | "estimated"
            | "another"
    )
}

/// Whether the phrase starting at `start` is the object of a verb that moves people out of a
/// place ("withdrew peacekeepers from Rwanda", "evacuated diplomats from Sudan", "pulled out
/// troops from"): its "from" phrase is where they leave, not whose they are. Determiners and
/// numbers may stand between ("withdrew all 2,500 peacekeepers").
pub fn moved_out_at(tokens: &[petrel_text::Token], start: usize) -> bool {
    let key = |k: usize| tokens.get(k).map_or("", |t| t.key.as_str());
    let mut k = start;
    while k > 0
        && (matches!(key(k - 1), "the" | "all" | "its" | "their")
            || is_quantity_word(key(k - 1))
            || key(k - 1).starts_with(|c: char| c.is_ascii_digit()))
    {
        k -= 1;
    }
    if k == 0 {
        return false;
    }
    let verb = key(k - 1);
    let out = verb == "out" && k >= 2 && key(k - 2).starts_with("pull");
    out || matches!(
        verb,
        "withdraw"
            | "withdraws"
            | "withdrew"
            | "withdrawn"
            | "withdrawing"
            | "evacuate"
            | "evacuates"
            | "evacuated"
            | "evacuating"
            | "recall"
            | "recalls"
            | "recalled"
            | "recalling"
    )
}

/// Words that may stand between a country's "'s" and its agent, describing the agent only:
/// "Yemen's warring parties", "Libya's two rival governments". Not ranks ("Canada's largest
/// bank"): in business news they made statements of companies named only in apposition.
pub fn is_describing_word(k: &str) -> bool {
    matches!(
        k,
        "warring" | "rival" | "feuding" | "main" | "ruling" | "two" | "three" | "both" | "various"
    )
}

/// A possessive determiner: what marks a phrase as someone's own ("its troops").
pub fn is_possessive(k: &str) -> bool {
    matches!(k, "its" | "their" | "his" | "her" | "our")
}

/// Whether a possessive stands at token `start` or just before it: the phrase that starts
/// there is someone's own ("its troops", "their peacekeeping mission").
pub fn owned_at(tokens: &[petrel_text::Token], start: usize) -> bool {
    (start.saturating_sub(1)..=start).any(|k| tokens.get(k).is_some_and(|t| is_possessive(&t.key)))
}
