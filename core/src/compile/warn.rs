//! Warnings on a valid rule set (issue 23, item 14): what is consistent enough to score with but
//! likely a slip of transcription, by what the 2019 guidance states. Each reaches every unit's
//! warnings, so that every output shows it as it shows a scoring warning.
//!
//! - `ruleset.calendar_year`: a calendar date outside the rule set's year. The 2019 guidance runs
//!   the whole 2019 assessment within 2019, from the self-assessment to the communes' report "trước
//!   ngày 31/12/2019" (S5, S6, S8, S10): a date of another year is most often last year's calendar
//!   copied.
//! - `ruleset.form_max`: a self-scoring form declared for groups of different maxima. The guidance
//!   gives each maximum its own table (S2, S4: form 02 for the four 52-point units, 03 for the other
//!   departments, 04 for the districts, both 56): one form, one maximum. For Decision 1440 itself,
//!   form 02 is 52 points and forms 03 and 04 are 56.
//! - `ruleset.member_in_two_groups`: a unit listed in the `members` of two groups (S2: a unit has
//!   one maximum).
//!
//! The warning on an input that places a listed member in another group (`input.group_not_listed`,
//! S2) is given when the unit is scored ([`listed_elsewhere`]).

use crate::def::{Group, RuleSetDef};
use crate::error::{excerpt, issue, Issue};
use rust_decimal::Decimal;

/// The warnings of a valid rule set, in document order.
pub(super) fn warnings(def: &RuleSetDef) -> Vec<Issue> {
    let mut out = Vec::new();
    calendar_year(def, &mut out);
    forms(def, &mut out);
    members(def, &mut out);
    out
}

fn calendar_year(def: &RuleSetDef, out: &mut Vec<Issue>) {
    let Some(cal) = &def.calendar else { return };
    let year = def.year.to_string();
    // `key` names what the date is (a period's start or end, a template's), `id` whose.
    let mut check = |date: &str, path: String, key: &'static str, id: &str| {
        // Dates are valid here (`YYYY-MM-DD`).
        if date.get(..4).is_some_and(|y| y != year) {
            out.push(issue!(key, path, id = excerpt(id), date, year));
        }
    };
    for (i, p) in cal.periods.iter().enumerate() {
        let path = format!("$.calendar.periods[{i}]");
        let key = "ruleset.calendar_year:period_start";
        check(&p.start, format!("{path}.start"), key, &p.id);
        let key = "ruleset.calendar_year:period_end";
        check(&p.end, format!("{path}.end"), key, &p.id);
    }
    for (i, t) in cal.templates.iter().enumerate() {
        let path = format!("$.calendar.templates[{i}]");
        let key = "ruleset.calendar_year:template_start";
        check(&t.start, format!("{path}.start"), key, &t.level);
        let key = "ruleset.calendar_year:template_end";
        check(&t.end, format!("{path}.end"), key, &t.level);
    }
}

/// The maxima Decision 1440's guidance gives each form (S2, S4).
const FORMS_1440: [(&str, i64); 3] = [("02", 52), ("03", 56), ("04", 56)];

fn forms(def: &RuleSetDef, out: &mut Vec<Issue>) {
    let is_1440 = def.decision.number.contains("1440/QĐ-UBND");
    for (gi, g) in def.groups.iter().enumerate() {
        let Some(form) = g.form.as_deref() else {
            continue;
        };
        let path = format!("$.groups[{gi}].max_points");
        let stated = FORMS_1440.iter().find(|(f, _)| *f == form.trim());
        if let (true, Some(&(f, max))) = (is_1440, stated) {
            if g.max_points != Decimal::from(max) {
                out.push(issue!(
                    "ruleset.form_max",
                    path,
                    group = g.id,
                    form = f,
                    max,
                    declared = g.max_points,
                ));
                continue;
            }
        }
        // The first other group before it with the same form and another maximum.
        if let Some(other) = (def.groups[..gi].iter())
            .find(|o| o.form.as_deref() == Some(form) && o.max_points != g.max_points)
        {
            out.push(issue!(
                "ruleset.form_max:two_groups",
                path,
                group = g.id,
                form = excerpt(form),
                max = g.max_points,
                other = other.id,
                other_max = other.max_points,
            ));
        }
    }
}

fn members(def: &RuleSetDef, out: &mut Vec<Issue>) {
    for (gi, g) in def.groups.iter().enumerate() {
        for (mi, m) in g.members.iter().enumerate() {
            if let Some(first) =
                (def.groups[..gi].iter()).find(|o| o.members.iter().any(|x| same_name(x, m)))
            {
                out.push(issue!(
                    "ruleset.member_in_two_groups",
                    format!("$.groups[{gi}].members[{mi}]"),
                    member = m,
                    first = first.id,
                    group = g.id,
                ));
            }
        }
    }
}

/// Two unit names alike but for case and spacing.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let (mut wa, mut wb) = (a.split_whitespace(), b.split_whitespace());
    loop {
        match (wa.next(), wb.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) => {
                let lower = crate::support::case::to_lowercase;
                if x != y && !x.chars().flat_map(lower).eq(y.chars().flat_map(lower)) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// The group of the unit's level, other than `group`, that lists the unit (by name) among its
/// members (S2: e.g. Sở Ngoại vụ, a 52-point unit, given the 56-point group).
pub(crate) fn listed_elsewhere<'d>(
    def: &'d RuleSetDef,
    group: &Group,
    name: &str,
) -> Option<&'d Group> {
    (def.groups.iter())
        .filter(|g| g.id != group.id && g.level == group.level && !g.members.is_empty())
        .find(|g| {
            !group.members.iter().any(|m| same_name(m, name))
                && g.members.iter().any(|m| same_name(m, name))
        })
}
