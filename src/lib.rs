//! reportpack: UK council committee papers from YAML to accessible HTML and tagged PDF.
//!
//! The pipeline, one module per stage, data flowing one way:
//! `load` (YAML -> `model`) -> `templates` (model -> semantic HTML, per council) ->
//! `html` (web pages) and `markup` (HTML -> `blocks`) -> `layout` (blocks -> `pages`) ->
//! `pdf` (pages -> tagged PDF). `pack` orders a meeting's outputs and writes them atomically;
//! `rules` checks statutory deadlines and required content; `cli` is the command line.

pub mod blocks;
pub mod diagnostics;
pub mod fonts;
pub mod holidays;
pub mod import;
pub mod load;
pub mod model;
pub mod pages;
pub mod rules;
