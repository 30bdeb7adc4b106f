//! A stated figure as the rounding rule sees it: its value in a common unit
//! (元 for money) and the half-unit of its last written digit.

use rust_decimal::Decimal;

use super::rounding::Figure;
pub use crate::facts::unit::money;
use crate::facts::{Fact, FactKind};

/// The factor from a money unit to 元 (1 for anything else).
pub fn unit_factor(unit: &str) -> Decimal {
    Decimal::from(money(unit).map_or(1, |(_, f)| f))
}

/// Whether a unit is money.
pub fn is_money(unit: &str) -> bool {
    money(unit).is_some()
}

/// The figure of a fact in its own unit, and the factor of that unit to 元.
/// Counts and whole scores are exact, and so is a bare zero (公务接待费0万元
/// means none, not "under 5000 元").
/// `None` only when the factor cannot be computed (an overflow).
pub fn of(fact: &Fact) -> Option<(Figure, Decimal)> {
    let factor = match (fact.yuan, fact.value.is_zero()) {
        (Some(y), false) => y.checked_div(fact.value)?,
        _ => unit_factor(&fact.unit),
    };
    let exact_count = matches!(fact.kind, FactKind::Count | FactKind::Score)
        && fact.decimals == 0
        && !fact.approx;
    let bare_zero = fact.value.is_zero() && fact.decimals == 0 && !fact.approx;
    let fig = if exact_count || bare_zero {
        Figure::exact(fact.value)
    } else {
        Figure::stated(fact.value, fact.decimals)
    };
    Some((fig, factor))
}

/// The figure of a money fact in 元, optionally as if written in `unit`
/// instead of its own (for a unit slip: 252.5元 read as 252.5万元).
pub fn in_yuan(fact: &Fact, unit: Option<&str>) -> Option<Figure> {
    let (fig, factor) = of(fact)?;
    let factor = unit.map_or(factor, unit_factor);
    fig.scaled(factor)
}

/// The figure of a percentage (or a rate of change) as written, unsigned.
pub fn percent(fact: &Fact) -> Figure {
    let mut fig = of(fact).map_or(Figure::stated(fact.value, fact.decimals), |(f, _)| f);
    fig.value = fig.value.abs();
    fig
}

/// Whether a percentage that misses its computed interval misses it by at
/// most one unit of its last written digit, that unit being at most 0.1
/// percentage point (6.00% stated, 6.0100% computed): a slip worth a warning,
/// not a definite error. 99% for 99.985% (a whole point) is not minor.
pub fn minor_miss(stated: &Fact, low: Decimal, high: Decimal) -> bool {
    if stated.decimals == 0 {
        return false;
    }
    let unit = Decimal::new(1, stated.decimals);
    let half = unit / Decimal::TWO;
    let v = stated.value.abs();
    let gap = if v < low {
        low - v - half
    } else if v > high {
        v - high - half
    } else {
        Decimal::ZERO
    };
    unit <= Decimal::new(1, 1) && gap <= unit
}
