//! The two number types the compiled scorer runs on.
//!
//! [`Small`] is a fraction of two `i64`, not kept reduced: sums, products and
//! comparisons are single widening multiplies, with no gcd and no 128-bit
//! division on the common path. When a result no longer fits, the operation
//! says [`Halt::Widen`] and the record is scored again with [`Exact`] (`i128`,
//! always reduced). Both are exact, so both give the same scores; `Small` is
//! just faster where it suffices.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::Fallback;
use crate::base::exact::{gcd, round_up, ArithError, Exact, RoundMode};
use crate::check::model::Arith;
use crate::eval::rules::{Halt, Number, Step as HaltStep};

/// Why a compiled evaluation stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    /// The full evaluator must score the record.
    Fallback(Fallback),
    /// A value outgrew [`Small`]; score the record again with [`Exact`].
    Widen,
}

impl From<Fallback> for Stop {
    fn from(fallback: Fallback) -> Stop {
        Stop::Fallback(fallback)
    }
}

impl From<Halt> for Stop {
    fn from(halt: Halt) -> Stop {
        match halt {
            // The evaluator reports a division by zero or an overflow, located.
            Halt::Arith(_) => Stop::Fallback(Fallback::Arithmetic),
            Halt::Widen => Stop::Widen,
        }
    }
}

/// A result of the compiled scorer.
pub(super) type Step<T> = Result<T, Stop>;

/// `num / den` with `den > 0`, in `i64`, not necessarily reduced.
#[derive(Debug, Clone, Copy)]
pub(super) struct Small {
    num: i64,
    den: i64,
}

/// Powers of ten that fit an `i64`, for rounding at up to 18 places.
const POW10: [u64; 19] = {
    let mut table = [1u64; 19];
    let mut i = 1;
    while i < 19 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

impl Small {
    /// The numerator and denominator of `self op o`, unreduced, in `i128`
    /// (each product of two `i64` fits, and so does a sum of two products).
    #[inline(always)]
    fn parts(self, op: Arith, o: Small) -> HaltStep<(i128, i128)> {
        let (a, b, c, d) = (i128::from(self.num), i128::from(self.den), i128::from(o.num), i128::from(o.den));
        Ok(match op {
            Arith::Add if b == d => (a + c, b),
            Arith::Sub if b == d => (a - c, b),
            Arith::Add => (a * d + c * b, b * d),
            Arith::Sub => (a * d - c * b, b * d),
            Arith::Mul => (a * c, b * d),
            Arith::Div if c == 0 => return Err(Halt::Arith(ArithError::DivisionByZero)),
            // Each product is at most 2^126 in size, so negating it cannot overflow.
            Arith::Div if c < 0 => (-(a * d), -(b * c)),
            Arith::Div => (a * d, b * c),
        })
    }

    /// `num / den` (`den > 0`) if it fits, reducing only when it would not.
    #[inline(always)]
    fn fit(num: i128, den: i128) -> HaltStep<Small> {
        if let (Ok(num), Ok(den)) = (i64::try_from(num), i64::try_from(den)) {
            return Ok(Small { num, den });
        }
        Small::reduced(num, den)
    }

    /// The slow side of [`Small::fit`]: divide out the gcd, then try again.
    #[cold]
    #[inline]
    fn reduced(num: i128, den: i128) -> HaltStep<Small> {
        let g = gcd(num.unsigned_abs(), den.unsigned_abs());
        let g = i128::try_from(g).map_err(|_| Halt::Widen)?;
        if g == 0 {
            return Err(Halt::Widen);
        }
        match (i64::try_from(num / g), i64::try_from(den / g)) {
            (Ok(num), Ok(den)) => Ok(Small { num, den }),
            _ => Err(Halt::Widen),
        }
    }
}

impl Number for Small {
    const ZERO: Small = Small { num: 0, den: 1 };
    const ONE: Small = Small { num: 1, den: 1 };

    #[inline(always)]
    fn from_exact(value: Exact) -> HaltStep<Small> {
        match (i64::try_from(value.numer()), i64::try_from(value.denom())) {
            (Ok(num), Ok(den)) => Ok(Small { num, den }),
            _ => Err(Halt::Widen),
        }
    }

    #[inline(always)]
    fn from_decimal(value: Decimal) -> HaltStep<Small> {
        match (i64::try_from(value.mantissa()), POW10.get(value.scale() as usize)) {
            (Ok(num), Some(&den)) => Ok(Small { num, den: den as i64 }),
            _ => Err(Halt::Widen),
        }
    }

    #[inline(always)]
    fn add(self, o: Small) -> HaltStep<Small> {
        let (num, den) = self.parts(Arith::Add, o)?;
        Small::fit(num, den)
    }

    #[inline(always)]
    fn sub(self, o: Small) -> HaltStep<Small> {
        let (num, den) = self.parts(Arith::Sub, o)?;
        Small::fit(num, den)
    }

    #[inline(always)]
    fn mul(self, o: Small) -> HaltStep<Small> {
        let (num, den) = self.parts(Arith::Mul, o)?;
        Small::fit(num, den)
    }

    #[inline(always)]
    fn div(self, o: Small) -> HaltStep<Small> {
        let (num, den) = self.parts(Arith::Div, o)?;
        Small::fit(num, den)
    }

    #[inline(always)]
    fn apply(x: &mut Small, op: Arith, y: Small) -> HaltStep<()> {
        let (num, den) = x.parts(op, y)?;
        // Written field by field: no temporary the next read would have to wait for.
        match (i64::try_from(num), i64::try_from(den)) {
            (Ok(num), Ok(den)) => {
                x.num = num;
                x.den = den;
            }
            _ => *x = Small::reduced(num, den)?,
        }
        Ok(())
    }

    #[inline(always)]
    fn neg(self) -> HaltStep<Small> {
        match self.num.checked_neg() {
            Some(num) => Ok(Small { num, den: self.den }),
            None => Err(Halt::Widen),
        }
    }

    #[inline(always)]
    fn compare(&self, o: &Small) -> Ordering {
        if self.den == o.den {
            return self.num.cmp(&o.num);
        }
        (i128::from(self.num) * i128::from(o.den)).cmp(&(i128::from(o.num) * i128::from(self.den)))
    }

    #[inline(always)]
    fn floor(self) -> HaltStep<Small> {
        // den > 0: Euclidean division is floor division and cannot overflow.
        Ok(Small { num: self.num.div_euclid(self.den), den: 1 })
    }

    #[inline(always)]
    fn ceil(self) -> HaltStep<Small> {
        let floor = self.num.div_euclid(self.den);
        let up = i64::from(self.num.rem_euclid(self.den) != 0);
        // A remainder means den >= 2, so |floor| <= |num| / 2 + 1 and adding 1 fits.
        Ok(Small { num: floor.checked_add(up).ok_or(Halt::Widen)?, den: 1 })
    }

    fn to_exact(self) -> Exact {
        // den > 0, so `new` cannot fail; the fallback is never taken.
        Exact::new(i128::from(self.num), i128::from(self.den)).unwrap_or(Exact::ZERO)
    }

    #[inline(always)]
    fn round_dp(self, places: u32, mode: RoundMode) -> HaltStep<Decimal> {
        let Some(&scale) = POW10.get(places as usize) else {
            return Ok(self.to_exact().round_dp(places, mode)?);
        };
        let magnitude = u128::from(self.num.unsigned_abs()) * u128::from(scale);
        let den = u128::from(self.den.unsigned_abs());
        let (quotient, rem) = match (u64::try_from(magnitude), u64::try_from(den)) {
            (Ok(m), Ok(d)) => (u128::from(m / d), u128::from(m % d)),
            _ => (magnitude / den, magnitude % den),
        };
        let rounded = quotient + u128::from(round_up(mode, quotient, rem, den));
        let rounded = i128::try_from(rounded).map_err(|_| Halt::Widen)?;
        let signed = if self.num < 0 { -rounded } else { rounded };
        Decimal::try_from_i128_with_scale(signed, places).map_err(|_| Halt::Arith(ArithError::Overflow))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn exact(n: i128, d: i128) -> Exact {
        Exact::new(n, d).unwrap()
    }

    fn both(n: i64, d: i64) -> (Small, Exact) {
        let e = exact(i128::from(n), i128::from(d));
        (Small { num: n, den: d }, e)
    }

    fn same(small: HaltStep<Small>, exact: HaltStep<Exact>) -> bool {
        match (small, exact) {
            (Ok(s), Ok(e)) => s.to_exact() == e,
            (Err(Halt::Widen), _) => true, // the caller retries with Exact
            (Err(a), Err(b)) => a == b,
            _ => false,
        }
    }

    #[test]
    fn outgrowing_i64_widens_and_reduces_first() {
        let big = Small { num: i64::MAX, den: 1 };
        assert_eq!(big.add(Small::ONE).unwrap_err(), Halt::Widen);
        assert_eq!(Small { num: i64::MIN, den: 1 }.neg().unwrap_err(), Halt::Widen);
        // (2^62 / 3) × (3 / 2^62) reduces to 1 instead of widening.
        let (a, b) = (Small { num: 1 << 62, den: 3 }, Small { num: 3, den: 1 << 62 });
        assert_eq!(a.mul(b).unwrap().to_exact(), Exact::ONE);
        assert_eq!(Small::ONE.div(Small::ZERO).unwrap_err(), Halt::Arith(ArithError::DivisionByZero));
        let rounded = Small { num: 1, den: 3 }.round_dp(28, RoundMode::HalfUp);
        assert_eq!(rounded.unwrap(), "0.3333333333333333333333333333".parse::<Decimal>().unwrap());
    }

    fn wide() -> impl Strategy<Value = (i64, i64)> {
        prop_oneof![(-10_000i64..10_000, 1i64..10_000), (any::<i64>(), 1i64..=i64::MAX), (any::<i64>(), Just(1i64)),]
    }

    proptest! {
        #[test]
        fn small_agrees_with_exact((an, ad) in wide(), (bn, bd) in wide(), places in 0u32..30) {
            let ((a, x), (b, y)) = (both(an, ad), both(bn, bd));
            prop_assert!(same(a.add(b), Number::add(x, y)));
            prop_assert!(same(a.sub(b), Number::sub(x, y)));
            prop_assert!(same(a.mul(b), Number::mul(x, y)));
            prop_assert!(same(a.div(b), Number::div(x, y)));
            prop_assert!(same(a.neg(), Number::neg(x)));
            prop_assert!(same(a.floor(), Number::floor(x)));
            prop_assert!(same(a.ceil(), Number::ceil(x)));
            prop_assert_eq!(a.compare(&b), x.cmp(&y));
            for mode in [RoundMode::HalfUp, RoundMode::HalfEven, RoundMode::Down, RoundMode::Up] {
                let (s, e) = (a.round_dp(places, mode), Number::round_dp(x, places, mode));
                match (s, e) {
                    (Ok(s), Ok(e)) => prop_assert_eq!(s, e),
                    (Err(Halt::Widen), _) | (Err(_), Err(_)) => {}
                    (s, e) => prop_assert!(false, "{s:?} vs {e:?}"),
                }
            }
        }
    }
}
