//! What a year-on-year change compares, as `doc.change_context(c)` gives it:
//! the most likely reading of the reading layer (`doc.change_verdict` gives
//! every reading's verdict).

use super::*;
use crate::reading::change::{change_statement, follows_its_amount};

/// `#{ current, previous }` of the change statement fact `i` belongs to
/// (a rate read with its amount change answers for that statement): its
/// first candidate reading; `()` for what it does not bind.
pub(super) fn change_context(doc: &Arc<Document>, i: usize) -> Map {
    let anchor = if follows_its_amount(doc, i) {
        (0..i).rev().find(|&j| doc.facts[j].kind != FactKind::Year)
    } else {
        Some(i)
    };
    let binding = anchor
        .and_then(|a| change_statement(doc, a))
        .and_then(|s| s.bindings.first().cloned());
    let mut m = Map::new();
    m.insert(
        "current".into(),
        fh(doc, binding.as_ref().and_then(|b| b.current)),
    );
    m.insert("previous".into(), fh(doc, binding.and_then(|b| b.previous)));
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_context_is_the_first_reading_of_the_statement() {
        let doc = Arc::new(crate::parse(
            "t.txt",
            "2021年度部门决算\n公务用车运行维护费支出52.00万元，比上年累计支出60.00万元下降8.00万元，下降13.3%。\n"
                .to_string(),
        ));
        let value = |m: &Map, k: &str| {
            m.get(k)
                .and_then(|v| v.clone().try_cast::<FactHandle>())
                .map(|f| f.fact().text.clone())
        };
        // Asked of the amount change, or of its rate: the same figures.
        for text in ["8.00万元", "13.3%"] {
            let i = doc.facts.iter().position(|f| f.text == text).unwrap();
            let m = change_context(&doc, i);
            assert_eq!(value(&m, "current").as_deref(), Some("52.00万元"), "{text}");
            assert_eq!(
                value(&m, "previous").as_deref(),
                Some("60.00万元"),
                "{text}"
            );
        }
    }
}
