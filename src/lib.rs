//! wamigrate: plan and dry-run the migration of WhatsApp Business phone numbers onto Genesys Cloud's
//! WhatsApp integration (Meta Embedded Signup).
//!
//! The library is one visible pipeline, one type per arrow:
//!
//! ```text
//! plan.yaml ─► SourceFile ─► RawPlan ─► Plan ─► StepGraph ─► Evaluation ─► Report ─► text | json
//!              (bytes+lines)  (serde)   (validated) (petgraph) (state at time T)  (one model)
//! ```
//!
//! Domain knowledge (the step catalogue per migration source, with the public source of every rule)
//! lives in [`catalog`]. Only the `cli` module prints or chooses an exit code.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod calendar;
pub mod catalog;
pub mod cli;
pub mod diagnostic;
pub mod eval;
pub mod generate;
pub mod graph;
pub mod init;
pub mod journal;
pub mod pipeline;
pub mod plan;
pub mod report;
pub mod schema;
pub mod secret;
pub mod source;
pub mod suggest;

pub use diagnostic::{Diagnostic, Kind, Severity};
pub use source::{SourceFile, Span};
