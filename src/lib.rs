//! reportpack: UK council committee papers from YAML to accessible HTML and tagged PDF.
//!
//! The pipeline, one module per stage, data flowing one way:
//! `load` (YAML -> `model`) -> `view` (model -> template context) -> `templates` (per-council
//! tera sets -> semantic HTML) -> `html` (web pages) and `markup` (HTML -> `blocks`) ->
//! `layout` (blocks -> `pages`) -> `pdf` (pages -> tagged PDF). `documents` and `papers` put a
//! meeting's PDFs together; `pack` builds a meeting's outputs and writes them atomically through
//! `output`; `rules` checks statutory deadlines and required content; `cli` is the command line.

pub mod blocks;
pub mod cli;
pub mod diagnostics;
pub mod documents;
pub mod fonts;
pub mod holidays;
pub mod html;
pub mod import;
pub mod layout;
pub mod load;
pub mod markdown;
pub mod markup;
pub mod model;
pub mod output;
pub mod pack;
pub mod pages;
pub mod papers;
pub mod pdf;
pub mod rules;
pub mod scaffold;
pub mod templates;
pub mod view;
pub mod watch;
