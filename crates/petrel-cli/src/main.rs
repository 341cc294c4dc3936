//! `petrel`: political event data from news text.
//!
//! The binary is glue: it parses arguments, loads dictionaries, runs the library crates over the
//! input and writes JSON or CSV. Everything that codes lives in the libraries.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

// The coder allocates many small vectors and strings per sentence; with this allocator the
// whole pipeline on Reuters takes 7-9% less time than with the system's (session 23, three runs
// of each, alternating).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod code;
mod dict_cmd;
mod eval_cmd;
mod explain;
mod export;
mod imported;
mod output;
mod pipeline;
mod store_cmd;
mod syntax_cmd;
mod validate;

/// Exit code when input was skipped (the rest was still coded).
pub const EXIT_SKIPPED: u8 = 3;

#[derive(Parser)]
#[command(
    name = "petrel",
    version,
    about = "Code news into political events: who did what to whom, when (CAMEO and PLOVER).",
    long_about = "petrel reads news (plain text, JSONL or HTML), finds the actors (countries, \
governments, militaries, people with dated roles), codes each action in CAMEO with its PLOVER \
type and Goldstein score, dates it, and writes one JSON object per event. Every event names the \
pattern that produced it and the words it matched.",
    after_help = "Examples:
  petrel code examples/*.txt                      code articles, one JSON event per line
  petrel code news.jsonl --format csv > ev.csv    JSONL in, CSV out
  cat page.html | petrel code - --input-format html
  petrel explain \"Russia imposed sanctions on Ukraine.\" --date 2017-11-02
  petrel dict check                               lint the dictionaries
  petrel dict stats --json
  petrel bench                                    throughput and memory on ../shared/news
  petrel ingest examples/* --db news.db           code and store (re-ingesting changes nothing)
  petrel dyad USA RUS --db news.db --by month     a dyadic series: quad classes, Goldstein
  petrel events --db news.db --actor RUS --root 19

Exit codes: 0 success; 1 error; 2 bad arguments; 3 some input was skipped (reported on stderr)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Code documents into events (JSON lines on standard output).
    #[command(
        after_help = "Input: a .txt or .html file is one document; a .jsonl file has one JSON object per line \
with `text` (or `html`) and optional `id`, `title`, `date`, `source`, `url`. `-` or no file reads \
standard input (format from --input-format, else guessed).

Output (JSON lines): id, doc_id, sentence_index, sentence, date, date_precision (day, month, year, \
publication), source and target {code, country, sectors, text, span}, cameo, root, quad_class, \
goldstein, plover, verb, negated, hypothetical, rule.

Examples:
  petrel code examples/*.txt
  petrel code ../shared/seeds/seeds.jsonl --convention icews
  petrel code story.txt --date 2017-11-02 --format csv"
    )]
    Code(CodeArgs),
    /// Show how one sentence is coded: tokens, actors, patterns, dates, events and why.
    #[command(
        after_help = "Example:\n  petrel explain \"Russian and US generals held a meeting in September.\" --date 2017-10-06"
    )]
    Explain(ExplainArgs),
    /// Check or count the dictionaries.
    Dict {
        #[command(subcommand)]
        command: DictCommand,
    },
    /// Code documents and store them in a database (documents, sentences, events, actors).
    #[command(
        after_help = "Documents are keyed by their content: ingesting the same text again changes nothing. Each batch \
is one transaction, so an interrupted run leaves a consistent database and a rerun finishes the job.

Example:
  petrel ingest examples/* --db news.db"
    )]
    Ingest(IngestArgs),
    /// Recode every stored document with the current dictionaries (after a dictionary change).
    #[command(
        after_help = "Each batch of documents is recoded in one transaction; clusters follow.\nExample:\n  petrel recode --db news.db --dict my-dictionaries/"
    )]
    Recode(RecodeArgs),
    /// List stored events (newest first).
    #[command(
        after_help = "Example:\n  petrel events --db news.db --actor RUS --since 2022-01 --format csv"
    )]
    Events(EventsArgs),
    /// A dyadic time series from the store: events per quad class, Goldstein sum and mean, net cooperation.
    #[command(
        after_help = "Actors are code prefixes: USA matches USAGOV and USAMIL. Events whose date is coarser than \
the period (a year in a monthly series) are left out.

Example:
  petrel dyad USA RUS --db news.db --by month --undirected --csv"
    )]
    Dyad(DyadArgs),
    /// Event clusters: one real-world event with the outlets and articles that reported it.
    #[command(after_help = "Example:\n  petrel clusters --db news.db --min-sources 2")]
    Clusters(ClustersArgs),
    /// The most active dyads in the store.
    Top(TopArgs),
    /// Export stored events: GDELT 2.0 columns, ICEWS columns, PLOVER JSON lines, CSV, or Parquet (zstd).
    #[command(
        after_help = "The quad-class convention is named in every export. The file is written under a temporary\nname and renamed when complete.\n\nExample:\n  petrel export --db news.db --format gdelt --out events.tsv"
    )]
    Export(ExportArgs),
    /// Serve the HTTP API and the dashboard over a database (read-only).
    #[command(
        after_help = "Open http://127.0.0.1:8080/ for the dashboard; the API is under /api (see /api/openapi.json).\nExample:\n  petrel serve --db news.db --addr 127.0.0.1:8080"
    )]
    Serve(ServeArgs),
    /// Run a PETRARCH or TABARI validation suite: each record's pass or fail, then `N passed, M failed`.
    #[command(
        after_help = "The dictionaries the suite names are read from beside it unless --verbs/--actors/--agents/--discards are given.\nExamples:\n  petrel validate ../shared/eval/petrarch/PETR.UnitTest.records.xml\n  petrel validate ../shared/eval/tabari/Validate.text --failures"
    )]
    Validate(validate::ValidateArgs),
    /// Score petrel against gold: ConfliBERT TSV (+ CoNLL spans), CoNLL, PETRARCH XML, or JSONL.
    #[command(
        after_help = "Examples:\n  petrel eval ../shared/eval/conflibert/cameo_class_train.tsv --spans ../shared/eval/conflibert/cameo_ner_train.txt\n  petrel eval my-gold.jsonl --json"
    )]
    Eval(eval_cmd::EvalArgs),
    /// Measure throughput (sentences/s per core, documents/s) and peak memory.
    #[command(
        after_help = "Without --corpus, reads ../shared/news/reuters21578.jsonl when it exists.\nExample:\n  petrel bench --corpus ../shared/news/reuters21578.jsonl --limit 5000"
    )]
    Bench(BenchArgs),
    /// Train the syntax models (tagger and lemmatizer, or dependency parser) on a CoNLL-U treebank.
    #[command(
        after_help = "Training is seeded and deterministic. The shipped models are rebuilt with:
  petrel train tagger --train ../shared/ud-english-ewt/en_ewt-ud-train.conllu --dev ../shared/ud-english-ewt/en_ewt-ud-dev.conllu --out models/tagger.bin
  petrel train parser --train ../shared/ud-english-ewt/en_ewt-ud-train.conllu --dev ../shared/ud-english-ewt/en_ewt-ud-dev.conllu --out models/parser.bin
then `cargo build --release` embeds them."
    )]
    Train {
        #[command(subcommand)]
        command: syntax_cmd::TrainCommand,
    },
    /// Tag, lemmatise and parse text into CoNLL-U, or score the models on a treebank (--eval).
    #[command(after_help = "Examples:
  echo \"Russia imposed sanctions on Ukraine.\" | petrel parse
  petrel parse examples/geneva-talks.txt
  petrel parse --eval ../shared/ud-english-ewt/en_ewt-ud-test.conllu    last line: UPOS .. UAS .. LAS ..")]
    Parse(syntax_cmd::ParseArgs),
}

#[derive(Subcommand)]
enum DictCommand {
    /// Lint the dictionaries: unknown codes, malformed lines, overlapping roles, ambiguous names.
    Check {
        #[command(flatten)]
        dicts: DictArgs,
        /// Show warnings as well as errors.
        #[arg(long)]
        warnings: bool,
    },
    /// Count countries, people, agents, verb patterns and more.
    Stats {
        #[command(flatten)]
        dicts: DictArgs,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// How fully the office holders cover each UN member state since 1990.
    #[command(
        after_help = "For each of the 193 UN member states and each office (head of state or government,
foreign, defence and interior minister), the share of days from 1990-01-01 to --until that a
listed holder or a declared `vacancy` accounts for. An uncovered span is a holder still to be
written, or a vacancy to declare for a state without such an office.

Examples:
  petrel dict coverage                         summary by office
  petrel dict coverage --missing --country NOR the uncovered spans of one state
  petrel dict coverage --json > coverage.json  every state and office"
    )]
    Coverage {
        #[command(flatten)]
        dicts: DictArgs,
        /// The last day measured (YYYY-MM-DD); default today.
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// List every state's uncovered spans.
        #[arg(long)]
        missing: bool,
        /// Only this state (ISO 3166-1 alpha-3, e.g. NOR); repeatable.
        #[arg(long, value_name = "CODE")]
        country: Vec<String>,
        /// Print JSON: one object per state and office.
        #[arg(long)]
        json: bool,
    },
    /// Write petrel `person` blocks from a Wikidata query result (CSV or SPARQL JSON).
    #[command(
        after_help = "The query (personLabel, positionLabel, country, start, end) is in dictionaries/FORMAT.md,
section 'Refreshing roles from Wikidata'. Skipped rows are reported on stderr with their line.

Example:
  petrel dict import-wikidata office-holders.csv --out my-dictionaries/people.txt
  petrel dict check --dict my-dictionaries/"
    )]
    ImportWikidata {
        /// The Query Service download (.csv, or .json in the SPARQL results format).
        file: PathBuf,
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Args, Clone, Default)]
pub struct DictArgs {
    /// A dictionary folder or file (petrel format) to add to the built-in dictionaries; repeatable.
    /// Its entries override built-in entries for the same phrase.
    #[arg(long = "dict", value_name = "DIR")]
    pub dict: Vec<PathBuf>,
    /// PETRARCH/TABARI dictionaries to import instead of (or with --with-default-dicts, over)
    /// petrel's own.
    #[command(flatten)]
    pub import: imported::ImportArgs,
}

/// How sentences are read.
#[derive(Args, Clone, Default)]
pub struct ReadingArgs {
    /// Code without the dependency parse: subjects and objects by the shallow rules alone
    /// (faster; the parse finds subjects, controllers and objects more often right).
    #[arg(long)]
    pub shallow: bool,
    /// Leave actors that name no country ("police", "officials") at the unknown root `---`
    /// instead of giving them the event's place, the dateline's, the headline's or the
    /// document's clear home country; and leave aid, ceasefires and attacks that name no
    /// target without one instead of aiming them at the country of their place ("aid to
    /// people in Yemen": YEM). Inferred actors are marked `country_inferred`.
    #[arg(long)]
    pub no_inferred_countries: bool,
}

impl ReadingArgs {
    /// Coder options with the built-in tagger and parser, unless `--shallow`.
    pub fn coder_options(&self) -> anyhow::Result<petrel_coder::CoderOptions> {
        let syntax = if self.shallow {
            None
        } else {
            Some(petrel_syntax::Models::builtin().map_err(|e| anyhow::anyhow!("{e}"))?)
        };
        Ok(petrel_coder::CoderOptions {
            syntax,
            infer_countries: !self.no_inferred_countries,
            ..petrel_coder::CoderOptions::default()
        })
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum InputFormatArg {
    Txt,
    Jsonl,
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Convention {
    Gdelt,
    Icews,
    Phoenix,
}

/// What `code` and `ingest` share: the input and how to read and code it.
#[derive(Args)]
pub struct InputArgs {
    /// Files to code (`-` = standard input).
    #[arg(value_name = "FILES")]
    pub files: Vec<String>,
    /// Input format, instead of the file extension's.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormatArg>,
    /// Publication date (YYYY-MM-DD) for documents that have none.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    #[command(flatten)]
    pub dicts: DictArgs,
    #[command(flatten)]
    pub reading: ReadingArgs,
    /// Skip documents (files or JSONL lines) larger than this many bytes.
    #[arg(long, default_value_t = 16 * 1024 * 1024, value_name = "BYTES")]
    pub max_doc_bytes: usize,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// No progress bar or summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args)]
pub struct CodeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: OutputFormat,
    /// Quad-class convention for `quad_class`.
    #[arg(long, value_enum, default_value = "gdelt")]
    pub convention: Convention,
}

#[derive(Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The database file (created when absent).
    #[arg(long, default_value = "petrel.db")]
    pub db: PathBuf,
}

#[derive(Args)]
pub struct EventsArgs {
    #[arg(long, default_value = "petrel.db")]
    pub db: PathBuf,
    /// Events with this actor code prefix on either side (USA, RUSMIL, IGOUNO).
    #[arg(long)]
    pub actor: Option<String>,
    /// CAMEO root code (two digits).
    #[arg(long)]
    pub root: Option<String>,
    /// Events dated on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Events dated on or before (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// At most this many events (1 to 10,000).
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: OutputFormat,
}

#[derive(Clone, Copy, ValueEnum, Debug)]
pub enum PeriodArg {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Args)]
pub struct DyadArgs {
    /// Source actor (code prefix).
    pub a: String,
    /// Target actor (code prefix).
    pub b: String,
    #[arg(long, default_value = "petrel.db")]
    pub db: PathBuf,
    #[arg(long, value_enum, default_value = "month")]
    pub by: PeriodArg,
    #[arg(long, value_enum, default_value = "gdelt")]
    pub convention: Convention,
    /// Count both directions (A to B and B to A).
    #[arg(long)]
    pub undirected: bool,
    /// Count events with the same date, actors and code once (Phoenix's one-a-day filter).
    #[arg(long)]
    pub one_a_day: bool,
    /// Print JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV (default: tab-separated text).
    #[arg(long)]
    pub csv: bool,
}

#[derive(Args)]
pub struct ClustersArgs {
    #[arg(long, default_value = "petrel.db")]
    pub db: PathBuf,
    /// Only clusters reported by at least this many outlets.
    #[arg(long, default_value_t = 1)]
    pub min_sources: u64,
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    /// Print JSON lines.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct RecodeArgs {
    #[arg(long, default_value = "petrel.db")]
    pub db: PathBuf,
    #[command(flatten)]
    pub dicts: DictArgs,
    #[command(flatten)]
    pub reading: ReadingArgs,
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args)]
pub struct ServeArgs {
    #[arg(long, default_value = "petrel.db")]
    pub db: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
}

fn serve(args: ServeArgs) -> anyhow::Result<u8> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime
        .block_on(petrel_server::serve(args.db, &args.addr))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(0)
}

#[derive(Args)]
pub struct TopArgs {
    #[arg(long, default_value = "petrel.db")]
    pub db: PathBuf,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print JSON lines.
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Gdelt,
    Icews,
    Plover,
    Parquet,
}

#[derive(Args)]
pub struct ExportArgs {
    #[arg(long, default_value = "petrel.db")]
    pub db: PathBuf,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The file to write.
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, value_enum, default_value = "gdelt")]
    pub convention: Convention,
}

#[derive(Args)]
pub struct ExplainArgs {
    /// The sentence (or short text) to explain.
    pub text: String,
    /// Publication date (YYYY-MM-DD) to resolve relative dates and dated roles against.
    #[arg(long)]
    pub date: Option<String>,
    #[command(flatten)]
    pub dicts: DictArgs,
    #[command(flatten)]
    pub reading: ReadingArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct BenchArgs {
    /// JSONL corpus to code (repeatable).
    #[arg(long)]
    pub corpus: Vec<PathBuf>,
    /// Code at most this many documents per corpus.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Also time all cores together.
    #[arg(long)]
    pub parallel: bool,
    /// Load-test the HTTP API over this database instead (bounded: --requests on loopback).
    #[arg(long, value_name = "DB")]
    pub serve_db: Option<PathBuf>,
    /// Requests for the API load test.
    #[arg(long, default_value_t = 4000)]
    pub requests: usize,
}

fn main() -> ExitCode {
    // A bug must be reported in one line, not a backtrace per thread; the document it hit is
    // reported as skipped by the caller.
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("petrel: internal error{location}");
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => code::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Dict { command } => match command {
            DictCommand::Check { dicts, warnings } => dict_cmd::check(&dicts, warnings),
            DictCommand::Stats { dicts, json } => dict_cmd::stats(&dicts, json),
            DictCommand::Coverage {
                dicts,
                until,
                missing,
                country,
                json,
            } => dict_cmd::coverage(&dicts, until.as_deref(), missing, &country, json),
            DictCommand::ImportWikidata { file, out } => {
                dict_cmd::import_wikidata(&file, out.as_deref())
            }
        },
        Command::Bench(args) => bench::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Eval(args) => eval_cmd::run(args),
        Command::Train { command } => syntax_cmd::train(command),
        Command::Parse(args) => syntax_cmd::parse(args),
        Command::Ingest(args) => store_cmd::ingest(args),
        Command::Events(args) => store_cmd::events(args),
        Command::Recode(args) => store_cmd::recode(args),
        Command::Dyad(args) => store_cmd::dyad(args),
        Command::Clusters(args) => store_cmd::clusters(args),
        Command::Top(args) => store_cmd::top(args),
        Command::Export(args) => export::run(args),
        Command::Serve(args) => serve(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("petrel: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Loads the built-in dictionaries plus `--dict` folders, reporting problems on stderr.
pub fn load_dictionary(args: &DictArgs, report: bool) -> anyhow::Result<petrel_dict::Dictionary> {
    if !args.import.is_empty() {
        let own = DictArgs {
            dict: args.dict.clone(),
            ..DictArgs::default()
        };
        return imported::load(&args.import, || load_dictionary(&own, report), report);
    }
    use anyhow::Context;
    let mut b = petrel_dict::DictionaryBuilder::new();
    b.add_builtin();
    for d in &args.dict {
        b.add_dir(d)
            .with_context(|| format!("reading dictionary {}", d.display()))?;
    }
    let dict = b.build();
    if report {
        for p in dict
            .problems
            .iter()
            .filter(|p| p.severity == petrel_dict::Severity::Error)
        {
            eprintln!("petrel: dictionary: {p} (line skipped)");
        }
    }
    Ok(dict)
}

/// Parses a `--date` value.
pub fn parse_date_arg(s: Option<&str>) -> anyhow::Result<Option<chrono::NaiveDate>> {
    match s {
        None => Ok(None),
        Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| anyhow::anyhow!("--date '{s}' is not a date in the form YYYY-MM-DD")),
    }
}

impl Convention {
    pub fn ontology(self) -> petrel_ontology::QuadConvention {
        match self {
            Convention::Gdelt => petrel_ontology::QuadConvention::Gdelt,
            Convention::Icews => petrel_ontology::QuadConvention::Icews,
            Convention::Phoenix => petrel_ontology::QuadConvention::Phoenix,
        }
    }
}
