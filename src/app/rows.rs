//! Per-row signals for the indicator table.
//!
//! Every keystroke re-scores the whole form; if each of 300 rows had its own memo over the
//! result, the issue index and the form, every keystroke would re-run 900 memos and their
//! bookkeeping (that was 80 % of a keystroke). Instead one effect walks the rows in plain Rust
//! and sets a row's signals only when that row's label, result or issues actually changed, so
//! a keystroke wakes up the row it touches (and the totals), not the whole table.

use leptos::prelude::*;

use super::AppState;
use crate::edit::{self, IssueIndex};
use crate::model::{Form, Indicator};
use crate::result::{IndicatorResult, Issue, ScoreResult};

/// What a row shows that comes from the whole form.
#[derive(Clone)]
pub(crate) struct RowSlot {
    pub label: ArcRwSignal<String>,
    pub result: ArcRwSignal<Option<IndicatorResult>>,
    pub issues: ArcRwSignal<Vec<Issue>>,
    /// A 其中 row ([`Indicator::is_breakdown`]): shown as a sub-row of the row above.
    pub breakdown: ArcRwSignal<bool>,
}

fn is_breakdown(form: &Form, i: usize) -> bool {
    form.indicators.get(i).is_some_and(Indicator::is_breakdown)
}

impl RowSlot {
    fn new(form: &Form, label: String, r: &ScoreResult, x: &IssueIndex, i: usize) -> RowSlot {
        RowSlot {
            breakdown: ArcRwSignal::new(is_breakdown(form, i)),
            label: ArcRwSignal::new(label),
            result: ArcRwSignal::new(r.indicator(i).cloned()),
            issues: ArcRwSignal::new(x.rows.get(i).cloned().unwrap_or_default()),
        }
    }

    /// Sets each signal only when its value changed.
    fn refresh(&self, form: &Form, label: String, r: &ScoreResult, x: &IssueIndex, i: usize) {
        let breakdown = is_breakdown(form, i);
        if self.breakdown.get_untracked() != breakdown {
            self.breakdown.set(breakdown);
        }
        if self.label.with_untracked(|l| *l != label) {
            self.label.set(label);
        }
        let res = r.indicator(i);
        if self.result.with_untracked(|v| v.as_ref() != res) {
            self.result.set(res.cloned());
        }
        let issues: &[Issue] = x.rows.get(i).map(Vec::as_slice).unwrap_or(&[]);
        if self.issues.with_untracked(|v| v.as_slice() != issues) {
            self.issues.set(issues.to_vec());
        }
    }
}

/// The slots of all rows, kept up to date by one effect.
#[derive(Clone, Copy)]
pub(crate) struct Rows {
    slots: StoredValue<Vec<RowSlot>>,
}

impl Rows {
    pub fn new(st: AppState) -> Rows {
        let slots = StoredValue::new(Vec::<RowSlot>::new());
        Effect::new(move |_| {
            st.editor.with(|e| {
                st.result.with(|r| {
                    st.index.with(|x| {
                        slots.with_value(|v| {
                            let labels = edit::row_labels(&e.form);
                            for ((i, s), label) in v.iter().enumerate().zip(labels) {
                                s.refresh(&e.form, label, r, x, i);
                            }
                        })
                    })
                })
            })
        });
        Rows { slots }
    }

    /// The slot of row `i`, made (from the current values) when the row is first shown.
    pub fn slot(&self, st: AppState, i: usize) -> RowSlot {
        if let Some(s) = self.slots.with_value(|v| v.get(i).cloned()) {
            return s;
        }
        st.editor.with_untracked(|e| {
            st.result.with_untracked(|r| {
                st.index.with_untracked(|x| {
                    self.slots.update_value(|v| {
                        // Slots for every row of the form at once: labels are made in one pass.
                        let labels = edit::row_labels(&e.form);
                        while v.len() <= i.max(labels.len().saturating_sub(1)) {
                            let k = v.len();
                            let label = labels.get(k).cloned().unwrap_or_else(|| edit::row_label(&e.form, k));
                            v.push(RowSlot::new(&e.form, label, r, x, k));
                        }
                    })
                })
            })
        });
        self.slots.with_value(|v| v[i].clone())
    }
}
