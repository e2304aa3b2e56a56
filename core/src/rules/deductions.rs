//! C8 `deductions`: start from `start` (default the maximum) and take points off per event, not
//! below the floor (`min_points`). Fact: `events`.

use super::{Ev, Lcg, LeafOut, Names};
use crate::def::check::{check_points, dup_ids, Ids, V};
use crate::def::{Deduction, Description, Node};
use crate::error::Lang;
use crate::error::{excerpt, issue, key_path, Error, Result};
use crate::input::{fact_bit, ItemInput};
use crate::result::{Branch, DeductionPart};
use crate::support::decimal::{self as d, show};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub(super) const DESCRIPTION: Description = Description {
    vi: "Bắt đầu từ điểm khởi đầu (mặc định là điểm tối đa) và trừ điểm cho mỗi lần vi phạm, không thấp hơn điểm sàn.",
    en: "Starts from the starting points (by default the maximum) and takes points off per event, not below the floor.",
};

pub(super) const FACTS: u16 = fact_bit::EVENTS;

/// The branch in words, as the explanation says it ([`crate::NodeScore::text`]): the
/// starting points and each deduction taken off (events × points each, and its label).
pub(super) fn words(start: Decimal, taken: &[DeductionPart], names: Names<'_>) -> String {
    let lang = names.lang;
    let start = show(start);
    if taken.is_empty() {
        return match lang {
            Lang::Vi => format!("Không bị trừ điểm: giữ {start} điểm"),
            Lang::En if start == "1" => "Nothing deducted: 1 point kept".to_string(),
            Lang::En => format!("Nothing deducted: {start} points kept"),
        };
    }
    let mut s = match lang {
        Lang::Vi => format!("Trừ điểm từ {start}:"),
        Lang::En => format!("Deducted from {start}:"),
    };
    for t in taken {
        let each = (t.points)
            .checked_div(Decimal::from(t.events.max(1)))
            .unwrap_or_default();
        s.push_str(&format!(
            " − {}×{} ({})",
            t.events,
            show(each),
            names.of(&t.id)
        ));
    }
    s
}

pub(super) fn validate(
    v: &mut V,
    n: &Node,
    start: Option<Decimal>,
    deductions: &[Deduction],
    path: &str,
) {
    if let Some(s) = start {
        check_points(v, n, s, format!("{path}.start"));
    }
    if deductions.is_empty() {
        v.issue(issue!(
            "ruleset.empty:deductions",
            format!("{path}.deductions")
        ));
    }
    dup_ids(
        v,
        Ids::Deduction,
        deductions
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.as_str(), format!("{path}.deductions[{i}].id"))),
    );
    for (i, d) in deductions.iter().enumerate() {
        if d.points <= Decimal::ZERO {
            v.issue(issue!(
                "ruleset.deduction_points",
                format!("{path}.deductions[{i}].points")
            ));
        }
    }
}

pub(super) fn declared(
    start: Option<Decimal>,
    deductions: &[Deduction],
    f: &mut dyn FnMut(Decimal, &dyn Fn() -> String),
) {
    if let Some(p) = start {
        f(p, &|| "start".into());
    }
    for (i, d) in deductions.iter().enumerate() {
        f(d.points, &|| format!("deductions[{i}].points"));
    }
}

pub(super) fn evaluate(
    ev: &Ev<'_>,
    start: Option<Decimal>,
    deductions: &[Deduction],
) -> Result<LeafOut> {
    let (facts, ipath, code) = (ev.facts, ev.ipath, ev.code);
    for k in facts.events().keys() {
        if !deductions.iter().any(|o| &o.id == k) {
            return Err(Error::input(issue!(
                "input.unknown_event",
                key_path(&format!("{ipath}.events"), k),
                code,
                event = excerpt(k),
                deductions = (deductions.iter())
                    .map(|o| o.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    let start = start.unwrap_or(ev.max);
    let mut raw = start;
    let mut taken = Vec::new();
    for dd in deductions {
        let n = facts.events().get(&dd.id).copied().unwrap_or(0);
        if n > 0 {
            // An overflow comes from the number of events: its path.
            let events = || {
                Error::Arithmetic(issue!(
                    "arithmetic.overflow:deductions",
                    key_path(&format!("{ipath}.events"), &dd.id),
                    n,
                    points = show(dd.points),
                ))
            };
            let off = d::checked_mul(Decimal::from(n), dd.points).ok_or_else(events)?;
            raw = d::checked_sub(raw, off).ok_or_else(events)?;
            if ev.explain {
                taken.push(DeductionPart {
                    id: dd.id.clone(),
                    events: n,
                    points: off,
                });
            }
        }
    }
    Ok(ev.simple(raw, Branch::Deductions { start, taken }))
}

pub(super) fn synthetic(deductions: &[Deduction], rng: &mut Lcg) -> ItemInput {
    let mut events = BTreeMap::new();
    for dd in deductions {
        let c = rng.below(3);
        if c > 0 {
            events.insert(dd.id.clone(), c);
        }
    }
    ItemInput::default().with_events(events)
}
