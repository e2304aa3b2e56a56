//! The language of what the command line writes for people: tables, notes, messages and help
//! (`--lang vi|en`, or the variable `PARINDEX_LANG`; Vietnamese by default). JSON and the CSV
//! column names are the same in every language, except the engine's own messages (an issue's
//! `message`), which the engine writes in the language asked for too.

use std::ffi::OsString;
use std::sync::OnceLock;

/// The variable that chooses the language when `--lang` is not given.
pub const ENV: &str = "PARINDEX_LANG";

/// The engine's language type: the command line, its files and the engine's messages speak one.
pub use parindex::Lang;

/// The `--lang` values, `vi` and `en`, read into the engine's [`Lang`].
pub fn parser() -> impl clap::builder::TypedValueParser<Value = Lang> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new([
        clap::builder::PossibleValue::new("vi").help("Tiếng Việt"),
        clap::builder::PossibleValue::new("en").help("English"),
    ])
    .map(|s| Lang::parse(&s).unwrap_or_default())
}

static HELP_LANG: OnceLock<Lang> = OnceLock::new();

/// The language of the help and of usage errors, fixed before the arguments are parsed.
pub fn set_help_lang(lang: Lang) {
    let _ = HELP_LANG.set(lang);
}

/// The language of the help and of usage errors ([`set_help_lang`]).
pub fn help_lang() -> Lang {
    HELP_LANG.get().copied().unwrap_or_default()
}

/// A help text in the help's language.
pub fn tr(vi: &'static str, en: &'static str) -> &'static str {
    help_lang().pick(vi, en)
}

/// The language asked for, read before the arguments are parsed (help and usage errors are
/// written in it): the last `--lang X` or `--lang=X` before `--`, else `PARINDEX_LANG`, else
/// Vietnamese. A value that is not a language is left to the parser, which refuses it.
pub fn prescan(args: &[OsString], env: Option<OsString>) -> Lang {
    let parse = |v: &str| matches!(v, "vi" | "en").then(|| Lang::parse(v)).flatten();
    let mut found = None;
    let mut it = args.iter().skip(1).map(|a| a.to_str().unwrap_or(""));
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            found = it.next().and_then(parse).or(found);
        } else if let Some(v) = a.strip_prefix("--lang=") {
            found = parse(v).or(found);
        }
    }
    found
        .or_else(|| env.as_deref().and_then(|v| v.to_str()).and_then(parse))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<OsString> {
        std::iter::once("parindex")
            .chain(a.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn the_language_is_read_from_the_option_then_the_variable() {
        assert_eq!(prescan(&args(&["rank"]), None), Lang::Vi);
        assert_eq!(prescan(&args(&["rank", "--lang", "en"]), None), Lang::En);
        assert_eq!(prescan(&args(&["--lang=en", "rank"]), None), Lang::En);
        assert_eq!(prescan(&args(&["rank"]), Some("en".into())), Lang::En);
        assert_eq!(
            prescan(&args(&["rank", "--lang", "vi"]), Some("en".into())),
            Lang::Vi
        );
        // After `--`, `--lang` is a file name.
        assert_eq!(prescan(&args(&["rank", "--", "--lang=en"]), None), Lang::Vi);
    }
}
