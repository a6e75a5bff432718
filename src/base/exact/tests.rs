//! Exact arithmetic against its edges: 28-digit quotients, overflow, rounding modes.

use super::*;
use proptest::prelude::*;
use rust_decimal::RoundingStrategy::MidpointAwayFromZero;
use RoundMode::*;

fn q(n: i128, d: i128) -> Exact {
    Exact::new(n, d).unwrap()
}
fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}
fn ex(s: &str) -> Exact {
    Exact::from_decimal(dec(s))
}
const MAX: i128 = i128::MAX;
const MIN: i128 = i128::MIN;

#[test]
fn basics() {
    assert_eq!(ex("0.1").add(ex("0.2")), Ok(ex("0.3")));
    assert_eq!((q(58, 66).numer(), q(58, 66).denom()), (29, 33));
    assert_eq!(q(1, 3).mul(Exact::from_int(3)), Ok(Exact::ONE));
    assert_eq!((q(3, -6), q(0, -5), ex("1.500")), (q(-1, 2), Exact::ZERO, q(3, 2)));
    assert_eq!(q(1, 6).sub(q(1, 6)), Ok(Exact::ZERO));
    assert_eq!(q(1, 6).add(q(1, 10)), Ok(q(4, 15)));
    assert_eq!(q(-3, 4).div(q(-9, 8)), Ok(q(2, 3)));
    assert!(q(1, 3) < q(1, 2) && q(-1, 2) < q(-1, 3) && q(-1, 3) < Exact::ZERO);
    let signs = [q(-7, 2), Exact::ZERO, q(7, 2)].map(|x| x.signum());
    assert_eq!(signs, [-1, 0, 1]);
    assert!(Exact::from_int(4).is_integer() && !q(1, 2).is_integer() && Exact::ZERO.is_zero());
    assert_eq!(q(-5, 7).abs(), Ok(q(5, 7)));
}

#[test]
fn motivating_67_115() {
    // The exact value 67.115 = 13423/200, reached through a repeating quotient.
    let v = q(13423, 600).mul(Exact::from_int(3)).unwrap();
    assert_eq!(v, q(13423, 200));
    assert_eq!(v.round_dp(2, HalfUp), Ok(dec("67.12")));
    // (x / 6) × 6: plain Decimal gives 67.114999…998 and rounds to 67.11.
    let (x, six) = (dec("67.115"), Decimal::from(6));
    let plain = (x / six) * six;
    assert_eq!(plain.to_string(), "67.114999999999999999999999998");
    assert_eq!(plain.round_dp_with_strategy(2, MidpointAwayFromZero), dec("67.11"));
    let e = Exact::from(x).div(six.into()).and_then(|t| t.mul(six.into()));
    assert_eq!(e.and_then(|e| e.round_dp(2, HalfUp)), Ok(dec("67.12")));
    // 5 × (1 − (本年 − 上年) / 上年) with 本年 = 227, 上年 = 200 → 173/40 = 4.325.
    let (cur, prev) = (Exact::from_int(227), Exact::from_int(200));
    let growth = cur.sub(prev).and_then(|d| d.div(prev)).unwrap();
    let r = Exact::ONE.sub(growth).and_then(|t| Exact::from_int(5).mul(t));
    assert_eq!(r, Ok(q(173, 40)));
    assert_eq!(r.unwrap().round_dp(2, HalfUp), Ok(dec("4.33")));
}

#[test]
fn rounding_modes() {
    for (s, mode, want) in [
        ("2.675", HalfUp, "2.68"),
        ("2.675", Down, "2.67"),
        ("2.675", Up, "2.68"),
        ("2.675", HalfEven, "2.68"),
        ("2.665", HalfEven, "2.66"),
        ("-2.675", HalfUp, "-2.68"),
        ("-2.675", Down, "-2.67"),
        ("-2.665", HalfEven, "-2.66"),
        ("2.6749", HalfUp, "2.67"),
        ("2.6701", Up, "2.68"),
        ("3", Down, "3.00"),
        ("-0.004", HalfUp, "0.00"), // never negative zero
    ] {
        assert_eq!(ex(s).round_dp(2, mode).unwrap().to_string(), want, "{s} {mode:?}");
    }
    assert_eq!(q(2, 3).round_dp(0, HalfUp), Ok(Decimal::ONE));
    assert_eq!(q(5, 2).round_dp(0, HalfEven), Ok(Decimal::TWO));
    assert_eq!(q(29, 33).round_exact(2, HalfUp), Ok(q(22, 25)));
    assert_eq!(q(-1, 2).round_exact(0, HalfUp), Ok(Exact::from_int(-1)));
    assert_eq!(q(1, 3).round_dp(30, HalfUp), Err(Overflow));
    assert_eq!(q(1, 2).round_dp(30, HalfUp), Ok(dec("0.5")));
    assert_eq!(q(1, 3).round_exact(39, HalfUp), Err(Overflow));
    // Huge denominators take the 256-bit path.
    assert_eq!(q(1, MAX).round_dp(28, Up), Ok(Decimal::new(1, 28)));
    assert_eq!(q(MAX, MAX - 1).round_dp(10, HalfUp), Ok(Decimal::ONE));
}

#[test]
fn floor_ceil() {
    let fc = |n, d| (q(n, d).floor().numer(), q(n, d).ceil().numer());
    assert_eq!([fc(-1, 2), fc(7, 2), fc(-7, 2), fc(MIN, 1)], [(-1, 0), (3, 4), (-4, -3), (MIN, MIN)]);
    assert_eq!(fc(MAX, 2), (MAX / 2, MAX / 2 + 1));
}

#[test]
fn overflow_and_errors() {
    let big = q(MAX, 1);
    assert_eq!((big.mul(big), big.add(Exact::ONE)), (Err(Overflow), Err(Overflow)));
    assert_eq!(q(1, MAX).mul(q(1, MAX - 1)), Err(Overflow));
    assert_eq!((q(MIN, 1).neg(), q(MIN, 1).abs()), (Err(Overflow), Err(Overflow)));
    assert_eq!(Exact::new(1, MIN), Err(Overflow));
    assert_eq!(Exact::new(2, MIN), Ok(q(-1, 1 << 126)));
    assert_eq!(Exact::new(MIN, MIN), Ok(Exact::ONE));
    assert_eq!(Exact::new(1, 0), Err(DivisionByZero));
    assert_eq!(Exact::ONE.div(Exact::ZERO), Err(DivisionByZero));
    assert_eq!(big.round_dp(0, HalfUp), Err(Overflow));
    assert_eq!(big.mul(q(1, 3)), q(MAX / 3, 1).add(q(1, 3)));
    assert_eq!(q(-1, 1).sub(q(MIN, 1)), Ok(big));
    let tiny = dec("0.0000000000000000000000000001");
    for d in [Decimal::MAX, Decimal::MIN, tiny, dec("-7.9228162514264337593543950335")] {
        assert_eq!(Exact::from(d).to_decimal(), Some(d));
    }
    assert_eq!(Exact::from(Decimal::MAX).round_dp(2, HalfUp), Err(Overflow));
    assert_eq!(Exact::from(Decimal::MAX).round_dp(0, HalfUp), Ok(Decimal::MAX));
    assert_eq!((q(1, 3).to_decimal(), q(1, 1 << 40).to_decimal(), big.to_decimal()), (None, None, None));
    // Ordering near the limits takes the 256-bit path.
    assert!(q(MAX, MAX - 1) < q(MAX - 1, MAX - 2) && q(MIN, MAX) < q(MIN + 1, MAX));
    assert!(q(MAX - 1, MAX) < Exact::ONE && q(MIN, 3) < q(MIN + 1, 3));
    assert_eq!(mul_wide(u128::MAX, u128::MAX), (u128::MAX - 1, 1));
}

#[test]
fn display() {
    for (x, dp, want) in [
        (q(29, 33), 6, "0.878788…"),
        (q(29, 33), 4, "0.8788…"),
        (q(3, 1), 6, "3"),
        (ex("3.00"), 6, "3"),
        (q(1, 2), 6, "0.5"),
        (q(-1, 4), 6, "-0.25"),
        (q(-2, 3), 0, "-1…"),
        (q(2, 3), 2, "0.67…"),
        (q(-1, 3000), 2, "0.00…"), // never "-0"
        (q(1, 8), 2, "0.13…"),
        (q(-1, 3), 0, "0…"),
        (q(2999, 3000), 2, "1.00…"),
    ] {
        assert_eq!(x.display(dp), want);
    }
    assert_eq!(q(29, 33).to_string(), "0.878788…");
    assert_eq!(q(MIN, 1).to_string(), MIN.to_string());
    assert_eq!(q(1, MAX).display(40), format!("0.{}1…", "0".repeat(37)));
}

fn small() -> impl Strategy<Value = Exact> {
    (-5000i128..5000, 1i128..5000).prop_map(|(n, d)| q(n, d))
}
fn wide() -> impl Strategy<Value = Exact> {
    let bits = || prop_oneof![Just(20u32), Just(60), Just(100), Just(127)];
    let parts = (any::<i128>(), any::<i128>(), bits(), bits());
    parts.prop_filter_map("valid", |(n, d, b, c)| Exact::new(n >> (127 - b), d >> (127 - c)).ok())
}

proptest! {
    #[test]
    fn arithmetic_matches_cross_multiplication(a in small(), b in small()) {
        let (an, ad, bn, bd) = (a.numer(), a.denom(), b.numer(), b.denom());
        prop_assert_eq!(a.add(b), Ok(q(an * bd + bn * ad, ad * bd)));
        prop_assert_eq!(a.sub(b), Ok(q(an * bd - bn * ad, ad * bd)));
        prop_assert_eq!(a.mul(b), Ok(q(an * bn, ad * bd)));
        prop_assert_eq!(a.div(b), Exact::new(an * bd, ad * bn));
        prop_assert_eq!(a.cmp(&b), (an * bd).cmp(&(bn * ad)));
        prop_assert_eq!(a.cmp(&b) as i32, a.sub(b).unwrap().signum());
    }

    #[test]
    fn round_half_up_matches_integer_formula(a in small()) {
        let (n, d) = (a.numer(), a.denom());
        // round(|x|·100) half-up = floor((2·|n|·100 + d) / (2·d)).
        let m = (2 * n.abs() * 100 + d) / (2 * d);
        let want = Decimal::from_i128_with_scale(n.signum() * m, 2);
        prop_assert_eq!(a.round_dp(2, HalfUp), Ok(want));
        prop_assert_eq!(a.round_dp(2, Down), Ok(Decimal::from_i128_with_scale(n * 100 / d, 2)));
        prop_assert!(a.floor() <= a && a <= a.ceil());
    }

    #[test]
    fn wide_values_never_panic_and_round_correctly(a in wide(), b in wide(), dp in 0u32..45) {
        for r in [a.add(b), a.sub(b), a.mul(b), a.div(b), a.neg(), a.abs()].into_iter().flatten() {
            prop_assert_eq!(Exact::new(r.numer(), r.denom()), Ok(r));
        }
        if let Ok(diff) = a.sub(b) {
            prop_assert_eq!(a.cmp(&b) as i32, diff.signum());
        }
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        for mode in [HalfUp, HalfEven, Down, Up] {
            let (rd, re) = (a.round_dp(dp, mode), a.round_exact(dp, mode));
            if let (Ok(rd), Ok(re)) = (rd, re) {
                prop_assert_eq!(Exact::from(rd), re);
            }
            // Check |x − r| against one unit in the last place, exactly.
            let Ok(r) = re else { continue };
            let Ok(err) = a.abs().and_then(|x| r.abs().and_then(|r| x.sub(r))) else { continue };
            let ulp = q(1, 10i128.pow(dp.min(38)));
            let half = ulp.div(Exact::from_int(2)).unwrap();
            match mode {
                Down => prop_assert!(Exact::ZERO <= err && err < ulp),
                Up => prop_assert!(Exact::ZERO >= err && err.neg().unwrap() < ulp),
                HalfUp => prop_assert!(err.abs().unwrap() <= half && err != half),
                HalfEven => {
                    prop_assert!(err.abs().unwrap() <= half);
                    let last = r.div(ulp).map(|m| m.numer() % 2 == 0);
                    prop_assert!(err.abs().unwrap() != half || last.unwrap_or(true));
                }
            }
        }
        let _ = (a.to_decimal(), a.display(dp), a.floor(), a.ceil());
    }

    #[test]
    fn wide_mul_div_is_exact(a in any::<u128>(), b in any::<u128>(), k in 0u32..=38) {
        let (hi, lo) = mul_wide(a, b);
        prop_assert_eq!(lo, a.wrapping_mul(b));
        let approx = (a as f64) * (b as f64) / 2f64.powi(128);
        prop_assert!((hi as f64 - approx).abs() <= approx * 1e-12 + 1.0);
        // mul_div: q·d + rem == r·p with rem < d, for r < d < 2^127.
        let d = (a >> 1).max(1);
        let (r, p) = (b % d, 10u128.pow(k));
        let (q, rem) = mul_div(r, p, d);
        let (qh, ql) = mul_wide(q, d);
        let (sum, carry) = ql.overflowing_add(rem);
        prop_assert!(rem < d && q < p);
        prop_assert_eq!((qh + u128::from(carry), sum), mul_wide(r, p));
    }

    #[test]
    fn decimal_round_trip(m in any::<i128>(), scale in 0u32..=28) {
        let d = Decimal::from_i128_with_scale(m % (1i128 << 96), scale);
        prop_assert_eq!(Exact::from(d).to_decimal(), Some(d));
        prop_assert_eq!(Exact::from(d).round_dp(scale, HalfEven), Ok(d));
    }
}
