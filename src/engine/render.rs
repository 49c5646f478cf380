//! Text output for people: findings like a compiler's diagnostics, the matrix as a table,
//! results with their reasons and source snippets (SPEC section 5).

use std::fmt::Write as _;

use super::report::{Decision, Finding, Matrix, Report, RequestResult};
use super::span::LineIndex;

/// The symbol and word of a decision (text plus a symbol, never colour alone).
pub fn decision_label(d: Decision) -> &'static str {
    match d {
        Decision::Allow => "✓ allow",
        Decision::ExplicitDeny => "✗ explicit-deny",
        Decision::ImplicitDeny => "– implicit-deny",
    }
}

/// Render one finding: `file:line:column: severity[code]: message`, the source line with a
/// caret under the range, and the help. `text` is the policy's text (None: no snippet).
pub fn finding(out: &mut String, file: &str, f: &Finding, text: Option<&str>) {
    let _ = writeln!(
        out,
        "{file}:{}:{}: {}[{}]: {}",
        f.range.start.line,
        f.range.start.column,
        f.severity.as_str(),
        f.code,
        f.message
    );
    if let Some(text) = text {
        snippet(out, text, f.range.start.line, f.range.start.column, f.range.end.line, f.range.end.column);
    }
    if !f.help.is_empty() {
        let _ = writeln!(out, "  = help: {}", f.help);
    }
    if let Some(fix) = &f.fix {
        let _ = writeln!(out, "  = fix: {}", fix.message);
    }
    for r in &f.related {
        let _ =
            writeln!(out, "  = related: {} {}:{}: {}", r.policy, r.range.start.line, r.range.start.column, r.message);
    }
}

/// The source line of `line` with a caret line under columns `col..end_col` (1-based).
pub fn snippet(out: &mut String, text: &str, line: usize, col: usize, end_line: usize, end_col: usize) {
    let idx = LineIndex::new(text);
    let src = idx.line_text(line);
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{gutter} | {}", src.replace('\t', " "));
    let width = if end_line == line && end_col > col {
        end_col - col
    } else {
        src.chars().count().saturating_sub(col - 1).max(1)
    };
    let _ = writeln!(out, "{pad} | {}{}", " ".repeat(col.saturating_sub(1)), "^".repeat(width.clamp(1, 200)));
}

/// The matrix as a text table.
pub fn matrix(m: &Matrix) -> String {
    let mut out = String::new();
    if m.rows.is_empty() {
        out.push_str("(no principals: add principals to the scenario, or name them in the key policy)\n");
        return out;
    }
    let principal_width = m.rows.iter().map(|r| r.principal.chars().count()).max().unwrap_or(9).max(9);
    let short: Vec<String> = m.actions.iter().map(|a| a.trim_start_matches("kms:").to_string()).collect();
    let col_width: Vec<usize> = short.iter().map(|s| s.chars().count().max(1)).collect();
    let _ = write!(out, "{:principal_width$}", "principal");
    for (s, w) in short.iter().zip(&col_width) {
        let _ = write!(out, "  {s:w$}");
    }
    out.push('\n');
    for row in &m.rows {
        let _ = write!(out, "{:principal_width$}", row.principal);
        for (cell, w) in row.cells.iter().zip(&col_width) {
            let sym = match cell {
                Decision::Allow => "✓",
                Decision::ExplicitDeny => "✗",
                Decision::ImplicitDeny => "–",
            };
            let _ = write!(out, "  {sym:w$}");
        }
        out.push('\n');
    }
    out.push_str("\n✓ allow   ✗ explicit deny   – implicit deny (nothing allows it)\n");
    out
}

/// One result with its reasons; `text_of` gives a policy's text for snippets.
pub fn result<'t>(out: &mut String, n: usize, r: &RequestResult, text_of: &impl Fn(&str) -> Option<&'t str>) {
    let _ = writeln!(out, "request {n}: {} {} → {}", r.principal, r.action, decision_label(r.decision));
    let _ = writeln!(out, "  {}", r.summary);
    for reason in &r.reasons {
        let kind =
            serde_json::to_value(reason.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let at = match (&reason.statement, &reason.sid) {
            (Some(i), Some(sid)) => format!(" statement {i} (\"{sid}\")"),
            (Some(i), None) => format!(" statement {i}"),
            _ => String::new(),
        };
        let _ = writeln!(out, "  - {kind}: {}{at}: {}", reason.policy, reason.message);
        if let (Some(range), Some(text)) = (&reason.range, text_of(&reason.policy)) {
            let idx = LineIndex::new(text);
            let _ = writeln!(out, "      {:>4} | {}", range.start.line, idx.line_text(range.start.line).trim_end());
        }
    }
}

/// The whole report for people: results, matrix, findings.
pub fn report<'t>(file: &str, report: &Report, text_of: impl Fn(&str) -> Option<&'t str>) -> String {
    let mut out = String::new();
    for (i, r) in report.results.iter().enumerate() {
        result(&mut out, i + 1, r, &text_of);
        out.push('\n');
    }
    out.push_str(&matrix(&report.matrix));
    if !report.findings.is_empty() {
        out.push('\n');
        for f in &report.findings {
            let place = if f.policy == "scenario" { file.to_string() } else { format!("{file}#{}", f.policy) };
            finding(&mut out, &place, f, text_of(&f.policy));
        }
    }
    out
}
