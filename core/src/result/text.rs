//! A node's explanation in words, in Vietnamese (the default) or English: how its points were
//! computed (the rule's branch, the percentage, the source of the points) and the caps that changed
//! them. The one renderer of this text: the command line's `explain`, Python's
//! `NodeScore.text()` and JavaScript's `rs.explanationTexts()` (the portal) all call it.

use super::{Branch, NodeScore, NodeStatus, PointSource};
use crate::def::OutcomePercentage;
use crate::error::Lang;
use crate::support::decimal::show;
use rust_decimal::Decimal;
use std::fmt::Write as _;

impl NodeScore {
    /// How the node's points were computed, in words: `"percent: 85% band [80, 100]; appraised"`.
    /// Leaves name their rule kind first; caps and floors that changed the points follow.
    ///
    /// ```
    /// let rs = parindex::RuleSet::builtin("hoabinh-1440-2019").unwrap();
    /// let result = rs.score_json(parindex::builtin::EXAMPLE_PROVINCE).unwrap();
    /// let node = result.units[0].nodes.get(0).unwrap();
    /// assert_eq!(node.text(parindex::Lang::Vi), "tổng các tiêu chí con");
    /// assert_eq!(node.text(parindex::Lang::En), "sum of children");
    /// ```
    pub fn text(&self, lang: Lang) -> String {
        let rule = self.rule.as_deref().unwrap_or("");
        let prefix = if rule.is_empty() {
            String::new()
        } else {
            format!("{rule}: ")
        };
        format!("{prefix}{}", branch_text(self, lang))
    }
}

/// How a node's points were computed, in words.
fn branch_text(u: &NodeScore, lang: Lang) -> String {
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en).to_string();
    match u.status {
        NodeStatus::Sum => {
            let mut s = t("tổng các tiêu chí con", "sum of children");
            caps_text(&mut s, u, lang);
            return s;
        }
        NodeStatus::NotApplicableFull => {
            return t(
                "không áp dụng → đủ điểm (C9)",
                "not applicable → full points (C9)",
            )
        }
        NodeStatus::NotApplicableExcluded => {
            return t(
                "không áp dụng → trừ khỏi điểm tối đa (C10)",
                "not applicable → taken out of the maximum (C10)",
            )
        }
        NodeStatus::NotInGroup => {
            return t(
                "không áp dụng cho nhóm (S2)",
                "does not apply to the unit's group (S2)",
            )
        }
        NodeStatus::Missing => return t("không có dữ liệu → 0", "no data → 0"),
        NodeStatus::NotRecognised => {
            return t(
                "tự chấm không có tài liệu kiểm chứng → không công nhận (S7)",
                "self score without evidence → not recognised (S7)",
            )
        }
        NodeStatus::Scored => {}
    }
    let src = match u.source {
        Some(PointSource::Reappraised) => lang.pick(
            "Hội đồng quyết định sau rà soát giải trình",
            "the council's reviewed decision",
        ),
        Some(PointSource::Appraised) => lang.pick("thẩm định", "appraised"),
        Some(PointSource::SelfScore) => {
            lang.pick("tự chấm có kiểm chứng", "self score with evidence")
        }
        Some(PointSource::Facts) | None => "",
    };
    let pct = u.percentage.map(|p| {
        if u.percentage_raw != Some(p) {
            format!(
                "{}% (≈{}%) ",
                p,
                u.percentage_raw
                    .map(|r| r.round_dp(6).normalize().to_string())
                    .unwrap_or_default()
            )
        } else {
            format!("{p}% ")
        }
    });
    let b = match u.branch.as_ref() {
        Some(Branch::Choice { option }) => format!("{} `{option}`", lang.pick("chọn", "option")),
        Some(Branch::Met { met: true }) => t("đạt", "met"),
        Some(Branch::Met { met: false }) => t("không đạt", "not met"),
        Some(Branch::Band {
            min,
            min_inclusive,
            max,
            max_inclusive,
            ..
        }) => format!(
            "{} {}{}, {}{}",
            lang.pick("khoảng", "band"),
            if *min_inclusive { "[" } else { "(" },
            show(*min),
            show(*max),
            if *max_inclusive { "]" } else { ")" }
        ),
        Some(Branch::ZeroDenominator) => t(
            "mẫu số = 0 → điểm quy định",
            "denominator 0 → the declared points",
        ),
        Some(Branch::Proportional { full_at }) => format!(
            "{} / {}%",
            lang.pick("tỷ lệ × tối đa", "rate × max"),
            show(*full_at)
        ),
        Some(Branch::BelowThreshold {
            threshold,
            inclusive,
        }) => format!(
            "{} {}{}%",
            lang.pick("dưới ngưỡng", "below the threshold"),
            if *inclusive { "" } else { "≤ " },
            show(*threshold)
        ),
        Some(Branch::Normalized {
            value,
            best,
            best_unit,
        }) => match (best_unit, lang) {
            (Some(b), Lang::Vi) => format!(
                "{} / {} (tốt nhất, của {b}) × tối đa",
                show(*value),
                show(*best)
            ),
            (Some(b), Lang::En) => {
                format!("{} / {} (best, of {b}) × max", show(*value), show(*best))
            }
            (None, _) => format!(
                "{} / {} ({}) × {}",
                show(*value),
                show(*best),
                lang.pick("tốt nhất", "best"),
                lang.pick("tối đa", "max")
            ),
        },
        Some(Branch::ZeroBest) => t(
            "giá trị tốt nhất = 0 → điểm quy định",
            "best value 0 → the declared points",
        ),
        Some(Branch::Count { count, points_each }) => format!("{count} × {}", show(*points_each)),
        Some(Branch::OutcomeRatio {
            parts,
            percentage_of: OutcomePercentage::WeightedRate,
        }) => {
            // (4×1 + 7×0.5) / (12×1) = the percentage shown before, × the highest weight.
            let top = parts.iter().map(|p| p.weight).max().unwrap_or_default();
            let den = u.facts.as_ref().and_then(|f| f.denominator).unwrap_or(0);
            format!(
                "{} ({}) / ({den}×{}), × {}",
                lang.pick("tỷ lệ có trọng số", "weighted rate"),
                parts
                    .iter()
                    .map(|p| format!("{} {}×{}", p.id, p.count, show(p.weight)))
                    .collect::<Vec<_>>()
                    .join(" + "),
                show(top),
                show(top)
            )
        }
        Some(Branch::OutcomeRatio { parts, .. }) => parts
            .iter()
            .map(|p| format!("{}: {}% × {}", p.id, p.percentage, show(p.weight)))
            .collect::<Vec<_>>()
            .join(" + "),
        Some(Branch::Deductions { start, taken }) => {
            let mut s = show(*start);
            for t in taken {
                let each = t
                    .points
                    .checked_div(Decimal::from(t.events.max(1)))
                    .unwrap_or_default();
                let _ = write!(s, " − {}×{} ({})", t.events, show(each), t.id);
            }
            s
        }
        Some(Branch::Survey) => t("khảo sát: tỷ lệ × tối đa", "survey: rate × max"),
        Some(Branch::External) => t("điểm công bố riêng", "points announced separately"),
        Some(Branch::Manual) => t("chấm trực tiếp", "entered directly"),
        Some(Branch::Entered) | None => String::new(),
    };
    let mut s = format!(
        "{}{}{}",
        pct.unwrap_or_default(),
        b,
        if !src.is_empty() && !b.is_empty() {
            "; "
        } else {
            ""
        }
    );
    s.push_str(src);
    caps_text(&mut s, u, lang);
    s
}

/// The caps and floors that changed a node's points, with the points each cut (or added).
fn caps_text(s: &mut String, u: &NodeScore, lang: Lang) {
    for c in &u.caps {
        let _ = match (u.status, c.kind.as_str(), lang) {
            // A criterion capped over its sub-criteria ("tối đa 7 điểm" over 7.5).
            (NodeStatus::Sum, "max", Lang::Vi) => write!(
                s,
                " [tối đa {}: tổng {} → {}, cắt {} điểm]",
                show(c.limit),
                c.before,
                c.limit,
                c.cut
            ),
            (NodeStatus::Sum, "max", Lang::En) => write!(
                s,
                " [capped at {}: sum {} → {}, {} points cut]",
                show(c.limit),
                c.before,
                c.limit,
                c.cut
            ),
            (_, _, Lang::Vi) if c.cut.is_sign_negative() => write!(
                s,
                " [sàn {} {} → {}, cộng {} điểm]",
                c.kind,
                c.before,
                c.limit,
                c.cut.abs()
            ),
            (_, _, Lang::En) if c.cut.is_sign_negative() => write!(
                s,
                " [floor {} {} → {}, {} points added]",
                c.kind,
                c.before,
                c.limit,
                c.cut.abs()
            ),
            (_, _, Lang::Vi) => write!(
                s,
                " [giới hạn {} {} → {}, cắt {} điểm]",
                c.kind, c.before, c.limit, c.cut
            ),
            (_, _, Lang::En) => write!(
                s,
                " [cap {} {} → {}, {} points cut]",
                c.kind, c.before, c.limit, c.cut
            ),
        };
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
