//! Score post-processing: the optional score transform and the clip.
//!
//! Mirrors `predict.c::transform`, `piecewise_linear_mapping`, `find_linear_function_parameters`
//! and `clip`, operation for operation, so every `f64` result is identical to libvmaf's:
//! 1. polynomial `p0 + p1·s + p2·s·s` (only the terms that are present; none present = identity);
//! 2. piece-wise linear mapping through `knots` (extrapolating the first and last segments);
//! 3. rectification: `out_lte_in` keeps `min(out, in)`, `out_gte_in` keeps `max(out, in)`.

/// The `score_transform` object of a model.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScoreTransform {
    /// `enabled`: when false the transform only runs if the model was loaded with
    /// [`ModelFlags::enable_transform`](super::ModelFlags::enable_transform).
    pub enabled: bool,
    /// Constant term (`null` or absent = not used).
    pub p0: Option<f64>,
    /// Linear coefficient (`null` or absent = not used).
    pub p1: Option<f64>,
    /// Quadratic coefficient (`null` or absent = not used).
    pub p2: Option<f64>,
    /// `knots` as `(x, y)` points; `None` when absent or `null`. libvmaf treats fewer than two
    /// knots as the identity.
    pub knots: Option<Vec<(f64, f64)>>,
    /// `out_lte_in == "true"`: the output never exceeds the input.
    pub out_lte_in: bool,
    /// `out_gte_in == "true"`: the output is never below the input.
    pub out_gte_in: bool,
}

/// `find_linear_function_parameters`: slope and offset of the line through `p1` and `p2`.
///
/// Errors (as libvmaf) unless `p1 <= p2` coordinate-wise, and when the points differ but lie on a
/// horizontal or vertical line.
pub(crate) fn find_linear_function_parameters(
    p1: (f64, f64),
    p2: (f64, f64),
) -> Result<(f64, f64), &'static str> {
    if !(p1.0 <= p2.0 && p1.1 <= p2.1) {
        return Err("first point coordinates must be <= second point coordinates");
    }
    if p2.0 - p1.0 == 0.0 || p2.1 - p1.1 == 0.0 {
        if !(p1.0 == p2.0 && p1.1 == p2.1) {
            return Err("points lie on a horizontal or vertical line");
        }
        return Ok((1.0, 0.0));
    }
    if p1.0 == 0.0 {
        let beta = p1.1;
        let alpha = (p2.1 - beta) / p2.0;
        Ok((alpha, beta))
    } else {
        let alpha = (p2.1 - p1.1) / (p2.0 - p1.0);
        let beta = p1.1 - (p1.0 * alpha);
        Ok((alpha, beta))
    }
}

/// Checks what `piecewise_linear_mapping` requires of the knots (x strictly increasing, y not
/// decreasing). libvmaf checks this per call and silently yields a wrong score; foveal refuses
/// such knots when the model is loaded.
pub(crate) fn check_knots(knots: &[(f64, f64)]) -> Result<(), String> {
    for (i, w) in knots.windows(2).enumerate() {
        if !(w[0].0 < w[1].0 && w[0].1 <= w[1].1) {
            return Err(format!(
                "knot {} ({}, {}) and knot {} ({}, {}): x must increase strictly and y must not decrease",
                i,
                w[0].0,
                w[0].1,
                i + 1,
                w[1].0,
                w[1].1
            ));
        }
    }
    Ok(())
}

/// `piecewise_linear_mapping` for knots that passed [`check_knots`]; `None` for fewer than two
/// knots (libvmaf then leaves the value unchanged).
pub(crate) fn piecewise_linear_mapping(x: f64, knots: &[(f64, f64)]) -> Option<f64> {
    if knots.len() <= 1 {
        return None;
    }
    let n_seg = knots.len() - 1;
    let mut y = 0.0;
    for idx in 0..n_seg {
        let (k0, k1) = (knots[idx], knots[idx + 1]);
        let cond0 = k0.0 <= x;
        let cond1 = x <= k1.0;
        let (slope, offset, horizontal) = if k0.1 == k1.1 {
            (0.0, 0.0, true)
        } else {
            // Cannot fail for checked knots; libvmaf ignores the status here as well.
            let (a, b) = find_linear_function_parameters(k0, k1).unwrap_or((0.0, 0.0));
            (a, b, false)
        };
        let at = |x: f64| if horizontal { k0.1 } else { slope * x + offset };
        if cond0 && cond1 {
            y = at(x);
        }
        if idx == 0 && x < k0.0 {
            y = at(x);
        }
        if idx == n_seg - 1 && x > k1.0 {
            y = at(x);
        }
    }
    Some(y)
}

impl ScoreTransform {
    /// `predict.c::transform` once the transform is known to be active.
    pub(crate) fn apply(&self, y_in: f64) -> f64 {
        let mut y_stage = y_in;
        let mut y_out;
        if self.p0.is_some() || self.p1.is_some() || self.p2.is_some() {
            y_out = 0.0;
            if let Some(p0) = self.p0 {
                y_out += p0;
            }
            if let Some(p1) = self.p1 {
                y_out += p1 * y_stage;
            }
            if let Some(p2) = self.p2 {
                y_out += p2 * y_stage * y_stage;
            }
        } else {
            y_out = y_stage;
        }

        y_stage = y_out;
        if let Some(knots) = &self.knots {
            if let Some(y) = piecewise_linear_mapping(y_stage, knots) {
                y_out = y;
            }
        } else {
            y_out = y_stage;
        }

        if self.out_lte_in && y_out > y_in {
            y_out = y_in;
        }
        if self.out_gte_in && y_out < y_in {
            y_out = y_in;
        }
        y_out
    }
}

/// `predict.c::clip`.
pub(crate) fn clip(v: f64, (min, max): (f64, f64)) -> f64 {
    let v = if v < min { min } else { v };
    if v > max { max } else { v }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// libvmaf `test_predict.c::test_find_linear_function_parameters`, same points and results.
    #[test]
    fn linear_function_parameters_as_libvmaf_test() {
        assert!(find_linear_function_parameters((1.0, 1.0), (0.0, 0.0)).is_err());
        assert!(find_linear_function_parameters((0.0, 1.0), (0.0, 0.0)).is_err());
        assert!(find_linear_function_parameters((1.0, 0.0), (0.0, 0.0)).is_err());
        assert!(find_linear_function_parameters((50.0, 30.0), (50.0, 100.0)).is_err());
        assert!(find_linear_function_parameters((50.0, 30.0), (100.0, 30.0)).is_err());
        assert_eq!(
            find_linear_function_parameters((50.0, 20.0), (110.0, 110.0)),
            Ok((1.5, -55.0))
        );
        let (a, b) = find_linear_function_parameters((50.0, 30.0), (110.0, 110.0)).unwrap();
        assert!((a - 1.333333333333333).abs() < 1e-8 && (b - -36.666666666666664).abs() < 1e-8);
        assert_eq!(
            find_linear_function_parameters((50.0, 30.0), (50.0, 30.0)),
            Ok((1.0, 0.0))
        );
        assert_eq!(
            find_linear_function_parameters((10.0, 10.0), (50.0, 110.0)),
            Ok((2.5, -15.0))
        );
    }

    /// libvmaf `test_predict.c::test_piecewise_linear_mapping`, same knots, sweeps and bounds.
    #[test]
    fn piecewise_linear_mapping_as_libvmaf_test() {
        assert!(check_knots(&[(0.0, 1.0), (1.0, 2.0), (1.0, 3.0)]).is_err());
        assert!(check_knots(&[(0.0, 2.0), (1.0, 1.0)]).is_err());
        let k2160 = [(0.0, -55.0), (95.0, 87.5), (105.0, 105.0), (110.0, 110.0)];
        let k1080 = [(0.0, -36.66), (90.0, 83.04), (95.0, 95.0), (100.0, 100.0)];
        check_knots(&k2160).unwrap();
        check_knots(&k1080).unwrap();
        let sweep = |from: f64, to: f64, knots: &[(f64, f64)], f: &dyn Fn(f64) -> f64| {
            let mut n = 0;
            let mut x = from;
            while x < to {
                let y = piecewise_linear_mapping(x, knots).unwrap();
                assert!((y - f(x)).abs() < 1e-8, "x {x}: {y} vs {}", f(x));
                x += 0.1;
                n += 1;
            }
            n
        };
        let mut n = 0;
        n += sweep(0.0, 95.0, &k2160, &|x| 1.5 * x - 55.0);
        n += sweep(0.0, 90.0, &k1080, &|x| 1.33 * x - 36.66);
        n += sweep(95.0, 105.0, &k2160, &|x| 1.75 * x - 78.75);
        n += sweep(90.0, 95.0, &k1080, &|x| 2.392 * x - 132.24);
        n += sweep(105.0, 110.0, &k2160, &|x| x);
        n += sweep(95.0, 100.0, &k1080, &|x| x);
        n += sweep(0.0, 110.0, &[(10.0, 10.0), (50.0, 60.0)], &|x| {
            1.25 * x - 2.5
        });
        assert!(n > 3000, "{n}");
        assert_eq!(piecewise_linear_mapping(5.0, &[(1.0, 1.0)]), None);
    }

    #[test]
    fn horizontal_segments_and_extrapolation() {
        let k = [(10.0, 20.0), (20.0, 20.0), (30.0, 40.0)];
        check_knots(&k).unwrap();
        assert_eq!(piecewise_linear_mapping(0.0, &k), Some(20.0));
        assert_eq!(piecewise_linear_mapping(15.0, &k), Some(20.0));
        assert_eq!(piecewise_linear_mapping(25.0, &k), Some(30.0));
        assert_eq!(piecewise_linear_mapping(40.0, &k), Some(60.0));
        // On the shared knot the later segment wins (same value here).
        assert_eq!(piecewise_linear_mapping(20.0, &k), Some(20.0));
    }

    #[test]
    fn polynomial_then_knots_then_rectification() {
        // The v0.6.1 "phone" transform: 1.70674692 + 1.72643844 s - 0.00705305 s², out >= in.
        let t = ScoreTransform {
            enabled: true,
            p0: Some(1.70674692),
            p1: Some(1.72643844),
            p2: Some(-0.00705305),
            out_gte_in: true,
            ..Default::default()
        };
        let s = 50.0f64;
        let poly = 1.70674692 + 1.72643844 * s + -0.00705305 * s * s;
        assert_eq!(t.apply(s), poly); // 70.39 > 50
        assert_eq!(t.apply(240.0), 240.0); // polynomial falls below the input: rectified
        // Only p1: no constant term, no quadratic.
        let lin = ScoreTransform {
            p1: Some(2.0),
            ..Default::default()
        };
        assert_eq!(lin.apply(3.0), 6.0);
        // Knots after the polynomial (x + 40 then clamp via knots), and out_lte_in.
        let add40 = ScoreTransform {
            p0: Some(40.0),
            p1: Some(1.0),
            knots: Some(vec![(0.0, 0.0), (100.0, 100.0), (200.0, 110.0)]),
            out_lte_in: true,
            ..Default::default()
        };
        assert_eq!(add40.apply(30.0), 30.0); // 70 through identity segment, then min(70, 30)
        let add40_free = ScoreTransform {
            out_lte_in: false,
            ..add40.clone()
        };
        assert_eq!(add40_free.apply(30.0), 70.0);
        assert_eq!(add40_free.apply(100.0), 104.0); // 140 on the (100,100)-(200,110) segment
        // No terms at all: identity.
        assert_eq!(ScoreTransform::default().apply(12.5), 12.5);
        assert_eq!(clip(-3.0, (0.0, 100.0)), 0.0);
        assert_eq!(clip(103.0, (0.0, 100.0)), 100.0);
        assert_eq!(clip(42.0, (0.0, 100.0)), 42.0);
    }
}
