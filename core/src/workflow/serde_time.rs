//! Local date-times in workflow JSON: `"2019-11-26T17:30:00"`, in the calendar's local time and
//! without an offset (the schedule records the offset once).

use crate::time::DateTime;
use serde::{Deserialize, Deserializer, Serializer};

/// Read a local date-time written by [`DateTime`]'s `Display`: `YYYY-MM-DDTHH:MM[:SS]` or a bare
/// date, without an offset.
pub(crate) fn parse_local(s: &str) -> Option<DateTime> {
    if s.get(11..)
        .is_some_and(|rest| rest.contains(['+', '-', 'Z']))
    {
        return None;
    }
    DateTime::parse_in(s, 0)
}

pub(crate) fn serialize<S: Serializer>(t: &DateTime, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(t)
}

pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime, D::Error> {
    let s = String::deserialize(d)?;
    parse_local(&s).ok_or_else(|| not_local(&s))
}

/// [`deserialize`] as the reader of a field of a table-driven object (`crate::de::tree_struct!`).
pub(crate) struct Time;

impl crate::de::Reader<DateTime> for Time {
    fn read(de: crate::de::De<'_, '_>) -> Result<DateTime, serde_json::Error> {
        deserialize(de)
    }
}

/// The error of a text that is not a local date-time: the registry's
/// `input.invalid_type:local_time` once the reader's message is read back as an issue.
fn not_local<E: serde::de::Error>(s: &str) -> E {
    E::custom(format_args!(
        "{}{}",
        crate::support::serde_text::NOT_A_LOCAL_TIME,
        crate::error::excerpt(s)
    ))
}

pub(crate) mod option {
    use crate::time::DateTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(t: &Option<DateTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.collect_str(t),
            None => s.serialize_none(),
        }
    }

    /// [`deserialize`] as the reader of a field of a table-driven object.
    pub(crate) struct Time;

    impl crate::de::Reader<Option<DateTime>> for Time {
        fn read(de: crate::de::De<'_, '_>) -> Result<Option<DateTime>, serde_json::Error> {
            deserialize(de)
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) => super::parse_local(&s)
                .map(Some)
                .ok_or_else(|| super::not_local(&s)),
        }
    }
}
