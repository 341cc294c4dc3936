//! Training the shipped models, deterministically for a given seed.
//!
//! The parser is trained on *jack-knifed* tags: the training set is cut into folds, a tagger is
//! trained on all folds but one and tags that one. The parser thus learns from tags as wrong as
//! the ones it will see at run time, which is worth about a point of accuracy over gold tags.
//! (The jack-knife taggers are quick ones, one first pass each; the shipped tagger is a little
//! better, see `tagger`.)

use rayon::prelude::*;

use crate::conllu::Sentence;
use crate::lemma::Lemmatizer;
use crate::tagger::Tagger;

pub const TAGGER_EPOCHS: usize = 10;
pub const PARSER_EPOCHS: usize = 12;
/// Parsers trained on different shuffles and averaged into the shipped one.
pub const PARSER_MODELS: usize = 8;
/// Averaged parser weights smaller than this are dropped (a smaller, faster model).
pub const PARSER_PRUNE: f32 = 0.8;
pub const FOLDS: usize = 10;

pub fn train_tagger(
    train: &[Sentence],
    epochs: usize,
    seed: u64,
    log: &mut dyn FnMut(&str),
) -> (Tagger, Lemmatizer) {
    let tagger = Tagger::train(train, epochs, seed, true, log);
    let lemmatizer = Lemmatizer::train(train);
    (tagger, lemmatizer)
}

/// Tags every training sentence with a tagger that did not see it.
pub fn jackknife_tags(
    train: &[Sentence],
    folds: usize,
    epochs: usize,
    seed: u64,
    log: &(dyn Fn(&str) + Sync),
) -> Vec<Vec<String>> {
    let per_fold: Vec<Vec<(usize, Vec<String>)>> = (0..folds)
        .into_par_iter()
        .map(|k| {
            let rest: Vec<Sentence> = train
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != k)
                .map(|(_, s)| s.clone())
                .collect();
            let tagger = Tagger::train(&rest, epochs, seed + k as u64, false, &mut |_| {});
            log(&format!("jack-knife fold {}/{folds} tagged", k + 1));
            train
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds == k)
                .map(|(i, s)| {
                    let tags = tagger
                        .tag(&s.forms())
                        .into_iter()
                        .map(|t| tagger.classes()[t.0 as usize].clone())
                        .collect();
                    (i, tags)
                })
                .collect()
        })
        .collect();
    let mut out = vec![Vec::new(); train.len()];
    for (i, tags) in per_fold.into_iter().flatten() {
        out[i] = tags;
    }
    out
}
