//! `parindex`: validate rule sets, score, rank and explain PAR-index dossiers from the command line.
//!
//! The arguments are read by clap ([`cli`]); each command is a module of [`commands`] with its
//! arguments and its `run`. What is written for people is in one language ([`lang`]), passed to
//! every renderer; JSON is the same in every language.
//!
//! Exit codes: 0 ok; 1 a bad rule set or input, a unit refused, or a warning under `--strict`;
//! 2 a usage error.

mod cli;
mod commands;
mod input;
mod lang;
mod output;

use lang::Lang;
use std::process::ExitCode;

/// What every command is given besides its own arguments.
pub struct Ctx {
    pub lang: Lang,
}

/// Why a command stopped.
#[derive(Debug)]
pub enum Failure {
    /// The command was used wrongly (exit code 2); the message is in the language asked for.
    Usage(String),
    /// A rule set or an input is bad, or a file cannot be read (exit code 1); the message is
    /// written as it is.
    Bad(String),
    /// Standard output cannot be written (exit code 1).
    Write(std::io::Error),
}

impl Failure {
    fn report(self, lang: Lang) -> ExitCode {
        match self {
            Failure::Usage(m) => {
                eprintln!(
                    "{} {m}\n\n{}",
                    lang.pick("lỗi:", "error:"),
                    lang.pick(
                        "Xem thêm: `parindex --help`, `parindex <LỆNH> --help`.",
                        "For more information, try `parindex --help` or `parindex <COMMAND> --help`."
                    )
                );
                ExitCode::from(2)
            }
            Failure::Bad(m) => {
                eprintln!("{m}");
                ExitCode::from(1)
            }
            Failure::Write(e) => {
                eprintln!(
                    "{} {e}",
                    lang.pick(
                        "lỗi: không ghi được kết quả ra đầu ra chuẩn:",
                        "error: cannot write to standard output:"
                    )
                );
                ExitCode::from(1)
            }
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let asked = lang::prescan(&args, std::env::var_os(lang::ENV));
    lang::set_help_lang(asked);
    let cli = match cli::parse(args, asked) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let ctx = Ctx { lang: cli.lang };
    // The engine's messages (an issue's `message`, in every output format) in the same language.
    parindex::set_lang(cli.lang);
    match cli.command.run(&ctx) {
        Ok(code) => code,
        Err(f) => f.report(ctx.lang),
    }
}
