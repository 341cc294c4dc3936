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
use crate::tagger::{TagId, Tagger};

/// A tag as the tagger gave it, and the tag it nearly chose where it was unsure: what the
/// parser is trained on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredictedTag {
    pub tag: String,
    pub alternative: Option<String>,
}

impl PredictedTag {
    /// `tag` or `tag~alternative` (no tag class holds a `~`).
    pub fn to_text(&self) -> String {
        match &self.alternative {
            Some(a) => format!("{}~{a}", self.tag),
            None => self.tag.clone(),
        }
    }

    pub fn from_text(text: &str) -> PredictedTag {
        match text.split_once('~') {
            Some((tag, a)) => PredictedTag {
                tag: tag.to_string(),
                alternative: Some(a.to_string()),
            },
            None => PredictedTag {
                tag: text.to_string(),
                alternative: None,
            },
        }
    }
}

/// The first line of a jack-knifed tags cache ([`tags_to_text`]).
const TAGS_CACHE_HEADER: &str = "# petrel jack-knifed tags, with alternatives\n";

/// The text of a jack-knifed tags cache: a header line, then one line per sentence with one
/// `tag` or `tag~alternative` per word, separated by spaces.
pub fn tags_to_text(tags: &[Vec<PredictedTag>]) -> String {
    let mut text = TAGS_CACHE_HEADER.to_string();
    for sentence in tags {
        let line: Vec<String> = sentence.iter().map(PredictedTag::to_text).collect();
        text.push_str(&line.join(" "));
        text.push('\n');
    }
    text
}

/// Reads [`tags_to_text`]'s text; `None` without its header (a cache from before the
/// alternatives, to be tagged again).
pub fn tags_from_text(text: &str) -> Option<Vec<Vec<PredictedTag>>> {
    let body = text.strip_prefix(TAGS_CACHE_HEADER)?;
    Some(
        body.lines()
            .map(|l| l.split(' ').map(PredictedTag::from_text).collect())
            .collect(),
    )
}

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

/// Tags every training sentence with a tagger that did not see it (with the alternatives the
/// parser sees at run time).
pub fn jackknife_tags(
    train: &[Sentence],
    folds: usize,
    epochs: usize,
    seed: u64,
    log: &(dyn Fn(&str) + Sync),
) -> Vec<Vec<PredictedTag>> {
    let per_fold: Vec<Vec<(usize, Vec<PredictedTag>)>> = (0..folds)
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
                    let (tags, alts) = tagger.tag_with_alternatives(&s.forms());
                    let name = |t: TagId| tagger.class_name(t).to_string();
                    let tags = tags
                        .into_iter()
                        .zip(alts)
                        .map(|(t, a)| PredictedTag {
                            tag: name(t),
                            alternative: a.map(name),
                        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicted_tags_round_trip_through_their_text() {
        for t in [
            PredictedTag {
                tag: "NN|NOUN".into(),
                alternative: Some("VB|VERB".into()),
            },
            PredictedTag {
                tag: ",|PUNCT".into(),
                alternative: None,
            },
        ] {
            assert_eq!(PredictedTag::from_text(&t.to_text()), t);
        }
        assert_eq!(
            PredictedTag::from_text("NN|NOUN~VB|VERB").to_text(),
            "NN|NOUN~VB|VERB"
        );
    }

    #[test]
    fn a_tags_cache_reads_back_and_an_old_one_does_not() {
        let tags = vec![vec![
            PredictedTag::from_text("NNP|PROPN"),
            PredictedTag::from_text("VBD|VERB~VBN|VERB"),
        ]];
        assert_eq!(tags_from_text(&tags_to_text(&tags)), Some(tags));
        assert_eq!(tags_from_text("NNP|PROPN VBD|VERB\n"), None);
    }
}
