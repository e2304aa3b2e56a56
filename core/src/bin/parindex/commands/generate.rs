//! `generate`: a synthetic batch for a rule set (benchmarks, load tests).

use crate::cli::{LimitOpts, RuleSetOpt};
use crate::input;
use crate::lang::tr;
use crate::output;
use crate::{Ctx, Failure};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(
        short = 'n',
        long,
        value_name = "N",
        required = true,
        value_parser = clap::value_parser!(u64).range(1..),
        help = tr("Số đơn vị", "Number of units")
    )]
    units: u64,

    #[arg(
        short,
        long,
        value_name = "S",
        default_value_t = 1,
        help = tr("Hạt giống của bộ sinh (cùng hạt giống, cùng dữ liệu)", "Seed of the generator (the same seed gives the same batch)")
    )]
    seed: u64,

    #[command(flatten)]
    ruleset: RuleSetOpt,

    #[command(flatten)]
    limits: LimitOpts,
}

pub fn run(a: Args, ctx: &Ctx) -> Result<ExitCode, Failure> {
    let rs = input::ruleset(&a.ruleset.id, &a.limits.limits(), ctx.lang)?;
    let units = usize::try_from(a.units).unwrap_or(usize::MAX);
    let batch = parindex::BatchInput {
        format_version: parindex::internal::FORMAT_VERSION,
        ruleset: Some(rs.id().to_string()),
        title: Some(format!(
            "Synthetic batch of {} units (seed {})",
            a.units, a.seed
        )),
        synthetic: true,
        units: parindex::internal::generate(&rs, units, a.seed),
    };
    let mut s = serde_json::to_string(&batch).unwrap_or_default();
    s.push('\n');
    output::emit(&s)?;
    Ok(ExitCode::SUCCESS)
}
