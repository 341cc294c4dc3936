//! The dependency parse of a sentence as the coder reads it: which words are verbs, and which
//! phrase is the subject, object or agent of a verb.
//!
//! The parse comes from petrel's own models ([`petrel_syntax`]), run on the sentence's tokens as
//! the segmenter cut them (clitics split as UD EWT splits them). The coder asks:
//!
//! * is this word a verb here? Only then does it read the verb's roles from the parse; a pattern
//!   matched on a noun ("military aid to Egypt") keeps the shallow rules;
//! * who is the subject of this verb? (`nsubj`, `nsubj:pass`; a coordinated verb without its own
//!   subject shares its head's; an infinitive complement takes its controller's: "X agreed to
//!   meet Y", or its object's: "urged Russia to withdraw"; a relative clause's subject is the
//!   noun it modifies: "troops who attacked"; an adverbial participle has its head's subject);
//! * what are its object and obliques, for a pattern that names no target;
//! * how deep is it (events of the main clause are listed first).
//!
//! A word is mapped to an actor phrase when it lies inside one, or when one lies in its own
//! phrase (its subtree without clauses): "a convoy of Ukrainian soldiers" -> the soldiers.

use petrel_syntax::{Models, Tagged};
use petrel_text::Token;

/// Dependency relations the coder distinguishes (UD, subtypes kept where they matter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    Nsubj,
    NsubjPass,
    Csubj,
    Obj,
    Iobj,
    Obl,
    OblAgent,
    Xcomp,
    Ccomp,
    Conj,
    Appos,
    Relcl,
    Acl,
    Advcl,
    Parataxis,
    Case,
    Mark,
    Aux,
    AuxPass,
    Root,
    Other,
}

impl Rel {
    fn from_label(label: &str) -> Rel {
        match label {
            "nsubj" | "nsubj:outer" => Rel::Nsubj,
            "nsubj:pass" => Rel::NsubjPass,
            "csubj" | "csubj:pass" => Rel::Csubj,
            "obj" => Rel::Obj,
            "iobj" => Rel::Iobj,
            "obl" | "obl:tmod" | "obl:npmod" => Rel::Obl,
            "obl:agent" => Rel::OblAgent,
            "xcomp" => Rel::Xcomp,
            "ccomp" => Rel::Ccomp,
            "conj" => Rel::Conj,
            "appos" => Rel::Appos,
            "acl:relcl" => Rel::Relcl,
            "acl" => Rel::Acl,
            "advcl" | "advcl:relcl" => Rel::Advcl,
            "parataxis" => Rel::Parataxis,
            "case" => Rel::Case,
            "mark" => Rel::Mark,
            "aux" => Rel::Aux,
            "aux:pass" => Rel::AuxPass,
            "root" => Rel::Root,
            _ => Rel::Other,
        }
    }

    /// Relations that open a clause of their own: an actor inside one belongs to that clause.
    fn is_clausal(self) -> bool {
        matches!(
            self,
            Rel::Relcl
                | Rel::Acl
                | Rel::Advcl
                | Rel::Ccomp
                | Rel::Xcomp
                | Rel::Csubj
                | Rel::Parataxis
        )
    }
}

/// One sentence's parse, indexed by token.
#[derive(Debug, Clone)]
pub struct Parse {
    /// Head token of each token (`None` for the root).
    pub head: Vec<Option<usize>>,
    pub rel: Vec<Rel>,
    /// The parser's own labels (`nmod`, `obl:tmod`), for showing the parse.
    pub deprel: Vec<&'static str>,
    pub upos: Vec<&'static str>,
    pub xpos: Vec<&'static str>,
    /// Dependents of each token, in sentence order.
    children: Vec<Vec<usize>>,
    /// Lower-cased forms, for the closed-class words the rules name ("by", "who").
    keys: Vec<String>,
    /// How many words, from the first, were parsed ([`Parse::of_prefix`]); the rest have no
    /// head, no tag and no dependents.
    pub parsed: usize,
}

/// The most words a sentence may have for the coder to parse it; longer "sentences" are
/// segmentation failures (tables, lists) and keep the shallow reading.
pub const MAX_PARSED_TOKENS: usize = 150;

impl Parse {
    /// Tags and parses the tokens of a sentence.
    pub fn of(models: &'static Models, tokens: &[Token], text: &str) -> Parse {
        Parse::of_prefix(models, tokens, text, tokens.len())
    }

    /// Tags and parses the first `len` tokens of a sentence, as if they were all of it. The
    /// words after stay unparsed: no head, tag "X", label "_", no dependents.
    ///
    /// A greedy parser decides a word's left dependents while that word is first in its buffer,
    /// looking at most two words further, and the tagger looks at most six words ahead (two
    /// for its own features, two more for the first pass's tags the second pass reads). So the
    /// subject of a verb followed by seven words is found as in the whole sentence; only its
    /// label can differ, where the relabeller sees the verb's right dependents.
    pub fn of_prefix(models: &'static Models, tokens: &[Token], text: &str, len: usize) -> Parse {
        let parsed = len.min(tokens.len());
        let forms: Vec<&str> = tokens[..parsed].iter().map(|t| t.text(text)).collect();
        let mut words = models.tag_and_parse(&forms);
        words.resize(
            tokens.len(),
            Tagged {
                upos: "X",
                xpos: "_",
                head: 0,
                deprel: "_",
            },
        );
        let keys = tokens.iter().map(|t| t.key.clone()).collect();
        let mut parse = Parse::from_tagged(&words, keys);
        parse.parsed = parsed;
        parse
    }

    fn from_tagged(words: &[Tagged<'static>], keys: Vec<String>) -> Parse {
        let n = words.len();
        let head: Vec<Option<usize>> = words
            .iter()
            .map(|w| (w.head > 0 && w.head <= n).then(|| w.head - 1))
            .collect();
        let mut children = vec![Vec::new(); n];
        for (i, h) in head.iter().enumerate() {
            if let Some(h) = *h {
                children[h].push(i);
            }
        }
        Parse {
            rel: words.iter().map(|w| Rel::from_label(w.deprel)).collect(),
            deprel: words.iter().map(|w| w.deprel).collect(),
            upos: words.iter().map(|w| w.upos).collect(),
            xpos: words.iter().map(|w| w.xpos).collect(),
            head,
            children,
            keys,
            parsed: n,
        }
    }

    /// Whether the tagger reads the word as a verb (or a participle used as an adjective).
    pub fn is_verbal(&self, i: usize) -> bool {
        match self.upos.get(i).copied() {
            Some("VERB") if self.is_nominal(i) => false,
            Some("VERB" | "AUX") => true,
            Some("ADJ") => matches!(self.xpos[i], "VBN" | "VBG"),
            _ => false,
        }
    }

    /// A word the parse reads as part of a noun phrase, however a verb pattern might read it:
    /// a noun modifying another ("additional loan guarantees"), a noun with its own determiner
    /// or owner ("Clark's unsuccessful campaign for"), or a gerund joined to a noun ("as air
    /// raids and shelling resumed").
    pub fn is_nominal(&self, i: usize) -> bool {
        let Some(&upos) = self.upos.get(i) else {
            return false;
        };
        // Only inside a phrase the parse opens with a determiner or modifier, and no name
        // between: a mistagged verb has none before it ("UN chief withdrew peacekeepers"), or
        // a subject's name ("Russia and the US work side by side").
        let opened = |h: usize| {
            self.children[h].iter().any(|&c| {
                c < i
                    && matches!(self.deprel[c], "det" | "amod" | "nummod" | "nmod:poss")
                    && (c + 1..i).all(|k| self.upos[k] != "PROPN")
            })
        };
        let modifier =
            upos == "NOUN" && self.deprel[i] == "compound" && self.head[i].is_some_and(opened);
        // A noun with its own determiner or owner: "Clark's unsuccessful campaign for the
        // nomination", "Hammons's 2020 campaign for President".
        let head_noun = upos == "NOUN" && opened(i);
        let gerund = self.xpos[i] == "VBG"
            && self.rel[i] == Rel::Conj
            && self.head[i].is_some_and(|h| matches!(self.upos[h], "NOUN" | "PROPN"));
        modifier || gerund || head_noun
    }

    fn child(&self, v: usize, rel: Rel) -> Option<usize> {
        self.children[v]
            .iter()
            .copied()
            .find(|&c| self.rel[c] == rel)
    }

    /// The verb's own subject (active or passive), else the subject it inherits: from the verb
    /// it is coordinated with, from the controller of an infinitive, or from the noun a relative
    /// clause modifies. Returns the subject word.
    pub fn subject(&self, v: usize) -> Option<usize> {
        let mut v = v;
        // A chain of inheritance is short; the bound guards against a malformed tree.
        for _ in 0..8 {
            if let Some(s) = self.children[v]
                .iter()
                .copied()
                .find(|&c| matches!(self.rel[c], Rel::Nsubj | Rel::NsubjPass))
                // A name in brackets is an abbreviation the parser took for a subject: "a
                // letter to the head of the World Health Organization (WHO) threatening".
                .filter(|&c| !self.bracketed(c))
            {
                if self.rel[v] == Rel::Relcl && is_relative_pronoun(&self.keys[s]) {
                    return self.head[v];
                }
                return Some(s);
            }
            let h = self.head[v]?;
            match self.rel[v] {
                // "met X and signed ...": a coordinated verb shares the subject, when a
                // conjunction joins it. Without one the parser has often glued two clauses
                // ("said Putin ... when Huntsman, the ambassador, presented").
                // Two participles joined by a comma are one subject's too: "blaming Iran for
                // the attack, committing to send more troops".
                Rel::Conj
                    if self.is_verbal(h)
                        && (self.children[v].iter().any(|&c| self.deprel[c] == "cc")
                            || (self.xpos[v] == "VBG" && self.xpos[h] == "VBG")) =>
                {
                    v = h
                }
                // "urged Russia to withdraw": the object controls the infinitive.
                Rel::Xcomp => match self.object(h) {
                    Some(o) => return Some(o),
                    None => v = h,
                },
                Rel::Relcl => return Some(h),
                // What a message says, its sender says: "issued a statement urging North Korea
                // to comply", "sent a letter threatening to pull funding".
                Rel::Acl
                    if self.xpos[v] == "VBG"
                        && self.rel[h] == Rel::Obj
                        && is_message(&self.keys[h]) =>
                {
                    v = self.head[h]?
                }
                // "Trump's decision to recognise Jerusalem", "Russia's plan to withdraw": the
                // possessor of the noun an infinitive completes does what it says.
                Rel::Acl
                    if self.children[v]
                        .iter()
                        .any(|&c| self.rel[c] == Rel::Mark && self.keys[c] == "to") =>
                {
                    return self.children[h].iter().copied().find(|&c| {
                        c < h && self.deprel[c] == "nmod:poss" && self.upos[c] != "PRON"
                    })
                }
                // "stormed the base, killing 17 soldiers"; "after striking it": an adverbial
                // clause without a subject of its own has its head's.
                // Not from a reporting verb after it: in "A missile struck a farm, killing two
                // people, officials said" the parser may hang "killing" on "said", but the
                // officials only report.
                // The head may be a copula's predicate: "was more forceful in blaming Iran".
                Rel::Advcl
                    if (self.is_verbal(h)
                        || self.children[h].iter().any(|&c| self.deprel[c] == "cop"))
                        && !(h > v && crate::predicates::is_say_form(&self.keys[h])) =>
                {
                    v = h
                }
                _ => return None,
            }
        }
        None
    }

    /// Whether the word stands alone in brackets: "( WHO )".
    fn bracketed(&self, w: usize) -> bool {
        w > 0 && self.keys[w - 1] == "(" && self.keys.get(w + 1).is_some_and(|k| k == ")")
    }

    /// The direct object, else the indirect one.
    pub fn object(&self, v: usize) -> Option<usize> {
        self.child(v, Rel::Obj).or_else(|| self.child(v, Rel::Iobj))
    }

    /// Whom the verb's purpose clause helps: "donated ventilators to assist Ethiopia",
    /// "earmarked 1.5 million euros to help Haiti cope".
    pub fn helped(&self, v: usize) -> Option<usize> {
        self.children[v]
            .iter()
            .copied()
            .filter(|&c| matches!(self.rel[c], Rel::Advcl | Rel::Xcomp))
            .find(|&c| is_helping(&self.keys[c]))
            .and_then(|c| self.object(c))
    }

    /// Where the verb's purpose clause fights a harm: "provided 1.2 billion euros to stem the
    /// Ebola outbreak in West Africa", "sent doctors to fight the epidemic in Sierra Leone".
    /// Gives the "in" phrases of a verb of fighting under the verb (the parser hangs the
    /// purpose clause on the verb, on its object, or joins it to the verb: "to stem and
    /// ultimately end the outbreak in West Africa") and of that verb's object.
    pub fn fought_places(&self, v: usize) -> impl Iterator<Item = usize> + '_ {
        (v + 1..self.head.len())
            .filter(move |&c| {
                self.upos[c] == "VERB" && is_fighting_harm(&self.keys[c]) && self.is_under(c, v)
            })
            .flat_map(|c| std::iter::once(c).chain(self.object(c)))
            .flat_map(|w| self.children[w].iter().copied())
            .filter(|&q| {
                (self.rel[q] == Rel::Obl || self.deprel[q] == "nmod")
                    && self.has_case(q, |k| k == "in")
            })
    }

    /// Whether the word heads a phrase of agency, place, time or topic ("near the town", "in
    /// Syria", "about Ukraine").
    fn is_circumstance(&self, w: usize) -> bool {
        self.has_case(w, is_circumstance_preposition)
    }

    /// Whether `w`'s preposition is one of the words in `words` (a pattern's matched words).
    pub fn case_among(&self, w: usize, words: std::ops::Range<usize>) -> bool {
        self.children[w]
            .iter()
            .any(|&d| self.rel[d] == Rel::Case && words.contains(&d))
    }

    /// Whether the word has a case marker (preposition) that `which` accepts; also on a name
    /// part before it, where the parser often hangs it ("with Chancellor Olaf Scholz" read as
    /// "with" under "Olaf").
    fn has_case(&self, w: usize, which: impl Fn(&str) -> bool) -> bool {
        let name_parts = self.children[w]
            .iter()
            .copied()
            .filter(|&d| d < w && matches!(self.deprel[d], "compound" | "flat"));
        std::iter::once(w).chain(name_parts).any(|q| {
            self.children[q]
                .iter()
                .any(|&d| self.rel[d] == Rel::Case && which(&self.keys[d]))
        })
    }

    /// Whether an oblique is an `as` phrase: what the verb's object is called or taken for.
    pub fn is_description(&self, w: usize) -> bool {
        self.has_case(w, |k| k == "as")
    }

    /// Whether the word names who reports, after "according to": "according to the mayor".
    pub fn is_reporter(&self, w: usize) -> bool {
        self.has_case(w, |k| k == "according")
    }

    /// Whether a `with` phrase beside an object is the means of the act ("struck a target
    /// with artillery") rather than a partner or neighbour ("closed its borders with Iraqi
    /// Kurdistan"): a common noun, since weapons are not named like countries.
    pub fn is_means(&self, w: usize) -> bool {
        self.upos[w] != "PROPN" && self.has_case(w, |k| k == "with")
    }

    /// Whether an oblique is a `to` phrase: where or to whom something is sent or given.
    pub fn is_recipient(&self, w: usize) -> bool {
        self.has_case(w, |k| k == "to")
    }

    /// Whether a noun modifier is a `with` phrase: the partner of a meeting or a talk.
    pub fn is_partner(&self, w: usize) -> bool {
        self.deprel[w] == "nmod" && self.has_case(w, |k| k == "with")
    }

    /// The verb's obliques that can name who an act is aimed at ("on Iran", "to Egypt", "with
    /// the Taliban"), in sentence order: not a passive's agent ("by"), and not circumstances of
    /// place or time ("at the sidelines of the UN", "in Kabul", "after talks with X").
    pub fn obliques(&self, v: usize) -> impl Iterator<Item = usize> + '_ {
        self.children[v]
            .iter()
            .copied()
            .filter(move |&c| self.rel[c] == Rel::Obl && !self.is_circumstance(c))
    }

    /// The `by` phrase of a noun, who did what the noun names: "a car bombing by the Islamic
    /// State group", "a statement by the ministry"; or of the participle that describes it,
    /// "the missiles fired by the Israeli military".
    pub fn doer(&self, w: usize) -> Option<usize> {
        if self.upos[w] != "NOUN" {
            return None;
        }
        let by = |c: usize| {
            matches!(self.deprel[c], "nmod" | "obl" | "obl:agent")
                && self.has_case(c, |k| k == "by")
        };
        let participles = self.children[w]
            .iter()
            .copied()
            .filter(|&c| self.rel[c] == Rel::Acl && self.xpos[c] == "VBN");
        std::iter::once(w)
            .chain(participles)
            .find_map(|q| self.children[q].iter().copied().find(|&c| by(c)))
    }

    /// What a word's `about`, `over`, `at` or `regarding` phrases are about, in sentence
    /// order: "skeptical about Iranian motives", "concern over Russia's moves"; and the
    /// subject of the clause it completes: "optimism that the federal government's timeline
    /// could be accelerated", "pessimistic that the Tokyo Olympics will go ahead".
    pub fn topics(&self, w: usize) -> impl Iterator<Item = usize> + '_ {
        self.children[w].iter().copied().filter_map(move |c| {
            let about = matches!(self.deprel[c], "obl" | "nmod")
                && self.has_case(c, |k| {
                    matches!(k, "about" | "over" | "at" | "regarding" | "concerning")
                });
            if about {
                return Some(c);
            }
            if !matches!(self.rel[c], Rel::Ccomp | Rel::Acl) || c < w {
                return None;
            }
            self.children[c]
                .iter()
                .copied()
                .find(|&d| matches!(self.rel[d], Rel::Nsubj | Rel::NsubjPass))
        })
    }

    /// Whether a verb of saying, by its place in the parse, reports nothing: a participle
    /// modifying a noun ("a hand-written manuscript"), or "add" with a thing as its object and
    /// no clause ("Germany is adding an evacuation airplane to the pool"; but "he added that").
    pub fn says_nothing(&self, v: usize, say: &str) -> bool {
        // Only where the words around agree: the parser also reads a finite verb as a
        // modifier now and then ("NDTV later reported officials ... stated").
        let adjectival = self.deprel.get(v) == Some(&"amod")
            && v > 0
            && (self.keys[v - 1] == "-" || self.upos[v - 1] == "DET");
        // A clause the parser hung beside the object still reports: "he added authorities
        // 'are still waiting'".
        let adds_a_thing = say == "add"
            && self.object(v).is_some()
            && [Rel::Ccomp, Rel::Parataxis, Rel::Advcl]
                .iter()
                .all(|&r| self.child(v, r).is_none());
        adjectival || adds_a_thing
    }

    /// The subject of an obligation the verb reports: in "Russia says Israel must end the
    /// attacks", "Israel" (the `ccomp` clause's subject, under "must" or "should").
    pub fn obliged(&self, v: usize) -> Option<usize> {
        // "said Wednesday that ...": the parser may hang the clause on the day.
        let clause = self.child(v, Rel::Ccomp).or_else(|| {
            self.children[v]
                .iter()
                .find(|&&d| is_day_word(&self.keys[d]))
                .and_then(|&d| {
                    self.children[d]
                        .iter()
                        .copied()
                        .find(|&c| self.rel[c] == Rel::Ccomp || self.deprel[c].starts_with("acl"))
                })
        })?;
        let obliged = self.children[clause].iter().any(|&d| {
            self.rel[d] == Rel::Aux && matches!(self.keys[d].as_str(), "must" | "should")
        });
        if !obliged {
            return None;
        }
        self.child(clause, Rel::Nsubj)
            .or_else(|| self.child(clause, Rel::NsubjPass))
    }

    /// The phrases a verb's circumstance of place passes on to whom the act is aimed at:
    /// "provided $2 million in assistance to Fiji", "hold talks in Berlin with Scholz" (the
    /// parser often hangs the directed phrase on the circumstance). Not fixed links ("in
    /// response to the attack").
    pub fn passed_obliques(&self, v: usize) -> impl Iterator<Item = usize> + '_ {
        self.children[v]
            .iter()
            .copied()
            .filter(move |&c| {
                self.rel[c] == Rel::Obl
                    && self.has_case(c, |k| matches!(k, "in" | "at"))
                    && !is_linking_noun(&self.keys[c])
            })
            .flat_map(move |c| {
                self.children[c]
                    .iter()
                    .copied()
                    .filter(move |&g| self.deprel[g] == "nmod" && self.is_directed(g))
            })
    }

    /// The first and last word of `w`'s subtree.
    pub fn subtree_span(&self, w: usize) -> (usize, usize) {
        let mut span = (w, w);
        let mut stack = vec![w];
        // A tree has at most one visit per word; the bound guards against a malformed one.
        for _ in 0..self.head.len() {
            let Some(q) = stack.pop() else { break };
            span = (span.0.min(q), span.1.max(q));
            stack.extend(self.children[q].iter().copied());
        }
        span
    }

    /// The phrases introduced by one of `preps` that direct the verb's act with object `o`:
    /// the verb's obliques, and the modifiers inside the object, where the parser often hangs
    /// them ("sent 100 armoured vehicles and a team of paratroopers to Lebanon").
    pub fn directed_by<'p>(
        &'p self,
        v: usize,
        o: usize,
        preps: &'p [&'p str],
    ) -> impl Iterator<Item = usize> + 'p {
        let verb_obliques = self.children[v]
            .iter()
            .copied()
            .filter(move |&c| self.rel[c] == Rel::Obl && self.has_case(c, |k| preps.contains(&k)));
        verb_obliques.chain(self.cased_inside(o, preps, false))
    }

    /// The `nmod` phrases (and, with `obliques`, the `obl` ones) inside `o`'s subtree that one
    /// of the prepositions introduces, in the order of the sentence.
    fn cased_inside<'p>(
        &'p self,
        o: usize,
        preps: &'p [&'p str],
        obliques: bool,
    ) -> impl Iterator<Item = usize> + 'p {
        let (lo, hi) = self.subtree_span(o);
        (lo..=hi)
            .filter(move |&w| self.deprel[w] == "nmod" || obliques && self.rel[w] == Rel::Obl)
            .filter(move |&q| self.has_case(q, |k| preps.contains(&k)))
    }

    /// The phrases inside `o`'s subtree, wherever the parser hung them, that one of the
    /// prepositions introduces (in the order of the sentence).
    pub fn directed_inside<'p>(
        &'p self,
        o: usize,
        preps: &'p [&'p str],
    ) -> impl Iterator<Item = usize> + 'p {
        self.cased_inside(o, preps, true)
    }

    /// The word's heads, nearest first, up to the root. Bounded by the sentence's length: a
    /// cycle would be a parser bug, and never loops.
    fn ancestors(&self, w: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.head[w], move |&h| self.head[h]).take(self.head.len())
    }

    /// Whether `w` lies in the subtree of `v`.
    fn is_under(&self, w: usize, v: usize) -> bool {
        self.ancestors(w).any(|h| h == v)
    }

    /// How many arcs separate the word from the root (the main clause is shallowest).
    pub fn depth(&self, i: usize) -> usize {
        self.ancestors(i).count()
    }

    /// The words of `w`'s own phrase, nearest first: `w`, then its dependents that are not
    /// clauses or circumstances, breadth first. An actor in a relative clause, or in "patrols
    /// near the town in Syria", is not the phrase's. A circumstance or a participle is passed
    /// through to the phrases it directs at someone: "$2 million in assistance to Fiji" reaches
    /// Fiji, "a ban imposed on Chadian citizens" the citizens.
    pub fn phrase_words(&self, w: usize) -> Vec<usize> {
        self.phrase_words_with(w, false, false)
    }

    /// [`Parse::phrase_words`], and with `places` also the places inside the phrase ("the
    /// cities in Saudi Arabia"): where a violent act is aimed at a place, its country is the
    /// target.
    ///
    /// With `object` (the phrase is the verb's direct object), a gerund's object is passed
    /// through too: "decried the treaty as an agreement favoring Moscow" is aimed at Moscow.
    pub fn phrase_words_with(&self, w: usize, places: bool, object: bool) -> Vec<usize> {
        let mut out = vec![w];
        let mut k = 0;
        while k < out.len() && out.len() < 64 {
            let q = out[k];
            let mut kids: Vec<usize> = Vec::new();
            for &c in &self.children[q] {
                // Passed through: a circumstance's own "to X" ("$2 million in assistance to
                // Fiji"), a participle's "on X" ("a travel ban imposed on Chadian citizens").
                let through = match self.rel[c] {
                    Rel::Acl if self.upos[c] == "VERB" => Some(Rel::Obl),
                    r if r.is_clausal() => None,
                    // The doer of what the act is aimed at is its target: "condemned a protest
                    // by white farmers", "accepted the demands by protesters".
                    _ if object && self.deprel[c] == "nmod" && self.has_case(c, |k| k == "by") => {
                        kids.push(c);
                        None
                    }
                    // In a violent act's object, a `with` phrase may be the means: "struck a
                    // target with artillery".
                    _ if places && object && self.deprel[c] == "nmod" && self.is_means(c) => None,
                    _ if !self.is_circumstance(c) => {
                        kids.push(c);
                        None
                    }
                    _ if places && self.deprel[c] == "nmod" && self.is_place_phrase(c) => {
                        kids.push(c);
                        None
                    }
                    _ if self.deprel[c] == "nmod" && !is_linking_noun(&self.keys[c]) => {
                        Some(Rel::Other)
                    }
                    _ => None,
                };
                if let Some(rel) = through {
                    kids.extend(self.children[c].iter().copied().filter(|&g| {
                        (self.rel[g] == rel && self.is_directed(g))
                            // "rejected an appeal lodged by the Centre": the appellant.
                            || (object && rel == Rel::Obl && self.rel[g] == Rel::OblAgent)
                            || (object
                                && rel == Rel::Obl
                                && self.rel[g] == Rel::Obj
                                && (self.xpos[c] == "VBG" || is_helping(&self.keys[c])))
                    }));
                }
            }
            kids.sort_by_key(|&c| c.abs_diff(w));
            out.extend(kids);
            k += 1;
        }
        out
    }

    /// Whether the word heads a phrase of place ("in Saudi Arabia", "near Donetsk").
    fn is_place_phrase(&self, w: usize) -> bool {
        self.has_case(w, |k| {
            matches!(k, "in" | "at" | "near" | "inside" | "across" | "outside")
        })
    }

    /// Whether the word heads a phrase that says whom something is for or against ("to Fiji",
    /// "with the Taliban", "against Iran").
    fn is_directed(&self, w: usize) -> bool {
        self.has_case(w, |k| {
            matches!(
                k,
                "to" | "with" | "against" | "for" | "on" | "into" | "toward" | "towards"
            )
        })
    }
}

/// Nouns of fixed phrases that link to a cause or reference, not to whom an act is aimed at:
/// "in response to the attack", "in line with the accord".
fn is_linking_noun(k: &str) -> bool {
    matches!(
        k,
        "response"
            | "reply"
            | "reaction"
            | "retaliation"
            | "addition"
            | "relation"
            | "regard"
            | "connection"
            | "contrast"
            | "comparison"
            | "line"
            | "accordance"
            | "keeping"
            | "protest"
            | "preparation"
    )
}

/// Prepositions of agency, place, time and topic: their phrase is not an act's target ("talks
/// about Ukraine" are not talks with Ukraine).
fn is_circumstance_preposition(k: &str) -> bool {
    matches!(
        k,
        "by" | "about"
            | "regarding"
            | "concerning"
            | "over"
            | "at"
            | "in"
            | "during"
            | "near"
            | "outside"
            | "inside"
            | "across"
            | "throughout"
            | "within"
            | "after"
            | "before"
            | "since"
            | "until"
            | "amid"
            | "despite"
            // Causes: "suspended aid to Gaza because of fighting among Palestinian factions".
            | "because"
            | "due"
            | "following"
            | "beside"
            | "alongside"
            | "via"
            | "through"
            // Who reports the act: "according to the mayor, police were investigating".
            | "according"
    )
}

/// Nouns of a message whose words are its sender's: a participle that describes what one says
/// ("a statement urging", "a letter threatening") has the sender as its subject.
fn is_message(key: &str) -> bool {
    matches!(
        key,
        "statement"
            | "statements"
            | "letter"
            | "letters"
            | "message"
            | "messages"
            | "communique"
            | "communiqué"
            | "declaration"
            | "resolution"
            | "report"
            | "note"
            | "tweet"
            | "tweets"
    )
}

/// Verbs of a purpose that names who benefits: "equipment to assist Ethiopia".
fn is_helping(k: &str) -> bool {
    matches!(k, "help" | "assist" | "support" | "aid")
}

/// Verbs of fighting a harm (an epidemic, a famine, a fire) that a purpose clause of aid names.
fn is_fighting_harm(k: &str) -> bool {
    matches!(
        k,
        "fight" | "combat" | "stem" | "contain" | "tackle" | "battle" | "curb" | "end" | "halt"
    )
}

/// Day words that follow a verb of saying ("said Wednesday that").
fn is_day_word(k: &str) -> bool {
    petrel_text::dates::is_weekday(k) || matches!(k, "today" | "yesterday")
}

fn is_relative_pronoun(k: &str) -> bool {
    matches!(k, "who" | "which" | "that" | "whom")
}

#[cfg(test)]
mod tests {
    use super::*;
    use petrel_text::segment::segment_text;

    fn parse(s: &str) -> (Parse, Vec<String>) {
        let sent = &segment_text(s)[0];
        let p = Parse::of(Models::builtin().unwrap(), &sent.tokens, s);
        let keys = sent.tokens.iter().map(|t| t.key.clone()).collect();
        (p, keys)
    }

    fn at(keys: &[String], w: &str) -> usize {
        keys.iter().position(|k| k == w).unwrap()
    }

    /// A parse given by hand (form, UPOS, head counted from 1 with 0 = root, label), so that
    /// the test does not depend on the shipped model.
    fn hand(words: &[(&'static str, &'static str, usize, &'static str)]) -> Parse {
        let analysis: Vec<Tagged<'static>> = words
            .iter()
            .map(|&(form, upos, head, deprel)| Tagged {
                upos,
                // Enough of the fine tags for the rules that read them.
                xpos: if upos == "VERB" && form.ends_with("ing") {
                    "VBG"
                } else {
                    ""
                },
                head,
                deprel,
            })
            .collect();
        Parse::from_tagged(
            &analysis,
            words.iter().map(|w| w.0.to_lowercase()).collect(),
        )
    }

    #[test]
    fn only_a_joined_verb_shares_the_subject() {
        // "Putin met Trump and signed a deal": "signed" is Putin's.
        let p = hand(&[
            ("Putin", "PROPN", 2, "nsubj"),
            ("met", "VERB", 0, "root"),
            ("Trump", "PROPN", 2, "obj"),
            ("and", "CCONJ", 5, "cc"),
            ("signed", "VERB", 2, "conj"),
            ("deal", "NOUN", 5, "obj"),
        ]);
        assert_eq!(p.subject(4), Some(0));
        // "said Putin, when Huntsman presented credentials" misparsed with "presented" as a
        // conjunct of "said": no conjunction, no shared subject.
        let p = hand(&[
            ("said", "VERB", 0, "root"),
            ("Putin", "PROPN", 1, "nsubj"),
            ("Huntsman", "PROPN", 2, "conj"),
            (",", "PUNCT", 5, "punct"),
            ("presented", "VERB", 1, "conj"),
            ("credentials", "NOUN", 5, "obj"),
        ]);
        assert_eq!(p.subject(4), None);
    }

    #[test]
    fn a_message_says_what_its_sender_says() {
        // "ASEAN issued a statement urging North Korea to comply": ASEAN urges.
        let p = hand(&[
            ("ASEAN", "PROPN", 2, "nsubj"),
            ("issued", "VERB", 0, "root"),
            ("statement", "NOUN", 2, "obj"),
            ("urging", "VERB", 3, "acl"),
            ("Korea", "PROPN", 4, "obj"),
        ]);
        assert_eq!(p.subject(3), Some(0));
        // "sent a letter to the WHO (WHO) threatening", the bracketed name misread as the
        // participle's subject: the sender still threatens.
        let p = hand(&[
            ("Trump", "PROPN", 2, "nsubj"),
            ("sent", "VERB", 0, "root"),
            ("letter", "NOUN", 2, "obj"),
            ("(", "PUNCT", 5, "punct"),
            ("WHO", "PROPN", 7, "nsubj"),
            (")", "PUNCT", 5, "punct"),
            ("threatening", "VERB", 3, "acl"),
        ]);
        assert_eq!(p.subject(6), Some(0));
        // A participle on another noun is no message: "saw a convoy carrying troops".
        let p = hand(&[
            ("Russia", "PROPN", 2, "nsubj"),
            ("sent", "VERB", 0, "root"),
            ("convoy", "NOUN", 2, "obj"),
            ("carrying", "VERB", 3, "acl"),
        ]);
        assert_eq!(p.subject(3), None);
    }

    #[test]
    fn a_noun_modifier_in_an_opened_phrase_is_nominal() {
        // "provide additional loan guarantees"
        let p = hand(&[
            ("provide", "VERB", 0, "root"),
            ("additional", "ADJ", 4, "amod"),
            ("loan", "NOUN", 4, "compound"),
            ("guarantees", "NOUN", 1, "obj"),
        ]);
        assert!(p.is_nominal(2));
        assert!(!p.is_verbal(2));
        // "Russia and the US work side by side": a name between the determiner and "work".
        let q = hand(&[
            ("Russia", "PROPN", 0, "root"),
            ("the", "DET", 5, "det"),
            ("US", "PROPN", 5, "compound"),
            ("work", "NOUN", 5, "compound"),
            ("side", "NOUN", 1, "conj"),
        ]);
        assert!(!q.is_nominal(3));
    }

    #[test]
    fn an_object_reaches_through_a_gerund_to_its_object() {
        // "decried the treaty as an agreement favoring Moscow"
        let p = hand(&[
            ("decried", "VERB", 0, "root"),
            ("treaty", "NOUN", 1, "obj"),
            ("as", "ADP", 4, "case"),
            ("agreement", "NOUN", 2, "nmod"),
            ("favoring", "VERB", 4, "acl"),
            ("Moscow", "PROPN", 5, "obj"),
        ]);
        assert!(p.phrase_words_with(1, false, true).contains(&5));
        // Not from an oblique: "retreated from a goal of ousting Assad" is not aimed at Assad.
        assert!(!p.phrase_words(1).contains(&5));
    }

    #[test]
    fn descriptions_and_partners_are_told_by_their_preposition() {
        // "decried the treaty as an agreement favoring Moscow", the "as" phrase on the verb.
        let p = hand(&[
            ("decried", "VERB", 0, "root"),
            ("treaty", "NOUN", 1, "obj"),
            ("as", "ADP", 4, "case"),
            ("agreement", "NOUN", 1, "obl"),
            ("favoring", "VERB", 4, "acl"),
            ("Moscow", "PROPN", 5, "obj"),
            ("in", "ADP", 8, "case"),
            ("February", "PROPN", 1, "obl"),
        ]);
        assert!(p.is_description(3));
        assert!(!p.is_description(7));
        // "discuss the war with German officials", the "with" phrase hung on the topic.
        let q = hand(&[
            ("discuss", "VERB", 0, "root"),
            ("war", "NOUN", 1, "obj"),
            ("with", "ADP", 4, "case"),
            ("officials", "NOUN", 2, "nmod"),
            ("in", "ADP", 6, "case"),
            ("Gaza", "PROPN", 2, "nmod"),
        ]);
        assert!(q.is_partner(3));
        assert!(!q.is_partner(5));
        assert!(!q.is_partner(1));
    }

    #[test]
    fn phrases_pass_through_circumstances_and_participles_to_whom() {
        // "provided 2 million dollars in assistance to Fiji in response to the cyclone"
        let p = hand(&[
            ("provided", "VERB", 0, "root"),
            ("dollars", "NOUN", 1, "obj"),
            ("in", "ADP", 4, "case"),
            ("assistance", "NOUN", 2, "nmod"),
            ("to", "ADP", 6, "case"),
            ("Fiji", "PROPN", 4, "nmod"),
            ("in", "ADP", 8, "case"),
            ("response", "NOUN", 2, "nmod"),
            ("to", "ADP", 10, "case"),
            ("cyclone", "NOUN", 8, "nmod"),
        ]);
        let words = p.phrase_words(1);
        assert!(words.contains(&5), "Fiji: {words:?}");
        assert!(
            !words.contains(&3) && !words.contains(&7),
            "circumstances: {words:?}"
        );
        assert!(!words.contains(&9), "in response to: {words:?}");

        // "lifted a ban imposed on citizens near the border": the participle's "on" phrase
        // is the ban's, its "near" phrase is not.
        let p = hand(&[
            ("lifted", "VERB", 0, "root"),
            ("ban", "NOUN", 1, "obj"),
            ("imposed", "VERB", 2, "acl"),
            ("on", "ADP", 5, "case"),
            ("citizens", "NOUN", 3, "obl"),
            ("near", "ADP", 7, "case"),
            ("border", "NOUN", 3, "obl"),
        ]);
        let words = p.phrase_words(1);
        assert!(words.contains(&4), "citizens: {words:?}");
        assert!(!words.contains(&2) && !words.contains(&6), "{words:?}");

        // "attacked the cities in Saudi Arabia": the place counts only when asked for.
        let p = hand(&[
            ("attacked", "VERB", 0, "root"),
            ("cities", "NOUN", 1, "obj"),
            ("in", "ADP", 4, "case"),
            ("Arabia", "PROPN", 2, "nmod"),
        ]);
        assert!(!p.phrase_words(1).contains(&3));
        assert!(p.phrase_words_with(1, true, false).contains(&3));
    }

    #[test]
    fn subjects_objects_and_agents() {
        let (p, k) = parse("Russian troops attacked the village on Monday.");
        let v = at(&k, "attacked");
        assert!(p.is_verbal(v));
        assert_eq!(p.subject(v), Some(at(&k, "troops")));
        assert_eq!(p.object(v), Some(at(&k, "village")));

        // A passive subject is the subject (the coder's passive rules make it the target).
        let (p, k) = parse("The village was attacked by rebels.");
        assert_eq!(p.subject(at(&k, "attacked")), Some(at(&k, "village")));
    }

    #[test]
    fn inherited_subjects() {
        // Control: the subject of "agreed" meets.
        let (p, k) = parse("Japan agreed to meet Korea.");
        assert_eq!(p.subject(at(&k, "meet")), Some(at(&k, "japan")));
        // Coordination: "signed" shares "met"'s subject.
        let (p, k) = parse("The ministers met and signed a treaty.");
        assert_eq!(p.subject(at(&k, "signed")), Some(at(&k, "ministers")));
        // Object control: "urged Russia to withdraw".
        let (p, k) = parse("France urged Russia to withdraw its troops.");
        assert_eq!(p.subject(at(&k, "withdraw")), Some(at(&k, "russia")));
        // An adverbial participle: the rebels did the killing.
        let (p, k) = parse("The rebels stormed the base, killing 17 soldiers.");
        assert_eq!(p.subject(at(&k, "killing")), Some(at(&k, "rebels")));
    }

    #[test]
    fn circumstances_are_not_targets() {
        let (p, k) = parse("The ministers met at the sidelines of the summit in Paris.");
        assert_eq!(p.obliques(at(&k, "met")).count(), 0);
        // "on Iran" is the target, whether it hangs on the verb or on its object.
        let (p, k) = parse("France imposed sanctions on Iran.");
        let v = at(&k, "imposed");
        let words: Vec<usize> = p
            .object(v)
            .into_iter()
            .chain(p.obliques(v))
            .flat_map(|w| p.phrase_words(w))
            .collect();
        assert!(words.contains(&at(&k, "iran")));
        let (p, k) = parse("The soldiers held joint patrols near the town of Kobani.");
        let patrols = p.object(at(&k, "held")).unwrap();
        assert!(!p.phrase_words(patrols).contains(&at(&k, "kobani")));
    }

    #[test]
    fn nouns_are_not_verbs() {
        let (p, k) = parse("The talks collapsed after the attack.");
        assert!(!p.is_verbal(at(&k, "talks")));
        assert!(!p.is_verbal(at(&k, "attack")));
        assert!(p.is_verbal(at(&k, "collapsed")));
    }

    #[test]
    fn phrases_stop_at_clauses() {
        let (p, k) = parse("A convoy of Ukrainian soldiers that Russia attacked was hit.");
        let words = p.phrase_words(at(&k, "convoy"));
        assert!(words.contains(&at(&k, "soldiers")));
        assert!(!words.contains(&at(&k, "russia")));
    }
}
