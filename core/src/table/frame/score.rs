//! The fact table scored as a batch, each problem of a refused unit told at the cell it comes
//! from.

use super::{sha256_hex, unit_path, Column, FactTable, Sha256Writer};
use crate::batch::{self, BatchOptions, BatchResult};
use crate::compile::RuleSet;
use crate::error::{Issue, Result};
use crate::table::cell::Location;
use crate::table::columns::{Role, Side};
use crate::table::csv_file::CsvCells;
use crate::table::CsvOptions;

impl FactTable {
    /// Scores the table as a batch: the same results as the JSON batch of the same units
    /// (per-unit refusals included), every problem of a refused unit told with the cell it comes
    /// from (`Sheet!C7` or `row 7, column 3.3.3.numerator`) before its message, and the JSON path
    /// it stands for as its path. The receipt's `inputs_sha256` is the SHA-256 of the file read
    /// (of the table's CSV text for a table built in memory).
    pub fn score(&self, rs: &RuleSet, opts: BatchOptions) -> Result<BatchResult> {
        // The table's CSV text hashed as each cell is read for its unit (no text held whole).
        let mut csv = (self.source_sha256.is_none()).then(|| {
            let names = self.columns.iter().map(|c| c.name());
            CsvCells::new(Sha256Writer::default(), names, &CsvOptions::default())
        });
        let (parsed, refused) = match &mut csv {
            Some(w) => self.read_batch(w),
            None => self.read_batch(&mut ()),
        };
        let sha = match (&self.source_sha256, csv.and_then(CsvCells::finish)) {
            (Some(s), _) => s.clone(),
            (None, Some(h)) => h.hex(),
            // Hashing cannot fail; were it to, the hash of the text written whole.
            (None, None) => sha256_hex(&self.write_csv(&CsvOptions::default())),
        };
        let mut result = batch::score_parsed_batch(rs, parsed, sha, opts)?;
        for e in &mut result.errors {
            if refused.get(e.index).copied().unwrap_or(false) {
                continue;
            }
            for issue in &mut e.errors {
                if let Some(l) = self.locate(&issue.path) {
                    if !issue.message.starts_with(&l.to_string()) {
                        issue.message = format!("{l}: {}", issue.message);
                    }
                }
            }
        }
        Ok(result)
    }

    /// An issue told with the cell its path stands for.
    pub(super) fn located(&self, _row: usize, issue: Issue) -> Issue {
        match self.locate(&issue.path) {
            Some(l) => issue.at_cell(&l),
            None => issue,
        }
    }

    /// The cell a JSON path of the batch (`$.units[5].items["3.3.3"].numerator`) stands for: the
    /// column whose path is the path or holds it, else the first cell of the row with a value
    /// below it (a whole item: `$.units[5].items["3.3.3"]`).
    pub fn locate(&self, path: &str) -> Option<Location> {
        let rest = path.strip_prefix("$.units[")?;
        let close = rest.find(']')?;
        let row: usize = rest[..close].parse().ok()?;
        if row >= self.rows {
            return None;
        }
        let upath = unit_path(row);
        let below = |p: &str, base: &str| {
            p.strip_prefix(base)
                .is_some_and(|r| r.is_empty() || r.starts_with(['.', '[']))
        };
        let slot = |side: Side, n: usize| {
            (self.columns.iter())
                .filter_map(|c| match &c.role {
                    Role::Adjustment {
                        side: s,
                        n: m,
                        reason: false,
                    } if *s == side
                        && *m < n
                        && (c.data.is_set(row) || self.adjustment_reason_set(*s, *m, row)) =>
                    {
                        Some(())
                    }
                    _ => None,
                })
                .count()
        };
        let path_of = |c: &Column| match &c.role {
            Role::Adjustment { side, n, .. } => c.role.path(&upath, Some(slot(*side, *n))),
            r => r.path(&upath, None),
        };
        let found = (self.columns.iter().enumerate())
            .find(|(_, c)| below(path, &path_of(c)))
            .or_else(|| {
                (self.columns.iter().enumerate())
                    .find(|(_, c)| c.data.is_set(row) && below(&path_of(c), path))
            })
            .or_else(|| {
                // The unit as a whole: its id.
                (path == upath)
                    .then(|| (self.columns.iter().enumerate()).find(|(_, c)| c.role == Role::Id))
                    .flatten()
            })?;
        let (j, c) = found;
        Some(Location {
            sheet: self.sheet.clone(),
            row: c
                .source_row
                .or_else(|| self.source_rows.get(row).copied())
                .unwrap_or_else(|| u32::try_from(row + 2).unwrap_or(u32::MAX)),
            column: c
                .source
                .unwrap_or_else(|| u32::try_from(j).unwrap_or(u32::MAX)),
            name: Some(c.name.clone()),
        })
    }

    fn adjustment_reason_set(&self, side: Side, n: usize, row: usize) -> bool {
        self.columns.iter().any(|c| {
            c.role
                == Role::Adjustment {
                    side,
                    n,
                    reason: true,
                }
                && c.data.is_set(row)
        })
    }
}
