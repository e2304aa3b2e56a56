//! C1 `choice`: one of several options, each with its points. Fact: `choice`.

use super::{Ev, Lcg, LeafOut, Names};
use crate::def::check::{check_points, dup_ids, Ids, V};
use crate::def::{Choice, Description, Node};
use crate::error::{excerpt, issue, Error, Result};
use crate::input::{fact_bit, ItemInput};
use crate::result::Branch;
use rust_decimal::Decimal;

pub(super) const DESCRIPTION: Description = Description {
    vi: "Chọn một trong các phương án; mỗi phương án có số điểm của nó.",
    en: "One of several options is chosen; each option has its own points.",
};

pub(super) const FACTS: u16 = fact_bit::CHOICE;

/// The branch in words, as the explanation says it ([`crate::NodeScore::text`]): the option
/// chosen, by its label.
pub(super) fn words(option: &str, names: Names<'_>) -> String {
    format!(
        "{} {}",
        names.lang.pick("Phương án đã chọn:", "Option chosen:"),
        names.of(option)
    )
}

pub(super) fn validate(v: &mut V, n: &Node, options: &[Choice], path: &str) {
    if options.is_empty() {
        v.issue(issue!("ruleset.empty:options", format!("{path}.options")));
    }
    dup_ids(
        v,
        Ids::Option,
        options
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.as_str(), format!("{path}.options[{i}].id"))),
    );
    for (i, o) in options.iter().enumerate() {
        check_points(v, n, o.points, format!("{path}.options[{i}].points"));
    }
}

pub(super) fn declared(options: &[Choice], f: &mut dyn FnMut(Decimal, &dyn Fn() -> String)) {
    for (i, o) in options.iter().enumerate() {
        f(o.points, &|| format!("options[{i}].points"));
    }
}

pub(super) fn evaluate(ev: &Ev<'_>, options: &[Choice]) -> Result<LeafOut> {
    let id = ev.facts.choice().ok_or_else(|| ev.need("choice"))?;
    let opt = options.iter().find(|o| o.id == id).ok_or_else(|| {
        Error::input(issue!(
            "input.unknown_choice",
            format!("{}.choice", ev.ipath),
            code = ev.code,
            choice = excerpt(id),
            options = (options.iter())
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })?;
    Ok(ev.simple(
        opt.points,
        Branch::Choice {
            option: if ev.explain {
                opt.id.clone()
            } else {
                String::new()
            },
        },
    ))
}

pub(super) fn synthetic(options: &[Choice], rng: &mut Lcg) -> ItemInput {
    ItemInput::default().with_choice(options[rng.below(options.len() as u64) as usize].id.clone())
}
