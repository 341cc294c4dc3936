//! Actor codes: a root followed by three-letter sectors ("RUS" + "MIL" = "RUSMIL").

use std::fmt;

/// Sector codes petrel accepts after a root.
pub const SECTORS: &[&str] = &[
    "GOV", "MIL", "LEG", "JUD", "COP", "SPY", "REB", "INS", "SEP", "OPP", "PTY", "UAF", "BUS",
    "MNC", "MED", "CVL", "ELI", "EDU", "HLH", "HRI", "LAB", "NGO", "NGM", "REF", "REL", "AGR",
    "DEV", "ENV", "MOD", "RAD", "CRM", "IGO",
];

/// CAMEO regional roots (used when a text names a region rather than a country).
pub const REGION_CODES: &[&str] = &[
    "AFR", "ASA", "BLK", "CAU", "CAS", "CEU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM",
    "MDT", "MEA", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "WAF", "WST",
];

pub fn is_known_sector(s: &str) -> bool {
    SECTORS.contains(&s)
}

/// A parsed actor code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorCode {
    /// Country (ISO alpha-3), region, or international root ("IGOUNO").
    pub root: String,
    pub sectors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActorCodeError {
    #[error("actor code '{0}' does not start with a known country, region or international root")]
    UnknownRoot(String),
    #[error("actor code '{code}': '{sector}' is not a known sector")]
    UnknownSector { code: String, sector: String },
}

impl ActorCode {
    pub fn new(root: impl Into<String>, sectors: Vec<String>) -> Self {
        ActorCode {
            root: root.into(),
            sectors,
        }
    }

    /// Parses `code` given a predicate that recognises roots. The longest recognised prefix is the
    /// root; the rest must split into known three-letter sectors.
    pub fn parse(code: &str, is_root: impl Fn(&str) -> bool) -> Result<ActorCode, ActorCodeError> {
        let code = code.trim();
        let bytes = code.as_bytes();
        if !code.is_ascii() || bytes.len() < 3 {
            return Err(ActorCodeError::UnknownRoot(code.to_string()));
        }
        // Try root lengths from longest to shortest, multiples of three.
        let mut len = bytes.len() - bytes.len() % 3;
        while len >= 3 {
            let root = &code[..len];
            if is_root(root) {
                let rest = &code[len..];
                if rest.len().is_multiple_of(3) {
                    let sectors: Vec<String> = (0..rest.len() / 3)
                        .map(|i| rest[i * 3..i * 3 + 3].to_string())
                        .collect();
                    if let Some(bad) = sectors.iter().find(|s| !is_known_sector(s)) {
                        return Err(ActorCodeError::UnknownSector {
                            code: code.to_string(),
                            sector: bad.clone(),
                        });
                    }
                    return Ok(ActorCode::new(root, sectors));
                }
            }
            len -= 3;
        }
        Err(ActorCodeError::UnknownRoot(code.to_string()))
    }

    pub fn with_sectors(&self, sectors: &[String]) -> ActorCode {
        ActorCode::new(self.root.clone(), sectors.to_vec())
    }
}

impl fmt::Display for ActorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.root)?;
        for s in &self.sectors {
            f.write_str(s)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roots(r: &str) -> bool {
        matches!(r, "RUS" | "USA" | "IGOUNO" | "IGOEUREEC")
    }

    #[test]
    fn parses_roots_and_sectors() {
        let c = ActorCode::parse("RUSMIL", roots).unwrap();
        assert_eq!(c.root, "RUS");
        assert_eq!(c.sectors, vec!["MIL"]);
        assert_eq!(c.to_string(), "RUSMIL");
        let c = ActorCode::parse("IGOEUREEC", roots).unwrap();
        assert_eq!(c.root, "IGOEUREEC");
        assert!(c.sectors.is_empty());
        let c = ActorCode::parse("USAGOVMED", roots).unwrap();
        assert_eq!(c.sectors, vec!["GOV", "MED"]);
    }

    #[test]
    fn rejects_unknown_parts() {
        assert!(matches!(
            ActorCode::parse("XYZGOV", roots),
            Err(ActorCodeError::UnknownRoot(_))
        ));
        assert!(matches!(
            ActorCode::parse("RUSFOO", roots),
            Err(ActorCodeError::UnknownSector { .. })
        ));
        assert!(ActorCode::parse("RU", roots).is_err());
        assert!(ActorCode::parse("RUSGO", roots).is_err());
    }
}
