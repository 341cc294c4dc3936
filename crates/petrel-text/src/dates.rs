//! Date expressions in a sentence, resolved against the publication date.
//!
//! News writes dates relative to the day of publication: "on November 2", "in late July",
//! "last month", "on Friday". A bare month or day takes the year that puts it closest to the
//! publication date within the window news uses (up to ten months back, two months ahead); a
//! bare weekday is the most recent one, since news reports the past. Expressions that give a
//! deadline or a starting point ("by September 1", "since April 2014") are found but marked, so
//! the coder does not date an event by them.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::segment::{Token, TokenKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DatePrecision {
    Day,
    Month,
    Year,
    /// No date in the text: the publication date stands in.
    Publication,
}

impl DatePrecision {
    pub fn name(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Month => "month",
            Self::Year => "year",
            Self::Publication => "publication",
        }
    }
}

/// A date at a precision: month and year precision keep the first day of the span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventDate {
    pub date: NaiveDate,
    pub precision: DatePrecision,
}

impl EventDate {
    /// ISO 8601 at the precision: "2017-11-02", "2014-03", "2014".
    pub fn iso(&self) -> String {
        match self.precision {
            DatePrecision::Day | DatePrecision::Publication => {
                self.date.format("%Y-%m-%d").to_string()
            }
            DatePrecision::Month => self.date.format("%Y-%m").to_string(),
            DatePrecision::Year => self.date.format("%Y").to_string(),
        }
    }
}

/// A date expression found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Token range of the expression.
    pub first: usize,
    pub end: usize,
    pub date: EventDate,
    /// A deadline or starting point ("by", "since", "until"): not an event's date.
    pub bound: bool,
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Whether a lower-cased word names a day of the week ("friday"): a date, even where no
/// publication date lets it be resolved.
pub fn is_weekday(key: &str) -> bool {
    WEEKDAYS.iter().any(|(k, _)| *k == key)
}

/// Whether a lower-cased word names a month ("september", "sept").
pub fn is_month(key: &str) -> bool {
    MONTHS.iter().any(|(k, _)| *k == key)
}

const NUMBER_WORDS: &[(&str, i64)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("a", 1),
];

const BOUND_WORDS: &[&str] = &[
    "since", "by", "until", "till", "before", "from", "through", "between",
];
const MODIFIERS: &[&str] = &[
    "early",
    "late",
    "mid",
    "-",
    "the",
    "end",
    "of",
    "beginning",
    "start",
    "middle",
];

fn month_of(t: &Token) -> Option<u32> {
    if !t.cap || t.kind != TokenKind::Word {
        return None;
    }
    MONTHS.iter().find(|(k, _)| *k == t.key).map(|&(_, m)| m)
}

fn small_number(t: &Token) -> Option<u32> {
    if t.kind != TokenKind::Number && t.kind != TokenKind::Word {
        return None;
    }
    let digits: String = t.key.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &t.key[digits.len()..];
    if digits.is_empty() || !matches!(rest, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_of(t: &Token) -> Option<i32> {
    if t.kind != TokenKind::Number || t.key.len() != 4 {
        return None;
    }
    t.key.parse().ok().filter(|y| (1900..=2100).contains(y))
}

/// Picks the year that puts month/day nearest the anchor within news' window.
fn infer_year(anchor: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let mut best: Option<(i64, NaiveDate)> = None;
    for y in [anchor.year() - 1, anchor.year(), anchor.year() + 1] {
        let Some(d) = NaiveDate::from_ymd_opt(y, month, day) else {
            continue;
        };
        let diff = (d - anchor).num_days();
        if !(-310..=62).contains(&diff) {
            continue;
        }
        if best.is_none_or(|(b, _)| diff.abs() < b) {
            best = Some((diff.abs(), d));
        }
    }
    best.map(|(_, d)| d)
}

fn month_start(d: NaiveDate, delta: i32) -> Option<NaiveDate> {
    let total = d.year() * 12 + d.month0() as i32 + delta;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1)
}

/// Finds and resolves the date expressions of a sentence. Without an anchor only expressions
/// that carry their own year resolve.
pub fn find_dates(tokens: &[Token], anchor: Option<NaiveDate>) -> Vec<DateMention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match date_at(tokens, i, anchor) {
            Some((end, date)) => {
                // Look back past "early/late/mid/the end of" for a bounding preposition.
                let mut j = i;
                while j > 0 && MODIFIERS.contains(&tokens[j - 1].key.as_str()) {
                    j -= 1;
                }
                let bound = j > 0 && BOUND_WORDS.contains(&tokens[j - 1].key.as_str());
                out.push(DateMention {
                    first: j,
                    end,
                    date,
                    bound,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

fn day(date: NaiveDate) -> EventDate {
    EventDate {
        date,
        precision: DatePrecision::Day,
    }
}

fn date_at(t: &[Token], i: usize, anchor: Option<NaiveDate>) -> Option<(usize, EventDate)> {
    let tok = &t[i];
    let key = tok.key.as_str();
    let get = |k: usize| t.get(k);
    // ISO date written out: 2017-11-02.
    if tok.kind == TokenKind::Number && key.len() == 10 {
        if let Ok(d) = NaiveDate::parse_from_str(key, "%Y-%m-%d") {
            return Some((i + 1, day(d)));
        }
    }
    if let Some(month) = month_of(tok) {
        // "May" is also a verb: accept it only with a day, a year or a preposition before it.
        let prev = i
            .checked_sub(1)
            .and_then(|p| t.get(p))
            .map(|p| p.key.as_str());
        if key == "may"
            && !get(i + 1).is_some_and(|n| small_number(n).is_some() || year_of(n).is_some())
            && !matches!(
                prev,
                Some("in" | "of" | "since" | "early" | "late" | "mid" | "until" | "by" | "-")
            )
        {
            return None;
        }
        // Month Day[, Year]
        if let Some(d) = get(i + 1).and_then(small_number) {
            let mut end = i + 2;
            let mut year = None;
            if get(end).is_some_and(|c| c.key == ",") && get(end + 1).and_then(year_of).is_some() {
                year = get(end + 1).and_then(year_of);
                end += 2;
            } else if let Some(y) = get(end).and_then(year_of) {
                year = Some(y);
                end += 1;
            }
            let date = match year {
                Some(y) => NaiveDate::from_ymd_opt(y, month, d),
                None => anchor.and_then(|a| infer_year(a, month, d)),
            }?;
            return Some((end, day(date)));
        }
        // Month Year
        if let Some(y) = get(i + 1).and_then(year_of) {
            let date = NaiveDate::from_ymd_opt(y, month, 1)?;
            return Some((
                i + 2,
                EventDate {
                    date,
                    precision: DatePrecision::Month,
                },
            ));
        }
        // Month alone
        let date = anchor.and_then(|a| infer_year(a, month, 1))?;
        return Some((
            i + 1,
            EventDate {
                date,
                precision: DatePrecision::Month,
            },
        ));
    }
    // Day Month [Year] (British order)
    if let Some(d) = small_number(tok) {
        if let Some(month) = get(i + 1).and_then(month_of) {
            let (end, year) = match get(i + 2).and_then(year_of) {
                Some(y) => (i + 3, Some(y)),
                None => (i + 2, None),
            };
            let date = match year {
                Some(y) => NaiveDate::from_ymd_opt(y, month, d),
                None => anchor.and_then(|a| infer_year(a, month, d)),
            }?;
            return Some((end, day(date)));
        }
    }
    // A year after a preposition: "in 2014", "since 2011", "in early 2016".
    if let Some(y) = year_of(tok) {
        let mut j = i;
        while j > 0 && matches!(t[j - 1].key.as_str(), "early" | "late" | "mid" | "-") {
            j -= 1;
        }
        let prev = j.checked_sub(1).map(|p| t[p].key.as_str());
        if matches!(
            prev,
            Some(
                "in" | "since"
                    | "of"
                    | "by"
                    | "until"
                    | "before"
                    | "after"
                    | "during"
                    | "from"
                    | "through"
            )
        ) {
            let date = NaiveDate::from_ymd_opt(y, 1, 1)?;
            return Some((
                i + 1,
                EventDate {
                    date,
                    precision: DatePrecision::Year,
                },
            ));
        }
        return None;
    }
    let anchor = anchor?;
    if tok.kind != TokenKind::Word {
        return None;
    }
    match key {
        "yesterday" => return Some((i + 1, day(anchor - Duration::days(1)))),
        "today" | "tonight" => return Some((i + 1, day(anchor))),
        "tomorrow" => return Some((i + 1, day(anchor + Duration::days(1)))),
        _ => {}
    }
    if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(k, _)| *k == key) {
        if !tok.cap {
            return None;
        }
        let prev = i.checked_sub(1).map(|p| t[p].key.as_str());
        let back = (anchor.weekday().num_days_from_monday() as i64
            - wd.num_days_from_monday() as i64)
            .rem_euclid(7);
        let date = match prev {
            Some("next") => anchor + Duration::days(if back == 0 { 7 } else { 7 - back }),
            Some("last") if back == 0 => anchor - Duration::days(7),
            _ => anchor - Duration::days(back),
        };
        return Some((i + 1, day(date)));
    }
    // "last month", "this year", "earlier this month", "next month"
    if matches!(key, "last" | "this" | "next" | "past") {
        let unit = get(i + 1).map(|u| u.key.as_str());
        let delta = match key {
            "last" | "past" => -1,
            "next" => 1,
            _ => 0,
        };
        match unit {
            Some("month") => {
                let date = month_start(anchor, delta)?;
                return Some((
                    i + 2,
                    EventDate {
                        date,
                        precision: DatePrecision::Month,
                    },
                ));
            }
            Some("year") => {
                let date = NaiveDate::from_ymd_opt(anchor.year() + delta, 1, 1)?;
                return Some((
                    i + 2,
                    EventDate {
                        date,
                        precision: DatePrecision::Year,
                    },
                ));
            }
            _ => {}
        }
    }
    // "two days ago", "a week ago"
    if let Some(&(_, n)) = NUMBER_WORDS.iter().find(|(k, _)| *k == key) {
        let unit = get(i + 1).map(|u| u.key.as_str());
        if get(i + 2).is_some_and(|a| a.key == "ago") {
            let days = match unit {
                Some("day" | "days") => n,
                Some("week" | "weeks") => 7 * n,
                _ => return None,
            };
            return Some((i + 3, day(anchor - Duration::days(days))));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::tokenize;

    fn resolve(text: &str, anchor: &str) -> Vec<(String, &'static str, bool)> {
        let toks = tokenize(text, 0..text.len());
        let a = NaiveDate::parse_from_str(anchor, "%Y-%m-%d").ok();
        find_dates(&toks, a)
            .into_iter()
            .map(|m| (m.date.iso(), m.date.precision.name(), m.bound))
            .collect()
    }

    #[test]
    fn absolute_and_inferred_years() {
        assert_eq!(
            resolve("during a meeting on November 2.", "2017-11-02"),
            [("2017-11-02".into(), "day", false)]
        );
        assert_eq!(
            resolve("annexed Crimea in March 2014 and", "2017-11-02"),
            [("2014-03".into(), "month", false)]
        );
        assert_eq!(
            resolve("In late July, Russia ordered", "2017-11-02"),
            [("2017-07".into(), "month", false)]
        );
        assert_eq!(
            resolve("a ceremony, October 3, 2017", "2019-01-01"),
            [("2017-10-03".into(), "day", false)]
        );
        assert_eq!(
            resolve("On Nov. 18, NATO called", "2017-12-01"),
            [("2017-11-18".into(), "day", false)]
        );
        // December news about January: the coming January, not last year's.
        assert_eq!(
            resolve("talks on January 5", "2017-12-20"),
            [("2018-01-05".into(), "day", false)]
        );
        assert_eq!(
            resolve("on 3 October", "2017-11-02"),
            [("2017-10-03".into(), "day", false)]
        );
    }

    #[test]
    fn relative_expressions() {
        // 2017-11-02 was a Thursday.
        assert_eq!(
            resolve("Last month, Lavrov met", "2017-11-02"),
            [("2017-10".into(), "month", false)]
        );
        assert_eq!(
            resolve("said on Monday", "2017-11-02"),
            [("2017-10-30".into(), "day", false)]
        );
        assert_eq!(
            resolve("said on Thursday", "2017-11-02"),
            [("2017-11-02".into(), "day", false)]
        );
        assert_eq!(
            resolve("met yesterday", "2017-11-02"),
            [("2017-11-01".into(), "day", false)]
        );
        assert_eq!(
            resolve("two days ago", "2017-11-02"),
            [("2017-10-31".into(), "day", false)]
        );
        assert_eq!(
            resolve("in 2016 the", "2017-11-02"),
            [("2016".into(), "year", false)]
        );
        assert_eq!(
            resolve("last year", "2017-11-02"),
            [("2016".into(), "year", false)]
        );
    }

    #[test]
    fn bounds_and_false_friends() {
        assert_eq!(
            resolve("to 455 by September 1 --", "2017-11-02"),
            [("2017-09-01".into(), "day", true)]
        );
        assert_eq!(
            resolve("killed since April 2014", "2017-11-02"),
            [("2014-04".into(), "month", true)]
        );
        assert!(resolve("Russia may respond", "2017-11-02").is_empty());
        assert!(resolve("2021 people marched", "2017-11-02").is_empty());
        assert!(resolve("in September", "").is_empty(), "no anchor, no year");
        assert_eq!(
            resolve("in May 2015", ""),
            [("2015-05".into(), "month", false)]
        );
    }
}
