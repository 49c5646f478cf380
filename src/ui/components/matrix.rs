//! The access matrix: principal × action, each cell a decision (symbol + colour + label),
//! focusable, explained on click or Enter. Arrow keys move between cells.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::engine::report::Decision;
use crate::ui::doc::{arn_account, short_arn};
use crate::ui::state::{Action, Explained};
use crate::ui::Store;

/// Symbol, short word and CSS class of a decision.
pub fn decision_look(d: Decision) -> (&'static str, &'static str, &'static str) {
    match d {
        Decision::Allow => ("✓", "allowed", "dec-allow"),
        Decision::ExplicitDeny => ("✗", "explicitly denied", "dec-deny"),
        Decision::ImplicitDeny => ("–", "not allowed (implicit deny)", "dec-implicit"),
    }
}

/// `kms:Decrypt` → `Decrypt`.
pub fn short_action(a: &str) -> &str {
    a.strip_prefix("kms:").unwrap_or(a)
}

fn index_in_row(cell: &Element) -> u32 {
    let mut i = 0;
    let mut cur = cell.previous_element_sibling();
    while let Some(el) = cur {
        i += 1;
        cur = el.previous_element_sibling();
    }
    i
}

fn move_focus(cell: &Element, key: &str) -> bool {
    let target: Option<Element> = match key {
        "ArrowRight" => cell.next_element_sibling(),
        "ArrowLeft" => cell.previous_element_sibling().filter(|e| e.tag_name() == "TD"),
        "ArrowUp" | "ArrowDown" => {
            let row = cell.parent_element();
            let other = if key == "ArrowUp" {
                row.and_then(|r| r.previous_element_sibling())
            } else {
                row.and_then(|r| r.next_element_sibling())
            };
            other.and_then(|r| r.children().item(index_in_row(cell)))
        }
        "Home" => cell.parent_element().and_then(|r| r.query_selector("td").ok().flatten()),
        "End" => cell.parent_element().and_then(|r| r.last_element_child()),
        _ => return false,
    };
    if let Some(el) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
        let _ = el.focus();
    }
    true
}

/// The matrix.
#[function_component]
pub fn AccessMatrix() -> Html {
    let Some(store) = use_context::<Store>() else { return Html::default() };
    let matrix = &store.report.matrix;
    let selected = match &store.explained {
        Some(Explained::Cell(p, a)) => Some((p.clone(), a.clone())),
        _ => None,
    };
    let key_account = arn_account(&store.doc.key_arn).map(str::to_string);
    let pending = store.analyzed_rev.is_none();
    let body = if matrix.rows.is_empty() || matrix.actions.is_empty() {
        html! {
            <p class="empty">
                { if pending { "Analysing…" } else { "No principals to show: add a principal, or a key policy statement that names one." } }
            </p>
        }
    } else {
        html! {
            <div class="matrix-scroll">
                <table class="matrix" role="grid" aria-labelledby="matrix-h" aria-describedby="matrix-legend">
                    <thead>
                        <tr>
                            <th scope="col" class="corner">{"Principal"}</th>
                            { for matrix.actions.iter().map(|a| html! {
                                <th scope="col" class="col-head" title={a.clone()}>
                                    <span class="col-label">{short_action(a)}</span>
                                </th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for matrix.rows.iter().map(|row| {
                            let account = arn_account(&row.principal).map(str::to_string);
                            let external = account.is_some() && account != key_account;
                            html! {
                                <tr>
                                    <th scope="row" class="row-head" title={row.principal.clone()}>
                                        <span class="row-name">{short_arn(&row.principal)}</span>
                                        if let Some(a) = account {
                                            <span class={classes!("row-account", external.then_some("external"))}>
                                                {a}{ if external { " · external" } else { "" } }
                                            </span>
                                        }
                                    </th>
                                    { for row.cells.iter().zip(matrix.actions.iter()).map(|(d, a)| {
                                        let (sym, word, class) = decision_look(*d);
                                        let is_sel = selected.as_ref().is_some_and(|(sp, sa)| *sp == row.principal && sa == a);
                                        let (p1, a1) = (row.principal.clone(), a.clone());
                                        let d1 = store.dispatcher();
                                        let onclick = Callback::from(move |_| d1.dispatch(Action::SelectCell(p1.clone(), a1.clone())));
                                        let (p2, a2) = (row.principal.clone(), a.clone());
                                        let d2 = store.dispatcher();
                                        let onkeydown = Callback::from(move |e: KeyboardEvent| {
                                            let key = e.key();
                                            if key == "Enter" || key == " " {
                                                e.prevent_default();
                                                d2.dispatch(Action::SelectCell(p2.clone(), a2.clone()));
                                            } else if let Some(cell) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                                                if move_focus(&cell, &key) {
                                                    e.prevent_default();
                                                }
                                            }
                                        });
                                        html! {
                                            <td tabindex="0" role="gridcell"
                                                class={classes!("cell", class, is_sel.then_some("cell-selected"))}
                                                data-principal={row.principal.clone()}
                                                data-action={a.clone()}
                                                data-decision={d.as_str()}
                                                aria-selected={is_sel.to_string()}
                                                aria-label={format!("{} → {}: {}", short_arn(&row.principal), a, word)}
                                                title={format!("{} → {}: {} (Enter or click to explain)", row.principal, a, word)}
                                                {onclick} {onkeydown}>
                                                <span aria-hidden="true">{sym}</span>
                                            </td>
                                        }
                                    }) }
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        }
    };
    html! {
        <section class="card matrix-card" data-testid="access-matrix" aria-labelledby="matrix-h">
            <div class="card-head">
                <h2 id="matrix-h">{"Access matrix"}</h2>
                <span class="card-sub">{"each cell: that principal calling that action on the key by its ARN"}</span>
            </div>
            {body}
            <p class="legend" id="matrix-legend">
                <span class="legend-item"><span class="cell-chip dec-allow" aria-hidden="true">{"✓"}</span>{"allowed"}</span>
                <span class="legend-item"><span class="cell-chip dec-deny" aria-hidden="true">{"✗"}</span>{"explicitly denied"}</span>
                <span class="legend-item"><span class="cell-chip dec-implicit" aria-hidden="true">{"–"}</span>{"not allowed (implicit deny)"}</span>
                <span class="legend-hint">{"Click a cell, or focus it and press Enter, to see why."}</span>
            </p>
        </section>
    }
}
