//! Forms paired with a report from other files of the run (see
//! [`crate::pairing`]): `doc.forms()`, each with its name and tables (read
//! through the table API), the place of a form's cell for a note, and the
//! comparison of a report's figure with a form's cell across units, with
//! the usual rounding. A label on a form's cell is placed in the form's
//! file (`Label.file`).

use std::sync::Arc;

use rhai::{Array, Dynamic, Engine, ImmutableString, INT};

use super::table::{CellHandle, RowHandle, TableHandle};
use super::{check_map, DocHandle, FactHandle, MatchHandle, SectionHandle, SpanHandle};
use crate::document::{Companion, Document, FactKind};
use crate::engine::rounding::{self, Figure};
use crate::reading::figure::unit_factor;

/// One paired form, by its index in the report's companions.
#[derive(Clone)]
pub struct FormHandle {
    pub doc: Arc<Document>,
    pub i: usize,
}

impl FormHandle {
    fn form(&self) -> &Companion {
        &self.doc.companions[self.i]
    }
}

/// The file a handle's document was read from (a report's own, or a
/// paired form's for its cells).
pub fn file_of(v: &Dynamic) -> Option<String> {
    if let Some(s) = v.read_lock::<SpanHandle>() {
        return Some(s.doc.path.clone());
    }
    if let Some(c) = v.read_lock::<CellHandle>() {
        return Some(c.doc.path.clone());
    }
    if let Some(f) = v.read_lock::<FactHandle>() {
        return Some(f.doc.path.clone());
    }
    if let Some(m) = v.read_lock::<MatchHandle>() {
        return Some(m.doc.path.clone());
    }
    if let Some(s) = v.read_lock::<SectionHandle>() {
        return Some(s.doc.path.clone());
    }
    if let Some(r) = v.read_lock::<RowHandle>() {
        return Some(r.doc.path.clone());
    }
    None
}

/// A file's own name, without its folders.
fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Where a cell is, for a person: `自评表!G14`, the Word table cell, or
/// the line and cell of a text table.
fn cell_place(c: &CellHandle) -> String {
    let cell = &c.doc.tables[c.t].rows[c.r].cells[c.c];
    if !cell.location.is_empty() {
        return cell.location.clone();
    }
    if let Some(l) = crate::source::location_at(&c.doc.locations, cell.span.start) {
        return l.describe();
    }
    format!("第 {} 行第 {} 格", c.doc.line_of(cell.span.start), c.c + 1)
}

/// The unit of a money cell: its own, its table's, or its column header's
/// (全年预算数（万元）); `None` when none is stated.
fn money_unit(c: &CellHandle) -> Option<String> {
    let t = &c.doc.tables[c.t];
    let cell = &t.rows[c.r].cells[c.c];
    let money = |u: &str| crate::reading::figure::is_money(u).then(|| u.to_string());
    if let Some(u) = t.unit_of(cell) {
        return money(&u);
    }
    let header = t.header(c.r, c.c)?;
    crate::table::declared_unit(&header).and_then(|u| money(&u))
}

/// A cell's number as a figure: a bare 0 is exact, any other figure
/// carries half a unit of its last decimal.
fn cell_figure(c: &CellHandle) -> Option<Figure> {
    let cell = &c.doc.tables[c.t].rows[c.r].cells[c.c];
    let v = cell.value?;
    Some(if v.is_zero() && cell.decimals == 0 {
        Figure::exact(v)
    } else {
        Figure::stated(v, cell.decimals)
    })
}

/// Whether a report's money figure and a form's money cell state the same
/// amount, compared in the figure's unit: `#{ ok, expected, diff,
/// tolerance, stated, unit }` with `expected` the cell's amount; `()` when
/// either is no money or the cell's unit is not stated.
fn money_agree(f: FactHandle, c: CellHandle) -> Dynamic {
    let fact = &f.doc.facts[f.idx];
    if fact.kind != FactKind::Amount || !crate::reading::figure::is_money(&fact.unit) {
        return Dynamic::UNIT;
    }
    let (Some(unit), Some(cell)) = (money_unit(&c), cell_figure(&c)) else {
        return Dynamic::UNIT;
    };
    let Some((stated, factor)) = crate::reading::figure::of(fact) else {
        return Dynamic::UNIT;
    };
    let Some(ratio) = unit_factor(&unit).checked_div(factor) else {
        return Dynamic::UNIT;
    };
    let Some(cell) = cell.scaled(ratio) else {
        return Dynamic::UNIT;
    };
    match rounding::sum_check(&[cell], stated) {
        Some(check) => Dynamic::from_map(check_map(check, stated.value, &fact.unit)),
        None => Dynamic::UNIT,
    }
}

/// Whether a report's percentage and a form's percent cell agree: the same
/// map as [`money_agree`]; `()` unless both are percentages.
fn percent_agree(f: FactHandle, c: CellHandle) -> Dynamic {
    let fact = &f.doc.facts[f.idx];
    let cell = &c.doc.tables[c.t].rows[c.r].cells[c.c];
    if fact.kind != FactKind::Percent || !cell.percent {
        return Dynamic::UNIT;
    }
    let (Some(cf), Some((stated, _))) = (cell_figure(&c), crate::reading::figure::of(fact)) else {
        return Dynamic::UNIT;
    };
    match rounding::sum_check(&[cf], stated) {
        Some(check) => Dynamic::from_map(check_map(check, stated.value, "%")),
        None => Dynamic::UNIT,
    }
}

pub fn register(engine: &mut Engine) {
    engine.register_type_with_name::<FormHandle>("Form");
    engine.register_fn("forms", |d: &mut DocHandle| -> Array {
        (0..d.0.companions.len())
            .map(|i| {
                Dynamic::from(FormHandle {
                    doc: d.0.clone(),
                    i,
                })
            })
            .collect()
    });
    // The form's file as the run names it, and its own name.
    engine.register_get("name", |f: &mut FormHandle| -> ImmutableString {
        f.form().name.as_str().into()
    });
    engine.register_get("file", |f: &mut FormHandle| -> ImmutableString {
        base_name(&f.form().name).into()
    });
    engine.register_get("why", |f: &mut FormHandle| -> ImmutableString {
        f.form().why.as_str().into()
    });
    engine.register_get("title", |f: &mut FormHandle| -> ImmutableString {
        f.form().doc.title.as_str().into()
    });
    engine.register_get("year", |f: &mut FormHandle| {
        f.form()
            .doc
            .year
            .map_or(Dynamic::UNIT, |y| (y as INT).into())
    });
    engine.register_fn("tables", |f: &mut FormHandle| -> Array {
        let doc = &f.form().doc;
        (0..doc.tables.len())
            .map(|t| {
                Dynamic::from(TableHandle {
                    doc: doc.clone(),
                    t,
                })
            })
            .collect()
    });
    // `自评表.xlsx 自评表!G14`: a cell of this form, for a note.
    engine.register_fn("place", |f: &mut FormHandle, c: CellHandle| -> String {
        format!("{} {}", base_name(&f.form().name), cell_place(&c))
    });
    engine.register_fn("money_agree", money_agree);
    engine.register_fn("percent_agree", percent_agree);
}
