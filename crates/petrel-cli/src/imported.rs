//! Loading PETRARCH and TABARI dictionaries: `--verbs`, `--actors`, `--agents`, `--discards`,
//! `--issues` (every command that takes `--dict` takes these too), alone or over petrel's own
//! dictionaries with `--with-default-dicts`. The formats and their approximations are described
//! in `petrel_dict::import`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use petrel_dict::import::{import, FileKind, ImportOptions};
use petrel_dict::Dictionary;

#[derive(Args, Clone, Default, Debug)]
pub struct ImportArgs {
    /// A PETRARCH-2 (CAMEO.2.0.txt) or TABARI verb dictionary to import (repeatable; commas
    /// separate several).
    #[arg(long = "verbs", value_name = "FILE", value_delimiter = ',')]
    pub verbs: Vec<PathBuf>,
    /// A PETRARCH or TABARI actor dictionary (repeatable; commas separate several).
    #[arg(long = "actors", value_name = "FILE", value_delimiter = ',')]
    pub actors: Vec<PathBuf>,
    /// A PETRARCH or TABARI agent dictionary (repeatable).
    #[arg(long = "agents", value_name = "FILE", value_delimiter = ',')]
    pub agents: Vec<PathBuf>,
    /// A discard list: sentences (or with '+', stories) containing a phrase are not coded.
    #[arg(long = "discards", value_name = "FILE", value_delimiter = ',')]
    pub discards: Vec<PathBuf>,
    /// A PETRARCH issues file (checked; events do not carry issues yet).
    #[arg(long = "issues", value_name = "FILE", value_delimiter = ',')]
    pub issues: Vec<PathBuf>,
    /// With imported dictionaries, also load petrel's own (imported entries override them).
    #[arg(long)]
    pub with_default_dicts: bool,
    /// Accept event codes that are not CAMEO in imported verb files (validation suites).
    #[arg(long)]
    pub foreign_codes: bool,
}

impl ImportArgs {
    pub fn is_empty(&self) -> bool {
        self.verbs.is_empty()
            && self.actors.is_empty()
            && self.agents.is_empty()
            && self.discards.is_empty()
            && self.issues.is_empty()
    }

    /// Actors and agents before verbs, as PETRARCH reads them.
    fn files(&self) -> Vec<(FileKind, &PathBuf)> {
        let mut out = Vec::new();
        for (kind, list) in [
            (FileKind::Actors, &self.actors),
            (FileKind::Agents, &self.agents),
            (FileKind::Verbs, &self.verbs),
            (FileKind::Discards, &self.discards),
            (FileKind::Issues, &self.issues),
        ] {
            out.extend(list.iter().map(|p| (kind, p)));
        }
        out
    }
}

/// Reads a dictionary file leniently: invalid UTF-8 is replaced rather than refused, because
/// old TABARI files are Latin-1 and one bad byte must not lose the file.
fn read_lossy(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Imports the files into `base` (an empty dictionary unless petrel's own are wanted).
pub fn import_into(dict: &mut Dictionary, args: &ImportArgs) -> Result<usize> {
    let opts = ImportOptions {
        foreign_codes: args.foreign_codes,
    };
    let mut n = 0;
    for (kind, path) in args.files() {
        let text = read_lossy(path)?;
        n += import(dict, kind, &path.display().to_string(), &text, opts);
    }
    Ok(n)
}

/// The dictionary for a command: imported files, over petrel's own when asked (`base` builds
/// those, with any `--dict` folders).
pub fn load(
    args: &ImportArgs,
    base: impl FnOnce() -> Result<Dictionary>,
    report: bool,
) -> Result<Dictionary> {
    let mut dict = if args.with_default_dicts {
        base()?
    } else {
        Dictionary::default()
    };
    let before = dict.problems.len();
    let n = import_into(&mut dict, args)?;
    if report {
        let problems = &dict.problems[before..];
        let errors = problems
            .iter()
            .filter(|p| p.severity == petrel_dict::Severity::Error)
            .count();
        for p in problems
            .iter()
            .filter(|p| p.severity == petrel_dict::Severity::Error)
            .take(20)
        {
            eprintln!("petrel: dictionary: {p} (line skipped)");
        }
        if errors > 20 {
            eprintln!(
                "petrel: dictionary: {} more problems (`petrel dict check` with the same flags lists them)",
                errors - 20
            );
        }
        eprintln!("petrel: imported {n} entries");
    }
    Ok(dict)
}
