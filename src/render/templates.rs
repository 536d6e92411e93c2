//! House styles: the tera template sets in `report-templates/`, one folder per council extending
//! the shared `base/` set, and each council's `council.yaml`. A council changes how its papers
//! look and read here, never in Rust. Both the web pages and the PDF come from this output.

use crate::diagnostics::Diagnostics;
use crate::digest::{Digest, Digester};
use crate::input::model::{CouncilConfig, StatusLevel, StatusScale};
use crate::input::parses::KeptParses;
use crate::input::yaml::read_yaml;
use crate::parallel::in_parallel;
use crate::render::kept_templates;
use crate::render::shown::{reached_from, shown_by, Shown};
use crate::view::dates::DateWords;
use crate::view::decisions::{ForwardPlanView, RecordView};
use crate::view::{AgendaItemView, MeetingView, ReportView};
use anyhow::{anyhow, Context, Result};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tera::Tera;

/// Which output the markup is for: links differ (pages link to pages; a PDF links inside itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Html,
    Pdf,
}

/// Whether a page is for the public or for members only (exempt business).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Public,
    Private,
}

/// A council's house style: its templates over the shared `base/` set, and its settings.
pub struct HouseStyle {
    /// The templates of the item pages and the agenda, which every build renders, parsed.
    tera: Tera,
    /// Every template, parsed when a build first renders one the item pages and the agenda do
    /// not reach (the record of decisions, the minutes, the forward plan); the error of one
    /// that does not parse.
    everything: OnceLock<Result<Tera, String>>,
    /// Every template's text, by name.
    sources: Vec<(String, String)>,
    pub settings: HouseSettings,
    /// Of the templates' text and the settings: what the house style adds to every page.
    digest: Digest,
    /// The meeting's fields an item's page (its report or exempt notice) can show.
    item_meeting_fields: Shown,
}

/// A house style's settings, without its templates: what the rules and views need, so that
/// they run while the templates parse (which is slower than loading a dozen reports).
#[derive(Clone)]
pub struct HouseSettings {
    council: String,
    pub config: CouncilConfig,
    /// The council's RAG status scale (its `statuses:`, else `base/statuses.yaml`).
    pub statuses: StatusScale,
    pub root: PathBuf,
}

/// A house style's templates: those of the pages every build renders, parsed; the digest of
/// every template's text, and the text by name.
pub struct Templates {
    pages: Tera,
    digest: Digest,
    sources: Vec<(String, String)>,
}

/// The templates every build of a meeting renders, each with all it extends, includes and
/// imports: the items' pages (a report, or the notice in place of an exempt one) and the
/// agenda. The rest are parsed only for a build that renders them: parsing every template
/// was the longest step of an `--only` rebuild before its items could be made.
const PAGES_OF_EVERY_BUILD: [&str; 3] = ["report.html", "exempt-notice.html", "meeting.html"];

/// The meeting as an item's page is given it: only the fields its templates can show, so that
/// the page is the same whatever else of the meeting changes.
pub struct ItemMeeting(Value);

/// An item page's template and everything it is given, with the digest of both and of the
/// house style: two pages with the same digest are the same page.
pub struct PageContext<'a> {
    template: String,
    meeting: &'a ItemMeeting,
    item: &'a AgendaItemView,
    /// None: the notice the public sees in place of an exempt report.
    report: Option<&'a ReportView>,
    audience: Audience,
    target: Target,
    digest: Digest,
}

impl PageContext<'_> {
    pub fn digest(&self) -> Digest {
        self.digest
    }
}

/// The templates folder: `REPORTPACK_TEMPLATES`, else `./report-templates`, else the one shipped
/// beside the source.
pub fn default_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("REPORTPACK_TEMPLATES") {
        return PathBuf::from(dir);
    }
    let local = PathBuf::from("report-templates");
    if local.is_dir() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("report-templates")
}

impl HouseSettings {
    /// The settings of `council`, a plain folder name under `root` (never `base`, never a
    /// path): its `council.yaml` and status scale.
    pub fn load(root: &Path, council: &str) -> Result<HouseSettings> {
        let plain_name = !council.is_empty()
            && council
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        let council_dir = root.join(council);
        if !plain_name || council == "base" || !council_dir.is_dir() {
            let known = known_councils(root);
            return Err(anyhow!(
                "council: no template set named `{council}` in {} (known: {}); the council is the plain name of a folder there",
                root.display(),
                known.join(", ")
            ));
        }
        let config_file = council_dir.join("council.yaml");
        let (_, config) =
            read_yaml::<CouncilConfig>(&config_file).map_err(|d| anyhow!(Diagnostics(vec![d])))?;
        let statuses = status_scale(root, &config, &config_file)?;
        Ok(HouseSettings {
            council: council.to_string(),
            config,
            statuses,
            root: root.to_path_buf(),
        })
    }

    /// Reads the council's templates and the shared `base/` ones, and parses those every build
    /// renders (with what they reach), or reads them back from their parse in `kept`.
    pub fn parse_templates(&self, kept: &KeptParses) -> Result<Templates> {
        let (sources, digest) = read_templates(&self.root, &["base", &self.council])?;
        let names: HashMap<&str, &str> = (sources.iter())
            .map(|(name, text)| (name.as_str(), text.as_str()))
            .collect();
        let pages = PAGES_OF_EVERY_BUILD.map(|file| own_or_base(&self.council, file, &names));
        let wanted = reached_from(&names, &pages);
        let chosen: Vec<&(String, String)> = (sources.iter())
            .filter(|(name, _)| wanted.contains(name.as_str()))
            .collect();
        let pages = parse_tera_keeping(&chosen, kept).with_context(|| self.cannot_load())?;
        Ok(Templates {
            pages,
            digest,
            sources,
        })
    }

    fn cannot_load(&self) -> String {
        format!("cannot load the templates in {}", self.root.display())
    }

    /// How dates are written in `lang` (`cy`, `en-GB`): the locale file of the language, else of
    /// its primary subtag (`en-GB` -> `en`), in `base/locales/`.
    pub fn date_words(&self, lang: &str) -> Result<DateWords> {
        date_words(&self.root, lang)
    }

    /// A house-style file other than a template (`jargon.txt`): the council's own if it has
    /// one, else the shared base's.
    pub fn house_file(&self, name: &str) -> PathBuf {
        let own = self.root.join(&self.council).join(name);
        if own.is_file() {
            own
        } else {
            self.root.join("base").join(name)
        }
    }

    /// The whole house style, with its parsed `templates`.
    pub fn with_templates(self, templates: Templates) -> HouseStyle {
        let digest = Digester::default()
            .debug(&templates.digest)
            .debug(&(&self.council, &self.root, &self.config, &self.statuses))
            .finish();
        let mut style = HouseStyle {
            tera: templates.pages,
            everything: OnceLock::new(),
            sources: templates.sources,
            settings: self,
            digest,
            item_meeting_fields: Shown::Everything,
        };
        let sources: HashMap<&str, &str> = (style.sources.iter())
            .map(|(name, text)| (name.as_str(), text.as_str()))
            .collect();
        let mut fields = Shown::Fields(Default::default());
        for page in ["report.html", "exempt-notice.html"] {
            fields.add(shown_by(&sources, &style.template_name(page), "meeting"));
        }
        style.item_meeting_fields = fields;
        style
    }
}

impl HouseStyle {
    /// Loads the council's settings and parses its templates (over the shared `base/` set).
    pub fn load(root: &Path, council: &str) -> Result<HouseStyle> {
        let settings = HouseSettings::load(root, council)?;
        let templates = settings.parse_templates(&KeptParses::default())?;
        Ok(settings.with_templates(templates))
    }

    /// Everything the house style brings to a page (the templates' text and the settings):
    /// two styles with the same digest render the same views the same way.
    pub fn digest(&self) -> Digest {
        self.digest
    }

    /// The council's own template if it has one, else the shared base.
    fn template_name(&self, file: &str) -> String {
        let own = format!("{}/{file}", self.settings.council);
        if self.sources.iter().any(|(name, _)| *name == own) {
            own
        } else {
            format!("base/{file}")
        }
    }

    /// Every template of the house style, parsed (once): `check` asks, so that a template no
    /// build has rendered yet is still found broken.
    pub fn all_templates(&self) -> Result<&Tera> {
        let parsed = self.everything.get_or_init(|| {
            parse_tera(self.sources.iter())
                .with_context(|| self.settings.cannot_load())
                .map_err(|error| format!("{error:#}"))
        });
        parsed.as_ref().map_err(|message| anyhow!("{message}"))
    }

    fn render(&self, file: &str, context: &tera::Context) -> Result<String> {
        self.render_named(&self.template_name(file), context)
    }

    fn render_named(&self, name: &str, context: &tera::Context) -> Result<String> {
        let parsed = self.tera.get_template_names().any(|parsed| parsed == name);
        let tera = if parsed {
            &self.tera
        } else {
            self.all_templates()?
        };
        tera.render(name, context)
            .map_err(|error| anyhow!(describe_tera_error(&error)))
            .with_context(|| {
                let file = self.settings.root.join(name);
                format!("template {} failed", file.display())
            })
    }

    /// The meeting's front sheet and agenda.
    pub fn meeting_page(
        &self,
        meeting: &MeetingView,
        audience: Audience,
        target: Target,
    ) -> Result<String> {
        let mut context = base_context(meeting, &self.settings.config, audience, target);
        context.insert("items", &meeting.items);
        self.render("meeting.html", &context)
    }

    /// The digest of everything [`Self::meeting_page`] gives its template: two pages of the
    /// same digest are the same page.
    pub fn meeting_page_digest(
        &self,
        meeting: &MeetingView,
        audience: Audience,
        target: Target,
    ) -> Digest {
        // The council's settings are in the house style's digest; the items are given apart
        // from the meeting (which skips them).
        Digester::default()
            .debug(&(
                self.digest,
                self.template_name("meeting.html"),
                audience,
                target,
            ))
            .serialized(meeting)
            .serialized(&meeting.items)
            .finish()
    }

    /// Whether the item pages' templates can show the meeting's field `name`.
    pub fn item_pages_show(&self, name: &str) -> bool {
        self.item_meeting_fields.shows(name)
    }

    /// The meeting as the pages of its items are given it (see [`ItemMeeting`]).
    pub fn item_meeting(&self, meeting: &MeetingView) -> Result<ItemMeeting> {
        let mut value =
            serde_json::to_value(meeting).context("cannot give the meeting to the templates")?;
        if let Value::Object(fields) = &mut value {
            fields.retain(|name, _| self.item_meeting_fields.shows(name));
        }
        Ok(ItemMeeting(value))
    }

    /// What one agenda item's page is made from: its report with its appendices, or, with no
    /// `report`, what the public sees in place of an exempt one.
    pub fn item_page_context<'a>(
        &self,
        meeting: &'a ItemMeeting,
        item: &'a AgendaItemView,
        report: Option<&'a ReportView>,
        audience: Audience,
        target: Target,
    ) -> PageContext<'a> {
        let template = self.template_name(match report {
            Some(_) => "report.html",
            None => "exempt-notice.html",
        });
        // The council's settings are in the house style's digest.
        let digest = Digester::default()
            .debug(&(self.digest, &template, audience, target))
            .serialized(&meeting.0)
            .serialized(item)
            .serialized(&report)
            .finish();
        PageContext {
            template,
            meeting,
            item,
            report,
            audience,
            target,
            digest,
        }
    }

    /// Renders an item's page from what it is made of.
    pub fn render_page(&self, page: &PageContext) -> Result<String> {
        let config = &self.settings.config;
        let mut context = base_context(&page.meeting.0, config, page.audience, page.target);
        context.insert("item", page.item);
        if let Some(report) = page.report {
            context.insert("report", report);
        }
        self.render_named(&page.template, &context)
    }
}

/// The council's status scale, checked: its own `statuses:` in `council.yaml`, else the shared
/// `base/statuses.yaml`.
fn status_scale(root: &Path, config: &CouncilConfig, config_file: &Path) -> Result<StatusScale> {
    let (scale, file) = match &config.statuses {
        Some(levels) => (StatusScale(levels.clone()), config_file.to_path_buf()),
        None => {
            let file = root.join("base/statuses.yaml");
            let (_, levels) =
                read_yaml::<Vec<StatusLevel>>(&file).map_err(|d| anyhow!(Diagnostics(vec![d])))?;
            (StatusScale(levels), file)
        }
    };
    match scale.problem() {
        Some(problem) => Err(anyhow!("{}: {problem}", file.display())),
        None => Ok(scale),
    }
}

/// The file kinds that are templates; the rest of a house style's folder (`council.yaml`,
/// `statuses.yaml`, `jargon.txt`, the locales) is data, read as it is and never parsed by tera.
const TEMPLATE_KINDS: [&str; 6] = ["html", "css", "atom", "ics", "svg", "xml"];

/// The templates of the house-style `folders` under `root` (named `<folder>/<file>`, as they
/// extend and include each other): only the sets this build can use, so another council's
/// template, or a `{{` in a data file, never costs time or stops the build.
/// Each file is read once, here, so the digest is of exactly the text tera parsed.
fn read_templates(root: &Path, folders: &[&str]) -> Result<(Vec<(String, String)>, Digest)> {
    let mut files = Vec::new();
    for folder in folders {
        collect_templates(root, Path::new(folder), &mut files)
            .with_context(|| format!("cannot read the templates in {}", root.display()))?;
    }
    files.sort();
    let mut digest = Digester::default();
    let mut sources = Vec::with_capacity(files.len());
    for (path, name) in files {
        let source = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the template {}", path.display()))?;
        digest.bytes(name.as_bytes()).bytes(source.as_bytes());
        sources.push((name, source));
    }
    Ok((sources, digest.finish()))
}

/// Parses `sources` (name and text) into one set, each name as it extends, includes and
/// imports the others.
///
/// Each template is parsed on its own, on every core (tera's parser was a sixth of an --only
/// rebuild's instructions at 50 reports), then joined as `Tera::add_raw_templates` joins them,
/// the first template in order that fails to parse reported as it reports it.
fn parse_tera<'a>(sources: impl Iterator<Item = &'a (String, String)>) -> Result<Tera> {
    let sources: Vec<&(String, String)> = sources.collect();
    join_templates(parse_each(&sources)?)
}

/// The file of a house style's templates' kept parse, in the kept folder.
const KEPT_TEMPLATES: &str = "templates.tera";

/// [`parse_tera`], reading the templates back from their parse in `kept` when it was made from
/// the same texts, and keeping a new parse for the next build.
fn parse_tera_keeping(sources: &[&(String, String)], kept: &KeptParses) -> Result<Tera> {
    let mut inputs = Digester::default();
    for (name, text) in sources {
        inputs.bytes(name.as_bytes()).bytes(text.as_bytes());
    }
    let inputs = inputs.finish();
    let read_back = (kept.read_parse(KEPT_TEMPLATES, inputs))
        .and_then(|(bytes, at)| kept_templates::decode(&bytes[at..]));
    if let Some(templates) = read_back {
        return join_templates(templates);
    }
    let templates = parse_each(sources)?;
    if let Some(parse) = kept_templates::faithful_encoding(&templates) {
        kept.keep_parse(KEPT_TEMPLATES, inputs, parse);
    }
    join_templates(templates)
}

/// Each template parsed on its own, on every core; the first that fails is reported in the
/// words `Tera::add_raw_templates` would use.
fn parse_each(sources: &[&(String, String)]) -> Result<Vec<tera::Template>> {
    let parsed = in_parallel(sources.len(), |index| {
        let (name, text) = sources[index];
        if is_plain_text(text) {
            return Ok(plain_template(name, text));
        }
        tera::Template::new(name, None, text)
            .map_err(|error| tera::Error::chain(format!("Failed to parse '{name}'"), error))
    });
    (parsed.into_iter())
        .collect::<tera::Result<_>>()
        .map_err(|error| anyhow!(describe_tera_error(&error)))
}

/// The templates as one set, each extending and importing the others, as
/// `Tera::add_raw_templates` joins them.
fn join_templates(templates: Vec<tera::Template>) -> Result<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".atom"]);
    for template in templates {
        tera.templates.insert(template.name.clone(), template);
    }
    (tera.build_inheritance_chains())
        .and_then(|()| tera.check_macro_files())
        .map_err(|error| anyhow!(describe_tera_error(&error)))?;
    Ok(tera)
}

/// Whether a template's text holds no tag, expression or comment: it renders as it is.
fn is_plain_text(text: &str) -> bool {
    !text.is_empty() && !["{{", "{%", "{#"].iter().any(|tag| text.contains(tag))
}

/// A template of plain text, as tera's parser makes it (one text node; the unit test holds
/// them to that) without parsing it: the house style sheet has no tags, and tera's parser took
/// a fifth of the templates' parsing to find so.
fn plain_template(name: &str, text: &str) -> tera::Template {
    tera::Template {
        name: name.to_string(),
        path: None,
        ast: vec![tera::ast::Node::Text(text.to_string())],
        from_extend: false,
        macros: HashMap::new(),
        imported_macro_files: Vec::new(),
        parent: None,
        blocks: HashMap::new(),
        parents: Vec::new(),
        blocks_definitions: HashMap::new(),
    }
}

/// `<council>/<file>` when the council has its own, else `base/<file>`.
fn own_or_base(council: &str, file: &str, sources: &HashMap<&str, &str>) -> String {
    let own = format!("{council}/{file}");
    if sources.contains_key(own.as_str()) {
        own
    } else {
        format!("base/{file}")
    }
}

/// The template files in `root/folder` and its subfolders, each with its tera name (the path
/// below `root`, with `/`).
fn collect_templates(root: &Path, folder: &Path, files: &mut Vec<(PathBuf, String)>) -> Result<()> {
    let dir = root.join(folder);
    for entry in std::fs::read_dir(&dir).with_context(|| dir.display().to_string())? {
        let entry = entry.with_context(|| dir.display().to_string())?;
        let relative = folder.join(entry.file_name());
        let path = entry.path();
        if path.is_dir() {
            collect_templates(root, &relative, files)?;
            continue;
        }
        let is_template = (path.extension().and_then(|kind| kind.to_str()))
            .is_some_and(|kind| TEMPLATE_KINDS.contains(&kind));
        if is_template {
            let name = (relative.iter())
                .map(|part| part.to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            files.push((path, name));
        }
    }
    Ok(())
}

/// The templates of the whole site's pages (the index of meetings, the calendar, the feed):
/// the shared `base/` set, since one site may carry papers in several house styles.
pub struct SiteStyle {
    tera: Tera,
    root: PathBuf,
}

/// How dates are written in `lang` (`cy`, `en-GB`), with the footer's and PDF properties'
/// wording: the locale file of the language, else of its primary subtag (`en-GB` -> `en`), in
/// `base/locales/` of the templates folder `root`.
pub fn date_words(root: &Path, lang: &str) -> Result<DateWords> {
    let primary = lang.split('-').next().unwrap_or(lang);
    let folder = root.join("base/locales");
    let file = [lang, primary]
        .iter()
        .map(|name| folder.join(format!("{name}.yaml")))
        .find(|file| file.is_file())
        .with_context(|| {
            format!(
                "no date words for the language {lang:?}: add {} (month and weekday names)",
                folder.join(format!("{primary}.yaml")).display()
            )
        })?;
    let (_, words) = read_yaml::<DateWords>(&file).map_err(|d| anyhow!(Diagnostics(vec![d])))?;
    words
        .check()
        .map_err(|problem| anyhow!("{}: {problem}", file.display()))?;
    Ok(words)
}

impl SiteStyle {
    /// How dates are written in `lang`: see [`date_words`].
    pub fn date_words(&self, lang: &str) -> Result<DateWords> {
        date_words(&self.root, lang)
    }

    pub fn load(root: &Path) -> Result<SiteStyle> {
        Ok(SiteStyle {
            tera: {
                let (sources, _) = read_templates(root, &["base"])?;
                parse_tera(sources.iter())
                    .with_context(|| format!("cannot load the templates in {}", root.display()))?
            },
            root: root.to_path_buf(),
        })
    }

    /// Renders `base/<file>` with `context`.
    pub fn render(&self, file: &str, context: &tera::Context) -> Result<String> {
        let name = format!("base/{file}");
        self.tera
            .render(&name, context)
            .map_err(|error| anyhow!(describe_tera_error(&error)))
            .with_context(|| format!("template {} failed", self.root.join(&name).display()))
    }
}

impl HouseStyle {
    /// The record of decisions (`decisions.html`) or the draft minutes (`minutes.html`).
    pub fn record_page(
        &self,
        file: &str,
        meeting: &MeetingView,
        record: &RecordView,
        audience: Audience,
        target: Target,
    ) -> Result<String> {
        let mut context = base_context(meeting, &self.settings.config, audience, target);
        context.insert("record", record);
        self.render(file, &context)
    }

    /// The council's forward plan of key decisions.
    pub fn forward_plan_page(&self, plan: &ForwardPlanView, target: Target) -> Result<String> {
        let mut context = tera::Context::new();
        context.insert("plan", plan);
        context.insert("council", &self.settings.config);
        context.insert("audience", &Audience::Public);
        context.insert("target", &target);
        self.render("forward-plan.html", &context)
    }
}

fn base_context(
    meeting: &impl Serialize,
    config: &CouncilConfig,
    audience: Audience,
    target: Target,
) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert("meeting", meeting);
    context.insert("council", config);
    context.insert("audience", &audience);
    context.insert("target", &target);
    context
}

fn known_councils(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().join("council.yaml").is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Tera hides the useful part of an error in its source chain.
fn describe_tera_error(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of node and expression tera's parser makes, for the kept parse's codec.
    const EVERY_KIND: &str = r#"{% extends "base/page.html" %}{% import "base/macros.html" as m %}
{% block body %}{{ super() }}{% set_global n = 1 + 2 - 3 * 4 / 5 % 6 %}{% set f = -1.5 %}
{% if a > 1 and b >= 2 or c < 3 and d <= 4 and e == 5 and g != 6 and not h %}x
{%- elif i is defined and j is not containing("k") %}{{ "s" ~ t ~ 'u' }}
{% else %}{{ l in [1, "two", true, r] }}{{ m::call(q=1) }}{{ w not in x }}{{ z | default(value=y) }}{% endif %}
{% for key, value in map | items %}{% if loop.last %}{% break %}{% endif %}{% continue %}
{% else %}none{% endfor %}{% for v in list %}{{ v | safe }}{% endfor %}
{% filter upper %}shout{% endfilter %}{% raw %}{{ kept }}{% endraw %}{# note #}
{{ now(utc=false) }}{% include ["a.html", "b.html"] ignore missing %}{% endblock body %}
{% macro call(q, r=2) %}{{ q }}{% endmacro call %}"#;

    #[test]
    fn every_template_reads_back_from_its_kept_parse_as_parsed() {
        let root = default_root();
        let mut sources = Vec::new();
        for council in ["base", "lancaster", "gloucester", "west-lancashire"] {
            sources.extend(read_templates(&root, &[council]).unwrap().0);
        }
        sources.push(("every-kind.html".to_string(), EVERY_KIND.to_string()));
        let sources: Vec<&(String, String)> = sources.iter().collect();
        let templates = parse_each(&sources).unwrap();
        let kept = kept_templates::faithful_encoding(&templates);
        let kept = kept.expect("every template reads back from its kept parse");
        assert_eq!(
            kept_templates::decode(&kept).unwrap().len(),
            templates.len()
        );
        // A kept parse cut short anywhere reads as nothing (and never panics).
        for end in (0..kept.len()).step_by(397) {
            assert!(kept_templates::decode(&kept[..end]).is_none(), "{end}");
        }
    }

    #[test]
    fn a_kept_parse_of_the_templates_is_read_back_only_for_the_same_texts() {
        let folder = tempfile::tempdir().unwrap();
        let source = |text: &str| ("t.html".to_string(), text.to_string());
        let render = |tera: &Tera| {
            let mut context = tera::Context::new();
            context.insert("who", "Cabinet");
            tera.render("t.html", &context).unwrap()
        };
        let mut made = Vec::new();
        for text in ["Hello {{ who }}", "Hello {{ who }}", "Dear {{ who }}"] {
            let kept = KeptParses::in_folder(folder.path().to_path_buf());
            let tera = parse_tera_keeping(&[&source(text)], &kept).unwrap();
            kept.keep_new();
            made.push((render(&tera), kept.taken()));
        }
        let expected = [
            ("Hello Cabinet", 0),
            ("Hello Cabinet", 1),
            ("Dear Cabinet", 0),
        ];
        let expected = expected.map(|(text, taken)| (text.to_string(), taken));
        assert_eq!(made, expected);
    }

    #[test]
    fn a_template_without_tags_is_made_as_teras_parser_makes_it() {
        let sheet = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/report-templates/base/style.css"
        );
        let sheet = std::fs::read_to_string(sheet).unwrap();
        let samples = ["body { color: #0b0c0c }\n", "a { }  \n\n  b {\n}", " x "];
        // The house style sheet too, while it has no tags (it is what this is for).
        let sheet = is_plain_text(&sheet).then_some(sheet.as_str());
        for text in samples.into_iter().chain(sheet) {
            assert!(is_plain_text(text), "{text:?}");
            let parsed = tera::Template::new("t.css", None, text).unwrap();
            let made = plain_template("t.css", text);
            assert_eq!(made.ast, parsed.ast, "{text:?}");
            assert_eq!(made.parent, parsed.parent);
            assert!(parsed.macros.is_empty() && parsed.blocks.is_empty());
            assert!(parsed.imported_macro_files.is_empty());
        }
        for text in [
            "{{ x }}",
            "a {% if b %}c{% endif %}",
            "{# note #}",
            "{%- raw -%}",
            "",
        ] {
            assert!(!is_plain_text(text), "{text:?}");
        }
    }
}
