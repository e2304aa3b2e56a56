//! How an explanation names the options (C1), outcomes (C7) and deductions (C8) of a node's rule:
//! by their labels when the rule set is at hand, else by their ids.

use crate::def::{Label, Rule};
use crate::error::Lang;

/// How a text names the options, outcomes and deductions of a node's rule: by their labels in
/// the text's language when the rule is at hand, else by their ids (quoted).
#[derive(Clone, Copy)]
pub(crate) struct Names<'a> {
    rule: Option<&'a Rule>,
    pub(super) lang: Lang,
}

impl<'a> Names<'a> {
    /// Names from `rule` (the node's, when the rule set is at hand), in `lang`.
    pub(crate) fn new(rule: Option<&'a Rule>, lang: Lang) -> Names<'a> {
        Names { rule, lang }
    }

    /// The label of the option, outcome or deduction `id` of the rule, in the text's language;
    /// the id, quoted, when the rule is not at hand or has no such id.
    pub(super) fn of(&self, id: &str) -> String {
        let label: Option<&Label> = match self.rule {
            Some(Rule::Choice { options }) => options.iter().find(|o| o.id == id).map(|o| &o.label),
            Some(Rule::OutcomeRatio { outcomes, .. }) => {
                outcomes.iter().find(|o| o.id == id).map(|o| &o.label)
            }
            Some(Rule::Deductions { deductions, .. }) => {
                deductions.iter().find(|o| o.id == id).map(|o| &o.label)
            }
            _ => None,
        };
        match label {
            Some(l) => l.in_lang(self.lang).to_string(),
            None => format!("`{id}`"),
        }
    }
}
