//! The arithmetic the scoring rules need, over any exact number type: the
//! evaluator's [`Exact`] rationals and the compiled scorer's faster fractions.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::base::exact::{ArithError, Exact, RoundMode};
use crate::check::model::Arith;

/// Why a computation stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Halt {
    /// Division by zero or overflow: the same in every number type.
    Arith(ArithError),
    /// The value no longer fits this number type; a wider one may hold it.
    Widen,
}

impl From<ArithError> for Halt {
    fn from(e: ArithError) -> Halt {
        Halt::Arith(e)
    }
}

/// A result of the rules' arithmetic.
pub(crate) type Step<T> = Result<T, Halt>;

/// Exact arithmetic, as the scoring rules need it. Every implementation is
/// exact, so every one gives the same scores.
pub(crate) trait Number: Copy + std::fmt::Debug {
    /// Zero.
    const ZERO: Self;
    /// One.
    const ONE: Self;
    /// The value of an [`Exact`] (`Widen` if it does not fit).
    fn from_exact(value: Exact) -> Step<Self>;
    /// The value of a `Decimal` (`Widen` if it does not fit).
    fn from_decimal(value: Decimal) -> Step<Self>;
    /// `self + o`.
    fn add(self, o: Self) -> Step<Self>;
    /// `self − o`.
    fn sub(self, o: Self) -> Step<Self>;
    /// `self × o`.
    fn mul(self, o: Self) -> Step<Self>;
    /// `self ÷ o`.
    fn div(self, o: Self) -> Step<Self>;
    /// `−self`.
    fn neg(self) -> Step<Self>;
    /// `*x = *x op y`, in place.
    #[inline(always)]
    fn apply(x: &mut Self, op: Arith, y: Self) -> Step<()> {
        *x = match op {
            Arith::Add => x.add(y),
            Arith::Sub => x.sub(y),
            Arith::Mul => x.mul(y),
            Arith::Div => x.div(y),
        }?;
        Ok(())
    }
    /// Exact comparison.
    fn compare(&self, o: &Self) -> Ordering;
    /// The greatest integer ≤ self.
    fn floor(self) -> Step<Self>;
    /// The least integer ≥ self.
    fn ceil(self) -> Step<Self>;
    /// The value as an [`Exact`].
    fn to_exact(self) -> Exact;
    /// Rounded to `places` decimal places with `mode`, as a `Decimal` of that scale.
    fn round_dp(self, places: u32, mode: RoundMode) -> Step<Decimal>;

    /// Whether the value is 0.
    #[inline]
    fn is_zero(&self) -> bool {
        self.compare(&Self::ZERO).is_eq()
    }
    /// `|self|`.
    #[inline]
    fn abs(self) -> Step<Self> {
        if self.compare(&Self::ZERO).is_lt() {
            self.neg()
        } else {
            Ok(self)
        }
    }
    /// The smaller of the two.
    #[inline]
    fn min(self, o: Self) -> Self {
        if o.compare(&self).is_lt() {
            o
        } else {
            self
        }
    }
    /// The larger of the two.
    #[inline]
    fn max(self, o: Self) -> Self {
        if o.compare(&self).is_gt() {
            o
        } else {
            self
        }
    }
}

impl Number for Exact {
    const ZERO: Exact = Exact::ZERO;
    const ONE: Exact = Exact::ONE;
    fn from_exact(value: Exact) -> Step<Exact> {
        Ok(value)
    }
    fn from_decimal(value: Decimal) -> Step<Exact> {
        Ok(Exact::from_decimal(value))
    }
    fn add(self, o: Exact) -> Step<Exact> {
        Ok(Exact::add(self, o)?)
    }
    fn sub(self, o: Exact) -> Step<Exact> {
        Ok(Exact::sub(self, o)?)
    }
    fn mul(self, o: Exact) -> Step<Exact> {
        Ok(Exact::mul(self, o)?)
    }
    fn div(self, o: Exact) -> Step<Exact> {
        Ok(Exact::div(self, o)?)
    }
    fn neg(self) -> Step<Exact> {
        Ok(Exact::neg(self)?)
    }
    fn compare(&self, o: &Exact) -> Ordering {
        self.cmp(o)
    }
    fn floor(self) -> Step<Exact> {
        Ok(Exact::floor(self))
    }
    fn ceil(self) -> Step<Exact> {
        Ok(Exact::ceil(self))
    }
    fn to_exact(self) -> Exact {
        self
    }
    fn round_dp(self, places: u32, mode: RoundMode) -> Step<Decimal> {
        Ok(Exact::round_dp(self, places, mode)?)
    }
}
