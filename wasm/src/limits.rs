//! The input limits as JavaScript names them (`setLimits({maxUnits: 100000})`), and the ones in
//! force. The limits themselves, their defaults and every check are the core's
//! (`parindex::Limits`, the same for the command line and Python): inputs are checked by the
//! core's entry points, within the limits this module holds.

use parindex::Limits;
use std::cell::Cell;

/// The JavaScript name of each of the core's limits.
pub const FIELDS: [(&str, &str); 7] = [
    ("maxInputBytes", "max_input_bytes"),
    ("maxUnits", "max_units"),
    ("maxNodes", "max_nodes"),
    ("maxStringBytes", "max_string_bytes"),
    ("maxDepth", "max_depth"),
    ("maxNumberDigits", "max_number_digits"),
    ("maxExponent", "max_exponent"),
];

/// The core's name of the limit JavaScript calls `js`.
pub fn core_name(js: &str) -> Option<&'static str> {
    FIELDS.iter().find(|(j, _)| *j == js).map(|(_, c)| *c)
}

thread_local! {
    static CURRENT: Cell<Limits> = const { Cell::new(Limits::DEFAULT) };
}

/// The limits in force.
pub fn current() -> Limits {
    CURRENT.with(Cell::get)
}

pub fn replace(l: Limits) {
    CURRENT.with(|c| c.set(l));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_limit_has_a_javascript_name() {
        let names: Vec<&str> = FIELDS.iter().map(|(_, c)| *c).collect();
        assert_eq!(names, Limits::NAMES);
        assert_eq!(core_name("maxUnits"), Some("max_units"));
        assert_eq!(core_name("max_units"), None);
    }
}
