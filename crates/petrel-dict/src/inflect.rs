//! English inflection for dictionary entries: verb forms for patterns, plurals for agents.
//!
//! Generation is deliberately generous: where English spelling is unpredictable (doubling of a
//! final consonant: "ban" -> "banned" but "visit" -> "visited") both forms are produced. A form
//! that never occurs in text costs nothing; a missing one loses events.

/// Which inflected form a token is (a verb form may be several: "met" is past and participle).
pub mod form {
    pub const BASE: u8 = 1;
    pub const THIRD: u8 = 2;
    pub const PAST: u8 = 4;
    pub const PARTICIPLE: u8 = 8;
    pub const GERUND: u8 = 16;
}

/// Irregular verbs: base, past, participle (variants separated by '/').
const IRREGULAR: &[(&str, &str, &str)] = &[
    ("arise", "arose", "arisen"),
    ("awake", "awoke", "awoken"),
    ("be", "was/were", "been"),
    ("bear", "bore", "borne/born"),
    ("beat", "beat", "beaten/beat"),
    ("become", "became", "become"),
    ("begin", "began", "begun"),
    ("bend", "bent", "bent"),
    ("bet", "bet", "bet"),
    ("bid", "bid", "bid"),
    ("bind", "bound", "bound"),
    ("bite", "bit", "bitten"),
    ("bleed", "bled", "bled"),
    ("blow", "blew", "blown"),
    ("break", "broke", "broken"),
    ("breed", "bred", "bred"),
    ("bring", "brought", "brought"),
    ("broadcast", "broadcast", "broadcast"),
    ("build", "built", "built"),
    ("burn", "burned/burnt", "burned/burnt"),
    ("burst", "burst", "burst"),
    ("buy", "bought", "bought"),
    ("cast", "cast", "cast"),
    ("catch", "caught", "caught"),
    ("choose", "chose", "chosen"),
    ("cling", "clung", "clung"),
    ("come", "came", "come"),
    ("cost", "cost", "cost"),
    ("creep", "crept", "crept"),
    ("cut", "cut", "cut"),
    ("deal", "dealt", "dealt"),
    ("dig", "dug", "dug"),
    ("do", "did", "done"),
    ("draw", "drew", "drawn"),
    ("drink", "drank", "drunk"),
    ("drive", "drove", "driven"),
    ("eat", "ate", "eaten"),
    ("fall", "fell", "fallen"),
    ("feed", "fed", "fed"),
    ("feel", "felt", "felt"),
    ("fight", "fought", "fought"),
    ("find", "found", "found"),
    ("flee", "fled", "fled"),
    ("fling", "flung", "flung"),
    ("fly", "flew", "flown"),
    ("forbid", "forbade/forbid", "forbidden"),
    ("forecast", "forecast", "forecast"),
    ("foresee", "foresaw", "foreseen"),
    ("forget", "forgot", "forgotten"),
    ("forgive", "forgave", "forgiven"),
    ("freeze", "froze", "frozen"),
    ("get", "got", "got/gotten"),
    ("give", "gave", "given"),
    ("go", "went", "gone"),
    ("grind", "ground", "ground"),
    ("grow", "grew", "grown"),
    ("hang", "hung/hanged", "hung/hanged"),
    ("have", "had", "had"),
    ("hear", "heard", "heard"),
    ("hide", "hid", "hidden"),
    ("hit", "hit", "hit"),
    ("hold", "held", "held"),
    ("hurt", "hurt", "hurt"),
    ("keep", "kept", "kept"),
    ("kneel", "knelt", "knelt"),
    ("know", "knew", "known"),
    ("lay", "laid", "laid"),
    ("lead", "led", "led"),
    ("lean", "leaned/leant", "leaned/leant"),
    ("leap", "leaped/leapt", "leaped/leapt"),
    ("learn", "learned/learnt", "learned/learnt"),
    ("leave", "left", "left"),
    ("lend", "lent", "lent"),
    ("let", "let", "let"),
    ("lie", "lay", "lain"),
    ("light", "lit/lighted", "lit/lighted"),
    ("lose", "lost", "lost"),
    ("make", "made", "made"),
    ("mean", "meant", "meant"),
    ("meet", "met", "met"),
    ("mislead", "misled", "misled"),
    ("mistake", "mistook", "mistaken"),
    ("outdo", "outdid", "outdone"),
    ("overcome", "overcame", "overcome"),
    ("overrun", "overran", "overrun"),
    ("oversee", "oversaw", "overseen"),
    ("overtake", "overtook", "overtaken"),
    ("overthrow", "overthrew", "overthrown"),
    ("pay", "paid", "paid"),
    ("put", "put", "put"),
    ("quit", "quit", "quit"),
    ("read", "read", "read"),
    ("rebuild", "rebuilt", "rebuilt"),
    ("redo", "redid", "redone"),
    ("rend", "rent", "rent"),
    ("reset", "reset", "reset"),
    ("rethink", "rethought", "rethought"),
    ("ride", "rode", "ridden"),
    ("ring", "rang", "rung"),
    ("rise", "rose", "risen"),
    ("run", "ran", "run"),
    ("say", "said", "said"),
    ("see", "saw", "seen"),
    ("seek", "sought", "sought"),
    ("sell", "sold", "sold"),
    ("send", "sent", "sent"),
    ("set", "set", "set"),
    ("shake", "shook", "shaken"),
    ("shed", "shed", "shed"),
    ("shoot", "shot", "shot"),
    ("show", "showed", "shown/showed"),
    ("shut", "shut", "shut"),
    ("sing", "sang", "sung"),
    ("sink", "sank", "sunk"),
    ("sit", "sat", "sat"),
    ("slay", "slew", "slain"),
    ("sleep", "slept", "slept"),
    ("slide", "slid", "slid"),
    ("sling", "slung", "slung"),
    ("slit", "slit", "slit"),
    ("speak", "spoke", "spoken"),
    ("speed", "sped", "sped"),
    ("spend", "spent", "spent"),
    ("spin", "spun", "spun"),
    ("split", "split", "split"),
    ("spread", "spread", "spread"),
    ("spring", "sprang", "sprung"),
    ("stand", "stood", "stood"),
    ("steal", "stole", "stolen"),
    ("stick", "stuck", "stuck"),
    ("sting", "stung", "stung"),
    ("strike", "struck", "struck/stricken"),
    ("strive", "strove", "striven"),
    ("swear", "swore", "sworn"),
    ("sweep", "swept", "swept"),
    ("swim", "swam", "swum"),
    ("swing", "swung", "swung"),
    ("take", "took", "taken"),
    ("teach", "taught", "taught"),
    ("tear", "tore", "torn"),
    ("tell", "told", "told"),
    ("think", "thought", "thought"),
    ("throw", "threw", "thrown"),
    ("thrust", "thrust", "thrust"),
    ("tread", "trod", "trodden"),
    ("undergo", "underwent", "undergone"),
    ("undermine", "undermined", "undermined"),
    ("understand", "understood", "understood"),
    ("undertake", "undertook", "undertaken"),
    ("undo", "undid", "undone"),
    ("uphold", "upheld", "upheld"),
    ("upset", "upset", "upset"),
    ("wake", "woke", "woken"),
    ("wear", "wore", "worn"),
    ("weave", "wove", "woven"),
    ("weep", "wept", "wept"),
    ("win", "won", "won"),
    ("wind", "wound", "wound"),
    ("withdraw", "withdrew", "withdrawn"),
    ("withhold", "withheld", "withheld"),
    ("withstand", "withstood", "withstood"),
    ("write", "wrote", "written"),
];

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Final consonant-vowel-consonant ("ban", "admit"): the doubling candidates.
fn ends_cvc(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 3
        && !is_vowel(b[b.len() - 1])
        && !matches!(b[b.len() - 1], b'w' | b'x' | b'y')
        && is_vowel(b[b.len() - 2])
        && !is_vowel(b[b.len() - 3])
}

/// Every inflected form of a verb lemma with the forms it can be. The lemma itself is included.
pub fn verb_forms(lemma: &str) -> Vec<(String, u8)> {
    use form::*;
    let mut out: Vec<(String, u8)> = Vec::new();
    let mut add = |s: String, f: u8| {
        if let Some(e) = out.iter_mut().find(|(w, _)| *w == s) {
            e.1 |= f;
        } else {
            out.push((s, f));
        }
    };
    add(lemma.to_string(), BASE);
    if lemma == "be" {
        for w in ["is", "are", "am", "'s", "'re", "'m"] {
            add(w.into(), THIRD);
        }
        add("was".into(), PAST);
        add("were".into(), PAST);
        add("been".into(), PARTICIPLE);
        add("being".into(), GERUND);
        return out;
    }
    if lemma == "have" {
        add("has".into(), THIRD);
    } else {
        add(third_person(lemma), THIRD);
    }
    if let Some(&(_, past, part)) = IRREGULAR.iter().find(|(b, _, _)| *b == lemma) {
        for p in past.split('/') {
            add(p.to_string(), PAST);
        }
        for p in part.split('/') {
            add(p.to_string(), PARTICIPLE);
        }
    } else {
        for p in regular_past(lemma) {
            add(p, PAST | PARTICIPLE);
        }
    }
    for g in gerunds(lemma) {
        add(g, GERUND);
    }
    out
}

fn third_person(w: &str) -> String {
    let b = w.as_bytes();
    if w.ends_with('s')
        || w.ends_with('x')
        || w.ends_with('z')
        || w.ends_with("ch")
        || w.ends_with("sh")
    {
        format!("{w}es")
    } else if w.ends_with('y') && b.len() >= 2 && !is_vowel(b[b.len() - 2]) {
        format!("{}ies", &w[..w.len() - 1])
    } else if w.ends_with('o') && b.len() >= 2 && !is_vowel(b[b.len() - 2]) {
        format!("{w}es")
    } else {
        format!("{w}s")
    }
}

fn regular_past(w: &str) -> Vec<String> {
    let b = w.as_bytes();
    if w.ends_with('e') {
        return vec![format!("{w}d")];
    }
    if w.ends_with('y') && b.len() >= 2 && !is_vowel(b[b.len() - 2]) {
        return vec![format!("{}ied", &w[..w.len() - 1])];
    }
    if w.ends_with('c') {
        return vec![format!("{w}ked"), format!("{w}ed")];
    }
    let mut v = vec![format!("{w}ed")];
    if ends_cvc(w) {
        v.push(format!("{w}{}ed", &w[w.len() - 1..]));
    }
    v
}

fn gerunds(w: &str) -> Vec<String> {
    if let Some(stem) = w.strip_suffix("ie") {
        return vec![format!("{stem}ying")];
    }
    if w.ends_with('e')
        && !w.ends_with("ee")
        && !w.ends_with("ye")
        && !w.ends_with("oe")
        && w.len() > 2
    {
        return vec![format!("{}ing", &w[..w.len() - 1])];
    }
    if w.ends_with('c') {
        return vec![format!("{w}king"), format!("{w}ing")];
    }
    let mut v = vec![format!("{w}ing")];
    if ends_cvc(w) {
        v.push(format!("{w}{}ing", &w[w.len() - 1..]));
    }
    v
}

/// The regular plural of a noun phrase's last word.
pub fn plural(phrase: &str) -> String {
    let (head, last) = match phrase.rfind(' ') {
        Some(i) => (&phrase[..=i], &phrase[i + 1..]),
        None => ("", phrase),
    };
    let b = last.as_bytes();
    let p = if last.ends_with("man") && !last.ends_with("human") && last != "german" {
        format!("{}men", &last[..last.len() - 3])
    } else if last.ends_with('s')
        || last.ends_with('x')
        || last.ends_with('z')
        || last.ends_with("ch")
        || last.ends_with("sh")
    {
        format!("{last}es")
    } else if last.ends_with('y') && b.len() >= 2 && !is_vowel(b[b.len() - 2]) {
        format!("{}ies", &last[..last.len() - 1])
    } else if let Some(stem) = last.strip_suffix("fe") {
        format!("{stem}ves")
    } else {
        format!("{last}s")
    };
    format!("{head}{p}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(lemma: &str) -> Vec<String> {
        verb_forms(lemma).into_iter().map(|(w, _)| w).collect()
    }

    fn has(lemma: &str, w: &str, f: u8) -> bool {
        verb_forms(lemma).iter().any(|(x, k)| x == w && k & f != 0)
    }

    #[test]
    fn irregular_and_regular_verbs() {
        use form::*;
        assert!(has("meet", "met", PAST) && has("meet", "met", PARTICIPLE));
        assert!(has("meet", "meeting", GERUND));
        assert!(has("impose", "imposed", PAST) && has("impose", "imposing", GERUND));
        assert!(has("ban", "banned", PAST) && has("ban", "banning", GERUND));
        assert!(has("visit", "visited", PARTICIPLE));
        assert!(has("deny", "denies", THIRD) && has("deny", "denied", PAST));
        assert!(has("veto", "vetoes", THIRD));
        assert!(has("discuss", "discusses", THIRD));
        assert!(has("be", "was", PAST) && has("be", "been", PARTICIPLE));
        assert!(has("panic", "panicked", PAST));
        assert!(has("strike", "struck", PAST));
        assert!(!forms("meet").contains(&"meeted".to_string()));
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("minister"), "ministers");
        assert_eq!(plural("spokesman"), "spokesmen");
        assert_eq!(plural("militia"), "militias");
        assert_eq!(plural("army"), "armies");
        assert_eq!(plural("embassy"), "embassies");
        assert_eq!(plural("boss"), "bosses");
        assert_eq!(plural("defense minister"), "defense ministers");
        assert_eq!(plural("human"), "humans");
    }
}
