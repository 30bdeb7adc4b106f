//! `t.levels(weight_labels, score_labels, total_labels)`: a 自评表's
//! indicator levels for rules (see [`crate::table::levels`]): every row's
//! own 分值/得分 cell, the subtotal rows, and each level's figure with the
//! figures of its children.

use rhai::{Array, Dynamic, Engine, Map, INT};

use super::table::{CellHandle, TableHandle};
use super::{patterns, Res};
use crate::table::levels::{self, At, Kind};

fn cell(t: &TableHandle, (r, c): At) -> Dynamic {
    Dynamic::from(CellHandle {
        doc: t.doc.clone(),
        t: t.t,
        r,
        c,
    })
}

pub fn register(engine: &mut Engine) {
    engine.register_fn(
        "levels",
        |t: &mut TableHandle, weight: Dynamic, score: Dynamic, total: Dynamic| -> Res<Map> {
            let (w, s, x) = (patterns(&weight)?, patterns(&score)?, patterns(&total)?);
            let any = |ps: &Vec<super::Pattern>, h: &str| ps.iter().any(|p| p.matches(h));
            let table = &t.doc.tables[t.t];
            let lv = levels::read(table, &|h| any(&w, h), &|h| any(&s, h), &|l| any(&x, l));
            let per_row = |v: &[Option<usize>]| -> Array {
                v.iter()
                    .enumerate()
                    .map(|(r, c)| c.map_or(Dynamic::UNIT, |c| cell(t, (r, c))))
                    .collect()
            };
            let mut m = Map::new();
            m.insert("weights".into(), per_row(&lv.weights).into());
            m.insert("scores".into(), per_row(&lv.scores).into());
            m.insert(
                "heads".into(),
                lv.heads
                    .iter()
                    .map(|&r| Dynamic::from(r as INT))
                    .collect::<Array>()
                    .into(),
            );
            let groups: Array = lv
                .groups
                .iter()
                .map(|g| {
                    let mut gm = Map::new();
                    gm.insert("level".into(), (g.level as INT).into());
                    gm.insert("label".into(), g.label.clone().into());
                    let kind = match g.kind {
                        Kind::Weight => "分值",
                        Kind::Score => "得分",
                    };
                    gm.insert("kind".into(), kind.into());
                    gm.insert("head".into(), cell(t, g.head));
                    let parts: Array = g.parts.iter().map(|&p| cell(t, p)).collect();
                    gm.insert("parts".into(), parts.into());
                    gm.insert("complete".into(), g.complete.into());
                    Dynamic::from_map(gm)
                })
                .collect();
            m.insert("groups".into(), groups.into());
            Ok(m)
        },
    );
}
