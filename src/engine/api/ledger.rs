//! 决算 tables for rules (see [`crate::table::ledger`]): `c.amount()` (the
//! amount a label cell gives, past a 行次 column), `c.items()` (the
//! numbered items a 合计 label sums) and `t.code_sums(total_labels)` (类 =
//! 款, 款 = 项, 合计 = 类, column by column).

use rhai::{Array, Dynamic, Engine, Map};

use super::table::{CellHandle, TableHandle};
use super::{patterns, Res};
use crate::table::ledger;
use crate::table::levels::At;

fn cell_of(doc: &std::sync::Arc<crate::document::Document>, t: usize, (r, c): At) -> Dynamic {
    Dynamic::from(CellHandle {
        doc: doc.clone(),
        t,
        r,
        c,
    })
}

pub fn register(engine: &mut Engine) {
    engine.register_fn("amount", |c: &mut CellHandle| -> Dynamic {
        let table = &c.doc.tables[c.t];
        ledger::amount_right(table, c.r, c.c)
            .map_or(Dynamic::UNIT, |i| cell_of(&c.doc, c.t, (c.r, i)))
    });
    engine.register_fn("amounts", |c: &mut CellHandle| -> Array {
        let table = &c.doc.tables[c.t];
        ledger::amounts_right(table, c.r, c.c)
            .into_iter()
            .map(|i| cell_of(&c.doc, c.t, (c.r, i)))
            .collect()
    });
    engine.register_fn("items", |c: &mut CellHandle| -> Dynamic {
        let table = &c.doc.tables[c.t];
        let Some(items) = ledger::numbered_items(table, c.r, c.c) else {
            return Dynamic::UNIT;
        };
        let out: Array = items
            .into_iter()
            .map(|(l, a)| {
                let mut m = Map::new();
                m.insert("label".into(), cell_of(&c.doc, c.t, l));
                m.insert(
                    "value".into(),
                    a.map_or(Dynamic::UNIT, |a| cell_of(&c.doc, c.t, a)),
                );
                Dynamic::from_map(m)
            })
            .collect();
        out.into()
    });
    engine.register_fn(
        "code_sums",
        |t: &mut TableHandle, total: Dynamic| -> Res<Array> {
            let ps = patterns(&total)?;
            let table = &t.doc.tables[t.t];
            Ok(
                ledger::code_sums(table, &|l| ps.iter().any(|p| p.matches(l)))
                    .into_iter()
                    .map(|s| {
                        let mut m = Map::new();
                        m.insert("code".into(), s.code.into());
                        m.insert("head".into(), cell_of(&t.doc, t.t, s.head));
                        let parts: Array =
                            s.parts.iter().map(|&p| cell_of(&t.doc, t.t, p)).collect();
                        m.insert("parts".into(), parts.into());
                        Dynamic::from_map(m)
                    })
                    .collect(),
            )
        },
    );
}
