//! The workflow's calendar: the instants at which a dossier changes phase, read from the rule set's
//! calendar periods (S5, S6, S8).

use super::codes;
use super::serde_time;
use crate::error::{Error, Issue, Result};
use crate::model::{Calendar, Period};
use crate::ruleset::RuleSet;
use crate::time::{parse_offset, Date, DateTime};
use serde::{Deserialize, Serialize};

/// The ids of the calendar periods the workflow reads (`RuleSetDef.calendar.periods[].id`).
///
/// A period applies to a level when its `levels` list is empty or names the level.
pub mod periods {
    /// Self-assessment (S3, S5). Required. Units score and submit from the first day; the
    /// submission deadline is the **end of the last day** ("trước ngày 18/11/2019" → last day 17/11).
    pub const SELF_ASSESSMENT: &str = "self_assessment";
    /// First-round appraisal by the council (S6: 18–25/11). Required. Opens at the start of the
    /// first day; closes at the lock.
    pub const APPRAISAL: &str = "appraisal";
    /// Council members send their results (S6: 26/11). Optional. When present, the software locks
    /// at the end of its last day; otherwise at the end of the appraisal period.
    pub const RESULTS_SUBMISSION: &str = "results_submission";
    /// Units explain and add evidence (S8: 27/11–06/12). Required.
    pub const EXPLANATION: &str = "explanation";
    /// Second appraisal round (only when the council has `rounds: 2`). Optional. When absent, the
    /// second round runs from the end of the explanation window to the start of the announcement
    /// day (S8: the report is compiled 09–13/12 and the council reviews 16–17/12).
    pub const REAPPRAISAL: &str = "reappraisal";
    /// Announcement by the Chairman (S8: 18/12). Required. Results may be announced from the
    /// start of its first day.
    pub const ANNOUNCEMENT: &str = "announcement";
    /// Districts appraise, rank and announce their communes and report to the province (S10: by
    /// 31/12/2019). Optional; when the rule set has it for a delegated level, a district's calendar
    /// must announce within it ([`super::Schedule::for_district`]).
    pub const COMMUNE_REPORT: &str = "commune_report";
}

/// The resolved calendar of one level's dossiers: every instant is local time in the calendar's
/// UTC offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// The level the schedule applies to.
    pub level: String,
    /// UTC offset of the local times, in minutes (Hòa Bình: 420, i.e. +07:00).
    pub utc_offset_minutes: i32,
    /// Appraisal rounds of the council (1, or 2 with a re-appraisal after the explanations).
    pub rounds: u8,
    /// Self-assessment opens.
    #[serde(with = "serde_time")]
    pub self_assessment_start: DateTime,
    /// Submission deadline (S5); an unsubmitted dossier moves to appraisal at this instant.
    #[serde(with = "serde_time")]
    pub deadline: DateTime,
    /// First-round appraisal opens (S6).
    #[serde(with = "serde_time")]
    pub appraisal_start: DateTime,
    /// The software locks; council members can no longer act (S6: end of 26/11).
    #[serde(with = "serde_time")]
    pub lock: DateTime,
    /// Explanation window opens (S8).
    #[serde(with = "serde_time")]
    pub explanation_start: DateTime,
    /// Explanation window closes (end of its last day).
    #[serde(with = "serde_time")]
    pub explanation_end: DateTime,
    /// Second round opens (meaningful with `rounds: 2`).
    #[serde(with = "serde_time")]
    pub reappraisal_start: DateTime,
    /// Second round closes; the results are final.
    #[serde(with = "serde_time")]
    pub reappraisal_end: DateTime,
    /// Results may be announced from this instant (S8: 18/12).
    #[serde(with = "serde_time")]
    pub announcement: DateTime,
}

fn missing(msg: String) -> Error {
    Error::Workflow(Issue::new(codes::MISSING_PERIOD, "$.calendar.periods", msg))
}

fn bad(path: impl Into<String>, msg: impl Into<String>) -> Error {
    Error::Workflow(Issue::new(codes::BAD_CALENDAR, path, msg))
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
        Some((i, p)) if required => Err(Error::Workflow(Issue::new(
            codes::MISSING_PERIOD,
            format!("$.calendar.periods[{i}].levels"),
            format!(
                "period `{id}` applies to level(s) {} only, not to `{level}`; give the level its own calendar \
                 (Schedule::for_district)",
                p.levels.join(", ")
            ),
        ))),
        Some(_) => Ok(None),
        None if required => Err(missing(format!(
            "the calendar has no period `{id}`, which the workflow needs (periods: {})",
            cal.periods.iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join(", ")
        ))),
        None => Ok(None),
    }
}

fn days(i: usize, p: &Period) -> Result<(Date, Date)> {
    let path = format!("$.calendar.periods[{i}]");
    let a = Date::parse(&p.start).ok_or_else(|| {
        bad(
            format!("{path}.start"),
            format!("`{}` is not a date YYYY-MM-DD", p.start),
        )
    })?;
    let b = Date::parse(&p.end).ok_or_else(|| {
        bad(
            format!("{path}.end"),
            format!("`{}` is not a date YYYY-MM-DD", p.end),
        )
    })?;
    if a > b {
        return Err(bad(
            path,
            format!("period `{}` ends before it starts", p.id),
        ));
    }
    Ok((a, b))
}

impl Schedule {
    /// The schedule of a level's dossiers from the rule set's calendar and council.
    pub fn from_ruleset(rs: &RuleSet, level: &str) -> Result<Schedule> {
        let def = rs.def();
        let cal = def.calendar.as_ref().ok_or_else(|| {
            Error::Workflow(Issue::new(
                codes::MISSING_PERIOD,
                "$.calendar",
                format!(
                    "rule set `{}` has no calendar; the workflow needs its periods",
                    def.id
                ),
            ))
        })?;
        let rounds = def.council.as_ref().map(|c| c.rounds).unwrap_or(1);
        Self::from_calendar(cal, level, rounds)
    }

    /// The schedule of a level from a calendar (e.g. one a district sets for its communes, S10).
    pub fn from_calendar(cal: &Calendar, level: &str, rounds: u8) -> Result<Schedule> {
        let offset = match &cal.utc_offset {
            None => 0,
            Some(s) => parse_offset(s).ok_or_else(|| {
                bad(
                    "$.calendar.utc_offset",
                    format!("`{s}` is not a UTC offset like +07:00"),
                )
            })?,
        };
        let req = |id: &str| -> Result<(Date, Date)> {
            match find(cal, id, level, true)? {
                Some((i, p)) => days(i, p),
                None => Err(missing(format!("the calendar has no period `{id}`"))),
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
        let an = req(periods::ANNOUNCEMENT)?;
        let re = if rounds >= 2 {
            opt(periods::REAPPRAISAL)?
        } else {
            None
        };
        let explanation_end = DateTime::end_of(ex.1);
        let announcement = DateTime::start_of(an.0);
        let (reappraisal_start, reappraisal_end) = match re {
            Some((a, b)) => (DateTime::start_of(a), DateTime::end_of(b)),
            None if rounds >= 2 => (explanation_end, announcement),
            None => (explanation_end, explanation_end),
        };
        let s = Schedule {
            level: level.to_string(),
            utc_offset_minutes: offset,
            rounds,
            self_assessment_start: DateTime::start_of(sa.0),
            deadline: DateTime::end_of(sa.1),
            appraisal_start: DateTime::start_of(ap.0),
            lock: DateTime::end_of(rsub.map(|r| r.1).unwrap_or(ap.1)),
            explanation_start: DateTime::start_of(ex.0),
            explanation_end,
            reappraisal_start,
            reappraisal_end,
            announcement,
        };
        s.validate()?;
        Ok(s)
    }

    /// The schedule of a delegated level's dossiers (communes, S10) from the calendar their
    /// district sets, with the same period ids. The rule set's UTC offset applies when the
    /// district's calendar gives none, and the announcement must fall within the rule set's
    /// `commune_report` period for the level, when it has one.
    pub fn for_district(
        rs: &RuleSet,
        level: &str,
        district_calendar: &Calendar,
    ) -> Result<Schedule> {
        let def = rs.def();
        let mut cal = district_calendar.clone();
        if cal.utc_offset.is_none() {
            cal.utc_offset = def.calendar.as_ref().and_then(|c| c.utc_offset.clone());
        }
        let rounds = def.council.as_ref().map(|c| c.rounds).unwrap_or(1);
        let s = Self::from_calendar(&cal, level, rounds)?;
        if let Some(province) = &def.calendar {
            if let Some((i, p)) = find(province, periods::COMMUNE_REPORT, level, false)? {
                let (_, last) = days(i, p)?;
                if s.announcement >= DateTime::end_of(last) {
                    return Err(bad(
                        format!("$.calendar.periods[{i}]"),
                        format!(
                            "the district must announce its communes' index and report by the end of {last} \
                             (S10, period `{}`); its calendar announces on {}",
                            p.id,
                            s.announcement.date()
                        ),
                    ));
                }
            }
        }
        Ok(s)
    }

    /// Check that the instants follow the workflow's order.
    pub fn validate(&self) -> Result<()> {
        if !(1..=2).contains(&self.rounds) {
            return Err(bad(
                "$.council.rounds",
                "the council appraises in 1 or 2 rounds",
            ));
        }
        let mut steps: Vec<(&str, DateTime, &str, DateTime, bool)> = vec![
            (
                "self-assessment start",
                self.self_assessment_start,
                "deadline",
                self.deadline,
                true,
            ),
            (
                "self-assessment deadline",
                self.deadline,
                "appraisal start",
                self.appraisal_start,
                false,
            ),
            (
                "appraisal start",
                self.appraisal_start,
                "lock",
                self.lock,
                true,
            ),
            (
                "lock",
                self.lock,
                "explanation start",
                self.explanation_start,
                false,
            ),
            (
                "explanation start",
                self.explanation_start,
                "explanation end",
                self.explanation_end,
                true,
            ),
        ];
        if self.rounds >= 2 {
            steps.push((
                "explanation end",
                self.explanation_end,
                "re-appraisal start",
                self.reappraisal_start,
                false,
            ));
            steps.push((
                "re-appraisal start",
                self.reappraisal_start,
                "re-appraisal end",
                self.reappraisal_end,
                true,
            ));
            steps.push((
                "re-appraisal end",
                self.reappraisal_end,
                "announcement",
                self.announcement,
                false,
            ));
        } else {
            steps.push((
                "explanation end",
                self.explanation_end,
                "announcement",
                self.announcement,
                false,
            ));
        }
        for (a, ta, b, tb, strict) in steps {
            if ta > tb || (strict && ta == tb) {
                return Err(bad(
                    "$.calendar.periods",
                    format!(
                        "the {a} ({ta}) must come {} the {b} ({tb})",
                        if strict {
                            "strictly before"
                        } else {
                            "no later than"
                        }
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Read a date-time in this calendar: `2019-11-26T17:30:00` is local time; an explicit offset
    /// (`+07:00`, `Z`) is converted.
    pub fn time(&self, s: &str) -> Result<DateTime> {
        DateTime::parse_in(s, self.utc_offset_minutes).ok_or_else(|| {
            Error::Workflow(Issue::new(
                codes::BAD_TIME,
                "$",
                format!("`{s}` is not a date-time of the form YYYY-MM-DDTHH:MM[:SS][offset]"),
            ))
        })
    }
}
