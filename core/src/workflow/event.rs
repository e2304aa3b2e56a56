//! Acts, phases and the events of the append-only log.

use super::actor::Actor;
use super::serde_time;
use crate::time::DateTime;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a dossier stands.
///
/// ```text
/// Draft ──submit──▶ Submitted ──appraisal opens──▶ UnderAppraisal ──lock (S6)──▶ Locked
///   └──────── deadline passes without submission (S5) ──▶┘
/// Locked ──explanation opens (S8)──▶ Explanation ──closes──▶ Reappraisal (rounds = 2) ──▶ Final
///                                                      └──────── (rounds = 1) ──────────▶ Final
/// Final ──announce (Chairman / secretariat, from the announcement date)──▶ Announced
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The unit self-scores and attaches evidence (S3).
    Draft,
    /// Submitted once; scores are frozen (S3). Waiting for the appraisal window.
    Submitted,
    /// The council appraises (S6, S7).
    UnderAppraisal,
    /// The software is locked for council members (S6: end of 26/11).
    Locked,
    /// The unit may explain specific items and add evidence (S8).
    Explanation,
    /// Second appraisal round of the explained items.
    Reappraisal,
    /// Results are final, awaiting announcement.
    Final,
    /// Results announced (S8: 18/12).
    Announced,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Phase::Draft => "draft",
            Phase::Submitted => "submitted",
            Phase::UnderAppraisal => "under_appraisal",
            Phase::Locked => "locked",
            Phase::Explanation => "explanation",
            Phase::Reappraisal => "reappraisal",
            Phase::Final => "final",
            Phase::Announced => "announced",
        };
        f.write_str(s)
    }
}

/// What caused an automatic transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// The self-assessment deadline passed without a submission: the dossier is appraised as it
    /// stands (S5, "hệ thống tự động chuyển sang chế độ thẩm định").
    SelfAssessmentDeadline,
    /// The appraisal window opened (S6).
    AppraisalStart,
    /// The software locked at the end of the results day (S6).
    Lock,
    /// The explanation window opened (S8).
    ExplanationStart,
    /// The explanation window closed (S8).
    ExplanationEnd,
    /// The second appraisal round closed.
    ReappraisalEnd,
}

crate::de::tagged_enum! {
    tag = "kind";
    /// An act on a dossier. Acts by people are validated before they are recorded; `Transition` is
    /// recorded by the workflow itself when time passes a calendar instant.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub enum Act {
        /// The unit scores a leaf and attaches evidence (S3); replaces the leaf's previous
        /// self-assessment. Draft only.
        SelfScore {
            code: String,
            #[serde(deserialize_with = "crate::decimal::exact")]
            points: Decimal,
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            evidence: Vec<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            note: Option<String>,
        },
        /// The unit withdraws its self-assessment of a leaf. Draft only.
        ClearSelfScore { code: String },
        /// The unit submits its self-assessment, once (S3).
        Submit,
        /// First-round appraisal of a leaf by the council member whose remit covers it (S7).
        Appraise {
            code: String,
            #[serde(deserialize_with = "crate::decimal::exact")]
            points: Decimal,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            note: Option<String>,
        },
        /// The unit explains a leaf's result and may add evidence (S8).
        Explain {
            code: String,
            text: String,
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            evidence: Vec<String>,
        },
        /// Second-round appraisal of an explained leaf (council `rounds: 2`).
        Reappraise {
            code: String,
            #[serde(deserialize_with = "crate::decimal::exact")]
            points: Decimal,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            note: Option<String>,
        },
        /// The results are announced (S8: by the Chairman, prepared by the secretariat).
        Announce,
        /// An automatic phase change (recorded by the workflow, actor `system`).
        Transition {
            from: Phase,
            to: Phase,
            trigger: Trigger,
        },
    }
}

impl Act {
    /// The act's name as it appears in JSON (`self_score`, `appraise`…).
    pub fn name(&self) -> &'static str {
        match self {
            Act::SelfScore { .. } => "self_score",
            Act::ClearSelfScore { .. } => "clear_self_score",
            Act::Submit => "submit",
            Act::Appraise { .. } => "appraise",
            Act::Explain { .. } => "explain",
            Act::Reappraise { .. } => "reappraise",
            Act::Announce => "announce",
            Act::Transition { .. } => "transition",
        }
    }

    /// The leaf the act is about, if any.
    pub fn code(&self) -> Option<&str> {
        match self {
            Act::SelfScore { code, .. }
            | Act::ClearSelfScore { code }
            | Act::Appraise { code, .. }
            | Act::Explain { code, .. }
            | Act::Reappraise { code, .. } => Some(code),
            _ => None,
        }
    }
}

/// One entry of the append-only log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// 1, 2, 3… without gaps.
    pub seq: u64,
    /// When the act happened (local time); for transitions, the calendar instant.
    #[serde(with = "serde_time")]
    pub at: DateTime,
    pub actor: Actor,
    pub act: Act,
}
