//! Office-holder coverage for `petrel dict coverage`: for each UN member state and each office
//! the dictionaries promise (head of state or government, foreign, defence and interior
//! minister), the days from 1990-01-01 to a given day on which a listed holder, or a declared
//! vacancy, accounts for the office.
//!
//! Counting people says little about completeness: 5,000 people can still leave a country's
//! interior ministry empty for twenty years. A day is covered when some role of a person with
//! the state's root names the office (in any of the forms `dict check` chains, or as a part of
//! a combined office) and its interval contains the day, or when a `vacancy` line declares that
//! nobody held it. Uncovered spans are the holders still to be written (or a missing
//! `vacancy` for a state without such an office).

use std::collections::HashMap;

use crate::check::{office_parts, single_holder_offices};
use crate::Dictionary;
use chrono::NaiveDate;

/// The 193 member states of the United Nations (ISO 3166-1 alpha-3).
pub const UN_MEMBERS: [&str; 193] = [
    "AFG", "ALB", "DZA", "AND", "AGO", "ATG", "ARG", "ARM", "AUS", "AUT", "AZE", "BHS", "BHR",
    "BGD", "BRB", "BLR", "BEL", "BLZ", "BEN", "BTN", "BOL", "BIH", "BWA", "BRA", "BRN", "BGR",
    "BFA", "BDI", "CPV", "KHM", "CMR", "CAN", "CAF", "TCD", "CHL", "CHN", "COL", "COM", "COG",
    "COD", "CRI", "CIV", "HRV", "CUB", "CYP", "CZE", "DNK", "DJI", "DMA", "DOM", "ECU", "EGY",
    "SLV", "GNQ", "ERI", "EST", "SWZ", "ETH", "FJI", "FIN", "FRA", "GAB", "GMB", "GEO", "DEU",
    "GHA", "GRC", "GRD", "GTM", "GIN", "GNB", "GUY", "HTI", "HND", "HUN", "ISL", "IND", "IDN",
    "IRN", "IRQ", "IRL", "ISR", "ITA", "JAM", "JPN", "JOR", "KAZ", "KEN", "KIR", "PRK", "KOR",
    "KWT", "KGZ", "LAO", "LVA", "LBN", "LSO", "LBR", "LBY", "LIE", "LTU", "LUX", "MDG", "MWI",
    "MYS", "MDV", "MLI", "MLT", "MHL", "MRT", "MUS", "MEX", "FSM", "MDA", "MCO", "MNG", "MNE",
    "MAR", "MOZ", "MMR", "NAM", "NRU", "NPL", "NLD", "NZL", "NIC", "NER", "NGA", "MKD", "NOR",
    "OMN", "PAK", "PLW", "PAN", "PNG", "PRY", "PER", "PHL", "POL", "PRT", "QAT", "ROU", "RUS",
    "RWA", "KNA", "LCA", "VCT", "WSM", "SMR", "STP", "SAU", "SEN", "SRB", "SYC", "SLE", "SGP",
    "SVK", "SVN", "SLB", "SOM", "ZAF", "SSD", "ESP", "LKA", "SDN", "SUR", "SWE", "CHE", "SYR",
    "TJK", "TZA", "THA", "TLS", "TGO", "TON", "TTO", "TUN", "TUR", "TKM", "TUV", "UGA", "UKR",
    "ARE", "GBR", "USA", "URY", "UZB", "VUT", "VEN", "VNM", "YEM", "ZMB", "ZWE",
];

/// The offices whose coverage is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Office {
    /// Head of state or of government: either counts, since news names whichever acts.
    Head,
    Foreign,
    Defence,
    Interior,
}

impl Office {
    pub const ALL: [Office; 4] = [
        Office::Head,
        Office::Foreign,
        Office::Defence,
        Office::Interior,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Office::Head => "head",
            Office::Foreign => "foreign",
            Office::Defence => "defence",
            Office::Interior => "interior",
        }
    }
}

/// Heads of state or government beyond the single-holder offices `dict check` chains:
/// monarchs, collective heads and the titles of a few states.
const OTHER_HEADS: &[&str] = &[
    "king",
    "queen",
    "emir",
    "sultan",
    "grand duke",
    "prince",
    "co-prince",
    "supreme leader",
    "head of state",
    "head of government",
    "captain regent",
    "chairman of the presidency",
    "member of the presidency",
    "chief adviser of the caretaker government",
    "taoiseach",
];

/// The measured offices an office text names. Secretaries count only in London, where they
/// are ministers (in New Delhi they are civil servants).
pub fn offices_named(root: &str, office: &str) -> Vec<Office> {
    let mut out = Vec::new();
    let mut add = |o: Office| {
        if !out.contains(&o) {
            out.push(o);
        }
    };
    for canonical in single_holder_offices(office) {
        match canonical {
            "president" | "prime minister" | "chancellor" => add(Office::Head),
            "foreign minister" => add(Office::Foreign),
            "defence minister" => add(Office::Defence),
            "interior minister" => add(Office::Interior),
            "foreign secretary" if root == "GBR" => add(Office::Foreign),
            "defence secretary" if root == "GBR" => add(Office::Defence),
            "home secretary" if root == "GBR" => add(Office::Interior),
            _ => {}
        }
    }
    if office_parts(office)
        .iter()
        .any(|p| OTHER_HEADS.contains(&p.as_str()))
    {
        add(Office::Head);
    }
    out
}

/// One state's coverage of one office.
#[derive(Debug, Clone)]
pub struct OfficeCoverage {
    pub country: &'static str,
    pub office: Office,
    /// Days covered by a holder or a declared vacancy.
    pub covered_days: u32,
    pub total_days: u32,
    /// The uncovered spans, first and last day.
    pub missing: Vec<(NaiveDate, NaiveDate)>,
}

impl OfficeCoverage {
    pub fn share(&self) -> f64 {
        if self.total_days == 0 {
            0.0
        } else {
            f64::from(self.covered_days) / f64::from(self.total_days)
        }
    }
}

/// The first day measured.
pub fn start_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(1990, 1, 1).expect("a valid date")
}

/// Coverage of every UN member state and office from 1990-01-01 to `until` (inclusive), in
/// the order of [`UN_MEMBERS`] and [`Office::ALL`].
pub fn coverage(dict: &Dictionary, until: NaiveDate) -> Vec<OfficeCoverage> {
    let start = start_day();
    let mut spans: HashMap<(&str, Office), Vec<(NaiveDate, NaiveDate)>> = HashMap::new();
    let mut push = |root: &str, office: Office, from: Option<NaiveDate>, to: Option<NaiveDate>| {
        let Some(root) = UN_MEMBERS.iter().copied().find(|r| *r == root) else {
            return;
        };
        let (from, to) = (
            from.unwrap_or(start).max(start),
            to.unwrap_or(until).min(until),
        );
        if from <= to {
            spans.entry((root, office)).or_default().push((from, to));
        }
    };
    for p in &dict.people {
        for r in p.roles.iter().filter(|r| r.dated) {
            for office in offices_named(&r.code.root, &r.office) {
                push(&r.code.root, office, r.from, r.to);
            }
        }
    }
    for v in &dict.vacancies {
        for office in offices_named(&v.root, &v.office) {
            push(&v.root, office, Some(v.from), Some(v.to));
        }
    }
    let total = days_between(start, until);
    let mut out = Vec::with_capacity(UN_MEMBERS.len() * Office::ALL.len());
    for country in UN_MEMBERS {
        for office in Office::ALL {
            let mut list = spans.remove(&(country, office)).unwrap_or_default();
            list.sort();
            let mut missing = Vec::new();
            let mut next_uncovered = start;
            for (from, to) in list {
                if from > next_uncovered {
                    missing.push((next_uncovered, from.pred_opt().unwrap_or(from)));
                }
                if let Some(after) = to.succ_opt() {
                    next_uncovered = next_uncovered.max(after);
                }
            }
            if next_uncovered <= until {
                missing.push((next_uncovered, until));
            }
            let uncovered: u32 = missing.iter().map(|(a, b)| days_between(*a, *b)).sum();
            out.push(OfficeCoverage {
                country,
                office,
                covered_days: total - uncovered,
                total_days: total,
                missing,
            });
        }
    }
    out
}

/// Days from `a` to `b`, both included.
fn days_between(a: NaiveDate, b: NaiveDate) -> u32 {
    u32::try_from((b - a).num_days() + 1).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::compile;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn every_member_is_listed_once() {
        let mut sorted = UN_MEMBERS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 193);
    }

    #[test]
    fn offices_are_read_from_combined_and_local_titles() {
        assert_eq!(
            offices_named("FRA", "deputy prime minister and foreign minister"),
            [Office::Foreign]
        );
        assert_eq!(offices_named("GBR", "home secretary"), [Office::Interior]);
        assert!(offices_named("IND", "home secretary").is_empty());
        assert_eq!(offices_named("JOR", "king"), [Office::Head]);
        assert!(offices_named("FRA", "vice president").is_empty());
    }

    #[test]
    fn holders_and_vacancies_cover_days_and_the_rest_is_missing() {
        let dict = compile(&[(
            "dictionaries/t.txt".into(),
            "\
country ISL Iceland
country NOR Norway
person A
  role NORGOV 1989-01-01..1995-12-31 foreign minister
person B
  role NORGOV 1996-02-01.. acting foreign minister
vacancy ISL 1990-01-01..1990-12-31 defence minister  # no armed forces
"
            .into(),
        )]);
        let all = coverage(&dict, day("1999-12-31"));
        let nor = all
            .iter()
            .find(|c| c.country == "NOR" && c.office == Office::Foreign)
            .unwrap();
        assert_eq!(nor.missing, [(day("1996-01-01"), day("1996-01-31"))]);
        assert_eq!(nor.total_days, 3652);
        assert_eq!(nor.covered_days, 3652 - 31);
        let isl = all
            .iter()
            .find(|c| c.country == "ISL" && c.office == Office::Defence)
            .unwrap();
        assert_eq!(isl.missing, [(day("1991-01-01"), day("1999-12-31"))]);
        let head = all
            .iter()
            .find(|c| c.country == "NOR" && c.office == Office::Head)
            .unwrap();
        assert_eq!(head.covered_days, 0);
    }
}
