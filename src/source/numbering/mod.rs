//! Word automatic numbering: the `一、` / `（一）` / `1.` a reader sees but
//! that is not in the text of a paragraph.
//!
//! `numbering.xml` holds abstract lists (`w:abstractNum`, nine levels each
//! with a start value, a number format and a level text such as `%1、`) and
//! list instances (`w:num`) that point at one and may restart levels
//! (`w:lvlOverride/w:startOverride`). A paragraph joins a list directly
//! (`w:pPr/w:numPr`) or through its paragraph style. Counters belong to the
//! abstract list, so two instances of one list continue each other unless
//! an instance restarts a level; using a level resets the levels below it.

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

const LEVELS: usize = 9;

/// The last path component of a (possibly prefixed) XML name.
pub(crate) fn local(name: &str) -> &[u8] {
    let name = name.as_bytes();
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// The value of attribute `key` (matched by local name), unescaped.
pub(crate) fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (local(a.key.as_ref()) == key)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<i64>,
    fmt: Option<String>,
    text: Option<String>,
    p_style: Option<String>,
    restart: Option<i64>,
    is_lgl: bool,
}

impl Level {
    fn start(&self) -> i64 {
        self.start.unwrap_or(0)
    }
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: Vec<Level>,
    num_style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    /// Per level: a restart value and/or a replacement level definition.
    overrides: Vec<(usize, Option<i64>, Option<Level>)>,
}

/// Numbering properties a paragraph style carries.
#[derive(Debug, Clone, Default)]
struct Style {
    num_id: Option<String>,
    ilvl: Option<usize>,
    based_on: Option<String>,
}

/// The lists of one document, with the paragraph styles that use them.
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    abstracts: HashMap<String, Abstract>,
    nums: HashMap<String, Num>,
    styles: HashMap<String, Style>,
    default_style: Option<String>,
}

/// Counters while walking a document in order.
#[derive(Debug, Default)]
pub struct Counters {
    values: HashMap<String, [Option<i64>; LEVELS]>,
    started: HashSet<String>,
}

/// Parse errors are reported by the caller with the part's name.
pub type XmlError = String;

fn xml_error(e: impl std::fmt::Display, pos: u64) -> XmlError {
    format!("第 {pos} 字节附近：{e}")
}

fn int(s: Option<String>) -> Option<i64> {
    s.and_then(|v| v.trim().parse().ok())
}

fn on(e: &BytesStart) -> bool {
    !matches!(attr(e, b"val").as_deref(), Some("0" | "false" | "off"))
}

impl Numbering {
    /// Reads `numbering.xml` and `styles.xml` (either may be absent).
    pub fn parse(numbering: Option<&str>, styles: Option<&str>) -> Result<Numbering, XmlError> {
        let mut n = Numbering::default();
        if let Some(xml) = numbering {
            n.parse_numbering(xml)?;
        }
        if let Some(xml) = styles {
            n.parse_styles(xml)?;
        }
        Ok(n)
    }

    fn parse_numbering(&mut self, xml: &str) -> Result<(), XmlError> {
        let mut r = Reader::from_str(xml);
        let mut stack: Vec<Vec<u8>> = Vec::new();
        let mut cur_abs: Option<(String, Abstract)> = None;
        let mut cur_num: Option<(String, Num)> = None;
        let mut cur_lvl: Option<(usize, Level)> = None;
        let mut override_lvl: Option<usize> = None;
        loop {
            let ev = r
                .read_event()
                .map_err(|e| xml_error(e, r.error_position()))?;
            let (e, empty) = match &ev {
                Event::Start(e) => (Some(e.clone()), false),
                Event::Empty(e) => (Some(e.clone()), true),
                Event::End(_) => {
                    let name = stack.pop().unwrap_or_default();
                    match name.as_slice() {
                        b"lvl" => {
                            if let Some((i, l)) = cur_lvl.take() {
                                if let Some(ov) = override_lvl {
                                    if let Some((_, num)) = cur_num.as_mut() {
                                        num.overrides.push((ov, None, Some(l)));
                                    }
                                } else if let Some((_, a)) = cur_abs.as_mut() {
                                    if i < LEVELS {
                                        a.levels[i] = l;
                                    }
                                }
                            }
                        }
                        b"abstractNum" => {
                            if let Some((id, a)) = cur_abs.take() {
                                self.abstracts.insert(id, a);
                            }
                        }
                        b"num" => {
                            if let Some((id, n)) = cur_num.take() {
                                self.nums.insert(id, n);
                            }
                        }
                        b"lvlOverride" => override_lvl = None,
                        _ => {}
                    }
                    continue;
                }
                Event::Eof => break,
                _ => (None, false),
            };
            let Some(e) = e else { continue };
            let name = local(e.name().as_ref()).to_vec();
            match name.as_slice() {
                b"abstractNum" => {
                    cur_abs = Some((
                        attr(&e, b"abstractNumId").unwrap_or_default(),
                        Abstract {
                            levels: vec![Level::default(); LEVELS],
                            num_style_link: None,
                        },
                    ));
                }
                b"num" if cur_abs.is_none() => {
                    cur_num = Some((attr(&e, b"numId").unwrap_or_default(), Num::default()));
                }
                b"abstractNumId" => {
                    if let Some((_, n)) = cur_num.as_mut() {
                        n.abstract_id = attr(&e, b"val").unwrap_or_default();
                    }
                }
                b"numStyleLink" => {
                    if let Some((_, a)) = cur_abs.as_mut() {
                        a.num_style_link = attr(&e, b"val");
                    }
                }
                b"lvlOverride" => {
                    override_lvl = int(attr(&e, b"ilvl")).map(|v| v.clamp(0, 8) as usize);
                }
                b"startOverride" => {
                    if let (Some(ov), Some((_, n))) = (override_lvl, cur_num.as_mut()) {
                        n.overrides.push((ov, int(attr(&e, b"val")), None));
                    }
                }
                b"lvl" => {
                    let i = int(attr(&e, b"ilvl")).unwrap_or(0).clamp(0, 8) as usize;
                    cur_lvl = Some((i, Level::default()));
                }
                other => {
                    if let Some((_, l)) = cur_lvl.as_mut() {
                        match other {
                            b"start" => l.start = int(attr(&e, b"val")),
                            b"numFmt" => l.fmt = attr(&e, b"val"),
                            b"lvlText" => l.text = attr(&e, b"val"),
                            b"pStyle" => l.p_style = attr(&e, b"val"),
                            b"lvlRestart" => l.restart = int(attr(&e, b"val")),
                            b"isLgl" => l.is_lgl = on(&e),
                            _ => {}
                        }
                    }
                }
            }
            if !empty {
                stack.push(name);
            }
        }
        Ok(())
    }

    fn parse_styles(&mut self, xml: &str) -> Result<(), XmlError> {
        let mut r = Reader::from_str(xml);
        let mut cur: Option<(String, Style)> = None;
        let mut change_depth = 0usize;
        loop {
            let ev = r
                .read_event()
                .map_err(|e| xml_error(e, r.error_position()))?;
            let (e, empty) = match ev {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(e) => {
                    let n = local(e.name().as_ref()).to_vec();
                    if n == b"pPrChange" {
                        change_depth = change_depth.saturating_sub(1);
                    } else if n == b"style" {
                        if let Some((id, s)) = cur.take() {
                            self.styles.insert(id, s);
                        }
                    }
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            let name = local(e.name().as_ref()).to_vec();
            if name == b"pPrChange" && !empty {
                change_depth += 1;
                continue;
            }
            if change_depth > 0 {
                continue;
            }
            match name.as_slice() {
                b"style" => {
                    let id = attr(&e, b"styleId").unwrap_or_default();
                    let kind = attr(&e, b"type").unwrap_or_else(|| "paragraph".into());
                    if kind == "paragraph"
                        && matches!(attr(&e, b"default").as_deref(), Some("1" | "true" | "on"))
                    {
                        self.default_style = Some(id.clone());
                    }
                    if !empty {
                        cur = Some((id, Style::default()));
                    }
                }
                b"basedOn" => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.based_on = attr(&e, b"val");
                    }
                }
                b"numId" => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.num_id = attr(&e, b"val");
                    }
                }
                b"ilvl" => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.ilvl = int(attr(&e, b"val")).map(|v| v.clamp(0, 8) as usize);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The list (numId, level) a paragraph belongs to: its own `w:numPr`
    /// first, else its style's (following `w:basedOn`).
    pub fn resolve(
        &self,
        p_style: Option<&str>,
        num_id: Option<&str>,
        ilvl: Option<usize>,
    ) -> Option<(String, usize)> {
        if let Some(id) = num_id {
            if id == "0" {
                return None;
            }
            let lvl = ilvl
                .or_else(|| self.style_num(p_style).and_then(|(_, l)| l))
                .unwrap_or(0);
            return Some((id.to_string(), lvl));
        }
        let style = p_style
            .map(str::to_string)
            .or_else(|| self.default_style.clone());
        let (id, lvl) = self.style_num(style.as_deref())?;
        if id == "0" {
            return None;
        }
        let lvl = lvl.or_else(|| {
            let abs = self.abstract_of(&id)?;
            let s = style.as_deref()?;
            abs.levels
                .iter()
                .position(|l| l.p_style.as_deref() == Some(s))
        });
        Some((id, lvl.unwrap_or(0)))
    }

    fn style_num(&self, style: Option<&str>) -> Option<(String, Option<usize>)> {
        let mut cur = style?.to_string();
        for _ in 0..16 {
            let s = self.styles.get(&cur)?;
            if let Some(id) = &s.num_id {
                let ilvl = s.ilvl.or_else(|| {
                    // An ilvl may sit on a base style while the numId is here.
                    let mut b = s.based_on.clone();
                    for _ in 0..16 {
                        let bs = self.styles.get(b.as_deref()?)?;
                        if bs.ilvl.is_some() {
                            return bs.ilvl;
                        }
                        b = bs.based_on.clone();
                    }
                    None
                });
                return Some((id.clone(), ilvl));
            }
            cur = s.based_on.clone()?;
        }
        None
    }

    /// The abstract list behind a list instance, following `numStyleLink`.
    fn abstract_id_of(&self, num_id: &str) -> Option<String> {
        let mut id = self.nums.get(num_id)?.abstract_id.clone();
        for _ in 0..8 {
            let a = self.abstracts.get(&id)?;
            let Some(link) = &a.num_style_link else {
                return Some(id);
            };
            let (num, _) = self.style_num(Some(link))?;
            id = self.nums.get(&num)?.abstract_id.clone();
        }
        None
    }

    fn abstract_of(&self, num_id: &str) -> Option<&Abstract> {
        self.abstracts.get(&self.abstract_id_of(num_id)?)
    }

    fn level(&self, num_id: &str, ilvl: usize) -> Option<Level> {
        let num = self.nums.get(num_id)?;
        let base = self.abstract_of(num_id)?.levels.get(ilvl)?.clone();
        let mut level = base;
        for (i, start, lvl) in &num.overrides {
            if *i == ilvl {
                if let Some(l) = lvl {
                    level = l.clone();
                }
                if start.is_some() {
                    level.start = *start;
                }
            }
        }
        Some(level)
    }

    /// Counts a numbered paragraph and returns the marker a reader sees,
    /// e.g. `（三）`. `None` for bullets, unknown lists and empty markers.
    pub fn next_marker(
        &self,
        counters: &mut Counters,
        num_id: &str,
        ilvl: usize,
    ) -> Option<String> {
        let ilvl = ilvl.min(LEVELS - 1);
        let abs_id = self.abstract_id_of(num_id)?;
        let levels: Vec<Level> = (0..LEVELS)
            .map(|i| self.level(num_id, i).unwrap_or_default())
            .collect();
        let values = counters.values.entry(abs_id).or_insert([None; LEVELS]);
        let mut restarted = [false; LEVELS];
        if counters.started.insert(num_id.to_string()) {
            if let Some(num) = self.nums.get(num_id) {
                for (i, start, _) in &num.overrides {
                    if let (Some(s), true) = (start, *i < LEVELS) {
                        values[*i] = Some(s.saturating_sub(1));
                        restarted[*i] = true;
                    }
                }
            }
        }
        let this = &levels[ilvl];
        values[ilvl] = Some(values[ilvl].map_or(this.start(), |v| v.saturating_add(1)));
        for (k, l) in levels.iter().enumerate().skip(ilvl + 1) {
            if restarted[k] {
                continue;
            }
            // lvlRestart: 0 = never; n = restart when a level above n is used.
            let resets = match l.restart {
                Some(0) => false,
                Some(n) => (ilvl as i64) < n,
                None => true,
            };
            if resets {
                values[k] = None;
            }
        }
        let fmt = this.fmt.as_deref().unwrap_or("decimal");
        if fmt == "bullet" {
            return None;
        }
        let template = this.text.clone()?;
        let mut out = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let k = (d as usize).saturating_sub(1).min(LEVELS - 1);
                    let v = values[k].unwrap_or_else(|| levels[k].start());
                    let f = if this.is_lgl {
                        "decimal"
                    } else {
                        levels[k].fmt.as_deref().unwrap_or("decimal")
                    };
                    out.push_str(&format_number(v, f));
                    continue;
                }
            }
            out.push(c);
        }
        (!out.is_empty()).then_some(out)
    }
}

mod format;
pub use format::format_number;

#[cfg(test)]
mod tests;
