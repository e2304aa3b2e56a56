//! Errors: one family, each with a stable code, a JSON path and a message.
//!
//! Codes are part of the public contract (the Python and JavaScript layers expose the same strings);
//! never rename one, add new ones instead.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

pub mod codes;

pub use codes::{lang, set_lang, with_lang, ErrorKind, Lang};

/// One problem found in a rule set or an input: a stable `code`, the JSON `path` it was found at
/// (`$.nodes[2].children[0].rule.bands[1].min`), the `params` of its message (`{"choice": "x"}`)
/// and the `message`, the registry's template of the code filled with them, in the language of
/// the thread that made the issue ([`with_lang`]; Vietnamese by default). [`Issue::message_in`]
/// writes it in another language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Issue {
    pub code: String,
    pub path: String,
    pub message: String,
    /// The values the message names, by the names of the registry's template (every value as
    /// text), so that a program need not parse the message.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
    /// The registry's key of the message when it is not the code alone: the code and its
    /// variant when the code has more than one message (`workflow.ruleset_mismatch:year`), or the
    /// key the message was written from when the code was moved to another family
    /// ([`Issue::in_family`]: `input.not_a_decimal` for a `ruleset.not_a_decimal`), so that the
    /// message is written again in another language from the same template. (One field for
    /// both: an issue is held in every error, whose size stays small.)
    #[serde(skip)]
    #[schemars(skip)]
    template: Option<Box<str>>,
}

impl Issue {
    /// The issue of message `key` (a code of the [registry](codes), or a code, `:` and a variant) at
    /// `path`, its message written from the registry's template with `params` in the thread's
    /// language ([`lang`]).
    /// [`Issue::new`] with parameters shown by their `Display` (what `issue!` writes): one
    /// function for every call site, which then holds only its arguments.
    #[inline(never)]
    pub(crate) fn shown(key: &str, path: String, params: &[(&str, &dyn fmt::Display)]) -> Self {
        let shown: Vec<(&str, String)> = params.iter().map(|(n, v)| (*n, v.to_string())).collect();
        let params: Vec<(&str, &str)> = shown.iter().map(|(n, v)| (*n, v.as_str())).collect();
        Issue::new(key, path, &params)
    }

    pub fn new(key: &str, path: impl Into<String>, params: &[(&str, &str)]) -> Self {
        #[cfg(debug_assertions)]
        check_params(key, params);
        let (code, template) = match key.split_once(':') {
            Some((c, _)) => (c, Some(key.into())),
            None => (key, None),
        };
        // Inserted one by one: `collect` into a map sorts first, one more copy of the standard
        // sort in the WebAssembly module (≈ 2.5 KB gzipped) for a handful of parameters.
        let mut map = BTreeMap::new();
        for (n, v) in params {
            map.insert(n.to_string(), v.to_string());
        }
        Issue {
            code: code.to_string(),
            path: path.into(),
            message: codes::render(key, lang(), params),
            params: map,
            template,
        }
    }

    /// The issue with its code in another family (`input.float` → `ruleset.float`), its message,
    /// params and variant kept: a problem the readers of every family report alike. Its message
    /// is written in another language ([`Issue::message_in`]) from the template it was born with.
    #[doc(hidden)]
    pub fn in_family(mut self, family: &str) -> Self {
        if let Some((born, name)) = self.code.split_once('.') {
            if born != family && self.template.is_none() {
                self.template = Some(self.code.as_str().into());
            }
            self.code = format!("{family}.{name}");
        }
        self
    }

    /// The message key: the code, with its variant if it has one.
    pub fn key(&self) -> String {
        match self.template.as_deref().and_then(|t| t.split_once(':')) {
            Some((_, v)) => format!("{}:{v}", self.code),
            None => self.code.clone(),
        }
    }

    /// The key of the registry's template the message is written from: [`Issue::key`], in the
    /// family the issue was born in when its code was moved ([`Issue::in_family`]).
    fn message_key(&self) -> String {
        match &self.template {
            Some(t) => t.to_string(),
            None => self.code.clone(),
        }
    }

    /// The message in `lang`, from the registry's template and the issue's `params` (the message as
    /// it is when the registry does not know the code). The place a table's reader told before
    /// the message (`Tự chấm điểm!F15: `, `dòng 7, cột 3.3.3.numerator: `) stays before it, its
    /// words in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        let key = self.message_key();
        if codes::entry(&key).is_none() {
            return self.message.clone();
        }
        let params: Vec<(&str, &str)> = (self.params.iter())
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let message = codes::render(&key, lang, &params);
        // The message as it was written, in either language, after the place told before it.
        let place = [Lang::Vi, Lang::En].into_iter().find_map(|born| {
            let written = codes::render(&key, born, &params);
            let place = self.message.strip_suffix(written.as_str())?;
            place.strip_suffix(": ").filter(|p| !p.is_empty())
        });
        match place {
            Some(place) => format!("{}: {message}", place_in(place, lang)),
            None => message,
        }
    }

    /// The issue with its message written in `lang` (the place a table's reader told before it
    /// kept, [`Issue::message_in`]).
    pub fn localized(mut self, lang: Lang) -> Self {
        self.message = self.message_in(lang);
        self
    }

    /// The kind of the issue's code (`None` for a code the registry does not know): that of its
    /// family for a code moved to another family ([`Issue::in_family`]).
    pub fn kind(&self) -> Option<ErrorKind> {
        if let Some(e) = codes::entry(&self.key()) {
            return Some(e.kind);
        }
        codes::entry(&self.message_key())?;
        let family = self.code.split('.').next()?;
        codes::registry()
            .iter()
            .map(|e| e.kind)
            .find(|k| k.as_str() == family)
    }
}

/// A place a table's reader tells (`dòng 7, cột 3.3.3.numerator`, `row 7`: a row and a column of a
/// CSV table, as `table::cell::Location` writes them) in `lang`; a sheet's cell
/// (`Tự chấm điểm!F15`) or anything else as it is.
fn place_in(place: &str, lang: Lang) -> String {
    let (row, column) = lang.pick(("dòng", "cột"), ("row", "column"));
    let Some(rest) = place
        .strip_prefix("dòng ")
        .or_else(|| place.strip_prefix("row "))
    else {
        return place.to_string();
    };
    let (number, col) = match rest.split_once(", ") {
        Some((n, c)) => (n, Some(c)),
        None => (rest, None),
    };
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return place.to_string();
    }
    let col = col.map(|c| c.strip_prefix("cột ").or_else(|| c.strip_prefix("column ")));
    match col {
        None => format!("{row} {number}"),
        Some(Some(name)) => format!("{row} {number}, {column} {name}"),
        Some(None) => place.to_string(),
    }
}

/// A message's parameters are exactly those its templates name (a test run checks every site it
/// reaches).
#[cfg(debug_assertions)]
fn check_params(key: &str, params: &[(&str, &str)]) {
    let Some(e) = codes::entry(key) else {
        panic!("code `{key}` is not in the registry (core/src/error/codes.rs)");
    };
    // Templates not set (feature `external-texts`): nothing to check against.
    if e.template(Lang::En).is_empty() {
        return;
    }
    let want: std::collections::BTreeSet<&str> =
        codes::placeholders(e.template(Lang::En)).collect();
    let given: std::collections::BTreeSet<&str> = params.iter().map(|(n, _)| *n).collect();
    assert_eq!(want, given, "the parameters of `{key}`");
}

/// An [`Issue`] from a message key, a path and named parameters, each written with `Display`
/// (`issue!("input.unknown_choice", path, code = c, choice = excerpt(id))`; a name alone passes the
/// variable of that name).
macro_rules! issue {
    ($key:expr, $path:expr $(, $name:ident $(= $value:expr)?)* $(,)?) => {
        $crate::error::Issue::shown(
            $key,
            ::std::convert::Into::<::std::string::String>::into($path),
            &[$((stringify!($name), &$crate::error::issue!(@v $name $(= $value)?) as &dyn ::std::fmt::Display)),*],
        )
    };
    (@v $name:ident = $value:expr) => { $value };
    (@v $name:ident) => { $name };
}
pub(crate) use issue;

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}: {}", self.code, self.path, self.message)
    }
}

/// `invalid input (2 problem(s)):` then one issue a line, in the thread's language.
fn many(kind: ErrorKind, issues: &[Issue]) -> String {
    let lang = lang();
    let n = issues.len();
    let mut s = format!(
        "{} ({n} {}):\n",
        kind.heading(lang),
        lang.pick("lỗi", "problem(s)")
    );
    s.push_str(&list(issues));
    s
}

fn list(issues: &[Issue]) -> String {
    let mut s = String::new();
    for (i, issue) in issues.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str("  ");
        s.push_str(&issue.to_string());
    }
    s
}

/// The engine's error family.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The rule set is not valid; every problem found is listed.
    #[error("{}", many(ErrorKind::RuleSet, .0))]
    RuleSet(Vec<Issue>),
    /// An input (a unit, a batch, a value) is not valid; every problem found is listed.
    #[error("{}", many(ErrorKind::Input, .0))]
    Input(Vec<Issue>),
    /// A workflow act was refused.
    #[error("{0}")]
    Workflow(Issue),
    /// A named built-in or referenced item does not exist.
    #[error("{0}")]
    NotFound(Issue),
    /// Arithmetic overflowed the exact decimal range.
    #[error("{0}")]
    Arithmetic(Issue),
    /// An input went beyond one of the [`Limits`](crate::Limits) (code `limits.*`); nothing of it was
    /// read.
    #[error("{}: {}", ErrorKind::Limit.heading(lang()), .0)]
    Limit(Issue),
}

impl Error {
    /// The family: [`ErrorKind::RuleSet`], `Input`, `Workflow`, `NotFound`, `Arithmetic`, `Limit`
    /// (as a string, [`ErrorKind::as_str`]: `ruleset`, `input`, …, `limits`).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::RuleSet(_) => ErrorKind::RuleSet,
            Error::Input(_) => ErrorKind::Input,
            Error::Workflow(_) => ErrorKind::Workflow,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Arithmetic(_) => ErrorKind::Arithmetic,
            Error::Limit(_) => ErrorKind::Limit,
        }
    }

    /// Every issue the error carries (at least one).
    pub fn issues(&self) -> &[Issue] {
        match self {
            Error::RuleSet(v) | Error::Input(v) => v,
            Error::Workflow(i) | Error::NotFound(i) | Error::Arithmetic(i) | Error::Limit(i) => {
                std::slice::from_ref(i)
            }
        }
    }

    /// The code of the first issue (the most specific code available).
    pub fn code(&self) -> &str {
        self.issues()
            .first()
            .map(|i| i.code.as_str())
            .unwrap_or(self.kind().as_str())
    }

    /// The path of the first issue.
    pub fn path(&self) -> &str {
        self.issues()
            .first()
            .map(|i| i.path.as_str())
            .unwrap_or("$")
    }

    /// An input error of one issue.
    pub fn input(issue: Issue) -> Self {
        Error::Input(vec![issue])
    }

    /// Every message written again in `lang` (from the registry and each issue's `params`).
    pub fn localized(self, lang: Lang) -> Self {
        let all = |v: Vec<Issue>| v.into_iter().map(|i| i.localized(lang)).collect();
        match self {
            Error::RuleSet(v) => Error::RuleSet(all(v)),
            Error::Input(v) => Error::Input(all(v)),
            Error::Workflow(i) => Error::Workflow(i.localized(lang)),
            Error::NotFound(i) => Error::NotFound(i.localized(lang)),
            Error::Arithmetic(i) => Error::Arithmetic(i.localized(lang)),
            Error::Limit(i) => Error::Limit(i.localized(lang)),
        }
    }

    pub fn arithmetic(path: impl Into<String>) -> Self {
        Error::Arithmetic(overflow(path))
    }

    /// The problems found in an input: an arithmetic error when the one problem is an overflow
    /// (an absurd fact rather than a wrong one), else an input error listing every problem.
    pub(crate) fn from_issues(mut issues: Vec<Issue>) -> Self {
        if issues.len() == 1 && issues[0].code.starts_with("arithmetic.") {
            if let Some(i) = issues.pop() {
                return Error::Arithmetic(i);
            }
        }
        Error::Input(issues)
    }
}

/// `arithmetic.overflow` at `path`: a computation whose result is beyond the decimal range.
pub(crate) fn overflow(path: impl Into<String>) -> Issue {
    issue!("arithmetic.overflow", path)
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What a JSON value is, as a message says it: `an array`, `the string "1"`…
pub(crate) fn a_json_type(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {}", excerpt(n.as_str())),
        Value::String(s) => format!("the string {}", excerpt(s)),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// A value as a message quotes it: in backquotes, cut after 40 characters (`…`), so that a huge
/// value never makes a huge message.
pub fn excerpt(s: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::with_capacity(s.len().min(4 * MAX) + 5);
    out.push('`');
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => {
            out.push_str(&s[..cut]);
            out.push('…');
        }
        None => out.push_str(s),
    }
    out.push('`');
    out
}

/// Build a JSON path for an object key: `.key` for identifiers, `["key"]` otherwise
/// (criterion codes such as `3.2.1` contain dots).
pub fn key_path(base: &str, key: &str) -> String {
    let mut path = String::with_capacity(base.len() + key.len() + 4);
    path.push_str(base);
    push_key(&mut path, key);
    path
}

/// Append `key` to a path, as [`key_path`] does.
pub(crate) fn push_key(path: &mut String, key: &str) {
    let simple = !key.is_empty()
        && key.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    if simple {
        path.push('.');
        path.push_str(key);
    } else {
        path.push('[');
        if key.bytes().any(|c| c < 0x20 || c == b'"' || c == b'\\') {
            path.push_str(&serde_json::to_string(key).unwrap_or_default());
        } else {
            // As serde_json writes a string that needs no escape.
            path.push('"');
            path.push_str(key);
            path.push('"');
        }
        path.push(']');
    }
}

/// The words of a `found`, `expected` or `what` parameter (serde's messages, [`a_json_type`], what a
/// binding was given) in Vietnamese:
/// `an array` → `một mảng`, `the string `x`` → `chuỗi `x``; anything else as it is.
pub(crate) fn json_words_vi(words: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("an object", "một đối tượng"),
        ("an array", "một mảng"),
        ("null", "null"),
        ("a string", "một chuỗi"),
        ("a boolean", "`true` hoặc `false`"),
        ("a number", "một số"),
        ("a decimal number", "một số thập phân"),
        (
            "a decimal number, e.g. \"0.25\"",
            "một số thập phân, ví dụ \"0.25\"",
        ),
        (
            "a decimal number as a string, e.g. \"0.25\"",
            "một số thập phân viết dưới dạng chuỗi, ví dụ \"0.25\"",
        ),
        (
            "one of the values the format documents",
            "một trong các giá trị mà định dạng quy định",
        ),
        ("an array of units", "một mảng các đơn vị"),
        ("a batch object", "một đối tượng lô dữ liệu"),
        ("string or map", "một chuỗi hoặc một đối tượng"),
        (
            "a component value: {\"percentage\": …} or {\"points\": …}",
            "giá trị của thành phần: {\"percentage\": …} hoặc {\"points\": …}",
        ),
        ("fewer elements in array", "ít phần tử hơn"),
        ("fewer elements in map", "ít phần tử hơn"),
        // What a table's cell holds, and what its column takes.
        ("text", "văn bản"),
        ("a whole number (0 or more)", "một số nguyên (từ 0 trở lên)"),
        (
            "yes or no (true/false, đạt/không đạt, có/không, x)",
            "có hoặc không (true/false, đạt/không đạt, có/không, x)",
        ),
        ("the value TRUE", "giá trị TRUE"),
        ("the value FALSE", "giá trị FALSE"),
        // What a binding was given (`what`), and JavaScript's types.
        ("a rule set", "bộ chỉ số"),
        ("a unit", "đơn vị"),
        ("a batch", "lô dữ liệu"),
        ("an item", "dữ liệu của tiêu chí"),
        ("an actor", "người thực hiện"),
        ("an act", "thao tác"),
        ("a calendar", "lịch"),
        ("points", "số điểm"),
        ("a function", "một hàm"),
        ("a bigint", "một số BigInt"),
        ("a symbol", "một Symbol"),
        ("this value", "giá trị này"),
    ];
    if let Some((_, vi)) = WORDS.iter().find(|(en, _)| *en == words) {
        return (*vi).to_string();
    }
    for (en, vi) in [
        ("the string ", "chuỗi "),
        ("the number ", "số "),
        ("one of ", "một trong "),
    ] {
        if let Some(rest) = words.strip_prefix(en) {
            return format!("{vi}{rest}");
        }
    }
    if let Some((lo, hi)) =
        (words.strip_prefix("a whole number from ")).and_then(|r| r.split_once(" to "))
    {
        return format!("một số nguyên từ {lo} đến {hi}");
    }
    // `a` or `b`: serde's list of two.
    if let Some((a, b)) = words.split_once("` or `") {
        return format!("{a}` hoặc `{b}");
    }
    words.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A key is written after its base as `.key` when it is a plain identifier, else as
        /// `[…]` holding the key as a JSON string, escaped as serde_json escapes it.
        #[test]
        fn a_key_path_is_the_base_then_the_key_in_json(key in "[a-z0-9_.\\\\\"\u{0}-\u{1f}é ]{0,6}") {
            let plain = !key.is_empty()
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !key.starts_with(|c: char| c.is_ascii_digit());
            let want = if plain {
                format!("$.items.{key}")
            } else {
                format!("$.items[{}]", serde_json::to_string(&key).unwrap())
            };
            prop_assert_eq!(key_path("$.items", &key), want);
        }
    }

    #[test]
    fn key_paths_of_codes() {
        assert_eq!(key_path("$", "survey"), "$.survey");
        assert_eq!(key_path("$.items", "1.1"), r#"$.items["1.1"]"#);
        assert_eq!(key_path("$.items", "a\"b\n"), r#"$.items["a\"b\n"]"#);
        assert_eq!(key_path("$.items", ""), r#"$.items[""]"#);
    }

    /// A table's reader tells the place of a problem before its message; the issue written in the
    /// other language keeps it there, a row and a column in that language's words, a sheet's
    /// cell as it is. A message without a place has none added.
    #[test]
    fn a_localized_issue_keeps_the_place_told_before_its_message() {
        let issue = |place: &str| {
            let mut i = with_lang(Lang::Vi, || {
                Issue::new(
                    "input.unknown_choice",
                    r#"$.units[2].items["1.1.1"].choice"#,
                    &[
                        ("code", "1.1.1"),
                        ("choice", "`x`"),
                        ("options", "`a`, `b`"),
                    ],
                )
            });
            if !place.is_empty() {
                i.message = format!("{place}: {}", i.message);
            }
            i
        };
        let en = with_lang(Lang::En, || issue("").message_in(Lang::En));
        for (vi_place, en_place) in [
            ("dòng 4, cột 1.1.1.choice", "row 4, column 1.1.1.choice"),
            ("dòng 4, cột 7", "row 4, column 7"),
            ("dòng 9", "row 9"),
            ("Tự chấm điểm!F15", "Tự chấm điểm!F15"),
            ("criteria!E12", "criteria!E12"),
        ] {
            let vi = issue(vi_place);
            let in_en = vi.clone().localized(Lang::En);
            assert_eq!(in_en.message, format!("{en_place}: {en}"));
            assert_eq!(in_en.clone().localized(Lang::Vi).message, vi.message);
            assert_eq!(vi.message_in(Lang::Vi), vi.message);
        }
        assert_eq!(issue("").localized(Lang::En).message, en);
    }
}
