//! Applying the fixes rules offer (STYLE.md: fixes as data). One routine
//! gathers the fixes of a report's findings, sorts them, skips any that
//! overlap a fix already taken (deterministically: the earlier one in the
//! text wins, then the rule id), applies them, and lints again until
//! nothing changes, so rules never write files.

pub mod docx;
pub mod text;

use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::document::Span;

/// Whether `path` is a copy reportlint wrote beside a report
/// (`X.reviewed.docx` from annotate, `X.fixed.docx` from `--fix`): a
/// directory walk skips them, so findings are not doubled.
pub fn is_derived_copy(path: &std::path::Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(|n| n.to_lowercase())
        .is_some_and(|n| n.ends_with(".reviewed.docx") || n.ends_with(".fixed.docx"))
}

/// How many times a text is re-linted and fixed before giving up: a fix
/// that makes another fixable finding appear gets a few more rounds, a pair
/// of rules undoing each other does not loop forever.
pub const MAX_ROUNDS: usize = 8;

/// The edits of the fixes that may be applied to `text` (the report's own
/// findings, safe ones, or unsafe ones too when `unsafe_ok`), sorted by
/// position, none overlapping. A fix is taken whole or not at all.
pub fn select_edits(
    diagnostics: &[Diagnostic],
    file: &str,
    text: &str,
    unsafe_ok: bool,
) -> Vec<Edit> {
    let mut fixes: Vec<(&Diagnostic, Vec<&Edit>)> = diagnostics
        .iter()
        .filter(|d| d.file == file)
        .filter_map(|d| {
            let fix = d.fix.as_ref()?;
            if fix.applicability == Applicability::Unsafe && !unsafe_ok {
                return None;
            }
            let mut edits: Vec<&Edit> = fix.edits.iter().collect();
            edits.sort_by_key(|e| (e.span.start, e.span.end));
            // A fix whose edits overlap each other or fall outside the
            // text (a rule's mistake) is not applied.
            let valid = edits.iter().all(|e| valid_span(text, e.span))
                && edits.windows(2).all(|w| !overlaps(w[0].span, w[1].span));
            let changes = edits
                .iter()
                .any(|e| text.get(e.span.start..e.span.end) != Some(e.content.as_str()));
            (valid && changes && !edits.is_empty()).then_some((d, edits))
        })
        .collect();
    fixes.sort_by(|(a, ea), (b, eb)| {
        (ea[0].span.start, &a.rule, ea[0].span.end, &a.message).cmp(&(
            eb[0].span.start,
            &b.rule,
            eb[0].span.end,
            &b.message,
        ))
    });
    let mut taken: Vec<Edit> = Vec::new();
    for (_, edits) in fixes {
        let clash = edits
            .iter()
            .any(|e| taken.iter().any(|t| overlaps(t.span, e.span)));
        if !clash {
            taken.extend(edits.into_iter().cloned());
        }
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    taken.dedup();
    taken
}

fn valid_span(text: &str, s: Span) -> bool {
    s.start <= s.end
        && s.end <= text.len()
        && text.is_char_boundary(s.start)
        && text.is_char_boundary(s.end)
}

/// Two edits clash when their ranges share a byte, or both insert at the
/// same place (their order would be a guess).
fn overlaps(a: Span, b: Span) -> bool {
    if a.is_empty() && b.is_empty() {
        return a.start == b.start;
    }
    a.start < b.end && b.start < a.end
}

/// Applies sorted, non-overlapping edits to `text`.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        if e.span.start < at || !valid_span(text, e.span) {
            continue;
        }
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.content);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The result of fixing one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    /// Edits applied over all rounds.
    pub edits: usize,
    /// Rounds that changed something.
    pub rounds: usize,
}

/// Lints `text` with `lint`, applies the fixes, and repeats until no fix
/// changes anything (at most [`MAX_ROUNDS`] times). `lint` returns the
/// diagnostics of the text it is given.
pub fn fix_until_stable(
    text: &str,
    file: &str,
    unsafe_ok: bool,
    mut lint: impl FnMut(&str) -> Vec<Diagnostic>,
) -> Fixed {
    let mut current = text.to_string();
    let mut edits = 0;
    let mut rounds = 0;
    for _ in 0..MAX_ROUNDS {
        let diags = lint(&current);
        let chosen = select_edits(&diags, file, &current, unsafe_ok);
        if chosen.is_empty() {
            break;
        }
        let next = apply(&current, &chosen);
        if next == current {
            break;
        }
        edits += chosen.len();
        rounds += 1;
        current = next;
    }
    Fixed {
        text: current,
        edits,
        rounds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};

    fn diag(rule: &str, edits: &[(usize, usize, &str)], app: Applicability) -> Diagnostic {
        let mut d = Diagnostic::new(
            rule,
            Severity::Warning,
            "a.txt",
            Span::new(0, 0),
            "m".into(),
        );
        d.fix = Some(Fix {
            edits: edits
                .iter()
                .map(|&(s, e, c)| Edit {
                    span: Span::new(s, e),
                    content: c.to_string(),
                })
                .collect(),
            applicability: app,
        });
        d
    }

    #[test]
    fn overlapping_fixes_keep_the_earlier_one_whatever_the_input_order() {
        let text = "特点,建立了";
        let comma = text.find(',').unwrap_or(0);
        let a = diag("b-rule", &[(comma, comma + 1, "，")], Applicability::Safe);
        let b = diag(
            "a-rule",
            &[(comma - 3, comma + 1, "X")],
            Applicability::Safe,
        );
        for order in [vec![a.clone(), b.clone()], vec![b.clone(), a.clone()]] {
            let edits = select_edits(&order, "a.txt", text, false);
            assert_eq!(apply(text, &edits), "特X建立了");
        }
    }

    #[test]
    fn unsafe_fixes_only_on_request_and_a_fix_is_taken_whole() {
        let text = "abc";
        let d = diag("r", &[(0, 1, "A"), (2, 3, "C")], Applicability::Unsafe);
        assert!(select_edits(std::slice::from_ref(&d), "a.txt", text, false).is_empty());
        let edits = select_edits(&[d], "a.txt", text, true);
        assert_eq!(apply(text, &edits), "AbC");
        // The second edit clashes with an earlier fix: neither of its edits applies.
        let first = diag("r", &[(1, 3, "x")], Applicability::Safe);
        let both = diag("s", &[(1, 2, "B"), (2, 3, "C")], Applicability::Safe);
        let edits = select_edits(&[both, first], "a.txt", text, false);
        assert_eq!(apply(text, &edits), "ax");
    }

    #[test]
    fn spans_off_char_boundaries_are_not_applied() {
        let text = "中文";
        let d = diag("r", &[(1, 2, "x")], Applicability::Safe);
        assert!(select_edits(&[d], "a.txt", text, false).is_empty());
    }

    #[test]
    fn fixing_stops_when_nothing_changes() {
        // A "rule" that turns the first ',' into '，' each round.
        let fixed = fix_until_stable("a,b,c", "a.txt", false, |t| {
            t.find(',')
                .map(|i| vec![diag("r", &[(i, i + 1, "，")], Applicability::Safe)])
                .unwrap_or_default()
        });
        assert_eq!(fixed.text, "a，b，c");
        assert_eq!(fixed.rounds, 2);
    }
}
