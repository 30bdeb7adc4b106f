//! `c.fact()`: the fact a table cell became (a cell of a Word, Markdown,
//! tab or ` | ` row under a declared unit, or a percentage), so that a form
//! rule can leave an identity to the prose rule that reads the same cell.

use rhai::{Dynamic, Engine};

use super::table::CellHandle;
use super::FactHandle;

pub fn register(engine: &mut Engine) {
    engine.register_fn("fact", |c: &mut CellHandle| -> Dynamic {
        let span = c.doc.tables[c.t].rows[c.r].cells[c.c].span;
        if span.end <= span.start {
            return Dynamic::UNIT;
        }
        let facts = &c.doc.facts;
        let i = facts.partition_point(|f| f.span.start < span.start);
        facts[i..]
            .iter()
            .take_while(|f| f.span.start == span.start)
            .position(|f| f.span.end == span.end)
            .map_or(Dynamic::UNIT, |k| {
                Dynamic::from(FactHandle {
                    doc: c.doc.clone(),
                    idx: i + k,
                })
            })
    });
}
