//! Scoring against gold trees on gold words: UPOS, XPOS, lemma, UAS and LAS.
//!
//! LAS counts a word right when its head and its full label (with subtype, `obl:tmod`) are
//! right; `las_universal` compares only the universal part (`obl`), as the CoNLL 2018 shared
//! task did. Punctuation counts like any word.

use rayon::prelude::*;

use crate::conllu::Sentence;
use crate::{Analysis, Models};

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    pub words: usize,
    pub upos: usize,
    pub xpos: usize,
    pub lemma: usize,
    pub heads: usize,
    pub labelled: usize,
    pub labelled_universal: usize,
}

impl Score {
    fn add(mut self, o: Score) -> Score {
        self.words += o.words;
        self.upos += o.upos;
        self.xpos += o.xpos;
        self.lemma += o.lemma;
        self.heads += o.heads;
        self.labelled += o.labelled;
        self.labelled_universal += o.labelled_universal;
        self
    }
    fn rate(&self, n: usize) -> f64 {
        n as f64 / self.words.max(1) as f64
    }
    pub fn upos_rate(&self) -> f64 {
        self.rate(self.upos)
    }
    pub fn xpos_rate(&self) -> f64 {
        self.rate(self.xpos)
    }
    pub fn lemma_rate(&self) -> f64 {
        self.rate(self.lemma)
    }
    pub fn uas(&self) -> f64 {
        self.rate(self.heads)
    }
    pub fn las(&self) -> f64 {
        self.rate(self.labelled)
    }
    pub fn las_universal(&self) -> f64 {
        self.rate(self.labelled_universal)
    }
}

fn universal(label: &str) -> &str {
    label.split(':').next().unwrap_or(label)
}

/// Tags and parses the gold words of each sentence and compares.
pub fn evaluate(models: &Models, sentences: &[Sentence]) -> Score {
    score(sentences, &analyse_all(models, sentences))
}

/// The models' analysis of each sentence's gold words, in order.
pub fn analyse_all(models: &Models, sentences: &[Sentence]) -> Vec<Vec<Analysis>> {
    sentences
        .par_iter()
        .map(|s| models.analyse(&s.forms()))
        .collect()
}

/// Compares analyses ([`analyse_all`]) with the gold sentences they were made of.
pub fn score(sentences: &[Sentence], analysed: &[Vec<Analysis>]) -> Score {
    sentences
        .iter()
        .zip(analysed)
        .map(|(s, got)| {
            let mut sc = Score {
                words: s.words.len(),
                ..Score::default()
            };
            for (g, w) in got.iter().zip(&s.words) {
                sc.upos += (g.upos == w.upos) as usize;
                sc.xpos += (g.xpos == w.xpos) as usize;
                sc.lemma += (g.lemma == w.lemma) as usize;
                if g.head == w.head {
                    sc.heads += 1;
                    sc.labelled += (g.deprel == w.deprel) as usize;
                    sc.labelled_universal +=
                        (universal(&g.deprel) == universal(&w.deprel)) as usize;
                }
            }
            sc
        })
        .fold(Score::default(), Score::add)
}

/// How one gold relation fares: its words, and how many of them got a wrong head or, with
/// the right head, a wrong label.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RelationErrors {
    pub relation: String,
    pub words: usize,
    pub wrong_head: usize,
    pub wrong_label: usize,
}

/// Errors by gold relation (universal part), most wrong heads first: where the parser loses.
pub fn errors_by_relation(
    sentences: &[Sentence],
    analysed: &[Vec<Analysis>],
) -> Vec<RelationErrors> {
    let mut table: std::collections::BTreeMap<&str, RelationErrors> = Default::default();
    for (s, got) in sentences.iter().zip(analysed) {
        for (g, w) in got.iter().zip(&s.words) {
            let rel = universal(&w.deprel);
            let e = table.entry(rel).or_insert_with(|| RelationErrors {
                relation: rel.to_string(),
                ..Default::default()
            });
            e.words += 1;
            if g.head != w.head {
                e.wrong_head += 1;
            } else if g.deprel != w.deprel {
                e.wrong_label += 1;
            }
        }
    }
    let mut out: Vec<RelationErrors> = table.into_values().collect();
    out.sort_by(|a, b| {
        (b.wrong_head + b.wrong_label)
            .cmp(&(a.wrong_head + a.wrong_label))
            .then_with(|| a.relation.cmp(&b.relation))
    });
    out
}
