//! The scoring semantics, written once: the built-in functions, the decoding
//! of `round`'s places, keeping an item within [0, weight] and rounding it
//! once, the 缺省项 policy, and ([`totals`]) section caps, the bonus and
//! deduction caps, the rescaled total, the floor and the grade band.
//!
//! Both scorers call these: the evaluator that explains ([`crate::eval::walk`],
//! on [`Exact`](crate::base::exact::Exact)) and the compiled scorer
//! ([`crate::eval::compile`], on its faster fractions). They compute each value
//! their own way; what a value means is decided here, generically over
//! [`Number`].

mod number;
pub(crate) mod totals;

pub(crate) use number::{Halt, Number, Step};

use rust_decimal::Decimal;

use crate::base::exact::RoundMode;
use crate::check::model::Func;
use crate::lower::ast::{Policy, Rounding};

/// A built-in function applied to its arguments (as many as the checker
/// allowed: `min`/`max` take one or more, `clamp` three, `round` one or two).
pub(crate) fn call<N: Number>(func: Func, args: &[N]) -> Step<N> {
    let arg = |i: usize| args.get(i).copied();
    let first = arg(0).unwrap_or(N::ZERO);
    Ok(match func {
        Func::Min => args.iter().skip(1).fold(first, |best, v| best.min(*v)),
        Func::Max => args.iter().skip(1).fold(first, |best, v| best.max(*v)),
        Func::Clamp => {
            let (low, high) = (arg(1).unwrap_or(first), arg(2).unwrap_or(first));
            first.max(low).min(high)
        }
        Func::Abs => first.abs()?,
        Func::Ceil => first.ceil()?,
        Func::Floor => first.floor()?,
        Func::Round => {
            let places = arg(1).map_or(0, round_places);
            N::from_exact(first.to_exact().round_exact(places, RoundMode::HalfUp)?)?
        }
    })
}

/// The places of `round(x, places)`: a whole number ≥ 0 as given; anything
/// else (negative, fractional, huge) rounds to a whole number, 0 places.
pub(crate) fn round_places<N: Number>(places: N) -> u32 {
    let places = places.to_exact();
    if places.is_integer() {
        u32::try_from(places.numer()).unwrap_or(0)
    } else {
        0
    }
}

/// An item's value kept within [0, weight] (扣完为止, 最多…分).
#[inline]
pub(crate) fn kept<N: Number>(raw: N, weight: N) -> N {
    raw.max(N::ZERO).min(weight)
}

/// An item's score: its rule's exact value kept within [0, weight], rounded
/// once as the rubric says.
#[inline]
pub(crate) fn item_score<N: Number>(raw: N, weight: N, rounding: Rounding) -> Step<Decimal> {
    kept(raw, weight).round_dp(rounding.places, rounding.mode)
}

/// What a 缺省项 of `weight` scores under `policy`: full marks, zero, or
/// nothing (left out, the total rescaled).
#[inline]
pub(crate) fn not_applicable_score(policy: Policy, weight: Decimal) -> Option<Decimal> {
    match policy {
        Policy::FullMarks => Some(weight),
        Policy::Zero => Some(Decimal::ZERO),
        Policy::Rescale => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{call, item_score, round_places};
    use crate::base::exact::{Exact, RoundMode};
    use crate::check::model::Func;
    use crate::lower::ast::Rounding;

    fn x(text: &str) -> Exact {
        Exact::from_decimal(text.parse().expect("a decimal"))
    }

    #[test]
    fn the_built_in_functions() {
        assert_eq!(call(Func::Min, &[x("4"), x("2.5"), x("3")]), Ok(x("2.5")));
        assert_eq!(call(Func::Max, &[x("-1")]), Ok(x("-1")));
        assert_eq!(call(Func::Clamp, &[x("7"), x("0"), x("5")]), Ok(x("5")));
        assert_eq!(call(Func::Abs, &[x("-0.5")]), Ok(x("0.5")));
        assert_eq!(call(Func::Ceil, &[x("1.01")]), Ok(x("2")));
        assert_eq!(call(Func::Floor, &[x("-1.5")]), Ok(x("-2")));
        assert_eq!(call(Func::Round, &[x("2.675"), x("2")]), Ok(x("2.68")));
        assert_eq!(call(Func::Round, &[x("-2.5")]), Ok(x("-3")));
    }

    #[test]
    fn round_places_are_whole_and_not_negative() {
        assert_eq!(round_places(x("2")), 2);
        assert_eq!(round_places(x("-1")), 0);
        assert_eq!(round_places(x("1.5")), 0);
        assert_eq!(round_places(x("100000000000")), 0);
    }

    #[test]
    fn an_item_is_kept_within_its_weight_then_rounded_once() {
        let two_places = Rounding { places: 2, mode: RoundMode::HalfUp };
        assert_eq!(item_score(x("5.005"), x("4"), two_places), Ok("4.00".parse().expect("a decimal")));
        assert_eq!(item_score(x("-1"), x("4"), two_places), Ok("0.00".parse().expect("a decimal")));
        let third = Exact::new(1, 3).expect("a fraction");
        assert_eq!(item_score(third, x("4"), two_places), Ok("0.33".parse().expect("a decimal")));
    }
}
