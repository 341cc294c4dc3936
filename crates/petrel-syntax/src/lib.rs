//! petrel's own syntax: words, part-of-speech tags, lemmas and labelled dependency trees.
//!
//! Everything here is trained by petrel's own code ([`train`]) on UD English EWT (CC BY-SA 4.0)
//! and shipped as data in `models/` (embedded in the binary at build time):
//!
//! * [`tokenize`]: raw sentence text to words cut as EWT cuts them (`do|n't`, `Russia|'s`).
//! * [`tagger`]: UPOS and XPOS from one averaged perceptron.
//! * [`lemma`]: the treebank's lemmas plus suffix rules learnt from it.
//! * [`parser`]: an arc-hybrid transition parser with a dynamic oracle and an arc labeller;
//!   [`relabel`]: the arcs the labeller was unsure of, labelled again from the finished tree.
//! * [`conllu`]: reading and writing CoNLL-U; [`eval`]: UPOS, UAS and LAS against gold trees.
//! * [`model`]: the self-checking file format of the models.
//!
//! Tagging and parsing are linear in the sentence length (the parser makes exactly 2n
//! transitions), so a 10,000-word "sentence" costs 10,000 words of time, no more.

use std::path::Path;
use std::sync::OnceLock;

pub mod conllu;
pub mod eval;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod perceptron;
pub mod relabel;
pub mod tagger;
pub mod tokenize;
pub mod train;

use lemma::Lemmatizer;
pub use model::ModelError;
use model::{Reader, Writer};
use parser::Parser;
use tagger::Tagger;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/models.rs"));
}

/// The command that rebuilds the shipped models (also in the README).
pub const REBUILD_TAGGER: &str = "petrel train tagger --train ../shared/ud-english-ewt/en_ewt-ud-train.conllu --dev ../shared/ud-english-ewt/en_ewt-ud-dev.conllu --out models/tagger.bin";
pub const REBUILD_PARSER: &str = "petrel train parser --train ../shared/ud-english-ewt/en_ewt-ud-train.conllu --dev ../shared/ud-english-ewt/en_ewt-ud-dev.conllu --out models/parser.bin";

/// One analysed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    pub upos: String,
    pub xpos: String,
    pub lemma: String,
    /// 0 is the root, otherwise the 1-based index of the head word.
    pub head: usize,
    pub deprel: String,
}

/// One word's tags and attachment as [`Models::tag_and_parse`] gives them, borrowed from the
/// models.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tagged<'m> {
    pub upos: &'m str,
    pub xpos: &'m str,
    /// 0 is the root, otherwise the 1-based index of the head word.
    pub head: usize,
    pub deprel: &'m str,
}

/// The tagger, lemmatizer and parser together.
#[derive(Debug, Clone)]
pub struct Models {
    pub tagger: Tagger,
    pub lemmatizer: Lemmatizer,
    pub parser: Parser,
}

impl Models {
    /// The models compiled into the binary (loaded once, on first use).
    pub fn builtin() -> Result<&'static Models, ModelError> {
        static MODELS: OnceLock<Result<Models, ModelError>> = OnceLock::new();
        MODELS
            .get_or_init(|| {
                let missing = |file: &str, rebuild: &str| ModelError {
                    file: format!("models/{file}"),
                    reason: "was not present when petrel was built".to_string(),
                    rebuild: format!("{rebuild}`, then rebuild petrel with `cargo build --release"),
                };
                let t = embedded::TAGGER.ok_or_else(|| missing("tagger.bin", REBUILD_TAGGER))?;
                let p = embedded::PARSER.ok_or_else(|| missing("parser.bin", REBUILD_PARSER))?;
                Models::from_bytes(
                    t,
                    "models/tagger.bin (built in)",
                    p,
                    "models/parser.bin (built in)",
                )
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Loads `tagger.bin` and `parser.bin` from a directory.
    pub fn load(dir: &Path) -> Result<Models, ModelError> {
        let read = |file: &str, rebuild: &str| {
            let path = dir.join(file);
            std::fs::read(&path).map_err(|e| ModelError {
                file: path.display().to_string(),
                reason: format!("cannot be read ({e})"),
                rebuild: rebuild.to_string(),
            })
        };
        let t = read("tagger.bin", REBUILD_TAGGER)?;
        let p = read("parser.bin", REBUILD_PARSER)?;
        Models::from_bytes(
            &t,
            &dir.join("tagger.bin").display().to_string(),
            &p,
            &dir.join("parser.bin").display().to_string(),
        )
    }

    pub fn from_bytes(
        tagger: &[u8],
        tagger_name: &str,
        parser: &[u8],
        parser_name: &str,
    ) -> Result<Models, ModelError> {
        let (t, l) = read_tagger(tagger, tagger_name)?;
        let p = read_parser(parser, parser_name)?;
        Ok(Models {
            tagger: t,
            lemmatizer: l,
            parser: p,
        })
    }

    /// Tags, lemmatises and parses one sentence of words.
    pub fn analyse(&self, forms: &[&str]) -> Vec<Analysis> {
        forms
            .iter()
            .zip(self.tag_and_parse(forms))
            .map(|(form, t)| Analysis {
                lemma: self.lemmatizer.lemma(form, t.xpos, t.upos),
                upos: t.upos.to_string(),
                xpos: t.xpos.to_string(),
                head: t.head,
                deprel: t.deprel.to_string(),
            })
            .collect()
    }

    /// Tags and parses one sentence of words, without lemmas, borrowing every name from the
    /// models: what the coder needs, with no allocation per word.
    pub fn tag_and_parse(&self, forms: &[&str]) -> Vec<Tagged<'_>> {
        let (tags, alts) = self.tagger.tag_with_alternatives(forms);
        let name = |&t: &tagger::TagId| self.tagger.class_name(t);
        let classes: Vec<&str> = tags.iter().map(name).collect();
        let alternatives: Vec<Option<&str>> = alts.iter().map(|a| a.as_ref().map(name)).collect();
        tags.iter()
            .zip(self.parser.parse_ids(forms, &classes, &alternatives))
            .map(|(&tag, (head, label))| {
                let (xpos, upos) = self.tagger.split(tag);
                Tagged {
                    upos,
                    xpos,
                    head,
                    deprel: self.parser.label(label),
                }
            })
            .collect()
    }
}

pub fn tagger_bytes(tagger: &Tagger, lemmatizer: &Lemmatizer) -> Vec<u8> {
    let mut w = Writer::new("tagger");
    tagger.write(&mut w);
    lemmatizer.write(&mut w);
    w.finish()
}

pub fn parser_bytes(parser: &Parser) -> Vec<u8> {
    let mut w = Writer::new("parser");
    parser.write(&mut w);
    w.finish()
}

pub fn read_tagger(bytes: &[u8], name: &str) -> Result<(Tagger, Lemmatizer), ModelError> {
    let mut r = Reader::open(bytes, name, "tagger", REBUILD_TAGGER)?;
    let t = Tagger::read(&mut r)?;
    let l = Lemmatizer::read(&mut r)?;
    r.end()?;
    Ok((t, l))
}

pub fn read_parser(bytes: &[u8], name: &str) -> Result<Parser, ModelError> {
    let mut r = Reader::open(bytes, name, "parser", REBUILD_PARSER)?;
    let p = Parser::read(&mut r)?;
    r.end()?;
    Ok(p)
}

/// A small deterministic generator (xorshift64*) so that training is reproducible.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(perceptron::mix(seed ^ 0x2545_f491_4f6c_dd1d) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}
