//! `help [COMMAND]`: the same as `parindex [COMMAND] --help`.

use crate::cli;
use crate::lang::tr;
use crate::{Ctx, Failure};
use std::ffi::OsString;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(value_name = "COMMAND", help = tr("Lệnh cần xem trợ giúp", "The command to describe"))]
    command: Option<String>,
}

pub fn run(a: Args, ctx: &Ctx) -> Result<ExitCode, Failure> {
    let args: Vec<OsString> = ["parindex"]
        .into_iter()
        .chain(a.command.as_deref())
        .chain(["--help"])
        .map(OsString::from)
        .collect();
    Ok(match cli::parse(args, ctx.lang) {
        Ok(_) => ExitCode::SUCCESS,
        Err(code) => code,
    })
}
