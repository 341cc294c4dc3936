//! The document: what every reader produces and every later stage annotates.

use chrono::NaiveDate;

/// One news document as read from its source.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// Stable identifier: the record's `id`, else derived from the file name (and line).
    pub id: String,
    /// Outlet or feed ("rferl.org", "Reuters").
    pub source: Option<String>,
    pub url: Option<String>,
    /// Publication date, the anchor for relative dates ("last month").
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    /// The article text: plain text as given, or the main text extracted from HTML.
    pub text: String,
    /// Reader comments extracted separately from HTML (never coded).
    pub comments: Option<String>,
    /// Where the document came from: "path" or "path:line".
    pub origin: String,
}

/// Parses the date formats news feeds use for publication dates: `2017-11-02`,
/// `2017-11-02T10:00:00Z`, `2017/11/02`, `20171102`.
pub fn parse_publication_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head: String = s.chars().take(10).collect();
    for fmt in ["%Y-%m-%d", "%Y/%m/%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(&head, fmt) {
            return Some(d);
        }
    }
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publication_dates() {
        let d = NaiveDate::from_ymd_opt(2017, 11, 2).unwrap();
        assert_eq!(parse_publication_date("2017-11-02"), Some(d));
        assert_eq!(parse_publication_date("2017-11-02T10:00:00Z"), Some(d));
        assert_eq!(parse_publication_date("2017/11/02"), Some(d));
        assert_eq!(parse_publication_date("20171102"), Some(d));
        assert_eq!(parse_publication_date("November"), None);
        assert_eq!(parse_publication_date("2017-13-40"), None);
    }
}
