//! PETRARCH issue coding (`Phoenix.IssueCoding.txt`).
//!
//! ```text
//! <ISSUE CATEGORY="EDUCATION" TYPE="ALL">
//! n:preschool [EARLY_CHILDHOOD_EDUCATION]     'n:' marks a noun; '+' joins words
//! early+childhood education [EARLY_CHILDHOOD_EDUCATION]
//! ~a head start                               an exclusion: this phrase is not the issue
//! </ISSUE>
//! ```
//!
//! Issues are read and checked; events do not carry them yet.

use super::{at, problem, src_lines};
use crate::{DictProblem, Location, Severity};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub category: String,
    /// The phrase in plain words ("early childhood education").
    pub phrase: String,
    /// The issue code; `None` for an exclusion (`~phrase`).
    pub code: Option<String>,
    pub at: Location,
}

pub fn parse(file: &str, text: &str) -> (Vec<Issue>, Vec<DictProblem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut category: Option<String> = None;
    for l in src_lines(text, false) {
        let t = l.text;
        if t.is_empty() {
            continue;
        }
        if let Some(tag) = t.strip_prefix('<') {
            if tag.starts_with('/') {
                category = None;
            } else if tag.to_ascii_uppercase().starts_with("ISSUE") {
                category = attribute(tag, "CATEGORY");
                if category.is_none() {
                    problems.push(problem(
                        file,
                        l.no,
                        Severity::Error,
                        "<ISSUE> without CATEGORY".into(),
                    ));
                }
            }
            continue;
        }
        let Some(cat) = category.clone() else {
            problems.push(problem(
                file,
                l.no,
                Severity::Error,
                "issue phrase outside an <ISSUE> block".into(),
            ));
            continue;
        };
        let (phrase, code) = match t.strip_prefix('~') {
            Some(p) => (p.trim(), None),
            None => {
                let (head, groups, err) = super::split_brackets(t);
                match (groups.first(), err) {
                    (Some(c), None) if !c.trim().is_empty() => {
                        (head.trim(), Some(c.trim().to_string()))
                    }
                    _ => {
                        problems.push(problem(
                            file,
                            l.no,
                            Severity::Error,
                            format!("'{t}' needs a [CODE]"),
                        ));
                        continue;
                    }
                }
            }
        };
        let words: Vec<String> = phrase
            .replace('+', " ")
            .split_whitespace()
            .map(|w| w.rsplit(':').next().unwrap_or(w).to_lowercase())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            problems.push(problem(
                file,
                l.no,
                Severity::Error,
                "issue line without a phrase".into(),
            ));
            continue;
        }
        out.push(Issue {
            category: cat,
            phrase: words.join(" "),
            code,
            at: at(file, l.no),
        });
    }
    (out, problems)
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let upper = tag.to_ascii_uppercase();
    let i = upper.find(&format!("{name}="))?;
    let rest = tag[i + name.len() + 1..].trim_start_matches(['"', '\'']);
    let end = rest.find(['"', '\'', ' ', '>']).unwrap_or(rest.len());
    Some(rest[..end].to_string()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issues_and_exclusions() {
        let text = "<ISSUE CATEGORY=\"EDUCATION\" TYPE=\"ALL\">\n\nn:preschool [EARLY]\npre+n:school [EARLY]\n~a head start\nno code here\n</ISSUE>\nstray [X]\n";
        let (i, p) = parse("i.txt", text);
        assert_eq!(i.len(), 3);
        assert_eq!(i[1].phrase, "pre school");
        assert_eq!(i[0].category, "EDUCATION");
        assert!(i[2].code.is_none());
        let lines: Vec<usize> = p.iter().map(|p| p.at.line).collect();
        assert_eq!(lines, [6, 8]);
    }
}
