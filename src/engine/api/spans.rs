//! Spans, matches and `doc.find`, and their registration.

use super::*;

pub(super) fn span_of(v: &Dynamic) -> Res<Span> {
    // Read in place: a clone per attempt costs an allocation each.
    if let Some(s) = v.read_lock::<SpanHandle>() {
        return Ok(s.span);
    }
    if let Some(f) = v.read_lock::<FactHandle>() {
        return Ok(f.fact().span);
    }
    if let Some(m) = v.read_lock::<MatchHandle>() {
        return Ok(m.span);
    }
    if let Some(s) = v.read_lock::<SectionHandle>() {
        return Ok(s.doc.sections[s.idx].heading);
    }
    err(format!(
        "需要位置（span、事实、章节或匹配），得到 {}",
        v.type_name()
    ))
}

pub(super) fn find_in(doc: &Arc<Document>, range: Span, pattern: &str) -> Res<Array> {
    let text = doc.text.get(range.start..range.end).unwrap_or("");
    let mut out = Array::new();
    let mk = |s: usize, e: usize, groups: Array| {
        Dynamic::from(MatchHandle {
            doc: doc.clone(),
            span: Span::new(range.start + s, range.start + e),
            groups,
        })
    };
    if let Some(re) = regex_body(pattern) {
        let lazy = cached_regex(re).or_else(err)?;
        if !lazy.may_match(text) {
            return Ok(out);
        }
        let re = lazy.regex().or_else(err)?;
        for caps in re.captures_iter(text) {
            let Some(m) = caps.get(0) else { continue };
            if m.as_str().is_empty() {
                continue;
            }
            let groups: Array = caps
                .iter()
                .skip(1)
                .map(|g| g.map_or(Dynamic::UNIT, |g| g.as_str().into()))
                .collect();
            out.push(mk(m.start(), m.end(), groups));
            if out.len() >= 10_000 {
                break;
            }
        }
    } else if !pattern.is_empty() {
        for (i, m) in text.match_indices(pattern) {
            out.push(mk(i, i + m.len(), Array::new()));
            if out.len() >= 10_000 {
                break;
            }
        }
    }
    Ok(out)
}

pub(super) fn title_matches(title: &str, pattern: &str) -> bool {
    match Pattern::parse(pattern) {
        Ok(p) => p.matches(title),
        Err(_) => false,
    }
}

pub(super) fn register(engine: &mut Engine) {
    engine.register_get("start", |s: &mut SpanHandle| s.span.start as INT);
    engine.register_get("end", |s: &mut SpanHandle| s.span.end as INT);
    engine.register_get("line", |s: &mut SpanHandle| {
        s.doc.line_of(s.span.start) as INT
    });
    engine.register_get("text", |s: &mut SpanHandle| -> ImmutableString {
        s.doc.slice(s.span).into()
    });
    engine.register_fn("sub", |s: &mut SpanHandle, start: INT, len: INT| {
        SpanHandle {
            doc: s.doc.clone(),
            span: s
                .span
                .sub(&s.doc.text, start.max(0) as usize, len.max(0) as usize),
        }
    });
    engine.register_fn("to_string", |s: &mut SpanHandle| {
        s.doc.slice(s.span).to_string()
    });
    engine.register_get("text", |m: &mut MatchHandle| -> ImmutableString {
        m.doc.slice(m.span).into()
    });
    engine.register_get("span", |m: &mut MatchHandle| SpanHandle {
        doc: m.doc.clone(),
        span: m.span,
    });
    engine.register_get("line", |m: &mut MatchHandle| {
        m.doc.line_of(m.span.start) as INT
    });
    engine.register_get("groups", |m: &mut MatchHandle| m.groups.clone());
    engine.register_get("section", |m: &mut MatchHandle| -> Dynamic {
        m.doc.section_at(m.span.start).map_or(Dynamic::UNIT, |i| {
            Dynamic::from(SectionHandle {
                doc: m.doc.clone(),
                idx: i,
            })
        })
    });
    engine.register_fn("to_string", |m: &mut MatchHandle| {
        m.doc.slice(m.span).to_string()
    });
}
