//! PETRARCH and TABARI discard lists: phrases that mark text as out of scope (sports, for
//! instance). A phrase alone drops the sentence that contains it; `+PHRASE` drops the whole
//! story.

use super::{at, problem, src_lines};
use crate::parse::phrase_keys;
use crate::{DictProblem, Location, Severity};

/// A discard phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discard {
    /// Token keys, as the matcher sees text.
    pub keys: Vec<String>,
    /// Drops the whole story rather than the sentence.
    pub story: bool,
    pub at: Location,
}

impl Discard {
    /// Whether the phrase occurs in a sequence of token keys.
    pub fn occurs_in<'a>(&self, keys: impl Fn(usize) -> Option<&'a str>, len: usize) -> bool {
        let n = self.keys.len();
        n > 0
            && len >= n
            && (0..=len - n).any(|i| (0..n).all(|j| keys(i + j) == Some(self.keys[j].as_str())))
    }
}

pub fn parse(file: &str, text: &str) -> (Vec<Discard>, Vec<DictProblem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for l in src_lines(text, true) {
        let t = l.text;
        if t.is_empty() || t.starts_with('<') {
            continue;
        }
        let (story, phrase) = match t.strip_prefix('+') {
            Some(p) => (true, p.trim()),
            None => (false, t),
        };
        let words = super::phrase_text(phrase);
        // Keys without dropping a leading "the": the phrase is matched literally.
        let keys: Vec<String> = {
            let k = phrase_keys(&format!("x {words}"));
            k.into_iter().skip(1).collect()
        };
        if keys.is_empty() || words.contains('[') {
            problems.push(problem(
                file,
                l.no,
                Severity::Error,
                format!("'{t}' is not a discard phrase"),
            ));
            continue;
        }
        out.push(Discard {
            keys,
            story,
            at: at(file, l.no),
        });
    }
    (out, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_and_story_discards() {
        let (d, p) = parse(
            "d.txt",
            "# c\nMONTHS LATER\n+World Golf Championships   # pas\n+\n1914\nX [Y]\n",
        );
        assert_eq!(d.len(), 3);
        assert!(!d[0].story && d[1].story);
        assert_eq!(d[0].keys, ["months", "later"]);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].at.line, 4);
        assert_eq!(p[1].at.line, 6);
        let words = ["three", "months", "later", "it"];
        assert!(d[0].occurs_in(|i| words.get(i).copied(), words.len()));
        assert!(!d[1].occurs_in(|i| words.get(i).copied(), words.len()));
    }
}
