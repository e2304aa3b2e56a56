//! A node's explanation in words, in Vietnamese (the default) or English, as an officer reads it:
//! how its points were computed (the way of scoring of the rule kind, in the words of the kind's
//! file; the percentage; where the points came from), the children a parent lost points in, and
//! the caps that changed the points. No rule kind is named by its id, nor any rule of the
//! specification (`C9`, `S7`: this project's names, not the officers'). Numbers are written as the
//! engine writes them (a dot before the decimals, `88.24%`), as everywhere else in the output.
//! The one renderer of this text: the command line's `explain`, Python's `NodeScore.text()`,
//! JavaScript's `rs.explanationTexts()` (the portal) and the "why" column of forms 01–04 all call
//! it.
//!
//! The options, outcomes and deductions a text names are named by their labels in the text's
//! language (`Phương án đã chọn: Ban hành chậm so với thời hạn`), read from the rule set
//! ([`crate::RuleSet::node_text`]). Only where the rule set is not at hand ([`NodeScore::text`]: a node
//! read back on its own, e.g. Python's `NodeScore.text()` of a record made from a dict) are they
//! named by their ids, quoted (`` `cham` ``).

use super::Names;
use super::{
    bands, choice, count, deductions, external, manual, met, normalized, outcome_ratio,
    proportional, survey,
};
use crate::error::Lang;
use crate::result::{Branch, NodeScore, NodeStatus, PointSource};
use crate::support::decimal::show;

impl NodeScore {
    /// How the node's points were computed, in words an officer reads: `"Tỷ lệ 88.24% thuộc
    /// khoảng từ 80% đến dưới 100%"`, `"Chưa đạt yêu cầu"`, and for a parent that lost points the
    /// children it lost them in. Caps and floors that changed the points follow.
    ///
    /// ```
    /// let rs = parindex::RuleSet::builtin("hoabinh-1440-2019").unwrap();
    /// let result = rs.score_json(parindex::builtin::EXAMPLE_PROVINCE).unwrap();
    /// let node = result.units[0].nodes.find("1.1").unwrap();
    /// assert_eq!(node.text(parindex::Lang::Vi), "Mất điểm ở tiêu chí thành phần 1.1.2");
    /// assert_eq!(node.text(parindex::Lang::En), "Points lost in sub-criteria 1.1.2");
    /// let leaf = result.units[0].nodes.find("1.1.2").unwrap();
    /// assert!(leaf.text(parindex::Lang::Vi).starts_with("Tỷ lệ "));
    /// ```
    ///
    /// Without the rule set, the options, outcomes and deductions it names are named by their
    /// ids; [`crate::RuleSet::node_text`] names them by their labels, as officers read them.
    pub fn text(&self, lang: Lang) -> String {
        self.text_with(Names::new(None, lang))
    }

    /// The text, the options, outcomes and deductions named as `names` names them.
    pub(crate) fn text_with(&self, names: Names<'_>) -> String {
        let lang = names.lang;
        let mut s = match self.status {
            NodeStatus::Sum => sum_text(self, lang),
            NodeStatus::NotApplicableFull => lang
                .pick("Không áp dụng: được đủ điểm", "Not applicable: full points")
                .to_string(),
            NodeStatus::NotApplicableExcluded => lang
                .pick(
                    "Không áp dụng: không tính vào điểm tối đa",
                    "Not applicable: taken out of the maximum",
                )
                .to_string(),
            NodeStatus::NotInGroup => lang
                .pick(
                    "Không áp dụng cho nhóm của đơn vị",
                    "Does not apply to the unit's group",
                )
                .to_string(),
            NodeStatus::Missing => lang
                .pick("Không có dữ liệu: 0 điểm", "No data: 0 points")
                .to_string(),
            NodeStatus::NotRecognised => lang
                .pick(
                    "Tự chấm không có tài liệu kiểm chứng: không được công nhận",
                    "Self score without evidence: not recognised",
                )
                .to_string(),
            NodeStatus::Scored => scored_text(self, names),
        };
        if matches!(self.status, NodeStatus::Sum | NodeStatus::Scored) {
            caps_text(&mut s, self, lang);
        }
        s
    }
}

/// A parent's points: the sum of its children, or the children it lost points in.
fn sum_text(u: &NodeScore, lang: Lang) -> String {
    // A field's children are criteria; a criterion's, sub-criteria.
    let field = u.depth == 0;
    if u.lost_in.is_empty() {
        return match field {
            true => lang.pick("Tổng điểm các tiêu chí", "Sum of the criteria"),
            false => lang.pick(
                "Tổng điểm các tiêu chí thành phần",
                "Sum of the sub-criteria",
            ),
        }
        .to_string();
    }
    let codes = u.lost_in.join(", ");
    match (field, lang) {
        (true, Lang::Vi) => format!("Mất điểm ở tiêu chí {codes}"),
        (false, Lang::Vi) => format!("Mất điểm ở tiêu chí thành phần {codes}"),
        (true, Lang::En) => format!("Points lost in criteria {codes}"),
        (false, Lang::En) => format!("Points lost in sub-criteria {codes}"),
    }
}

/// A leaf's points: the rule kind's branch in its words, or where the points came from.
fn scored_text(u: &NodeScore, names: Names<'_>) -> String {
    let lang = names.lang;
    let pct = pct_text(u, lang);
    let max = u.max_points;
    let how = match u.branch.as_ref() {
        Some(Branch::Choice { option }) => choice::words(option, names),
        Some(Branch::Met { met }) => met::words(*met, lang).to_string(),
        Some(Branch::Band {
            min,
            min_inclusive,
            max,
            max_inclusive,
            ..
        }) => bands::words(&pct, (*min, *min_inclusive), (*max, *max_inclusive), lang),
        Some(Branch::ZeroDenominator) => lang
            .pick(
                "Mẫu số bằng 0: được số điểm quy định cho trường hợp này",
                "Denominator 0: the points the rule set declares for this case",
            )
            .to_string(),
        Some(Branch::Proportional { full_at }) => {
            proportional::words(&pct, u.percentage, *full_at, max, lang)
        }
        Some(Branch::BelowThreshold {
            threshold,
            inclusive,
        }) => proportional::below_words(&pct, *threshold, *inclusive, lang),
        Some(Branch::Normalized {
            value,
            best,
            best_unit,
            best_name,
        }) => {
            let holder = best_unit.as_deref().map(|id| (id, best_name.as_deref()));
            normalized::words(*value, *best, holder, max, lang)
        }
        Some(Branch::ZeroBest) => normalized::zero_best_words(lang).to_string(),
        Some(Branch::Count { count, points_each }) => count::words(*count, *points_each, lang),
        Some(Branch::OutcomeRatio {
            parts,
            percentage_of,
        }) => {
            let den = u.facts.as_ref().and_then(|f| f.denominator).unwrap_or(0);
            outcome_ratio::words(parts, *percentage_of, &pct, den, names)
        }
        Some(Branch::Deductions { start, taken }) => deductions::words(*start, taken, names),
        Some(Branch::Survey) => survey::words(&pct, max, lang),
        Some(Branch::External) => external::words(lang).to_string(),
        Some(Branch::Manual) => manual::words(lang).to_string(),
        Some(Branch::Entered) | None => String::new(),
    };
    let from = match u.source {
        Some(PointSource::Reappraised) => lang.pick(
            "Điểm Hội đồng quyết định sau rà soát giải trình",
            "The council's decision after reviewing the explanation",
        ),
        Some(PointSource::Appraised) => lang.pick(
            "Điểm thẩm định của Hội đồng",
            "Points appraised by the council",
        ),
        Some(PointSource::SelfScore) => lang.pick(
            "Điểm tự chấm, có tài liệu kiểm chứng",
            "The unit's self score, with evidence",
        ),
        Some(PointSource::Facts) | None => "",
    };
    match (how.is_empty(), from.is_empty()) {
        (false, true) => how,
        (false, false) => format!("{how}; {from}"),
        // Points entered in place of the facts': the rate the facts give, beside them.
        (true, _) if u.percentage.is_some() => format!(
            "{from} ({} {pct})",
            lang.pick("tỷ lệ theo số liệu", "rate from the facts")
        ),
        (true, _) => from.to_string(),
    }
}

/// The percentage the rule used (`88.24%`), with the unrounded one it was rounded from where they
/// differ (S9).
fn pct_text(u: &NodeScore, lang: Lang) -> String {
    let Some(p) = u.percentage else {
        return String::new();
    };
    match u.percentage_raw {
        Some(raw) if raw != p => format!(
            "{p}% ({} ≈{}%)",
            lang.pick("làm tròn từ", "rounded from"),
            raw.round_dp(6).normalize()
        ),
        _ => format!("{p}%"),
    }
}

/// The caps and floors that changed a node's points, with the points each cut (or added).
fn caps_text(s: &mut String, u: &NodeScore, lang: Lang) {
    for c in &u.caps {
        let (limit, before, cut) = (show(c.limit), c.before, c.cut.abs());
        let words = match (u.status, c.cut.is_sign_negative(), lang) {
            // A criterion capped over its sub-criteria ("tối đa 7 điểm" over 7.5).
            (NodeStatus::Sum, false, Lang::Vi) => {
                format!(
                    "không quá {limit} điểm: tổng {before} → {}, cắt {cut} điểm",
                    c.limit
                )
            }
            (NodeStatus::Sum, false, Lang::En) => {
                format!(
                    "capped at {limit}: sum {before} → {}, {cut} points cut",
                    c.limit
                )
            }
            (_, false, Lang::Vi) => format!(
                "không quá điểm tối đa {limit}: {before} → {}, cắt {cut} điểm",
                c.limit
            ),
            (_, false, Lang::En) => format!(
                "at most the maximum {limit}: {before} → {}, {cut} points cut",
                c.limit
            ),
            (_, true, Lang::Vi) => format!(
                "không thấp hơn điểm sàn {limit}: {before} → {}, cộng {cut} điểm",
                c.limit
            ),
            (_, true, Lang::En) => format!(
                "at least the floor {limit}: {before} → {}, {cut} points added",
                c.limit
            ),
        };
        s.push_str(&format!(" [{words}]"));
    }
}

#[cfg(test)]
mod tests {
    use crate::{Lang, NodeScore, RuleSet};

    /// Python renders a node it holds as Python values, read back as JSON (`NodeScore.text()`):
    /// every node of the example province reads back from its JSON and renders the same text.
    #[test]
    fn a_node_read_back_from_its_json_renders_the_same_text() {
        let rs = RuleSet::builtin("hoabinh-1440-2019").unwrap();
        let result = rs.score_json(crate::builtin::EXAMPLE_PROVINCE).unwrap();
        let mut nodes = 0;
        for u in &result.units {
            for n in &u.nodes {
                let back: NodeScore = serde_json::from_str(&serde_json::to_string(&n).unwrap())
                    .unwrap_or_else(|e| panic!("{} {}: {e}", u.id, n.code));
                for lang in [Lang::Vi, Lang::En] {
                    assert_eq!(back.text(lang), n.text(lang), "{} {}", u.id, n.code);
                }
                nodes += 1;
            }
        }
        assert!(nodes > 1000, "{nodes}");
    }
}
