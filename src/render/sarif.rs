//! `--format sarif`: SARIF 2.1.0, for code-scanning dashboards.
//!
//! One `reportingDescriptor` per rule (summary as `shortDescription`,
//! explanation as `fullDescription` and `help`), `columnKind:
//! unicodeCodePoints`, and regions whose lines and columns are exactly those
//! of the JSON output (columns count characters, `endColumn` is one past
//! the last character). Labels become `relatedLocations` (a label in
//! another file, a paired form, with that file's artifact); a location in a
//! spreadsheet cell names it as a `logicalLocations` entry; the help
//! computation and notes follow the message. A fix becomes `fixes` (one
//! artifact change of replacements; its applicability in `properties`).
//! `partialFingerprints` carry the baseline's content key (file, rule,
//! section path, the texts involved — never line numbers), hashed, so an
//! alert keeps its identity when lines are inserted above it.

use serde_json::{json, Value};

use super::{Positions, RuleInfo};
use crate::diagnostic::Severity;
use crate::report::FileReport;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes a path into a relative URI reference (`/` kept).
pub fn path_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region<'a>(pos: &mut Positions<'a>, file: &'a str, start: usize, end: usize) -> Value {
    let (sl, sc) = pos.at(file, start);
    let (el, ec) = pos.at(file, end.max(start));
    json!({ "startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec })
}

fn message(d: &crate::diagnostic::Diagnostic) -> String {
    let mut m = d.message.clone();
    if let Some(h) = &d.help {
        m.push_str(&format!("\nhelp: {h}"));
    }
    for n in &d.notes {
        m.push_str(&format!("\nnote: {n}"));
    }
    m
}

/// FNV-1a, 64 bits: a hash that is the same on every platform and Rust
/// version (fingerprints are compared across runs).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The fingerprints of a report's own diagnostics, in their order: the
/// baseline key, and the occurrence of that key (two equal findings stay
/// two alerts).
fn fingerprints(r: &FileReport) -> Vec<String> {
    let base = std::env::current_dir().unwrap_or_default();
    let mut seen: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    crate::baseline::entries_of(r, &base)
        .iter()
        .map(|e| {
            let mut parts = vec![e.file.as_str(), e.rule.as_str()];
            parts.extend(e.section.iter().map(String::as_str));
            parts.push("\u{1}");
            parts.push(&e.text);
            parts.extend(e.labels.iter().map(String::as_str));
            let h = fnv1a(&parts);
            let n = seen.entry(h).or_default();
            *n += 1;
            format!("{h:016x}:{n}")
        })
        .collect()
}

fn fixes<'a>(pos: &mut Positions<'a>, d: &'a crate::diagnostic::Diagnostic, uri: &str) -> Value {
    let Some(fix) = &d.fix else {
        return Value::Null;
    };
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|e| {
            json!({
                "deletedRegion": region(pos, &d.file, e.span.start, e.span.end),
                "insertedContent": { "text": e.content },
            })
        })
        .collect();
    let description = d.help.clone().unwrap_or_else(|| d.message.clone());
    json!([{
        "description": { "text": description },
        "artifactChanges": [{
            "artifactLocation": { "uri": uri },
            "replacements": replacements,
        }],
        "properties": { "applicability": fix.applicability },
    }])
}

/// A location in a spreadsheet cell also names the cell, as a logical
/// location (`自评表!G14`, kind `element`).
fn add_cell(location: &mut Value, r: &FileReport, file: &str, offset: usize) {
    if let Some(cell) = super::cells::cell_place(r, file, offset) {
        location["logicalLocations"] = json!([{ "name": cell, "kind": "element" }]);
    }
}

/// The whole SARIF log of a run.
pub fn render(reports: &[FileReport], rules: &[RuleInfo]) -> String {
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|r| {
            let full = if r.explain.is_empty() {
                r.summary.clone()
            } else {
                r.explain.clone()
            };
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": full },
                "help": { "text": format!("{}\n\n{full}\n\n详见 `reportlint explain {}`", r.summary, r.id) },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "category": r.category },
            })
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        let mut pos = Positions::new(r);
        let mut prints = fingerprints(r).into_iter();
        for d in &r.diagnostics {
            let uri = path_uri(&d.file);
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri },
                    "region": region(&mut pos, &d.file, d.span.start, d.span.end),
                }
            });
            add_cell(&mut location, r, &d.file, d.span.start);
            let mut res = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": { "text": message(d) },
                "locations": [location],
            });
            if d.file == r.name {
                if let Some(fp) = prints.next() {
                    res["partialFingerprints"] = json!({ "reportlintContent/v1": fp });
                }
            }
            let f = fixes(&mut pos, d, &uri);
            if !f.is_null() {
                res["fixes"] = f;
            }
            if let Some(i) = rules.iter().position(|x| x.id == d.rule) {
                res["ruleIndex"] = json!(i);
            }
            if !d.labels.is_empty() {
                res["relatedLocations"] = Value::Array(
                    d.labels
                        .iter()
                        .enumerate()
                        .map(|(i, l)| {
                            let file = l.file.as_deref().unwrap_or(&d.file);
                            let mut related = json!({
                                "id": i,
                                "message": { "text": l.message },
                                "physicalLocation": {
                                    "artifactLocation": { "uri": path_uri(file) },
                                    "region": region(&mut pos, file, l.span.start, l.span.end),
                                }
                            });
                            add_cell(&mut related, r, file, l.span.start);
                            related
                        })
                        .collect(),
                );
            }
            results.push(res);
        }
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "reportlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": descriptors,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_percent_encoded_relative_uris() {
        assert_eq!(path_uri("reports/a b.txt"), "reports/a%20b.txt");
        assert_eq!(path_uri("报告.txt"), "%E6%8A%A5%E5%91%8A.txt");
        assert_eq!(path_uri("dir\\r.txt"), "dir/r.txt");
    }
}
