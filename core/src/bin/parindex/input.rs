//! Reading rule sets and inputs: a built-in rule set, a file, or standard input (`-`), each
//! within the input limits before it is read.

use crate::lang::Lang;
use crate::Failure;
use parindex::api::{text_from_bytes, Kind};
use parindex::{builtin, Error, Limits, RuleSet};
use std::io::Read as _;

/// The argument that names standard input.
pub const STDIN: &str = "-";

/// How a message names what was read: `input `data.json``, `rule set `-`` (standard input)...
pub fn source_name(spec: &str, kind: Kind, lang: Lang) -> String {
    let what = match kind {
        Kind::RuleSet => lang.pick("bộ chỉ số", "rule set"),
        _ => lang.pick("dữ liệu", "input"),
    };
    if spec == STDIN {
        format!(
            "{what} {}",
            lang.pick("từ đầu vào chuẩn", "from standard input")
        )
    } else {
        format!("{what} `{spec}`")
    }
}

/// A file's or standard input's text, or the engine's refusal of it: by its size, before it is
/// held (`limits.input_too_large`), or because it is not UTF-8 (`ruleset.utf8` or `input.utf8`,
/// by `kind`, with the byte offset). What cannot be read at all is a failure.
pub fn text(
    spec: &str,
    kind: Kind,
    limits: &Limits,
    lang: Lang,
) -> Result<Result<String, Error>, Failure> {
    let bytes = match bytes(spec, kind, limits, lang)? {
        Ok(bytes) => bytes,
        Err(refused) => return Ok(Err(refused)),
    };
    text_of(spec, kind, bytes, lang)
}

/// Bytes read by [`bytes`] as UTF-8 text, or the engine's refusal of them (`ruleset.utf8`,
/// `input.utf8`, with the byte offset).
pub fn text_of(
    spec: &str,
    kind: Kind,
    bytes: Vec<u8>,
    lang: Lang,
) -> Result<Result<String, Error>, Failure> {
    Ok(match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => match text_from_bytes(e.as_bytes(), kind) {
            Err(refused) => Err(refused),
            Ok(_) => return Err(cannot_read(spec, kind, lang, &std::io::Error::other(e))),
        },
    })
}

fn cannot_read(spec: &str, kind: Kind, lang: Lang, e: &std::io::Error) -> Failure {
    Failure::Bad(match lang {
        Lang::Vi => format!("lỗi: không đọc được {}: {e}", source_name(spec, kind, lang)),
        Lang::En => format!("error: cannot read {}: {e}", source_name(spec, kind, lang)),
    })
}

/// A file's or standard input's bytes, or the engine's refusal of them by their size, before
/// they are held (`limits.input_too_large`). What cannot be read at all is a failure.
pub fn bytes(
    spec: &str,
    kind: Kind,
    limits: &Limits,
    lang: Lang,
) -> Result<Result<Vec<u8>, Error>, Failure> {
    let io = |e: std::io::Error| cannot_read(spec, kind, lang, &e);
    if spec == STDIN {
        return stdin_within(limits).map_err(io);
    }
    let size = std::fs::metadata(spec).map_err(io)?.len();
    if let Err(e) = limits.check_size(usize::try_from(size).unwrap_or(usize::MAX)) {
        return Ok(Err(e));
    }
    Ok(Ok(std::fs::read(spec).map_err(io)?))
}

/// Standard input, held only up to `max_input_bytes`: beyond it, the rest is counted, not kept,
/// and the refusal gives the whole size.
fn stdin_within(limits: &Limits) -> std::io::Result<Result<Vec<u8>, Error>> {
    let max = limits.max_input_bytes;
    let mut bytes = Vec::new();
    let mut stdin = std::io::stdin().lock();
    let cap = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    (&mut stdin).take(cap).read_to_end(&mut bytes)?;
    if bytes.len() <= max {
        return Ok(Ok(bytes));
    }
    let rest = std::io::copy(&mut stdin, &mut std::io::sink())?;
    let size = bytes
        .len()
        .saturating_add(usize::try_from(rest).unwrap_or(usize::MAX));
    Ok(limits.check_size(size).map(|()| bytes))
}

/// A text ([`text`]); a refusal is reported as coming from `spec`.
pub fn read(spec: &str, kind: Kind, limits: &Limits, lang: Lang) -> Result<String, Failure> {
    text(spec, kind, limits, lang)?
        .map_err(|e| engine_error(&source_name(spec, kind, lang), &e, lang))
}

/// An engine's refusal, named by where it comes from; a limit says how to change it.
pub fn engine_error(source: &str, e: &Error, lang: Lang) -> Failure {
    let hint = match e {
        Error::Limit(_) => lang.pick(
            "\n  (--limit NAME=N đổi một giới hạn, ví dụ --limit max_units=100000)",
            "\n  (--limit NAME=N changes a limit, e.g. --limit max_units=100000)",
        ),
        _ => "",
    };
    Failure::Bad(match lang {
        Lang::Vi => format!("lỗi trong {source}: {e}{hint}"),
        Lang::En => format!("error in {source}: {e}{hint}"),
    })
}

/// A built-in rule set by its id, or a rule set read from a file or standard input.
pub fn ruleset(spec: &str, limits: &Limits, lang: Lang) -> Result<RuleSet, Failure> {
    if builtin::ids().contains(&spec) {
        return builtin::ruleset(spec).map_err(|e| {
            let source = match lang {
                Lang::Vi => format!("bộ chỉ số có sẵn `{spec}`"),
                Lang::En => format!("built-in rule set `{spec}`"),
            };
            engine_error(&source, &e, lang)
        });
    }
    if spec != STDIN && !std::path::Path::new(spec).exists() {
        let ids = builtin::ids().join(", ");
        return Err(Failure::Bad(match lang {
            Lang::Vi => {
                format!("lỗi: `{spec}` không phải bộ chỉ số có sẵn ({ids}) cũng không phải tệp")
            }
            Lang::En => {
                format!("error: `{spec}` is neither a built-in rule set ({ids}) nor a file")
            }
        }));
    }
    let text = read(spec, Kind::RuleSet, limits, lang)?;
    RuleSet::from_json_within(&text, limits)
        .map_err(|e| engine_error(&source_name(spec, Kind::RuleSet, lang), &e, lang))
}

/// Refuse standard input named twice (a rule set and an input cannot both be read from it).
pub fn stdin_once(specs: &[Option<&str>], lang: Lang) -> Result<(), Failure> {
    if specs.iter().filter(|s| **s == Some(STDIN)).count() > 1 {
        return Err(Failure::Usage(
            lang.pick(
                "chỉ một trong bộ chỉ số và dữ liệu được đọc từ đầu vào chuẩn (`-`)",
                "only one of the rule set and the input can be read from standard input (`-`)",
            )
            .to_string(),
        ));
    }
    Ok(())
}
