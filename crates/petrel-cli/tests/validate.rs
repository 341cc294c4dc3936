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

/// A TABARI suite written by the test: the conventions petrel follows with imported TABARI
/// dictionaries (noun endings and stems of actors, `$ *`, `^`, infinitives that complete a
/// coded verb, pronouns, nouns after a coded verb) and option records (`DEFAULT:`, `CODE ALL`,
/// `MINIMUM WORDS`, whose default is 8).
#[test]
fn a_tabari_suite_with_option_records() {
    let d = std::env::temp_dir().join(format!("petrel-validate-tabari-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(
        d.join("t.project"),
        "<actorsfile> t.actors\n<verbsfile> t.verbs\n<textfile> t.text\n",
    )
    .unwrap();
    std::fs::write(
        d.join("t.actors"),
        "ARNOR [ARN] ;test\nGONDOR [GON]\nLIBYA_ [LBY]\nKUWAIT [KUW]\nMOUSE= [MUS]\n\
         ELROND [ELF]\nBREE [BRE]\n",
    )
    .unwrap();
    std::fs::write(
        d.join("t.verbs"),
        "RESTOR [064]\nCALLED_ON [094]\n- $ * [095]\nLEAVE [012]\nCELEBRATE [181]\n\
         - * EID AT ^ WITH + [043]\nURGE [102]\nASSIST [092]\nPARADE [017]\n- ANTI- + * [111]\n\
         ABANDON [345]\n",
    )
    .unwrap();
    let text = "\
950101 NOUN-1
Arnor is about to restore full diplomatic ties with Libyas.
/* { ARN / LBY / 064 } */

950101 STEM-1
Kuwaiti officials are about to restore ties with Arnor.
/* { KUW / ARN / 064 } */

950101 EXACT-1
Mouses are about to restore ties with Arnor.
/* { --- } */

950101 SOURCE-1
Arnor called on Gondor late on Sunday to leave Libya.
/* { ARN / GON / 095 } */

950101 SKIP-1
Arnor celebrated Eid at Libya with Gondor on Sunday.
/* { ARN / GON / 043 } */

950101 HYPHEN-1
Elrond abandoned an anti- Gondor parade on Saturday morning.
/* { ELF / GON / 345 } */

950101 HYPHEN-2
Elrond joined an anti- Gondor parade on Saturday morning.
/* { ELF / GON / 111 } */

950101 PRON-1
Elrond and Arnor urged Bree to wait and then Gondor assisted them.
/* { ELF / BRE / 102 } { ARN / BRE / 102 } { GON / ELF / 092 } { GON / ARN / 092 } */

950101 OPT-1
Options
/* { OPTION: DEFAULT: SOURCE [DEFSRC] PRIOR TARGET [DEFTAR] AFTER } */

950101 DEFAULT-1
Fxrnost is about to restore full diplomatic ties with Gondor.
/* { DEFSRC / GON / 064 } */

950101 DEFAULT-2
Arnor is about to restore full diplomatic ties.
/* { ARN / DEFTAR / 064 } */

950101 OPT-2
Options
/* { OPTION: DEFAULT: OFF } { OPTION: SET: CODE ALL } */

950101 SHORT-1
Arnor restored ties with Gondor.
/* { --- } */

950101 OPT-3
Options
/* { OPTION: SET: MINIMUM WORDS = 4 } */

950101 SHORT-2
Arnor restored ties with Gondor.
/* { ARN / GON / 064 } */

950101 ALL-1
Elrond urged Bree on Monday to assist him soon.
/* { ELF / BRE / 102 } { ELF / BRE / 092 } */
";
    std::fs::write(d.join("t.text"), text).unwrap();
    let path = d.join("t.text");
    let out = petrel(&["validate", path.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(summary(&out), (13, 0), "{stdout}");
    assert_eq!(stdout.matches("skip OPT-").count(), 3, "{stdout}");
    // Without the option record, the default actors are not used.
    let out = petrel(&[
        "validate",
        path.to_str().unwrap(),
        "--only",
        "DEFAULT-1",
        "--json",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(r#""got":["DEFSRC / GON / 064"]"#),
        "{stdout}"
    );
}

/// PETRARCH's readings with imported PETRARCH dictionaries: a passive without "by" is read
/// as active, `%` after the verb is a (one-way) compound target, "neither ... nor" joins a
/// compound, and a comma-delimited aside between subject and verb is passed over.
#[test]
fn a_petrarch_suite_with_petrarch_conventions() {
    let d = std::env::temp_dir().join(format!("petrel-validate-petr-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(
        d.join("v.txt"),
        "--- CRITICIZE [121] ---\nCRITICIZE\n--- AGREE [030] ---\nAGREE\n- * WITH % [031]\n\
         --- URGE [102] ---\nURGE\n--- BOYCOTT [081] ---\nBOYCOTT\n",
    )
    .unwrap();
    std::fs::write(
        d.join("a.txt"),
        "ARNOR [ARN]\nGONDOR [GON]\nERIADOR [ERI]\nBREE [BRE]\n",
    )
    .unwrap();
    let record = |id: &str, text: &str, events: &[(&str, &str, &str)]| {
        let codings: String = events
            .iter()
            .map(|(s, t, c)| {
                format!(
                    r#"<EventCoding sourcecode="{s}" targetcode="{t}" eventcode="{c}"></EventCoding>"#
                )
            })
            .collect();
        format!(
            r#"<Sentence date="19950101" id="{id}">{codings}<Text>{text}</Text></Sentence>
"#
        )
    };
    let mut suite = String::from(
        "<Validation><Environment>\n<Verbfile>v.txt</Verbfile><Actorfile>a.txt</Actorfile>\n</Environment>\n",
    );
    suite += &record(
        "PASSIVE",
        "Gondor was criticized over its dispute with Eriador.",
        &[("GON", "ERI", "121")],
    );
    suite += &record(
        "COMPOUND",
        "Eriador agrees with Arnor and Gondor that the dispute should end.",
        &[("ERI", "ARN", "031"), ("ERI", "GON", "031")],
    );
    suite += &record(
        "NOR",
        "Neither Arnor nor Gondor boycotted the talks with Eriador.",
        &[("ARN", "ERI", "081"), ("GON", "ERI", "081")],
    );
    suite += &record(
        "ASIDE",
        "Arnor, in remarks published on Monday, urged Eriador to respond.",
        &[("ARN", "ERI", "102")],
    );
    suite += "</Validation>\n";
    let path = d.join("suite.xml");
    std::fs::write(&path, suite).unwrap();
    let out = petrel(&["validate", path.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(summary(&out), (4, 0), "{stdout}");
}
