//! Lemmatizer: the treebank's own lemmas, then suffix rules learnt from it.
//!
//! For every training word the change from form to lemma is a rule "drop k letters, add s"
//! (`stopped` -> `stop`: drop 3, add ""; `studies` -> `study`: drop 3, add "y"). Rules are counted
//! per tag and word ending (up to five letters); an unseen word takes the rule of its longest
//! ending seen at least twice with its tag. Irregular forms the treebank has ("went" -> "go") are
//! kept in an exception table, and only where the rules would get them wrong, which keeps the
//! model small.

use std::collections::HashMap;

use crate::conllu::Sentence;
use crate::model::{ModelError, Reader, Writer};

#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    /// "form\tXPOS" (lower case) -> lemma, where the rules would be wrong.
    exceptions: HashMap<String, String>,
    /// "XPOS\tending" -> (letters to drop, text to add).
    rules: HashMap<String, (u8, String)>,
    /// The same two tables keyed by a hash of the key's parts, so that a lookup builds no string
    /// (lemmatizing runs for every word the parser sees).
    fast_exceptions: HashMap<u64, String>,
    fast_rules: HashMap<u64, (u8, String)>,
}

/// FNV-1a over "a\tb" without building it.
fn key_hash(a: &str, b: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in a.bytes().chain(std::iter::once(b'\t')).chain(b.bytes()) {
        h ^= byte as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn hashed<V: Clone>(m: &HashMap<String, V>) -> HashMap<u64, V> {
    m.iter()
        .map(|(k, v)| {
            let (a, b) = k.split_once('\t').unwrap_or((k, ""));
            (key_hash(a, b), v.clone())
        })
        .collect()
}

const MAX_ENDING: usize = 5;

fn rule_of(form: &str, lemma: &str) -> (u8, String) {
    let f: Vec<char> = form.chars().collect();
    let l: Vec<char> = lemma.chars().collect();
    let p = f.iter().zip(&l).take_while(|(a, b)| a == b).count();
    ((f.len() - p).min(255) as u8, l[p..].iter().collect())
}

fn apply(form: &str, rule: &(u8, String)) -> Option<String> {
    let chars: Vec<char> = form.chars().collect();
    let drop = rule.0 as usize;
    if drop >= chars.len() {
        return None;
    }
    let mut s: String = chars[..chars.len() - drop].iter().collect();
    s.push_str(&rule.1);
    Some(s)
}

fn ending(form: &str, k: usize) -> Option<String> {
    let chars: Vec<char> = form.chars().collect();
    (chars.len() > k).then(|| chars[chars.len() - k..].iter().collect())
}

/// Proper nouns keep their case; everything else is lower-cased ("I" stays "I", as in EWT).
fn cased(form: &str, upos: &str, lemma_lower: String) -> String {
    if upos == "PROPN" || form == "I" {
        // Keep the form's own letters for the part the rule kept.
        let kept: String = form
            .chars()
            .zip(lemma_lower.chars())
            .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
            .map(|(a, _)| a)
            .collect();
        let rest: String = lemma_lower.chars().skip(kept.chars().count()).collect();
        kept + &rest
    } else {
        lemma_lower
    }
}

impl Lemmatizer {
    pub fn lemma(&self, form: &str, xpos: &str, upos: &str) -> String {
        let lower = form.to_lowercase();
        if let Some(l) = self.fast_exceptions.get(&key_hash(&lower, xpos)) {
            return cased(form, upos, l.clone());
        }
        cased(form, upos, self.by_rule(&lower, xpos))
    }

    fn by_rule(&self, lower: &str, xpos: &str) -> String {
        let starts: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
        let n = starts.len();
        for k in (0..=MAX_ENDING.min(n.saturating_sub(1))).rev() {
            let e = if k == 0 { "" } else { &lower[starts[n - k]..] };
            if let Some(rule) = self.fast_rules.get(&key_hash(xpos, e)) {
                if let Some(l) = apply(lower, rule) {
                    return l;
                }
            }
        }
        lower.to_string()
    }

    fn index(&mut self) {
        self.fast_rules = hashed(&self.rules);
        self.fast_exceptions = hashed(&self.exceptions);
    }

    pub fn train(sentences: &[Sentence]) -> Lemmatizer {
        let mut counts: HashMap<String, HashMap<(u8, String), usize>> = HashMap::new();
        let mut seen: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for s in sentences {
            for w in &s.words {
                let lower = w.form.to_lowercase();
                let lemma = w.lemma.to_lowercase();
                if lemma == "_" || lemma.is_empty() {
                    continue;
                }
                let rule = rule_of(&lower, &lemma);
                for k in 0..=MAX_ENDING {
                    if let Some(e) = ending(&lower, k) {
                        *counts
                            .entry(format!("{}\t{e}", w.xpos))
                            .or_default()
                            .entry(rule.clone())
                            .or_default() += 1;
                    }
                }
                *seen
                    .entry(format!("{lower}\t{}", w.xpos))
                    .or_default()
                    .entry(lemma)
                    .or_default() += 1;
            }
        }
        let mut lem = Lemmatizer::default();
        for (key, rules) in counts {
            let total: usize = rules.values().sum();
            if total < 2 {
                continue;
            }
            let best = rules
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .expect("a rule");
            lem.rules.insert(key, best.0);
        }
        lem.index();
        for (key, lemmas) in seen {
            let best = lemmas
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .expect("a lemma")
                .0;
            let (form, xpos) = key.split_once('\t').expect("a tab");
            if lem.by_rule(form, xpos) != best {
                lem.exceptions.insert(key, best);
            }
        }
        lem.index();
        lem
    }

    pub fn write(&self, w: &mut Writer) {
        let mut ex: Vec<_> = self.exceptions.iter().collect();
        ex.sort();
        w.u32(ex.len() as u32);
        for (k, v) in ex {
            w.str(k);
            w.str(v);
        }
        let mut rules: Vec<_> = self.rules.iter().collect();
        rules.sort();
        w.u32(rules.len() as u32);
        for (k, (drop, add)) in rules {
            w.str(k);
            w.u8(*drop);
            w.str(add);
        }
    }

    pub fn read(r: &mut Reader) -> Result<Lemmatizer, ModelError> {
        let mut lem = Lemmatizer::default();
        let n = r.u32()? as usize;
        if n > r.remaining() / 8 {
            return Err(r.corrupt("lemma table longer than the file"));
        }
        for _ in 0..n {
            let k = r.str()?;
            lem.exceptions.insert(k, r.str()?);
        }
        let n = r.u32()? as usize;
        if n > r.remaining() / 9 {
            return Err(r.corrupt("rule table longer than the file"));
        }
        for _ in 0..n {
            let k = r.str()?;
            let drop = r.u8()?;
            lem.rules.insert(k, (drop, r.str()?));
        }
        lem.index();
        Ok(lem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu::Word;

    fn sent(words: &[(&str, &str, &str, &str)]) -> Sentence {
        Sentence {
            comments: vec![],
            words: words
                .iter()
                .map(|(f, l, u, x)| Word {
                    form: f.to_string(),
                    lemma: l.to_string(),
                    upos: u.to_string(),
                    xpos: x.to_string(),
                    ..Word::default()
                })
                .collect(),
        }
    }

    #[test]
    fn learns_suffix_rules_and_keeps_irregulars() {
        let s = sent(&[
            ("studies", "study", "VERB", "VBZ"),
            ("carries", "carry", "VERB", "VBZ"),
            ("walked", "walk", "VERB", "VBD"),
            ("talked", "talk", "VERB", "VBD"),
            ("went", "go", "VERB", "VBD"),
            ("Talks", "talk", "NOUN", "NNS"),
            ("walks", "walk", "NOUN", "NNS"),
            ("Obamas", "Obamas", "PROPN", "NNPS"),
        ]);
        let lem = Lemmatizer::train(&[s]);
        assert_eq!(lem.lemma("worries", "VBZ", "VERB"), "worry");
        assert_eq!(lem.lemma("parked", "VBD", "VERB"), "park");
        assert_eq!(lem.lemma("went", "VBD", "VERB"), "go");
        assert_eq!(lem.lemma("Meetings", "NNS", "NOUN"), "meeting");
        assert_eq!(lem.lemma("Kabul", "NNP", "PROPN"), "Kabul");
        let mut w = Writer::new("l");
        lem.write(&mut w);
        let bytes = w.finish();
        let back = Lemmatizer::read(&mut Reader::new(&bytes, "l", "l").unwrap()).unwrap();
        assert_eq!(back.lemma("worries", "VBZ", "VERB"), "worry");
        assert_eq!(back.lemma("went", "VBD", "VERB"), "go");
    }
}
