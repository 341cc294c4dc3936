//! Raw text to words as UD English EWT cuts them.
//!
//! EWT splits clitics (`do|n't`, `Russia|'s`, `we|'re`, `ca|n't`, `can|not`), hyphens and slashes
//! between words (`pro|-|Russian`, `and|/|or`), currency signs and per cent signs from numbers,
//! and punctuation from words, but keeps abbreviations (`U.S.`, `Mr.`), numbers (`1,200.50`),
//! URLs and e-mail addresses whole. Every word is a byte range of the input, so the parse can be
//! mapped back onto the text.

use std::ops::Range;

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "gov",
    "sen", "rep", "rev", "inc", "ltd", "co", "corp", "vs", "etc", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "mt", "ft", "approx", "dept",
    "est",
];

const CLITICS: &[&str] = &["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"];

/// Splits one sentence into word ranges.
pub fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                chunk(text, s..i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        chunk(text, s..text.len(), &mut out);
    }
    out
}

fn is_url(s: &str) -> bool {
    s.contains("://") || s.starts_with("www.") || (s.contains('@') && s.contains('.'))
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

/// A chunk between spaces: peel punctuation from both ends, then split inside.
fn chunk(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let (mut a, mut b) = (r.start, r.end);
    let mut tail = Vec::new();
    loop {
        let s = &text[a..b];
        if s.is_empty() {
            break;
        }
        let c = first_char(s).expect("non-empty");
        let peel_front =
            matches!(
                c,
                '"' | '“' | '(' | '[' | '{' | '«' | '‘' | '$' | '€' | '£' | '#' | '*'
            ) || (c == '\'' && s.len() > 1 && !s[1..].starts_with(|c: char| c.is_ascii_digit()))
                || ((c == '-' || c == '—' || c == '–')
                    && s.len() > c.len_utf8()
                    && !s[c.len_utf8()..].starts_with(|c: char| c.is_ascii_digit()));
        if peel_front && s.len() > c.len_utf8() {
            out.push(a..a + c.len_utf8());
            a += c.len_utf8();
            continue;
        }
        break;
    }
    loop {
        let s = &text[a..b];
        if s.len() <= 1 {
            break;
        }
        if s.ends_with("...") && s.len() > 3 {
            tail.push(b - 3..b);
            b -= 3;
            continue;
        }
        let c = last_char(s).expect("non-empty");
        let n = c.len_utf8();
        let core = &s[..s.len() - n];
        let peel = match c {
            ',' | ';' | '!' | '?' | ')' | ']' | '}' | '"' | '”' | '’' | '»' | '%' | '*' => {
                true
            }
            ':' => !is_url(s),
            '\'' => !core.ends_with(['s', 'S']) || core.len() > 1,
            '.' => !is_abbreviation(core),
            _ => false,
        };
        if peel {
            tail.push(b - n..b);
            b -= n;
            continue;
        }
        break;
    }
    if a < b {
        inner(text, a..b, out);
    }
    out.extend(tail.into_iter().rev());
}

fn is_abbreviation(core: &str) -> bool {
    let lower = core.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // Initials ("J.") and dotted abbreviations ("U.S", "e.g").
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    (letters == 1 && core.chars().count() == 1 && core.chars().all(char::is_uppercase))
        || (core.contains('.')
            && core
                .split('.')
                .all(|p| p.chars().count() <= 2 && !p.is_empty()))
}

/// Clitics, hyphens and slashes inside a chunk.
fn inner(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    if is_url(s) {
        out.push(r);
        return;
    }
    let lower = s.to_lowercase().replace('’', "'");
    if lower == "cannot" {
        out.push(r.start..r.start + 3);
        out.push(r.start + 3..r.end);
        return;
    }
    for cl in CLITICS {
        if lower.len() > cl.len() && lower.ends_with(cl) {
            // `’` is three bytes where `'` is one: measure the clitic in the original text.
            let cut = s
                .char_indices()
                .rev()
                .nth(cl.chars().count() - 1)
                .map(|(i, _)| i)
                .expect("clitic fits");
            inner(text, r.start..r.start + cut, out);
            out.push(r.start + cut..r.end);
            return;
        }
    }
    // Hyphens and slashes between letters or digits split ("pro-Russian", "and/or").
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for k in 1..chars.len().saturating_sub(1) {
        let (i, c) = chars[k];
        let between_words = chars[k - 1].1.is_alphanumeric() && chars[k + 1].1.is_alphanumeric();
        let date_like =
            chars[k - 1].1.is_ascii_digit() && chars[k + 1].1.is_ascii_digit() && c == '/';
        if c == '—' || ((c == '-' || c == '/' || c == '–') && between_words && !date_like) {
            inner(text, r.start..r.start + i, out);
            out.push(r.start + i..r.start + i + c.len_utf8());
            inner(text, r.start + i + c.len_utf8()..r.end, out);
            return;
        }
    }
    out.push(r);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        words(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn splits_like_ewt() {
        assert_eq!(
            toks("I don't think Russia's pro-Western \"allies\" can't (or won't) pay $1,200.50."),
            [
                "I", "do", "n't", "think", "Russia", "'s", "pro", "-", "Western", "\"", "allies",
                "\"", "ca", "n't", "(", "or", "wo", "n't", ")", "pay", "$", "1,200.50", "."
            ]
        );
        assert_eq!(
            toks("Mr. Smith met U.S. officials at 5 p.m. on Jan. 3, e-mail a@b.org or see http://x.org/a."),
            [
                "Mr.", "Smith", "met", "U.S.", "officials", "at", "5", "p.m.", "on", "Jan.", "3",
                ",", "e", "-", "mail", "a@b.org", "or", "see", "http://x.org/a", "."
            ]
        );
        assert_eq!(
            toks("We cannot—they’re 50% sure..."),
            ["We", "can", "not", "—", "they", "’re", "50", "%", "sure", "..."]
        );
        assert_eq!(
            toks("the students' union and/or 9/11"),
            ["the", "students", "'", "union", "and", "/", "or", "9/11"]
        );
    }

    #[test]
    fn ranges_cover_the_text() {
        let s = "“Hello,” she said—‘no.’";
        for r in words(s) {
            assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end) && r.start < r.end);
        }
    }
}
