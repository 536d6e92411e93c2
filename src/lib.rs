//! reportpack: UK council committee papers from YAML to accessible HTML and tagged PDF.
//!
//! The folders are the pipeline's stages, read top to bottom; data flows one way and each
//! stage imports only those below it in this list:
//!
//! - [`cli`]: the command line (build, check, watch, new, schema, import); starts `publish`.
//! - [`publish`]: the orchestrator: loads and checks a meeting, prepares it, asks each output
//!   for its files and writes the public and private trees safely.
//! - [`render`]: the outputs. Each reads the prepared meeting ([`render::prepared`]) and hands
//!   back files: web pages (`html`), item PDFs and packs (`papers`, through `documents`), all
//!   through the council's tera templates (`templates`).
//! - [`rules`]: statutory deadlines, exempt business, required content, bank holidays.
//! - [`view`]: what the templates see: the model spelt out, Markdown made safe HTML.
//! - [`pdf`]: laid-out pages to tagged PDF bytes; knows nothing of YAML or templates.
//! - [`layout`]: markup to blocks, blocks to positioned pages; fonts and metrics.
//! - [`input`]: reading YAML and spreadsheets into the typed model, with located diagnostics.
//! - [`diagnostics`], [`dates`], [`digest`], [`foreign`] (existing PDF files, read once), [`parallel`]
//!   (jobs on every core, results in order): leaves.

pub mod cli;
pub mod dates;
pub mod diagnostics;
pub mod digest;
pub mod foreign;
pub mod input;
pub mod kept;
pub mod layout;
pub mod parallel;
pub mod pdf;
pub mod publish;
pub mod render;
pub mod rules;
pub mod view;
