//! Part-of-speech tagger: UPOS and XPOS together.
//!
//! A greedy left-to-right averaged perceptron over one combined class per tag pair (`NNS|NOUN`;
//! EWT has about a hundred). Features: the word, its lower case, prefixes and suffixes, its shape,
//! the two words either side, the two previous predicted tags, and the *ambiguity class* of the
//! word and its right neighbours (the set of tags the training data gave that word, from a tag
//! dictionary stored in the model).
//!
//! A second pass then looks further ahead: it tags left to right again with the same features
//! plus the first pass's tags of this word and the next two. It runs only on the words the first
//! pass was unsure of (margin under [`SECOND_PASS_MARGIN`]), so it adds little time; it is
//! trained on first-pass tags from a first pass that did not see the sentence
//! (jack-knifed), so it learns how far to trust them. The first pass is the mean of
//! [`FIRST_PASS_MODELS`] perceptrons trained on different shuffles, which is steadier than one.
//!
//! For each word it hesitated over (its best tag leads by less than [`ALTERNATIVE_MARGIN`]),
//! the tagger also names the runner-up ([`Tagger::tag_with_alternatives`]): the parser reads
//! it, so that a doubtful tag weighs less.
//!
//! Last, a sentence left without a finite verb gets one where the model's own scores allow it
//! (see `Tagger::finite_verb`): EWT has little news, and without this "Police arrested a man"
//! came out as a noun phrase.

use std::collections::HashMap;

use crate::conllu::Sentence;
use crate::model::{ModelError, Reader, Writer};
use crate::perceptron::{feat, hash_str, IdMap, Trainer, Weights};
use crate::Rng;
use rayon::prelude::*;

/// Words whose first-pass best tag leads the runner-up by at least this keep it.
pub const SECOND_PASS_MARGIN: f32 = 30.0;
/// A sentence without a finite verb gives one to the word whose finite reading scores at most
/// this far below its tag (tuned on EWT dev: UPOS and UAS unchanged there, while news
/// sentences like "Police arrested a man" stop being read as noun phrases).
const FINITE_VERB_LIMIT: f32 = 20.0;
/// How much more a participle followed by what starts an object may lose ("troops attacked the
/// village"): a passive participle takes no direct object.
const OBJECT_BONUS: f32 = 80.0;
/// A word whose best tag leads the runner-up by less than this has that runner-up as an
/// alternative, which the parser sees.
pub const ALTERNATIVE_MARGIN: f32 = 30.0;
/// Perceptrons averaged into the first pass of a full tagger.
pub const FIRST_PASS_MODELS: usize = 3;
/// Folds for the jack-knifed first-pass tags the second pass learns from.
const SECOND_PASS_FOLDS: usize = 5;

/// The tag of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TagId(pub u8);

/// A trained tagger.
#[derive(Debug, Clone)]
pub struct Tagger {
    /// Class names as `XPOS|UPOS`.
    classes: Vec<String>,
    weights: Weights,
    /// The second pass, which also sees the first pass's tags ahead (none in a quick tagger).
    second: Option<Weights>,
    /// Lower-cased form hash -> hash of its ambiguity class.
    ambiguity: IdMap<u64>,
    /// Ambiguity-class hash -> its tag, for the classes of one tag only: a word seen at least
    /// four times, always with one tag, takes it unscored at run time ([`Tagger::tag`]).
    single: IdMap<TagId>,
}

const PAD: u64 = 0x5eed_0000_0000_0001;
const START: u64 = 0x5eed_0000_0000_0002;

/// Per-word attributes, hashed once per sentence.
#[derive(Clone, Copy)]
struct Attr {
    form: u64,
    lower: u64,
    pre: [u64; 3],
    suf: [u64; 4],
    shape: u64,
    amb: u64,
}

const PAD_ATTR: Attr = Attr {
    form: PAD,
    lower: PAD,
    pre: [PAD; 3],
    suf: [PAD; 4],
    shape: PAD,
    amb: PAD,
};

/// "Washington" -> "Xx", "1,200" -> "d,d", "U.S." -> "X.X.": runs of one kind collapse.
pub(crate) fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for ch in word.chars() {
        let k = if ch.is_uppercase() {
            'X'
        } else if ch.is_lowercase() {
            'x'
        } else if ch.is_ascii_digit() {
            'd'
        } else {
            ch
        };
        if last != Some(k) {
            out.push(k);
            last = Some(k);
        }
        if out.len() > 8 {
            break;
        }
    }
    out
}

fn affix_hashes(lower: &str) -> ([u64; 3], [u64; 4]) {
    // Affixes are counted in characters but hashed as slices of the string: no allocation.
    let mut bounds = [0usize; 5];
    let n = lower.chars().count();
    let mut pre = [PAD; 3];
    let mut suf = [PAD; 4];
    for (k, (i, _)) in lower.char_indices().take(4).enumerate() {
        bounds[k] = i;
    }
    for k in 1..=3 {
        if n > k {
            pre[k - 1] = hash_str(&lower[..bounds[k]]);
        }
    }
    let ends: Vec<usize> = lower.char_indices().rev().take(4).map(|(i, _)| i).collect();
    for k in 1..=4 {
        if n > k {
            suf[k - 1] = hash_str(&lower[ends[k - 1]..]);
        }
    }
    (pre, suf)
}

/// Lower-casing also folds digits, so that "1994" and "2003" share statistics.
pub(crate) fn normalise(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.chars().any(|c| c.is_ascii_digit()) && lower.len() > 1 {
        lower
            .chars()
            .map(|c| if c.is_ascii_digit() { '0' } else { c })
            .collect()
    } else {
        lower
    }
}

impl Tagger {
    fn attrs(&self, words: &[&str]) -> Vec<Attr> {
        words
            .iter()
            .map(|w| {
                let lower = normalise(w);
                let (pre, suf) = affix_hashes(&lower);
                let lh = hash_str(&lower);
                Attr {
                    form: hash_str(w),
                    lower: lh,
                    pre,
                    suf,
                    shape: hash_str(&shape(w)),
                    amb: self.ambiguity.get(&lh).copied().unwrap_or(PAD),
                }
            })
            .collect()
    }

    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// A class's name, `XPOS|UPOS`.
    pub fn class_name(&self, tag: TagId) -> &str {
        &self.classes[tag.0 as usize]
    }

    /// The XPOS and UPOS of a class.
    pub fn split(&self, tag: TagId) -> (&str, &str) {
        let s = self.class_name(tag);
        s.split_once('|').unwrap_or((s, s))
    }

    /// Tags a sentence of words.
    pub fn tag(&self, words: &[&str]) -> Vec<TagId> {
        self.tag_with_alternatives(words).0
    }

    /// Tags a sentence of words and gives, for each word the tagger was unsure of, the tag it
    /// nearly chose (the runner-up within [`ALTERNATIVE_MARGIN`]).
    pub fn tag_with_alternatives(&self, words: &[&str]) -> (Vec<TagId>, Vec<Option<TagId>>) {
        let attrs = self.attrs(words);
        let (first, margins, runners) = self.first_pass(&attrs, &self.weights, true);
        let near = |m: f32, r: TagId| (m < ALTERNATIVE_MARGIN).then_some(r);
        let Some(second) = &self.second else {
            let alts = margins
                .iter()
                .zip(&runners)
                .map(|(&m, &r)| near(m, r))
                .collect();
            return (first, alts);
        };
        let mut tags = Vec::with_capacity(attrs.len());
        let mut alts = Vec::with_capacity(attrs.len());
        let mut feats = Vec::with_capacity(48);
        let mut scores = vec![0f32; self.classes.len()];
        for i in 0..attrs.len() {
            if margins[i] >= SECOND_PASS_MARGIN {
                tags.push(first[i]);
                alts.push(near(margins[i], runners[i]));
                continue;
            }
            features(&attrs, &tags, i, &mut feats);
            ahead_features(&attrs, &tags, &first, i, &mut feats);
            second.scores(&feats, &mut scores);
            let (best, margin, runner) = best_two(&scores);
            tags.push(TagId(best as u8));
            alts.push(near(margin, TagId(runner as u8)));
        }
        // The finite verb a clause needs is decided: the parser is not told of the participle.
        if let Some(i) = self.finite_verb(&attrs, &mut tags) {
            alts[i] = None;
        }
        (tags, alts)
    }

    /// A clause with a subject needs a finite verb. Where the tagger found none ("Russian troops
    /// attacked the village" read with "attacked" as a participle, "Japan plans to meet" with
    /// "plans" as a noun), the word after a possible subject whose finite reading the model
    /// scores closest to its chosen tag takes it, if that reading is close enough. Fragments and
    /// captions ("A protester dressed as the Grim Reaper") keep their tags: there the participle
    /// wins clearly. Gives the word it retagged, if any.
    fn finite_verb(&self, attrs: &[Attr], tags: &mut [TagId]) -> Option<usize> {
        if tags.len() < 3 {
            return None;
        }
        let xpos = |t: TagId| self.split(t).0;
        if tags
            .iter()
            .any(|&t| matches!(xpos(t), "VBD" | "VBZ" | "VBP" | "MD"))
        {
            return None;
        }
        let class = |name: &str| {
            self.classes
                .iter()
                .position(|c| c == name)
                .map(|c| TagId(c as u8))
        };
        let (past, third_person) = (class("VBD|VERB"), class("VBZ|VERB"));
        let mut feats = Vec::with_capacity(40);
        let mut scores = vec![0f32; self.classes.len()];
        let mut best: Option<(f32, usize, TagId)> = None;
        for i in 1..tags.len() {
            let finite = match xpos(tags[i]) {
                "VBN" => past,
                "NNS" => third_person,
                _ => None,
            };
            let Some(finite) = finite else { continue };
            // Or the comma that closes an apposition: "Russia, a neighbour of Ukraine,
            // attacked".
            let subject = matches!(
                xpos(tags[i - 1]),
                "NN" | "NNS" | "NNP" | "NNPS" | "PRP" | ","
            );
            if !subject {
                continue;
            }
            features(attrs, &tags[..i], i, &mut feats);
            self.weights.scores(&feats, &mut scores);
            // A passive participle takes no direct object: "troops attacked the village".
            let object_follows = xpos(tags[i]) == "VBN"
                && tags
                    .get(i + 1)
                    .is_some_and(|&t| matches!(xpos(t), "DT" | "PRP$" | "CD" | "NNP" | "NNPS"));
            let loss = scores[tags[i].0 as usize]
                - scores[finite.0 as usize]
                - if object_follows { OBJECT_BONUS } else { 0.0 };
            if best.is_none_or(|(l, _, _)| loss < l) {
                best = Some((loss, i, finite));
            }
        }
        let (loss, i, finite) = best?;
        (loss < FINITE_VERB_LIMIT).then(|| {
            tags[i] = finite;
            i
        })
    }

    /// Tags with first-pass weights; also gives each word's margin of its best tag over the
    /// runner-up.
    fn first_pass(
        &self,
        attrs: &[Attr],
        weights: &Weights,
        trust_single: bool,
    ) -> (Vec<TagId>, Vec<f32>, Vec<TagId>) {
        let mut tags = Vec::with_capacity(attrs.len());
        let mut margins = Vec::with_capacity(attrs.len());
        let mut runners = Vec::with_capacity(attrs.len());
        let mut feats = Vec::with_capacity(40);
        let mut scores = vec![0f32; self.classes.len()];
        for i in 0..attrs.len() {
            if let Some(&t) = self.single.get(&attrs[i].amb).filter(|_| trust_single) {
                tags.push(t);
                margins.push(f32::INFINITY);
                runners.push(t);
                continue;
            }
            features(attrs, &tags, i, &mut feats);
            weights.scores(&feats, &mut scores);
            let (best, margin, runner) = best_two(&scores);
            tags.push(TagId(best as u8));
            margins.push(margin);
            runners.push(TagId(runner as u8));
        }
        (tags, margins, runners)
    }

    pub fn write(&self, w: &mut Writer) {
        w.strs(&self.classes);
        let mut amb: Vec<(u64, u64)> = self.ambiguity.iter().map(|(&k, &v)| (k, v)).collect();
        amb.sort_unstable();
        w.u32(amb.len() as u32);
        for (k, v) in amb {
            w.u64(k);
            w.u64(v);
        }
        self.weights.write(w);
        match &self.second {
            Some(s) => {
                w.u8(1);
                s.write(w);
            }
            None => w.u8(0),
        }
    }

    pub fn read(r: &mut Reader) -> Result<Tagger, ModelError> {
        let classes = r.strs()?;
        let n = r.u32()? as usize;
        if n > r.remaining() / 16 {
            return Err(r.corrupt("tag dictionary longer than the file"));
        }
        let mut ambiguity = IdMap::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            let k = r.u64()?;
            ambiguity.insert(k, r.u64()?);
        }
        let weights = Weights::read(r)?;
        let second = match r.u8()? {
            0 => None,
            1 => Some(Weights::read(r)?),
            _ => return Err(r.corrupt("bad second-pass flag")),
        };
        if weights.classes() != classes.len()
            || second
                .as_ref()
                .is_some_and(|s| s.classes() != classes.len())
        {
            return Err(r.corrupt("tag count does not match the weights"));
        }
        Ok(Tagger {
            single: single_tag_classes(classes.len()),
            classes,
            weights,
            second,
            ambiguity,
        })
    }

    /// Trains on gold-tagged sentences. Deterministic for a given seed. A `full` tagger has
    /// the mixed first pass and the second pass; otherwise (for jack-knifing, where speed of
    /// training matters) one first-pass perceptron only.
    pub fn train(
        sentences: &[Sentence],
        epochs: usize,
        seed: u64,
        full: bool,
        log: &mut dyn FnMut(&str),
    ) -> Tagger {
        let mut classes: Vec<String> = sentences
            .iter()
            .flat_map(|s| s.words.iter().map(|w| format!("{}|{}", w.xpos, w.upos)))
            .collect();
        classes.sort();
        classes.dedup();
        let class_of: HashMap<&str, u8> = classes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i as u8))
            .collect();
        // The tag dictionary: classes seen for each (normalised) word seen at least twice.
        let mut seen: HashMap<String, (usize, Vec<u8>)> = HashMap::new();
        for s in sentences {
            for w in &s.words {
                let c = class_of[format!("{}|{}", w.xpos, w.upos).as_str()];
                let e = seen.entry(normalise(&w.form)).or_default();
                e.0 += 1;
                if !e.1.contains(&c) {
                    e.1.push(c);
                }
            }
        }
        let ambiguity = seen
            .into_iter()
            .filter(|(_, (n, _))| *n >= 4)
            .map(|(w, (_, mut cs))| {
                cs.sort_unstable();
                let h = ambiguity_class(&cs);
                (hash_str(&w), h)
            })
            .collect();
        let mut tagger = Tagger {
            classes: classes.clone(),
            weights: Trainer::new(1).finish(0.0),
            second: None,
            ambiguity,
            single: single_tag_classes(classes.len()),
        };
        let gold: Vec<(Vec<Attr>, Vec<TagId>)> = sentences
            .iter()
            .map(|s| {
                let forms = s.forms();
                let tags = s
                    .words
                    .iter()
                    .map(|w| TagId(class_of[format!("{}|{}", w.xpos, w.upos).as_str()]))
                    .collect();
                (tagger.attrs(&forms), tags)
            })
            .collect();
        let models = if full { FIRST_PASS_MODELS } else { 1 };
        let first: Vec<Trainer> = (0..models)
            .map(|m| {
                let seed = seed.wrapping_add(1000 * m as u64);
                train_one(&gold, classes.len(), epochs, seed, None, log)
            })
            .collect();
        let first: Vec<&Trainer> = first.iter().collect();
        tagger.weights = Trainer::finish_mixed(&first, PRUNE);
        if full {
            let folds = SECOND_PASS_FOLDS;
            let parts: Vec<Vec<(usize, Vec<TagId>)>> = (0..folds)
                .into_par_iter()
                .map(|k| {
                    let rest: Vec<(Vec<Attr>, Vec<TagId>)> = gold
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % folds != k)
                        .map(|(_, g)| g.clone())
                        .collect();
                    let seed = seed.wrapping_add(77 + k as u64);
                    let w = train_one(&rest, classes.len(), epochs, seed, None, &mut |_| {})
                        .finish(PRUNE);
                    gold.iter()
                        .enumerate()
                        .filter(|(i, _)| i % folds == k)
                        .map(|(i, g)| (i, tagger.first_pass(&g.0, &w, false).0))
                        .collect()
                })
                .collect();
            let mut ahead = vec![Vec::new(); gold.len()];
            for (i, tags) in parts.into_iter().flatten() {
                ahead[i] = tags;
            }
            log("tagger: jack-knifed first-pass tags ready for the second pass");
            let seed = seed.wrapping_add(5000);
            let second = train_one(&gold, classes.len(), epochs, seed, Some(&ahead), log);
            tagger.second = Some(second.finish(PRUNE));
        }
        tagger
    }
}

/// Weights of smaller magnitude than this are dropped from the tagger.
const PRUNE: f32 = 0.01;

/// One averaged perceptron on one seed; with `ahead` (first-pass tags of each sentence), a
/// second-pass one.
fn train_one(
    gold: &[(Vec<Attr>, Vec<TagId>)],
    classes: usize,
    epochs: usize,
    seed: u64,
    ahead: Option<&[Vec<TagId>]>,
    log: &mut dyn FnMut(&str),
) -> Trainer {
    let mut trainer = Trainer::new(classes);
    let mut order: Vec<usize> = (0..gold.len()).collect();
    let mut rng = Rng::new(seed);
    let mut feats = Vec::with_capacity(48);
    let mut scores = vec![0f32; classes];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &si in &order {
            let (attrs, gold_tags) = &gold[si];
            let mut tags = Vec::with_capacity(attrs.len());
            for (i, gold_tag) in gold_tags.iter().enumerate() {
                features(attrs, &tags, i, &mut feats);
                if let Some(ahead) = ahead {
                    ahead_features(attrs, &tags, &ahead[si], i, &mut feats);
                }
                trainer.tick();
                trainer.scores(&feats, &mut scores);
                let guess = argmax(&scores);
                trainer.update(&feats, gold_tag.0 as usize, guess);
                right += (guess == gold_tag.0 as usize) as usize;
                total += 1;
                tags.push(TagId(guess as u8));
            }
        }
        log(&format!(
            "tagger {} epoch {}: {:.2}% right while training",
            if ahead.is_some() {
                "second pass"
            } else {
                "first pass"
            },
            epoch + 1,
            100.0 * right as f64 / total.max(1) as f64
        ));
    }
    trainer
}

/// Second-pass features: the first pass's tags of this word and the two ahead, with the word,
/// its ending and ambiguity class, and the previous (second-pass) tag.
fn ahead_features(attrs: &[Attr], tags: &[TagId], ahead: &[TagId], i: usize, out: &mut Vec<u64>) {
    let t = |k: usize| -> u64 {
        match ahead.get(i + k) {
            Some(t) => t.0 as u64 + 1,
            None => START,
        }
    };
    let p1 = if i > 0 {
        tags[i - 1].0 as u64 + 1
    } else {
        START
    };
    let w = &attrs[i];
    let (t0, t1, t2) = (t(0), t(1), t(2));
    out.extend_from_slice(&[
        feat(50, t1, 0, 0),
        feat(51, t1, t2, 0),
        feat(52, w.lower, t1, 0),
        feat(53, p1, t1, 0),
        feat(54, w.suf[2], t1, 0),
        feat(55, t0, t1, 0),
        feat(56, w.amb, t1, 0),
        feat(57, p1, t0, t1),
    ]);
}

/// The best class, its lead over the runner-up, and the runner-up. With a single class there
/// is no runner-up: the lead is infinite.
pub(crate) fn best_two(scores: &[f32]) -> (usize, f32, usize) {
    if scores.len() < 2 {
        return (0, f32::INFINITY, 0);
    }
    // One pass (this runs for every word and every arc): the best so far and the runner-up.
    let (mut best, mut runner) = if scores[1] > scores[0] {
        (1, 0)
    } else {
        (0, 1)
    };
    for (c, &s) in scores.iter().enumerate().skip(2) {
        if s > scores[best] {
            runner = best;
            best = c;
        } else if s > scores[runner] {
            runner = c;
        }
    }
    (best, scores[best] - scores[runner], runner)
}

pub(crate) fn argmax(s: &[f32]) -> usize {
    let mut best = 0;
    for i in 1..s.len() {
        if s[i] > s[best] {
            best = i;
        }
    }
    best
}

/// The hash of an ambiguity class: the sorted tags a word was seen with.
fn ambiguity_class(tags: &[u8]) -> u64 {
    tags.iter()
        .fold(0x0a3b_u64, |h, &c| feat(99, h, c as u64, 0))
}

/// The ambiguity classes of one tag each, mapped to that tag.
fn single_tag_classes(classes: usize) -> IdMap<TagId> {
    (0..classes)
        .map(|c| (ambiguity_class(&[c as u8]), TagId(c as u8)))
        .collect()
}

fn features(attrs: &[Attr], tags: &[TagId], i: usize, out: &mut Vec<u64>) {
    out.clear();
    let at = |k: isize| -> &Attr {
        let j = i as isize + k;
        if j < 0 || j >= attrs.len() as isize {
            &PAD_ATTR
        } else {
            &attrs[j as usize]
        }
    };
    let tag = |k: usize| -> u64 {
        if i >= k {
            tags[i - k].0 as u64 + 1
        } else {
            START
        }
    };
    let w = at(0);
    let (p1, p2) = (tag(1), tag(2));
    let first = (i == 0) as u64;
    out.extend_from_slice(&[
        feat(0, 0, 0, 0),
        feat(1, w.lower, 0, 0),
        feat(2, w.form, 0, 0),
        feat(3, w.suf[0], 0, 0),
        feat(4, w.suf[1], 0, 0),
        feat(5, w.suf[2], 0, 0),
        feat(6, w.suf[3], 0, 0),
        feat(7, w.pre[0], 0, 0),
        feat(8, w.pre[1], 0, 0),
        feat(9, w.pre[2], 0, 0),
        feat(10, w.shape, first, 0),
        feat(11, p1, 0, 0),
        feat(12, p2, 0, 0),
        feat(13, p1, p2, 0),
        feat(14, p1, w.lower, 0),
        feat(15, at(-1).lower, 0, 0),
        feat(16, at(-2).lower, 0, 0),
        feat(17, at(1).lower, 0, 0),
        feat(18, at(2).lower, 0, 0),
        feat(19, at(-1).suf[2], 0, 0),
        feat(20, at(1).suf[2], 0, 0),
        feat(21, w.amb, 0, 0),
        feat(22, at(1).amb, 0, 0),
        feat(23, at(2).amb, 0, 0),
        feat(24, w.amb, at(1).amb, 0),
        feat(25, p1, w.amb, 0),
        feat(26, w.lower, at(1).lower, 0),
        feat(27, at(-1).lower, w.lower, 0),
        feat(28, at(1).shape, 0, 0),
        feat(29, p1, w.suf[2], 0),
        feat(30, w.lower, at(1).amb, 0),
        feat(31, at(-1).amb, 0, 0),
        feat(32, p1, at(1).lower, 0),
        feat(33, p2, p1, w.lower),
        feat(34, w.suf[2], at(1).amb, 0),
        feat(35, at(-1).shape, w.shape, at(1).shape),
        feat(36, p1, w.shape, 0),
        feat(37, w.shape, w.amb, first),
        feat(38, at(-1).shape, w.shape, p1),
    ]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu;

    /// A tiny treebank where "saw" is a noun after "the" and a verb after a pronoun.
    fn bank() -> Vec<Sentence> {
        let mut text = String::new();
        for _ in 0..6 {
            text.push_str(
                "1\tshe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n\
                 2\tsaw\tsee\tVERB\tVBD\t_\t0\troot\t_\t_\n\
                 3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_\n\
                 4\tsaw\tsaw\tNOUN\tNN\t_\t2\tobj\t_\t_\n\n",
            );
        }
        conllu::read(text.as_bytes(), "t").unwrap().sentences
    }

    #[test]
    fn two_pass_tagger_learns_and_round_trips() {
        let train = bank();
        let tagger = Tagger::train(&train, 4, 1, true, &mut |_| {});
        assert!(tagger.second.is_some());
        let words = ["she", "saw", "the", "saw"];
        let tags = tagger.tag(&words);
        let upos: Vec<&str> = tags.iter().map(|&t| tagger.split(t).1).collect();
        assert_eq!(upos, ["PRON", "VERB", "DET", "NOUN"]);
        let mut w = Writer::new("tagger");
        tagger.write(&mut w);
        let bytes = w.finish();
        let mut r = Reader::new(&bytes, "t", "tagger").unwrap();
        let back = Tagger::read(&mut r).unwrap();
        assert_eq!(back.tag(&words), tags);
        assert!(back.second.is_some());
    }

    #[test]
    fn alternatives_are_runners_up_of_unsure_words_only() {
        let tagger = Tagger::train(&bank(), 4, 1, true, &mut |_| {});
        // "saw" at the start: never seen there, so the tagger hesitates between its two tags.
        let words = ["saw", "she", "the", "saw"];
        let (tags, alts) = tagger.tag_with_alternatives(&words);
        assert_eq!(tags, tagger.tag(&words));
        assert_eq!(alts.len(), words.len());
        for (t, a) in tags.iter().zip(&alts) {
            assert_ne!(Some(*t), *a, "an alternative differs from the tag");
        }
        // "she" and "the" were only ever seen with one tag: nothing to hesitate over.
        assert_eq!((alts[1], alts[2]), (None, None));
    }

    #[test]
    fn best_two_gives_the_margin_over_the_runner_up() {
        assert_eq!(best_two(&[1.0, 5.0, 3.5]), (1, 1.5, 2));
        assert_eq!(best_two(&[4.0, 1.0]), (0, 3.0, 1));
        assert_eq!(best_two(&[2.0]).1, f32::INFINITY);
    }
}

#[cfg(test)]
mod shipped_tests {
    use crate::Models;

    /// The tags the shipped model gives a sentence of space-separated words.
    fn xpos(text: &str) -> Vec<String> {
        let Ok(models) = Models::builtin() else {
            panic!("the shipped models are built in");
        };
        let words: Vec<&str> = text.split(' ').collect();
        let tags = models.tagger.tag(&words);
        tags.iter()
            .map(|&t| models.tagger.split(t).0.to_string())
            .collect()
    }

    #[test]
    fn the_borrowed_analysis_is_the_full_one_without_lemmas() {
        let models = Models::builtin().expect("the shipped models are built in");
        let words: Vec<&str> = "Russia said it had withdrawn its troops from the border ."
            .split(' ')
            .collect();
        let full = models.analyse(&words);
        let light = models.tag_and_parse(&words);
        assert_eq!(full.len(), light.len());
        for (f, l) in full.iter().zip(&light) {
            assert_eq!((f.upos.as_str(), f.xpos.as_str()), (l.upos, l.xpos));
            assert_eq!((f.head, f.deprel.as_str()), (l.head, l.deprel));
        }
        assert_eq!(light[1].deprel, "root");
        assert_eq!(light[0].deprel, "nsubj");
    }

    #[test]
    fn a_clause_with_a_subject_gets_a_finite_verb() {
        // Read as noun phrases ("troops [who were] attacked") without the repair.
        assert_eq!(
            xpos("Russian troops attacked the village on Monday .")[2],
            "VBD"
        );
        assert_eq!(xpos("Police arrested a 36-year-old man .")[1], "VBD");
        assert_eq!(
            xpos("Japan plans to meet Korea 's foreign minister .")[1],
            "VBZ"
        );
        // A sentence that has a finite verb keeps its participles.
        assert_eq!(xpos("The man arrested on Monday was released .")[2], "VBN");
    }
}
