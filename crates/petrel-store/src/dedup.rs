//! Near-duplicate documents (MinHash over word shingles, LSH bands) and event clusters.
//!
//! Syndicated copies of one wire story share almost all their five-word shingles; their MinHash
//! signatures agree in most positions, and at least one band of four positions agrees exactly
//! with high probability. Candidates found through the bands are confirmed by the estimated
//! Jaccard similarity.
//!
//! Events are clustered across documents when they have the same source and target countries
//! (or international roots), the same CAMEO root, and dates that can be the same day given
//! their precision. A cluster is one real-world event however many articles report it.

use chrono::{Datelike, Duration, NaiveDate};

/// Signature length and band layout: 16 bands of 4.
pub const SIGNATURE: usize = 64;
pub const BANDS: usize = 16;
const ROWS: usize = SIGNATURE / BANDS;
/// Estimated Jaccard similarity from which a document is a copy of another.
pub const DUPLICATE_SIMILARITY: f64 = 0.8;

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The MinHash signature of a text (lower-case words, five-word shingles).
pub fn signature(text: &str) -> Vec<u64> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut sig = vec![u64::MAX; SIGNATURE];
    let shingles: Vec<u64> = if words.len() < 5 {
        vec![fnv(words.join(" ").as_bytes())]
    } else {
        words
            .windows(5)
            .map(|w| fnv(w.join(" ").as_bytes()))
            .collect()
    };
    for h in shingles {
        for (i, slot) in sig.iter_mut().enumerate() {
            let v = mix(h ^ mix(i as u64 + 1));
            if v < *slot {
                *slot = v;
            }
        }
    }
    sig
}

/// Band hashes of a signature (stored as SQLite integers).
pub fn bands(sig: &[u64]) -> Vec<i64> {
    sig.chunks(ROWS)
        .map(|c| {
            let bytes: Vec<u8> = c.iter().flat_map(|v| v.to_le_bytes()).collect();
            fnv(&bytes) as i64
        })
        .collect()
}

pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / SIGNATURE.max(1) as f64
}

pub fn to_blob(sig: &[u64]) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub fn from_blob(b: &[u8]) -> Vec<u64> {
    b.chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect()
}

/// The days an event with this date and precision can have happened on.
pub fn date_window(date: &str, precision: &str) -> Option<(NaiveDate, NaiveDate)> {
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    match precision {
        // A stated day: allow one day either side (time zones, "overnight").
        "day" => day(date).map(|d| (d - Duration::days(1), d + Duration::days(1))),
        // Only the publication date: the event happened in the days before it.
        "publication" => day(date).map(|d| (d - Duration::days(3), d)),
        "month" => {
            let first = NaiveDate::parse_from_str(&format!("{date}-01"), "%Y-%m-%d").ok()?;
            let next = if first.month() == 12 {
                NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)?
            };
            Some((first, next - Duration::days(1)))
        }
        "year" => {
            let y: i32 = date.parse().ok()?;
            Some((
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
            ))
        }
        _ => None,
    }
}

/// Content words of an evidence sentence: lower-case words of four letters or more, sorted,
/// without the most common function words.
pub fn evidence_words(sentence: &str) -> Vec<String> {
    const COMMON: &[&str] = &[
        "that", "with", "from", "this", "have", "been", "were", "their", "they", "will", "would",
        "said", "also", "about", "after", "over", "into", "than", "which", "while", "when",
        "where", "there",
    ];
    let mut w: Vec<String> = sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .filter(|w| !COMMON.contains(&w.as_str()))
        .collect();
    w.sort();
    w.dedup();
    w
}

/// Whether two reports' evidence is similar enough to be one event: at least two shared
/// content words (actor names count: "Putin", "Huntsman", "credentials", "ceremony").
pub fn similar_evidence(a: &[String], b: &[String]) -> bool {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_similar_and_different_stories_are_not() {
        let a = "Russian and American diplomats held talks in Geneva on Monday about arms control and the situation in Ukraine, officials said after the meeting ended.";
        let b = "GENEVA (Wire) - Russian and American diplomats held talks in Geneva on Monday about arms control and the situation in Ukraine, officials said after the meeting ended.";
        let c = "Heavy rains flooded the capital on Sunday, closing schools and roads across the region while forecasters warned of more storms later in the week.";
        let (sa, sb, sc) = (signature(a), signature(b), signature(c));
        assert!(
            similarity(&sa, &sb) >= DUPLICATE_SIMILARITY,
            "{}",
            similarity(&sa, &sb)
        );
        assert!(similarity(&sa, &sc) < 0.2);
        assert!(bands(&sa).iter().zip(bands(&sb)).any(|(x, y)| *x == y));
        assert_eq!(from_blob(&to_blob(&sa)), sa);
    }

    #[test]
    fn evidence_similarity() {
        let a = evidence_words("\"We stand for cooperation,\" said Russian President Vladimir Putin at a ceremony in the Kremlin when Jon Huntsman presented his diplomatic credentials.");
        let b = evidence_words("Receiving Huntsman's credentials at a Kremlin ceremony on October 3, Putin voiced dissatisfaction.");
        let c =
            evidence_words("Russia and the United States discussed rockets for the lunar station.");
        assert!(similar_evidence(&a, &b));
        assert!(!similar_evidence(&a, &c));
    }

    #[test]
    fn windows_by_precision() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            date_window("2017-10-03", "day"),
            Some((d("2017-10-02"), d("2017-10-04")))
        );
        assert_eq!(
            date_window("2017-02", "month"),
            Some((d("2017-02-01"), d("2017-02-28")))
        );
        assert_eq!(
            date_window("2014", "year"),
            Some((d("2014-01-01"), d("2014-12-31")))
        );
        assert_eq!(
            date_window("2017-11-02", "publication"),
            Some((d("2017-10-30"), d("2017-11-02")))
        );
        assert_eq!(date_window("junk", "day"), None);
    }
}
