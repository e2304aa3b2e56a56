//! Writes every file the `tables` feature produces for the bundled example province into a
//! folder: the input template of each group, the fact table (CSV and XLSX), form 01 (DOCX) and
//! form 02/03/04 (XLSX) of a unit of each group, and the rubric workbook. The Python tests open
//! them with openpyxl and python-docx; `scripts/screenshots` renders them.
//!
//! Run with `cargo run --example tables -- OUT_DIR`.

use parindex::builtin;
use parindex::table::{self, CsvOptions, FactTable, FormOptions, Lang};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "tables-out".into()),
    );
    match write(&out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn save(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    std::fs::write(dir.join(name), bytes).map_err(|e| format!("cannot write {name}: {e}"))?;
    println!("{}", dir.join(name).display());
    Ok(())
}

fn write(out: &Path) -> Result<()> {
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let rs = builtin::ruleset(builtin::DEFAULT_RULESET)?;
    for g in &rs.def().groups {
        save(
            out,
            &format!("template-{}.xlsx", g.id),
            &table::template(&rs, &g.id, Lang::Vi)?,
        )?;
    }
    save(
        out,
        "template-department-en.xlsx",
        &table::template(&rs, "department", Lang::En)?,
    )?;
    let t = FactTable::from_batch_json(&rs, builtin::EXAMPLE_PROVINCE, &Default::default())?;
    save(out, "facts.csv", &t.write_csv(&CsvOptions::default()))?;
    save(out, "facts.xlsx", &t.write_xlsx(&rs)?)?;
    let result = rs.score_json(builtin::EXAMPLE_PROVINCE)?;
    let opts = FormOptions {
        report_number: Some("45/BC-SNN".into()),
        place: Some("Hòa Bình".into()),
        date: Some("2019-11-15".into()),
        ..FormOptions::default()
    };
    for id in ["vp_ubnd", "so_nnptnt", "da_bac"] {
        let unit = (result.units.iter())
            .find(|u| u.id == id)
            .ok_or_else(|| format!("no unit {id} in the example"))?;
        let number = table::form_number(&rs, unit).unwrap_or_default();
        save(
            out,
            &format!("form-{number}-{id}.xlsx"),
            &table::form(&rs, unit, &opts)?,
        )?;
        save(
            out,
            &format!("form-01-{id}.docx"),
            &table::report(&rs, unit, &opts)?,
        )?;
    }
    Ok(())
}
