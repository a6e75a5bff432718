//! Exact rational arithmetic for rubric evaluation.
//!
//! A score such as `min(4, 4 × 目标 / 预算)` must equal the exact rational value
//! rounded once, at the end. `Decimal` division rounds at 28 digits, so an exact
//! 67.115 can come out as 67.1149999… and round to 67.11. During evaluation every
//! value is therefore an [`Exact`]: a reduced fraction `num / den` of two `i128`
//! with `den > 0`, so each value has exactly one representation (derived `Eq` and
//! `Hash` are value equality). `Decimal` is used only for values entering (data,
//! literals) and leaving (scores, via [`Exact::round_dp`]).
//!
//! Every operation is checked: overflow yields [`ArithError::Overflow`], never a
//! panic or a wrong answer. Sums and products cross-reduce by gcd first, so an
//! intermediate only overflows when the reduced operands are genuinely large.

use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::fmt;

/// An exact rational number: numerator / denominator, `i128`, always reduced,
/// denominator > 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Exact {
    num: i128,
    den: i128,
}

/// Why an exact operation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithError {
    /// A result (or an unavoidable intermediate) does not fit the representation.
    Overflow,
    /// Division by zero, or a zero denominator.
    DivisionByZero,
}

impl fmt::Display for ArithError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ArithError::Overflow => "arithmetic overflow",
            ArithError::DivisionByZero => "division by zero",
        })
    }
}

impl std::error::Error for ArithError {}

/// How to round to a number of decimal places. All modes are symmetric about zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RoundMode {
    /// Half away from zero (四舍五入): 2.675 → 2.68, −2.675 → −2.68.
    HalfUp,
    /// Half to even (banker's rounding): 2.675 → 2.68, 2.665 → 2.66.
    HalfEven,
    /// Toward zero (truncate): 2.679 → 2.67.
    Down,
    /// Away from zero: 2.671 → 2.68.
    Up,
}

/// Largest number of places for which `10^dp` fits a `u128`.
const MAX_POW10: u32 = 38;

use ArithError::{DivisionByZero, Overflow};

/// `Some(x)` → `Ok(x)`, `None` → `Err(Overflow)`.
fn ck<T>(x: Option<T>) -> Result<T, ArithError> {
    x.ok_or(Overflow)
}

/// The integer `num` as an `Exact`.
const fn int(num: i128) -> Exact {
    Exact { num, den: 1 }
}

/// Stein's binary gcd of two nonzero unsigned integers of one width (the
/// same steps for `u64` and `u128`); `a << shift` divides both inputs, so it fits.
macro_rules! nonzero_gcd {
    ($a:expr, $b:expr) => {{
        let (mut a, mut b) = ($a, $b);
        let shift = (a | b).trailing_zeros();
        a >>= a.trailing_zeros();
        loop {
            b >>= b.trailing_zeros();
            if a > b {
                std::mem::swap(&mut a, &mut b);
            }
            b -= a; // b >= a here
            if b == 0 {
                break a << shift;
            }
        }
    }};
}

/// Binary (Stein) gcd on `u128`; `gcd(0, x) == x`. Cannot overflow.
pub(crate) fn gcd(a: u128, b: u128) -> u128 {
    if a == 0 || b == 0 {
        return a | b;
    }
    if let (Ok(x), Ok(y)) = (u64::try_from(a), u64::try_from(b)) {
        return u128::from(gcd64(x, y)); // common case: 64-bit steps are much cheaper
    }
    nonzero_gcd!(a, b)
}

/// Binary gcd on nonzero `u64` (same algorithm as [`gcd`]).
fn gcd64(a: u64, b: u64) -> u64 {
    nonzero_gcd!(a, b)
}

/// Full 256-bit product `a * b` as `(high, low)` halves. Cannot overflow: each
/// partial product of 64-bit halves fits a `u128`, and the true product < 2^256.
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    const M: u128 = u64::MAX as u128;
    let (a1, a0, b1, b0) = (a >> 64, a & M, b >> 64, b & M);
    let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    let mid = (p00 >> 64) + (p01 & M) + (p10 & M); // < 3·2^64
    let lo = (p00 & M) | ((mid & M) << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

/// `(floor(r·p / d), r·p mod d)` for `r < d <= i128::MAX`, `d > 0`. The quotient
/// is `< p`, so it fits; a 256-bit long division handles a too-large product.
fn mul_div(r: u128, p: u128, d: u128) -> (u128, u128) {
    if let Some(x) = r.checked_mul(p) {
        return (x / d, x % d);
    }
    let (hi, lo) = mul_wide(r, p); // hi < d because r < d and p < 2^128
    let (mut rem, mut q) = (hi, 0u128);
    for i in (0..128).rev() {
        rem = (rem << 1) | ((lo >> i) & 1); // rem < d < 2^127 before the shift
        if rem >= d {
            rem -= d;
            q |= 1 << i;
        }
    }
    (q, rem)
}

/// If `den` (> 0) is `2^a·5^b`, the number of decimal places `max(a, b)`.
fn terminating_places(den: u128) -> Option<u32> {
    let a = den.trailing_zeros();
    let (mut rest, mut b) = (den >> a, 0u32);
    while rest % 5 == 0 {
        rest /= 5;
        b += 1;
    }
    (rest == 1).then_some(a.max(b))
}

/// Whether to add one unit to the truncated magnitude `q`, given the exact
/// remainder `rem` over the divisor `d` (`rem < d`).
pub(crate) fn round_up(mode: RoundMode, q: u128, rem: u128, d: u128) -> bool {
    if rem == 0 {
        return false;
    }
    let half = rem.cmp(&(d - rem)); // exact comparison of rem/d with 1/2
    match mode {
        RoundMode::Down => false,
        RoundMode::Up => true,
        RoundMode::HalfUp => half != Ordering::Less,
        RoundMode::HalfEven => half == Ordering::Greater || (half == Ordering::Equal && q & 1 == 1),
    }
}

// `add`, `sub`, `mul`, `div`, `neg` are checked (they return `Result`), so they
// deliberately do not implement the `std::ops` traits of the same names.
#[allow(clippy::should_implement_trait)]
impl Exact {
    /// Zero (`0/1`).
    pub const ZERO: Exact = Exact { num: 0, den: 1 };
    /// One (`1/1`).
    pub const ONE: Exact = Exact { num: 1, den: 1 };

    /// Builds a value from a sign and reduced magnitudes; fails if they do not fit.
    fn from_mag(neg: bool, n: u128, d: u128) -> Result<Exact, ArithError> {
        if n == 0 {
            return Ok(Exact::ZERO);
        }
        let den = i128::try_from(d).map_err(|_| Overflow)?;
        let num = if neg {
            0i128.checked_sub_unsigned(n).ok_or(Overflow)?
        } else {
            i128::try_from(n).map_err(|_| Overflow)?
        };
        Ok(Exact { num, den })
    }

    /// Reduces `num / den` for `den > 0`; infallible because `gcd <= den`.
    fn reduce_pos(num: i128, den: i128) -> Exact {
        if den == 1 || num == 0 {
            return Exact { num, den: if num == 0 { 1 } else { den } };
        }
        // 1 <= g <= den <= i128::MAX, so the cast is lossless and the divisions exact.
        let g = gcd(num.unsigned_abs(), den.unsigned_abs()) as i128;
        Exact { num: num / g, den: den / g }
    }

    /// The exact value of a `Decimal`: mantissa / 10^scale (always fits).
    pub fn from_decimal(d: Decimal) -> Exact {
        // |mantissa| < 2^96 and 10^scale <= 10^28, both far inside i128.
        Exact::reduce_pos(d.mantissa(), 10i128.pow(d.scale().min(28)))
    }

    /// The integer `i`.
    pub fn from_int(i: i64) -> Exact {
        int(i128::from(i))
    }

    /// `num / den`, reduced, sign moved to the numerator. `den == 0` is
    /// `DivisionByZero`; `Overflow` only if the reduced form does not fit.
    pub fn new(num: i128, den: i128) -> Result<Exact, ArithError> {
        if den == 0 {
            return Err(DivisionByZero);
        }
        let (n, d) = (num.unsigned_abs(), den.unsigned_abs());
        let g = gcd(n, d);
        Exact::from_mag((num < 0) != (den < 0), n / g, d / g)
    }

    /// The numerator (carries the sign).
    pub fn numer(&self) -> i128 {
        self.num
    }

    /// The denominator (always > 0).
    pub fn denom(&self) -> i128 {
        self.den
    }

    /// `self ± o` (Knuth's gcd method: lcm of denominators, reduce before multiplying).
    fn add_sub(self, o: Exact, sub: bool) -> Result<Exact, ArithError> {
        let op = if sub { i128::checked_sub } else { i128::checked_add };
        let (a, b, c, d) = (self.num, self.den, o.num, o.den);
        if b == d {
            return ck(op(a, c)).map(|t| Exact::reduce_pos(t, b));
        }
        let g = gcd(b.unsigned_abs(), d.unsigned_abs()) as i128; // <= min(b, d)
        let (b1, d1) = (b / g, d / g);
        let t = ck(op(ck(a.checked_mul(d1))?, ck(c.checked_mul(b1))?))?;
        if t == 0 {
            return Ok(Exact::ZERO);
        }
        let g2 = gcd(t.unsigned_abs(), g.unsigned_abs()) as i128; // <= g
        let den = ck(b1.checked_mul(d / g2))?;
        Ok(Exact { num: t / g2, den })
    }

    /// Checked `self + o`.
    pub fn add(self, o: Exact) -> Result<Exact, ArithError> {
        self.add_sub(o, false)
    }

    /// Checked `self − o`.
    pub fn sub(self, o: Exact) -> Result<Exact, ArithError> {
        self.add_sub(o, true)
    }

    /// Checked `self × o`, cross-reducing before multiplying.
    pub fn mul(self, o: Exact) -> Result<Exact, ArithError> {
        if self.den == 1 && o.den == 1 {
            return ck(self.num.checked_mul(o.num)).map(int);
        }
        let (c, d) = (o.num.unsigned_abs(), o.den.unsigned_abs());
        self.mul_mag(o.num < 0, c, d)
    }

    /// `self × (±c/d)` on magnitudes (`c/d` reduced, `d > 0`), cross-reducing
    /// `gcd(a, d)` and `gcd(c, b)` before multiplying.
    fn mul_mag(self, neg: bool, c: u128, d: u128) -> Result<Exact, ArithError> {
        if self.num == 0 || c == 0 {
            return Ok(Exact::ZERO);
        }
        let (a, b) = (self.num.unsigned_abs(), self.den.unsigned_abs());
        let (g1, g2) = (gcd(a, d), gcd(c, b));
        let n = ck((a / g1).checked_mul(c / g2))?;
        let dd = ck((b / g2).checked_mul(d / g1))?;
        Exact::from_mag((self.num < 0) != neg, n, dd)
    }

    /// Checked `self ÷ o`; `o == 0` is `DivisionByZero`.
    pub fn div(self, o: Exact) -> Result<Exact, ArithError> {
        if o.num == 0 {
            return Err(DivisionByZero);
        }
        // Multiply by the reciprocal, kept as magnitudes so i128::MIN is no problem.
        self.mul_mag(o.num < 0, o.den.unsigned_abs(), o.num.unsigned_abs())
    }

    /// Checked `−self` (a numerator of `i128::MIN` cannot be negated).
    pub fn neg(self) -> Result<Exact, ArithError> {
        ck(self.num.checked_neg()).map(|num| Exact { num, den: self.den })
    }

    /// Checked `|self|`.
    pub fn abs(self) -> Result<Exact, ArithError> {
        if self.num < 0 {
            self.neg()
        } else {
            Ok(self)
        }
    }

    /// Whether the value is 0.
    pub fn is_zero(&self) -> bool {
        self.num == 0
    }

    /// Whether the value is an integer.
    pub fn is_integer(&self) -> bool {
        self.den == 1
    }

    /// −1, 0 or 1.
    pub fn signum(&self) -> i32 {
        self.num.signum() as i32
    }

    /// The greatest integer ≤ self (−1/2 → −1).
    pub fn floor(self) -> Exact {
        // den > 0, so Euclidean division is floor division and cannot overflow.
        int(self.num.div_euclid(self.den))
    }

    /// The least integer ≥ self (−1/2 → 0).
    pub fn ceil(self) -> Exact {
        // When den >= 2, |floor| <= |num|/2 + 1, so adding 1 cannot overflow.
        int(self.num.div_euclid(self.den).saturating_add(i128::from(self.den != 1)))
    }

    /// Magnitude of `self · 10^dp` rounded with `mode` (`dp <= 38`), with the sign.
    fn round_scaled(self, dp: u32, mode: RoundMode) -> Result<(bool, u128), ArithError> {
        let p = 10u128.checked_pow(dp).ok_or(Overflow)?;
        let (n, d) = (self.num.unsigned_abs(), self.den.unsigned_abs());
        let (f, rem) = mul_div(n % d, p, d);
        let m = ck((n / d).checked_mul(p).and_then(|x| x.checked_add(f)))?;
        let up = u128::from(round_up(mode, m, rem, d));
        Ok((self.num < 0, ck(m.checked_add(up))?))
    }

    /// Rounds to `dp` decimal places with `mode` and returns the Decimal, with scale
    /// `dp` (so 3 at 2 places is `3.00`). Exact: the decision uses the exact
    /// remainder, never a rounded quotient. `Err(Overflow)` if the result does not fit
    /// a Decimal (96-bit mantissa); for `dp > 28` the result is returned at its
    /// shortest scale if that is ≤ 28, else `Err(Overflow)`.
    pub fn round_dp(self, dp: u32, mode: RoundMode) -> Result<Decimal, ArithError> {
        if dp > Decimal::MAX_SCALE {
            return self.round_exact(dp, mode)?.to_decimal().ok_or(Overflow);
        }
        let (neg, m) = self.round_scaled(dp, mode)?;
        let m = i128::try_from(m).map_err(|_| Overflow)?;
        Decimal::try_from_i128_with_scale(if neg { -m } else { m }, dp).map_err(|_| Overflow)
    }

    /// Rounds to `dp` places as an Exact (same rule as [`Exact::round_dp`]); used for
    /// `round()` in formulas. For `dp > 38`, only values already exact at `dp`
    /// places are representable; others give `Err(Overflow)`.
    pub fn round_exact(self, dp: u32, mode: RoundMode) -> Result<Exact, ArithError> {
        if terminating_places(self.den.unsigned_abs()).is_some_and(|k| k <= dp) {
            return Ok(self);
        }
        if dp > MAX_POW10 {
            return Err(Overflow);
        }
        let (neg, m) = self.round_scaled(dp, mode)?;
        let g = gcd(m, 10u128.pow(dp)); // dp <= 38: 10^dp fits
        Exact::from_mag(neg, m / g, 10u128.pow(dp) / g)
    }

    /// The exact Decimal if the value is a terminating decimal that fits
    /// (denominator `2^a·5^b`, scale ≤ 28, 96-bit mantissa); else `None`.
    /// The scale is the shortest exact one (1/2 → `0.5`).
    pub fn to_decimal(self) -> Option<Decimal> {
        let k = terminating_places(self.den.unsigned_abs()).filter(|&k| k <= Decimal::MAX_SCALE)?;
        let m = self.num.checked_mul(10i128.pow(k) / self.den)?;
        Decimal::try_from_i128_with_scale(m, k).ok()
    }

    /// Human-readable form for traces: the exact decimal if it terminates within
    /// `max_dp` places (trailing zeros trimmed: `3`, `0.5`, `-0.25`); otherwise
    /// rounded half-up to `max_dp` places followed by `…` (29/33 at 4 → `0.8788…`).
    /// Never `-0`. `max_dp` is capped at 38.
    pub fn display(&self, max_dp: u32) -> String {
        let max_dp = max_dp.min(MAX_POW10);
        let (n, d) = (self.num.unsigned_abs(), self.den.unsigned_abs());
        let (mut ip, r) = (n / d, n % d);
        let (digits, width, ellipsis) = match terminating_places(d).filter(|&k| k <= max_dp) {
            Some(k) => (mul_div(r, 10u128.pow(k), d).0, k, ""),
            None => {
                let p = 10u128.pow(max_dp);
                let (mut f, rem) = mul_div(r, p, d);
                if round_up(RoundMode::HalfUp, f, rem, d) {
                    f += 1; // f < p, so no overflow
                    if f == p {
                        (ip, f) = (ip + 1, 0); // ip <= 2^127, so ip + 1 fits
                    }
                }
                (f, max_dp, "…")
            }
        };
        let sign = if self.num < 0 && (ip != 0 || digits != 0) { "-" } else { "" };
        if width == 0 {
            return format!("{sign}{ip}{ellipsis}");
        }
        let mut frac = format!("{digits:0w$}", w = width as usize);
        if ellipsis.is_empty() {
            frac.truncate(frac.trim_end_matches('0').len());
            if frac.is_empty() {
                return format!("{sign}{ip}");
            }
        }
        format!("{sign}{ip}.{frac}{ellipsis}")
    }
}

impl Ord for Exact {
    /// Exact comparison of `a/b` and `c/d` via a 256-bit cross product; never overflows.
    fn cmp(&self, o: &Exact) -> Ordering {
        if self.den == o.den {
            return self.num.cmp(&o.num);
        }
        if let (Some(x), Some(y)) = (self.num.checked_mul(o.den), o.num.checked_mul(self.den)) {
            return x.cmp(&y);
        }
        let by_sign = self.num.signum().cmp(&o.num.signum());
        if by_sign != Ordering::Equal || self.num == 0 {
            return by_sign;
        }
        let x = mul_wide(self.num.unsigned_abs(), o.den.unsigned_abs());
        let y = mul_wide(o.num.unsigned_abs(), self.den.unsigned_abs());
        if self.num < 0 {
            y.cmp(&x)
        } else {
            x.cmp(&y)
        }
    }
}

impl PartialOrd for Exact {
    fn partial_cmp(&self, o: &Exact) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl fmt::Display for Exact {
    /// Same as [`Exact::display`] with 6 places.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display(6))
    }
}

impl From<Decimal> for Exact {
    /// Same as [`Exact::from_decimal`].
    fn from(d: Decimal) -> Exact {
        Exact::from_decimal(d)
    }
}

#[cfg(test)]
mod tests;
