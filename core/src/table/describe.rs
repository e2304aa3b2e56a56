//! How a criterion is scored, in words, for the template and the forms.
//!
//! To be replaced by the rule kinds' own description when the core has one: this is the table
//! module's, written from the rule's parameters only (the same words for every rule set).

use crate::def::{Band, Label, Node, Rule};
use crate::support::decimal::show;
use rust_decimal::Decimal;

/// The language of a produced file's words: the engine's message language (Vietnamese first).
pub use crate::error::Lang;

/// A rule set's label in a language (its Vietnamese text when it has no English one).
pub(crate) trait LabelIn {
    fn label(self, l: &Label) -> &str;
}

impl LabelIn for Lang {
    fn label(self, l: &Label) -> &str {
        l.in_lang(self)
    }
}

/// A number as the language writes it: Vietnamese with a decimal comma (`0,25`).
pub fn num(d: Decimal, lang: Lang) -> String {
    let s = show(d);
    match lang {
        Lang::Vi => s.replacen('.', ",", 1),
        Lang::En => s,
    }
}

fn points(d: Decimal, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{} điểm", num(d, lang)),
        Lang::En if d == Decimal::ONE => "1 point".to_string(),
        Lang::En => format!("{} points", num(d, lang)),
    }
}

fn band(b: &Band, lang: Lang) -> String {
    let (lo, hi) = (num(b.min, lang), num(b.max, lang));
    if b.min == b.max && b.min_inclusive && b.max_inclusive {
        let at = lang.pick("đúng", "exactly");
        return format!("{at} {lo}%: {}", points(b.points, lang));
    }
    let range = match (lang, b.min_inclusive, b.max_inclusive) {
        (Lang::Vi, true, false) => format!("từ {lo}% đến dưới {hi}%"),
        (Lang::Vi, true, true) => format!("từ {lo}% đến {hi}%"),
        (Lang::Vi, false, false) => format!("trên {lo}% đến dưới {hi}%"),
        (Lang::Vi, false, true) => format!("trên {lo}% đến {hi}%"),
        (Lang::En, true, false) => format!("{lo}% to under {hi}%"),
        (Lang::En, true, true) => format!("{lo}% to {hi}%"),
        (Lang::En, false, false) => format!("over {lo}% to under {hi}%"),
        (Lang::En, false, true) => format!("over {lo}% to {hi}%"),
    };
    format!("{range}: {}", points(b.points, lang))
}

/// How the node's rule turns facts into points, in a sentence or two (S9 for percentages: the
/// percentage first, then the points).
pub fn rule_text(node: &Node, lang: Lang) -> String {
    let max = node.max_points;
    let Some(rule) = &node.rule else {
        return match lang {
            Lang::Vi => "Tổng điểm các tiêu chí thành phần".to_string(),
            Lang::En => "The sum of its sub-criteria".to_string(),
        };
    };
    let rate = lang.pick(
        "Tỷ lệ % = tử số / mẫu số × 100, tính tỷ lệ trước rồi tính điểm",
        "Rate = numerator / denominator × 100, the rate first, then the points",
    );
    let zero = |z: &Option<Decimal>| match z {
        Some(z) => format!(
            "{}: {}",
            lang.pick(
                "Mẫu số bằng 0 (không phát sinh)",
                "Denominator 0 (nothing to measure)"
            ),
            points(*z, lang)
        ),
        None => String::new(),
    };
    let mut parts: Vec<String> = Vec::new();
    match rule {
        Rule::Choice { options } => {
            parts.push(lang.pick("Chọn một", "Choose one").to_string());
            parts.extend(
                (options.iter())
                    .map(|o| format!("{}: {}", lang.label(&o.label), points(o.points, lang))),
            );
        }
        Rule::Met {
            points_met,
            points_not_met,
        } => {
            parts.push(format!(
                "{}: {}",
                lang.pick("Đạt", "Met"),
                points(points_met.unwrap_or(max), lang)
            ));
            parts.push(format!(
                "{}: {}",
                lang.pick("không đạt", "not met"),
                points(points_not_met.unwrap_or(Decimal::ZERO), lang)
            ));
        }
        Rule::Bands {
            bands,
            zero_denominator_points,
        } => {
            parts.push(rate.to_string());
            parts.extend(bands.iter().map(|b| band(b, lang)));
            parts.push(zero(zero_denominator_points));
        }
        Rule::Proportional {
            threshold,
            threshold_inclusive,
            below_points,
            full_at,
            zero_denominator_points,
        } => {
            parts.push(rate.to_string());
            let full = full_at.unwrap_or(Decimal::ONE_HUNDRED);
            parts.push(match lang {
                Lang::Vi => format!(
                    "điểm = tỷ lệ / {}% × {} (tối đa {})",
                    num(full, lang),
                    num(max, lang),
                    points(max, lang)
                ),
                Lang::En => format!(
                    "points = rate / {}% × {} (at most {})",
                    num(full, lang),
                    num(max, lang),
                    points(max, lang)
                ),
            });
            if let Some(t) = threshold {
                let below = points(below_points.unwrap_or(Decimal::ZERO), lang);
                parts.push(match (lang, threshold_inclusive) {
                    (Lang::Vi, true) => format!("dưới {}%: {below}", num(*t, lang)),
                    (Lang::Vi, false) => format!("từ {}% trở xuống: {below}", num(*t, lang)),
                    (Lang::En, true) => format!("under {}%: {below}", num(*t, lang)),
                    (Lang::En, false) => format!("{}% or less: {below}", num(*t, lang)),
                });
            }
            parts.push(zero(zero_denominator_points));
        }
        Rule::Normalized {
            zero_best_points, ..
        } => {
            parts.push(match lang {
                Lang::Vi => format!(
                    "Điểm = giá trị của đơn vị / giá trị cao nhất trong các đơn vị × {}",
                    num(max, lang)
                ),
                Lang::En => format!(
                    "Points = the unit's value / the best value among the units × {}",
                    num(max, lang)
                ),
            });
            parts.push(format!(
                "{}: {}",
                lang.pick("Giá trị cao nhất bằng 0", "Best value 0"),
                points(*zero_best_points, lang)
            ));
        }
        Rule::Count { points_each } => parts.push(match lang {
            Lang::Vi => format!(
                "{} cho mỗi kết quả, tối đa {}",
                points(*points_each, lang),
                points(max, lang)
            ),
            Lang::En => format!(
                "{} each, at most {}",
                points(*points_each, lang),
                points(max, lang)
            ),
        }),
        Rule::OutcomeRatio {
            outcomes,
            zero_denominator_points,
            percentage_of,
        } => {
            let terms: Vec<String> = (outcomes.iter())
                .map(|o| {
                    format!(
                        "{} / {} × {}",
                        lang.label(&o.label),
                        lang.pick("tổng số", "total"),
                        num(o.weight, lang)
                    )
                })
                .collect();
            parts.push(format!(
                "{} = {}",
                lang.pick("Điểm", "Points"),
                terms.join(" + ")
            ));
            if !percentage_of.is_each_outcome() {
                parts.push(
                    lang.pick(
                        "tỷ lệ có trọng số tính một lần, làm tròn một lần",
                        "the weighted rate computed and rounded once",
                    )
                    .to_string(),
                );
            }
            parts.push(zero(&Some(*zero_denominator_points)));
        }
        Rule::Deductions { start, deductions } => {
            parts.push(format!(
                "{} {}",
                lang.pick("Bắt đầu từ", "Start from"),
                points(start.unwrap_or(max), lang)
            ));
            parts.extend((deductions.iter()).map(|d| match lang {
                Lang::Vi => format!("trừ {} mỗi lần: {}", points(d.points, lang), d.label.vi),
                Lang::En => format!(
                    "minus {} each time: {}",
                    points(d.points, lang),
                    lang.label(&d.label)
                ),
            }));
            parts.push(match lang {
                Lang::Vi => format!("thấp nhất {}", points(node.min(), lang)),
                Lang::En => format!("at least {}", points(node.min(), lang)),
            });
        }
        Rule::Survey => parts.push(match lang {
            Lang::Vi => format!("Điểm = tỷ lệ % khảo sát × {} / 100", num(max, lang)),
            Lang::En => format!("Points = survey percentage × {} / 100", num(max, lang)),
        }),
        Rule::External => parts.push(
            lang.pick(
                "Điểm do cơ quan có thẩm quyền công bố; nhập số điểm",
                "Points published by the competent body; enter the points",
            )
            .to_string(),
        ),
        Rule::Manual { step } => {
            let mut s = match lang {
                Lang::Vi => format!(
                    "Nhập điểm từ {} đến {}",
                    num(node.min(), lang),
                    num(max, lang)
                ),
                Lang::En => format!(
                    "Enter points from {} to {}",
                    num(node.min(), lang),
                    num(max, lang)
                ),
            };
            if let Some(st) = step {
                s.push_str(&match lang {
                    Lang::Vi => format!(", bước {}", num(*st, lang)),
                    Lang::En => format!(", in steps of {}", num(*st, lang)),
                });
            }
            parts.push(s);
        }
    }
    parts.retain(|p| !p.is_empty());
    let mut s = parts.join("; ");
    s.push('.');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(code: &str) -> Node {
        let rs =
            crate::compile::builtin::ruleset(crate::compile::builtin::DEFAULT_RULESET).unwrap();
        fn find<'a>(ns: &'a [Node], code: &str) -> Option<&'a Node> {
            ns.iter().find_map(|n| {
                (n.code == code)
                    .then_some(n)
                    .or_else(|| find(&n.children, code))
            })
        }
        find(&rs.def().levels[0].nodes, code).unwrap().clone()
    }

    #[test]
    fn rules_are_told_in_vietnamese_first() {
        let t = rule_text(&node("1.1.1"), Lang::Vi);
        assert!(
            t.starts_with("Chọn một; Ban hành đúng thời hạn: 1 điểm"),
            "{t}"
        );
        assert!(t.contains("0,5 điểm"), "{t}");
        let t = rule_text(&node("3.3.3"), Lang::Vi);
        assert!(t.contains("tính tỷ lệ trước"), "S9: {t}");
        let t = rule_text(&node("1.1.2"), Lang::Vi);
        assert!(t.contains("đến dưới"), "C3: {t}");
        let t = rule_text(&node("1.1.1"), Lang::En);
        assert!(t.starts_with("Choose one"), "{t}");
    }
}
