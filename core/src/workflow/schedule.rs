//! The workflow's calendar: the instants at which a dossier changes phase, read from the rule set's
//! calendar periods (S5, S6, S8), or, for a delegated level, from the calendar the parent unit
//! fills in the rule set's template (S10).
//!
//! Every date of a calendar is a day of the calendar's local time, and every time given without an
//! offset is read in that time: `utc_offset` is required (Hòa Bình: `+07:00`, Vietnam time).

use super::codes;
use super::serde_time;
use crate::compile::RuleSet;
use crate::def::{Calendar, CalendarTemplate, Period};
use crate::error::{issue, Error, Issue, Result};
use crate::time::{parse_offset, Date, DateTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::def::periods;

crate::de::tree_struct! {
/// A window of time: from `start` (included) to `end` (excluded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Window {
    #[serde(with = "serde_time")]
    #[schemars(with = "DateTime")]
    pub start: DateTime,
    #[serde(with = "serde_time")]
    #[schemars(with = "DateTime")]
    pub end: DateTime,
}
}

crate::de::tree_struct! {
/// The resolved calendar of one level's dossiers: every instant is local time in the calendar's
/// UTC offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// The level the schedule applies to.
    pub level: String,
    /// UTC offset of the local times, in minutes (Hòa Bình: 420, i.e. +07:00).
    pub utc_offset_minutes: i32,
    /// Self-assessment opens.
    #[serde(with = "serde_time")]
    #[schemars(with = "DateTime")]
    pub self_assessment_start: DateTime,
    /// Submission deadline (S5); an unsubmitted dossier moves to appraisal at this instant.
    #[serde(with = "serde_time")]
    #[schemars(with = "DateTime")]
    pub deadline: DateTime,
    /// First-round appraisal opens (S6).
    #[serde(with = "serde_time")]
    #[schemars(with = "DateTime")]
    pub appraisal_start: DateTime,
    /// The software locks; council members can no longer act (S6: end of 26/11).
    #[serde(with = "serde_time")]
    #[schemars(with = "DateTime")]
    pub lock: DateTime,
    /// Explanation window opens (S8).
    #[serde(with = "serde_time")]
    #[schemars(with = "DateTime")]
    pub explanation_start: DateTime,
    /// Explanation window closes (end of its last day).
    #[serde(with = "serde_time")]
    #[schemars(with = "DateTime")]
    pub explanation_end: DateTime,
    /// The council's review (S8: 16–17/12), in which the standing body records the council's
    /// reviewed decisions; absent when the calendar has no `council_review` period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Window>,
    /// Results may be announced from this instant (S8: 18/12).
    #[serde(with = "serde_time")]
    #[schemars(with = "DateTime")]
    pub announcement: DateTime,
}
}

impl Schedule {
    /// When the results are final: the end of the council's review, or without one, the
    /// announcement date.
    pub fn results_final(&self) -> &DateTime {
        match &self.review {
            Some(w) => &w.end,
            None => &self.announcement,
        }
    }
}

crate::de::tree_struct! {
/// The calendar a district sets for its communes (S10), filling the rule set's template for the
/// level (`calendar.templates[]`): per period its id and days. Labels come from the template, and
/// the UTC offset is the rule set's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DistrictCalendar {
    pub periods: Vec<DistrictPeriod>,
}
}

crate::de::tree_struct! {
/// One period of a [`DistrictCalendar`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DistrictPeriod {
    /// A period id of the template.
    pub id: String,
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, inclusive.
    pub end: String,
}
}

fn missing(issue: Issue) -> Error {
    Error::Workflow(issue)
}

fn bad(issue: Issue) -> Error {
    Error::Workflow(issue)
}

fn applies(p: &Period, level: &str) -> bool {
    p.levels.is_empty() || p.levels.iter().any(|l| l == level)
}

/// Find a period by id for a level: `Ok(None)` when absent, an error when it exists only for other
/// levels and `required`.
fn find<'a>(
    cal: &'a Calendar,
    id: &str,
    level: &str,
    required: bool,
) -> Result<Option<(usize, &'a Period)>> {
    match cal.periods.iter().enumerate().find(|(_, p)| p.id == id) {
        Some((i, p)) if applies(p, level) => Ok(Some((i, p))),
        Some((i, p)) if required => Err(Error::Workflow(issue!(
            "workflow.missing_period:level",
            format!("$.calendar.periods[{i}].levels"),
            id,
            levels = p.levels.join(", "),
            level
        ))),
        Some(_) => Ok(None),
        None if required => Err(missing(issue!(
            "workflow.missing_period:needed",
            "$.calendar.periods",
            id,
            periods = (cal.periods.iter().map(|p| p.id.as_str()))
                .collect::<Vec<_>>()
                .join(", "),
        ))),
        None => Ok(None),
    }
}

fn day(s: &str, path: String) -> Result<Date> {
    Date::parse(s).ok_or_else(|| bad(issue!("workflow.bad_calendar:date", path, date = s)))
}

fn days(i: usize, p: &Period) -> Result<(Date, Date)> {
    let path = format!("$.calendar.periods[{i}]");
    let a = day(&p.start, format!("{path}.start"))?;
    let b = day(&p.end, format!("{path}.end"))?;
    if a > b {
        return Err(bad(issue!("workflow.bad_calendar:order", path, id = p.id)));
    }
    Ok((a, b))
}

/// The rule set's template for a level, if any.
pub(crate) fn template<'a>(rs: &'a RuleSet, level: &str) -> Option<(usize, &'a CalendarTemplate)> {
    rs.def()
        .calendar
        .as_ref()?
        .templates
        .iter()
        .enumerate()
        .find(|(_, t)| t.level == level)
}

/// The rule set's UTC offset in minutes; a calendar without one is refused (never taken as UTC).
fn offset_of(cal: &Calendar) -> Result<i32> {
    match &cal.utc_offset {
        None => Err(bad(issue!(
            "workflow.bad_calendar:no_offset",
            "$.calendar.utc_offset"
        ))),
        Some(s) => parse_offset(s).ok_or_else(|| {
            bad(issue!(
                "workflow.bad_calendar:offset",
                "$.calendar.utc_offset",
                offset = s
            ))
        }),
    }
}

impl Schedule {
    /// The schedule of a level's dossiers from the rule set's calendar. A level whose calendar the
    /// parent unit sets (a template for it, S10) is refused with `workflow.missing_calendar`: use
    /// [`Schedule::for_district`].
    pub fn from_ruleset(rs: &RuleSet, level: &str) -> Result<Schedule> {
        let def = rs.def();
        let cal = def.calendar.as_ref().ok_or_else(|| {
            Error::Workflow(issue!(
                "workflow.missing_period:no_calendar",
                "$.calendar",
                ruleset = def.id
            ))
        })?;
        if let Some((i, _)) = template(rs, level) {
            return Err(Error::Workflow(issue!(
                codes::MISSING_CALENDAR,
                format!("$.calendar.templates[{i}]"),
                level
            )));
        }
        Self::from_calendar(cal, level)
    }

    /// The schedule of a level from a calendar (its periods for the level, its UTC offset).
    pub fn from_calendar(cal: &Calendar, level: &str) -> Result<Schedule> {
        let offset = offset_of(cal)?;
        let req = |id: &str| -> Result<(Date, Date)> {
            match find(cal, id, level, true)? {
                Some((i, p)) => days(i, p),
                None => Err(missing(issue!(
                    "workflow.missing_period",
                    "$.calendar.periods",
                    id
                ))),
            }
        };
        let opt = |id: &str| -> Result<Option<(Date, Date)>> {
            match find(cal, id, level, false)? {
                Some((i, p)) => days(i, p).map(Some),
                None => Ok(None),
            }
        };
        let sa = req(periods::SELF_ASSESSMENT)?;
        let ap = req(periods::APPRAISAL)?;
        let rsub = opt(periods::RESULTS_SUBMISSION)?;
        let ex = req(periods::EXPLANATION)?;
        let rv = opt(periods::COUNCIL_REVIEW)?;
        let an = req(periods::ANNOUNCEMENT)?;
        let s = Schedule {
            level: level.to_string(),
            utc_offset_minutes: offset,
            self_assessment_start: DateTime::start_of(sa.0),
            deadline: DateTime::end_of(sa.1),
            appraisal_start: DateTime::start_of(ap.0),
            lock: DateTime::end_of(rsub.map(|r| r.1).unwrap_or(ap.1)),
            explanation_start: DateTime::start_of(ex.0),
            explanation_end: DateTime::end_of(ex.1),
            review: rv.map(|(a, b)| Window {
                start: DateTime::start_of(a),
                end: DateTime::end_of(b),
            }),
            announcement: DateTime::start_of(an.0),
        };
        s.validate()?;
        Ok(s)
    }

    /// The schedule of a delegated level's dossiers (communes, S10) from the calendar their
    /// district sets by filling the rule set's template for the level. Refused (paths under
    /// `$.calendar`):
    /// - no template for the level: `workflow.missing_period` at `$.calendar.templates`;
    /// - a period the template does not have: `workflow.unknown_period`; one given twice:
    ///   `workflow.bad_calendar`; one the template requires left out: `workflow.missing_period`;
    /// - a day outside the template's bounds (S10: the district reports by 31/12/2019):
    ///   `workflow.outside_template` at the period's `start` or `end`;
    /// - dates that are not days, or periods out of the workflow's order: `workflow.bad_calendar`.
    pub fn for_district(
        rs: &RuleSet,
        level: &str,
        district: &DistrictCalendar,
    ) -> Result<Schedule> {
        let def = rs.def();
        let province = def.calendar.as_ref();
        let (ti, tpl) = template(rs, level).ok_or_else(|| {
            Error::Workflow(issue!(
                "workflow.missing_period:no_template",
                "$.calendar.templates",
                ruleset = def.id,
                level
            ))
        })?;
        let tpath = format!("$.calendar.templates[{ti}]");
        let (lo, hi) = (
            day(&tpl.start, format!("{tpath}.start"))?,
            day(&tpl.end, format!("{tpath}.end"))?,
        );
        let mut periods = Vec::with_capacity(district.periods.len());
        for (i, p) in district.periods.iter().enumerate() {
            let path = format!("$.calendar.periods[{i}]");
            let Some(tp) = tpl.periods.iter().find(|t| t.id == p.id) else {
                return Err(Error::Workflow(issue!(
                    codes::UNKNOWN_PERIOD,
                    format!("{path}.id"),
                    level,
                    id = p.id,
                    periods = tpl
                        .periods
                        .iter()
                        .map(|t| t.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            };
            if district.periods[..i].iter().any(|q| q.id == p.id) {
                return Err(bad(issue!(
                    "workflow.bad_calendar:twice",
                    format!("{path}.id"),
                    id = p.id
                )));
            }
            for (which, d) in [("start", &p.start), ("end", &p.end)] {
                let d = day(d, format!("{path}.{which}"))?;
                if d < lo || d > hi {
                    let key = if which == "start" {
                        "workflow.outside_template"
                    } else {
                        "workflow.outside_template:end"
                    };
                    return Err(Error::Workflow(issue!(
                        key,
                        format!("{path}.{which}"),
                        id = p.id,
                        lo,
                        hi,
                        level,
                        label = tpl.label.vi,
                        day = d
                    )));
                }
            }
            periods.push(Period {
                id: p.id.clone(),
                label: tp.label.clone(),
                start: p.start.clone(),
                end: p.end.clone(),
                levels: Vec::new(),
                source: None,
            });
        }
        if let Some(t) = tpl
            .periods
            .iter()
            .find(|t| !t.optional && !district.periods.iter().any(|p| p.id == t.id))
        {
            return Err(missing(issue!(
                "workflow.missing_period:district",
                "$.calendar.periods",
                id = t.id,
                label = t.label.vi
            )));
        }
        let cal = Calendar {
            utc_offset: province.and_then(|c| c.utc_offset.clone()),
            periods,
            templates: Vec::new(),
        };
        Self::from_calendar(&cal, level)
    }

    /// The schedule of a level's dossiers: the rule set's calendar, or for a level with a
    /// template, the district's calendar filling it (S10).
    pub(crate) fn resolve(
        rs: &RuleSet,
        level: &str,
        district: Option<&DistrictCalendar>,
    ) -> Result<Schedule> {
        match district {
            Some(cal) => Self::for_district(rs, level, cal),
            None => Self::from_ruleset(rs, level),
        }
    }

    /// Check that the instants follow the workflow's order.
    pub fn validate(&self) -> Result<()> {
        let mut steps: Vec<(&str, &DateTime, &str, &DateTime, bool)> = vec![
            (
                "self-assessment start",
                &self.self_assessment_start,
                "deadline",
                &self.deadline,
                true,
            ),
            (
                "self-assessment deadline",
                &self.deadline,
                "appraisal start",
                &self.appraisal_start,
                false,
            ),
            (
                "appraisal start",
                &self.appraisal_start,
                "lock",
                &self.lock,
                true,
            ),
            (
                "lock",
                &self.lock,
                "explanation start",
                &self.explanation_start,
                false,
            ),
            (
                "explanation start",
                &self.explanation_start,
                "explanation end",
                &self.explanation_end,
                true,
            ),
        ];
        match &self.review {
            Some(w) => {
                steps.push((
                    "explanation end",
                    &self.explanation_end,
                    "council's review",
                    &w.start,
                    false,
                ));
                steps.push((
                    "council's review start",
                    &w.start,
                    "council's review end",
                    &w.end,
                    true,
                ));
                steps.push((
                    "council's review end",
                    &w.end,
                    "announcement",
                    &self.announcement,
                    false,
                ));
            }
            None => steps.push((
                "explanation end",
                &self.explanation_end,
                "announcement",
                &self.announcement,
                false,
            )),
        }
        for (a, ta, b, tb, strict) in steps {
            if ta > tb || (strict && ta == tb) {
                let (a, b) = (step_name(a), step_name(b));
                return Err(bad(if strict {
                    issue!(
                        "workflow.bad_calendar:before",
                        "$.calendar.periods",
                        a,
                        ta,
                        b,
                        tb
                    )
                } else {
                    issue!(
                        "workflow.bad_calendar:no_later",
                        "$.calendar.periods",
                        a,
                        ta,
                        b,
                        tb
                    )
                }));
            }
        }
        Ok(())
    }

    /// Read a date-time in this calendar: `2019-11-26T17:30:00` (or with a fraction of a second,
    /// `2019-11-26T17:30:00.250`) is local time — Vietnam time (+07:00) for the built-in rule set;
    /// an explicit offset (`+07:00`, `Z`, as JavaScript's `toISOString()` writes) is converted.
    pub fn time(&self, s: &str) -> Result<DateTime> {
        DateTime::parse_in(s, self.utc_offset_minutes)
            .ok_or_else(|| Error::Workflow(issue!(codes::BAD_TIME, "$", time = s)))
    }
}

/// The name of an instant of the schedule in the messages' language.
fn step_name(en: &'static str) -> &'static str {
    let vi = match en {
        "self-assessment start" => "thời điểm bắt đầu tự đánh giá",
        "deadline" | "self-assessment deadline" => "hạn nộp kết quả tự đánh giá",
        "appraisal start" => "thời điểm bắt đầu thẩm định",
        "lock" => "thời điểm khóa phần mềm",
        "explanation start" => "thời điểm bắt đầu giải trình",
        "explanation end" => "thời điểm kết thúc giải trình",
        "council's review" => "phiên xem xét của Hội đồng",
        "council's review start" => "thời điểm bắt đầu Hội đồng xem xét",
        "council's review end" => "thời điểm kết thúc Hội đồng xem xét",
        "announcement" => "ngày công bố kết quả",
        other => other,
    };
    crate::error::lang().pick(vi, en)
}
