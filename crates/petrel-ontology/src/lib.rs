//! The event and actor ontologies petrel codes into, as plain data.
//!
//! * CAMEO 1.1b3 event codes with their names and Goldstein scores, and the PLOVER event type for
//!   each (from `data/cameo.tsv`, a file of facts compiled into the binary).
//! * Quad classes under a selectable convention ([`QuadConvention`]): datasets disagree on where
//!   roots 01, 09 and 14 belong, so the convention is always explicit.
//! * The actor-code grammar: a root (ISO 3166 alpha-3 country, CAMEO region, or a declared
//!   international root such as `IGOUNO`) followed by three-letter sectors ([`ActorCode`]).
//!
//! This crate knows nothing about text, dictionaries or I/O.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

mod actor;
pub use actor::{is_known_sector, ActorCode, ActorCodeError, REGION_CODES, SECTORS};

const CAMEO_TSV: &str = include_str!("../data/cameo.tsv");
const ISO3166_TXT: &str = include_str!("../data/iso3166.txt");

/// One CAMEO event code.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoCode {
    /// Two to four digits, e.g. "04", "040", "0431".
    pub code: &'static str,
    pub name: &'static str,
    /// From -10 (most conflictual) to +10 (most cooperative).
    pub goldstein: f32,
    /// `None` where PLOVER has no counterpart (most of root 01: public statements).
    pub plover: Option<Plover>,
}

impl CameoCode {
    /// The two-digit root ("04" for "043").
    pub fn root(&self) -> &'static str {
        &self.code[..2]
    }
    pub fn root_number(&self) -> u8 {
        self.code[..2].parse().unwrap_or(0)
    }
}

/// The PLOVER event type a CAMEO code maps to, with its mode and context when the table gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plover {
    pub event: &'static str,
    pub mode: &'static str,
    /// Contexts separated by `;` (PLOVER allows several).
    pub context: &'static str,
}

/// Which dataset's grouping of CAMEO roots into quad classes to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum QuadConvention {
    /// GDELT: 1 = roots 01-05, 2 = 06-09, 3 = 10-14, 4 = 15-20.
    #[default]
    Gdelt,
    /// ICEWS-style tables: 1 = 01-05, 2 = 06-08, 3 = 09-13, 4 = 14-20.
    Icews,
    /// Phoenix: 0 = neutral (01), 1 = 02-05, 2 = 06-08, 3 = 09-13, 4 = 14-20.
    Phoenix,
}

impl QuadConvention {
    pub const ALL: [QuadConvention; 3] = [Self::Gdelt, Self::Icews, Self::Phoenix];

    pub fn name(self) -> &'static str {
        match self {
            Self::Gdelt => "gdelt",
            Self::Icews => "icews",
            Self::Phoenix => "phoenix",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(s))
    }

    /// The quad class of a CAMEO root (1..=20); `None` for a number that is not a root.
    pub fn quad_class(self, root: u8) -> Option<u8> {
        if !(1..=20).contains(&root) {
            return None;
        }
        Some(match self {
            Self::Gdelt => match root {
                1..=5 => 1,
                6..=9 => 2,
                10..=14 => 3,
                _ => 4,
            },
            Self::Icews => match root {
                1..=5 => 1,
                6..=8 => 2,
                9..=13 => 3,
                _ => 4,
            },
            Self::Phoenix => match root {
                1 => 0,
                2..=5 => 1,
                6..=8 => 2,
                9..=13 => 3,
                _ => 4,
            },
        })
    }
}

impl fmt::Display for QuadConvention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The CAMEO table, indexed by code.
#[derive(Debug)]
pub struct Cameo {
    codes: Vec<CameoCode>,
    index: HashMap<&'static str, usize>,
}

impl Cameo {
    /// The table compiled into the binary (parsed once).
    pub fn get() -> &'static Cameo {
        static TABLE: OnceLock<Cameo> = OnceLock::new();
        TABLE.get_or_init(|| Cameo::parse(CAMEO_TSV))
    }

    fn parse(text: &'static str) -> Cameo {
        let mut codes = Vec::new();
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&'static str> = line.split('\t').collect();
            // The table is our own data file; a malformed row is a build-time bug caught by tests.
            let goldstein = f[1].parse().expect("cameo.tsv: Goldstein score");
            let plover = (!f[2].is_empty()).then(|| Plover {
                event: f[2],
                mode: f[3],
                context: f[4],
            });
            codes.push(CameoCode {
                code: f[0],
                name: f[5],
                goldstein,
                plover,
            });
        }
        let index = codes.iter().enumerate().map(|(i, c)| (c.code, i)).collect();
        Cameo { codes, index }
    }

    pub fn lookup(&self, code: &str) -> Option<&CameoCode> {
        self.index.get(code).map(|&i| &self.codes[i])
    }

    pub fn contains(&self, code: &str) -> bool {
        self.index.contains_key(code)
    }

    pub fn codes(&self) -> &[CameoCode] {
        &self.codes
    }
}

/// ISO 3166-1 alpha-3 codes (and XKX for Kosovo).
pub fn is_iso3166(code: &str) -> bool {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        ISO3166_TXT
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    })
    .contains(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_every_root_and_known_scores() {
        let t = Cameo::get();
        for r in 1..=20 {
            let root = format!("{r:02}");
            assert!(t.contains(&root), "root {root}");
        }
        assert_eq!(t.lookup("040").unwrap().goldstein, 1.0);
        assert_eq!(t.lookup("190").unwrap().goldstein, -10.0);
        assert_eq!(t.lookup("057").unwrap().name, "Sign formal agreement");
        // A code the codebook leaves without a score inherits its parent's.
        assert_eq!(t.lookup("155").unwrap().goldstein, -7.2);
        assert!(t.codes().len() > 300);
        assert!(!t.contains("999"));
    }

    #[test]
    fn plover_mapping_covers_roots_01_and_02_by_decision() {
        let t = Cameo::get();
        assert_eq!(
            t.lookup("163").unwrap().plover.as_ref().unwrap().event,
            "COERCE"
        );
        assert_eq!(
            t.lookup("040").unwrap().plover.as_ref().unwrap().event,
            "CONSULT"
        );
        assert_eq!(
            t.lookup("020").unwrap().plover.as_ref().unwrap().event,
            "REQUEST"
        );
        assert_eq!(
            t.lookup("019").unwrap().plover.as_ref().unwrap().event,
            "AGREE"
        );
        assert!(t.lookup("010").unwrap().plover.is_none());
        // Every code outside root 01 has a PLOVER type.
        for c in t.codes() {
            if c.root() != "01" {
                assert!(c.plover.is_some(), "{} has no PLOVER type", c.code);
            }
        }
    }

    #[test]
    fn quad_conventions_differ_where_datasets_differ() {
        use QuadConvention::*;
        assert_eq!(Gdelt.quad_class(9), Some(2));
        assert_eq!(Icews.quad_class(9), Some(3));
        assert_eq!(Gdelt.quad_class(14), Some(3));
        assert_eq!(Icews.quad_class(14), Some(4));
        assert_eq!(Phoenix.quad_class(1), Some(0));
        assert_eq!(Gdelt.quad_class(1), Some(1));
        assert_eq!(Gdelt.quad_class(20), Some(4));
        assert_eq!(Gdelt.quad_class(0), None);
        assert_eq!(QuadConvention::parse("ICEWS"), Some(Icews));
        assert_eq!(QuadConvention::parse("nope"), None);
    }

    #[test]
    fn iso_codes() {
        assert!(is_iso3166("RUS"));
        assert!(is_iso3166("XKX"));
        assert!(!is_iso3166("ZZZ"));
    }
}
