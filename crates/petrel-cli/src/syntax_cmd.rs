//! `petrel train` and `petrel parse`: training the syntax models and using them.

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use petrel_syntax::conllu::{self, Sentence, Word};
use petrel_syntax::train::PredictedTag;
use petrel_syntax::{eval, train, Models};

#[derive(Subcommand)]
pub enum TrainCommand {
    /// Train the part-of-speech tagger and the lemmatizer.
    Tagger(TrainArgs),
    /// Train the dependency parser (on jack-knifed tags; needs a trained tagger to score dev).
    Parser(TrainArgs),
}

#[derive(Args)]
pub struct TrainArgs {
    /// Training treebank (CoNLL-U).
    #[arg(long)]
    pub train: PathBuf,
    /// Development treebank (CoNLL-U), scored after training.
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long)]
    pub out: PathBuf,
    /// Passes over the training data (default: 10 for the tagger, 12 for the parser).
    #[arg(long)]
    pub epochs: Option<usize>,
    /// Seed for shuffling and exploration; the same seed gives the same model.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// For `parser`: the tagger used to score dev (default: tagger.bin beside --out).
    #[arg(long)]
    pub tagger: Option<PathBuf>,
    /// For `parser`: drop averaged weights smaller than this (smaller, faster models).
    #[arg(long, default_value_t = train::PARSER_PRUNE)]
    pub prune: f32,
    /// For `parser`: how many parsers (on different shuffles) to train and average.
    #[arg(long, default_value_t = train::PARSER_MODELS)]
    pub models: usize,
    /// For `parser`: keep the jack-knifed training tags in this file and reuse them when it exists
    /// (they depend only on the training file and the seed).
    #[arg(long, value_name = "FILE")]
    pub tags_cache: Option<PathBuf>,
}

#[derive(Args)]
pub struct ParseArgs {
    /// Plain-text files to parse; `-` or none reads standard input.
    pub files: Vec<PathBuf>,
    /// Instead: tag and parse the gold words of this CoNLL-U file and score the result.
    #[arg(long, value_name = "F.conllu")]
    pub eval: Option<PathBuf>,
    /// With --eval: also print, for each gold relation, how many of its words got a wrong head
    /// or a wrong label (most errors first).
    #[arg(long, requires = "eval")]
    pub errors: bool,
    /// With --eval: also write the predicted analysis of the gold words as CoNLL-U to FILE
    /// (gold comments kept), to compare tree by tree.
    #[arg(long, requires = "eval", value_name = "FILE")]
    pub predicted: Option<PathBuf>,
    /// Directory with tagger.bin and parser.bin (default: the models built into petrel).
    #[arg(long)]
    pub models: Option<PathBuf>,
}

fn read_bank(path: &Path) -> Result<Vec<Sentence>> {
    let bank =
        conllu::read_file(path).with_context(|| format!("cannot read {}", path.display()))?;
    for p in &bank.problems {
        eprintln!("petrel: {p} (sentence skipped)");
    }
    if bank.sentences.is_empty() {
        bail!("{}: no sentences", path.display());
    }
    eprintln!(
        "{}: {} sentences, {} words ({} multiword tokens and {} empty nodes skipped)",
        path.display(),
        bank.sentences.len(),
        bank.words(),
        bank.multiword_tokens,
        bank.empty_nodes
    );
    Ok(bank.sentences)
}

fn print_score(label: &str, s: &eval::Score) {
    eprintln!(
        "{label}: {} words, UPOS {:.4} XPOS {:.4} lemma {:.4} UAS {:.4} LAS {:.4} (universal labels {:.4})",
        s.words,
        s.upos_rate(),
        s.xpos_rate(),
        s.lemma_rate(),
        s.uas(),
        s.las(),
        s.las_universal()
    );
}

pub fn train(cmd: TrainCommand) -> Result<u8> {
    let start = Instant::now();
    let mut log = |m: &str| eprintln!("{m} ({:.0} s)", start.elapsed().as_secs_f64());
    match cmd {
        TrainCommand::Tagger(a) => {
            let sents = read_bank(&a.train)?;
            let epochs = a.epochs.unwrap_or(train::TAGGER_EPOCHS);
            let (tagger, lemmatizer) = train::train_tagger(&sents, epochs, a.seed, &mut log);
            let bytes = petrel_syntax::tagger_bytes(&tagger, &lemmatizer);
            crate::output::write_atomically(&a.out, &bytes)?;
            eprintln!("wrote {} ({} bytes)", a.out.display(), bytes.len());
            if let Some(dev) = &a.dev {
                let dev = read_bank(dev)?;
                let mut correct = 0;
                let mut total = 0;
                let mut confusions: std::collections::HashMap<(String, String), usize> =
                    Default::default();
                for s in &dev {
                    let tags = tagger.tag(&s.forms());
                    for (t, w) in tags.iter().zip(&s.words) {
                        let got = tagger.split(*t).1;
                        if got == w.upos {
                            correct += 1;
                        } else {
                            *confusions
                                .entry((w.upos.clone(), got.to_string()))
                                .or_default() += 1;
                        }
                        total += 1;
                    }
                }
                let mut confusions: Vec<_> = confusions.into_iter().collect();
                confusions.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                let top: Vec<String> = confusions
                    .iter()
                    .take(8)
                    .map(|((g, p), n)| format!("{g}->{p} {n}"))
                    .collect();
                eprintln!(
                    "dev UPOS errors, most frequent (gold->tagged): {}",
                    top.join(", ")
                );
                eprintln!("dev UPOS {:.4}", correct as f64 / total.max(1) as f64);
            }
        }
        TrainCommand::Parser(a) => {
            let sents = read_bank(&a.train)?;
            let epochs = a.epochs.unwrap_or(train::PARSER_EPOCHS);
            let tags = jackknifed(&sents, &a)?;
            let dev = match &a.dev {
                Some(dev) => {
                    let tagger_path = a
                        .tagger
                        .clone()
                        .unwrap_or_else(|| a.out.with_file_name("tagger.bin"));
                    let tbytes = std::fs::read(&tagger_path).with_context(|| {
                        format!(
                            "cannot read the tagger {} to score dev; train it first: {}",
                            tagger_path.display(),
                            petrel_syntax::REBUILD_TAGGER
                        )
                    })?;
                    let tagger =
                        petrel_syntax::read_tagger(&tbytes, &tagger_path.display().to_string())?;
                    Some((tagger, read_bank(dev)?))
                }
                None => None,
            };
            let mut score_dev = |epoch: usize, parser: &petrel_syntax::parser::Parser| {
                if let Some(((tagger, lemmatizer), dev)) = &dev {
                    let models = Models {
                        tagger: tagger.clone(),
                        lemmatizer: lemmatizer.clone(),
                        parser: parser.clone(),
                    };
                    print_score(
                        &format!("dev after epoch {epoch}"),
                        &eval::evaluate(&models, dev),
                    );
                }
            };
            let after_epoch: Option<&mut petrel_syntax::parser::EpochHook<'_>> = if a.dev.is_some()
            {
                Some(&mut score_dev)
            } else {
                None
            };
            let parser = petrel_syntax::parser::Parser::train(
                &sents,
                &tags,
                &petrel_syntax::parser::TrainOptions {
                    epochs,
                    models: a.models,
                    seed: a.seed,
                    prune: a.prune,
                },
                &mut log,
                after_epoch,
            );
            let bytes = petrel_syntax::parser_bytes(&parser);
            crate::output::write_atomically(&a.out, &bytes)?;
            eprintln!("wrote {} ({} bytes)", a.out.display(), bytes.len());
        }
    }
    Ok(0)
}

/// Jack-knifed tags for the training sentences, from the cache when it matches.
fn jackknifed(sents: &[Sentence], a: &TrainArgs) -> Result<Vec<Vec<PredictedTag>>> {
    if let Some(cache) = &a.tags_cache {
        if let Ok(text) = std::fs::read_to_string(cache) {
            let tags = train::tags_from_text(&text);
            let fits = tags.as_ref().is_some_and(|tags| {
                tags.len() == sents.len()
                    && tags
                        .iter()
                        .zip(sents)
                        .all(|(t, s)| t.len() == s.words.len())
            });
            if let (true, Some(tags)) = (fits, tags) {
                eprintln!("jack-knifed tags from {}", cache.display());
                return Ok(tags);
            }
            eprintln!(
                "{} does not fit this treebank; tagging again",
                cache.display()
            );
        }
    }
    let tags = train::jackknife_tags(
        sents,
        train::FOLDS,
        train::TAGGER_EPOCHS,
        a.seed,
        &|m: &str| eprintln!("{m}"),
    );
    if let Some(cache) = &a.tags_cache {
        crate::output::write_atomically(cache, train::tags_to_text(&tags).as_bytes())?;
    }
    Ok(tags)
}

/// A CoNLL-U word of `form` with the models' analysis of it.
fn analysed_word(form: String, a: &petrel_syntax::Analysis, misc: String) -> Word {
    Word {
        form,
        lemma: a.lemma.clone(),
        upos: a.upos.clone(),
        xpos: a.xpos.clone(),
        feats: String::new(),
        head: a.head,
        deprel: a.deprel.clone(),
        misc,
    }
}

fn load_models(dir: &Option<PathBuf>) -> Result<std::borrow::Cow<'static, Models>> {
    Ok(match dir {
        Some(d) => std::borrow::Cow::Owned(Models::load(d)?),
        None => std::borrow::Cow::Borrowed(Models::builtin()?),
    })
}

pub fn parse(args: ParseArgs) -> Result<u8> {
    let loaded = Instant::now();
    let models = load_models(&args.models)?;
    let load_ms = loaded.elapsed().as_secs_f64() * 1000.0;
    if let Some(gold) = &args.eval {
        let sents = read_bank(gold)?;
        let start = Instant::now();
        // Analysed once: scored, and written or tabulated by error when asked.
        let analysed = eval::analyse_all(&models, &sents);
        let secs = start.elapsed().as_secs_f64();
        let score = eval::score(&sents, &analysed);
        print_score(&gold.display().to_string(), &score);
        if let Some(path) = &args.predicted {
            let mut buf = Vec::new();
            for (s, got) in sents.iter().zip(&analysed) {
                let words = s
                    .words
                    .iter()
                    .zip(got)
                    .map(|(w, a)| analysed_word(w.form.clone(), a, w.misc.clone()))
                    .collect();
                let p = Sentence {
                    comments: s.comments.clone(),
                    words,
                };
                conllu::write_sentence(&mut buf, &p)?;
            }
            crate::output::write_atomically(path, &buf)?;
        }
        if args.errors {
            eprintln!("relation        words  wrong head  wrong label  (share of all errors)");
            let table = eval::errors_by_relation(&sents, &analysed);
            let all: usize = table.iter().map(|r| r.wrong_head + r.wrong_label).sum();
            for r in &table {
                eprintln!(
                    "{:<14} {:>6}  {:>10}  {:>11}  {:>5.1}%",
                    r.relation,
                    r.words,
                    r.wrong_head,
                    r.wrong_label,
                    100.0 * (r.wrong_head + r.wrong_label) as f64 / all.max(1) as f64
                );
            }
        }
        eprintln!(
            "models loaded in {load_ms:.0} ms; {:.0} words/s on {} threads",
            score.words as f64 / secs,
            rayon::current_num_threads()
        );
        println!(
            "UPOS {:.4} UAS {:.4} LAS {:.4}",
            score.upos_rate(),
            score.uas(),
            score.las()
        );
        return Ok(0);
    }
    let mut inputs: Vec<(String, String)> = Vec::new();
    let mut skipped = false;
    if args.files.is_empty() || args.files.iter().any(|f| f.as_os_str() == "-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read standard input as UTF-8 text")?;
        inputs.push(("stdin".to_string(), text));
    }
    for f in args.files.iter().filter(|f| f.as_os_str() != "-") {
        match std::fs::read(f) {
            Ok(bytes) => inputs.push((
                f.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            )),
            Err(e) => {
                eprintln!("petrel: {}: {e} (skipped)", f.display());
                skipped = true;
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for (name, text) in &inputs {
        for (k, sent) in petrel_text::segment::segment_text(text).iter().enumerate() {
            let stext = sent.text(text);
            let ranges = petrel_syntax::tokenize::words(stext);
            if ranges.is_empty() {
                continue;
            }
            let forms: Vec<&str> = ranges.iter().map(|r| &stext[r.clone()]).collect();
            let analysis = models.analyse(&forms);
            let words = forms
                .iter()
                .zip(&analysis)
                .enumerate()
                .map(|(i, (f, a))| {
                    let next = ranges.get(i + 1).map(|r| r.start);
                    let glued = next == Some(ranges[i].end);
                    let misc = if glued {
                        "SpaceAfter=No".into()
                    } else {
                        String::new()
                    };
                    analysed_word(f.to_string(), a, misc)
                })
                .collect();
            let s = Sentence {
                comments: vec![
                    format!("sent_id = {name}-{}", k + 1),
                    format!("text = {}", stext.replace('\n', " ")),
                ],
                words,
            };
            conllu::write_sentence(&mut out, &s)?;
        }
    }
    out.flush()?;
    Ok(if skipped { crate::EXIT_SKIPPED } else { 0 })
}
