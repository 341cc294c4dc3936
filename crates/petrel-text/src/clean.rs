//! Cleaning: which parts of a page are news and which are page furniture or reader comments.
//!
//! Cleaning never rewrites text. It classifies lines into [`Block`]s over the document's text so
//! that every later offset still points into what the reader produced. Only headline and body
//! blocks are coded; bylines and captions are kept and marked; furniture and comments are kept
//! for display and never coded.

use std::ops::Range;

use crate::document::Document;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Headline,
    Body,
    Byline,
    Caption,
    /// Navigation, share buttons, "Breaking News", advertisements.
    Furniture,
    /// Reader comments: never coded.
    Comment,
}

impl BlockKind {
    /// Whether events are coded from this kind of block.
    pub fn is_coded(self) -> bool {
        matches!(self, BlockKind::Headline | BlockKind::Body)
    }

    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Headline => "headline",
            BlockKind::Body => "body",
            BlockKind::Byline => "byline",
            BlockKind::Caption => "caption",
            BlockKind::Furniture => "furniture",
            BlockKind::Comment => "comment",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Byte range in [`CleanDocument::text`].
    pub range: Range<usize>,
}

/// A document's text with its blocks classified.
#[derive(Debug, Clone)]
pub struct CleanDocument {
    /// Title (when given apart from the body), body, and extracted comments, in that order.
    pub text: String,
    pub blocks: Vec<Block>,
}

/// Classifies the lines of a document into blocks.
pub fn clean(doc: &Document) -> CleanDocument {
    let mut text = String::with_capacity(doc.text.len() + 256);
    let mut blocks = Vec::new();
    if let Some(title) = doc
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let body_head = doc.text.trim_start();
        if !body_head.starts_with(title) {
            text.push_str(title);
            blocks.push(Block {
                kind: BlockKind::Headline,
                range: 0..title.len(),
            });
            text.push_str("\n\n");
        }
    }
    let body_start = text.len();
    text.push_str(&doc.text);
    classify_lines(&text, body_start, &mut blocks);
    if let Some(comments) = doc.comments.as_deref().filter(|c| !c.trim().is_empty()) {
        text.push_str("\n\n");
        let start = text.len();
        text.push_str(comments);
        blocks.push(Block {
            kind: BlockKind::Comment,
            range: start..text.len(),
        });
    }
    CleanDocument { text, blocks }
}

fn classify_lines(text: &str, from: usize, blocks: &mut Vec<Block>) {
    let mut in_comments = false;
    let mut seen_content = blocks.iter().any(|b| b.kind == BlockKind::Headline);
    let mut pos = from;
    // The block being built: kind and range; a blank line or a change of kind closes it.
    let mut open: Option<Block> = None;
    for raw in text[from..].split_inclusive('\n') {
        let start = pos;
        pos += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = trim_space(line);
        if trimmed.is_empty() {
            if let Some(b) = open.take() {
                blocks.push(b);
            }
            continue;
        }
        let lead = line.len() - line.trim_start_matches(is_space).len();
        let range = start + lead..start + lead + trimmed.len();
        if !in_comments && is_comment_marker(trimmed) {
            in_comments = true;
        }
        let kind = if in_comments {
            BlockKind::Comment
        } else if is_furniture(trimmed) {
            BlockKind::Furniture
        } else if is_byline(trimmed) {
            BlockKind::Byline
        } else if is_caption(trimmed) {
            BlockKind::Caption
        } else if !seen_content && looks_like_headline(trimmed) {
            seen_content = true;
            if let Some(b) = open.take() {
                blocks.push(b);
            }
            blocks.push(Block {
                kind: BlockKind::Headline,
                range,
            });
            continue;
        } else {
            seen_content = true;
            BlockKind::Body
        };
        match &mut open {
            Some(b) if b.kind == kind && kind != BlockKind::Furniture => b.range.end = range.end,
            _ => {
                if let Some(b) = open.take() {
                    blocks.push(b);
                }
                open = Some(Block { kind, range });
            }
        }
    }
    if let Some(b) = open.take() {
        blocks.push(b);
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

fn trim_space(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Lowercase letters and digits only, single spaces: how furniture phrases are compared.
fn folded(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

const FURNITURE: &[&str] = &[
    "accessibility links",
    "skip to main content",
    "skip to content",
    "skip to navigation",
    "breaking news",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share on facebook",
    "share on twitter",
    "tweet",
    "email",
    "print",
    "print this page",
    "advertisement",
    "advertising",
    "sponsored",
    "sponsored content",
    "menu",
    "main menu",
    "search",
    "sign in",
    "log in",
    "login",
    "register",
    "subscribe",
    "sign up",
    "newsletter",
    "related",
    "related articles",
    "related stories",
    "related content",
    "read more",
    "see also",
    "more stories",
    "more from",
    "follow us",
    "cookies",
    "cookie policy",
    "privacy policy",
    "terms of use",
    "terms and conditions",
    "all rights reserved",
    "home",
    "top stories",
    "most read",
    "most popular",
    "trending",
    "you may also like",
    "recommended",
    "reply",
    "report",
    "report abuse",
    "like",
    "loading",
    "watch",
    "listen",
    "close",
    "back to top",
    "next article",
    "previous article",
    "comments",
    "show comments",
    "hide comments",
];

fn is_furniture(line: &str) -> bool {
    let f = folded(line);
    if f.is_empty() {
        return true; // punctuation or symbols only
    }
    if FURNITURE.contains(&f.as_str()) {
        return true;
    }
    if f.starts_with("copyright ") || f.starts_with("all rights reserved") {
        return true;
    }
    // Vote counts and counters: "12", "+3", "5 likes".
    let words: Vec<&str> = f.split(' ').collect();
    if words[0].bytes().all(|b| b.is_ascii_digit())
        && words.len() <= 2
        && words.get(1).is_none_or(|w| {
            matches!(
                *w,
                "votes" | "vote" | "likes" | "points" | "replies" | "comments"
            )
        })
    {
        return true;
    }
    false
}

/// The start of a comment section: "NAME's picture" blocks, "N Comments", "Reader comments".
fn is_comment_marker(line: &str) -> bool {
    let l = line.trim();
    if l.len() <= 80 && (l.ends_with("'s picture") || l.ends_with("\u{2019}s picture")) {
        return true;
    }
    let f = folded(l);
    matches!(
        f.as_str(),
        "reader comments"
            | "join the conversation"
            | "add a comment"
            | "leave a comment"
            | "post a comment"
            | "comments section"
    ) || (f.ends_with(" comments")
        && f.split(' ').count() == 2
        && f.split(' ')
            .next()
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())))
}

fn is_byline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    if words > 16 {
        return false;
    }
    let lower = line.to_lowercase();
    for prefix in [
        "by ",
        "authored by ",
        "written by ",
        "reporting by ",
        "editing by ",
        "posted by ",
        "updated:",
        "published:",
        "last updated",
    ] {
        if lower.starts_with(prefix) {
            // "By the end of the year, ..." is a sentence, not a byline.
            let rest = &line[prefix.len()..];
            let proper = rest
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
            let ends_sentence = line.ends_with('.') && !line.ends_with(" via.");
            return proper && (!ends_sentence || lower.contains(" via "));
        }
    }
    false
}

fn is_caption(line: &str) -> bool {
    let lower = line.to_lowercase();
    if [
        "photo:",
        "image:",
        "picture:",
        "file photo",
        "image caption",
        "photograph:",
        "caption:",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
    {
        return true;
    }
    if lower.contains("getty images") || lower.contains("(photo:") || lower.contains("ap photo") {
        return true;
    }
    // Agency-style captions: "RUSSIA -- The new ambassador attends a ceremony ..., October 3, 2017"
    // An all-caps place, a double dash, and a date where a sentence would end.
    if let Some(i) = line.find(" -- ").or_else(|| line.find(" \u{2014} ")) {
        let place = &line[..i];
        let caps = place.chars().any(|c| c.is_alphabetic())
            && place.chars().all(|c| !c.is_lowercase())
            && place.len() <= 40;
        let tail = line.trim_end();
        let last4: Vec<char> = tail.chars().rev().take(4).collect();
        let ends_with_year =
            last4.len() == 4 && last4.iter().all(|c| c.is_ascii_digit()) && !tail.ends_with('.');
        return caps && ends_with_year;
    }
    false
}

fn looks_like_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let last = line.trim_end().chars().last().unwrap_or('.');
    (2..=25).contains(&words)
        && !matches!(last, '.' | '!' | '?' | ':' | ',' | ';' | '"' | '\u{201d}')
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '"' || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(BlockKind, String)> {
        let doc = Document {
            text: text.into(),
            ..Document::default()
        };
        let c = clean(&doc);
        c.blocks
            .iter()
            .map(|b| (b.kind, c.text[b.range.clone()].to_string()))
            .collect()
    }

    #[test]
    fn furniture_headline_caption_body() {
        let text = "Accessibility links\n\nBreaking News\n\nMinister Meets Envoy In Rome\n\n\
ITALY -- The envoy attends a ceremony in Rome, March 3, 2019\n\n\
The minister met the envoy on Tuesday. They discussed trade.\nThey agreed to meet again.\n\nShare\n";
        let k = kinds(text);
        assert_eq!(k[0].0, BlockKind::Furniture);
        assert_eq!(k[1].0, BlockKind::Furniture);
        assert_eq!(
            k[2],
            (BlockKind::Headline, "Minister Meets Envoy In Rome".into())
        );
        assert_eq!(k[3].0, BlockKind::Caption);
        assert_eq!(k[4].0, BlockKind::Body);
        assert!(k[4].1.ends_with("meet again."), "{:?}", k[4]);
        assert_eq!(k[5].0, BlockKind::Furniture);
    }

    #[test]
    fn comment_section_runs_to_the_end() {
        let text = "By Anna Smith\n\nThe talks ended without a deal.\n\nJoe99's picture\n\nThis is nonsense.\n\nReply\n\nBob's picture\n\nRussia should talk more.\n";
        let k = kinds(text);
        assert_eq!(k[0].0, BlockKind::Byline);
        assert_eq!(k[1].0, BlockKind::Body);
        assert!(
            k[2..].iter().all(|(kind, _)| *kind == BlockKind::Comment),
            "{k:?}"
        );
    }

    #[test]
    fn multibyte_lines_never_break_classification() {
        for line in [
            "ДЕЛИ -- Прием в Кремле, 3 октября 2017",
            "X -- é",
            "((hi)) Hindi: अशोदया -- ऐ",
            "MOSCOW -- Talks end, May 2019",
        ] {
            let k = kinds(&format!("{line}\n\nBody text here."));
            assert!(!k.is_empty());
        }
        assert!(is_caption("MOSCOW -- Talks end, May 2019"));
    }

    #[test]
    fn sentences_starting_with_by_are_not_bylines() {
        assert!(!is_byline("By the end of the year, the troops had left."));
        assert!(is_byline(
            "Authored by Peter Korzun via The Strategic Culture Foundation,"
        ));
        assert!(is_byline("By JANE DOE"));
    }

    #[test]
    fn offsets_point_into_the_text_with_a_separate_title() {
        let doc = Document {
            title: Some("Talks Resume".into()),
            text: "Envoys met in Vienna.".into(),
            ..Document::default()
        };
        let c = clean(&doc);
        assert_eq!(&c.text[c.blocks[0].range.clone()], "Talks Resume");
        assert_eq!(c.blocks[0].kind, BlockKind::Headline);
        assert_eq!(&c.text[c.blocks[1].range.clone()], "Envoys met in Vienna.");
        assert_eq!(c.blocks[1].kind, BlockKind::Body);
    }
}
