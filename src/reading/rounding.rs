//! The rounding rule of DOMAIN.md, encoded once.
//!
//! A figure written with d decimals stands for the interval ± 0.5·10^-d
//! around it. An identity holds when the intervals overlap: the difference
//! between the stated total and the sum of its parts is at most the sum of
//! the half-units of every figure involved. A share is consistent when the
//! interval of the stated percentage meets the interval of part ÷ whole
//! computed from the amounts' own intervals.

use rust_decimal::Decimal;

use crate::facts::number::half_unit;

/// A stated figure in a common unit, with its rounding half-width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    pub value: Decimal,
    pub half: Decimal,
}

impl Figure {
    /// A figure written with `decimals` decimals.
    pub fn stated(value: Decimal, decimals: u32) -> Self {
        Figure {
            value,
            half: half_unit(decimals),
        }
    }

    /// An exact figure (no rounding).
    pub fn exact(value: Decimal) -> Self {
        Figure {
            value,
            half: Decimal::ZERO,
        }
    }

    /// The same figure expressed in a unit `ratio` times smaller
    /// (e.g. 万元 → 元 with ratio 10000).
    pub fn scaled(self, ratio: Decimal) -> Option<Self> {
        Some(Figure {
            value: self.value.checked_mul(ratio)?,
            half: self.half.checked_mul(ratio)?,
        })
    }
}

/// The outcome of a check, as rules see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub ok: bool,
    /// The value the stated figure should have.
    pub expected: Decimal,
    /// stated − expected.
    pub diff: Decimal,
    /// The largest |diff| the stated precision allows.
    pub tolerance: Decimal,
    /// For shares: the interval the computed value can take.
    pub low: Decimal,
    pub high: Decimal,
}

/// `total` = Σ `parts`, within the half-units of all figures.
pub fn sum_check(parts: &[Figure], total: Figure) -> Option<Check> {
    let mut sum = Decimal::ZERO;
    let mut tol = total.half;
    for p in parts {
        sum = sum.checked_add(p.value)?;
        tol = tol.checked_add(p.half)?;
    }
    let diff = total.value.checked_sub(sum)?;
    let part_half = tol - total.half;
    Some(Check {
        ok: diff.abs() <= tol,
        expected: sum,
        diff,
        tolerance: tol.normalize(),
        low: sum.checked_sub(part_half)?,
        high: sum.checked_add(part_half)?,
    })
}

/// `pct` % = `part` ÷ `whole` × 100, comparing intervals.
/// `None` when the whole is zero (or could be, within its rounding).
pub fn share_check(part: Figure, whole: Figure, pct: Figure) -> Option<Check> {
    let hundred = Decimal::ONE_HUNDRED;
    let whole_low = whole.value.checked_sub(whole.half)?;
    if whole_low <= Decimal::ZERO || whole.value.is_zero() {
        return None;
    }
    let computed = part.value.checked_div(whole.value)?.checked_mul(hundred)?;
    let low = part
        .value
        .checked_sub(part.half)?
        .max(Decimal::ZERO)
        .checked_div(whole.value.checked_add(whole.half)?)?
        .checked_mul(hundred)?;
    let high = part
        .value
        .checked_add(part.half)?
        .checked_div(whole_low)?
        .checked_mul(hundred)?;
    let ok = pct.value.checked_add(pct.half)? >= low && pct.value.checked_sub(pct.half)? <= high;
    let spread = high.checked_sub(computed)?.max(computed.checked_sub(low)?);
    let diff = pct.value.checked_sub(computed)?;
    let tolerance = spread.checked_add(pct.half)?;
    Some(Check {
        ok,
        expected: computed.round_dp(2).normalize(),
        diff: diff.round_dp(2),
        tolerance: tolerance.round_dp(4).normalize(),
        low: low.round_dp(4),
        high: high.round_dp(4),
    })
}

/// A year-on-year rate: `rate` % = `delta` ÷ `previous` × 100, where the
/// previous value is either stated or derived as current − delta (then its
/// half-width is the sum of both). Intervals as in [`share_check`].
pub fn rate_check(previous: Figure, delta: Figure, rate: Figure) -> Option<Check> {
    share_check(
        Figure {
            value: delta.value.abs(),
            half: delta.half,
        },
        previous,
        Figure {
            value: rate.value.abs(),
            half: rate.half,
        },
    )
}

/// previous = current − delta, carrying both half-widths.
pub fn previous_of(current: Figure, delta: Figure) -> Option<Figure> {
    Some(Figure {
        value: current.value.checked_sub(delta.value)?,
        half: current.half.checked_add(delta.half)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> Figure {
        let v: Decimal = s.parse().unwrap();
        Figure::stated(v, v.scale())
    }

    #[test]
    fn seed_income_total_holds_within_stated_precision() {
        let c = sum_check(&[f("622"), f("119.21")], f("741.2")).unwrap();
        assert!(c.ok);
        assert_eq!(c.expected.to_string(), "741.21");
        assert_eq!(c.tolerance.to_string(), "0.555");
    }

    #[test]
    fn a_total_off_by_ten_fails() {
        let c = sum_check(&[f("622"), f("119.21")], f("751.2")).unwrap();
        assert!(!c.ok);
        assert_eq!(c.diff.to_string(), "9.99");
    }

    #[test]
    fn difference_exactly_at_tolerance_passes_and_just_past_fails() {
        // 434.16 + 0 + 0.55 = 434.71; tolerance 4 × 0.005 = 0.02.
        let parts = [f("434.16"), f("0.00"), f("0.55")];
        assert!(sum_check(&parts, f("434.73")).unwrap().ok);
        assert!(!sum_check(&parts, f("434.74")).unwrap().ok);
    }

    #[test]
    fn share_of_seed_basic_expense_is_consistent() {
        let c = share_check(f("678.71"), f("736.91"), f("92.1")).unwrap();
        assert!(c.ok, "{c:?}");
        assert_eq!(c.expected.to_string(), "92.1");
    }

    #[test]
    fn share_off_by_one_point_fails() {
        let c = share_check(f("678.71"), f("736.91"), f("93.1")).unwrap();
        assert!(!c.ok);
    }

    #[test]
    fn whole_percent_has_half_a_point_of_slack() {
        // 55.45 / 796.65 = 6.96 %, stated 7 %.
        assert!(share_check(f("55.45"), f("796.65"), f("7")).unwrap().ok);
        assert!(!share_check(f("55.45"), f("796.65"), f("8")).unwrap().ok);
    }

    #[test]
    fn zero_whole_gives_no_verdict() {
        assert!(share_check(f("1"), f("0"), f("10")).is_none());
    }

    #[test]
    fn seed_yoy_rate_uses_previous_derived_from_current() {
        // 与2019年相比减少55.45万元、减少7%: previous = 741.2 + 55.45.
        let prev = previous_of(f("741.2"), f("-55.45")).unwrap();
        assert_eq!(prev.value.to_string(), "796.65");
        assert!(rate_check(prev, f("-55.45"), f("7")).unwrap().ok);
        assert!(!rate_check(prev, f("-55.45"), f("8")).unwrap().ok);
    }
}
