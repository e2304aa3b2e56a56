//! # parindex-wasm-workflow
//!
//! The third WebAssembly module of the npm package `parindex`, imported as `parindex/workflow`:
//! the assessment workflow (core's `workflow::Dossier`) for JavaScript, for the application that
//! keeps the dossiers; a page that only scores, ranks and explains (the portal) never loads it.
//! Acts in, events and state out. It converts types and maps errors; every check is the core's.
//!
//! * Actors are plain objects in the serde form of core's `Actor` (`{role: "unit_officer",
//!   unit}`, `{role: "council_member", member, district?}`, `{role: "secretariat"}`, `{role:
//!   "chairman"}`).
//! * Times are strings read by the dossier's calendar (`"2019-11-19T08:00:00"`: without an offset,
//!   the calendar's local time, Vietnam time +07:00 for the built-in rule set;
//!   `Date.toISOString()`'s `"2019-11-19T01:00:00.000Z"` is converted).
//! * Points are decimal strings (or safe integers).
//! * A rule set is given as in `parindex/tables` (`parindex_wasm_common::source`): its JSON
//!   text, its object, or the main module's `RuleSet`.
//! * A refused act throws a `WorkflowError` with core's `workflow.*` code and changes nothing;
//!   errors are the main module's (`parindex_wasm_common::errors`, linked into every module).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use parindex_wasm_common::{convert, errors, limits, source};

use convert::{read_input_at, read_value, result_to_js, to_js, Input};
use errors::{guard, Fail, Res};
use parindex::api::Kind;
use parindex::workflow::DateTime;
use parindex::workflow::{Act, Actor, DistrictCalendar, Event};
use parindex::{Issue, RuleSet};
use serde_json::Value;
use source::{out, ruleset, RuleSetSource};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
import type {
  Actor, DistrictCalendar, DossierAct, DossierEvent, DossierHeader, DossierRecord, DossierState,
  Limits, Phase, RuleSetDef, Schedule, UnitInput, UnitScore,
} from "./parindex.js";
"#;

#[wasm_bindgen(start)]
fn start() {
    errors::install_panic_hook();
}

#[wasm_bindgen]
extern "C" {
    /// A plain actor object (`Actor`, declared from the engine's dossier schema by build.rs).
    #[wasm_bindgen(typescript_type = "Actor")]
    pub type JsActor;

    /// A district's calendar for its communes (`DistrictCalendar`, from the same schema).
    #[wasm_bindgen(typescript_type = "DistrictCalendar")]
    pub type JsDistrictCalendar;
}

/// An actor from its plain-object form.
fn actor(v: &JsActor) -> Res<Actor> {
    typed(v.as_ref(), "actor", "an actor")
}

/// An actor or an act (`name`) given as JSON text or an object, read as the core reads them
/// (problems under `$.<name>`).
fn typed<T: parindex::workflow::FromTree>(v: &JsValue, name: &str, what: &str) -> Res<T> {
    Ok(
        match read_input_at(v, Kind::Act, what, &format!("$.{name}"))? {
            Input::Text(t) => parindex::workflow::read_json_text(name, &t, &limits::current())?,
            Input::Value(v) => parindex::workflow::read_json(name, &v)?,
        },
    )
}

/// Points as JSON: a decimal string as it is, a safe integer as an integer; any other number is
/// refused as in every input (see `convert`).
fn points(v: &JsValue) -> Res<Value> {
    let given = if v.is_undefined() {
        Value::Null
    } else {
        read_value(v, "$.act.points", "points")?
    };
    match given {
        v @ (Value::String(_) | Value::Number(_)) => Ok(v),
        _ => Err(Fail::Input(vec![Issue::new(
            "input.invalid_type:points",
            "$.act.points",
            &[],
        )])),
    }
}

/// An act from its JSON form (built here from the method's arguments, or given to `apply`).
fn act_from(value: Value) -> Res<Act> {
    Ok(parindex::workflow::read_json("act", &value)?)
}

fn events_js(events: &[Event]) -> Res<JsValue> {
    to_js(&events)
}

/// A unit's dossier for one year: draft → submitted → under appraisal → locked → explanation →
/// compilation → review → final → announced, along the rule set's calendar. Every act takes an
/// actor (a plain object, see `Actor`) and the current time (`"2019-11-19T08:00:00"`: without an
/// offset, the calendar's local time, Vietnam time for the built-in rule set) and returns the
/// events appended to the log; a refused act throws a `WorkflowError`
/// with a `workflow.*` code and changes nothing.
#[wasm_bindgen]
pub struct Dossier {
    rs: Rc<RuleSet>,
    inner: parindex::workflow::Dossier,
}

impl Dossier {
    fn time(&self, now: &str) -> Res<DateTime> {
        Ok(self.inner.schedule().time(now)?)
    }

    fn act(&mut self, who: &JsActor, now: &str, act: Value) -> Res<JsValue> {
        guard()?;
        let act = act_from(act)?;
        self.perform(who, now, act)
    }

    fn perform(&mut self, who: &JsActor, now: &str, act: Act) -> Res<JsValue> {
        guard()?;
        let who = actor(who)?;
        let now = self.time(now)?;
        let events = self.inner.apply(&self.rs, &who, now, act)?;
        events_js(events)
    }

    /// An appraisal act (`appraise`) of a leaf, with an optional note.
    fn grade(
        &mut self,
        kind: &str,
        who: &JsActor,
        now: &str,
        code: String,
        points: &JsValue,
        note: Option<String>,
    ) -> Res<JsValue> {
        let act = act_json(
            kind,
            [("code", code.into()), ("points", self::points(points)?)],
        );
        self.act(who, now, with_opt(act, "note", note.map(Value::String)))
    }
}

/// An act's JSON form: `{"kind": kind, …fields}`. Built as a map rather than with `json!`, which
/// compiles serde_json's tree writer for the type of every value it is given.
fn act_json<const N: usize>(kind: &str, fields: [(&str, Value); N]) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("kind".to_string(), kind.into());
    for (k, v) in fields {
        m.insert(k.to_string(), v);
    }
    Value::Object(m)
}

/// A list of strings as JSON (none given: `[]`).
fn strings(v: Option<Vec<String>>) -> Value {
    Value::Array(
        v.unwrap_or_default()
            .into_iter()
            .map(Value::String)
            .collect(),
    )
}

fn with_opt(mut v: Value, key: &str, x: Option<Value>) -> Value {
    if let (Some(x), Some(m)) = (x, v.as_object_mut()) {
        m.insert(key.to_string(), x);
    }
    v
}

#[wasm_bindgen]
impl Dossier {
    /// Open a unit's dossier with the calendar of the rule set (`group` gives the level; the year
    /// is the rule set's). `parent` is a commune's district; a commune's dossier (S10) also needs
    /// the `calendar` its district sets by filling the rule set's template (`DistrictCalendar`;
    /// without it `workflow.missing_calendar`, a day beyond the template's bounds
    /// `workflow.outside_template`).
    pub fn open(
        rs: &RuleSetSource,
        unit: &str,
        name: &str,
        group: &str,
        parent: Option<String>,
        calendar: Option<JsDistrictCalendar>,
    ) -> Result<Dossier, JsValue> {
        out((|| {
            guard()?;
            let rs = ruleset(rs)?;
            let calendar: Option<DistrictCalendar> = match &calendar {
                Some(c) if !c.is_null() && !c.is_undefined() => {
                    Some(typed(c.as_ref(), "calendar", "a calendar")?)
                }
                _ => None,
            };
            let inner = parindex::workflow::Dossier::open_with(
                &rs,
                unit,
                name,
                group,
                parent.as_deref(),
                calendar,
            )?;
            Ok(Dossier { rs, inner })
        })())
    }

    /// Read a stored dossier (`toJson()`): its schedule must be the one the rule set (and a
    /// commune's district calendar) gives (`workflow.schedule_mismatch`), its log is replayed
    /// against the rule set and must reproduce the stored state.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(rs: &RuleSetSource, text: &str) -> Result<Dossier, JsValue> {
        out((|| {
            guard()?;
            let rs = ruleset(rs)?;
            let inner =
                parindex::workflow::Dossier::from_json_within(&rs, text, &limits::current())?;
            Ok(Dossier { rs, inner })
        })())
    }

    /// The dossier (header, schedule, state, log) as JSON text, to store it.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The whole dossier (header, schedule, state, log) as a plain object.
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "DossierRecord")]
    pub fn to_object(&self) -> Result<JsValue, JsValue> {
        out(guard().and_then(|()| to_js(&self.inner)))
    }

    /// The header: rule set, year, level, unit, name, group, parent.
    #[wasm_bindgen(getter, unchecked_return_type = "DossierHeader")]
    pub fn header(&self) -> Result<JsValue, JsValue> {
        out(guard().and_then(|()| to_js(self.inner.header())))
    }

    /// The state as a plain object (decimals as strings).
    #[wasm_bindgen(getter, unchecked_return_type = "DossierState")]
    pub fn state(&self) -> Result<JsValue, JsValue> {
        out(guard().and_then(|()| to_js(self.inner.state())))
    }

    /// The schedule the dossier follows (instants in the calendar's local time): deadline,
    /// appraisal start, lock, explanation window, council review, announcement.
    #[wasm_bindgen(getter, unchecked_return_type = "Schedule")]
    pub fn schedule(&self) -> Result<JsValue, JsValue> {
        out(guard().and_then(|()| to_js(self.inner.schedule())))
    }

    /// The calendar the district set for a commune's dossier (S10); `undefined` otherwise.
    #[wasm_bindgen(getter, unchecked_return_type = "DistrictCalendar | undefined")]
    pub fn calendar(&self) -> Result<JsValue, JsValue> {
        out(guard().and_then(|()| match self.inner.calendar() {
            Some(c) => to_js(c),
            None => Ok(JsValue::UNDEFINED),
        }))
    }

    /// The log, oldest first.
    #[wasm_bindgen(getter, unchecked_return_type = "DossierEvent[]")]
    pub fn log(&self) -> Result<JsValue, JsValue> {
        out(guard().and_then(|()| events_js(self.inner.log())))
    }

    /// The current phase.
    #[wasm_bindgen(getter, unchecked_return_type = "Phase")]
    pub fn phase(&self) -> String {
        self.inner.phase().to_string()
    }

    /// The phase the calendar puts the dossier in at `now`.
    #[wasm_bindgen(js_name = phaseAt, unchecked_return_type = "Phase")]
    pub fn phase_at(&self, now: &str) -> Result<String, JsValue> {
        out(guard()
            .and_then(|()| self.time(now))
            .map(|t| self.inner.phase_at(&t).to_string()))
    }

    /// Perform an act given in the engine's form (`{kind: "appraise", code, points, note?}`).
    #[wasm_bindgen(unchecked_return_type = "DossierEvent[]")]
    pub fn apply(
        &mut self,
        actor: &JsActor,
        now: &str,
        #[wasm_bindgen(unchecked_param_type = "DossierAct")] act: JsValue,
    ) -> Result<JsValue, JsValue> {
        out((|| {
            guard()?;
            let act = typed(&act, "act", "an act")?;
            self.perform(actor, now, act)
        })())
    }

    /// Record the automatic transitions due by `now` (deadline, lock, explanation window…).
    #[wasm_bindgen(unchecked_return_type = "DossierEvent[]")]
    pub fn advance(&mut self, now: &str) -> Result<JsValue, JsValue> {
        out((|| {
            guard()?;
            let now = self.time(now)?;
            events_js(self.inner.advance(now)?)
        })())
    }

    /// The unit scores a leaf itself, with its evidence (S3).
    #[wasm_bindgen(js_name = selfScore, unchecked_return_type = "DossierEvent[]")]
    pub fn self_score(
        &mut self,
        actor: &JsActor,
        now: &str,
        code: String,
        #[wasm_bindgen(unchecked_param_type = "string | number")] points: JsValue,
        evidence: Option<Vec<String>>,
        note: Option<String>,
    ) -> Result<JsValue, JsValue> {
        out((|| {
            let act = act_json(
                "self_score",
                [
                    ("code", code.into()),
                    ("points", self::points(&points)?),
                    ("evidence", strings(evidence)),
                ],
            );
            self.act(actor, now, with_opt(act, "note", note.map(Value::String)))
        })())
    }

    /// The unit withdraws its self score of a leaf (before submitting).
    #[wasm_bindgen(js_name = clearSelfScore, unchecked_return_type = "DossierEvent[]")]
    pub fn clear_self_score(
        &mut self,
        actor: &JsActor,
        now: &str,
        code: String,
    ) -> Result<JsValue, JsValue> {
        out(self.act(
            actor,
            now,
            act_json("clear_self_score", [("code", code.into())]),
        ))
    }

    /// The unit submits its self-assessment, once (S3).
    #[wasm_bindgen(unchecked_return_type = "DossierEvent[]")]
    pub fn submit(&mut self, actor: &JsActor, now: &str) -> Result<JsValue, JsValue> {
        out(self.act(actor, now, act_json("submit", [])))
    }

    /// A council member appraises a leaf of their remit (S7).
    #[wasm_bindgen(unchecked_return_type = "DossierEvent[]")]
    pub fn appraise(
        &mut self,
        actor: &JsActor,
        now: &str,
        code: String,
        #[wasm_bindgen(unchecked_param_type = "string | number")] points: JsValue,
        note: Option<String>,
    ) -> Result<JsValue, JsValue> {
        out(self.grade("appraise", actor, now, code, &points, note))
    }

    /// The unit explains a leaf and adds evidence, in the explanation window (S8).
    #[wasm_bindgen(unchecked_return_type = "DossierEvent[]")]
    pub fn explain(
        &mut self,
        actor: &JsActor,
        now: &str,
        code: String,
        text: String,
        evidence: Option<Vec<String>>,
    ) -> Result<JsValue, JsValue> {
        out(self.act(
            actor,
            now,
            act_json(
                "explain",
                [
                    ("code", code.into()),
                    ("text", text.into()),
                    ("evidence", strings(evidence)),
                ],
            ),
        ))
    }

    /// The council's reviewed decision on an explained leaf, recorded by the standing body
    /// (`{role: "secretariat"}`) during the council's review (S8: 16–17/12); `explanation` is the
    /// index of the explanation it answers (default: the latest). Council members cannot act after
    /// the lock (S6: `workflow.locked`).
    #[wasm_bindgen(unchecked_return_type = "DossierEvent[]")]
    pub fn review(
        &mut self,
        actor: &JsActor,
        now: &str,
        code: String,
        #[wasm_bindgen(unchecked_param_type = "string | number")] points: JsValue,
        note: Option<String>,
        explanation: Option<u32>,
    ) -> Result<JsValue, JsValue> {
        out((|| {
            let act = act_json(
                "review",
                [("code", code.into()), ("points", self::points(&points)?)],
            );
            let act = with_opt(act, "note", note.map(Value::String));
            let act = with_opt(act, "explanation", explanation.map(Value::from));
            self.act(actor, now, act)
        })())
    }

    /// The secretariat enters a component of the unit's index (`value`: `{points}` for the IT
    /// points the Chairman announced, S2; `{percentage}` for the survey, S9), from the appraisal's
    /// start until the results are final.
    #[wasm_bindgen(js_name = enterComponent, unchecked_return_type = "DossierEvent[]")]
    pub fn enter_component(
        &mut self,
        actor: &JsActor,
        now: &str,
        component: String,
        #[wasm_bindgen(
            unchecked_param_type = "{ points: string | number } | { percentage: string | number }"
        )]
        value: JsValue,
        note: Option<String>,
    ) -> Result<JsValue, JsValue> {
        out((|| {
            let mut act = act_json("enter_component", [("component", component.into())]);
            for key in ["points", "percentage"] {
                let v = js_sys::Reflect::get(&value, &JsValue::from_str(key)).unwrap_or_default();
                if !v.is_undefined() {
                    let given = read_value(&v, &format!("$.act.{key}"), key)?;
                    act = with_opt(act, key, Some(given));
                }
            }
            self.act(actor, now, with_opt(act, "note", note.map(Value::String)))
        })())
    }

    /// The Chairman or the secretariat announces the results (S8).
    #[wasm_bindgen(unchecked_return_type = "DossierEvent[]")]
    pub fn announce(&mut self, actor: &JsActor, now: &str) -> Result<JsValue, JsValue> {
        out(self.act(actor, now, act_json("announce", [])))
    }

    /// The dossier as a scoring input (a unit): each leaf's self score, appraisals and notes.
    #[wasm_bindgen(js_name = unitInput, unchecked_return_type = "UnitInput")]
    pub fn unit_input(&self) -> Result<JsValue, JsValue> {
        out(guard().and_then(|()| to_js(&self.inner.unit_input())))
    }

    /// Score the dossier as it stands with `rs`: each leaf's explanation shows its history (self →
    /// appraised → explained → the council's reviewed decision). With every component entered
    /// (`enterComponent`) it is the unit's full index; each one still missing counts 0 and is named
    /// by a warning `workflow.component_pending`.
    #[wasm_bindgen(unchecked_return_type = "UnitScore")]
    pub fn score(&self, rs: &RuleSetSource) -> Result<JsValue, JsValue> {
        out((|| {
            guard()?;
            result_to_js(&self.inner.score(&*ruleset(rs)?)?)
        })())
    }
}
