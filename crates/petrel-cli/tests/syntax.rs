//! End-to-end tests of `petrel train` and `petrel parse` on treebanks the project wrote
//! (`tests/syntax/*.conllu`) and with the shipped models.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn petrel(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_petrel"))
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run petrel");
    if let Some(text) = stdin {
        // A command that fails early may not read its input: a broken pipe is not the test's
        // concern, the exit status and stderr are.
        let mut input = child.stdin.take().expect("stdin");
        let _ = input.write_all(text.as_bytes());
    }
    child.wait_with_output().expect("petrel output")
}

fn tiny() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/syntax/tiny.conllu")
}

fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Word lines of CoNLL-U output as (form, upos, head, deprel).
fn words(conllu: &str) -> Vec<(String, String, usize, String)> {
    conllu
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert_eq!(c.len(), 10, "ten columns in {l:?}");
            (c[1].into(), c[3].into(), c[6].parse().unwrap(), c[7].into())
        })
        .collect()
}

#[test]
fn parse_turns_raw_text_into_a_tree_with_the_shipped_models() {
    let out = petrel(&["parse"], Some("Russia imposed new sanctions on Ukraine."));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("# text = Russia imposed new sanctions on Ukraine."));
    let w = words(&text);
    let forms: Vec<&str> = w.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(
        forms,
        [
            "Russia",
            "imposed",
            "new",
            "sanctions",
            "on",
            "Ukraine",
            "."
        ]
    );
    assert_eq!((w[1].2, w[1].3.as_str()), (0, "root"));
    assert_eq!((w[0].2, w[0].3.as_str()), (2, "nsubj"));
    assert_eq!((w[3].2, w[3].3.as_str()), (2, "obj"));
    assert_eq!(w[0].1, "PROPN");
    assert_eq!(w[1].1, "VERB");
}

#[test]
fn eval_scores_gold_words_and_reports_bad_lines_with_their_place() {
    let dir = scratch("syntax-eval");
    let gold = dir.join("gold.conllu");
    let mut text = std::fs::read_to_string(tiny()).unwrap();
    text.push_str("1\tbroken\n\n");
    std::fs::write(&gold, &text).unwrap();
    let out = petrel(&["parse", "--eval", gold.to_str().unwrap()], None);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines = text.lines().count();
    assert!(
        stderr.contains(&format!("gold.conllu:{}:", lines - 1)),
        "the malformed line is named: {stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last: Vec<&str> = stdout.lines().last().unwrap().split(' ').collect();
    assert_eq!([last[0], last[2], last[4]], ["UPOS", "UAS", "LAS"]);
    let upos: f64 = last[1].parse().unwrap();
    let uas: f64 = last[3].parse().unwrap();
    let las: f64 = last[5].parse().unwrap();
    // Six plain sentences: the shipped models get nearly all of it.
    assert!(upos > 0.9 && uas > 0.8 && las <= uas, "{stdout}");
}

#[test]
fn eval_writes_the_predicted_trees_and_counts_errors_by_relation() {
    let dir = scratch("syntax-eval-errors");
    let predicted = dir.join("predicted.conllu");
    let gold_text = std::fs::read_to_string(tiny()).unwrap();
    let out = petrel(
        &[
            "parse",
            "--eval",
            tiny().to_str().unwrap(),
            "--errors",
            "--predicted",
            predicted.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let gold = words(&gold_text);
    let got = words(&std::fs::read_to_string(&predicted).unwrap());
    // The same words, in the same sentences (the gold comments are kept).
    let forms = |w: &[(String, String, usize, String)]| -> Vec<String> {
        w.iter().map(|x| x.0.clone()).collect()
    };
    assert_eq!(forms(&got), forms(&gold));
    let sent_ids = |t: &str| t.lines().filter(|l| l.starts_with("# sent_id")).count();
    assert_eq!(
        sent_ids(&std::fs::read_to_string(&predicted).unwrap()),
        sent_ids(&gold_text)
    );
    // The table's words add up to all words, and its wrong heads to the heads that differ
    // between the predicted file and the gold one.
    let stderr = String::from_utf8_lossy(&out.stderr);
    let rows: Vec<Vec<&str>> = stderr
        .lines()
        .skip_while(|l| !l.starts_with("relation"))
        .skip(1)
        .map(|l| l.split_whitespace().collect::<Vec<&str>>())
        .take_while(|r| r.len() == 5 && r[4].ends_with('%'))
        .collect();
    assert!(!rows.is_empty(), "{stderr}");
    let total =
        |col: usize| -> usize { rows.iter().map(|r| r[col].parse::<usize>().unwrap()).sum() };
    assert_eq!(total(1), gold.len());
    let wrong_heads = gold.iter().zip(&got).filter(|(g, p)| g.2 != p.2).count();
    assert_eq!(total(2), wrong_heads);
}

#[test]
fn training_is_deterministic_and_a_corrupt_model_is_named_with_its_rebuild_command() {
    let dir = scratch("syntax-train");
    let t = tiny();
    let train = |out: &Path, what: &str| {
        let o = petrel(
            &[
                "train",
                what,
                "--train",
                t.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--epochs",
                "3",
            ],
            None,
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read(out).unwrap()
    };
    let a = train(&dir.join("tagger.bin"), "tagger");
    let b = train(&dir.join("again.bin"), "tagger");
    assert_eq!(a, b, "same data and seed, same model");
    let p = train(&dir.join("parser.bin"), "parser");
    assert!(!p.is_empty());

    // The trained pair works as a model directory.
    let out = petrel(
        &["parse", "--models", dir.to_str().unwrap()],
        Some("Police arrested protesters."),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(words(&String::from_utf8(out.stdout).unwrap()).len(), 4);

    // One flipped byte: refused, with the file and the command that rebuilds it.
    let mut bad = p.clone();
    let mid = bad.len() / 2;
    bad[mid] ^= 0x40;
    std::fs::write(dir.join("parser.bin"), &bad).unwrap();
    let out = petrel(
        &["parse", "--models", dir.to_str().unwrap()],
        Some("Hello."),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("parser.bin"), "{stderr}");
    assert!(stderr.contains("petrel train parser"), "{stderr}");

    std::fs::remove_file(dir.join("tagger.bin")).unwrap();
    let out = petrel(
        &["parse", "--models", dir.to_str().unwrap()],
        Some("Hello."),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tagger.bin"));
}

#[test]
fn a_ten_thousand_word_sentence_is_parsed_whole() {
    let dir = scratch("syntax-long");
    let mut conllu = String::new();
    let n = 10_000;
    for i in 1..=n {
        let (form, head) = if i % 2 == 1 {
            ("talks", i + 1)
        } else {
            ("continue", i - 1)
        };
        let head = if i == 1 { 0 } else { head.min(n) };
        conllu.push_str(&format!("{i}\t{form}\t_\tNOUN\tNN\t_\t{head}\tdep\t_\t_\n"));
    }
    conllu.push('\n');
    let f = dir.join("long.conllu");
    std::fs::write(&f, conllu).unwrap();
    let out = petrel(&["parse", "--eval", f.to_str().unwrap()], None);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("10000 words"), "{stderr}");
}
