//! The outputs: each reads the prepared meeting and hands back files, never writing them itself
//! and never calling the orchestrator. `templates` renders the council's tera templates to
//! semantic HTML; `html` makes the web pages of it; `documents` turns the same markup into
//! block documents and `papers` lays them out into the item PDFs and packs. Add an output (a
//! new document kind, JSON, iCal) as a module here.

pub mod decisions;
pub mod documents;
pub mod glyphs;
pub mod html;
pub mod kept_templates;
pub mod papers;
pub mod prepared;
pub mod record;
pub mod reuse;
pub mod shown;
pub mod site;
pub mod templates;
