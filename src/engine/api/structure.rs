//! Script functions over the heading tree and sets of spans: the walks
//! that structure rules would otherwise do item by item in script (each
//! script step costs about as much as a whole query here).

use std::collections::HashMap;
use std::sync::Arc;

use rhai::{Array, Dynamic, Engine, INT};

use super::{label_matches, span_of, DocHandle, Res, SectionHandle};
use crate::document::{Document, Span};

fn section(doc: &Arc<Document>, idx: usize) -> Dynamic {
    Dynamic::from(SectionHandle {
        doc: doc.clone(),
        idx,
    })
}

/// Whether a section is a part (第一部分 …), under which 一、 restarts.
fn is_part(doc: &Document, i: usize) -> bool {
    doc.sections[i].style.starts_with('第')
}

/// The lists of sibling headings, each in text order, the lists in order of
/// their first item: the parts (第X部分) form one list; the children of a
/// section at one level form one; headings without a parent form one per
/// level within each part.
///
/// One pass with a map from list key to list: linear in the number of
/// headings (it was a scan of every list so far per heading: 3.6 MB of
/// headings took 21 s). Stops with an error past the rule's time limit.
fn heading_lists(doc: &Arc<Document>) -> Res<Array> {
    #[derive(PartialEq, Eq, Hash)]
    enum Key {
        Parts,
        Children(usize, u8),
        InPart(Option<usize>, u8),
    }
    let mut index: HashMap<Key, usize> = HashMap::new();
    let mut lists: Vec<Array> = Vec::new();
    let mut part = None;
    for (i, s) in doc.sections.iter().enumerate() {
        if i % 4096 == 4095 && crate::engine::over_time() {
            return Err(crate::engine::timeout_error());
        }
        let key = if is_part(doc, i) {
            part = Some(i);
            Key::Parts
        } else if let Some(p) = s.parent {
            Key::Children(p, s.level)
        } else {
            Key::InPart(part, s.level)
        };
        crate::engine::add_work(1);
        match index.get(&key) {
            Some(&k) => lists[k].push(section(doc, i)),
            None => {
                index.insert(key, lists.len());
                lists.push(vec![section(doc, i)]);
            }
        }
    }
    Ok(lists.into_iter().map(Dynamic::from_array).collect())
}

/// The first section (at `level`, when given) whose title matches `labels`.
fn find_section(doc: &Arc<Document>, labels: &Dynamic, level: Option<INT>) -> Res<Dynamic> {
    for (i, s) in doc.sections.iter().enumerate() {
        if level.is_some_and(|l| s.level as INT != l) {
            continue;
        }
        if label_matches(&s.title, labels)? {
            return Ok(section(doc, i));
        }
    }
    Ok(Dynamic::UNIT)
}

/// A set of spans, for skipping text other patterns already account for.
#[derive(Clone, Default)]
pub struct SpanSet(Vec<Span>);

impl SpanSet {
    fn add(&mut self, v: &Dynamic) -> Res<()> {
        if let Some(arr) = v.read_lock::<Array>() {
            for x in arr.iter() {
                self.0.push(span_of(x)?);
            }
            return Ok(());
        }
        self.0.push(span_of(v)?);
        Ok(())
    }
}

pub fn register(engine: &mut Engine) {
    // The text breaks off mid-sentence or on a bare heading: an excerpt.
    engine.register_get("cut_off", |d: &mut DocHandle| d.0.ends_cut_off());
    engine.register_get("top_level", |d: &mut DocHandle| -> Dynamic {
        d.0.sections
            .iter()
            .map(|s| s.level)
            .min()
            .map_or(Dynamic::UNIT, |l| Dynamic::from(l as INT))
    });
    engine.register_fn("heading_lists", |d: &mut DocHandle| heading_lists(&d.0));
    engine.register_fn(
        "find_section",
        |d: &mut DocHandle, labels: Dynamic| -> Res<Dynamic> { find_section(&d.0, &labels, None) },
    );
    engine.register_fn(
        "find_section",
        |d: &mut DocHandle, labels: Dynamic, level: INT| -> Res<Dynamic> {
            find_section(&d.0, &labels, Some(level))
        },
    );
    // The 第X部分 before a section (for a part: the part before it).
    engine.register_get("part", |s: &mut SectionHandle| -> Dynamic {
        (0..s.idx)
            .rev()
            .find(|&i| is_part(&s.doc, i))
            .map_or(Dynamic::UNIT, |i| section(&s.doc, i))
    });

    engine.register_type_with_name::<SpanSet>("SpanSet");
    engine.register_fn("span_set", SpanSet::default);
    engine.register_fn("add", |set: &mut SpanSet, v: Dynamic| set.add(&v));
    engine.register_fn("len", |set: &mut SpanSet| set.0.len() as INT);
    // Whether the start of `v` lies inside one of the spans.
    engine.register_fn("covers", |set: &mut SpanSet, v: Dynamic| -> Res<bool> {
        let at = span_of(&v)?;
        Ok(set
            .0
            .iter()
            .any(|s| at.start >= s.start && at.start < s.end))
    });
    // Whether `v` shares at least one byte with one of the spans.
    engine.register_fn("overlaps", |set: &mut SpanSet, v: Dynamic| -> Res<bool> {
        let at = span_of(&v)?;
        Ok(set.0.iter().any(|s| at.start < s.end && at.end > s.start))
    });
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use rhai::{Dynamic, Scope};

    use crate::engine::api::DocHandle;
    use crate::engine::build_engine;

    fn eval(text: &str, script: &str) -> Dynamic {
        let engine = build_engine();
        let doc = Arc::new(crate::parse("t.txt", text.to_string()));
        let mut scope = Scope::new();
        scope.push("doc", DocHandle(doc));
        engine
            .eval_with_scope::<Dynamic>(&mut scope, script)
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    const REPORT: &str = "某局2023年部门整体支出绩效自评报告\n第一部分 部门概况\n一、基本情况\n正文。\n二、职能\n（一）主要职能\n正文。\n（三）内设机构\n正文。\n第二部分 决算情况\n一、收入\n正文。\n";

    #[test]
    fn heading_lists_restart_in_every_part() {
        let lists = eval(
            REPORT,
            r#"doc.heading_lists().map(|l| l.map(|s| s.title).reduce(|a, m| if a == () { m } else { a + " " + m }))"#,
        );
        let lists: Vec<String> = lists
            .into_array()
            .unwrap()
            .into_iter()
            .map(|d| d.into_string().unwrap())
            .collect();
        assert_eq!(
            lists,
            [
                "部门概况 决算情况",
                "基本情况 职能",
                "主要职能 内设机构",
                "收入"
            ]
        );
    }

    #[test]
    fn top_level_find_section_and_part() {
        assert_eq!(eval(REPORT, "doc.top_level").as_int().unwrap(), 1);
        assert_eq!(eval("标题\n正文\n", "doc.top_level").type_name(), "()");
        let t = eval(REPORT, r#"doc.find_section(["收入", "支出"], 1).title"#);
        assert_eq!(t.into_string().unwrap(), "收入");
        assert!(eval(REPORT, r#"doc.find_section("收入", 2)"#).is_unit());
        let p = eval(REPORT, r#"doc.find_section("收入").part.title"#);
        assert_eq!(p.into_string().unwrap(), "决算情况");
    }

    #[test]
    fn span_sets_cover_and_overlap() {
        let r = eval(
            "甲乙丙丁戊己庚辛\n",
            r#"let s = span_set(); s.add(doc.find("乙丙")); let m = doc.find("甲乙")[0];
               [s.len(), s.covers(m), s.overlaps(m), s.covers(doc.find("乙")[0])]"#,
        );
        let v: Vec<String> = r
            .into_array()
            .unwrap()
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(v, ["1", "false", "true", "true"]);
    }

    #[test]
    fn remove_chars_drops_only_the_given_characters() {
        let r = eval("x\n", r#"remove_chars("无。 —/", "。 ")"#);
        assert_eq!(r.into_string().unwrap(), "无—/");
    }
}
