//! Longer than 600 lines because it is one table: every code the engine emits, with its two
//! messages; splitting it would scatter the contract.
//!
//! The registry of every code the engine emits, errors and warnings alike: its family
//! ([`ErrorKind`]), its message in Vietnamese and in English, and what it means.
//!
//! A message is a template with named parameters (`{code}`, `{max}`…) that an [`Issue`](super::Issue)
//! fills from its `params`. A code may have more than one message (`workflow.ruleset_mismatch` for
//! the rule set, `workflow.ruleset_mismatch:year` for the year): the message key is the code, or the
//! code, `:` and a variant; the issue's `code` is always the code alone.
//!
//! Codes are stable strings: never rename one, add new ones instead. The table is sorted by key
//! (a test checks it) and read by binary search; it holds only `&'static str`s, one renderer reads
//! them.

use std::cell::Cell;
use std::fmt;

/// The family of a code, the first part of it (`input` in `input.unknown_choice`): which error an
/// issue of the code belongs to. The bindings map each kind to an exception class, exhaustively
/// (the enum is deliberately not `#[non_exhaustive]`: a new kind must not compile until every
/// binding maps it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The rule set is not valid (`ruleset.*`).
    RuleSet,
    /// An input (a unit, a batch, a value, a workflow act) is not valid (`input.*`).
    Input,
    /// A workflow act was refused (`workflow.*`).
    Workflow,
    /// A named built-in or referenced item does not exist (`not_found.*`).
    NotFound,
    /// Arithmetic overflowed the exact decimal range (`arithmetic.*`).
    Arithmetic,
    /// An input went beyond one of the limits (`limits.*`).
    Limit,
    /// A bug in the engine or a binding (`internal.*`): never the user's input.
    Internal,
}

impl ErrorKind {
    /// The family as a string, as JSON outputs and the bindings' `kind` give it: `ruleset`,
    /// `input`, `workflow`, `not_found`, `arithmetic`, `limits`, `internal`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::RuleSet => "ruleset",
            ErrorKind::Input => "input",
            ErrorKind::Workflow => "workflow",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Arithmetic => "arithmetic",
            ErrorKind::Limit => "limits",
            ErrorKind::Internal => "internal",
        }
    }

    /// The heading of an error of this kind (`Bộ chỉ số không hợp lệ`, `invalid rule set`).
    pub(crate) fn heading(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            ErrorKind::RuleSet => ("bộ chỉ số không hợp lệ", "invalid rule set"),
            ErrorKind::Input => ("dữ liệu đầu vào không hợp lệ", "invalid input"),
            ErrorKind::Workflow => ("thao tác bị từ chối", "act refused"),
            ErrorKind::NotFound => ("không tìm thấy", "not found"),
            ErrorKind::Arithmetic => ("tràn số", "arithmetic overflow"),
            ErrorKind::Limit => ("dữ liệu đầu vào bị từ chối", "input refused"),
            ErrorKind::Internal => ("lỗi nội bộ", "internal error"),
        };
        lang.pick(vi, en)
    }
}

impl PartialEq<&str> for ErrorKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl serde::Serialize for ErrorKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The language of messages: Vietnamese (the default) or English.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Tiếng Việt.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// `vi` or `en`; anything else is `None`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// A language by its name (`vi`, `en`), as a caller gives it; another name is refused as
    /// `input.unknown_lang` (what every face raises for it).
    ///
    /// ```
    /// use parindex::Lang;
    ///
    /// assert_eq!(Lang::named("en").unwrap(), Lang::En);
    /// assert_eq!(Lang::named("fr").unwrap_err().code(), "input.unknown_lang");
    /// ```
    pub fn named(s: &str) -> crate::error::Result<Lang> {
        Lang::parse(s).ok_or_else(|| {
            let lang = crate::error::excerpt(s);
            super::Error::Input(vec![super::Issue::new(
                "input.unknown_lang",
                "$",
                &[("lang", &lang)],
            )])
        })
    }

    /// `vi` or `en`.
    pub fn as_str(self) -> &'static str {
        self.pick("vi", "en")
    }

    /// The text for this language.
    pub fn pick<T>(self, vi: T, en: T) -> T {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::Vi) };
}

/// The language the issues made on this thread are written in (Vietnamese unless
/// [`set_lang`]/[`with_lang`] chose another).
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// Write the issues made from now on on this thread in `lang`.
pub fn set_lang(lang: Lang) {
    LANG.with(|l| l.set(lang));
}

/// Run `f` with the issues it makes written in `lang`, then restore the language.
pub fn with_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    struct Restore(Lang);
    impl Drop for Restore {
        fn drop(&mut self) {
            set_lang(self.0);
        }
    }
    let _restore = Restore(self::lang());
    set_lang(lang);
    f()
}

/// One message of the registry.
#[derive(Debug)]
pub struct Entry {
    /// The code, or the code, `:` and a variant when the code has more than one message.
    pub key: &'static str,
    pub kind: ErrorKind,
    /// A warning: reported beside a result, never an error.
    pub warning: bool,
    /// The Vietnamese template.
    #[cfg(not(feature = "external-texts"))]
    pub vi: &'static str,
    /// The English template.
    #[cfg(not(feature = "external-texts"))]
    pub en: &'static str,
    /// What the code means.
    #[cfg(not(target_arch = "wasm32"))]
    pub doc: &'static str,
}

impl Entry {
    /// The code (the key without its variant).
    pub fn code(&self) -> &'static str {
        code_of(self.key)
    }

    /// The template in `lang`.
    #[cfg(not(feature = "external-texts"))]
    pub fn template(&self, lang: Lang) -> &'static str {
        lang.pick(self.vi, self.en)
    }

    /// The template in `lang`, from the templates set by `set_messages` (empty before).
    #[cfg(feature = "external-texts")]
    pub fn template(&self, lang: Lang) -> &'static str {
        let i = REGISTRY
            .binary_search_by(|e| e.key.cmp(self.key))
            .unwrap_or(0);
        let at = 2 * i + lang.pick(0, 1);
        (MESSAGES.get().and_then(|m| m.get(at))).map_or("", |s| s)
    }
}

/// The templates of the registry, set once by `set_messages` (feature `external-texts`).
#[cfg(feature = "external-texts")]
static MESSAGES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();

/// The registry's templates, Vietnamese and English in turn for each entry in the registry's order
/// (`messages` of a build without the feature): with the feature `external-texts`, the
/// templates are not compiled in (the WebAssembly module ships them in its data module) and are
/// set here, once, before the first issue is made. Later calls change nothing.
#[cfg(feature = "external-texts")]
pub fn set_messages(templates: Vec<String>) {
    let leaked = templates.into_iter().map(|t| &*t.leak()).collect();
    let _ = MESSAGES.set(leaked);
}

/// The registry's templates, Vietnamese and English in turn for each entry in the registry's order:
/// what a build with the feature `external-texts` is given by `set_messages`.
#[cfg(not(feature = "external-texts"))]
pub fn messages() -> Vec<&'static str> {
    REGISTRY.iter().flat_map(|e| [e.vi, e.en]).collect()
}

/// The code of a message key (`workflow.ruleset_mismatch:year` → `workflow.ruleset_mismatch`).
pub(crate) fn code_of(key: &str) -> &str {
    key.split_once(':').map_or(key, |(c, _)| c)
}

/// The entry of a message key (a code, or a code and its variant).
pub fn entry(key: &str) -> Option<&'static Entry> {
    REGISTRY
        .binary_search_by(|e| e.key.cmp(key))
        .ok()
        .map(|i| &REGISTRY[i])
}

/// Every message of the registry, sorted by key.
pub fn registry() -> &'static [Entry] {
    REGISTRY
}

/// The names of a template's parameters, in order of appearance (with repeats).
pub fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template.split('{').skip(1).filter_map(|s| {
        let (name, _) = s.split_once('}')?;
        (!name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
            .then_some(name)
    })
}

/// `template` with each `{name}` replaced by the value of `name` in `params` (a name without a
/// value is left as it is).
pub fn fill(template: &str, params: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.split_once('}').and_then(|(name, _)| {
            let v = params.iter().find(|(n, _)| *n == name)?.1;
            Some((name.len(), v))
        });
        match value {
            Some((len, v)) => {
                out.push_str(v);
                rest = &after[len + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The message of `key` in `lang` with `params`; a key the registry lacks (a bug) gives the key
/// and the parameters.
pub fn render(key: &str, lang: Lang, params: &[(&str, &str)]) -> String {
    match entry(key) {
        // The words of a JSON type or value (`an array`) are kept in English in the parameters.
        Some(e) if lang == Lang::Vi && params.iter().any(|(n, _)| is_json_words(n)) => {
            let words: Vec<String> = (params.iter())
                .map(|(n, v)| match is_json_words(n) {
                    true => super::json_words_vi(v),
                    false => v.to_string(),
                })
                .collect();
            let params: Vec<(&str, &str)> = (params.iter().zip(&words))
                .map(|((n, _), v)| (*n, v.as_str()))
                .collect();
            fill(e.template(Lang::Vi), &params)
        }
        Some(e) => fill(e.template(lang), params),
        None => {
            let mut s = key.to_string();
            for (n, v) in params {
                s.push_str(&format!(" {n}={v}"));
            }
            s
        }
    }
}

/// A parameter naming a JSON type or value in words (`found`, `expected`, `what`): written in
/// English in the issue's `params`, translated in the Vietnamese message.
fn is_json_words(name: &str) -> bool {
    matches!(name, "found" | "expected" | "what")
}

macro_rules! registry {
    ($($key:literal, $kind:ident, $warning:literal, $vi:literal, $en:literal, $doc:literal;)*) => {
        static REGISTRY: &[Entry] = &[$(Entry {
            key: $key,
            kind: ErrorKind::$kind,
            warning: $warning,
            #[cfg(not(feature = "external-texts"))]
            vi: $vi,
            #[cfg(not(feature = "external-texts"))]
            en: $en,
            #[cfg(not(target_arch = "wasm32"))]
            doc: $doc,
        }),*];
    };
}

// key, kind, warning, Vietnamese, English, what it means. Sorted by key.
registry! {
"arithmetic.overflow", Arithmetic, false,
    "kết quả lớn hơn giá trị lớn nhất mà hệ thống lưu được chính xác (khoảng 7,9 × 10^28)",
    "the result is larger than the largest value this engine holds exactly (about 7.9 × 10^28)",
    "A computation whose result is beyond the exact decimal range.";
"arithmetic.overflow:applicable_maxima", Arithmetic, false,
    "tổng điểm tối đa áp dụng của các tiêu chí con vượt quá giá trị lớn nhất mà hệ thống lưu được (khoảng 7,9 × 10^28)",
    "the applicable maxima of the children add up to more than the largest value this engine holds (about 7.9 × 10^28)",
    "A rule set whose applicable maxima overflow the decimal range.";
"arithmetic.overflow:bonus", Arithmetic, false,
    "tổng điểm thưởng vượt quá giá trị lớn nhất mà hệ thống lưu được chính xác (khoảng 7,9 × 10^28)",
    "the sum of the bonus entries is larger than the largest value this engine holds exactly (about 7.9 × 10^28)",
    "Bonus entries whose sum overflows the decimal range.";
"arithmetic.overflow:children_maxima", Arithmetic, false,
    "tổng điểm tối đa của các tiêu chí con của `{code}` vượt quá giá trị lớn nhất mà hệ thống lưu được (khoảng 7,9 × 10^28)",
    "the maxima of the children of `{code}` add up to more than the largest value this engine holds (about 7.9 × 10^28)",
    "A rule set whose children's maxima overflow the decimal range.";
"arithmetic.overflow:deductions", Arithmetic, false,
    "số điểm bị trừ ({n} lần × {points} điểm, cộng các lần trước) vượt quá giá trị lớn nhất mà hệ thống lưu được chính xác (khoảng 7,9 × 10^28)",
    "the points taken off ({n} events × {points} points, and those before) are larger than the largest value this engine holds exactly (about 7.9 × 10^28)",
    "Deduction events whose points overflow the decimal range.";
"arithmetic.overflow:group_maxima", Arithmetic, false,
    "tổng điểm tối đa của các tiêu chí áp dụng cho nhóm `{group}` vượt quá giá trị lớn nhất mà hệ thống lưu được (khoảng 7,9 × 10^28)",
    "the maxima of the criteria applicable to group `{group}` add up to more than the largest value this engine holds (about 7.9 × 10^28)",
    "A rule set whose group maxima overflow the decimal range.";
"arithmetic.overflow:normalized", Arithmetic, false,
    "giá trị {value} × điểm tối đa {max} vượt quá giá trị lớn nhất mà hệ thống lưu được chính xác (khoảng 7,9 × 10^28)",
    "the value {value} × the maximum {max} is larger than the largest value this engine holds exactly (about 7.9 × 10^28)",
    "A normalised value whose product with the maximum overflows the decimal range.";
"arithmetic.overflow:outcomes", Arithmetic, false,
    "tổng các kết quả vượt quá giá trị lớn nhất mà hệ thống lưu được chính xác",
    "the sum of the outcomes is larger than the largest value this engine holds exactly",
    "Outcome counts whose sum overflows.";
"arithmetic.overflow:penalty", Arithmetic, false,
    "tổng điểm trừ vượt quá giá trị lớn nhất mà hệ thống lưu được chính xác (khoảng 7,9 × 10^28)",
    "the sum of the penalty entries is larger than the largest value this engine holds exactly (about 7.9 × 10^28)",
    "Penalty entries whose sum overflows the decimal range.";
"input.arrow", Input, false,
    "không đọc được dữ liệu Arrow: {detail}",
    "the Arrow data cannot be read: {detail}",
    "Arrow data (a pyarrow table, a polars data frame) that the Arrow C data interface could not import.";
"input.arrow:not_table", Input, false,
    "dữ liệu Arrow là một mảng kiểu {type}, không phải một bảng (các record batch)",
    "the Arrow data are an array of {type}, not a table (record batches)",
    "Arrow data holding one array that is not a table's columns.";
"input.arrow:released", Input, false,
    "luồng dữ liệu Arrow đã được giải phóng (đã đọc hết trước đó)",
    "the Arrow stream is already released (read before)",
    "An Arrow stream given a second time, after it was read.";
"input.bad_date", Input, false,
    "{date} không phải là ngày dạng YYYY-MM-DD",
    "{date} is not a date of the form YYYY-MM-DD",
    "A date given to the engine (a form's date of signing) that cannot be read.";
"input.blank_id", Input, false,
    "mã đơn vị không được để trống hoặc chỉ có dấu cách",
    "a unit's id cannot be empty or only spaces",
    "A unit whose id is empty or only spaces.";
"input.block_not_parent", Input, false,
    "đơn vị cấp `{level}` được xếp hạng trong đơn vị cấp trên của mình: khối `{block}` không phải khối của `{parent}` (`{level}/{parent}`); hãy bỏ trường `block`",
    "units of level `{level}` are ranked within their parent unit: block `{block}` is not the block of parent `{parent}` (`{level}/{parent}`); leave `block` out",
    "A block override that would rank a unit with another parent's units (S10).";
"input.bonus_not_allowed", Input, false,
    "bộ chỉ số không cho phép điểm thưởng",
    "the rule set allows no bonus points",
    "Bonus entries given where the rule set has no bonus policy (C13).";
"input.cell_date", Input, false,
    "ngày hoặc giờ ({shown}) trong khi cần {expected}: hãy định dạng ô là số hoặc văn bản",
    "a date or time ({shown}) where {expected} is expected: format the cell as a number or as text",
    "A date or time cell where a value of the column belongs.";
"input.cell_error", Input, false,
    "ô chứa giá trị lỗi {value}, không phải một giá trị",
    "the cell holds the error value {value}, not a value",
    "A cell holding a formula's error value (`#DIV/0!`, `#N/A`).";
"input.cell_too_precise", Input, false,
    "số {number} có {digits} chữ số có nghĩa; bảng tính chỉ giữ tối đa {max} chữ số, nên số này là kết quả tính toán chứ không phải số được nhập: hãy làm tròn, hoặc ghi dưới dạng văn bản",
    "the number {number} has {digits} significant digits; a spreadsheet keeps at most {max}, so it was computed rather than typed: round it, or write it as text",
    "A workbook's number cell with more significant digits than a spreadsheet keeps.";
"input.component_kind", Input, false,
    "thành phần `{id}` nhận `points` (số điểm), không nhận tỷ lệ phần trăm",
    "component `{id}` takes `points`, not a percentage",
    "A percentage given for a component scored in points.";
"input.component_kind:both", Input, false,
    "thành phần `{id}` được nhập cả tỷ lệ phần trăm và số điểm: nhập tỷ lệ phần trăm cho thành phần điều tra xã hội học, số điểm cho thành phần bên ngoài",
    "component `{id}` is given both a percentage and points: give the percentage of a survey, the points of an external component",
    "A table row giving a component both a percentage and points.";
"input.component_kind:survey", Input, false,
    "thành phần điều tra xã hội học `{id}` nhận `percentage` (tỷ lệ phần trăm): tính tỷ lệ phần trăm trước, sau đó quy ra điểm",
    "survey component `{id}` takes a `percentage`: percentage first, then points",
    "Points given for a survey component, which takes a percentage (S9).";
"input.csv_syntax", Input, false,
    "không phải bảng CSV: {detail}",
    "not a CSV table: {detail}",
    "A CSV file that cannot be read as a table.";
"input.csv_syntax:fields", Input, false,
    "không phải bảng CSV: {len} trường trong khi dòng tiêu đề có {expected_len}; mỗi dòng có số trường bằng dòng tiêu đề",
    "not a CSV table: {len} fields where the header has {expected_len}: every row has as many fields as the header",
    "A CSV row with another number of fields than the header.";
"input.decimal_comma", Input, false,
    "số thập phân viết bằng dấu phẩy {text}: ở đây phần thập phân được ngăn cách bằng dấu chấm: {with_dot}",
    "decimal comma in {text}: decimals are written with a dot here: {with_dot}",
    "A decimal written with a comma (`99,75`) where the dot is the separator.";
"input.decimal_out_of_range", Input, false,
    "quá lớn: {text} lớn hơn giá trị lớn nhất mà hệ thống lưu được chính xác (khoảng 7,9 × 10^28)",
    "too large: {text} is larger than the largest value this engine holds (about 7.9 × 10^28)",
    "A decimal larger in magnitude than the exact decimal range.";
"input.decimal_too_precise:digits", Input, false,
    "quá nhiều chữ số: {text} có {digits} chữ số có nghĩa; hệ thống lưu chính xác được tối đa 28 chữ số",
    "too many digits: {text} has {digits} significant digits; at most 28 can be held exactly",
    "A decimal with more significant digits than can be held exactly.";
"input.decimal_too_precise:places", Input, false,
    "quá nhiều chữ số thập phân: {text} có {places} chữ số sau dấu thập phân; hệ thống lưu chính xác được tối đa 28 chữ số",
    "too many decimal places: {text} has {places} decimal places; at most 28 can be held exactly",
    "A decimal with more decimal places than can be held exactly.";
"input.duplicate_column", Input, false,
    "cột `{name}` đã là cột {first}",
    "the column `{name}` is already column {first}",
    "A fact table with two columns of the same name.";
"input.duplicate_key", Input, false,
    "khóa {key} được viết nhiều lần trong cùng một đối tượng; JSON không quy định giá trị nào được tính, vì vậy chỉ viết khóa này một lần",
    "the key {key} is written more than once in this object; JSON does not say which value counts, so write it once",
    "A key written twice in one object of an input.";
"input.duplicate_unit", Input, false,
    "mã đơn vị {id} đã được dùng cho $.units[{first}]",
    "unit id {id} is already used by $.units[{first}]",
    "Two units of a batch with the same id.";
"input.fact_mismatch", Input, false,
    "tiêu chí `{code}` chấm theo quy tắc `{kind}`, không nhận `{field}` (quy tắc này nhận: {takes})",
    "`{code}` has a `{kind}` rule, which does not take `{field}` (it takes: {takes})",
    "A fact the criterion's rule does not take.";
"input.float", Input, false,
    "{at} là số thực float ({shown}); số float không chính xác nên không bao giờ được chuyển đổi: hãy truyền decimal.Decimal hoặc chuỗi str, ví dụ \"{shown}\"",
    "{at} is a float ({shown}); floats are inexact and are never converted: pass a decimal.Decimal or a str such as \"{shown}\"",
    "A Python float given to the engine, which reads decimals exactly.";
"input.frame_columns", Input, false,
    "bảng dữ kiện (mỗi dòng một dữ kiện) không có cột {columns}: bảng cần các cột `unit`, `code`, `field` và `value`, có thể thêm cột `section`",
    "the facts table (one fact per row) has no column {columns}: it needs the columns `unit`, `code`, `field` and `value`, and may have `section`",
    "A long-format facts table without a column it needs.";
"input.frame_columns:reserved", Input, false,
    "cột {column} không thể là thuộc tính của đơn vị: các tiêu chí (`items`) và thành phần (`components`) của đơn vị được nhập thành các dòng của bảng dữ kiện",
    "the column {column} cannot be an attribute of a unit: a unit's items and components are given as rows of the facts table",
    "A column named `items` or `components` in a long-format facts table or its units table.";
"input.frame_columns:units", Input, false,
    "bảng đơn vị không có cột `id` (hoặc `unit`) ghi mã đơn vị của mỗi dòng",
    "the units table has no column `id` (or `unit`) naming the unit of each row",
    "A units table given with long-format facts without a column of unit ids.";
"input.frame_duplicate", Input, false,
    "đơn vị {unit} được nhập {field} của {code} hai lần, lần đầu tại $.facts[{first}]: mỗi dữ kiện chỉ được nhập một lần",
    "unit {unit} is given {field} of {code} twice, first at $.facts[{first}]: a fact is given once",
    "Two rows of long-format facts giving a unit the same field of the same code (a list field such as `evidence` takes one entry per row).";
"input.frame_section", Input, false,
    "phần {section} không phải `items` (tiêu chí) hay `components` (thành phần)",
    "section {section} is neither `items` nor `components`",
    "A row of long-format facts whose `section` is neither `items` nor `components`.";
"input.group_not_listed", Input, true,
    "`{name}` có tên trong nhóm `{listed}` ({listed_max} điểm) của bộ chỉ số nhưng được ghi vào nhóm `{group}` ({group_max} điểm): kiểm tra lại nhóm",
    "`{name}` is listed in group `{listed}` ({listed_max} points) by the rule set, but given group `{group}` ({group_max} points): check the group",
    "A unit the rule set lists in another group of its level (S2).";
"input.inexact_float", Input, false,
    "số thực float {number} là giá trị xấp xỉ nhị phân, không phải số thập phân chính xác: hãy đưa cột ở dạng số thập phân hoặc văn bản, hoặc đọc số float như dữ liệu bảng tính (số thập phân ngắn nhất cho lại đúng số float đó, `floats=\"shortest\"`)",
    "the float {number} is a binary approximation, not an exact decimal: give the column as decimals or text, or read floats as spreadsheet data (the shortest decimal that gives the float back, `floats=\"shortest\"`)",
    "A data frame's float that is not a whole number within ±2^53.";
"input.inexact_float:long", Input, false,
    "số thực float {number} là giá trị xấp xỉ nhị phân, không phải số thập phân chính xác, và bảng dữ kiện (mỗi dòng một dữ kiện) không đọc số float nào, dù có phải số nguyên hay không: hãy đưa giá trị ở dạng số nguyên, số thập phân (decimal.Decimal) hoặc văn bản",
    "the float {number} is a binary approximation, not an exact decimal, and the facts table (one fact per row) reads no float, whole or not: give the values as integers, decimals (decimal.Decimal) or text",
    "A float in long-format facts, which read none (not even a whole one).";
"input.invalid_act", Input, false,
    "thao tác không hợp lệ: {detail}",
    "not a valid act: {detail}",
    "A workflow act that is not of the act's shape.";
"input.invalid_actor", Input, false,
    "người thực hiện không hợp lệ: {detail}",
    "not a valid actor: {detail}",
    "A workflow actor that is not of the actor's shape.";
"input.invalid_calendar", Input, false,
    "lịch không hợp lệ: {detail}",
    "not a valid calendar: {detail}",
    "A district's calendar that is not of the calendar's shape.";
"input.invalid_key", Input, false,
    "{at}: khóa {key} không phải là chuỗi str",
    "{at}: key {key} is not a str",
    "A Python dict key that is not a str.";
"input.invalid_type", Input, false,
    "sai kiểu dữ liệu: nhận được {found}, cần {expected}",
    "invalid type: {found}, expected {expected}",
    "A value of another JSON type than the format's.";
"input.invalid_type:batch_ruleset", Input, false,
    "`ruleset` phải là một chuỗi (mã bộ chỉ số)",
    "`ruleset` must be a string (a rule-set id)",
    "A batch whose `ruleset` is not a string.";
"input.invalid_type:batch_units", Input, false,
    "`units` phải là một mảng",
    "`units` must be an array",
    "A batch whose `units` is not an array.";
"input.invalid_type:bool", Input, false,
    "{value} không phải là có hoặc không: hãy ghi true hoặc false (hoặc: đạt / không đạt, có / không, x cho có)",
    "{value} is not yes or no: write true or false (also: đạt / không đạt, có / không, x for yes)",
    "A yes-or-no cell holding something else.";
"input.invalid_type:cell", Input, false,
    "{found} trong khi cần {expected}",
    "{found} where {expected} is expected",
    "A cell of another type than its column's.";
"input.invalid_type:count", Input, false,
    "{number} không phải là số nguyên từ 0 trở lên (một số đếm)",
    "{number} is not a whole number of 0 or more (a count)",
    "A count cell holding something else than a whole number of 0 or more.";
"input.invalid_type:duplicate_field", Input, false,
    "trường {field} được viết nhiều lần",
    "duplicate field {field}",
    "A field written twice in one object.";
"input.invalid_type:items", Input, false,
    "`items` phải là một đối tượng có khóa là mã tiêu chí",
    "`items` must be an object keyed by criterion code",
    "A unit whose `items` is not an object.";
"input.invalid_type:js_input", Input, false,
    "{what} phải là văn bản JSON hoặc một đối tượng, không phải {found}",
    "{what} must be JSON text or an object, not {found}",
    "A JavaScript value that is neither JSON text nor an object given as an input.";
"input.invalid_type:js_value", Input, false,
    "{found} không thể là một phần của dữ liệu đầu vào",
    "{found} cannot be part of an input",
    "A JavaScript value without a JSON form (a function, a symbol, undefined) inside an input.";
"input.invalid_type:length", Input, false,
    "số phần tử không hợp lệ ({length}), cần {expected}",
    "invalid length {length}, expected {expected}",
    "An array or an object with another number of entries than the format's.";
"input.invalid_type:local_time", Input, false,
    "{text} không phải ngày giờ theo giờ địa phương dạng YYYY-MM-DDTHH:MM:SS (không ghi múi giờ: lịch ghi một lần độ lệch so với UTC)",
    "{text} is not a local date-time of the form YYYY-MM-DDTHH:MM:SS (no offset: the calendar records the UTC offset once)",
    "A workflow date-time that is not a local one (an offset, or not a date).";
"input.invalid_type:other", Input, false,
    "dữ liệu không hợp lệ: {detail}",
    "{detail}",
    "A value the format does not take, for a reason its reader gives.";
"input.invalid_type:points", Input, false,
    "số điểm phải là chuỗi số thập phân, ví dụ \"0.5\" (hoặc một số nguyên an toàn)",
    "points must be a decimal string such as \"0.5\" (or a safe integer)",
    "Points given to a workflow act as neither a decimal string nor a safe integer.";
"input.invalid_type:value", Input, false,
    "giá trị không hợp lệ: nhận được {found}, cần {expected}",
    "invalid value: {found}, expected {expected}",
    "A value of the right JSON type that the format does not take.";
"input.item_not_in_group", Input, true,
    "tiêu chí `{code}` không áp dụng cho nhóm `{group}`; giá trị đã nhập được bỏ qua",
    "criterion `{code}` does not apply to group `{group}`; the value is ignored",
    "A value given for a criterion that does not apply to the unit's group (S2).";
"input.json_syntax", Input, false,
    "không phải JSON hợp lệ: {detail}",
    "not valid JSON: {detail}",
    "An input that is not JSON.";
"input.json_syntax:str", Input, false,
    "không phải JSON hợp lệ: {detail} (một str là văn bản JSON; để đọc một tệp, hãy truyền pathlib.Path)",
    "not valid JSON: {detail} (a str is JSON text; to read a file, pass a pathlib.Path)",
    "JSON text given to Python as a `str` that is not JSON (perhaps a file name).";
"input.lone_surrogate", Input, false,
    "{at} chứa một nửa cặp surrogate UTF-16 đứng riêng ở ký tự thứ {index}, không phải văn bản Unicode hợp lệ: hãy sửa dữ liệu nguồn",
    "{at} holds a lone surrogate (half of a UTF-16 pair) at character {index}, which is not valid Unicode text: mend the source data",
    "A string holding a lone surrogate, which no UTF-8 text can hold (Python's json.loads makes one of \"\\ud800\"; a JavaScript string may hold one).";
"input.lone_surrogate:escape", Input, false,
    "{at} chứa `{escape}`, một nửa cặp surrogate UTF-16 đứng riêng, không phải văn bản Unicode hợp lệ: hãy sửa dữ liệu nguồn",
    "{at} holds `{escape}`, a lone surrogate (half of a UTF-16 pair), which is not valid Unicode text: mend the source data",
    "JSON text holding a lone surrogate written as an escape, which the parser refuses.";
"input.missing_column", Input, false,
    "bảng không có cột `{column}` (mỗi đơn vị cần mã, tên và nhóm)",
    "the table has no column `{column}` (every unit needs an id, a name and a group)",
    "A fact table without a column every unit needs.";
"input.missing_component", Input, true,
    "chưa có giá trị cho thành phần `{id}`: tính 0 điểm",
    "no value for component `{id}`: 0 points",
    "A component without a value, scored 0.";
"input.missing_fact", Input, false,
    "tiêu chí `{code}` ({kind}) cần `{field}`",
    "`{code}` ({kind}) needs `{field}`",
    "A fact the criterion's rule needs is missing.";
"input.missing_fact:rate", Input, false,
    "tiêu chí `{code}` cần `percentage` hoặc cả `numerator` và `denominator`",
    "`{code}` needs either `percentage` or both `numerator` and `denominator`",
    "A rate given neither as a percentage nor as a numerator and a denominator.";
"input.missing_field", Input, false,
    "thiếu trường {field}",
    "missing field {field}",
    "A required field is missing.";
"input.missing_field:bonus", Input, false,
    "thiếu trường `{field}`: mỗi mục điểm thưởng cần có số điểm và lý do",
    "missing field `{field}`: a bonus entry needs its points and its reason",
    "A table row's bonus entry without its points or its reason.";
"input.missing_field:penalty", Input, false,
    "thiếu trường `{field}`: mỗi mục điểm trừ cần có số điểm và lý do",
    "missing field `{field}`: a penalty entry needs its points and its reason",
    "A table row's penalty entry without its points or its reason.";
"input.missing_item", Input, true,
    "chưa có dữ liệu hoặc điểm cho tiêu chí `{code}`: tính 0 điểm",
    "no facts or points for `{code}`: 0 points",
    "A criterion without facts or points, scored 0.";
"input.missing_parent", Input, false,
    "các đơn vị cấp `{level}` được xếp hạng trong đơn vị cấp trên của mình; hãy nhập `parent`",
    "units of level `{level}` are ranked within their parent unit; give `parent`",
    "A unit ranked within its parent gives no parent (S10).";
"input.negative_adjustment:bonus", Input, false,
    "điểm thưởng được nhập bằng số dương",
    "bonus points are given as a positive number",
    "A negative bonus entry.";
"input.negative_adjustment:penalty", Input, false,
    "điểm trừ được nhập bằng số dương",
    "penalty points are given as a positive number",
    "A negative penalty entry.";
"input.negative_value", Input, false,
    "giá trị không được âm",
    "the value cannot be negative",
    "A negative value for a normalised criterion (C5).";
"input.no_band", Input, false,
    "không có khoảng nào của tiêu chí `{code}` bao gồm {percentage}",
    "no band of `{code}` covers {percentage}",
    "A percentage no band of the criterion covers.";
"input.no_band:index", Input, false,
    "không có mức xếp loại nào bao gồm chỉ số {index}",
    "no classification band covers {index}",
    "An index no classification band covers.";
"input.no_explanation", Input, false,
    "đơn vị được tính điểm mà không giữ phần giải thích theo từng tiêu chí: hãy tính điểm có giữ phần giải thích để lập biểu mẫu",
    "the unit was scored without its node-by-node explanation: score it with the explanation kept to make its forms",
    "Forms asked of a result scored without its explanations.";
"input.non_integer_number", Input, false,
    "{number} là số JavaScript không nguyên; số thập phân phải được truyền dưới dạng chuỗi (\"{number}\") để không bị làm tròn nhị phân",
    "{number} is a JavaScript number that is not an integer; decimals must be given as strings (\"{number}\") so that no binary rounding can change them",
    "A JavaScript number with a fraction, which binary rounding may already have changed.";
"input.normalized_outlier", Input, true,
    "giá trị cao nhất của tiêu chí `{code}` trong lô, {best} (đơn vị {name}, `{unit}`, là giá trị dùng để tính điểm của mọi đơn vị), lớn hơn {factor} lần giá trị cao thứ hai, {next}: hãy kiểm tra lại; bộ chỉ số có thể giới hạn giá trị bằng `max_value`",
    "the best value of `{code}` in the batch, {best} (unit {name}, `{unit}`, the value every unit's points are measured against), is more than {factor} times the next highest, {next}: check it; a rule set can bound the values with `max_value`",
    "The best value of a normalised criterion is an outlier (C5).";
"input.normalized_outlier:own", Input, true,
    "giá trị cao nhất của tiêu chí `{code}` trong lô, {best} (đơn vị {name}, `{unit}`, là giá trị của chính đơn vị này), lớn hơn {factor} lần giá trị cao thứ hai, {next}: hãy kiểm tra lại; bộ chỉ số có thể giới hạn giá trị bằng `max_value`",
    "the best value of `{code}` in the batch, {best} (unit {name}, `{unit}`, this unit's own value), is more than {factor} times the next highest, {next}: check it; a rule set can bound the values with `max_value`",
    "The unit's own value of a normalised criterion is the batch's outlier best (C5).";
"input.not_a_decimal", Input, false,
    "không phải số thập phân: {text} — hãy viết bằng chữ số, có nhiều nhất một dấu chấm, không có dấu cách hay dấu phân cách hàng nghìn, ví dụ \"56\" hoặc \"0.25\"",
    "not a decimal number: {text} — write it with digits and at most one dot, without spaces or separators, e.g. \"56\" or \"0.25\"",
    "A decimal's text that is not a number.";
"input.not_a_decimal:dot", Input, false,
    "{text} có dấu chấm, nhưng số thập phân được khai báo là viết bằng dấu phẩy (decimal_comma): hãy viết 1000 cho một nghìn và 99,75 cho 99.75",
    "{text} has a dot, but decimals are declared to be written with a comma (decimal_comma): write 1000 for a thousand and 99,75 for 99.75",
    "A number with a dot in a table whose decimals are written with a comma.";
"input.not_a_decimal:float", Input, false,
    "không phải số thập phân: {text} là số thực dấu phẩy động nhị phân, đã mất giá trị thập phân được viết ban đầu — hãy viết số dưới dạng chuỗi, ví dụ \"0.25\"",
    "not a decimal number: {text} (a binary floating-point number) — write it as a string, e.g. \"0.25\"",
    "A binary floating-point number given where a decimal is read exactly.";
"input.not_a_decimal:not_finite", Input, false,
    "{number} không phải là một số",
    "{number} is not a number",
    "A cell's float that is NaN or infinite.";
"input.not_a_node", Input, false,
    "không phải phần giải thích điểm của một nút: {detail}",
    "not a node's explanation: {detail}",
    "A value given as a node's explanation (to write its text) that is not one.";
"input.not_a_number", Input, false,
    "{value} không phải là số mà JSON biểu diễn được; hãy truyền số thập phân dưới dạng chuỗi",
    "{value} is not a number JSON can carry; give a decimal as a string",
    "A JavaScript NaN or Infinity.";
"input.not_a_template", Input, false,
    "sổ tính không phải mẫu nhập liệu do parindex tạo (trang tính ẩn `about` không ghi `kind: template`)",
    "the workbook is not an input template made by parindex (its hidden sheet `about` does not say `kind: template`)",
    "A workbook read as an input template that is not one.";
"input.not_a_template:sheet", Input, false,
    "mẫu nhập liệu không có trang tính `{sheet}`",
    "the template has no sheet `{sheet}`",
    "An input template without its sheet.";
"input.not_a_workbook", Input, false,
    "không phải sổ tính XLSX (Excel 2007 trở lên, hoặc tệp .xlsx do LibreOffice lưu): {detail}",
    "not an XLSX workbook (Excel 2007 or later, or what LibreOffice saves as .xlsx): {detail}",
    "A file that is not an XLSX workbook.";
"input.not_a_workbook:no_sheet", Input, false,
    "sổ tính không có trang tính nào",
    "the workbook has no sheet",
    "A workbook without a sheet.";
"input.not_a_workbook:sheet", Input, false,
    "không đọc được trang tính `{sheet}`: {detail}",
    "the sheet `{sheet}` cannot be read: {detail}",
    "A workbook's sheet that cannot be read.";
"input.not_an_object", Input, false,
    "ở đây cần một đối tượng `{…}`, không phải một mảng `[…]`",
    "expected an object `{…}` here, found an array `[…]`",
    "An array given where an object belongs.";
"input.not_an_object:batch", Input, false,
    "lô dữ liệu phải là một đối tượng JSON có `format_version` và `units`",
    "a batch must be a JSON object with `format_version` and `units`",
    "A batch that is not a JSON object.";
"input.not_an_object:items", Input, false,
    "`items` phải là một đối tượng có khóa là mã tiêu chí, không phải một mảng",
    "`items` must be an object keyed by criterion code, not an array",
    "A unit whose `items` is an array.";
"input.not_applicable_not_allowed", Input, false,
    "tiêu chí `{code}` không được đánh dấu là không áp dụng",
    "criterion `{code}` cannot be marked not applicable",
    "A criterion marked not applicable that the rule set does not allow to be.";
"input.not_finite", Input, false,
    "{at} là {value}; chỉ nhận số thập phân hữu hạn",
    "{at} is {value}; only finite decimals are accepted",
    "A Python Decimal that is NaN or infinite.";
"input.not_representable:columns", Input, false,
    "nhiều cột hơn số cột một trang tính chứa được (16.384)",
    "more columns than a worksheet holds (16,384)",
    "A table with more columns than a worksheet holds.";
"input.not_representable:empty_choice", Input, false,
    "phương án rỗng: bảng không có ô nào cho lại được giá trị này",
    "an empty choice: a table has no cell that gives it back",
    "An empty choice, which no cell of a table gives back.";
"input.not_representable:empty_reason", Input, false,
    "lý do rỗng: bảng không có ô nào cho lại được giá trị này",
    "an empty reason: a table has no cell that gives it back",
    "An empty reason, which no cell of a table gives back.";
"input.not_representable:empty_text", Input, false,
    "văn bản rỗng: bảng không có ô nào cho lại được giá trị này",
    "an empty text: a table has no cell that gives it back",
    "An empty text, which no cell of a table gives back.";
"input.not_representable:line_break", Input, false,
    "dòng trống hoặc dấu xuống dòng trong danh sách (mỗi dòng một mục): bảng không có ô nào cho lại được giá trị này",
    "a blank line or a line break in a list (one entry per line): a table has no cell that gives it back",
    "A list entry that is blank or holds a line break, which no cell of a table gives back.";
"input.not_representable:long_cell", Input, false,
    "`{column}` dài hơn số ký tự một ô chứa được ({max} ký tự)",
    "`{column}` is longer than a cell holds ({max} characters)",
    "A rule set's value longer than a cell holds.";
"input.not_representable:long_text", Input, false,
    "văn bản dài hơn số ký tự một ô chứa được ({max} ký tự)",
    "a text longer than a cell holds ({max} characters)",
    "A text longer than a cell holds.";
"input.not_representable:number", Input, false,
    "`{column}`: {number} không phải số nguyên mà một ô lưu được chính xác",
    "`{column}`: {number} is not a whole number a cell holds exactly",
    "A rule set's number that no workbook cell holds exactly.";
"input.not_representable:report", Input, false,
    "không ghi được báo cáo: {detail}",
    "the report cannot be written: {detail}",
    "A report the workbook writer refused.";
"input.not_representable:sheet_size", Input, false,
    "quá nhiều dòng hoặc cột đối với một trang tính",
    "too many rows or columns for a sheet",
    "A rule set with more rows or columns than a sheet holds.";
"input.not_representable:spaces", Input, false,
    "văn bản chỉ có dấu cách: bảng không có ô nào cho lại được giá trị này",
    "a text of spaces only: a table has no cell that gives it back",
    "A text of spaces only, which no cell of a table gives back.";
"input.not_representable:workbook", Input, false,
    "sổ tính không chứa được giá trị này: {detail}",
    "a workbook cannot hold this value: {detail}",
    "A value the workbook writer refused.";
"input.not_serializable", Input, false,
    "không chuyển được {what} sang JSON: {detail}",
    "{what} cannot be turned into JSON: {detail}",
    "A JavaScript value without a JSON form (a cycle, a BigInt where none is read).";
"input.numerator_above_denominator", Input, false,
    "tiêu chí `{code}`: tử số {numerator} lớn hơn mẫu số {denominator}",
    "`{code}`: numerator {numerator} is above denominator {denominator}",
    "A numerator above its denominator.";
"input.numerator_above_denominator:outcomes", Input, false,
    "tiêu chí `{code}`: tổng các kết quả là {total}, lớn hơn mẫu số {denominator}",
    "`{code}`: the outcomes add up to {total}, more than the denominator {denominator}",
    "Outcomes that add up to more than the denominator.";
"input.parent_item", Input, false,
    "điểm của `{code}` là tổng điểm các tiêu chí con; chỉ được nhập `not_applicable` cho tiêu chí này",
    "`{code}` is scored as the sum of its children; only `not_applicable` may be given for it",
    "Facts or points given for a criterion scored as the sum of its children.";
"input.parent_level", Input, false,
    "đơn vị cấp trên {parent} ({at}) là đơn vị cấp `{theirs}`; các đơn vị cấp `{level}` được xếp hạng trong một đơn vị cấp `{above}`",
    "parent {parent} ({at}) is a unit of level `{theirs}`; units of level `{level}` are ranked within a unit of level `{above}`",
    "A unit's parent is of another level than the one it is ranked within (S10).";
"input.parent_not_in_batch", Input, true,
    "đơn vị cấp trên {parent} không có trong lô dữ liệu này, lô có các đơn vị cấp `{above}`: hãy kiểm tra mã; đơn vị được xếp hạng cùng các đơn vị khác của {parent}",
    "parent {parent} is not a unit of this batch, which has units of level `{above}`: check the id; the unit is ranked with the other units of {parent}",
    "A unit's parent is not in the batch, which has units of the parent's level.";
"input.penalty_not_allowed", Input, false,
    "bộ chỉ số không cho phép điểm trừ",
    "the rule set allows no penalty points",
    "Penalty entries given where the rule set has no penalty policy (C13).";
"input.percentage_out_of_range", Input, false,
    "{percentage} không phải là tỷ lệ phần trăm từ 0 đến 100",
    "{percentage} is not a percentage between 0 and 100",
    "A percentage outside 0–100.";
"input.points_out_of_range", Input, false,
    "{points} điểm nằm ngoài khoảng {min}–{max} của tiêu chí `{code}`",
    "{points} points are outside {min}–{max} for `{code}`",
    "Points outside the criterion's range.";
"input.points_out_of_range:component", Input, false,
    "{points} điểm nằm ngoài khoảng 0–{max} của thành phần `{id}`",
    "{points} points are outside 0–{max} for component `{id}`",
    "Points outside a component's range.";
"input.points_step", Input, false,
    "{points} không phải là bội số của bước điểm {step} của tiêu chí `{code}`",
    "{points} is not a multiple of the step {step} for `{code}`",
    "Points not on the criterion's step.";
"input.rubric_component", Input, false,
    "thành phần chấm theo bộ chỉ số là tổng điểm các tiêu chí; không được nhập",
    "the rubric component is the sum of the criteria; it cannot be given",
    "A value given for the rubric component (the sum of the criteria).";
"input.ruleset_mismatch", Input, false,
    "lô dữ liệu thuộc bộ chỉ số {given}, không phải `{ruleset}`",
    "the batch is for rule set {given}, not `{ruleset}`",
    "A batch that names another rule set.";
"input.ruleset_mismatch:template", Input, false,
    "mẫu nhập liệu thuộc bộ chỉ số `{given}`, không phải `{ruleset}`",
    "the template is for rule set `{given}`, not `{ruleset}`",
    "An input template made for another rule set.";
"input.unknown_choice", Input, false,
    "tiêu chí `{code}` không có phương án {choice}; các phương án: {options}",
    "`{code}` has no option {choice}; options: {options}",
    "A choice the criterion does not offer.";
"input.unknown_code", Input, false,
    "cấp `{level}` không có tiêu chí {code}",
    "level `{level}` has no criterion {code}",
    "An item whose code is no criterion of the unit's level.";
"input.unknown_column", Input, false,
    "`{name}` không phải là cột của bảng dữ liệu: ghi dữ liệu dưới dạng `<mã>.<dữ liệu>` (`3.3.3.numerator`), một mục dưới dạng `self:<mã>`, `evidence:<mã>`, `appraised:<mã>`, `na:<mã>`… (xem tài liệu về bảng dữ liệu)",
    "`{name}` is not a column of the fact table: write a fact as `<code>.<fact>` (`3.3.3.numerator`), an entry as `self:<code>`, `evidence:<code>`, `appraised:<code>`, `na:<code>`… (see the documentation of the fact table)",
    "A fact table's column the table format does not have.";
"input.unknown_column:unnamed", Input, false,
    "cột này có giá trị nhưng không có tên ở dòng tiêu đề",
    "this column holds values but has no name in the header",
    "A column with values and no name in the header.";
"input.unknown_component", Input, false,
    "cấp `{level}` không có thành phần {id}",
    "level `{level}` has no component {id}",
    "A component the unit's level does not have.";
"input.unknown_event", Input, false,
    "tiêu chí `{code}` không có nội dung trừ điểm {event}; các nội dung trừ điểm: {deductions}",
    "`{code}` has no deduction {event}; deductions: {deductions}",
    "A deduction event the criterion does not have.";
"input.unknown_field", Input, false,
    "trường không xác định {field}; cần {expected}",
    "unknown field {field}, expected {expected}",
    "A field the format does not have.";
"input.unknown_field:batch", Input, false,
    "trường không xác định {field}; các trường hợp lệ: `format_version`, `ruleset`, `title`, `synthetic`, `units`",
    "unknown field {field}, expected one of `format_version`, `ruleset`, `title`, `synthetic`, `units`",
    "A batch field the format does not have.";
"input.unknown_field:none", Input, false,
    "trường không xác định {field}; ở đây không có trường nào",
    "unknown field {field}, there are no fields",
    "A field given where the format has none.";
"input.unknown_group", Input, false,
    "không có nhóm {group}; bộ chỉ số `{ruleset}` có các nhóm: {groups}",
    "unknown group {group}; rule set `{ruleset}` has groups: {groups}",
    "A unit's group the rule set does not define.";
"input.unknown_lang", Input, false,
    "ngôn ngữ là \"vi\" hoặc \"en\", không phải {lang}",
    "the language is \"vi\" or \"en\", not {lang}",
    "A language that is neither Vietnamese (`vi`) nor English (`en`).";
"input.unknown_level", Input, false,
    "không có cấp của nhóm",
    "the group's level is missing",
    "A group whose level is missing from the rule set.";
"input.unknown_outcome", Input, false,
    "tiêu chí `{code}` không có kết quả {outcome}; các kết quả: {outcomes}",
    "`{code}` has no outcome {outcome}; outcomes: {outcomes}",
    "An outcome the criterion does not have.";
"input.unknown_variant", Input, false,
    "giá trị không xác định {value}; cần {expected}",
    "unknown variant {value}, expected {expected}",
    "A value that is none of those the format lists.";
"input.unknown_variant:none", Input, false,
    "giá trị không xác định {value}; ở đây không có giá trị nào được chấp nhận",
    "unknown variant {value}, there are no variants",
    "A value given where the format lists none.";
"input.unsafe_integer", Input, false,
    "{number} vượt quá 2^53 − 1, ngưỡng mà số JavaScript không còn chính xác; hãy truyền dưới dạng chuỗi hoặc BigInt",
    "{number} is beyond 2^53 − 1, where JavaScript numbers are no longer exact; give it as a string or a BigInt",
    "A JavaScript integer beyond the exact range of its numbers.";
"input.unsupported_column", Input, false,
    "cột `{name}` có kiểu dữ liệu Arrow {type}, không cột nào của bảng dữ liệu đọc được kiểu này: hãy dùng số (decimal128, số nguyên, số thực), chuỗi hoặc true/false",
    "column `{name}` holds Arrow data of type {type}, which no column of the fact table reads: use numbers (decimal128, integers, floats), strings or true/false",
    "A column of Arrow data (a pyarrow Table, a polars DataFrame) of a type no column of the fact table holds: a list, a struct, a date, bytes.";
"input.unsupported_type", Input, false,
    "{at} có kiểu {type}; hãy dùng dict, list, str, int, bool, None hoặc decimal.Decimal",
    "{at} is a {type}; use dict, list, str, int, bool, None or decimal.Decimal",
    "A Python value of a type the engine does not read.";
"input.unsupported_type:ruleset", Input, false,
    "RuleSet({given}) không tạo bộ chỉ số: hãy dùng RuleSet.builtin(id) cho bộ chỉ số có sẵn, RuleSet.from_json(text) cho văn bản JSON, RuleSet.from_file(path) cho một tệp",
    "RuleSet({given}) does not make a rule set: use RuleSet.builtin(id) for a built-in rule set, RuleSet.from_json(text) for JSON text, RuleSet.from_file(path) for a file",
    "The Python class RuleSet called with an id, JSON text or a file instead of one of its constructors.";
"input.unsupported_version", Input, false,
    "phiên bản định dạng {version} không được hỗ trợ; hệ thống đọc phiên bản {want}",
    "format version {version} is not supported; this engine reads version {want}",
    "An input of a format version this engine does not read.";
"input.unsupported_version:string", Input, false,
    "format_version là chuỗi \"{want}\": hãy viết số {want}, không có dấu ngoặc kép",
    "format_version is the string \"{want}\": write the number {want}, without quotes",
    "A format version given as a string.";
"input.unsupported_version:table", Input, false,
    "{cell}: phiên bản bảng {version} không được hỗ trợ; hệ thống đọc phiên bản {want}",
    "{cell}: table version {version} is not supported; this engine reads version {want}",
    "A workbook's table of a version this engine does not read.";
"input.unsupported_version:template", Input, false,
    "phiên bản bảng {version} của mẫu nhập liệu không được hỗ trợ; hệ thống đọc phiên bản {want}",
    "the template's table version {version} is not supported; this engine reads version {want}",
    "An input template of a table version this engine does not read.";
"input.unsupported_version:type", Input, false,
    "format_version phải là số {want}, không phải {found}",
    "format_version must be the number {want}, not {found}",
    "A format version that is not a number.";
"input.utf8", Input, false,
    "văn bản không phải UTF-8: byte {at} (0x{byte}) không thuộc ký tự UTF-8 nào; hãy lưu tệp ở dạng UTF-8",
    "the text is not UTF-8: byte {at} (0x{byte}) is not part of a UTF-8 character; save the file as UTF-8",
    "An input whose bytes are not UTF-8.";
"input.value_above_max", Input, false,
    "{value} lớn hơn {max}, giá trị cao nhất bộ chỉ số cho phép đối với tiêu chí `{code}`",
    "{value} is above {max}, the highest value the rule set allows for `{code}`",
    "A value above the rule's `max_value` (C5).";
"input.zero_denominator", Input, false,
    "tiêu chí `{code}`: mẫu số bằng 0 và quy tắc không quy định số điểm cho trường hợp này",
    "`{code}`: the denominator is 0 and the rule declares no points for that case",
    "A zero denominator where the rule declares no points for it.";
"internal.error", Internal, false,
    "parindex: lỗi nội bộ, vui lòng báo lại kèm dữ liệu đã gây ra lỗi: {detail}",
    "parindex: internal error, please report it with the input that caused it: {detail}",
    "A value the engine could not convert or serialise (a bug).";
"internal.panic", Internal, false,
    "parindex: lỗi nội bộ, vui lòng báo lại kèm dữ liệu đã gây ra lỗi: {detail}",
    "parindex: internal error, please report it with the input that caused it: {detail}",
    "A panic of the engine (a bug).";
"internal.poisoned", Internal, false,
    "parindex: một lần gọi trước đã gặp lỗi nội bộ (đã được báo); cần nạp lại mô-đun WebAssembly",
    "parindex: an earlier call hit an internal error (a bug, reported then); the WebAssembly module must be loaded again",
    "A call after a panic of the WebAssembly module.";
"limits.exponent_too_large", Limit, false,
    "số {number} có số mũ vượt quá ±{max} (giới hạn max_exponent)",
    "the number {number} has an exponent beyond ±{max} (the limit max_exponent)",
    "A number literal whose exponent is beyond `max_exponent`.";
"limits.input_too_large", Limit, false,
    "dữ liệu đầu vào dài {bytes} byte JSON; giới hạn max_input_bytes là {max}",
    "the input is {bytes} bytes of JSON; the limit max_input_bytes is {max}",
    "A JSON text longer than `max_input_bytes`.";
"limits.input_too_large:file", Limit, false,
    "tệp dài {bytes} byte; giới hạn max_input_bytes là {max}",
    "the file is {bytes} bytes; the limit max_input_bytes is {max}",
    "A table file longer than `max_input_bytes`.";
"limits.input_too_large:unpacked", Limit, false,
    "các phần của sổ tính khi giải nén có {unpacked} byte (hơn {factor} lần max_input_bytes); giới hạn max_input_bytes là {max}",
    "the workbook's parts unpack to {unpacked} bytes (more than {factor} times max_input_bytes); the limit max_input_bytes is {max}",
    "A workbook whose parts unpack to more than four times `max_input_bytes`.";
"limits.input_too_large:workbook", Limit, false,
    "sổ tính dài {bytes} byte; giới hạn max_input_bytes là {max}",
    "the workbook is {bytes} bytes; the limit max_input_bytes is {max}",
    "A workbook longer than `max_input_bytes`.";
"limits.invalid:not_an_object", Limit, false,
    "setLimits nhận một đối tượng, ví dụ {maxUnits: 1000}",
    "setLimits takes an object such as {maxUnits: 1000}",
    "Limits changed with something else than an object.";
"limits.invalid:not_positive", Limit, false,
    "`{name}` phải là số nguyên lớn hơn 0",
    "`{name}` must be a whole number above 0",
    "A limit set to a value that is not a whole number above 0.";
"limits.invalid:unknown", Limit, false,
    "không có giới hạn `{name}`; các giới hạn: {names}",
    "unknown limit `{name}`; limits are {names}",
    "A limit the engine does not have.";
"limits.number_too_long", Limit, false,
    "số {number} có {digits} chữ số; giới hạn max_number_digits là {max}",
    "the number {number} has {digits} digits; the limit max_number_digits is {max}",
    "A number literal with more digits than `max_number_digits`.";
"limits.number_too_long:at_least", Limit, false,
    "số có từ {digits} chữ số trở lên; giới hạn max_number_digits là {max}",
    "the number has {digits} digits or more; the limit max_number_digits is {max}",
    "A number (an integer measured before it is written) with more digits than `max_number_digits`.";
"limits.out_of_memory", Limit, false,
    "hết bộ nhớ WebAssembly (một mô-đun dùng tối đa 4 GiB): hãy tính ít đơn vị hơn mỗi lần gọi, hoặc truyền {keepNodes: false}; cần nạp lại mô-đun",
    "out of WebAssembly memory (a module can use at most 4 GiB): score fewer units per call, or pass {keepNodes: false}; the module must be loaded again",
    "WebAssembly memory could not grow any more (the npm package only): the call is abandoned and the module is unusable until it is loaded again.";
"limits.string_too_long", Limit, false,
    "một chuỗi dài {bytes} byte; giới hạn max_string_bytes là {max}",
    "a string of {bytes} bytes; the limit max_string_bytes is {max}",
    "A string or key longer than `max_string_bytes`.";
"limits.string_too_long:cell", Limit, false,
    "một ô dài {bytes} byte; giới hạn max_string_bytes là {max}",
    "a cell of {bytes} bytes; the limit max_string_bytes is {max}",
    "A table cell longer than `max_string_bytes`.";
"limits.string_too_long:key", Limit, false,
    "một khóa dài {bytes} byte, bắt đầu bằng {start}; giới hạn max_string_bytes là {max}",
    "a key of {bytes} bytes, starting {start}; the limit max_string_bytes is {max}",
    "A key longer than `max_string_bytes`.";
"limits.string_too_long:string", Limit, false,
    "một chuỗi dài {bytes} byte, bắt đầu bằng {start}; giới hạn max_string_bytes là {max}",
    "a string of {bytes} bytes, starting {start}; the limit max_string_bytes is {max}",
    "A string longer than `max_string_bytes`.";
"limits.too_deep", Limit, false,
    "mảng và đối tượng lồng nhau quá {max} cấp (giới hạn max_depth)",
    "arrays and objects are nested more than {max} levels deep (the limit max_depth)",
    "Arrays and objects nested deeper than `max_depth`.";
"limits.too_many_nodes", Limit, false,
    "bộ chỉ số có hơn {max} nút (lĩnh vực, tiêu chí, tiêu chí thành phần) (giới hạn max_nodes)",
    "the rule set has more than {max} nodes (the limit max_nodes)",
    "A rule set with more nodes (criteria at any depth) than `max_nodes`.";
"limits.too_many_units", Limit, false,
    "lô dữ liệu có {count} đơn vị; giới hạn max_units là {max}",
    "the batch has {count} units; the limit max_units is {max}",
    "A batch with more units than `max_units`.";
"limits.too_many_units:more", Limit, false,
    "lô dữ liệu có hơn {max} đơn vị; giới hạn max_units là {max}",
    "the batch has more than {max} units; the limit max_units is {max}",
    "A batch with more units than `max_units` (counted while reading).";
"not_found.block", NotFound, false,
    "không có khối xếp hạng `{block}`; các khối: {blocks}",
    "no ranking block `{block}`; blocks: {blocks}",
    "The ranking has no block of that id.";
"not_found.group", NotFound, false,
    "bộ chỉ số không có nhóm `{group}` (các nhóm: {groups})",
    "the rule set has no group `{group}` (groups: {groups})",
    "The rule set has no group of that id.";
"not_found.level", NotFound, false,
    "bộ chỉ số `{ruleset}` không có cấp `{level}`",
    "rule set `{ruleset}` has no level `{level}`",
    "The rule set has no level of that id.";
"not_found.level:group", NotFound, false,
    "bộ chỉ số không có cấp của nhóm `{group}`",
    "the rule set has no level for group `{group}`",
    "The group's level is missing from the rule set.";
"not_found.node", NotFound, false,
    "bộ chỉ số của nhóm `{group}` không có tiêu chí `{code}`",
    "the rubric of group `{group}` has no criterion `{code}`",
    "No node of the unit's rubric has that code.";
"not_found.ruleset", NotFound, false,
    "không có bộ chỉ số dựng sẵn `{id}`; các bộ chỉ số dựng sẵn: {builtins}",
    "no built-in rule set `{id}`; built-ins: {builtins}",
    "No built-in rule set has that id.";
"not_found.schema", NotFound, false,
    "không có lược đồ `{kind}` (ruleset, input, result, dossier)",
    "no schema `{kind}` (ruleset, input, result, dossier)",
    "No JSON Schema of that name.";
"not_found.unit", NotFound, false,
    "lô dữ liệu không có đơn vị `{unit}`",
    "the batch has no unit `{unit}`",
    "The batch has no unit of that id.";
"not_found.unit:failed", NotFound, false,
    "đơn vị `{unit}` không tính được điểm (xem `errors`)",
    "unit `{unit}` could not be scored (see `errors`)",
    "The batch's unit of that id was refused, not scored.";
"ruleset.bad_date", RuleSet, false,
    "{date} không phải là ngày dạng YYYY-MM-DD",
    "{date} is not a date of the form YYYY-MM-DD",
    "A date of the rule set that cannot be read.";
"ruleset.bad_offset", RuleSet, false,
    "{offset} không phải là độ lệch múi giờ so với UTC dạng +07:00",
    "{offset} is not a UTC offset like +07:00",
    "A calendar's UTC offset that cannot be read.";
"ruleset.band_empty", RuleSet, false,
    "khoảng {min}–{max} không chứa giá trị nào",
    "band {min}–{max} contains no value",
    "A band of a rule whose bounds hold no value.";
"ruleset.band_empty:index", RuleSet, false,
    "mức xếp loại {min}–{max} không chứa giá trị nào",
    "classification band {min}–{max} contains no value",
    "A classification band whose bounds hold no value.";
"ruleset.band_gap", RuleSet, false,
    "không có khoảng nào bao gồm các giá trị giữa {from} và {to}",
    "no band covers the values between {from} and {to}",
    "Values between two bands of a rule that no band covers.";
"ruleset.band_gap:end", RuleSet, false,
    "không có khoảng nào bao gồm giá trị 100",
    "no band covers 100",
    "A rule's bands that do not reach 100.";
"ruleset.band_gap:index", RuleSet, false,
    "không có mức xếp loại nào bao gồm các giá trị giữa {from} và {to}",
    "no classification band covers the values between {from} and {to}",
    "Values of the index between two classification bands that no band covers.";
"ruleset.band_gap:index_end", RuleSet, false,
    "không có mức xếp loại nào bao gồm giá trị 100",
    "no classification band covers 100",
    "Classification bands that do not reach 100.";
"ruleset.band_gap:index_start", RuleSet, false,
    "không có mức xếp loại nào bao gồm các giá trị từ 0 đến {to}",
    "no classification band covers values from 0 up to {to}",
    "Classification bands that do not start at 0.";
"ruleset.band_gap:start", RuleSet, false,
    "không có khoảng nào bao gồm các giá trị từ 0 đến {to}",
    "no band covers values from 0 up to {to}",
    "A rule's bands that do not start at 0.";
"ruleset.band_overlap", RuleSet, false,
    "các khoảng chồng lên nhau tại {at}",
    "bands overlap at {at}",
    "Two bands of a rule that both cover a value.";
"ruleset.band_overlap:index", RuleSet, false,
    "các mức xếp loại chồng lên nhau tại {at}",
    "classification bands overlap at {at}",
    "Two classification bands that both cover a value of the index.";
"ruleset.band_range", RuleSet, false,
    "khoảng {min}–{max} nằm ngoài phạm vi 0–100",
    "band {min}–{max} is outside 0–100",
    "A band of a rule outside 0–100.";
"ruleset.band_range:index", RuleSet, false,
    "mức xếp loại {min}–{max} nằm ngoài phạm vi 0–100",
    "classification band {min}–{max} is outside 0–100",
    "A classification band outside 0–100.";
"ruleset.calendar_year:period_end", RuleSet, true,
    "giai đoạn {id} kết thúc ngày {date}, không thuộc năm {year} của bộ chỉ số: theo hướng dẫn năm 2019, toàn bộ việc đánh giá được thực hiện trong năm; hãy kiểm tra lịch có đúng là lịch của năm này không",
    "period {id} ends on {date}, not in {year}, the rule set's year: the 2019 guidance runs the whole assessment within its year; check that the calendar is this year's",
    "Warning: a period of the calendar ends outside the rule set's year.";
"ruleset.calendar_year:period_start", RuleSet, true,
    "giai đoạn {id} bắt đầu ngày {date}, không thuộc năm {year} của bộ chỉ số: theo hướng dẫn năm 2019, toàn bộ việc đánh giá được thực hiện trong năm; hãy kiểm tra lịch có đúng là lịch của năm này không",
    "period {id} starts on {date}, not in {year}, the rule set's year: the 2019 guidance runs the whole assessment within its year; check that the calendar is this year's",
    "Warning: a period of the calendar starts outside the rule set's year.";
"ruleset.calendar_year:template_end", RuleSet, true,
    "lịch mẫu của cấp {id} kết thúc ngày {date}, không thuộc năm {year} của bộ chỉ số: theo hướng dẫn năm 2019, toàn bộ việc đánh giá được thực hiện trong năm; hãy kiểm tra lịch có đúng là lịch của năm này không",
    "the {id} calendar template ends on {date}, not in {year}, the rule set's year: the 2019 guidance runs the whole assessment within its year; check that the calendar is this year's",
    "Warning: a calendar template ends outside the rule set's year.";
"ruleset.calendar_year:template_start", RuleSet, true,
    "lịch mẫu của cấp {id} bắt đầu ngày {date}, không thuộc năm {year} của bộ chỉ số: theo hướng dẫn năm 2019, toàn bộ việc đánh giá được thực hiện trong năm; hãy kiểm tra lịch có đúng là lịch của năm này không",
    "the {id} calendar template starts on {date}, not in {year}, the rule set's year: the 2019 guidance runs the whole assessment within its year; check that the calendar is this year's",
    "Warning: a calendar template starts outside the rule set's year.";
"ruleset.capped_leaf", RuleSet, false,
    "tiêu chí `{code}` không có tiêu chí thành phần để giới hạn: `capped` dành cho tiêu chí có tổng điểm tối đa của các tiêu chí thành phần lớn hơn điểm tối đa của nó; điểm theo quy tắc chấm của một tiêu chí không có tiêu chí thành phần đã nằm trong giới hạn của tiêu chí",
    "leaf `{code}` has no sub-criteria to cap: `capped` is for a criterion whose sub-criteria add up to more than its maximum; a leaf's rule is already held within its bounds",
    "`capped` declared on a criterion without sub-criteria.";
"ruleset.children_sum", RuleSet, false,
    "tiêu chí `{code}` có điểm tối đa {max} nhưng tổng điểm tối đa của các tiêu chí thành phần là {sum}",
    "node `{code}` has maximum {max} but its children's maxima add up to {sum}",
    "A criterion whose maximum is not the sum of its sub-criteria's maxima.";
"ruleset.children_sum:above", RuleSet, false,
    "tiêu chí `{code}` có điểm tối đa {max} nhưng tổng điểm tối đa của các tiêu chí thành phần là {sum}; nếu bộ chỉ số chỉ cho tiêu chí này tối đa {max} điểm trên các tiêu chí thành phần (\"tối đa {max} điểm\"), hãy khai báo `\"capped\": true` cho tiêu chí",
    "node `{code}` has maximum {max} but its children's maxima add up to {sum}; if the rubric gives it at most {max} points over these sub-criteria (\"tối đa {max} điểm\"), declare `\"capped\": true` on the node",
    "A criterion whose sub-criteria add up to more than its maximum, without a declared cap.";
"ruleset.children_sum:capped", RuleSet, false,
    "tiêu chí `{code}` được giới hạn ở {max} điểm nhưng tổng điểm tối đa của các tiêu chí thành phần chỉ là {sum}: giới hạn không thể nâng điểm cao hơn tổng điểm",
    "node `{code}` is capped at {max} but its children's maxima add up to only {sum}: a cap cannot raise the points above their sum",
    "A capped criterion whose sub-criteria add up to less than its maximum.";
"ruleset.component_max", RuleSet, false,
    "điểm tối đa không được âm",
    "a maximum cannot be negative",
    "A component's maximum below 0.";
"ruleset.component_max:missing", RuleSet, false,
    "thành phần `{id}` cần có điểm tối đa (`max_points`)",
    "component `{id}` needs `max_points`",
    "An external or survey component without its maximum.";
"ruleset.component_max:rubric", RuleSet, false,
    "điểm tối đa của thành phần chấm theo bộ chỉ số là điểm tối đa của nhóm đơn vị; hãy bỏ `max_points`",
    "the rubric component's maximum is the group's; leave `max_points` out",
    "A maximum declared for the rubric component, whose maximum is the group's.";
"ruleset.deduction_points", RuleSet, false,
    "mỗi nội dung trừ điểm là một số điểm dương bị trừ",
    "a deduction is a positive number of points taken off",
    "A deduction of zero or negative points (C8).";
"ruleset.duplicate_code", RuleSet, false,
    "mã {code} đã được dùng tại {first} (cấp `{level}`)",
    "code {code} is already used at {first} (level `{level}`)",
    "Two criteria of a level with the same code.";
"ruleset.duplicate_evidence", RuleSet, false,
    "tiêu chí `{code}` liệt kê tài liệu kiểm chứng {name} hai lần",
    "node `{code}` lists the evidence document {name} twice",
    "An evidence document listed twice for one criterion.";
"ruleset.duplicate_id:band", RuleSet, false,
    "mã mức xếp loại {id} bị trùng",
    "duplicate band id {id}",
    "Two classification bands with the same id.";
"ruleset.duplicate_id:calendar_template", RuleSet, false,
    "cấp {id} có hai lịch mẫu",
    "duplicate calendar template (level) id {id}",
    "Two calendar templates for the same level.";
"ruleset.duplicate_id:component", RuleSet, false,
    "mã thành phần {id} bị trùng",
    "duplicate component id {id}",
    "Two components of a level with the same id.";
"ruleset.duplicate_id:council_member", RuleSet, false,
    "mã thành viên Hội đồng thẩm định {id} bị trùng",
    "duplicate council member id {id}",
    "Two council members with the same id.";
"ruleset.duplicate_id:deduction", RuleSet, false,
    "mã nội dung trừ điểm {id} bị trùng",
    "duplicate deduction id {id}",
    "Two deductions of a rule with the same id (C8).";
"ruleset.duplicate_id:group", RuleSet, false,
    "mã nhóm đơn vị {id} bị trùng",
    "duplicate group id {id}",
    "Two unit groups with the same id.";
"ruleset.duplicate_id:level", RuleSet, false,
    "mã cấp {id} bị trùng",
    "duplicate level id {id}",
    "Two levels with the same id.";
"ruleset.duplicate_id:option", RuleSet, false,
    "mã phương án {id} bị trùng",
    "duplicate option id {id}",
    "Two options of a choice rule with the same id (C1).";
"ruleset.duplicate_id:outcome", RuleSet, false,
    "mã kết quả {id} bị trùng",
    "duplicate outcome id {id}",
    "Two outcomes of a rule with the same id (C7).";
"ruleset.duplicate_id:period", RuleSet, false,
    "mã giai đoạn {id} bị trùng",
    "duplicate period id {id}",
    "Two periods of the calendar with the same id.";
"ruleset.duplicate_id:template_period", RuleSet, false,
    "mã giai đoạn {id} của lịch mẫu bị trùng",
    "duplicate template period id {id}",
    "Two periods of a calendar template with the same id.";
"ruleset.duplicate_key", RuleSet, false,
    "khóa {key} được viết nhiều lần trong cùng một đối tượng; JSON không quy định giá trị nào được tính, vì vậy chỉ viết khóa này một lần",
    "the key {key} is written more than once in this object; JSON does not say which value counts, so write it once",
    "A key written twice in one object of a rule set.";
"ruleset.empty:bands", RuleSet, false,
    "cần có ít nhất một khoảng",
    "at least one band is needed",
    "A band rule without bands (C3).";
"ruleset.empty:deductions", RuleSet, false,
    "quy tắc trừ điểm cần có ít nhất một nội dung trừ điểm",
    "a deductions rule needs at least one deduction",
    "A deductions rule without deductions (C8).";
"ruleset.empty:index_bands", RuleSet, false,
    "cần có ít nhất một mức xếp loại",
    "at least one classification band is needed",
    "A rule set without classification bands.";
"ruleset.empty:levels", RuleSet, false,
    "bộ chỉ số cần có ít nhất một cấp",
    "a rule set needs at least one level",
    "A rule set without levels.";
"ruleset.empty:nodes", RuleSet, false,
    "cấp `{level}` chưa có tiêu chí nào",
    "level `{level}` has no criteria",
    "A level without criteria.";
"ruleset.empty:options", RuleSet, false,
    "quy tắc chọn phương án cần có các phương án",
    "a choice rule needs options",
    "A choice rule without options (C1).";
"ruleset.empty:outcomes", RuleSet, false,
    "quy tắc tỷ lệ kết quả cần có các kết quả",
    "an outcome-ratio rule needs outcomes",
    "An outcome-ratio rule without outcomes (C7).";
"ruleset.empty_id:band", RuleSet, false,
    "mã mức xếp loại không được để trống",
    "band id is empty",
    "A classification band with an empty id.";
"ruleset.empty_id:calendar_template", RuleSet, false,
    "cấp của lịch mẫu không được để trống",
    "calendar template (level) id is empty",
    "A calendar template with an empty level.";
"ruleset.empty_id:component", RuleSet, false,
    "mã thành phần không được để trống",
    "component id is empty",
    "A component with an empty id.";
"ruleset.empty_id:council_member", RuleSet, false,
    "mã thành viên Hội đồng thẩm định không được để trống",
    "council member id is empty",
    "A council member with an empty id.";
"ruleset.empty_id:deduction", RuleSet, false,
    "mã nội dung trừ điểm không được để trống",
    "deduction id is empty",
    "A deduction with an empty id.";
"ruleset.empty_id:group", RuleSet, false,
    "mã nhóm đơn vị không được để trống",
    "group id is empty",
    "A unit group with an empty id.";
"ruleset.empty_id:level", RuleSet, false,
    "mã cấp không được để trống",
    "level id is empty",
    "A level with an empty id.";
"ruleset.empty_id:node", RuleSet, false,
    "mã tiêu chí không được để trống",
    "node code is empty",
    "A criterion with an empty code.";
"ruleset.empty_id:option", RuleSet, false,
    "mã phương án không được để trống",
    "option id is empty",
    "An option with an empty id.";
"ruleset.empty_id:outcome", RuleSet, false,
    "mã kết quả không được để trống",
    "outcome id is empty",
    "An outcome with an empty id.";
"ruleset.empty_id:period", RuleSet, false,
    "mã giai đoạn không được để trống",
    "period id is empty",
    "A calendar period with an empty id.";
"ruleset.empty_id:ruleset", RuleSet, false,
    "mã bộ chỉ số không được để trống",
    "rule set id is empty",
    "A rule set with an empty id.";
"ruleset.empty_id:template_period", RuleSet, false,
    "mã giai đoạn của lịch mẫu không được để trống",
    "template period id is empty",
    "A period of a calendar template with an empty id.";
"ruleset.empty_label", RuleSet, false,
    "tiêu chí `{code}` chưa có tên tiếng Việt",
    "node `{code}` has no Vietnamese label",
    "A criterion without its Vietnamese name.";
"ruleset.empty_label:evidence", RuleSet, false,
    "một tài liệu kiểm chứng của tiêu chí `{code}` chưa có tên tiếng Việt",
    "an evidence document of node `{code}` has no Vietnamese name",
    "An evidence document without its Vietnamese name.";
"ruleset.form_max", RuleSet, true,
    "nhóm `{group}` dùng mẫu {form}, là biểu tự chấm điểm của các đơn vị có điểm tối đa {max} điểm, nhưng khai báo điểm tối đa {declared}",
    "group `{group}` uses form {form}, the self-scoring table of the {max}-point units, but declares a maximum of {declared}",
    "Warning: a group using a form of Decision 1440 with another maximum than the form's (S2, S4).";
"ruleset.form_max:two_groups", RuleSet, true,
    "nhóm `{group}` dùng mẫu {form} với điểm tối đa {max}, nhóm `{other}` dùng cùng mẫu với điểm tối đa {other_max}: mỗi mẫu biểu tự chấm điểm ứng với một mức điểm tối đa",
    "group `{group}` uses form {form} with a maximum of {max}, group `{other}` the same form with {other_max}: one self-scoring form is the table of one maximum",
    "Warning: one form declared for groups of different maxima (S2, S4).";
"ruleset.group_max", RuleSet, false,
    "nhóm `{group}` khai báo {max} điểm nhưng tổng điểm tối đa của các tiêu chí áp dụng cho nhóm là {sum}",
    "group `{group}` declares {max} points but the criteria applicable to it add up to {sum}",
    "A group whose maximum is not the sum of its applicable criteria (S2).";
"ruleset.invalid_type:inside_column", RuleSet, false,
    "`{column}` nằm trong một giá trị do cột khác cung cấp",
    "`{column}` is inside a value that another column gives",
    "A rubric workbook's column inside the value of another column.";
"ruleset.invalid_type:inside_sheet", RuleSet, false,
    "trang tính `{name}` nằm trong một giá trị do trang tính `{sheet}` cung cấp",
    "the sheet `{name}` is inside a value the sheet `{sheet}` gives",
    "A rubric workbook's sheet inside a value another sheet gives.";
"ruleset.invalid_type:rubric_cell", RuleSet, false,
    "ngày hoặc giá trị lỗi ở chỗ cần một giá trị của bộ chỉ số",
    "a date or an error value where a value of the rule set belongs",
    "A rubric workbook's cell holding a date or a formula's error value.";
"ruleset.json_syntax", RuleSet, false,
    "bộ chỉ số không phải JSON hợp lệ: {detail}",
    "not valid JSON: {detail}",
    "A rule set that is not JSON.";
"ruleset.json_syntax:not_builtin", RuleSet, false,
    "bộ chỉ số không phải JSON hợp lệ: {detail}; cũng không phải mã của một bộ chỉ số có sẵn ({builtins})",
    "not valid JSON: {detail} (nor is it a built-in rule set: {builtins})",
    "Text given as a rule set that is neither JSON nor the id of a built-in rule set.";
"ruleset.leaf_without_rule", RuleSet, false,
    "tiêu chí `{code}` không có tiêu chí thành phần nên cần có quy tắc chấm điểm (`rule`)",
    "leaf `{code}` has no rule",
    "A criterion without sub-criteria and without a rule.";
"ruleset.max_points", RuleSet, false,
    "điểm tối đa của tiêu chí `{code}` không được âm",
    "node `{code}` has a negative maximum",
    "A criterion with a negative maximum.";
"ruleset.max_points:group", RuleSet, false,
    "điểm tối đa của nhóm đơn vị phải lớn hơn 0",
    "a group's maximum must be positive",
    "A group whose maximum is not positive.";
"ruleset.max_value", RuleSet, false,
    "`max_value` (giá trị tối đa được tính) phải lớn hơn 0",
    "`max_value` must be above 0",
    "A normalised rule's bound on values that is not positive (C5).";
"ruleset.member_in_two_groups", RuleSet, true,
    "`{member}` có tên trong cả nhóm `{first}` và nhóm `{group}`: mỗi đơn vị chỉ có một mức điểm tối đa",
    "`{member}` is listed in groups `{first}` and `{group}`: a unit has one maximum",
    "Warning: a unit listed among the members of two groups (S2).";
"ruleset.min_above_max", RuleSet, false,
    "tiêu chí `{code}`: điểm tối thiểu {min} lớn hơn điểm tối đa {max}",
    "node `{code}`: minimum {min} is above maximum {max}",
    "A criterion whose minimum is above its maximum.";
"ruleset.missing_field", RuleSet, false,
    "thiếu trường {field}",
    "missing field {field}",
    "A required field of the rule set is missing.";
"ruleset.missing_utc_offset", RuleSet, false,
    "lịch cần khai báo độ lệch múi giờ so với UTC (`\"utc_offset\": \"+07:00\"` đối với Việt Nam): các ngày của lịch, và mọi thời điểm không ghi múi giờ, đều là giờ địa phương",
    "the calendar needs its UTC offset (`\"utc_offset\": \"+07:00\"` for Vietnam): its dates, and every time given without an offset, are local times",
    "A calendar without its UTC offset (never taken as UTC).";
"ruleset.negative_cap", RuleSet, false,
    "mức điểm tối đa (`cap`) không được âm",
    "a cap cannot be negative",
    "A bonus or penalty cap below 0 (C13).";
"ruleset.negative_weight", RuleSet, false,
    "trọng số không được âm",
    "weights cannot be negative",
    "An outcome with a negative weight (C7).";
"ruleset.no_groups", RuleSet, false,
    "cấp `{level}` không có nhóm đơn vị nào",
    "level `{level}` has no unit group",
    "A level without a unit group.";
"ruleset.not_a_rubric", RuleSet, false,
    "sổ tính không có trang tính `{sheet}`: đây không phải sổ tính của một bộ chỉ số",
    "the workbook has no sheet `{sheet}`: it is not a rule set's workbook",
    "A workbook read as a rule set without the rule set's sheet.";
"ruleset.not_an_object", RuleSet, false,
    "bộ chỉ số phải là một đối tượng JSON ({\"format_version\": 1, \"id\": …, \"levels\": […], …}), không phải {found}",
    "a rule set must be a JSON object ({\"format_version\": 1, \"id\": …, \"levels\": […], …}), not {found}",
    "A rule set that is not a JSON object.";
"ruleset.outlier_factor", RuleSet, false,
    "`outlier_factor` (hệ số cảnh báo giá trị bất thường) phải lớn hơn 1",
    "`outlier_factor` must be above 1",
    "A normalised rule's outlier factor that is not above 1 (C5).";
"ruleset.percentage_range", RuleSet, false,
    "{percentage} không phải là tỷ lệ phần trăm từ 0 đến 100",
    "{percentage} is not a percentage between 0 and 100",
    "A percentage of a rule outside 0–100.";
"ruleset.percentage_range:full_at", RuleSet, false,
    "`full_at` (tỷ lệ đạt điểm tối đa) phải lớn hơn 0 và không quá 100",
    "`full_at` must be above 0 and at most 100",
    "A proportional rule's full-points percentage outside (0, 100] (C4).";
"ruleset.period_order", RuleSet, false,
    "giai đoạn {id} kết thúc trước khi bắt đầu",
    "period {id} ends before it starts",
    "A calendar period that ends before it starts.";
"ruleset.period_order:template", RuleSet, false,
    "lịch mẫu có ngày kết thúc trước ngày bắt đầu",
    "the template's bounds end before they start",
    "A calendar template that ends before it starts.";
"ruleset.points_above_max", RuleSet, false,
    "{points} điểm vượt quá điểm tối đa {max} của tiêu chí `{code}`",
    "{points} points exceed the maximum {max} of `{code}`",
    "Points a rule declares above the criterion's maximum.";
"ruleset.points_below_min", RuleSet, false,
    "{points} điểm thấp hơn điểm tối thiểu {min} của tiêu chí `{code}`",
    "{points} points are below the minimum {min} of `{code}`",
    "Points a rule declares below the criterion's minimum.";
"ruleset.points_each", RuleSet, false,
    "`points_each` (số điểm cho mỗi lần) phải lớn hơn 0",
    "`points_each` must be positive",
    "A count rule's points per event that are not positive (C6).";
"ruleset.points_too_large", RuleSet, false,
    "{points} điểm vượt quá mức bộ chỉ số được phép khai báo: tối đa {max} (10^9) theo giá trị tuyệt đối",
    "{points} points are more than a rule set may declare: at most {max} (10^9) either way",
    "A number of points beyond ±10^9, more than any rubric declares.";
"ruleset.rounding_scale", RuleSet, false,
    "số chữ số thập phân khi làm tròn (`rounding.scale`) phải từ 0 đến 10",
    "rounding scale must be between 0 and 10",
    "A rounding scale above 10.";
"ruleset.rubric_component", RuleSet, false,
    "mỗi cấp cần đúng một thành phần chấm theo bộ chỉ số (`rubric`) (hiện có {found})",
    "a level needs exactly one `rubric` component (found {found})",
    "A level without exactly one rubric component.";
"ruleset.rubric_tree:depth", RuleSet, false,
    "`depth` ở đây phải là số nguyên từ 0 đến {max} (lớn hơn tiêu chí ở trên nhiều nhất 1)",
    "`depth` must be a whole number from 0 to {max} here (one more than the criterion above it at most)",
    "A rubric workbook's criterion deeper than the one before it allows.";
"ruleset.rubric_tree:level", RuleSet, false,
    "cấp `{id}` không có trong trang tính `{sheet}` ({levels})",
    "level `{id}` is not in the sheet `{sheet}` ({levels})",
    "A rubric workbook's criterion of a level the sheet of levels lacks.";
"ruleset.rule_on_parent", RuleSet, false,
    "tiêu chí `{code}` có tiêu chí thành phần; điểm của tiêu chí là tổng điểm các tiêu chí thành phần, nên không được có quy tắc chấm điểm (`rule`)",
    "node `{code}` has children; its points are their sum, so it cannot carry a rule",
    "A rule declared on a criterion with sub-criteria.";
"ruleset.serialize", RuleSet, false,
    "không ghi được bộ chỉ số ra JSON: {detail}",
    "the rule set cannot be written as JSON: {detail}",
    "A rule set that cannot be written in its canonical form (a bug).";
"ruleset.shown_only_not_rounded", RuleSet, false,
    "bước làm tròn chỉ để hiển thị phải là một trong các bước của `rounding.stages`",
    "a stage rounded for display only must be one of `rounding.stages`",
    "A display-only stage that is not rounded.";
"ruleset.shown_only_stage", RuleSet, false,
    "chỉ bước `component` và bước `index` mới có thể làm tròn chỉ để hiển thị: tỷ lệ phần trăm được làm tròn trước khi tính điểm, và điểm của tiêu chí được nhập đã làm tròn",
    "only the `component` and `index` stages can round for display only: the percentage is rounded before the points are computed, and a leaf's points are entered rounded",
    "A display-only rounding of a stage whose rounding the arithmetic needs (S9).";
"ruleset.step", RuleSet, false,
    "`step` (bước điểm) phải lớn hơn 0",
    "`step` must be positive",
    "A manual rule's step that is not positive.";
"ruleset.step:multiple", RuleSet, false,
    "điểm tối đa {max} và điểm tối thiểu {min} phải là bội số của bước điểm {step}",
    "the maximum {max} and minimum {min} must be multiples of the step {step}",
    "A manual rule's step that does not divide the criterion's bounds.";
"ruleset.template_level", RuleSet, false,
    "cấp {level} theo lịch của chính bộ chỉ số; lịch mẫu dành cho cấp có Hội đồng thẩm định do đơn vị cấp trên thành lập (`council.delegated_levels`)",
    "level {level} follows the rule set's own calendar; a template is for a level whose council the parent unit forms (`council.delegated_levels`)",
    "A calendar template for a level the provincial council appraises (S10).";
"ruleset.template_missing_period", RuleSet, false,
    "lịch mẫu phải có giai đoạn `{id}`, là giai đoạn mà quy trình đánh giá cần",
    "the template must ask for period `{id}`, which the workflow needs",
    "A calendar template without a period the workflow needs.";
"ruleset.threshold_above_full", RuleSet, false,
    "ngưỡng (`threshold`) lớn hơn `full_at`",
    "the threshold is above `full_at`",
    "A proportional rule whose threshold is above its full-points percentage (C4).";
"ruleset.too_deep", RuleSet, false,
    "các tiêu chí chỉ được lồng nhau tối đa {max} cấp",
    "criteria are nested at most {max} levels deep",
    "Criteria nested deeper than the engine holds.";
"ruleset.unknown_code", RuleSet, false,
    "không có lĩnh vực mã {code}",
    "no field with code {code}",
    "A tie-breaker naming a field the rule set does not have.";
"ruleset.unknown_code:remit", RuleSet, false,
    "cấp `{level}` không có tiêu chí {code}",
    "level `{level}` has no node {code}",
    "A council member's remit naming a criterion the level does not have (S7).";
"ruleset.unknown_component", RuleSet, false,
    "không có thành phần {id}",
    "no component {id}",
    "A tie-breaker naming a component the rule set does not have.";
"ruleset.unknown_field", RuleSet, false,
    "trường không xác định {field}; các trường hợp lệ: {expected}",
    "unknown field {field}, expected one of {expected}",
    "A field the rule-set format does not have.";
"ruleset.unknown_group", RuleSet, false,
    "cấp `{level}` không có nhóm đơn vị {group}",
    "level `{level}` has no group {group}",
    "A group name the level does not define.";
"ruleset.unknown_level", RuleSet, false,
    "không có cấp {level}",
    "no level {level}",
    "A level name the rule set does not define.";
"ruleset.unknown_level:group", RuleSet, false,
    "nhóm {group} thuộc cấp {level}, nhưng bộ chỉ số không có cấp này",
    "group {group} names level {level}, which the rule set does not define",
    "A group of a level the rule set does not define.";
"ruleset.unknown_member", RuleSet, false,
    "không có thành viên Hội đồng thẩm định {member}",
    "no council member {member}",
    "An appraiser who is not a council member (S7).";
"ruleset.unknown_member:no_council", RuleSet, false,
    "bộ chỉ số không khai báo Hội đồng thẩm định",
    "the rule set declares no council",
    "An appraiser named where the rule set declares no council (S7).";
"ruleset.unsupported_version", RuleSet, false,
    "phiên bản định dạng {version} không được hỗ trợ; hệ thống đọc phiên bản {want}",
    "format version {version} is not supported; this engine reads version {want}",
    "A rule set of a format version this engine does not read.";
"ruleset.unsupported_version:string", RuleSet, false,
    "format_version là chuỗi \"{want}\": hãy viết số {want}, không có dấu ngoặc kép",
    "format_version is the string \"{want}\": write the number {want}, without quotes",
    "A format version given as a string.";
"ruleset.unsupported_version:type", RuleSet, false,
    "format_version phải là số {want}, không phải {found}",
    "format_version must be the number {want}, not {found}",
    "A format version that is not a number.";
"ruleset.utf8", RuleSet, false,
    "văn bản không phải UTF-8: byte {at} (0x{byte}) không thuộc ký tự UTF-8 nào; hãy lưu tệp ở dạng UTF-8",
    "the text is not UTF-8: byte {at} (0x{byte}) is not part of a UTF-8 character; save the file as UTF-8",
    "A rule set whose bytes are not UTF-8.";
"workflow.already_announced", Workflow, false,
    "kết quả đã được công bố lúc {at}",
    "the results were announced at {at}",
    "A second announcement.";
"workflow.already_appraised", Workflow, false,
    "tiêu chí `{code}` đã được thẩm định ({points} điểm, do `{member}` lúc {at}); mỗi nội dung chỉ thẩm định 01 lần",
    "`{code}` was already appraised ({points} points by `{member}` at {at}); each item is appraised once",
    "An item appraised twice in the same round (S7).";
"workflow.already_reviewed", Workflow, false,
    "quyết định của Hội đồng về tiêu chí `{code}` đã được ghi nhận lúc {at} ({points} điểm); mỗi nội dung chỉ quyết định một lần",
    "the council's decision on `{code}` was recorded at {at} ({points} points); each item is decided once",
    "A second reviewed decision on the same item (S7, S8).";
"workflow.already_submitted", Workflow, false,
    "kết quả tự đánh giá đã được gửi lúc {at}; đơn vị chỉ gửi một lần và không được sửa sau khi gửi",
    "the self-assessment was submitted at {at}; a unit submits once and cannot change it afterwards",
    "A second submission, or an edit after submission (S3).";
"workflow.announcement_not_due", Workflow, false,
    "kết quả chỉ được công bố từ {start} khi đã là kết quả cuối cùng; hồ sơ đang ở trạng thái `{phase}`",
    "results may be announced from {start} once final; the dossier is `{phase}`",
    "An announcement before the announcement date, or before the results are final (S8).";
"workflow.appraisal_not_open", Workflow, false,
    "việc thẩm định bắt đầu từ {start} và cần hồ sơ đã gửi hoặc đã quá hạn nộp",
    "appraisal opens at {start} and needs a submitted dossier or the passed deadline",
    "Appraisal before the appraisal window opens.";
"workflow.bad_calendar:before", Workflow, false,
    "{a} ({ta}) phải trước hẳn {b} ({tb})",
    "the {a} ({ta}) must come strictly before the {b} ({tb})",
    "The calendar's instants out of order.";
"workflow.bad_calendar:date", Workflow, false,
    "`{date}` không phải là ngày dạng YYYY-MM-DD",
    "`{date}` is not a date YYYY-MM-DD",
    "A calendar day that cannot be read.";
"workflow.bad_calendar:no_later", Workflow, false,
    "{a} ({ta}) không được muộn hơn {b} ({tb})",
    "the {a} ({ta}) must come no later than the {b} ({tb})",
    "The calendar's instants out of order.";
"workflow.bad_calendar:no_offset", Workflow, false,
    "lịch không có `utc_offset`: các ngày của lịch và mọi thời điểm không ghi múi giờ đều là giờ địa phương, nên lịch phải nói rõ múi giờ (`+07:00` cho Việt Nam)",
    "the calendar has no `utc_offset`: its dates and every time given without an offset are local times, so it must say which (`+07:00` for Vietnam)",
    "A calendar without its UTC offset.";
"workflow.bad_calendar:offset", Workflow, false,
    "`{offset}` không phải là độ lệch múi giờ dạng +07:00",
    "`{offset}` is not a UTC offset like +07:00",
    "A UTC offset that cannot be read.";
"workflow.bad_calendar:order", Workflow, false,
    "giai đoạn `{id}` kết thúc trước khi bắt đầu",
    "period `{id}` ends before it starts",
    "A period that ends before it starts.";
"workflow.bad_calendar:twice", Workflow, false,
    "giai đoạn `{id}` được khai báo hai lần",
    "period `{id}` is given twice",
    "A period given twice in a district's calendar.";
"workflow.bad_record", Workflow, false,
    "hồ sơ đã lưu không đúng định dạng: {detail}",
    "the stored dossier is not valid: {detail}",
    "A stored dossier that is not valid JSON of the dossier format.";
"workflow.bad_time", Workflow, false,
    "`{time}` không phải là thời điểm dạng YYYY-MM-DDTHH:MM[:SS[.phần lẻ]][múi giờ] (không ghi múi giờ thì là giờ địa phương của lịch)",
    "`{time}` is not a date-time of the form YYYY-MM-DDTHH:MM[:SS[.fraction]][offset] (without an offset, the calendar's local time)",
    "A date-time string that cannot be read.";
"workflow.component_closed", Workflow, false,
    "kết quả đã là kết quả cuối cùng từ {since}: các thành phần phải được nhập trước thời điểm đó",
    "the results are final since {since}: components are entered before then",
    "A component entered once the results are final (S8).";
"workflow.component_kind:external", Workflow, false,
    "thành phần `{id}` nhận `points` (điểm), không nhận tỷ lệ phần trăm",
    "component `{id}` takes `points` (and no percentage)",
    "A percentage given for a component scored in points.";
"workflow.component_kind:survey", Workflow, false,
    "thành phần điều tra xã hội học `{id}` nhận `percentage` (tỷ lệ phần trăm), không nhận điểm: tính tỷ lệ phần trăm trước, sau đó mới tính điểm",
    "survey component `{id}` takes a `percentage` (and no points): percentage first, then points",
    "Points given for a survey component, which takes a percentage (S9).";
"workflow.component_not_open", Workflow, false,
    "các thành phần của chỉ số được nhập từ khi bắt đầu thẩm định ({start})",
    "components of the index are entered from the appraisal's start ({start})",
    "A component entered before the appraisal opens.";
"workflow.component_pending", Workflow, true,
    "thành phần `{id}` chưa được nhập (cơ quan thường trực nhập điểm ứng dụng CNTT do Chủ tịch công bố và tỷ lệ điều tra xã hội học): thành phần được tính 0 điểm, nên chỉ số chưa phải là chỉ số đầy đủ của đơn vị",
    "component `{id}` has not been entered yet (the secretariat enters the IT points the Chairman announced and the survey percentage): it counts 0 points, so the index is not yet the unit's full index",
    "Warning: a component of the unit's index has not been entered yet; it counts 0 points.";
"workflow.empty_evidence", Workflow, false,
    "tài liệu kiểm chứng phải có tên",
    "an evidence document needs a name",
    "An evidence document with an empty name.";
"workflow.empty_explanation", Workflow, false,
    "nội dung giải trình phải có lời giải trình hoặc tài liệu kiểm chứng",
    "an explanation needs a text or evidence",
    "An explanation with neither text nor evidence.";
"workflow.explanation_closed", Workflow, false,
    "thời hạn giải trình đã kết thúc lúc {end}",
    "explanations closed at {end}",
    "An explanation after the explanation window (S8).";
"workflow.explanation_not_open", Workflow, false,
    "việc giải trình bắt đầu từ {start}",
    "explanations open at {start}",
    "An explanation before the explanation window (S8).";
"workflow.locked", Workflow, false,
    "phần mềm đã khóa lúc {lock} đối với thành viên Hội đồng: thành viên không thể thao tác nữa; thay đổi sau giải trình là quyết định của Hội đồng sau khi xem xét, do cơ quan thường trực ghi nhận trong phiên xem xét của Hội đồng (thao tác `review`)",
    "the software locked at {lock} for council members: they can no longer act; a change after the explanations is the council's reviewed decision, recorded by the standing body during the council's review (act `review`)",
    "A council member acting after the lock (S6).";
"workflow.missing_calendar", Workflow, false,
    "đơn vị cấp `{level}` theo lịch do huyện của mình đặt từ lịch mẫu của bộ chỉ số; hãy cung cấp lịch của huyện",
    "units of level `{level}` follow the calendar their district sets from the rule set's template; give the district's calendar",
    "A dossier of a level whose calendar the parent unit sets (communes, S10) opened without it.";
"workflow.missing_parent", Workflow, false,
    "đơn vị cấp `{level}` do Hội đồng thẩm định của huyện thẩm định; hãy cho biết huyện cấp trên",
    "units of level `{level}` are appraised by their district's council; give the parent district",
    "A unit of a delegated level (a commune, S10) without its parent district.";
"workflow.missing_period", Workflow, false,
    "lịch không có giai đoạn `{id}`",
    "the calendar has no period `{id}`",
    "The rule set's calendar lacks a period the workflow needs.";
"workflow.missing_period:district", Workflow, false,
    "lịch của huyện thiếu giai đoạn `{id}` ({label}) mà lịch mẫu yêu cầu",
    "the district's calendar lacks period `{id}` ({label}), which the template requires",
    "A district's calendar without a period of its template.";
"workflow.missing_period:level", Workflow, false,
    "giai đoạn `{id}` chỉ áp dụng cho cấp {levels}, không áp dụng cho `{level}`",
    "period `{id}` applies to level(s) {levels} only, not to `{level}`",
    "A period the workflow needs that does not apply to the unit's level.";
"workflow.missing_period:needed", Workflow, false,
    "lịch không có giai đoạn `{id}` mà quy trình cần (các giai đoạn: {periods})",
    "the calendar has no period `{id}`, which the workflow needs (periods: {periods})",
    "The rule set's calendar lacks a period the workflow needs.";
"workflow.missing_period:no_calendar", Workflow, false,
    "bộ chỉ số `{ruleset}` không có lịch; quy trình cần các giai đoạn của lịch",
    "rule set `{ruleset}` has no calendar; the workflow needs its periods",
    "A rule set without a calendar.";
"workflow.missing_period:no_template", Workflow, false,
    "bộ chỉ số `{ruleset}` không có lịch mẫu cho cấp `{level}`: các đơn vị cấp này theo lịch của bộ chỉ số",
    "rule set `{ruleset}` has no calendar template for level `{level}`: its units follow the rule set's calendar",
    "A district's calendar for a level without a template.";
"workflow.no_appraiser", Workflow, false,
    "không thành viên Hội đồng nào phụ trách tiêu chí `{code}` và Hội đồng không có thành viên thường trực",
    "no council member's remit covers `{code}` and the council has no standing member",
    "No member covers the criterion and the council has no standing member.";
"workflow.no_council", Workflow, false,
    "bộ chỉ số `{ruleset}` không khai báo Hội đồng thẩm định",
    "rule set `{ruleset}` declares no appraisal council",
    "The rule set declares no appraisal council.";
"workflow.no_review", Workflow, false,
    "lịch không có giai đoạn `{period}`: không có phiên xem xét của Hội đồng thì kết quả sau giải trình giữ nguyên như đã thẩm định",
    "the calendar has no period `{period}`: without the council's review, the results after the explanations stand as appraised",
    "A reviewed decision although the calendar has no council review period.";
"workflow.not_a_leaf", Workflow, false,
    "tiêu chí `{code}` được tính bằng tổng các tiêu chí con; hãy thao tác trên các tiêu chí con",
    "`{code}` is scored as the sum of its children; act on its leaves",
    "The code names a field or criterion with children; only leaves are scored.";
"workflow.not_authorised:announce", Workflow, false,
    "kết quả do Chủ tịch hoặc cơ quan thường trực công bố, không phải {actor}",
    "results are announced by the Chairman or the secretariat, not by {actor}",
    "An announcement by an actor who may not announce.";
"workflow.not_authorised:member", Workflow, false,
    "`{act}` là thao tác của thành viên Hội đồng; {actor} không được thực hiện",
    "`{act}` is a council member's act; {actor} cannot perform it",
    "A council member's act by another actor.";
"workflow.not_authorised:secretariat", Workflow, false,
    "`{act}` do cơ quan thường trực của Hội đồng ghi nhận (Sở Nội vụ, hoặc Phòng Nội vụ của huyện đối với các xã), không phải {actor}",
    "`{act}` is recorded by the council's standing body (the secretariat: Sở Nội vụ, or the district's home-affairs office for its communes), not by {actor}",
    "A secretariat's act by another actor.";
"workflow.not_authorised:system", Workflow, false,
    "chỉ quy trình mới thao tác với vai trò `system`; các bước chuyển của quy trình theo lịch",
    "only the workflow acts as `system`; its transitions follow the calendar",
    "An act given as the system.";
"workflow.not_authorised:transition", Workflow, false,
    "các bước chuyển do quy trình ghi nhận khi thời gian qua các mốc của lịch",
    "transitions are recorded by the workflow when time passes the calendar's instants",
    "A transition given as an act.";
"workflow.not_authorised:unit", Workflow, false,
    "`{act}` là thao tác của đơn vị được đánh giá; {actor} không được thực hiện",
    "`{act}` is the assessed unit's act; {actor} cannot perform it",
    "A unit's act by another actor.";
"workflow.not_explained", Workflow, false,
    "đơn vị không giải trình tiêu chí `{code}`: quyết định của Hội đồng sau khi xem xét là để trả lời giải trình; không có giải trình thì kết quả thẩm định giữ nguyên",
    "the unit did not explain `{code}`: the council's reviewed decision answers an explanation; without one the appraisal stands",
    "A reviewed decision on an item the unit did not explain (S8).";
"workflow.not_in_group", Workflow, false,
    "tiêu chí `{code}` không áp dụng cho nhóm `{group}`",
    "criterion `{code}` does not apply to group `{group}`",
    "The criterion does not apply to the unit's group (S2).";
"workflow.other_unit", Workflow, false,
    "cán bộ của `{unit}` không thể thao tác trên hồ sơ của `{dossier}`",
    "an officer of `{unit}` cannot act on the dossier of `{dossier}`",
    "A unit officer acting on another unit's dossier.";
"workflow.outside_remit", Workflow, false,
    "tiêu chí `{code}` thuộc lĩnh vực phụ trách của `{remit}`, không phải của `{member}`; thành viên chỉ thẩm định các lĩnh vực thuộc phạm vi quản lý của mình",
    "`{code}` is in the remit of `{remit}`, not of `{member}`; members appraise only their own fields",
    "A council member appraising a criterion outside their remit (S7).";
"workflow.outside_template", Workflow, false,
    "giai đoạn `{id}` phải nằm trong khoảng {lo} – {hi}, giới hạn bộ chỉ số đặt cho lịch của các huyện đối với cấp `{level}` ({label}); giai đoạn này bắt đầu ngày {day}",
    "period `{id}` must fall within {lo} – {hi}, the bounds the rule set sets for the districts' calendars of level `{level}` ({label}); it starts on {day}",
    "A district's calendar sets a day outside the bounds of the rule set's template (S10).";
"workflow.outside_template:end", Workflow, false,
    "giai đoạn `{id}` phải nằm trong khoảng {lo} – {hi}, giới hạn bộ chỉ số đặt cho lịch của các huyện đối với cấp `{level}` ({label}); giai đoạn này kết thúc ngày {day}",
    "period `{id}` must fall within {lo} – {hi}, the bounds the rule set sets for the districts' calendars of level `{level}` ({label}); it ends on {day}",
    "A district's calendar sets a day outside the bounds of the rule set's template (S10).";
"workflow.percentage_out_of_range", Workflow, false,
    "{percentage} không phải là tỷ lệ phần trăm từ 0 đến 100",
    "{percentage} is not a percentage between 0 and 100",
    "A survey percentage outside 0–100.";
"workflow.points_out_of_range", Workflow, false,
    "{points} điểm nằm ngoài khoảng {min}–{max} của tiêu chí `{code}`",
    "{points} points are outside {min}–{max} for `{code}`",
    "Points outside the node's range.";
"workflow.points_out_of_range:component", Workflow, false,
    "{points} điểm nằm ngoài khoảng 0–{max} của thành phần `{id}`",
    "{points} points are outside 0–{max} for component `{id}`",
    "Points outside a component's range.";
"workflow.points_step", Workflow, false,
    "{points} không phải là bội số của bước điểm {step} của tiêu chí `{code}`",
    "{points} is not a multiple of the step {step} for `{code}`",
    "Points not on the node's step.";
"workflow.reappraisal_closed", Workflow, false,
    "thời hạn thẩm định lại đã kết thúc",
    "the re-appraisal window has closed",
    "No longer produced: council members do not re-appraise after the lock (S6).";
"workflow.reappraisal_not_open", Workflow, false,
    "việc thẩm định lại chưa bắt đầu",
    "the re-appraisal window has not opened",
    "No longer produced: council members do not re-appraise after the lock (S6).";
"workflow.replay_mismatch", Workflow, false,
    "nhật ký đã lưu không tái tạo được chính nó tại sự kiện {event} (tái tạo được {replayed} sự kiện, đã lưu {stored})",
    "the stored log does not reproduce itself at event {event} (replayed {replayed} event(s), stored {stored})",
    "A stored log that does not reproduce itself.";
"workflow.replay_refused", Workflow, false,
    "không thể thực hiện lại sự kiện {seq}: {detail}",
    "event {seq} cannot be replayed: {detail}",
    "A stored log containing an act the workflow refuses.";
"workflow.review_closed", Workflow, false,
    "phiên xem xét của Hội đồng đã kết thúc lúc {end}",
    "the council's review closed at {end}",
    "A reviewed decision after the council's review closed (S8).";
"workflow.review_not_open", Workflow, false,
    "Hội đồng xem xét báo cáo thẩm định từ {start}; quyết định của Hội đồng được ghi nhận từ thời điểm đó",
    "the council reviews the appraisal report from {start}; its decisions are recorded then",
    "A reviewed decision before the council's review opens (S8).";
"workflow.rubric_component", Workflow, false,
    "`{id}` là tổng điểm các tiêu chí đã thẩm định; thành phần này không được nhập",
    "`{id}` is the sum of the appraised criteria; it is not entered",
    "The rubric component (the sum of the criteria) entered as a value.";
"workflow.ruleset_mismatch", Workflow, false,
    "hồ sơ thuộc bộ chỉ số `{given}`, không phải `{ruleset}`",
    "the dossier belongs to rule set `{given}`, not `{ruleset}`",
    "The dossier belongs to another rule set.";
"workflow.ruleset_mismatch:year", Workflow, false,
    "hồ sơ thuộc năm {year}, bộ chỉ số `{ruleset}` thuộc năm {ruleset_year}",
    "the dossier is of year {year}, rule set `{ruleset}` of year {ruleset_year}",
    "The dossier belongs to another year than the rule set.";
"workflow.schedule_mismatch", Workflow, false,
    "lịch trình đã lưu ghi {given} trong khi lịch của bộ chỉ số ghi {want}: hồ sơ đã lưu giữ lịch của bộ chỉ số của nó",
    "the stored schedule gives {given} where the rule set's calendar gives {want}: a stored dossier keeps the calendar of its rule set",
    "A stored dossier whose schedule differs from the one its rule set gives.";
"workflow.self_assessment_closed", Workflow, false,
    "hạn tự đánh giá đã qua lúc {deadline} mà hồ sơ chưa được gửi; hồ sơ được thẩm định theo hiện trạng",
    "the self-assessment deadline passed at {deadline} without a submission; the dossier is appraised as it stands",
    "The self-assessment deadline has passed without a submission (S5).";
"workflow.self_assessment_not_open", Workflow, false,
    "việc tự đánh giá bắt đầu từ {start}",
    "self-assessment opens at {start}",
    "Self-assessment has not opened yet.";
"workflow.single_round", Workflow, false,
    "mỗi hồ sơ chỉ được thẩm định một vòng",
    "a dossier is appraised in a single round",
    "No longer produced: council members do not act after the lock (S6); see workflow.locked.";
"workflow.state_mismatch", Workflow, false,
    "trạng thái đã lưu khác với kết quả tái tạo từ nhật ký đã lưu",
    "the stored state differs from the replay of the stored log",
    "A stored state that differs from the replay of its log.";
"workflow.time_order", Workflow, false,
    "{now} sớm hơn sự kiện cuối cùng của hồ sơ ({last}); thời gian không thể chạy ngược",
    "{now} is earlier than the dossier's last event ({last}); time cannot run backwards",
    "The given time is earlier than the dossier's last event.";
"workflow.unknown_code", Workflow, false,
    "cấp `{level}` không có tiêu chí `{code}`",
    "level `{level}` has no criterion `{code}`",
    "No criterion of the unit's level has that code.";
"workflow.unknown_code:any", Workflow, false,
    "không có tiêu chí `{code}`",
    "no criterion `{code}`",
    "No criterion has that code.";
"workflow.unknown_component", Workflow, false,
    "cấp `{level}` không có thành phần `{id}` (các thành phần: {components})",
    "level `{level}` has no component `{id}` (components: {components})",
    "A component the unit's level does not have.";
"workflow.unknown_explanation", Workflow, false,
    "tiêu chí `{code}` có {count} nội dung giải trình, đánh số từ 0; không có giải trình số {k}",
    "`{code}` has {count} explanation(s), numbered from 0; there is no explanation {k}",
    "A reviewed decision naming an explanation the item does not have.";
"workflow.unknown_group", Workflow, false,
    "bộ chỉ số `{ruleset}` không có nhóm `{group}` (các nhóm: {groups})",
    "rule set `{ruleset}` has no group `{group}` (groups: {groups})",
    "The unit's group is not defined by the rule set.";
"workflow.unknown_group:level", Workflow, false,
    "bộ chỉ số `{ruleset}` không có nhóm `{group}` thuộc cấp `{level}`",
    "rule set `{ruleset}` has no group `{group}` of level `{level}`",
    "The unit's group is not of its level in the rule set.";
"workflow.unknown_member", Workflow, false,
    "Hội đồng không có thành viên `{member}` (các thành viên: {members})",
    "the council has no member `{member}` (members: {members})",
    "The acting council member is not a member of the council.";
"workflow.unknown_period", Workflow, false,
    "lịch mẫu của cấp `{level}` không có giai đoạn `{id}` (các giai đoạn: {periods})",
    "the template for level `{level}` has no period `{id}` (periods: {periods})",
    "A district's calendar gives a period its template does not have.";
"workflow.wrong_council", Workflow, false,
    "`{unit}` do Hội đồng của huyện `{parent}` thẩm định, không phải huyện `{district}`",
    "`{unit}` is appraised by the council of its district `{parent}`, not by district `{district}`",
    "A district council acting on another district's commune (S10).";
"workflow.wrong_council:province", Workflow, false,
    "cấp `{level}` do Hội đồng thẩm định của tỉnh thẩm định, không phải huyện `{district}`",
    "level `{level}` is appraised by the provincial council, not by district `{district}`",
    "A district council acting on a dossier the province appraises.";
"workflow.wrong_council:province_council", Workflow, false,
    "`{unit}` do Hội đồng của huyện `{parent}` thẩm định, không phải Hội đồng của tỉnh",
    "`{unit}` is appraised by the council of its district `{parent}`, not by the provincial council",
    "The provincial council acting on a commune's dossier (S10).";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_is_sorted_without_duplicates() {
        for w in REGISTRY.windows(2) {
            assert!(w[0].key < w[1].key, "{} before {}", w[0].key, w[1].key);
        }
    }

    /// Every message has both templates, with the same parameters, and its code's family is its
    /// kind.
    #[test]
    #[cfg(not(feature = "external-texts"))]
    fn every_entry_has_vi_and_en_with_the_same_parameters() {
        use std::collections::BTreeSet;
        for e in REGISTRY {
            assert!(
                !e.vi.trim().is_empty() && !e.en.trim().is_empty(),
                "{}",
                e.key
            );
            assert!(!e.doc.trim().is_empty(), "{}", e.key);
            assert_ne!(e.vi, e.en, "{}: the Vietnamese is not translated", e.key);
            let vi: BTreeSet<_> = placeholders(e.vi).collect();
            let en: BTreeSet<_> = placeholders(e.en).collect();
            assert_eq!(vi, en, "{}: the templates' parameters differ", e.key);
            let family = e.code().split('.').next().unwrap();
            assert_eq!(family, e.kind.as_str(), "{}", e.key);
            assert!(e.code().split('.').nth(1).is_some_and(|n| !n.is_empty()));
        }
    }

    /// The same issue in Vietnamese (the default) and in English, from one code and its params.
    #[test]
    fn the_same_issue_in_vietnamese_and_in_english() {
        use crate::error::Issue;
        let make = || {
            Issue::new(
                "workflow.not_in_group",
                r#"$.items["1.1"]"#,
                &[("code", "1.1"), ("group", "department")],
            )
        };
        let vi = make();
        assert_eq!(
            vi.message,
            "tiêu chí `1.1` không áp dụng cho nhóm `department`"
        );
        let en = with_lang(Lang::En, make);
        assert_eq!(
            en.message,
            "criterion `1.1` does not apply to group `department`"
        );
        assert_eq!(lang(), Lang::Vi, "with_lang restores the language");
        assert_eq!(
            (&vi.code, &vi.path, &vi.params),
            (&en.code, &en.path, &en.params)
        );
        assert_eq!(vi.message_in(Lang::En), en.message);
        assert_eq!(en.clone().localized(Lang::Vi), vi);
        let json = serde_json::to_value(&en).unwrap();
        assert_eq!(json["params"]["group"], "department");
    }

    /// Every code literal written in the engine's sources and its bindings' (`"workflow.locked"`,
    /// `"arithmetic.overflow:bonus"`) is a key of the registry.
    #[test]
    fn every_code_written_in_the_sources_is_registered() {
        // The families whose every site writes its message from the registry.
        const FAMILIES: [&str; 7] = [
            "workflow.",
            "arithmetic.",
            "internal.",
            "input.",
            "limits.",
            "not_found.",
            "ruleset.",
        ];
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        // The core's sources and the bindings', which raise the registry's codes too.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        walk(&root.join("src"), &mut files);
        let bindings = [
            "py/src",
            "wasm/src",
            "wasm/common/src",
            "wasm/tables/src",
            "wasm/workflow/src",
        ];
        for dir in bindings {
            // In the workspace the bindings are beside the core: a missing one is a moved
            // folder this list must follow, never a scan silently skipped.
            let dir = root.join("..").join(dir);
            assert!(dir.is_dir(), "{} is not a folder", dir.display());
            walk(&dir, &mut files);
        }
        let mut missing = Vec::new();
        let mut seen = 0;
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for lit in text.split('"').skip(1).step_by(2) {
                let is_code = (FAMILIES.iter())
                    .any(|fam| lit.starts_with(fam))
                    && lit
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b"._:".contains(&b))
                    && lit.matches('.').count() == 1
                    && !lit.ends_with('.')
                    // A file name (`ruleset.json`), not a code.
                    && !lit.ends_with(".json");
                if is_code {
                    seen += 1;
                    let known = entry(lit).is_some() || REGISTRY.iter().any(|e| e.code() == lit);
                    if !known {
                        missing.push(format!("{}: {lit}", f.display()));
                    }
                }
            }
        }
        assert!(seen > 60, "the scan found only {seen} codes");
        assert!(
            missing.is_empty(),
            "codes not in the registry:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn a_template_is_filled_by_name() {
        assert_eq!(
            fill("«{a}» và {b} {a}", &[("a", "x"), ("b", "y")]),
            "«x» và y x"
        );
        assert_eq!(fill("{missing} {", &[]), "{missing} {");
        assert_eq!(
            placeholders("a {b} {c_d} {E}").collect::<Vec<_>>(),
            ["b", "c_d"]
        );
    }
}
