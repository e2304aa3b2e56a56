//! Calendar dates and local date-times, without a clock.
//!
//! The engine never reads the current time; callers pass it in. Dates in a rule set are the
//! province's local calendar days (Hòa Bình: UTC+07:00).

use std::fmt;

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl Date {
    /// Parse `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = num(&s[0..4])? as i32;
        let month = num(&s[5..7])? as u8;
        let day = num(&s[8..10])? as u8;
        if month == 0 || month > 12 || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (for comparisons and arithmetic).
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Parse a UTC offset `+07:00` / `-03:30` / `Z` into minutes.
pub fn parse_offset(s: &str) -> Option<i32> {
    if s == "Z" {
        return Some(0);
    }
    let b = s.as_bytes();
    if b.len() != 6 || b[3] != b':' {
        return None;
    }
    let sign = match b[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let h = num(&s[1..3])? as i32;
    let m = num(&s[4..6])? as i32;
    if h > 14 || m > 59 {
        return None;
    }
    Some(sign * (h * 60 + m))
}

/// A local date-time in the province's calendar: `2019-11-26T17:30:00`, with the fraction of a
/// second it was given (`2019-11-17T23:59:59.999`, any number of digits). An explicit offset
/// (`+07:00`, `Z`) may follow; it is converted to the calendar's offset by [`DateTime::parse_in`].
///
/// The fraction is kept exactly, as its decimal digits without trailing zeros (never a float):
/// `59.5` and `59.500` are the same instant, and two instants compare by their seconds, then by
/// their fractions digit by digit (`59.4999…` is earlier than `59.5`, whatever its length).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    /// Seconds since 1970-01-01T00:00:00 local time.
    secs: i64,
    /// The fraction of a second: its digits after the decimal point, without trailing zeros;
    /// `None` for a whole second. Digit strings without trailing zeros order as the fractions
    /// they write, so the derived order is the order in time.
    frac: Option<Box<str>>,
}

/// In JSON a date-time is its text (`"2019-11-26T17:30:00"`, local time in workflow records).
impl schemars::JsonSchema for DateTime {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DateTime".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string" })
    }
}

impl DateTime {
    /// Parse `YYYY-MM-DDTHH:MM[:SS[.fraction]][offset]`, or a bare date (midnight), as a local
    /// time of a calendar whose UTC offset is `local_offset_min` minutes. The fraction has one
    /// digit or more (JavaScript's `toISOString()` writes 3, Python's `isoformat()` 6) and is kept
    /// exactly; an offset (`Z`, `+07:00`) converts the time to the calendar's.
    pub fn parse_in(s: &str, local_offset_min: i32) -> Option<DateTime> {
        if s.len() == 10 {
            return Some(DateTime::start_of(Date::parse(s)?));
        }
        if s.len() < 16 || s.as_bytes()[10] != b'T' {
            return None;
        }
        let date = Date::parse(&s[..10])?;
        let rest = &s[11..];
        let (clock, off) = match rest.find(['+', '-', 'Z']) {
            Some(i) => (&rest[..i], Some(&rest[i..])),
            None => (rest, None),
        };
        let (hms, frac) = match clock.split_once('.') {
            Some((hms, f)) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => {
                (hms, Some(f))
            }
            Some(_) => return None,
            None => (clock, None),
        };
        let parts: Vec<&str> = hms.split(':').collect();
        if parts.len() < 2 || parts.len() > 3 || parts.iter().any(|p| p.len() != 2) {
            return None;
        }
        // A fraction belongs to the seconds: `09:00.5` is not a time.
        if frac.is_some() && parts.len() != 3 {
            return None;
        }
        let h = num(parts[0])? as i64;
        let mi = num(parts[1])? as i64;
        let se = if parts.len() == 3 {
            num(parts[2])? as i64
        } else {
            0
        };
        if h > 23 || mi > 59 || se > 59 {
            return None;
        }
        let mut secs = date.days() * 86_400 + h * 3600 + mi * 60 + se;
        if let Some(off) = off {
            let given = parse_offset(off)?;
            secs += ((local_offset_min - given) as i64) * 60;
        }
        let frac = frac
            .map(|f| f.trim_end_matches('0'))
            .filter(|f| !f.is_empty())
            .map(Box::from);
        Some(DateTime { secs, frac })
    }

    /// 00:00:00 of a day.
    pub fn start_of(d: Date) -> DateTime {
        DateTime {
            secs: d.days() * 86_400,
            frac: None,
        }
    }

    /// The first second after a day ends ("at the end of 26/11" is before this instant).
    pub fn end_of(d: Date) -> DateTime {
        DateTime {
            secs: (d.days() + 1) * 86_400,
            frac: None,
        }
    }

    /// The fraction of a second as written (digits after the point, no trailing zeros), if any.
    pub fn fraction(&self) -> Option<&str> {
        self.frac.as_deref()
    }

    /// The calendar day of this instant.
    pub fn date(&self) -> Date {
        let z = self.secs.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        Date {
            year: (if m <= 2 { y + 1 } else { y }) as i32,
            month: m,
            day: d,
        }
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.secs.rem_euclid(86_400);
        write!(
            f,
            "{}T{:02}:{:02}:{:02}",
            self.date(),
            s / 3600,
            (s / 60) % 60,
            s % 60
        )?;
        match &self.frac {
            Some(frac) => write!(f, ".{frac}"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_reject_impossible_days() {
        let d = Date::parse("2019-11-26").unwrap();
        assert_eq!(DateTime::start_of(d).date(), d);
        assert_eq!(DateTime::end_of(d).date().to_string(), "2019-11-27");
        assert!(Date::parse("2019-02-29").is_none());
        assert!(Date::parse("2020-02-29").is_some());
        assert!(Date::parse("2019-13-01").is_none());
        assert!(Date::parse("19-11-26").is_none());
    }

    #[test]
    fn offsets_convert_to_local_time() {
        let utc = DateTime::parse_in("2019-11-26T17:00:00Z", 420).unwrap();
        assert_eq!(utc.to_string(), "2019-11-27T00:00:00");
        let local = DateTime::parse_in("2019-11-26T23:59:59", 420).unwrap();
        assert!(local < DateTime::end_of(Date::parse("2019-11-26").unwrap()));
        assert!(DateTime::parse_in("2019-11-26T24:00", 420).is_none());
    }

    #[test]
    fn fractions_of_a_second_are_kept_exactly_and_ordered() {
        // JavaScript's toISOString(): UTC with milliseconds.
        let js = DateTime::parse_in("2019-11-17T16:59:59.000Z", 420).unwrap();
        assert_eq!(js.to_string(), "2019-11-17T23:59:59");
        assert_eq!(js, DateTime::parse_in("2019-11-17T23:59:59", 420).unwrap());
        let a = DateTime::parse_in("2019-11-17T23:59:59.5", 420).unwrap();
        let b = DateTime::parse_in("2019-11-17T23:59:59.500000", 420).unwrap();
        let c =
            DateTime::parse_in("2019-11-17T23:59:59.4999999999999999999999999999999", 420).unwrap();
        assert_eq!(a, b);
        assert_eq!(b.to_string(), "2019-11-17T23:59:59.5");
        assert!(c < a && js < c);
        assert_eq!(c.fraction(), Some("4999999999999999999999999999999"));
        assert!(a < DateTime::end_of(Date::parse("2019-11-17").unwrap()));
        for bad in [
            "2019-11-17T23:59:59.",
            "2019-11-17T23:59.5",
            "2019-11-17T23:59:59.5x",
            "2019-11-17T23:59:59,5",
        ] {
            assert!(DateTime::parse_in(bad, 420).is_none(), "{bad}");
        }
    }
}
