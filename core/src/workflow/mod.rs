//! The assessment workflow: a pure state machine that portals drive.
//!
//! A [`Dossier`] per unit and year moves through the 2019 calendar of the Hòa Bình guidance:
//!
//! | phase | how it is entered | rule |
//! |---|---|---|
//! | `draft` | opening the dossier; the unit self-scores each leaf with evidence | S3 |
//! | `submitted` | the unit submits, **once**; scores are frozen | S3 |
//! | `under_appraisal` | the appraisal window opens, or — without a submission — the self-assessment deadline passes and the dossier is appraised as it stands ("hệ thống tự động chuyển sang chế độ thẩm định") | S5, S6 |
//! | `locked` | the end of the results day (26/11): council members can no longer act, whatever the act (`workflow.locked`) | S6 |
//! | `explanation` | the explanation window (27/11–06/12): the unit explains items and adds evidence | S8 |
//! | `compilation` | the explanations close: the standing body (Sở Nội vụ) compiles the report and drafts the decision (09–13/12) | S8 |
//! | `review` | the council meets to review them (16–17/12); the standing body records the council's reviewed decision on explained items (act `review`: who recorded it, when, which explanation it answers) | S8 |
//! | `final` | the council's review closes (without a `council_review` period: the explanation window) | S8 |
//! | `announced` | the Chairman or the secretariat announces, from the announcement date (18/12) | S8 |
//!
//! Every act takes an [`Actor`] and the current time (a [`crate::time::DateTime`] in the calendar's
//! local time: a time without an offset is the calendar's, Vietnam time +07:00 for the built-in
//! rule set); the workflow never reads a clock. Council members appraise only the leaves of their
//! remit (S7, see [`remit_map`]), each leaf once, before the lock; commune dossiers are appraised by
//! their district's council along the calendar the district sets from the rule set's template
//! ([`DistrictCalendar`], S10). The secretariat enters the components of the index that do not
//! come from the dossier (IT points, survey percentage: act `enter_component`, S2, S9). A refused
//! act returns `Error::Workflow` with a stable code from [`codes`] and changes nothing. Every
//! event carries its legal basis ([`Basis`]: the rules and the guidance's step).
//!
//! The log is append-only; the state is its replay ([`Dossier::replay`], [`Dossier::from_json`],
//! which also checks the stored schedule against the rule set). [`Dossier::unit_input`] turns the
//! dossier into a scoring input whose explanation shows each leaf's history (self → appraised →
//! explained → reviewed).
//!
//! ```
//! use parindex::workflow::{codes, Actor, Dossier, Phase};
//! let rs = parindex::builtin::ruleset(parindex::builtin::DEFAULT_RULESET).unwrap();
//! let mut d = Dossier::open(&rs, "so-noi-vu", "Sở Nội vụ", "department", None).unwrap();
//! let schedule = d.schedule().clone();
//! let at = |s: &str| schedule.time(s).unwrap();
//! let unit = Actor::unit("so-noi-vu");
//! d.self_score(&rs, &unit, at("2019-11-10T09:00"), "2.1.2", "1".parse().unwrap(), &["lay-y-kien.pdf"]).unwrap();
//! d.submit(&rs, &unit, at("2019-11-12T16:00")).unwrap();
//! // S3: a unit submits once.
//! assert_eq!(d.submit(&rs, &unit, at("2019-11-12T16:00")).unwrap_err().code(), codes::ALREADY_SUBMITTED);
//! // S7: legal documents are the Department of Justice's field.
//! let (finance, justice) = (Actor::member("so_tai_chinh"), Actor::member("so_tu_phap"));
//! let e = d.appraise(&rs, &finance, at("2019-11-20T08:00"), "2.1.2", "0".parse().unwrap(), None).unwrap_err();
//! assert_eq!(e.code(), codes::OUTSIDE_REMIT);
//! d.appraise(&rs, &justice, at("2019-11-20T08:00"), "2.1.2", "0.5".parse().unwrap(), None).unwrap();
//! assert_eq!(d.phase(), Phase::UnderAppraisal);
//! assert_eq!(d.phase_at(&at("2019-11-27T00:00")), Phase::Explanation); // S6 lock, S8 window
//! // S6: after the lock (end of 26/11, Vietnam time) members can no longer act.
//! let e = d.appraise(&rs, &justice, at("2019-11-26T17:00:00.000Z"), "2.1.1", "1".parse().unwrap(), None).unwrap_err();
//! assert_eq!(e.code(), codes::LOCKED);
//! let score = d.score(&rs).unwrap();
//! assert_eq!(score.nodes.iter().find(|n| &*n.code == "2.1.2").unwrap().points.to_string(), "0.50");
//! ```
//!
//! Arithmetic here, and in the modules below, is checked (the lint below refuses an unchecked
//! operator).

#![deny(clippy::arithmetic_side_effects)]

mod actor;
pub mod codes;
mod dossier;
mod event;
mod remit;
mod schedule;
mod serde_time;

pub use crate::def::Label;
/// The values [`read_json`] reads (acts and actors).
#[doc(hidden)]
pub use crate::support::de::FromTree;
pub use crate::support::time::{Date, DateTime};
pub use actor::Actor;
pub use dossier::{
    Appraisal, ComponentRecord, Dossier, Explanation, Header, ItemRecord, Review, State,
};
pub use event::{Act, Basis, Event, Phase, Trigger};
pub use remit::{appraiser_of, remit_map};
pub use schedule::{periods, DistrictCalendar, DistrictPeriod, Schedule, Window};

/// An actor or an act (`what`: `"actor"`, `"act"`) from its JSON form, as the bindings receive
/// them. A problem is `input.invalid_<what>` at `$.<what>` or the field below it
/// (`$.actor.member`); a decimal that cannot be read exactly (`points`) has its own code, as in
/// any input (`input.decimal_too_precise`…); an array where an object belongs is
/// `input.not_an_object`.
#[doc(hidden)]
pub fn read_json<T: crate::de::FromTree>(what: &str, v: &serde_json::Value) -> crate::Result<T> {
    crate::de::from_tree(v).map_err(|e| {
        let path = format!("$.{what}{}", e.json_path);
        let issue = crate::support::serde_text::serde_issue("input", path, &e.inner.to_string());
        // An array where an object belongs and a decimal that cannot be read exactly have codes
        // of their own, as in every other input.
        let own = matches!(
            issue.code.as_str(),
            "input.not_an_object"
                | "input.not_a_decimal"
                | "input.decimal_comma"
                | "input.decimal_too_precise"
                | "input.decimal_out_of_range"
        );
        if own {
            return crate::Error::input(issue);
        }
        let key = match what {
            "actor" => "input.invalid_actor",
            "calendar" => "input.invalid_calendar",
            _ => "input.invalid_act",
        };
        crate::Error::input(crate::error::Issue::new(
            key,
            issue.path,
            &[("detail", &issue.message)],
        ))
    })
}

/// An actor or an act (`what`: `"actor"`, `"act"`) from its JSON text, read within `limits`
/// (paths under `$.<what>`; a key written twice refuses it, `input.duplicate_key`), then as
/// [`read_json`].
#[doc(hidden)]
pub fn read_json_text<T: crate::de::FromTree>(
    what: &str,
    text: &str,
    limits: &crate::Limits,
) -> crate::Result<T> {
    let scanned = limits.scan(text, crate::limits::Kind::Act, &format!("$.{what}"))?;
    crate::support::limits::refuse_duplicates(scanned)?;
    // Text that is not JSON is refused at `$.<what>` too, as every other problem of the text.
    let tree =
        crate::support::json::parse_json(crate::limits::strip_bom(text)).map_err(|mut e| {
            if let crate::Error::Input(issues) = &mut e {
                issues.iter_mut().for_each(|i| i.path = format!("$.{what}"));
            }
            e
        })?;
    read_json(what, &tree)
}
