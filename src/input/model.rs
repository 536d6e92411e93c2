//! The typed model of a meeting, its reports and their action plans, as clerks and officers write
//! them in YAML. Parsing is strict (unknown fields are errors) and values that have a fixed range
//! are checked while parsing, so a mistake is reported at its line and column.
//!
//! Text fields hold Markdown; `markup` turns them into HTML.

use chrono::{NaiveDate, NaiveTime};
use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// `meeting.yaml`: one meeting and its agenda.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// The template set in `report-templates/` (for example `lancaster`).
    pub council: String,
    /// Name of the committee: "Cabinet", "Overview & Scrutiny", "Council"...
    pub committee: String,
    #[serde(deserialize_with = "date::one")]
    pub date: NaiveDate,
    #[serde(with = "hhmm")]
    #[schemars(with = "String", regex(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub time: NaiveTime,
    pub venue: String,
    pub jurisdiction: Jurisdiction,
    /// The day the agenda and reports are published (open to inspection).
    #[serde(deserialize_with = "date::one")]
    pub published: NaiveDate,
    /// The day notice was given of the intention to hold part of the meeting in private
    /// (needed, 28 clear days ahead, when any item is exempt).
    #[serde(default, deserialize_with = "date::optional")]
    pub private_notice: Option<NaiveDate>,
    #[serde(default = "default_lang")]
    pub lang: String,
    #[serde(default)]
    pub membership: Vec<Member>,
    pub clerk: Contact,
    /// Lines printed under the agenda heading ("The press and public are welcome...").
    #[serde(default)]
    pub notes: Vec<String>,
    /// The supplementary packs of late items, numbered on (1, 2...), each with its own
    /// publication date and the chair's reason for urgency; an item names its pack with
    /// `supplement: N`. Without this list, `supplement: true` items go in supplement 1, published
    /// with the agenda's date.
    #[serde(default)]
    pub supplements: Vec<Supplement>,
    pub items: Vec<AgendaItem>,
}

/// A supplementary agenda: late items published after the agenda.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Supplement {
    /// 1 for the first supplement, 2 for the next...
    pub number: u32,
    /// The day this supplement is published (open to inspection).
    #[serde(deserialize_with = "date::one")]
    pub published: NaiveDate,
    /// The chair's reason for taking its items as urgent (s100B(4)(b) LGA 1972), needed when it
    /// is published too late for the clear days before the meeting.
    #[serde(default)]
    pub urgent: Option<String>,
}

impl Meeting {
    /// The numbers of the supplementary packs holding items, in order.
    pub fn supplement_numbers(&self) -> Vec<u32> {
        let mut numbers: Vec<u32> = self.items.iter().filter_map(|i| i.supplement).collect();
        numbers.sort_unstable();
        numbers.dedup();
        numbers
    }

    /// Supplement `number` as declared in `supplements:`.
    pub fn supplement(&self, number: u32) -> Option<&Supplement> {
        self.supplements.iter().find(|s| s.number == number)
    }
}

fn default_lang() -> String {
    "en-GB".to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Jurisdiction {
    England,
    Wales,
    Scotland,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name: String,
    /// "Chair", "Vice-Chair", a portfolio...
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    /// Job title, printed after the name.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub telephone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
}

/// One numbered item on the agenda: a plain item or a report.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// As the council writes it: `5`, `115a`, `7.1`.
    pub number: ItemNumber,
    /// Title of a plain item; a report item takes its title from the report when this is empty.
    #[serde(default)]
    pub title: Option<String>,
    /// Text printed under a plain item ("To receive declarations of interest...").
    #[serde(default)]
    pub text: Option<String>,
    /// Path of the report file, relative to `meeting.yaml`.
    #[serde(default)]
    pub report: Option<String>,
    /// Schedule 12A paragraph (1-7) when the item is exempt; absent when it is public.
    #[serde(default)]
    pub exempt: Option<ExemptParagraph>,
    /// A late item published in a supplementary pack, listed in the agenda as "to follow": the
    /// pack's number (`supplement: 2`), or `true` for supplement 1.
    // Left out when none, as YAML leaves it out (`supplement: null` is no number).
    #[serde(
        default,
        deserialize_with = "supplement_number",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(schema_with = "supplement_number_schema")]
    pub supplement: Option<u32>,
    /// Published late with the chair's agreement (s100B(4)(b)): the reason is required.
    #[serde(default)]
    pub urgent: Option<String>,
}

/// An agenda item's number as the council writes it: `5`, `115a`, `7.1` (letters, digits and
/// dots). Items compare in natural order: 7 < 7.1 < 7.2 < 8 and 115 < 115a < 116.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ItemNumber(String);

impl ItemNumber {
    /// A number, checked: what is wrong with it otherwise.
    pub fn new(text: &str) -> Result<Self, String> {
        let plain = !text.is_empty()
            && text.len() <= 12
            && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
            && text.starts_with(|c: char| c.is_ascii_digit())
            && !text.ends_with('.');
        if plain {
            Ok(ItemNumber(text.to_string()))
        } else {
            Err(format!(
                "item number {text:?} is not an agenda number: write it as the agenda does, \
                 starting with a digit, with letters, digits and dots (5, 115a, 7.1)"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number in file names: zero-padded when it is a whole number (`05`), otherwise as
    /// written with dots as hyphens (`115a`, `7-1`).
    pub fn file_part(&self) -> String {
        match self.0.parse::<u32>() {
            Ok(whole) => format!("{whole:02}"),
            Err(_) => self.0.to_ascii_lowercase().replace('.', "-"),
        }
    }

    /// Digit runs compare as numbers, letters as text, a dot as a separator.
    fn parts(&self) -> Vec<(u64, String)> {
        let mut parts = Vec::new();
        for piece in self.0.split('.') {
            let digits: String = piece.chars().take_while(char::is_ascii_digit).collect();
            let rest = piece[digits.len()..].to_ascii_lowercase();
            parts.push((digits.parse().unwrap_or(0), rest));
        }
        parts
    }
}

impl Ord for ItemNumber {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.parts()
            .cmp(&other.parts())
            .then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for ItemNumber {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for ItemNumber {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for ItemNumber {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl<'de> Deserialize<'de> for ItemNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = ItemNumber;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an agenda item number such as 5, 115a or 7.1")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ItemNumber, E> {
                ItemNumber::new(&v.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ItemNumber, E> {
                ItemNumber::new(&v.to_string()).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ItemNumber, E> {
                // `7.1` unquoted is a YAML number; `7.10` would read as 7.1, so quote those.
                ItemNumber::new(&v.to_string()).map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ItemNumber, E> {
                ItemNumber::new(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

impl JsonSchema for ItemNumber {
    fn schema_name() -> Cow<'static, str> {
        "ItemNumber".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An agenda item's number as the council writes it: 5, 115a, 7.1",
            "anyOf": [
                { "type": "integer", "minimum": 0 },
                { "type": "number" },
                { "type": "string", "pattern": "^[0-9][0-9A-Za-z.]*$" }
            ]
        })
    }
}

/// `supplement: true` (supplement 1), `false` (none) or the supplement's number.
fn supplement_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    struct NumberVisitor;
    impl Visitor<'_> for NumberVisitor {
        type Value = Option<u32>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("true, or the number of the supplement (1, 2...)")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<u32>, E> {
            Ok(v.then_some(1))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<u32>, E> {
            match u32::try_from(v) {
                Ok(n) if n >= 1 => Ok(Some(n)),
                _ => Err(E::custom(format!(
                    "supplement {v} does not exist: supplements are numbered from 1"
                ))),
            }
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<u32>, E> {
            u64::try_from(v)
                .map_err(|_| {
                    E::custom(format!(
                        "supplement {v} does not exist: supplements are numbered from 1"
                    ))
                })
                .and_then(|v| self.visit_u64(v))
        }
    }
    deserializer.deserialize_any(NumberVisitor)
}

fn supplement_number_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "description": "true (supplement 1) or the number of the supplementary pack",
        "anyOf": [{ "type": "boolean" }, { "type": "integer", "minimum": 1 }]
    })
}

/// A paragraph of Part 1 of Schedule 12A to the Local Government Act 1972.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct ExemptParagraph(pub u8);

impl JsonSchema for ExemptParagraph {
    fn schema_name() -> Cow<'static, str> {
        "ExemptParagraph".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "minimum": 1,
            "maximum": 7,
            "description": "Paragraph of Part 1 of Schedule 12A to the Local Government Act 1972"
        })
    }
}

impl TryFrom<u8> for ExemptParagraph {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        if (1..=7).contains(&value) {
            Ok(ExemptParagraph(value))
        } else {
            Err(format!(
                "exempt paragraph {value} does not exist: Part 1 of Schedule 12A has paragraphs 1 to 7"
            ))
        }
    }
}

impl From<ExemptParagraph> for u8 {
    fn from(p: ExemptParagraph) -> u8 {
        p.0
    }
}

/// A report file.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub title: String,
    /// The committees the report goes to, in order ("Executive Overview and Scrutiny", "Cabinet").
    pub committees: Vec<String>,
    #[serde(deserialize_with = "date::one")]
    pub date: NaiveDate,
    pub report_of: String,
    #[serde(default)]
    pub portfolio_holder: Option<String>,
    #[serde(default)]
    pub wards: Option<String>,
    pub decision: Decision,
    #[serde(default)]
    pub referral_from_cabinet_member: bool,
    /// Date the forthcoming key decision was first published in the notice.
    #[serde(default, deserialize_with = "date::optional")]
    pub key_decision_notice: Option<NaiveDate>,
    /// Grounds for taking a key decision with less than 28 days' notice, written as a one-key
    /// map: `general-exception: {notice: 2015-11-25}` or `special-urgency: {agreed_by: ...}`.
    #[serde(default, with = "serde_yaml::with::singleton_map")]
    #[schemars(with = "Option<KeyDecisionException>")]
    pub key_decision_exception: Option<KeyDecisionException>,
    /// The key decision's reference in the forward plan (notice of key decisions).
    #[serde(default)]
    pub key_decision_ref: Option<String>,
    /// Who is consulted on the key decision and how, as the forward plan states it.
    #[serde(default)]
    pub consultation: Option<String>,
    /// Whether the decision is part of the budget or policy framework (Gloucester's header).
    #[serde(default)]
    pub budget_policy_framework: Option<bool>,
    /// Schedule 12A paragraph when the report is exempt; absent when it is public.
    #[serde(default)]
    pub exempt: Option<ExemptParagraph>,
    pub purpose: String,
    pub recommendations: Vec<Recommendations>,
    #[serde(default)]
    pub sections: Vec<BodySection>,
    #[serde(default)]
    pub implications: Vec<Implication>,
    #[serde(default)]
    pub section151_comments: Option<String>,
    #[serde(default)]
    pub monitoring_officer_comments: Option<String>,
    pub background_papers: Vec<String>,
    #[serde(default)]
    pub appendices: Vec<Appendix>,
    pub contact: Contact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Key,
    NonKey,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub enum KeyDecisionException {
    /// Reg 10: the scrutiny chair informed and five clear days' notice given.
    GeneralException {
        #[serde(deserialize_with = "date::one")]
        notice: NaiveDate,
    },
    /// Reg 11: the scrutiny chair agreed the decision is urgent; reg 11(3) then needs a notice
    /// setting out the reasons it cannot reasonably be deferred.
    SpecialUrgency {
        agreed_by: String,
        /// The reasons the decision is urgent, as the reg 11(3) notice gives them.
        #[serde(default)]
        reasons: Option<String>,
        /// When that notice was published.
        #[serde(default, deserialize_with = "date::optional")]
        notice: Option<NaiveDate>,
    },
}

/// Recommendations to one body ("RECOMMENDATIONS TO CABINET").
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recommendations {
    /// The body the recommendations go to, when the report goes to more than one.
    #[serde(default)]
    pub to: Option<String>,
    /// Who makes them ("Councillor Blamire"), where the house style says so.
    #[serde(default)]
    pub of: Option<String>,
    pub items: Vec<String>,
    /// Language of these recommendations when it is not the meeting's (`cy`).
    #[serde(default)]
    pub lang: Option<String>,
}

/// A numbered section of the report body ("1.0 Introduction").
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BodySection {
    pub title: String,
    pub content: Vec<Content>,
    /// `false` for a section printed without a number (its paragraphs unnumbered too); the
    /// numbered sections after it continue the count.
    #[serde(default = "numbered")]
    pub numbered: bool,
    /// Language of the section when it is not the meeting's (`cy`).
    #[serde(default)]
    pub lang: Option<String>,
}

/// A piece of a section: a plain string is a numbered paragraph (Markdown); the other kinds are
/// written as a one-key map (`heading: ...`, `note: ...`, `lettered: [...]`, `options: [...]`).
// Written as it is read (a string, or a one-key map), so a kept parse reads back the same.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Content {
    Paragraph(String),
    Block(ContentBlock),
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum ContentBlock {
    /// A sub-heading inside a section.
    Heading(String),
    /// An unnumbered paragraph.
    Note(String),
    /// A list lettered a), b), c)...
    Lettered(Vec<String>),
    /// A bullet list that is not part of a numbered paragraph.
    Bullets(Vec<String>),
    /// Options analysis: one row per option.
    Options(Vec<OptionAnalysis>),
    /// A table with headings.
    Table(SimpleTable),
}

impl JsonSchema for Content {
    fn schema_name() -> Cow<'static, str> {
        "Content".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let block = generator.subschema_for::<ContentBlock>();
        schemars::json_schema!({
            "description": "A numbered paragraph (Markdown text) or one of heading, note, lettered, bullets, options, table",
            "anyOf": [{ "type": "string" }, block]
        })
    }
}

impl<'de> Deserialize<'de> for Content {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ContentVisitor;
        impl<'de> Visitor<'de> for ContentVisitor {
            type Value = Content;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a paragraph (text) or one of heading, note, lettered, bullets, options, table",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Content, E> {
                Ok(Content::Paragraph(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Content, A::Error> {
                ContentBlock::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Content::Block)
            }
        }
        deserializer.deserialize_any(ContentVisitor)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionAnalysis {
    pub option: String,
    #[serde(default)]
    pub advantages: Option<String>,
    #[serde(default)]
    pub disadvantages: Option<String>,
    #[serde(default)]
    pub risks: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SimpleTable {
    #[serde(default)]
    pub caption: Option<String>,
    pub headings: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One implications block; the template decides its heading from `kind` unless `heading` is set.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Implication {
    pub kind: ImplicationKind,
    #[serde(default)]
    pub heading: Option<String>,
    /// A qualifying line under the heading ("(including Health & Safety, ...)").
    #[serde(default)]
    pub qualifier: Option<String>,
    pub content: Vec<Content>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImplicationKind {
    PolicyFramework,
    ImpactAssessment,
    Legal,
    Financial,
    OtherResource,
    Risk,
    Sustainability,
    HealthWellbeing,
    Equality,
    /// Anything a council adds ("Other Corporate Implications"); give it a `heading`.
    Other,
}

/// An appendix named in the report.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Appendix {
    /// "A", "B", "1"...
    pub label: String,
    pub title: String,
    /// An action-plan file (YAML), relative to the report.
    #[serde(default)]
    pub action_plan: Option<String>,
    /// An existing PDF merged unchanged, relative to the report.
    #[serde(default)]
    pub pdf: Option<String>,
    /// The appendix's text, written like a report section's `content` (paragraphs, headings,
    /// lists, tables): a briefing note or a list of consultees without making a PDF.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<Content>,
    /// A remark printed after the title ("Cabinet only", "circulated separately").
    #[serde(default)]
    pub note: Option<String>,
    /// Schedule 12A paragraph (1-7) when this appendix alone is exempt (a valuation in a public
    /// report): the public papers carry the statutory notice in its place, the private ones the
    /// appendix.
    #[serde(default)]
    pub exempt: Option<ExemptParagraph>,
    /// Language of the appendix when it is not the meeting's (`cy`).
    #[serde(default)]
    pub lang: Option<String>,
    /// Which of an action plan's update rounds are shown, each as a column: `latest` (the
    /// default: the last round on or before the meeting), `all` (every round up to the
    /// meeting) or a list of round headings (`[Update May 2025, Update November 2025]`).
    #[serde(default, skip_serializing_if = "RoundChoice::is_latest")]
    pub rounds: RoundChoice,
    /// Show a summary of the plan's statuses for each update round shown: a bar chart and the
    /// same figures as a table.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub progress: bool,
}

/// Which update rounds an action-plan appendix shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum RoundChoice {
    #[default]
    Latest,
    All,
    /// The rounds with these headings, in this order.
    Named(Vec<String>),
}

impl RoundChoice {
    fn is_latest(&self) -> bool {
        *self == RoundChoice::Latest
    }
}

impl Serialize for RoundChoice {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RoundChoice::Latest => s.serialize_str("latest"),
            RoundChoice::All => s.serialize_str("all"),
            RoundChoice::Named(names) => names.serialize(s),
        }
    }
}

impl JsonSchema for RoundChoice {
    fn schema_name() -> Cow<'static, str> {
        "RoundChoice".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "`latest`, `all`, or a list of update-round headings",
            "anyOf": [
                { "type": "string", "enum": ["latest", "all"] },
                { "type": "array", "items": { "type": "string" } }
            ]
        })
    }
}

impl<'de> Deserialize<'de> for RoundChoice {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RoundsVisitor;
        impl<'de> Visitor<'de> for RoundsVisitor {
            type Value = RoundChoice;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`latest`, `all`, or a list of update-round headings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RoundChoice, E> {
                match v.trim() {
                    "latest" => Ok(RoundChoice::Latest),
                    "all" => Ok(RoundChoice::All),
                    other => Err(E::custom(format!(
                        "rounds: {other:?} is not a choice of update rounds; write `latest`, `all`, or a list of round headings such as [Update Feb 2017]"
                    ))),
                }
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<RoundChoice, A::Error> {
                Vec::<String>::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(RoundChoice::Named)
            }
        }
        deserializer.deserialize_any(RoundsVisitor)
    }
}

/// An action plan: rows of actions under section headings, with dated progress updates.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionPlan {
    pub title: String,
    /// The columns of the plan as agreed, in order. Headings are data.
    pub columns: Vec<Column>,
    /// Rounds of progress updates; each becomes a column in reports dated on or after it.
    #[serde(default)]
    pub update_rounds: Vec<UpdateRound>,
    pub rows: Vec<PlanRow>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// The key rows use for this column (`what`, `how`...).
    pub key: String,
    pub heading: String,
    /// Relative width (default 1).
    #[serde(default = "default_width")]
    pub width: f32,
}

fn default_width() -> f32 {
    1.0
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateRound {
    #[serde(deserialize_with = "date::one")]
    pub date: NaiveDate,
    /// Column heading ("Update Feb 2017").
    pub heading: String,
}

/// A row: either a section row (`section: CONTEXT + PRIORITIES`) or an action with cells.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanRow {
    #[serde(default)]
    pub section: Option<String>,
    /// Cell text by column key (Markdown; blank lines separate paragraphs).
    #[serde(default)]
    pub cells: BTreeMap<String, String>,
    /// The row's status as written (`green`, `G`, `Complete`), one of the house style's scale.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub updates: Vec<RowUpdate>,
    /// Where a spreadsheet row's status is ("row 5, column F"), to name it in a message.
    #[serde(skip)]
    pub status_cell: Option<String>,
}

/// One status of a council's RAG scale (`red`, `amber`, `green`, `complete`...), as the house
/// style sets it: `report-templates/base/statuses.yaml`, or `statuses:` in `council.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StatusLevel {
    /// The name rows use (`green`); also the CSS class `rag-<key>`.
    pub key: String,
    /// The words printed in the status cell ("Green", "On track"): never colour alone.
    pub label: String,
    /// The cell's background, light enough for black text (`#d4ecd8`); none when absent.
    #[serde(default)]
    pub colour: Option<String>,
    /// Other spellings accepted in plans and spreadsheets (`G`, `blue`).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A status scale, in order (the order of a summary of progress).
#[derive(Debug, Clone, PartialEq)]
pub struct StatusScale(pub Vec<StatusLevel>);

impl StatusScale {
    /// The status `text` names: its key, label or an alias, in any case, with spaces, hyphens
    /// and underscores alike ("Not started", `not_started`, `not-started`).
    pub fn find(&self, text: &str) -> Option<&StatusLevel> {
        let wanted = spelling(text);
        self.0.iter().find(|level| {
            std::iter::once(&level.key)
                .chain(std::iter::once(&level.label))
                .chain(&level.aliases)
                .any(|name| spelling(name) == wanted)
        })
    }

    /// The spellings accepted, for a hint: `red (R), amber (A)...`.
    pub fn spellings(&self) -> String {
        self.0
            .iter()
            .map(|level| {
                let mut others: Vec<&str> = Vec::new();
                if spelling(&level.label) != spelling(&level.key) {
                    others.push(&level.label);
                }
                others.extend(level.aliases.iter().map(String::as_str));
                if others.is_empty() {
                    level.key.clone()
                } else {
                    format!("{} ({})", level.key, others.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// What is wrong with the scale as written, if anything: each status needs a key and a
    /// label, a colour must be a hex colour, and no spelling may name two statuses.
    pub fn problem(&self) -> Option<String> {
        if self.0.is_empty() {
            return Some("statuses: the scale has no statuses".into());
        }
        let mut seen: Vec<(String, &str)> = Vec::new();
        for level in &self.0 {
            if level.key.trim().is_empty() || level.label.trim().is_empty() {
                return Some(format!(
                    "statuses: every status needs a key and a label (the printed words); {:?} has not",
                    level.key
                ));
            }
            if let Some(colour) = &level.colour {
                if !is_hex_colour(colour) {
                    return Some(format!(
                        "statuses: {}: colour {colour:?} is not a hex colour such as \"#d4ecd8\"",
                        level.key
                    ));
                }
            }
            let names = [&level.key, &level.label].into_iter().chain(&level.aliases);
            for name in names {
                let spelt = spelling(name);
                if let Some((_, other)) = seen.iter().find(|(s, k)| *s == spelt && *k != level.key)
                {
                    return Some(format!(
                        "statuses: {name:?} names both {other} and {}",
                        level.key
                    ));
                }
                seen.push((spelt, &level.key));
            }
        }
        None
    }
}

/// `#rrggbb`.
fn is_hex_colour(text: &str) -> bool {
    text.strip_prefix('#')
        .is_some_and(|hex| hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

/// A status name as compared: lower case, words separated by single spaces.
fn spelling(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RowUpdate {
    /// The update round this belongs to (must match one of the plan's `update_rounds`).
    #[serde(deserialize_with = "date::one")]
    pub date: NaiveDate,
    pub text: String,
    /// The row's status at this round, when it was recorded (the row's own `status` is its
    /// status now).
    #[serde(default)]
    pub status: Option<String>,
}

/// `council.yaml` in a template set: what a council configures besides its templates.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CouncilConfig {
    /// Full name ("Lancaster City Council").
    pub name: String,
    /// Days the council's offices are closed besides bank holidays (do not count as clear days).
    #[serde(default, deserialize_with = "date::list")]
    pub closure_days: Vec<NaiveDate>,
    /// How key-decision notice is counted: calendar days (the regulations) or working days.
    #[serde(default)]
    pub key_decision_days: DayCount,
    /// Report content this council requires (for example `section151_comments`).
    #[serde(default)]
    pub required: Vec<String>,
    /// Clear working days after the record of decisions is published during which a decision
    /// may be called in (5 is common).
    #[serde(default = "default_call_in_days")]
    pub call_in_days: u32,
    /// The time on the last day by which a call-in must be received, as printed ("5.00 pm").
    #[serde(default)]
    pub call_in_time: Option<String>,
    /// The number of the first minute when a meeting's decisions do not say (`first_minute`).
    #[serde(default = "default_first_minute")]
    pub first_minute_number: u32,
    /// Printed before each minute number ("CAB." gives "CAB.45").
    #[serde(default)]
    pub minute_prefix: String,
    /// The council's RAG status scale, in order, replacing `base/statuses.yaml`.
    #[serde(default)]
    pub statuses: Option<Vec<StatusLevel>>,
    /// How report sections and paragraphs are numbered (`sections: "1.0"`, `paragraphs: "1.1"`
    /// by default; `sections: "1"`, `paragraphs: "a)"` are the others).
    #[serde(default)]
    pub numbering: Numbering,
}

fn numbered() -> bool {
    true
}

/// How a council numbers report sections and their paragraphs; the templates print the numbers
/// in this style in both the web page and the PDF.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Numbering {
    #[serde(default)]
    pub sections: SectionNumbers,
    #[serde(default)]
    pub paragraphs: ParagraphNumbers,
}

/// Section numbers: `1.0` (2.0, 3.0...) or `1` (2, 3...).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum SectionNumbers {
    #[default]
    #[serde(rename = "1.0")]
    PointZero,
    #[serde(rename = "1")]
    Whole,
}

/// Paragraph numbers within a section: `1.1` (1.2, 1.3...) or `a)` (b), c)...).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum ParagraphNumbers {
    #[default]
    #[serde(rename = "1.1")]
    Decimal,
    #[serde(rename = "a)")]
    Lettered,
}

fn default_call_in_days() -> u32 {
    5
}

fn default_first_minute() -> u32 {
    1
}

impl Default for CouncilConfig {
    fn default() -> Self {
        CouncilConfig {
            name: String::new(),
            closure_days: Vec::new(),
            key_decision_days: DayCount::default(),
            required: Vec::new(),
            call_in_days: default_call_in_days(),
            call_in_time: None,
            first_minute_number: default_first_minute(),
            minute_prefix: String::new(),
            statuses: None,
            numbering: Numbering::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DayCount {
    #[default]
    Calendar,
    Working,
}

/// Meeting times as clerks write them: "18:00" or "6pm" is not accepted; "18:00" is.
mod hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let text = String::deserialize(d)?;
        NaiveTime::parse_from_str(&text, "%H:%M").map_err(|_| {
            serde::de::Error::custom(format!(
                "invalid time {text:?}: write the 24-hour time as HH:MM, for example \"18:00\""
            ))
        })
    }

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.format("%H:%M").to_string())
    }
}

/// Dates within the years a council paper can be about (1900 to 2200), checked while parsing so
/// that the rules' calendar arithmetic can never overflow and a typo is reported at its line.
pub(crate) mod date {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer};

    /// The earliest and latest years accepted in any date.
    pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

    fn in_range<E: serde::de::Error>(date: NaiveDate) -> Result<NaiveDate, E> {
        if YEARS.contains(&date.year()) {
            Ok(date)
        } else {
            Err(E::custom(format!(
                "the date {date} is out of range: dates must fall between the years {} and {}",
                YEARS.start(),
                YEARS.end()
            )))
        }
    }

    pub fn one<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        in_range(NaiveDate::deserialize(d)?)
    }

    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Option::<NaiveDate>::deserialize(d)?
            .map(in_range)
            .transpose()
    }

    pub fn list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
        Vec::<NaiveDate>::deserialize(d)?
            .into_iter()
            .map(in_range)
            .collect()
    }
}
