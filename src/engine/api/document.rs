//! The document, its facts and its sections as scripts see them.

use super::*;

macro_rules! fact_queries {
    ($engine:ident, $all:literal, $one:literal, $kind:expr) => {
        $engine.register_fn($all, |d: &mut DocHandle| {
            handles(&d.0, select(&d.0, Some($kind), &[], None))
        });
        $engine.register_fn($all, |d: &mut DocHandle, labels: Dynamic| -> Res<Array> {
            let p = patterns(&labels)?;
            Ok(handles(&d.0, in_order(select(&d.0, Some($kind), &p, None))))
        });
        $engine.register_fn($one, |d: &mut DocHandle, labels: Dynamic| -> Res<Dynamic> {
            let p = patterns(&labels)?;
            Ok(first(&d.0, select(&d.0, Some($kind), &p, None)))
        });
        $engine.register_fn($all, |s: &mut SectionHandle| {
            let r = section_range(&s.doc, s.idx);
            handles(&s.doc, select(&s.doc, Some($kind), &[], Some(r)))
        });
        $engine.register_fn(
            $all,
            |s: &mut SectionHandle, labels: Dynamic| -> Res<Array> {
                let p = patterns(&labels)?;
                let r = section_range(&s.doc, s.idx);
                Ok(handles(
                    &s.doc,
                    in_order(select(&s.doc, Some($kind), &p, Some(r))),
                ))
            },
        );
        $engine.register_fn(
            $one,
            |s: &mut SectionHandle, labels: Dynamic| -> Res<Dynamic> {
                let p = patterns(&labels)?;
                let r = section_range(&s.doc, s.idx);
                Ok(first(&s.doc, select(&s.doc, Some($kind), &p, Some(r))))
            },
        );
    };
}

pub(super) fn register(engine: &mut Engine) {
    // Document.
    engine.register_get("title", |d: &mut DocHandle| -> ImmutableString {
        d.0.title.as_str().into()
    });
    engine.register_get("year", |d: &mut DocHandle| -> Dynamic {
        d.0.year.map_or(Dynamic::UNIT, |y| Dynamic::from(y as INT))
    });
    engine.register_get("path", |d: &mut DocHandle| -> ImmutableString {
        d.0.path.as_str().into()
    });
    engine.register_get("text", |d: &mut DocHandle| -> ImmutableString {
        d.0.text.as_str().into()
    });
    engine.register_get("profile", |d: &mut DocHandle| -> Dynamic {
        d.0.profile.as_deref().map_or(Dynamic::UNIT, |p| p.into())
    });
    engine.register_get("title_span", |d: &mut DocHandle| SpanHandle {
        doc: d.0.clone(),
        span: d.0.title_span,
    });
    engine.register_get("hard_wrapped", |d: &mut DocHandle| d.0.hard_wrapped);
    engine.register_get("is_form", |d: &mut DocHandle| d.0.is_form);
    engine.register_fn("facts", |d: &mut DocHandle| {
        handles(&d.0, select(&d.0, None, &[], None))
    });
    fact_queries!(engine, "amounts", "amount", FactKind::Amount);
    fact_queries!(engine, "percents", "percent", FactKind::Percent);
    fact_queries!(engine, "counts", "count", FactKind::Count);
    fact_queries!(engine, "scores", "score", FactKind::Score);
    fact_queries!(engine, "changes", "change", FactKind::Change);
    fact_queries!(engine, "years", "year_fact", FactKind::Year);
    engine.register_fn(
        "amount_after",
        |d: &mut DocHandle, f: FactHandle, labels: Dynamic| -> Res<Dynamic> {
            let p = patterns(&labels)?;
            let anchor = d.0.facts[f.idx].span;
            let para = paragraph_of(&d.0, f.idx);
            let range = Span::new(anchor.end, para.end.max(anchor.end));
            let idx = in_order(select(&d.0, Some(FactKind::Amount), &p, Some(range)));
            Ok(fact_or_unit(&d.0, idx.first().copied()))
        },
    );
    engine.register_fn(
        "amount_before",
        |d: &mut DocHandle, f: FactHandle, labels: Dynamic| -> Res<Dynamic> {
            let p = patterns(&labels)?;
            let anchor = d.0.facts[f.idx].span;
            let para = paragraph_of(&d.0, f.idx);
            let range = Span::new(para.start.min(anchor.start), anchor.start);
            let idx = in_order(select(&d.0, Some(FactKind::Amount), &p, Some(range)));
            Ok(fact_or_unit(&d.0, idx.last().copied()))
        },
    );
    engine.register_fn(
        "fact_after",
        |d: &mut DocHandle, f: FactHandle, kind: &str, labels: Dynamic| -> Res<Dynamic> {
            neighbour(&d.0, f.idx, kind, &labels, true)
        },
    );
    engine.register_fn(
        "fact_before",
        |d: &mut DocHandle, f: FactHandle, kind: &str, labels: Dynamic| -> Res<Dynamic> {
            neighbour(&d.0, f.idx, kind, &labels, false)
        },
    );
    engine.register_fn("list_after", |d: &mut DocHandle, f: FactHandle| -> Map {
        list_after(&d.0, f.idx)
    });
    engine.register_fn(
        "intro_after",
        |d: &mut DocHandle, f: FactHandle| -> Dynamic {
            intro_after(&d.0, f.idx).map_or(Dynamic::UNIT, |w| w.into())
        },
    );
    engine.register_fn(
        "enumeration_after",
        |d: &mut DocHandle, f: FactHandle| -> Dynamic { enumeration_after(&d.0, f.idx) },
    );
    engine.register_fn(
        "change_context",
        |d: &mut DocHandle, f: FactHandle| -> Map { change_context(&d.0, f.idx) },
    );
    engine.register_fn(
        "score_items",
        |d: &mut DocHandle, first_level: Dynamic| -> Res<Map> {
            let p = patterns(&first_level)?;
            Ok(score_items(&d.0, &p))
        },
    );
    engine.register_fn(
        "whole_named",
        |d: &mut DocHandle, f: FactHandle| -> Dynamic { fh(&d.0, whole_named(&d.0, f.idx)) },
    );
    engine.register_fn(
        "amount_named_before",
        |d: &mut DocHandle, f: FactHandle, name: &str| -> Dynamic {
            fh(&d.0, amount_named_before(&d.0, f.idx, name))
        },
    );
    engine.register_fn(
        "whole_by_sum",
        |d: &mut DocHandle, f: FactHandle| -> Dynamic { fh(&d.0, whole_by_sum(&d.0, f.idx)) },
    );
    engine.register_fn(
        "last_before",
        |d: &mut DocHandle, f: FactHandle, kind: &str, labels: Dynamic| -> Res<Dynamic> {
            let k = kind_of(kind)?;
            let p = patterns(&labels)?;
            Ok(fh(&d.0, last_before(&d.0, f.idx, k, &p)))
        },
    );
    engine.register_get("line_text", |f: &mut FactHandle| -> ImmutableString {
        let sp = f.fact().span;
        let t = &f.doc.text;
        let s = t[..sp.start].rfind('\n').map_or(0, |k| k + 1);
        let e = t[sp.end..].find('\n').map_or(t.len(), |k| sp.end + k);
        t[s..e].into()
    });
    engine.register_fn(
        "totals_with_list",
        |d: &mut DocHandle, kind: &str| -> Res<Array> {
            // Figures followed by 其中/分别为/包括/：, in text order.
            let k = kind_of(kind)?;
            let idx: Vec<usize> = (0..d.0.facts.len())
                .filter(|&i| {
                    let f = &d.0.facts[i];
                    k.is_none_or(|k| f.kind == k) && !f.approx && intro_after(&d.0, i).is_some()
                })
                .collect();
            Ok(handles(&d.0, idx))
        },
    );
    engine.register_fn("amounts_with_share", |d: &mut DocHandle| -> Array {
        let idx: Vec<usize> = (0..d.0.facts.len())
            .filter(|&i| d.0.facts[i].kind == FactKind::Amount && d.0.facts[i].share.is_some())
            .collect();
        handles(&d.0, idx)
    });
    engine.register_fn(
        "rate_check",
        |previous: Dynamic, delta: Dynamic, rate: Dynamic| -> Res<Dynamic> {
            rate_check_api(previous, delta, rate, false)
        },
    );
    engine.register_fn(
        "rate_check_current",
        |current: Dynamic, delta: Dynamic, rate: Dynamic| -> Res<Dynamic> {
            rate_check_api(current, delta, rate, true)
        },
    );
    engine.register_fn(
        "text_after",
        |d: &mut DocHandle, f: FactHandle, n: INT| -> ImmutableString {
            let fact = &d.0.facts[f.idx];
            let para = paragraph_range(&d.0, fact);
            let rest =
                d.0.text
                    .get(fact.span.end..para.end.max(fact.span.end))
                    .unwrap_or("");
            rest.chars()
                .filter(|c| *c != '\n')
                .take(n.max(0) as usize)
                .collect::<String>()
                .into()
        },
    );
    engine.register_fn(
        "text_before",
        |d: &mut DocHandle, f: FactHandle, n: INT| -> ImmutableString {
            let fact = &d.0.facts[f.idx];
            let para = paragraph_range(&d.0, fact);
            let pre =
                d.0.text
                    .get(para.start.min(fact.span.start)..fact.span.start)
                    .unwrap_or("");
            let v: Vec<char> = pre.chars().filter(|c| *c != '\n').collect();
            let k = v.len().saturating_sub(n.max(0) as usize);
            v[k..].iter().collect::<String>().into()
        },
    );
    engine.register_fn(
        "text_between",
        |d: &mut DocHandle, a: Dynamic, b: Dynamic| -> Res<ImmutableString> {
            let (sa, sb) = (span_of(&a)?, span_of(&b)?);
            let (s, e) = if sa.end <= sb.start {
                (sa.end, sb.start)
            } else {
                (sb.end, sa.start.max(sb.end))
            };
            Ok(d.0.text.get(s..e).unwrap_or("").into())
        },
    );
    engine.register_fn("same_paragraph", |a: FactHandle, b: FactHandle| {
        a.fact().paragraph == b.fact().paragraph
    });
    engine.register_fn("sections", |d: &mut DocHandle| -> Array {
        (0..d.0.sections.len())
            .map(|i| {
                Dynamic::from(SectionHandle {
                    doc: d.0.clone(),
                    idx: i,
                })
            })
            .collect()
    });
    engine.register_fn("section", |d: &mut DocHandle, pattern: &str| -> Dynamic {
        d.0.sections
            .iter()
            .position(|s| title_matches(&s.title, pattern))
            .map_or(Dynamic::UNIT, |i| {
                Dynamic::from(SectionHandle {
                    doc: d.0.clone(),
                    idx: i,
                })
            })
    });
    engine.register_fn(
        "text_around",
        |d: &mut DocHandle, at: Dynamic, n: INT| -> Res<ImmutableString> {
            // Up to n characters either side, within the sentence.
            let sp = span_of(&at)?;
            let n = n.max(0) as usize;
            let stop = |c: char| matches!(c, '。' | '；' | ';' | '\n' | '！' | '？');
            let before: Vec<char> = d.0.text[..sp.start]
                .chars()
                .rev()
                .take_while(|c| !stop(*c))
                .take(n)
                .collect();
            let after: String = d.0.text[sp.end..]
                .chars()
                .take_while(|c| !stop(*c))
                .take(n)
                .collect();
            let mut out: String = before.into_iter().rev().collect();
            out.push_str(d.0.slice(sp));
            out.push_str(&after);
            Ok(out.into())
        },
    );
    engine.register_fn("find", |d: &mut DocHandle, pattern: &str| -> Res<Array> {
        let all = Span::new(0, d.0.text.len());
        find_in(&d.0, all, pattern)
    });
    engine.register_fn("line_of", |d: &mut DocHandle, s: SpanHandle| {
        d.0.line_of(s.span.start) as INT
    });

    // Facts.
    engine.register_get("kind", |f: &mut FactHandle| -> ImmutableString {
        f.fact().kind_str().into()
    });
    engine.register_get("label", |f: &mut FactHandle| -> ImmutableString {
        f.fact().label.as_str().into()
    });
    engine.register_get("value", |f: &mut FactHandle| f.fact().value);
    engine.register_get("decimals", |f: &mut FactHandle| f.fact().decimals as INT);
    engine.register_get("unit", |f: &mut FactHandle| -> ImmutableString {
        f.fact().unit.as_str().into()
    });
    engine.register_get("yuan", |f: &mut FactHandle| -> Dynamic {
        f.fact().yuan.map_or(Dynamic::UNIT, Dynamic::from_decimal)
    });
    engine.register_get("text", |f: &mut FactHandle| -> ImmutableString {
        f.fact().text.as_str().into()
    });
    engine.register_get("span", |f: &mut FactHandle| SpanHandle {
        doc: f.doc.clone(),
        span: f.fact().span,
    });
    engine.register_get("label_span", |f: &mut FactHandle| -> Dynamic {
        f.fact().label_span.map_or(Dynamic::UNIT, |s| {
            Dynamic::from(SpanHandle {
                doc: f.doc.clone(),
                span: s,
            })
        })
    });
    engine.register_get("line", |f: &mut FactHandle| f.fact().line as INT);
    engine.register_get("approx", |f: &mut FactHandle| f.fact().approx);
    engine.register_get("fullwidth", |f: &mut FactHandle| f.fact().fullwidth);
    engine.register_get("mixed_width", |f: &mut FactHandle| f.fact().mixed_width);
    engine.register_get("share", |f: &mut FactHandle| {
        fact_or_unit(&f.doc, f.fact().share)
    });
    engine.register_get("whole", |f: &mut FactHandle| {
        text_or_unit(f.fact().whole.as_deref())
    });
    engine.register_get("direction", |f: &mut FactHandle| f.fact().direction as INT);
    engine.register_get("direction_word", |f: &mut FactHandle| -> ImmutableString {
        f.fact().direction_word.as_str().into()
    });
    engine.register_get("base_year", |f: &mut FactHandle| -> Dynamic {
        f.fact()
            .base_year
            .map_or(Dynamic::UNIT, |y| Dynamic::from(y as INT))
    });
    engine.register_get("base", |f: &mut FactHandle| -> ImmutableString {
        f.fact().base.as_str().into()
    });
    engine.register_get("subject", |f: &mut FactHandle| {
        fact_or_unit(&f.doc, f.fact().subject)
    });
    engine.register_get("column", |f: &mut FactHandle| {
        text_or_unit(f.fact().column.as_deref())
    });
    engine.register_get("section", |f: &mut FactHandle| -> Dynamic {
        f.fact().section.map_or(Dynamic::UNIT, |i| {
            Dynamic::from(SectionHandle {
                doc: f.doc.clone(),
                idx: i,
            })
        })
    });
    engine.register_get("sentence", |f: &mut FactHandle| -> ImmutableString {
        f.doc.slice(f.fact().sentence).into()
    });
    engine.register_get("sentence_span", |f: &mut FactHandle| SpanHandle {
        doc: f.doc.clone(),
        span: f.fact().sentence,
    });
    engine.register_get("paragraph", |f: &mut FactHandle| f.fact().paragraph as INT);
    engine.register_get("index", |f: &mut FactHandle| f.idx as INT);
    engine.register_fn("==", |a: FactHandle, b: FactHandle| {
        Arc::ptr_eq(&a.doc, &b.doc) && a.idx == b.idx
    });
    engine.register_fn("!=", |a: FactHandle, b: FactHandle| {
        !(Arc::ptr_eq(&a.doc, &b.doc) && a.idx == b.idx)
    });
    engine.register_fn("to_string", |f: &mut FactHandle| f.fact().text.clone());
    engine.register_fn("to_debug", |f: &mut FactHandle| {
        let x = f.fact();
        format!(
            "Fact({} {:?} {}{} line {})",
            x.kind_str(),
            x.label,
            x.value,
            x.unit,
            x.line
        )
    });

    // Sections.
    engine.register_get("title", |s: &mut SectionHandle| -> ImmutableString {
        s.doc.sections[s.idx].title.as_str().into()
    });
    engine.register_get("level", |s: &mut SectionHandle| {
        s.doc.sections[s.idx].level as INT
    });
    engine.register_get("number", |s: &mut SectionHandle| {
        s.doc.sections[s.idx].number as INT
    });
    engine.register_get("marker", |s: &mut SectionHandle| -> ImmutableString {
        s.doc.sections[s.idx].marker.as_str().into()
    });
    engine.register_get("style", |s: &mut SectionHandle| -> ImmutableString {
        s.doc.sections[s.idx].style.as_str().into()
    });
    engine.register_get("line", |s: &mut SectionHandle| {
        s.doc.sections[s.idx].line as INT
    });
    engine.register_get("index", |s: &mut SectionHandle| s.idx as INT);
    engine.register_get("span", |s: &mut SectionHandle| SpanHandle {
        doc: s.doc.clone(),
        span: s.doc.sections[s.idx].heading,
    });
    engine.register_get("marker_span", |s: &mut SectionHandle| SpanHandle {
        doc: s.doc.clone(),
        span: s.doc.sections[s.idx].marker_span,
    });
    engine.register_get("title_span", |s: &mut SectionHandle| SpanHandle {
        doc: s.doc.clone(),
        span: s.doc.sections[s.idx].title_span,
    });
    engine.register_get("body", |s: &mut SectionHandle| SpanHandle {
        doc: s.doc.clone(),
        span: s.doc.sections[s.idx].body,
    });
    engine.register_get("text", |s: &mut SectionHandle| -> ImmutableString {
        s.doc.slice(s.doc.sections[s.idx].body).into()
    });
    engine.register_get("parent", |s: &mut SectionHandle| -> Dynamic {
        s.doc.sections[s.idx].parent.map_or(Dynamic::UNIT, |p| {
            Dynamic::from(SectionHandle {
                doc: s.doc.clone(),
                idx: p,
            })
        })
    });
    engine.register_fn("children", |s: &mut SectionHandle| -> Array {
        s.doc.sections[s.idx]
            .children
            .iter()
            .map(|&i| {
                Dynamic::from(SectionHandle {
                    doc: s.doc.clone(),
                    idx: i,
                })
            })
            .collect()
    });
    engine.register_fn(
        "find",
        |s: &mut SectionHandle, pattern: &str| -> Res<Array> {
            find_in(&s.doc, s.doc.sections[s.idx].body, pattern)
        },
    );
    engine.register_fn("==", |a: SectionHandle, b: SectionHandle| a.idx == b.idx);
    engine.register_fn("!=", |a: SectionHandle, b: SectionHandle| a.idx != b.idx);
    engine.register_fn("to_string", |s: &mut SectionHandle| {
        let x = &s.doc.sections[s.idx];
        format!("{}{}", x.marker, x.title)
    });
}
