//! `decisions.yaml`, beside a meeting's `meeting.yaml`: what the clerk records after the
//! meeting. Who attended, the declarations of interest, and for each agenda item what was
//! decided (with the reasons and the alternatives considered, as the 2012 Regulations ask of a
//! decision record) and the text of its minute. Recommendations are referred to by number, never
//! retyped. Parsing is strict like every other file.

use crate::input::model::ItemNumber;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The decisions and minutes of one meeting.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decisions {
    /// The day the record of decisions was published: the call-in period starts after it.
    #[serde(deserialize_with = "crate::input::model::date::one")]
    pub published: NaiveDate,
    /// Whether this body's decisions are subject to call-in (executive decisions are); false for
    /// the full council or a regulatory committee.
    #[serde(default = "yes")]
    pub call_in: bool,
    /// The number of this meeting's first minute, when minutes are numbered through the
    /// municipal year; otherwise the council's `first_minute_number`.
    #[serde(default)]
    pub first_minute: Option<u32>,
    /// A call-in deadline announced instead of the computed one (it must fall after `published`).
    #[serde(default, deserialize_with = "crate::input::model::date::optional")]
    pub call_in_deadline: Option<NaiveDate>,
    pub attendance: Attendance,
    #[serde(default)]
    pub declarations: Vec<Declaration>,
    /// One entry per agenda item, in agenda order: its minute and, where something was decided,
    /// the decision.
    pub items: Vec<ItemDecision>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    /// Members present ("Councillor Eileen Blamire"), with their role where the minutes give it.
    pub present: Vec<Attendee>,
    /// Members who sent apologies.
    #[serde(default)]
    pub apologies: Vec<String>,
    #[serde(default)]
    pub substitutes: Vec<Substitute>,
    /// Other councillors in attendance (not members of the body).
    #[serde(default)]
    pub also_present: Vec<Attendee>,
    /// Officers in attendance, with their job titles.
    #[serde(default)]
    pub officers: Vec<Attendee>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attendee {
    pub name: String,
    /// "Chair", a portfolio, or an officer's job title.
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Substitute {
    pub name: String,
    /// The member substituted for.
    #[serde(rename = "for")]
    pub substitute_for: String,
}

/// A declaration of interest made at the meeting.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    pub member: String,
    /// The agenda item it concerns.
    pub item: ItemNumber,
    pub kind: InterestKind,
    /// The nature of the interest ("a member of the board of the Trust").
    pub interest: String,
    /// A dispensation granted (by whom and when), allowing the member to take part.
    #[serde(default)]
    pub dispensation: Option<String>,
    /// Whether the member left the room for the item.
    #[serde(default)]
    pub withdrew: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum InterestKind {
    DisclosablePecuniary,
    OtherRegistrable,
    NonRegistrable,
    Personal,
    Prejudicial,
}

/// What happened at one agenda item.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemDecision {
    /// The agenda item's number.
    pub item: ItemNumber,
    /// What was decided; absent for an item with a minute but no decision.
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// With `as-recommended`: the numbers of the report's recommendations agreed (1 is the
    /// first); all of them when absent.
    #[serde(default)]
    pub recommendations: Option<Vec<u32>>,
    /// The resolution's text: required with `amended` and `resolved`.
    #[serde(default)]
    pub resolution: Option<String>,
    /// The minute's narrative (Markdown): what was considered, who spoke.
    #[serde(default)]
    pub minute: Option<String>,
    /// Reasons for the decision.
    #[serde(default)]
    pub reasons: Option<String>,
    /// Alternative options considered and rejected.
    #[serde(default)]
    pub alternatives: Option<String>,
    /// Why the decision is urgent and exempt from call-in (with the scrutiny chair's agreement).
    #[serde(default)]
    pub urgent: Option<String>,
    /// For an exempt item: what the public record says of the decision (the full text is only
    /// in the private papers). Required when an exempt item has an outcome.
    #[serde(default)]
    pub public_summary: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The report's recommendations were agreed as written.
    AsRecommended,
    /// Agreed with amendments: the resolution's text is given.
    Amended,
    /// A resolution on an item without recommendations (the minutes of the last meeting...).
    Resolved,
    Deferred,
    Withdrawn,
    /// The report was noted; nothing was decided.
    Noted,
}

impl Outcome {
    /// Whether the outcome is a decision that can be called in.
    pub fn decides(self) -> bool {
        matches!(
            self,
            Outcome::AsRecommended | Outcome::Amended | Outcome::Resolved
        )
    }

    /// Whether the clerk must write the resolution's text.
    pub fn needs_resolution(self) -> bool {
        matches!(self, Outcome::Amended | Outcome::Resolved)
    }

    pub fn key(self) -> &'static str {
        match self {
            Outcome::AsRecommended => "as-recommended",
            Outcome::Amended => "amended",
            Outcome::Resolved => "resolved",
            Outcome::Deferred => "deferred",
            Outcome::Withdrawn => "withdrawn",
            Outcome::Noted => "noted",
        }
    }
}
