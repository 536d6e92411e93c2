//! The input stage: a meeting folder's YAML, spreadsheets and PDF appendices read into the typed,
//! validated model. It hands on a `LoadedMeeting`, or every problem found as a diagnostic with
//! file, line, column and field. Add a field or a column to the model here.

pub mod decisions;
pub mod guard;
pub mod load;
pub mod model;
pub mod parses;
pub mod sheet;
pub mod spans;
pub mod yaml;
