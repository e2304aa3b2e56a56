//! Storing and replaying a dossier, and scoring it.

use super::{refuse, Appraisal, Dossier, Header, ItemRecord};
use crate::compile::RuleSet;
use crate::decimal::show;
use crate::error::{issue, key_path, Result};
use crate::eval::{score_unit, Context, UnitScore};
use crate::input::{ItemInput, UnitInput};
use crate::workflow::actor::Actor;
use crate::workflow::codes;
use crate::workflow::event::{Act, Event};
use crate::workflow::schedule::{DistrictCalendar, Schedule};

impl Dossier {
    // -----------------------------------------------------------------------------------------
    // Storing and replaying

    /// Rebuild a dossier by replaying a stored log: every act is checked again, every automatic
    /// transition must fall where the schedule puts it, and the log must reproduce itself exactly
    /// (legal bases included). The schedule is computed from the rule set, and for a commune from
    /// the district's `calendar` (S10).
    pub fn replay(
        rs: &RuleSet,
        header: Header,
        calendar: Option<DistrictCalendar>,
        log: &[Event],
    ) -> Result<Dossier> {
        let mut d = Self::empty(rs, header, calendar)?;
        for (i, e) in log.iter().enumerate() {
            let path = format!("$.log[{i}]");
            let r = match (&e.actor, &e.act) {
                (Actor::System, Act::Transition { .. }) => d.advance(e.at.clone()).map(|_| ()),
                _ => d
                    .apply(rs, &e.actor, e.at.clone(), e.act.clone())
                    .map(|_| ()),
            };
            if let Err(err) = r {
                return Err(refuse(issue!(
                    codes::REPLAY_REFUSED,
                    path,
                    seq = e.seq,
                    detail = err
                )));
            }
        }
        if d.log != log {
            let k = d
                .log
                .iter()
                .zip(log)
                .position(|(a, b)| a != b)
                .unwrap_or(d.log.len().min(log.len()));
            return Err(refuse(issue!(
                codes::REPLAY_MISMATCH,
                format!("$.log[{k}]"),
                event = k.saturating_add(1),
                replayed = d.log.len(),
                stored = log.len()
            )));
        }
        Ok(d)
    }

    /// The dossier as JSON (header, the district's calendar for a commune, schedule, state and
    /// log).
    pub fn to_json(&self) -> String {
        crate::pretty::pretty(&serde_json::to_string(self).unwrap_or_default())
    }

    /// Read a stored dossier. Nothing stored is trusted: the schedule is computed again from the
    /// rule set (and a commune's district calendar, checked against the rule set's template) and
    /// must equal the stored one (`workflow.schedule_mismatch` at the first differing instant,
    /// e.g. `$.schedule.lock`); the log is replayed against the rule set and the stored state must
    /// equal the replayed one. The text is read within the default [`Limits`](crate::Limits).
    pub fn from_json(rs: &RuleSet, text: &str) -> Result<Dossier> {
        Self::from_json_within(rs, text, &crate::Limits::DEFAULT)
    }

    /// [`from_json`](Self::from_json), the text first checked against `limits` (a key written
    /// twice refuses it, `input.duplicate_key`).
    pub fn from_json_within(rs: &RuleSet, text: &str, limits: &crate::Limits) -> Result<Dossier> {
        let scanned = limits.scan(text, crate::limits::Kind::Dossier, "$")?;
        crate::support::limits::refuse_duplicates(scanned)?;
        let tree: serde_json::Value = serde_json::from_str(crate::limits::strip_bom(text))
            .map_err(|e| refuse(issue!(codes::BAD_RECORD, "$", detail = e)))?;
        let stored: Dossier = crate::de::from_tree(&tree).map_err(|e| {
            refuse(issue!(
                codes::BAD_RECORD,
                format!("${}", e.json_path),
                detail = crate::support::serde_text::serde_message(&e.inner.to_string())
            ))
        })?;
        let fresh = Self::empty(rs, stored.header.clone(), stored.calendar.clone())?;
        check_schedule(&stored.schedule, &fresh.schedule)?;
        let replayed = Self::replay(rs, stored.header, stored.calendar, &stored.log)?;
        if replayed.state != stored.state {
            return Err(refuse(issue!(codes::STATE_MISMATCH, "$.state")));
        }
        Ok(replayed)
    }

    // -----------------------------------------------------------------------------------------
    // Scoring

    /// The scoring input of the dossier: per leaf the self score with its evidence, the first-round
    /// appraisal (`appraised`), the council's reviewed decision (`reappraised`) and notes telling
    /// the history (self → appraised → explained → reviewed); the components the secretariat
    /// entered (IT points, survey percentage). [`score_unit`] takes the best available value:
    /// the reviewed decision, then the appraisal, then a self score with evidence (S7).
    ///
    /// Bonus and penalty are not part of the dossier; add them to the returned input when known.
    pub fn unit_input(&self) -> UnitInput {
        let items = self
            .state
            .items
            .iter()
            .map(|(code, it)| (code, item_input(it)))
            .filter(|(_, it)| *it != ItemInput::default())
            .collect();
        // Inserted one by one: `collect` into a map would sort its entries first (they are in order
        // already), a sort of its own in the WebAssembly module.
        let mut components = std::collections::BTreeMap::new();
        for (id, c) in &self.state.components {
            if let Some(v) = c.input() {
                components.insert(id.clone(), v);
            }
        }
        UnitInput {
            id: self.header.unit.clone(),
            name: self.header.name.clone(),
            group: self.header.group.clone(),
            block: None,
            parent: self.header.parent.clone(),
            items,
            components,
            bonus: Vec::new(),
            penalty: Vec::new(),
            synthetic: false,
        }
    }

    /// Score the dossier as it stands (see [`Dossier::unit_input`]): the unit's full index once
    /// the secretariat has entered every component. A component not entered yet counts 0 points
    /// and is named by a warning `workflow.component_pending` at `$.components["<id>"]` (in place
    /// of the scoring input's `input.missing_component`): until then the index is not the unit's
    /// full index.
    pub fn score(&self, rs: &RuleSet) -> Result<UnitScore> {
        let mut score = score_unit(rs, self.unit_input(), &Context::default(), "$")?;
        for w in &mut score.warnings {
            if w.code != "input.missing_component" {
                continue;
            }
            let id = score
                .components
                .iter()
                .find(|c| key_path("$.components", &c.id) == w.path)
                .map(|c| c.id.to_string())
                .unwrap_or_default();
            *w = issue!(codes::COMPONENT_PENDING, w.path.clone(), id);
        }
        Ok(score)
    }
}

/// The stored schedule must be the one the rule set (and the district's calendar) gives: the
/// first differing instant is named.
fn check_schedule(stored: &Schedule, fresh: &Schedule) -> Result<()> {
    if stored == fresh {
        return Ok(());
    }
    // As JSON text read back into trees: the text writer is in the module anyway, a tree writer
    // (`serde_json::to_value`) would be a second copy of every `Serialize` below `Schedule`.
    let tree = |s: &Schedule| {
        serde_json::to_string(s)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .unwrap_or_default()
    };
    let (a, b) = (tree(stored), tree(fresh));
    let (path, given, want) = first_difference("$.schedule", &a, &b);
    Err(refuse(issue!(codes::SCHEDULE_MISMATCH, path, given, want)))
}

fn first_difference(
    path: &str,
    a: &serde_json::Value,
    b: &serde_json::Value,
) -> (String, String, String) {
    use serde_json::Value;
    if let (Value::Object(x), Value::Object(y)) = (a, b) {
        for k in y.keys().chain(x.keys().filter(|k| !y.contains_key(*k))) {
            let (u, v) = (
                x.get(k).unwrap_or(&Value::Null),
                y.get(k).unwrap_or(&Value::Null),
            );
            if u != v {
                return first_difference(&format!("{path}.{k}"), u, v);
            }
        }
    }
    let show = |v: &Value| match v {
        Value::Null => "nothing".to_string(),
        Value::String(s) => s.clone(),
        // As `Display` writes it, through the writer to bytes every other JSON text takes.
        other => serde_json::to_string(other).unwrap_or_default(),
    };
    (path.to_string(), show(a), show(b))
}

fn by(a: &Appraisal) -> String {
    match &a.district {
        Some(d) => format!("{}@{d}", a.member),
        None => a.member.clone(),
    }
}

/// The item's input, its history told in notes in the thread's language (`thẩm định 0.5 điểm, do
/// justice lúc …`; `appraised 0.5 by justice at …` in English).
fn item_input(it: &ItemRecord) -> ItemInput {
    let lang = crate::error::lang();
    let en = lang == crate::error::Lang::En;
    let note_of = |n: &Option<String>| n.as_deref().map(|n| format!(": {n}")).unwrap_or_default();
    let mut notes = Vec::new();
    if let Some(n) = &it.self_note {
        notes.push(format!("{}: {n}", lang.pick("tự đánh giá", "self")));
    }
    if let Some(a) = &it.appraisal {
        let (points, by, at, note) = (show(a.points), by(a), &a.at, note_of(&a.note));
        notes.push(match en {
            true => format!("appraised {points} by {by} at {at}{note}"),
            false => format!("thẩm định {points} điểm, do {by} lúc {at}{note}"),
        });
    }
    for e in &it.explanations {
        let mut s = match en {
            true => format!("explained at {}: {}", e.at, e.text),
            false => format!("giải trình lúc {}: {}", e.at, e.text),
        };
        if !e.evidence.is_empty() {
            let word = lang.pick("tài liệu kiểm chứng", "evidence");
            s.push_str(&format!(" [{word}: {}]", e.evidence.join(", ")));
        }
        notes.push(s);
    }
    if let Some(r) = &it.review {
        let answered = usize::try_from(r.explanation)
            .ok()
            .and_then(|k| it.explanations.get(k))
            .map(|e| match en {
                true => format!(" answering the explanation of {}", e.at),
                false => format!(" (trả lời giải trình lúc {})", e.at),
            })
            .unwrap_or_default();
        let by = match &r.district {
            Some(d) => format!("{}@{d}", r.recorded_by),
            None => r.recorded_by.clone(),
        };
        let (points, at, note) = (show(r.points), &r.at, note_of(&r.note));
        notes.push(match en {
            true => format!(
                "reviewed by the council {points}{answered}, recorded by {by} at {at}{note}"
            ),
            false => format!(
                "Hội đồng xem xét: {points} điểm{answered}, do {by} ghi nhận lúc {at}{note}"
            ),
        });
    }
    let mut item = ItemInput::default()
        .with_evidence(it.evidence.clone())
        .with_notes(notes);
    item.set_self_score(it.self_score);
    item.set_appraised(it.appraisal.as_ref().map(|a| a.points));
    item.set_reappraised(it.review.as_ref().map(|r| r.points));
    item
}
