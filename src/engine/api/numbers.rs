//! Numbers in scripts: figures from facts, the rounding checks, decimal
//! formatting and guarded maths, and their registration.

use super::*;

/// Reads a number argument: a fact (value, decimals, unit factor), a
/// Decimal (its scale is its precision) or an integer (exact).
pub(super) fn figure(v: &Dynamic) -> Res<(Figure, Decimal, String)> {
    if let Some(f) = v.clone().try_cast::<FactHandle>() {
        let fact = f.fact();
        let (fig, factor) = crate::reading::figure::of(fact).ok_or("单位换算溢出")?;
        return Ok((fig, factor, fact.unit.clone()));
    }
    if let Some(d) = v.clone().try_cast::<Decimal>() {
        return Ok((Figure::stated(d, d.scale()), Decimal::ONE, String::new()));
    }
    if let Some(i) = v.clone().try_cast::<INT>() {
        return Ok((Figure::exact(Decimal::from(i)), Decimal::ONE, String::new()));
    }
    err(format!("需要数字或数字事实，得到 {}", v.type_name()))
}

/// `d` rounded to `dp` decimals (0–12) and written with exactly that many.
/// Not `format!("{:.N}")`: rust_decimal writes that through a fixed buffer
/// that a long number overflows (a panic).
pub fn fmt_dp(d: Decimal, dp: INT) -> String {
    let dp = dp.clamp(0, 12) as u32;
    let r = d.round_dp(dp);
    let mut s = r.to_string();
    if r.scale() < dp {
        if r.scale() == 0 {
            s.push('.');
        }
        s.extend(std::iter::repeat_n('0', (dp - r.scale()) as usize));
    }
    if dp == 0 {
        if let Some(i) = s.find('.') {
            s.truncate(i);
        }
    }
    s
}

/// Runs a rust_decimal computation that may panic (its trigonometry
/// divides without checking) and turns a panic or an overflow into a
/// script error naming the function.
pub(super) fn guarded(name: &str, x: Decimal, f: fn(Decimal) -> Option<Decimal>) -> Res<Decimal> {
    match crate::isolation::catch_quiet(|| f(x)) {
        Ok(Some(v)) => Ok(v),
        _ => err(format!("{name}({x}) 无法计算（溢出或超出定义域）")),
    }
}

/// Rhai's Decimal maths as rules see it, replacing the built-in functions
/// of the same names (registered functions are found before packages): the
/// built-in sin/cos/tan call rust_decimal's unchecked versions, which panic
/// near their poles.
pub(super) fn register_maths(engine: &mut Engine) {
    use rust_decimal::MathematicalOps;
    engine.register_fn("sin", |x: Decimal| guarded("sin", x, |x| x.checked_sin()));
    engine.register_fn("cos", |x: Decimal| guarded("cos", x, |x| x.checked_cos()));
    engine.register_fn("tan", |x: Decimal| guarded("tan", x, |x| x.checked_tan()));
    engine.register_fn("sqrt", |x: Decimal| guarded("sqrt", x, |x| x.sqrt()));
    engine.register_fn("exp", |x: Decimal| guarded("exp", x, |x| x.checked_exp()));
    engine.register_fn("ln", |x: Decimal| guarded("ln", x, |x| x.checked_ln()));
    engine.register_fn("log", |x: Decimal| guarded("log", x, |x| x.checked_log10()));
}

pub(super) use crate::reading::figure::unit_factor;

/// Expresses `f` (in a unit of `factor`) in the unit of `target`.
pub(super) fn rescale(f: Figure, factor: Decimal, target: Decimal) -> Res<Figure> {
    if factor == target {
        return Ok(f);
    }
    let ratio = factor.checked_div(target).ok_or("单位换算溢出")?;
    f.scaled(ratio).map_or_else(|| err("单位换算溢出"), Ok)
}

pub(super) fn check_map(c: rounding::Check, stated: Decimal, unit: &str) -> Map {
    let mut m = Map::new();
    m.insert("ok".into(), c.ok.into());
    m.insert(
        "expected".into(),
        Dynamic::from_decimal(c.expected.normalize()),
    );
    m.insert("diff".into(), Dynamic::from_decimal(c.diff.normalize()));
    m.insert("tolerance".into(), Dynamic::from_decimal(c.tolerance));
    m.insert("low".into(), Dynamic::from_decimal(c.low.normalize()));
    m.insert("high".into(), Dynamic::from_decimal(c.high.normalize()));
    m.insert("stated".into(), Dynamic::from_decimal(stated));
    m.insert("unit".into(), unit.into());
    m
}

pub(super) fn sum_check(parts: Array, total: Dynamic) -> Res<Map> {
    let (t, tf, unit) = figure(&total)?;
    let mut figs = Vec::with_capacity(parts.len());
    for p in &parts {
        let (f, pf, _) = figure(p)?;
        figs.push(rescale(f, pf, tf)?);
    }
    match rounding::sum_check(&figs, t) {
        Some(c) => Ok(check_map(c, t.value, &unit)),
        None => err("求和溢出"),
    }
}

pub(super) fn share_check(part: Dynamic, whole: Dynamic, pct: Dynamic) -> Res<Dynamic> {
    let (p, pf, _) = figure(&part)?;
    let (w, wf, _) = figure(&whole)?;
    let (r, _, _) = figure(&pct)?;
    let p = rescale(p, pf, wf)?;
    Ok(match rounding::share_check(p, w, r) {
        Some(c) => Dynamic::from_map(check_map(c, r.value, "%")),
        None => Dynamic::UNIT,
    })
}

/// `change` (signed by its direction word) = `current` − `previous`.
pub(super) fn change_check(current: Dynamic, previous: Dynamic, change: Dynamic) -> Res<Map> {
    let (c, cf, unit) = figure(&current)?;
    let (p, pf, _) = figure(&previous)?;
    let (mut d, df, _) = figure(&change)?;
    if let Some(h) = change.clone().try_cast::<FactHandle>() {
        if h.fact().direction < 0 {
            d.value = -d.value;
        }
    }
    let p = rescale(p, pf, cf)?;
    let d = rescale(d, df, cf)?;
    // current = previous + change  ⇔  sum_check([previous, change], current)
    let check = rounding::sum_check(&[p, d], c).ok_or("求和溢出")?;
    // Report it as: the change should be current − previous.
    let expected = c.value.checked_sub(p.value).ok_or("求差溢出")?;
    let c2 = rounding::Check {
        expected,
        diff: d.value.checked_sub(expected).ok_or("求差溢出")?,
        ..check
    };
    Ok(check_map(c2, d.value, &unit))
}

/// Whether `label` matches one of `labels` (a string or an array of
/// strings: `=词` exact, `/re/` regex, otherwise contained), without
/// building patterns: rules call this in loops.
pub(super) fn label_matches(label: &str, labels: &Dynamic) -> Res<bool> {
    let one = |p: &str| -> Res<bool> {
        if let Some(x) = p.strip_prefix('=') {
            return Ok(label == x);
        }
        if let Some(re) = regex_body(p) {
            return cached_regex(re)
                .and_then(|r| r.is_match(label))
                .or_else(err);
        }
        Ok(label.contains(p))
    };
    if let Some(s) = labels.read_lock::<ImmutableString>() {
        return one(s.as_str());
    }
    let Some(arr) = labels.read_lock::<Array>() else {
        return err("标签列表应为字符串或字符串数组");
    };
    for v in arr.iter() {
        match v.read_lock::<ImmutableString>() {
            Some(s) => {
                if one(s.as_str())? {
                    return Ok(true);
                }
            }
            None => return err("标签列表只能包含字符串"),
        }
    }
    Ok(false)
}

pub(super) fn register(engine: &mut Engine) {
    engine.register_fn("dec", |s: &str| -> Res<Decimal> {
        s.trim()
            .parse::<Decimal>()
            .or_else(|_| err(format!("“{s}”不是数字")))
    });
    engine.register_fn("dec", |i: INT| Decimal::from(i));
    engine.register_fn("dec", |d: Decimal| d);
    engine.register_fn("sum_check", sum_check);
    engine.register_fn("share_check", share_check);
    engine.register_fn("change_check", change_check);
    engine.register_fn("half_unit", |f: FactHandle| {
        crate::facts::number::half_unit(f.fact().decimals)
    });
    register_maths(engine);
    engine.register_fn("fmt", |d: Decimal| d.normalize().to_string());
    engine.register_fn("fmt", |d: Decimal, dp: INT| fmt_dp(d, dp));
    engine.register_fn("join", |items: Array, sep: &str| -> String {
        items
            .iter()
            .map(|v| match v.clone().try_cast::<FactHandle>() {
                Some(f) => f.fact().value.to_string(),
                None => match v.clone().try_cast::<Decimal>() {
                    Some(d) => d.normalize().to_string(),
                    None => v.to_string(),
                },
            })
            .collect::<Vec<_>>()
            .join(sep)
    });
    engine.register_fn("label_matches", |label: &str, labels: Dynamic| {
        label_matches(label, &labels)
    });
    engine.register_fn("regex_match", |text: &str, pattern: &str| -> Res<bool> {
        cached_regex(pattern)
            .and_then(|r| r.is_match(text))
            .or_else(err)
    });
}
