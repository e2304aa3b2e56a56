//! What the command line writes: standard output, text tables (comfy-table, widths measured in
//! terminal columns), CSV (the `csv` crate), the receipt's columns and the notes under a table.

use crate::lang::Lang;
use crate::Failure;
use comfy_table::{presets, Cell, CellAlignment, ColumnConstraint, Width};
use parindex::{BatchResult, Issue, Receipt, RuleSet, UnitError, UnitScore};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write as _;

/// Write to standard output; when the reader has gone (`parindex rank | head`), stop quietly as
/// other command-line tools do. Any other failure to write is an error (exit 1).
pub fn emit(s: &str) -> Result<(), Failure> {
    emit_with(|out| out.write_all(s.as_bytes()))
}

/// A value as pretty JSON and a newline (the bytes of `serde_json::to_string_pretty`), written as
/// it is serialised: a country's result is not held twice in memory.
pub fn emit_json<T: serde::Serialize + ?Sized>(v: &T) -> Result<(), Failure> {
    emit_with(|out| {
        serde_json::to_writer_pretty(&mut *out, v).map_err(std::io::Error::from)?;
        out.write_all(b"\n")
    })
}

/// A file the command made (a workbook, a document): to `-o FILE`, else to standard output,
/// unless that is a terminal (its bytes would garble it: the message says how to save them).
pub fn emit_file(bytes: &[u8], out: &crate::cli::OutputOpt, lang: Lang) -> Result<(), Failure> {
    use std::io::IsTerminal as _;
    if let Some(path) = &out.output {
        return std::fs::write(path, bytes).map_err(|e| {
            Failure::Bad(match lang {
                Lang::Vi => format!("lỗi: không ghi được tệp `{}`: {e}", path.display()),
                Lang::En => format!("error: cannot write `{}`: {e}", path.display()),
            })
        });
    }
    if std::io::stdout().is_terminal() {
        return Err(Failure::Usage(
            lang.pick(
                "tệp này không in ra màn hình được: chuyển hướng vào tệp (> mau.xlsx) hoặc dùng \
                 -o TỆP",
                "this file cannot be shown on a terminal: redirect it to a file (> form.xlsx) or \
                 use -o FILE",
            )
            .to_string(),
        ));
    }
    emit_with(|w| w.write_all(bytes))
}

fn emit_with(
    f: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let mut out = std::io::BufWriter::with_capacity(64 << 10, std::io::stdout().lock());
    match f(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(Failure::Write(e)),
    }
}

/// Text for a table or a note: a control character would move the terminal's cursor, start an
/// escape sequence or break the alignment. Line breaks and tabs become spaces, others `�`
/// (JSON and CSV keep the text as it is).
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' | '\u{b}' | '\u{c}' => ' ',
                c if c.is_control() => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A text table without borders: columns two spaces apart, headings aligned left, numbers aligned
/// right, widths in terminal columns (unicode-width: a combining mark takes none, a wide character
/// two).
pub struct Table {
    inner: comfy_table::Table,
}

impl Table {
    pub fn new(columns: &[(&str, Align)]) -> Table {
        let mut inner = comfy_table::Table::new();
        inner.load_style(presets::NOTHING);
        inner.set_header(columns.iter().map(|(h, _)| {
            Cell::new_owned(clean(h).into_owned()).set_alignment(CellAlignment::Left)
        }));
        for (i, (_, align)) in columns.iter().enumerate() {
            if let Some(c) = inner.column_mut(i) {
                c.set_padding(if i == 0 { (0, 1) } else { (1, 1) });
                c.set_cell_alignment(match align {
                    Align::Left => CellAlignment::Left,
                    Align::Right => CellAlignment::Right,
                });
            }
        }
        Table { inner }
    }

    /// Wrap a column's text at `width` terminal columns (at spaces where it can) instead of
    /// widening the table: every word of it is still shown.
    pub fn wrap(&mut self, column: usize, width: u16) {
        if let Some(c) = self.inner.column_mut(column) {
            c.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(width)));
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.inner
            .add_row(cells.into_iter().map(|c| match clean(&c) {
                Cow::Borrowed(_) => c,
                Cow::Owned(o) => o,
            }));
    }

    /// The table, each line without trailing spaces and ended by a newline.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for line in self.inner.lines() {
            s.push_str(line.trim_end());
            s.push('\n');
        }
        s
    }
}

/// CSV (RFC 4180 quoting: a field holding a comma, a quote, a line feed or a carriage return is
/// quoted), one header line, records ended by a line feed.
pub struct Csv {
    w: csv::Writer<Vec<u8>>,
}

impl Csv {
    pub fn new<I, T>(header: I) -> Csv
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let mut c = Csv {
            w: csv::WriterBuilder::new().from_writer(Vec::new()),
        };
        c.row(header);
        c
    }

    pub fn row<I, T>(&mut self, cells: I)
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        // Writing into memory cannot fail.
        let _ = self.w.write_record(cells);
    }

    pub fn finish(self) -> String {
        let bytes = self.w.into_inner().unwrap_or_default();
        // Every field written is a `&str`: the text is UTF-8.
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// The columns that begin every row of a result's CSV: the receipt, so that whoever opens the
/// file in a spreadsheet sees whether the rule set is provisional, its notice, and the hashes
/// that identify the rule set and the inputs.
pub const RECEIPT_COLUMNS: [&str; 7] = [
    "provisional",
    "notice",
    "synthetic",
    "ruleset_id",
    "ruleset_sha256",
    "inputs_sha256",
    "engine",
];

/// The receipt's cells ([`RECEIPT_COLUMNS`]); the notice in `lang`.
pub fn receipt_cells(rs: &RuleSet, r: &Receipt, lang: Lang) -> [String; 7] {
    [
        r.provisional.to_string(),
        notice(rs, lang).unwrap_or_default(),
        r.synthetic.to_string(),
        r.ruleset_id.clone(),
        r.ruleset_sha256.clone(),
        r.inputs_sha256.clone(),
        r.engine.clone(),
    ]
}

/// The notice of a provisional rule set, in `lang`; none for an official one.
pub fn notice(rs: &RuleSet, lang: Lang) -> Option<String> {
    let vi = rs.notice()?;
    Some(match (lang, &rs.def().notice) {
        (Lang::Vi, _) => vi,
        (Lang::En, Some(l)) => l.in_lang(lang).to_string(),
        (Lang::En, None) => {
            "Provisional rule set: the criteria are reconstructed, not the official text.".into()
        }
    })
}

/// Issues in one CSV cell, one per line: `[code] path: message`.
pub fn issues_cell(issues: &[Issue]) -> String {
    let mut s = String::new();
    for (i, issue) in issues.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        let _ = write!(s, "{issue}");
    }
    s
}

/// The first lines of a result's table: engine, rule set, the provisional notice, synthetic data,
/// the receipt.
pub fn header(rs: &RuleSet, result: &BatchResult, lang: Lang) -> String {
    let d = rs.def();
    let r = &result.receipt;
    let mut s = format!(
        "{} — {} ({}, {} {}), {} {}\n",
        r.engine,
        d.title.in_lang(lang),
        d.id,
        d.decision.number,
        d.decision.date,
        lang.pick("năm đánh giá", "assessment year"),
        d.year
    );
    // In Vietnamese, the lines as the command line has always written them.
    if let Some(n) = notice(rs, lang) {
        let _ = writeln!(
            s,
            "⚠ {}: {n}",
            lang.pick("TẠM THỜI / PROVISIONAL", "PROVISIONAL")
        );
    }
    if r.synthetic {
        let _ = writeln!(
            s,
            "⚠ {}",
            lang.pick("Dữ liệu mô phỏng (synthetic data)", "Synthetic data")
        );
    }
    let short = |h: &str| h.get(..16).unwrap_or(h).to_string();
    let (rs_sha, in_sha) = (short(&r.ruleset_sha256), short(&r.inputs_sha256));
    let (scored, refused) = (r.units_scored, r.units_failed);
    let _ = match lang {
        Lang::Vi => writeln!(
            s,
            "Biên nhận: sha256 bộ chỉ số {rs_sha} · sha256 dữ liệu {in_sha} · {scored} đơn vị \
             được chấm, {refused} bị từ chối"
        ),
        Lang::En => writeln!(
            s,
            "Receipt: ruleset sha256 {rs_sha} · inputs sha256 {in_sha} · {scored} scored, \
             {refused} refused"
        ),
    };
    clean_lines(&s)
}

/// Every line of `s` cleaned ([`clean`]), its line breaks kept.
pub fn clean_lines(s: &str) -> String {
    s.split('\n').map(clean).collect::<Vec<_>>().join("\n")
}

/// The warnings of the units shown in a table: a marker after a unit's name (`[1]`) and, under
/// the table, each marked unit with its warnings.
#[derive(Default)]
pub struct Notes<'a> {
    units: Vec<&'a UnitScore>,
}

impl<'a> Notes<'a> {
    /// The unit's marker (` [n]`), or nothing when it has no warning.
    pub fn mark(&mut self, u: &'a UnitScore) -> String {
        if u.warnings.is_empty() {
            return String::new();
        }
        self.units.push(u);
        format!(" [{}]", self.units.len())
    }

    /// The notes, or nothing when no unit was marked.
    pub fn render(&self, lang: Lang) -> String {
        if self.units.is_empty() {
            return String::new();
        }
        let mut s = format!(
            "\n{}\n",
            lang.pick(
                "Cảnh báo (đơn vị vẫn được chấm; kiểm tra từng cảnh báo):",
                "Warnings (the units are scored; check each one):"
            )
        );
        for (i, u) in self.units.iter().enumerate() {
            let _ = writeln!(s, "[{}] {} ({})", i + 1, u.name, u.id);
            for w in &u.warnings {
                let _ = writeln!(s, "    {w}");
            }
        }
        clean_lines(&s)
    }
}

/// The units refused, under a table: each with every problem found (they are also written on
/// standard error).
pub fn refused_note(result: &BatchResult, lang: Lang) -> String {
    if result.errors.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "\n{}\n",
        lang.pick(
            "Đơn vị không chấm được (không có điểm, không xếp hạng):",
            "Units refused (not scored, not ranked):"
        )
    );
    for e in &result.errors {
        let _ = writeln!(s, "{}", unit_ref(e.index, e.id.as_deref()));
        for i in &e.errors {
            let _ = writeln!(s, "    {i}");
        }
    }
    clean_lines(&s)
}

/// `#3 `xa_c`` — a unit of the batch by its position and id.
pub fn unit_ref(index: usize, id: Option<&str>) -> String {
    match id {
        Some(id) => format!("#{index} `{id}`"),
        None => format!("#{index}"),
    }
}

/// The refused units as standard error gives them (exit code 1).
pub fn refused_stderr(refused: &[UnitError], lang: Lang) -> String {
    units_stderr(refused, |unit| match lang {
        Lang::Vi => format!("lỗi: đơn vị {unit} không chấm được:"),
        Lang::En => format!("error: unit {unit} could not be scored:"),
    })
}

/// Units and their problems, a line each under the unit's `heading` (given its `#3 `id``).
pub fn units_stderr(units: &[UnitError], heading: impl Fn(&str) -> String) -> String {
    let mut s = String::new();
    for e in units {
        let _ = writeln!(s, "{}", heading(&unit_ref(e.index, e.id.as_deref())));
        for i in &e.errors {
            let _ = writeln!(s, "  {i}");
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn control_characters_do_not_reach_a_table() {
        assert_eq!(clean("Sở\r\nNội\tvụ"), "Sở  Nội vụ");
        assert_eq!(clean("a\u{1b}[31mb"), "a\u{fffd}[31mb");
        assert!(matches!(clean("Sở Nội vụ"), Cow::Borrowed(_)));
    }

    /// Vietnamese text is measured in terminal columns: precomposed (NFC) and decomposed (NFD,
    /// a base letter and combining marks) names take the same width, and the next column starts
    /// at the same place.
    #[test]
    fn vietnamese_names_align_precomposed_or_decomposed() {
        let nfc = "Sở Lao động – Thương binh và Xã hội";
        // The same name with every mark as a combining character.
        let nfd = "So\u{31b}\u{309} Lao đo\u{302}\u{323}ng – Thu\u{31b}o\u{31b}ng binh va\u{300} Xa\u{303} ho\u{302}\u{323}i";
        assert_ne!(nfc, nfd);
        assert_eq!(nfc.width(), nfd.width());
        let mut t = Table::new(&[("Đơn vị", Align::Left), ("Điểm", Align::Right)]);
        t.row(vec![nfc.into(), "83.34".into()]);
        t.row(vec![nfd.into(), "9.50".into()]);
        t.row(vec!["Sở Y tế".into(), "80.39".into()]);
        let out = t.render();
        // The rows' numbers end in the same column (the heading is aligned left).
        let ends: Vec<usize> = out.lines().map(UnicodeWidthStr::width).collect();
        assert_eq!(ends.len(), 4);
        assert!(ends[1..].iter().all(|&w| w == ends[1]), "{out}\n{ends:?}");
        assert!(out
            .lines()
            .next()
            .unwrap()
            .ends_with("Đơn vị                               Điểm"));
    }
}
