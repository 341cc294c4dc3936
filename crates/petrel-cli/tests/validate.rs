//! `petrel validate` on a small suite written by the test, and on the peers' suites in
//! ../shared when present.

use std::path::PathBuf;
use std::process::{Command, Output};

fn petrel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_petrel"))
        .args(args)
        .output()
        .expect("run petrel")
}

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn summary(out: &Output) -> (usize, usize) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or("");
    let words: Vec<&str> = last.split_whitespace().collect();
    assert_eq!(words.get(1), Some(&"passed,"), "last line: {last}");
    (words[0].parse().unwrap(), words[2].parse().unwrap())
}

#[test]
fn a_petrarch_suite_with_its_dictionaries_beside_it() {
    let d = std::env::temp_dir().join(format!("petrel-validate-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(
        d.join("v.txt"),
        "--- MEET [040] ---\nMEET\n--- HIT [190] ---\nHIT\n",
    )
    .unwrap();
    std::fs::write(d.join("a.txt"), "ARNOR [ARN]\nGONDOR [GON]\n").unwrap();
    let suite = r#"<Validation><Environment>
<Verbfile>v.txt</Verbfile><Actorfile>a.txt</Actorfile>
</Environment>
<Sentence date="19950101" id="OK-1"><EventCoding sourcecode="ARN" targetcode="GON" eventcode="040"></EventCoding>
<Text>Arnor met Gondor.</Text><Parse>(ROOT (S ...)</Parse></Sentence>
<Sentence date="19950101" id="BAD-1"><EventCoding sourcecode="ARN" targetcode="GON" eventcode="040"></EventCoding>
<Text>Arnor hit Gondor.</Text></Sentence>
<Sentence date="19950101" id="NONE-1"><EventCoding noevents="True"></EventCoding>
<Text>Nothing happened in Arnor.</Text></Sentence>
<Sentence id="BROKEN"><Text>unclosed
"#;
    let path = d.join("suite.xml");
    std::fs::write(&path, suite).unwrap();
    let out = petrel(&["validate", path.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(summary(&out), (2, 1), "{stdout}");
    assert!(stdout.contains("pass OK-1"), "{stdout}");
    assert!(stdout.contains("FAIL BAD-1"), "{stdout}");
    assert!(stdout.contains("- missing ARN / GON / 040"), "{stdout}");
    assert!(stdout.contains("+ extra   ARN / GON / 190"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("suite.xml:10"),
        "the broken record is reported: {stderr}"
    );
    let out = petrel(&["validate", path.to_str().unwrap(), "--min-pass", "90"]);
    assert_eq!(out.status.code(), Some(1), "below --min-pass fails");
}

#[test]
fn peers_suites_when_present() {
    let petr = shared().join("eval/petrarch/PETR.UnitTest.records.xml");
    let tabari = shared().join("eval/tabari/Validate.text");
    if !petr.exists() || !tabari.exists() {
        eprintln!("skipped: ../shared/eval not found");
        return;
    }
    for (suite, records) in [(petr, 250), (tabari, 400)] {
        let out = petrel(&["validate", suite.to_str().unwrap(), "--failures"]);
        let (passed, failed) = summary(&out);
        assert!(
            passed + failed >= records,
            "{}: {passed} + {failed} tests",
            suite.display()
        );
        // Far from every record: the floor guards against a regression, the targets live in .ci/run.
        assert!(
            passed * 100 >= (passed + failed) * 30,
            "{}: {passed} passed",
            suite.display()
        );
    }
}
