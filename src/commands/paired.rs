//! A batch's reports and forms together: the chunks keep a directory's
//! inputs together, and in a directory holding both a report and a form
//! (see [`crate::pairing`]) the inputs are read, the forms parsed and
//! paired with their reports before anything is linted.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::inputs::{load, Input};
use crate::config::ConfigError;
use crate::document::{Companion, Document};
use crate::linter::Linter;
use crate::source::Source;

/// A directory larger than this many chunks is cut anyway (pairing then
/// holds within each piece): memory stays bounded.
const MAX_CHUNKS_PER_DIRECTORY: usize = 4;

fn dir_of(input: &Input) -> Option<PathBuf> {
    match input {
        Input::File(p) => Some(p.parent().map(Path::to_path_buf).unwrap_or_default()),
        Input::Stdin => None,
    }
}

/// Chunks of about `size` inputs that do not cut a directory's inputs
/// apart (inputs of one directory are consecutive).
pub(super) fn chunks(inputs: &[Input], size: usize) -> Vec<Range<usize>> {
    let size = size.max(1);
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=inputs.len() {
        let len = i - start;
        let cut = i == inputs.len()
            || (len >= size && dir_of(&inputs[i]) != dir_of(&inputs[i - 1]))
            || len >= size.saturating_mul(MAX_CHUNKS_PER_DIRECTORY);
        if cut && len > 0 {
            out.push(start..i);
            start = i;
        }
    }
    out
}

/// Whether a source may be a form, judged cheaply before parsing: a
/// spreadsheet, or text whose lines are mostly table rows.
fn may_be_form(src: &Source) -> bool {
    if src
        .tables
        .iter()
        .any(|t| matches!(t.origin, "xlsx" | "csv"))
    {
        return true;
    }
    let (mut lines, mut rows) = (0usize, 0usize);
    for l in src.text.lines().filter(|l| !l.trim().is_empty()) {
        lines += 1;
        let t = l.trim();
        if l.matches('\t').count() >= 2 || l.matches(" | ").count() >= 2 || t.starts_with('|') {
            rows += 1;
        }
    }
    lines > 0 && rows * 2 >= lines
}

/// A file's name without its directory (the notice names reports of the
/// form's own directory).
fn short_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// For each input of a chunk: its source when it was read here (else the
/// linting reads it), and the forms paired with it.
pub(super) struct Prepared {
    pub source: Option<Source>,
    pub forms: Vec<Companion>,
    /// For a form its directory's reports all leave unpaired: why, report
    /// by report.
    pub unpaired: Option<String>,
}

/// Reads the inputs of the chunk's directories that hold more than one
/// input, and pairs forms with reports where a directory holds both. A
/// panic while reading or parsing an input only keeps that input out of
/// the pairing: its own linting reports it.
pub(super) fn prepare(
    inputs: &[Input],
    assignment: &[usize],
    linters: &[Result<Linter, Arc<ConfigError>>],
) -> Vec<Prepared> {
    let mut by_dir: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    for (i, input) in inputs.iter().enumerate() {
        if let Some(d) = dir_of(input) {
            by_dir.entry(d).or_default().push(i);
        }
    }
    let wanted: Vec<usize> = by_dir
        .values()
        .filter(|v| v.len() > 1)
        .flatten()
        .copied()
        .filter(|&i| linters[assignment[i]].is_ok())
        .collect();
    let mut out: Vec<Prepared> = inputs
        .iter()
        .map(|_| Prepared {
            source: None,
            forms: Vec::new(),
            unpaired: None,
        })
        .collect();
    if wanted.is_empty() {
        return out;
    }
    let loaded: Vec<(usize, Option<Source>)> = wanted
        .par_iter()
        .map(|&i| {
            let src = crate::isolation::catch_quiet(|| load(&inputs[i]))
                .ok()
                .and_then(Result::ok);
            (i, src)
        })
        .collect();
    let mut candidate_dirs = std::collections::BTreeSet::new();
    for (i, src) in &loaded {
        if src.as_ref().is_some_and(may_be_form) {
            candidate_dirs.extend(dir_of(&inputs[*i]));
        }
    }
    // Parsed (for pairing only) in the directories where a form may be.
    let parsed: Vec<(usize, Option<Arc<Document>>)> = loaded
        .par_iter()
        .map(|(i, src)| {
            let doc = match (src, dir_of(&inputs[*i])) {
                (Some(src), Some(d)) if candidate_dirs.contains(&d) => {
                    let profile = linters[assignment[*i]]
                        .as_ref()
                        .ok()
                        .and_then(|l| l.profile.clone());
                    crate::isolation::catch_quiet(|| {
                        crate::linter::parse_with_profile(src.clone(), profile.as_deref())
                    })
                    .ok()
                    .map(Arc::new)
                }
                _ => None,
            };
            (*i, doc)
        })
        .collect();
    for (i, src) in loaded {
        out[i].source = src;
    }
    let docs: BTreeMap<usize, Arc<Document>> = parsed
        .into_iter()
        .filter_map(|(i, d)| d.map(|d| (i, d)))
        .collect();
    for members in by_dir.values() {
        let (mut forms, mut reports) = (Vec::new(), Vec::new());
        for i in members {
            if let Some(d) = docs.get(i) {
                let is_form = crate::isolation::catch_quiet(|| crate::pairing::is_form(d));
                match is_form {
                    Ok(true) => forms.push(*i),
                    Ok(false) => reports.push(*i),
                    Err(_) => {}
                }
            }
        }
        if forms.is_empty() || reports.is_empty() {
            continue;
        }
        let keys: Vec<_> = forms
            .iter()
            .map(|i| crate::pairing::form_key(&docs[i]))
            .collect();
        let report_docs: Vec<&Document> = reports.iter().map(|i| docs[i].as_ref()).collect();
        let pairs = crate::pairing::pair_all(&report_docs, &keys);
        for (fi, key) in keys.iter().enumerate() {
            if pairs
                .iter()
                .any(|found| found.iter().any(|(f, _)| *f == fi))
            {
                continue;
            }
            let why: Vec<String> = report_docs
                .iter()
                .filter_map(|r| {
                    crate::pairing::pair(r, key)
                        .err()
                        .map(|why| format!("{}：{why}", short_name(&r.path)))
                })
                .collect();
            if !why.is_empty() {
                out[forms[fi]].unpaired = Some(why.join("；"));
            }
        }
        for (ri, found) in reports.iter().zip(pairs) {
            out[*ri].forms = found
                .into_iter()
                .map(|(fi, why)| Companion {
                    name: docs[&forms[fi]].path.clone(),
                    doc: docs[&forms[fi]].clone(),
                    why,
                })
                .collect();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_do_not_cut_a_directory_apart() {
        let inputs: Vec<Input> = ["a/1", "a/2", "a/3", "b/1", "b/2", "c/1"]
            .iter()
            .map(|p| Input::File(PathBuf::from(p)))
            .collect();
        assert_eq!(chunks(&inputs, 2), vec![0..3, 3..5, 5..6]);
        assert_eq!(chunks(&inputs, 10), vec![0..6]);
        // A directory of more than four chunks is cut anyway.
        assert_eq!(chunks(&inputs[..3], 0), vec![0..3]);
        let many: Vec<Input> = (0..9)
            .map(|i| Input::File(PathBuf::from(format!("a/{i}"))))
            .collect();
        assert_eq!(chunks(&many, 2), vec![0..8, 8..9]);
    }
}
