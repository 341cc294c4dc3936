//! Text handling for petrel: from bytes to sentences with offsets.
//!
//! * [`read`]: readers for `.txt`, `.jsonl` and `.html` input. Readers never fail as a whole: they
//!   yield documents and [`read::Problem`]s (file, line, reason) side by side.
//! * [`clean`]: splits a document's text into blocks (headline, body, byline, caption, page
//!   furniture, reader comments) without changing a byte of it, so offsets stay valid.
//! * [`segment`]: sentences and tokens with byte offsets into the cleaned text; matching keys are
//!   normalised (case, curly quotes, abbreviation periods) while the text itself is untouched.
//! * [`dates`]: date expressions ("on November 2", "in late July", "last month") resolved
//!   against a publication date, with a precision.
//!
//! This crate knows nothing about actors, events or dictionaries.

pub mod clean;
pub mod dates;
pub mod document;
pub mod read;
pub mod segment;

pub use clean::{clean, BlockKind, CleanDocument};
pub use dates::{DatePrecision, EventDate};
pub use document::Document;
pub use segment::{segment, Sentence, Token, TokenKind};
