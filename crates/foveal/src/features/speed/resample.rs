//! SpEED's optional prescaling of the plane (`speed_prescale`, `speed_prescale_method`), exactly as
//! libvmaf 3.2's `vif_scale_frame_s` family in `vif_tools.c` computes it: nearest, bilinear,
//! bicubic (a = −0.75) and Lanczos-4 resampling of an `f32` image, with half-pixel centres and
//! mirrored borders.
//!
//! Upstream recomputes the sample positions and weights of every output pixel; they depend only
//! on its column (or row), so we compute them once per column and row when the scaler is built.
//! The values are the same: they come from the same `f32`/`f64` expressions.
//!
//! Upstream's mirror reflects once (`-i` below 0, `2·(n−1) − i` past the end) and reads outside
//! the image where that is not enough; we clamp after reflecting, which only differs where
//! upstream's behaviour is undefined (images narrower than the kernel's reach).

use std::f64::consts::PI;

/// Resampling method of `speed_prescale_method`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PrescaleMethod {
    /// `nearest` (the default): the sample at `floor(x · src/dst)`.
    #[default]
    Nearest,
    /// `bilinear`: 2×2 taps.
    Bilinear,
    /// `bicubic`: 4×4 taps, Keys kernel with a = −0.75.
    Bicubic,
    /// `lanczos4`: 9×9 taps of the Lanczos kernel with a = 4, normalised by the sum of weights.
    Lanczos4,
}

impl PrescaleMethod {
    /// libvmaf's name of the method.
    pub const fn name(self) -> &'static str {
        match self {
            PrescaleMethod::Nearest => "nearest",
            PrescaleMethod::Bilinear => "bilinear",
            PrescaleMethod::Bicubic => "bicubic",
            PrescaleMethod::Lanczos4 => "lanczos4",
        }
    }

    /// Parses libvmaf's name (`nearest`, `bilinear`, `bicubic`, `lanczos4`; exact spelling, as
    /// upstream compares with `strcmp`).
    pub fn parse(s: &str) -> crate::Result<Self> {
        match s {
            "nearest" => Ok(PrescaleMethod::Nearest),
            "bilinear" => Ok(PrescaleMethod::Bilinear),
            "bicubic" => Ok(PrescaleMethod::Bicubic),
            "lanczos4" => Ok(PrescaleMethod::Lanczos4),
            _ => Err(crate::Error::invalid(
                "SpEED prescale method (speed_prescale_method)",
                s,
                "nearest, bilinear, bicubic or lanczos4",
            )),
        }
    }
}

impl std::fmt::Display for PrescaleMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Upstream `mirror(float i, float left, float right)` on integral values, then a clamp.
#[inline]
fn mirror(i: i64, n: usize) -> usize {
    let right = n as i64 - 1;
    let m = if i < 0 {
        -i
    } else if i > right {
        2 * right - i
    } else {
        i
    };
    m.clamp(0, right) as usize
}

/// The `f32` source coordinate of output index `o`: `(float)((o + 0.5) · ratio − 0.5)`.
#[inline]
fn centre(o: usize, ratio: f32) -> f32 {
    ((o as f64 + 0.5) * f64::from(ratio) - 0.5) as f32
}

/// C's `(int)floor(x)` for the coordinates at hand.
#[inline]
fn floor_i(x: f32) -> i64 {
    f64::from(x).floor() as i64
}

fn bicubic_kernel(t: f32) -> f32 {
    let a = -0.75f32;
    let t = if t < 0.0 { -t } else { t };
    if t < 1.0 {
        return ((a + 2.0) * t - (a + 3.0)) * t * t + 1.0;
    }
    if t < 2.0 {
        return (((t - 5.0) * t + 8.0) * t - 4.0) * a;
    }
    0.0
}

fn lanczos4_kernel(x: f32, a: f32) -> f32 {
    if x == 0.0 {
        return 1.0;
    }
    if x > -a && x < a {
        let xd = f64::from(x);
        let ad = f64::from(a);
        return (ad * (PI * xd).sin() * (PI * xd / ad).sin() / (PI * PI * xd * xd)) as f32;
    }
    0.0
}

/// Per-axis sample positions and weights, computed once.
#[derive(Clone, Debug)]
struct Axis {
    /// Source indices, `taps` per output position.
    idx: Vec<usize>,
    /// Weights, `taps` per output position (bilinear: `[d]`, the fractional offset).
    wt: Vec<f32>,
}

impl Axis {
    fn new(method: PrescaleMethod, src: usize, dst: usize) -> Axis {
        let ratio = src as f32 / dst as f32;
        let mut idx = Vec::new();
        let mut wt = Vec::new();
        for o in 0..dst {
            match method {
                PrescaleMethod::Nearest => {
                    // (int)(o * ratio), in f32.
                    let i = (o as f32 * ratio) as i64;
                    idx.push(i.clamp(0, src as i64 - 1) as usize);
                }
                PrescaleMethod::Bilinear => {
                    let c = centre(o, ratio);
                    let lo = f64::from(c).floor() as i64;
                    let hi = f64::from(c).ceil() as i64;
                    let i1 = mirror(lo, src);
                    let i2 = mirror(hi, src);
                    idx.push(i1);
                    idx.push(i2);
                    // Upstream: `xx − x1` with x1 the mirrored index (so negative offsets at the
                    // left border, as upstream).
                    wt.push(c - i1 as f32);
                }
                PrescaleMethod::Bicubic => {
                    let c = centre(o, ratio);
                    let c0 = floor_i(c);
                    let d = c - c0 as f32;
                    for i in -1i64..=2 {
                        idx.push(mirror(c0 + i, src));
                        wt.push(bicubic_kernel(i as f32 - d));
                    }
                }
                PrescaleMethod::Lanczos4 => {
                    let c = centre(o, ratio);
                    let c0 = floor_i(c);
                    let d = c - c0 as f32;
                    for i in -4i64..=4 {
                        idx.push(mirror(c0 + i, src));
                        wt.push(lanczos4_kernel(i as f32 - d, 4.0));
                    }
                }
            }
        }
        Axis { idx, wt }
    }
}

/// A prescaler from `src_w`×`src_h` to `dst_w`×`dst_h` for one method.
#[derive(Clone, Debug)]
pub(crate) struct Prescaler {
    method: PrescaleMethod,
    src_w: usize,
    src_h: usize,
    dst_w: usize,
    dst_h: usize,
    x: Axis,
    y: Axis,
}

impl Prescaler {
    pub(crate) fn new(
        method: PrescaleMethod,
        src_w: usize,
        src_h: usize,
        dst_w: usize,
        dst_h: usize,
    ) -> Prescaler {
        Prescaler {
            method,
            src_w,
            src_h,
            dst_w,
            dst_h,
            x: Axis::new(method, src_w, dst_w),
            y: Axis::new(method, src_h, dst_h),
        }
    }

    /// Resamples `src` (`src_w`×`src_h`, stride `src_w`) into `dst` (`dst_w`×`dst_h`, stride
    /// `dst_w`). Equal sizes copy, as upstream.
    pub(crate) fn run(&self, src: &[f32], dst: &mut [f32]) {
        let (sw, dw, dh) = (self.src_w, self.dst_w, self.dst_h);
        if sw == dw && self.src_h == dh {
            dst[..dw * dh].copy_from_slice(&src[..sw * self.src_h]);
            return;
        }
        match self.method {
            PrescaleMethod::Nearest => {
                for (y, drow) in dst.chunks_exact_mut(dw).take(dh).enumerate() {
                    let srow = &src[self.y.idx[y] * sw..][..sw];
                    for (o, &xi) in drow.iter_mut().zip(&self.x.idx) {
                        *o = srow[xi];
                    }
                }
            }
            PrescaleMethod::Bilinear => {
                for (y, drow) in dst.chunks_exact_mut(dw).take(dh).enumerate() {
                    let r1 = &src[self.y.idx[2 * y] * sw..][..sw];
                    let r2 = &src[self.y.idx[2 * y + 1] * sw..][..sw];
                    let dy = self.y.wt[y];
                    for (x, o) in drow.iter_mut().enumerate() {
                        let (x1, x2) = (self.x.idx[2 * x], self.x.idx[2 * x + 1]);
                        let dx = self.x.wt[x];
                        *o = (1.0 - dy) * (1.0 - dx) * r1[x1]
                            + (1.0 - dy) * dx * r1[x2]
                            + dy * (1.0 - dx) * r2[x1]
                            + dy * dx * r2[x2];
                    }
                }
            }
            PrescaleMethod::Bicubic => {
                for (y, drow) in dst.chunks_exact_mut(dw).take(dh).enumerate() {
                    let yi = &self.y.idx[4 * y..4 * y + 4];
                    let yw = &self.y.wt[4 * y..4 * y + 4];
                    for (x, o) in drow.iter_mut().enumerate() {
                        let xi = &self.x.idx[4 * x..4 * x + 4];
                        let xw = &self.x.wt[4 * x..4 * x + 4];
                        let mut v = 0.0f32;
                        for j in 0..4 {
                            let srow = &src[yi[j] * sw..][..sw];
                            for i in 0..4 {
                                let weight = xw[i] * yw[j];
                                v += srow[xi[i]] * weight;
                            }
                        }
                        *o = v;
                    }
                }
            }
            PrescaleMethod::Lanczos4 => {
                for (y, drow) in dst.chunks_exact_mut(dw).take(dh).enumerate() {
                    let yi = &self.y.idx[9 * y..9 * y + 9];
                    let yw = &self.y.wt[9 * y..9 * y + 9];
                    for (x, o) in drow.iter_mut().enumerate() {
                        let xi = &self.x.idx[9 * x..9 * x + 9];
                        let xw = &self.x.wt[9 * x..9 * x + 9];
                        let mut value = 0.0f32;
                        let mut weight_sum = 0.0f32;
                        for j in 0..9 {
                            let srow = &src[yi[j] * sw..][..sw];
                            for i in 0..9 {
                                let weight = xw[i] * yw[j];
                                weight_sum += weight;
                                value += srow[xi[i]] * weight;
                            }
                        }
                        *o = value / weight_sum;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels_interpolate() {
        assert_eq!(bicubic_kernel(0.0), 1.0);
        assert_eq!(bicubic_kernel(1.0), 0.0);
        assert_eq!(bicubic_kernel(2.5), 0.0);
        assert_eq!(lanczos4_kernel(0.0, 4.0), 1.0);
        assert!(lanczos4_kernel(1.0, 4.0).abs() < 1e-7);
        assert_eq!(lanczos4_kernel(4.0, 4.0), 0.0);
    }

    #[test]
    fn constant_images_stay_constant() {
        let src = vec![7.5f32; 20 * 12];
        for m in [
            PrescaleMethod::Nearest,
            PrescaleMethod::Bilinear,
            PrescaleMethod::Bicubic,
            PrescaleMethod::Lanczos4,
        ] {
            for (dw, dh) in [(12, 7), (31, 19)] {
                let p = Prescaler::new(m, 20, 12, dw, dh);
                let mut dst = vec![0.0f32; dw * dh];
                p.run(&src, &mut dst);
                for &v in &dst {
                    assert!((v - 7.5).abs() < 1e-4, "{m}: {v}");
                }
            }
        }
    }

    #[test]
    fn nearest_picks_floor_of_scaled_index() {
        let src: Vec<f32> = (0..10).map(|i| i as f32).collect();
        let p = Prescaler::new(PrescaleMethod::Nearest, 10, 1, 4, 1);
        let mut dst = vec![0.0f32; 4];
        p.run(&src, &mut dst);
        assert_eq!(dst, [0.0, 2.0, 5.0, 7.0]);
    }

    #[test]
    fn parse_names() {
        for m in ["nearest", "bilinear", "bicubic", "lanczos4"] {
            assert_eq!(PrescaleMethod::parse(m).unwrap().name(), m);
        }
        let e = PrescaleMethod::parse("Bilinear").unwrap_err().to_string();
        assert!(e.contains("Bilinear") && e.contains("lanczos4"), "{e}");
    }
}
