//! Acts, phases and the events of the append-only log.

use super::actor::Actor;
use super::serde_time;
use crate::def::Label;
use crate::time::DateTime;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a dossier stands.
///
/// ```text
/// Draft ──submit──▶ Submitted ──appraisal opens──▶ UnderAppraisal ──lock (S6)──▶ Locked
///   └──────── deadline passes without submission (S5) ──▶┘
/// Locked ──explanation opens (S8)──▶ Explanation ──closes──▶ Compilation ──review opens──▶ Review
///                                                      │            ──review closes──▶ Final
///                                                      └─ (no `council_review` period) ─▶ Final
/// Final ──announce (Chairman / secretariat, from the announcement date)──▶ Announced
/// ```
///
/// Council members act only in `UnderAppraisal`: from the lock on they can no longer act (S6).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The unit self-scores and attaches evidence (S3).
    Draft,
    /// Submitted once; scores are frozen (S3). Waiting for the appraisal window.
    Submitted,
    /// The council appraises (S6, S7).
    UnderAppraisal,
    /// The software is locked for council members (S6: end of 26/11); they can no longer act.
    Locked,
    /// The unit may explain specific items and add evidence (S8: 27/11–06/12).
    Explanation,
    /// The standing body (Sở Nội vụ) compiles the appraisal report and drafts the decision (S8:
    /// 09–13/12), until the council's review.
    Compilation,
    /// The council reviews the report and the draft decision (S8: 16–17/12); the standing body
    /// records its reviewed decisions on explained items.
    Review,
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
            Phase::Compilation => "compilation",
            Phase::Review => "review",
            Phase::Final => "final",
            Phase::Announced => "announced",
        };
        f.write_str(s)
    }
}

crate::de::leaf!(Phase);

/// What caused an automatic transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
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
    /// The council's review opened (S8: 16/12).
    ReviewStart,
    /// The council's review closed (S8: end of 17/12): the results are final.
    ReviewEnd,
}

crate::de::leaf!(Trigger);

crate::de::tagged_enum! {
    tag = "kind";
    /// An act on a dossier. Acts by people are validated before they are recorded; `Transition` is
    /// recorded by the workflow itself when time passes a calendar instant.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
    #[schemars(rename = "DossierAct")]
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
        /// Appraisal of a leaf by the council member whose remit covers it (S6, S7), before the
        /// lock.
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
        /// The council's reviewed decision on an explained leaf, recorded by the standing body
        /// (the secretariat: Sở Nội vụ; a district's home-affairs office for its communes) during
        /// the council's review (S8: 16–17/12). `explanation` is the index, in the item's
        /// `explanations`, of the explanation it answers; without it, the latest one. Council
        /// members do not act after the lock (S6).
        Review {
            code: String,
            #[serde(deserialize_with = "crate::decimal::exact")]
            points: Decimal,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            explanation: Option<u32>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            note: Option<String>,
        },
        /// The secretariat enters a component of the unit's index that does not come from the
        /// dossier: the IT-application points the Chairman announced (`points`, S2) or the survey
        /// percentage (`percentage`, converted to points, S9). From the appraisal's start until
        /// the results are final; a later entry replaces an earlier one (the log keeps both).
        EnterComponent {
            component: String,
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::decimal::exact_opt"
            )]
            points: Option<Decimal>,
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "crate::decimal::exact_opt"
            )]
            percentage: Option<Decimal>,
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
            Act::Review { .. } => "review",
            Act::EnterComponent { .. } => "enter_component",
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
            | Act::Review { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The act's legal basis: the rules of the source document it carries out and the step of the
    /// 2019 guidance of Sở Nội vụ (Hòa Bình) it belongs to. For a level whose council the
    /// district forms (communes, `delegated`), S10 and the guidance's section 3 are added.
    pub fn basis(&self, delegated: bool) -> Basis {
        let (rules, vi, en): (&[&str], &str, &str) = match self {
            Act::SelfScore { .. } | Act::ClearSelfScore { .. } => (
                &["S3"],
                "Bước 2: tự chấm điểm từng tiêu chí trên phần mềm, đính kèm tài liệu kiểm chứng",
                "Step 2: the unit scores each criterion in the software and attaches its evidence",
            ),
            Act::Submit => (
                &["S3", "S5"],
                "Bước 2, Bước 3: bấm gửi kết quả tự chấm (chỉ cập nhật 01 lần), gửi hồ sơ về Hội đồng thẩm định trước hạn",
                "Steps 2 and 3: the unit submits its self-assessment (once) and its dossier before the deadline",
            ),
            Act::Appraise { .. } => (
                &["S6", "S7"],
                "Bước 4: Hội đồng thẩm định thẩm định, chấm điểm; thành viên thẩm định độc lập theo lĩnh vực quản lý, mỗi hồ sơ 01 lần",
                "Step 4: the council appraises; each member independently, in the fields of their remit, once per dossier",
            ),
            Act::Explain { .. } => (
                &["S8"],
                "Bước 5: cơ quan, đơn vị giải trình, bổ sung tài liệu kiểm chứng",
                "Step 5: the unit explains and adds evidence",
            ),
            Act::Review { .. } => (
                &["S6", "S8"],
                "Bước 5: Sở Nội vụ tổng hợp, xây dựng báo cáo thẩm định; Hội đồng thẩm định họp kiểm tra, rà soát lại báo cáo thẩm định (thành viên không đăng nhập sau khi phần mềm khóa)",
                "Step 5: Home Affairs compiles the appraisal report; the council meets to review it (members cannot log in after the lock)",
            ),
            Act::EnterComponent { .. } => (
                &["S2", "S9"],
                "Bước 2 (lưu ý: điểm ứng dụng CNTT do Chủ tịch UBND công bố); Bước 5: Sở Nội vụ tổng hợp kết quả",
                "Step 2 (note: IT points are announced by the Chairman); step 5: Home Affairs compiles the results",
            ),
            Act::Announce => (
                &["S8"],
                "Bước 5: trình Chủ tịch Ủy ban nhân dân công bố",
                "Step 5: the result is submitted to the Chairman for announcement",
            ),
            Act::Transition { trigger, .. } => match trigger {
                Trigger::SelfAssessmentDeadline => (
                    &["S5"],
                    "Bước 3 (lưu ý): quá thời hạn, hệ thống tự động chuyển sang chế độ thẩm định",
                    "Step 3 (note): after the deadline the system moves the dossier to appraisal",
                ),
                Trigger::AppraisalStart => (
                    &["S6"],
                    "Bước 4: thẩm định kết quả tự chấm",
                    "Step 4: appraisal of the self-assessment",
                ),
                Trigger::Lock => (
                    &["S6"],
                    "Bước 4: hết ngày gửi kết quả thẩm định, phần mềm tự động khóa, các thành viên Hội đồng thẩm định không đăng nhập được",
                    "Step 4: at the end of the results day the software locks; council members can no longer log in",
                ),
                Trigger::ExplanationStart | Trigger::ExplanationEnd => (
                    &["S8"],
                    "Bước 5: gửi kết quả thẩm định ban đầu để cơ quan, đơn vị giải trình, bổ sung tài liệu kiểm chứng",
                    "Step 5: initial results go back to the units, which explain and add evidence",
                ),
                Trigger::ReviewStart | Trigger::ReviewEnd => (
                    &["S8"],
                    "Bước 5: Hội đồng thẩm định họp kiểm tra, rà soát lại báo cáo thẩm định, dự thảo Tờ trình và Quyết định công bố",
                    "Step 5: the council meets to review the appraisal report and the draft decision",
                ),
            },
        };
        let mut rules: Vec<String> = rules.iter().map(|r| r.to_string()).collect();
        let (mut vi, mut en) = (vi.to_string(), en.to_string());
        if delegated {
            rules.push("S10".into());
            vi =
                format!("Mục 3 (cấp xã: Hội đồng thẩm định và lịch của UBND cấp huyện), theo {vi}");
            en = format!(
                "Section 3 (communes: the district's council and calendar), following {en}"
            );
        }
        Basis {
            rules,
            step: Label { vi, en: Some(en) },
        }
    }
}

crate::de::tree_struct! {
/// The legal basis of an act: the rules of the source document (S1–S10) and the step of the 2019
/// guidance it carries out (Vietnamese first, English available).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Basis {
    pub rules: Vec<String>,
    pub step: Label,
}
}

crate::de::tree_struct! {
/// One entry of the append-only log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "DossierEvent")]
pub struct Event {
    /// 1, 2, 3… without gaps.
    pub seq: u64,
    /// When the act happened (local time); for transitions, the calendar instant.
    #[serde(with = "serde_time")]
    #[schemars(with = "DateTime")]
    pub at: DateTime,
    pub actor: Actor,
    pub act: Act,
    /// The act's legal basis ([`Act::basis`]); a stored one must be the act's.
    pub basis: Basis,
}
}
