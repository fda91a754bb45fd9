//! Scalar reference kernels of the classic metrics (see the [module table](super)).
//!
//! Floating-point code here is written to perform exactly libvmaf's sequence of IEEE operations:
//! each `as f32` / `f64::from` marks a conversion that C performs implicitly (a `float` operand
//! meeting a `double`, an assignment to a `float` variable, a `float` function result). No fused
//! multiply-add is used, as libvmaf's portable C is compiled for baseline x86-64 (SSE2), and the
//! transcendental functions (`pow`, `sqrt`, `atan2`, `sin`, `cos`, `exp`) are the platform C
//! library's, which is what libvmaf calls too.

use std::f64::consts::PI;
use std::hint::black_box;

// ---------------------------------------------------------------------------------------------
// PSNR (integer_psnr.c)
// ---------------------------------------------------------------------------------------------

/// Σ (r − d)² over a `w`×`h` plane of 8-bit samples (libvmaf `psnr()`): each row is summed in a
/// wrapping `u32` (as upstream's `sse_inner`; it cannot wrap for rows up to 66 051 samples), the
/// rows in a `u64`.
pub fn sse_u8(r: &[u8], rs: usize, d: &[u8], ds: usize, w: usize, h: usize) -> u64 {
    let mut sse = 0u64;
    for y in 0..h {
        let rr = &r[y * rs..y * rs + w];
        let dr = &d[y * ds..y * ds + w];
        let mut inner = 0u32;
        for (&a, &b) in rr.iter().zip(dr) {
            let e = i32::from(a) - i32::from(b);
            inner = inner.wrapping_add((e * e) as u32);
        }
        sse += u64::from(inner);
    }
    sse
}

/// Σ (r − d)² over a `w`×`h` plane of 9..16-bit samples (libvmaf `psnr_hbd()`): `|r − d|²` in
/// `u32` (at most 65535², which fits), summed in a `u64`.
pub fn sse_u16(r: &[u16], rs: usize, d: &[u16], ds: usize, w: usize, h: usize) -> u64 {
    let mut sse = 0u64;
    for y in 0..h {
        let rr = &r[y * rs..y * rs + w];
        let dr = &d[y * ds..y * ds + w];
        for (&a, &b) in rr.iter().zip(dr) {
            let e = u32::from(a.abs_diff(b));
            sse += u64::from(e * e);
        }
    }
    sse
}

// ---------------------------------------------------------------------------------------------
// SSIM (iqa/convolve.c, iqa/decimate.c, iqa/ssim_tools.c)
// ---------------------------------------------------------------------------------------------

/// Taps of the 11-tap Gaussian window (σ = 1.5) of `iqa/ssim_tools.h` (`g_gaussian_window_h`,
/// identical to `_v`), as the `float` constants upstream uses.
pub const GAUSSIAN: [f32; 11] = [
    0.001028, 0.007599, 0.036001, 0.109361, 0.213006, 0.266012, 0.213006, 0.109361, 0.036001,
    0.007599, 0.001028,
];

/// Length of the SSIM window.
pub const GAUSSIAN_LEN: usize = 11;

/// SSIM stabilising constant C1 = (K1·L)² with K1 = 0.01, L = 255, in `float` as upstream.
pub fn ssim_c1() -> f32 {
    let kl = 0.01f32 * 255.0;
    kl * kl
}

/// SSIM stabilising constant C2 = (K2·L)² with K2 = 0.03, L = 255, in `float`.
pub fn ssim_c2() -> f32 {
    let kl = 0.03f32 * 255.0;
    kl * kl
}

/// The five horizontally filtered rows of one input row pair (each `w − 10` long).
#[derive(Debug)]
pub struct HRows<'a> {
    /// Filtered reference (→ μ1).
    pub mu1: &'a mut [f32],
    /// Filtered distorted (→ μ2).
    pub mu2: &'a mut [f32],
    /// Filtered reference² (→ E\[x²\]).
    pub s11: &'a mut [f32],
    /// Filtered distorted² (→ E\[y²\]).
    pub s22: &'a mut [f32],
    /// Filtered reference·distorted (→ E\[xy\]).
    pub s12: &'a mut [f32],
}

/// Horizontal pass of `_iqa_convolve` (1-D separable mode, "valid" region) for the five SSIM
/// planes of one row: output `x` is `(float) Σ_u (float)(p[x+u]·k[u])`, the sum in `double`, for
/// `p` = reference, distorted, and the `float` products reference², distorted², reference·distorted.
pub fn ssim_hfilter(r: &[f32], c: &[f32], out: HRows<'_>) {
    let n = r.len().saturating_sub(GAUSSIAN_LEN - 1);
    let HRows {
        mu1,
        mu2,
        s11,
        s22,
        s12,
    } = out;
    for x in 0..n.min(mu1.len()) {
        let rw = &r[x..x + GAUSSIAN_LEN];
        let cw = &c[x..x + GAUSSIAN_LEN];
        let (mut a, mut b, mut aa, mut bb, mut ab) = (0f64, 0f64, 0f64, 0f64, 0f64);
        for u in 0..GAUSSIAN_LEN {
            let k = GAUSSIAN[u];
            let (p, q) = (rw[u], cw[u]);
            a += f64::from(p * k);
            b += f64::from(q * k);
            aa += f64::from((p * p) * k);
            bb += f64::from((q * q) * k);
            ab += f64::from((p * q) * k);
        }
        mu1[x] = a as f32;
        mu2[x] = b as f32;
        s11[x] = aa as f32;
        s22[x] = bb as f32;
        s12[x] = ab as f32;
    }
}

/// Vertical pass of `_iqa_convolve`: `out[x] = (float) Σ_v (float)(rows[v][x]·k[v])`, the sum
/// in `double`, `v` = 0..11 in order.
pub fn ssim_vfilter(rows: &[&[f32]; 11], out: &mut [f32]) {
    for (x, o) in out.iter_mut().enumerate() {
        let mut s = 0f64;
        for (row, &k) in rows.iter().zip(&GAUSSIAN) {
            s += f64::from(row[x] * k);
        }
        *o = s as f32;
    }
}

/// Running sums of the per-pixel SSIM terms (`_iqa_ssim`, default arguments).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SsimSums {
    /// Σ l·c·s.
    pub ssim: f64,
    /// Σ l (luminance term).
    pub l: f64,
    /// Σ c (contrast term).
    pub c: f64,
    /// Σ s (structure term).
    pub s: f64,
}

/// The per-pixel terms of `_iqa_ssim` (its default branch) for one row of filtered statistics,
/// added in row order to `acc`.
///
/// With σ1² = max(0, E\[x²\] − μ1²), σ2² likewise, σ12 = E\[xy\] − μ1μ2 (all `float`) and
/// σ1σ2 = (float) √(σ1²·σ2²):
/// l = (2μ1μ2 + C1)/(μ1² + μ2² + C1), c = (2σ1σ2 + C2)/(σ1² + σ2² + C2) (numerators in `double`,
/// denominators in `float`), s = (σ12 + C3)/(σ1σ2 + C3) in `float`, with σ12 taken as 0 where it
/// is negative and σ1σ2 ≤ 0 (upstream's fix for flat identical regions).
pub fn ssim_stats_row(
    mu1: &[f32],
    mu2: &[f32],
    s11: &[f32],
    s22: &[f32],
    s12: &[f32],
    acc: &mut SsimSums,
) {
    let c1 = ssim_c1();
    let c2 = ssim_c2();
    let c3 = c2 / 2.0;
    let n = mu1
        .len()
        .min(mu2.len())
        .min(s11.len())
        .min(s22.len())
        .min(s12.len());
    for x in 0..n {
        let (m1, m2) = (mu1[x], mu2[x]);
        let mut v1 = s11[x] - m1 * m1;
        let mut v2 = s22[x] - m2 * m2;
        // MAX(0.0, v) compares in double; NaN stays NaN as in C.
        if 0.0 > f64::from(v1) {
            v1 = 0.0;
        }
        if 0.0 > f64::from(v2) {
            v2 = 0.0;
        }
        let cov = s12[x] - m1 * m2;
        let sd12 = f64::from(v1 * v2).sqrt() as f32;
        let l = (2.0 * f64::from(m1) * f64::from(m2) + f64::from(c1))
            / f64::from(m1 * m1 + m2 * m2 + c1);
        let c = (2.0 * f64::from(sd12) + f64::from(c2)) / f64::from(v1 + v2 + c2);
        let cov = if cov < 0.0 && sd12 <= 0.0 { 0.0 } else { cov };
        let s = f64::from((cov + c3) / (sd12 + c3));
        acc.ssim += l * c * s;
        acc.l += l;
        acc.c += c;
        acc.s += s;
    }
}

/// `KBND_SYMMETRIC`: half-sample symmetric extension (`-1 → 0`, `n → n-1`), clamped so that no
/// index can leave the image (the callers' size limits make the clamp a no-op).
#[inline(always)]
fn symmetric(i: isize, n: usize) -> usize {
    let n = n as isize;
    let m = if i < 0 {
        -1 - i
    } else if i >= n {
        2 * n - i - 1
    } else {
        i
    };
    m.clamp(0, n - 1) as usize
}

/// `_iqa_decimate` with `_iqa_filter_pixel`: low-pass filter `img` (`w`×`h`, tightly packed)
/// with the `kw`×`kw` kernel `kernel` (row-major) at every `factor`-th pixel of every
/// `factor`-th row, with symmetric borders, into `out`, which becomes
/// `(w/factor + (w&1))`×`(h/factor + (h&1))` (upstream's size rule); returns that size.
///
/// Each output is `(float) Σ_v Σ_u (float)(img·k)`, the sum in `double`, over rows then columns
/// of the kernel, taps `-kw/2 ..= kw/2 - (kw even)`.
pub fn decimate(
    img: &[f32],
    w: usize,
    h: usize,
    factor: usize,
    kernel: &[f32],
    kw: usize,
    out: &mut [f32],
) -> (usize, usize) {
    let sw = w / factor + (w & 1);
    let sh = h / factor + (h & 1);
    let half = (kw / 2) as isize;
    let hi = half - isize::from(kw.is_multiple_of(2));
    for y in 0..sh {
        let cy = (y * factor) as isize;
        let interior_y = cy - half >= 0 && cy + hi < h as isize;
        for x in 0..sw {
            let cx = (x * factor) as isize;
            let interior = interior_y && cx - half >= 0 && cx + hi < w as isize;
            let mut sum = 0f64;
            let mut k = 0;
            if interior {
                for v in -half..=hi {
                    let row = (cy + v) as usize * w;
                    let base = row + (cx - half) as usize;
                    for &p in &img[base..base + kw] {
                        sum += f64::from(p * kernel[k]);
                        k += 1;
                    }
                }
            } else {
                for v in -half..=hi {
                    let row = symmetric(cy + v, h) * w;
                    for u in -half..=hi {
                        sum += f64::from(img[row + symmetric(cx + u, w)] * kernel[k]);
                        k += 1;
                    }
                }
            }
            out[y * sw + x] = sum as f32;
        }
    }
    (sw, sh)
}

// ---------------------------------------------------------------------------------------------
// PSNR-HVS (third_party/xiph/psnr_hvs.c)
// ---------------------------------------------------------------------------------------------

/// Daala's unbiased right shift (`OD_UNBIASED_RSHIFT32`): adds the sign bit's carry so that
/// negative values round toward zero like positive ones, then shifts arithmetically.
#[inline(always)]
fn unbiased_rshift(a: i32, b: u32) -> i32 {
    (((a as u32) >> (32 - b)).wrapping_add(a as u32) as i32) >> b
}

/// `(a·m + r) >> s` in wrapping 32-bit arithmetic (upstream's `int` lifting steps).
#[inline(always)]
fn lift(a: i32, m: i32, r: i32, s: u32) -> i32 {
    a.wrapping_mul(m).wrapping_add(r) >> s
}

/// Daala's 8-point integer DCT-II (`od_bin_fdct8`): reads `x[0], x[stride], … x[7·stride]`,
/// writes 8 coefficients to `y`. A lifting implementation, exact in integers.
fn fdct8(y: &mut [i32], x: &[i32], stride: usize) {
    let mut t0 = x[0];
    let mut t4 = x[stride];
    let mut t2 = x[2 * stride];
    let mut t6 = x[3 * stride];
    let mut t7 = x[4 * stride];
    let mut t3 = x[5 * stride];
    let mut t5 = x[6 * stride];
    let mut t1 = x[7 * stride];
    // +1/-1 butterflies.
    t1 = t0.wrapping_sub(t1);
    let t1h = unbiased_rshift(t1, 1);
    t0 = t0.wrapping_sub(t1h);
    t4 = t4.wrapping_add(t5);
    let t4h = unbiased_rshift(t4, 1);
    t5 = t5.wrapping_sub(t4h);
    t3 = t2.wrapping_sub(t3);
    t2 = t2.wrapping_sub(unbiased_rshift(t3, 1));
    t6 = t6.wrapping_add(t7);
    let t6h = unbiased_rshift(t6, 1);
    t7 = t6h.wrapping_sub(t7);
    // Embedded 4-point DCT-II.
    t0 = t0.wrapping_add(t6h);
    t6 = t0.wrapping_sub(t6);
    t2 = t4h.wrapping_sub(t2);
    t4 = t2.wrapping_sub(t4);
    // Embedded 2-point DCT-II.
    t0 = t0.wrapping_sub(lift(t4, 13573, 16384, 15));
    t4 = t4.wrapping_add(lift(t0, 11585, 8192, 14));
    t0 = t0.wrapping_sub(lift(t4, 13573, 16384, 15));
    // Embedded 2-point DST-IV.
    t6 = t6.wrapping_sub(lift(t2, 21895, 16384, 15));
    t2 = t2.wrapping_add(lift(t6, 15137, 8192, 14));
    t6 = t6.wrapping_sub(lift(t2, 21895, 16384, 15));
    // Embedded 4-point DST-IV.
    t3 = t3.wrapping_add(lift(t5, 19195, 16384, 15));
    t5 = t5.wrapping_add(lift(t3, 11585, 8192, 14));
    t3 = t3.wrapping_sub(lift(t5, 7489, 4096, 13));
    t7 = unbiased_rshift(t5, 1).wrapping_sub(t7);
    t5 = t5.wrapping_sub(t7);
    t3 = t1h.wrapping_sub(t3);
    t1 = t1.wrapping_sub(t3);
    t7 = t7.wrapping_add(lift(t1, 3227, 16384, 15));
    t1 = t1.wrapping_sub(lift(t7, 6393, 16384, 15));
    t7 = t7.wrapping_add(lift(t1, 3227, 16384, 15));
    t5 = t5.wrapping_add(lift(t3, 2485, 4096, 13));
    t3 = t3.wrapping_sub(lift(t5, 18205, 16384, 15));
    t5 = t5.wrapping_add(lift(t3, 2485, 4096, 13));
    y[..8].copy_from_slice(&[t0, t1, t2, t3, t4, t5, t6, t7]);
}

/// Daala's 8x8 forward DCT (`od_bin_fdct8x8`) in place on a row-major block: the columns are
/// transformed into an intermediate (one column per row), then that intermediate's columns.
pub fn fdct8x8(block: &mut [i32; 64]) {
    let mut z = [0i32; 64];
    for i in 0..8 {
        fdct8(&mut z[8 * i..], &block[i..], 8);
    }
    for i in 0..8 {
        fdct8(&mut block[8 * i..], &z[i..], 8);
    }
}

/// Statistics of one 8x8 block for the masking: the global variance ratio
/// `Σ quadrant variances / global variance` (or the raw global variance when that is 0).
#[inline(always)]
fn hvs_variance_ratio(b: &[i32; 64]) -> f32 {
    let mut means = [0f32; 4];
    let mut vars = [0f32; 4];
    let mut gmean = 0f32;
    let mut gvar = 0f32;
    for i in 0..8 {
        for j in 0..8 {
            let sub = ((i & 12) >> 2) + ((j & 12) >> 1);
            let v = b[i * 8 + j] as f32;
            gmean += v;
            means[sub] += v;
        }
    }
    gmean /= 64.0;
    for m in &mut means {
        *m /= 16.0;
    }
    for i in 0..8 {
        for j in 0..8 {
            let sub = ((i & 12) >> 2) + ((j & 12) >> 1);
            let v = b[i * 8 + j] as f32;
            gvar += (v - gmean) * (v - gmean);
            vars[sub] += (v - means[sub]) * (v - means[sub]);
        }
    }
    gvar *= 1.0f32 / 63.0 * 64.0;
    for v in &mut vars {
        *v *= 1.0f32 / 15.0 * 16.0;
    }
    if gvar > 0.0 {
        gvar = (vars[0] + vars[1] + vars[2] + vars[3]) / gvar;
    }
    gvar
}

/// Masking energy of a transformed block: `(float)(√(Σ_AC c²·mask · ratio) / 32)`.
#[inline(always)]
fn hvs_mask(b: &[i32; 64], mask: &[f32; 64], ratio: f32) -> f32 {
    let mut m = 0f32;
    for (&c, &w) in b.iter().zip(mask).skip(1) {
        m += c.wrapping_mul(c) as f32 * w;
    }
    (f64::from(m * ratio).sqrt() / 32.0) as f32
}

/// One 8x8 block of `calc_psnrhvs`: variance ratios of both blocks, their DCTs, the larger
/// masking threshold, then `ret += (e·csf)²` for each coefficient with
/// `e = max(0, |S − D| − mask_threshold/mask)` (the DC coefficient unmasked), in row-major
/// order. Both blocks are transformed in place. Returns the updated running sum.
pub fn hvs_block(
    s: &mut [i32; 64],
    d: &mut [i32; 64],
    csf: &[f32; 64],
    mask: &[f32; 64],
    mut ret: f32,
) -> f32 {
    let s_ratio = hvs_variance_ratio(s);
    let d_ratio = hvs_variance_ratio(d);
    fdct8x8(s);
    fdct8x8(d);
    let mut s_mask = hvs_mask(s, mask, s_ratio);
    let d_mask = hvs_mask(d, mask, d_ratio);
    if d_mask > s_mask {
        s_mask = d_mask;
    }
    for k in 0..64 {
        let mut err = s[k].wrapping_sub(d[k]).wrapping_abs() as f32;
        if k != 0 {
            let t = s_mask / mask[k];
            err = if err < t { 0.0 } else { err - t };
        }
        ret += (err * csf[k]) * (err * csf[k]);
    }
    ret
}

// ---------------------------------------------------------------------------------------------
// CIEDE2000 (ciede.c)
// ---------------------------------------------------------------------------------------------

/// A CIE L\*a\*b\* colour in `float`, as upstream's `LABColor`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lab {
    /// Lightness L\*.
    pub l: f32,
    /// a\*.
    pub a: f32,
    /// b\*.
    pub b: f32,
}

/// sRGB transfer function inverse (`rgb_to_xyz_map`), in `double`.
#[inline(always)]
fn srgb_to_linear(c: f64) -> f64 {
    if c > 10.0 / 255.0 {
        ((c + 0.055) * (1.0 / 1.055)).powf(black_box(2.4))
    } else {
        c * (1.0 / 12.92)
    }
}

/// `xyz_to_lab_map`: the cube root (as `pow(c, 1/3)`) above ε, the linear segment below; the
/// result is rounded to `float` as upstream's return type does.
#[inline(always)]
fn lab_f(c: f64) -> f32 {
    const KAPPA: f64 = 24389.0 / 27.0;
    const EPSILON: f64 = 216.0 / 24389.0;
    if c > EPSILON {
        c.powf(black_box(1.0 / 3.0)) as f32
    } else {
        ((KAPPA * c + 16.0) * (1.0 / 116.0)) as f32
    }
}

/// `get_lab_color`: limited-range BT.709 Y'CbCr of depth `bpc` → R'G'B' → linear RGB → XYZ
/// (D65) → L\*a\*b\*.
pub fn yuv_to_lab(y: f64, u: f64, v: f64, bpc: u32) -> Lab {
    let scale = f64::from(1u32 << (bpc - 8));
    let y = (y - 16.0 * scale) * (1.0 / (219.0 * scale));
    let u = (u - 128.0 * scale) * (1.0 / (224.0 * scale));
    let v = (v - 128.0 * scale) * (1.0 / (224.0 * scale));

    let r = srgb_to_linear(y + 1.28033 * v);
    let g = srgb_to_linear(y - 0.21482 * u - 0.38059 * v);
    let b = srgb_to_linear(y + 2.12798 * u);

    let x = r * 0.4124564390896921 + g * 0.357576077643909 + b * 0.18043748326639894;
    let yy = r * 0.21267285140562248 + g * 0.715152155287818 + b * 0.07217499330655958;
    let z = r * 0.019333895582329317 + g * 0.119192025881303 + b * 0.9503040785363677;

    let x = f64::from(lab_f(x * (1.0 / 0.95047)));
    let yy = f64::from(lab_f(yy));
    let z = f64::from(lab_f(z * (1.0 / 1.08883)));

    Lab {
        l: (116.0 * yy - 16.0) as f32,
        a: (500.0 * (x - yy)) as f32,
        b: (200.0 * (yy - z)) as f32,
    }
}

/// `get_h_prime`: hue angle in [0, 2π), 0 for a grey colour.
#[inline(always)]
fn hue_angle(x: f32, y: f32) -> f32 {
    if f64::from(x) == 0.0 && f64::from(y) == 0.0 {
        return 0.0;
    }
    let mut h = f64::from(x).atan2(f64::from(y)) as f32;
    if f64::from(h) < 0.0 {
        h = (f64::from(h) + 2.0 * PI) as f32;
    }
    h
}

/// `get_delta_h_prime` (note: upstream tests the *unprimed* chromas for zero).
#[inline(always)]
fn delta_hue(c1: f32, c2: f32, h1: f32, h2: f32) -> f32 {
    if f64::from(c1) == 0.0 || f64::from(c2) == 0.0 {
        return 0.0;
    }
    let diff = h2 - h1;
    if f64::from((h1 - h2).abs()) <= PI {
        diff
    } else if h2 <= h1 {
        (f64::from(diff) + 2.0 * PI) as f32
    } else {
        (f64::from(diff) - 2.0 * PI) as f32
    }
}

/// `get_upcase_h_bar_prime`: the mean hue.
#[inline(always)]
fn mean_hue(h1: f32, h2: f32) -> f32 {
    if f64::from(h1 - h2).abs() > PI {
        ((f64::from(h1 + h2) + 2.0 * PI) / 2.0) as f32
    } else {
        (f64::from(h1 + h2) / 2.0) as f32
    }
}

/// `get_upcase_t`.
#[inline(always)]
fn hue_weight_t(hb: f32) -> f32 {
    let hb = f64::from(hb);
    (1.0 - 0.17 * (hb - PI / 6.0).cos()
        + 0.24 * (2.0 * hb).cos()
        + 0.32 * (3.0 * hb + PI / 30.0).cos()
        - 0.20 * (4.0 * hb - 7.0 * PI / 20.0).cos()) as f32
}

/// 25⁷ as the `float` that `powf(25., 7)` folds to.
const POW25_7_F32: f32 = 6103515625.0f64 as f32;

/// `get_r_sub_t`: the rotation term.
#[inline(always)]
fn rotation_term(cbp: f32, hb: f32) -> f32 {
    let deg_of_hb = (f64::from(hb) * (180.0 / PI)) as f32;
    let degrees = ((f64::from(deg_of_hb) - 275.0) * (1.0 / 25.0)) as f32;
    let c7 = cbp.powf(black_box(7.0));
    let ratio = c7 / (cbp.powf(black_box(7.0)) + POW25_7_F32);
    let e = (60.0 * f64::from(-(degrees * degrees)).exp()) as f32;
    let rad = (f64::from(e) * (PI / 180.0)) as f32;
    (-2.0 * f64::from(ratio).sqrt() * f64::from(rad).sin()) as f32
}

/// `ciede2000` with libvmaf's weights kL = 0.65, kC = 1, kH = 4, in upstream's mix of `float`
/// and `double` arithmetic.
pub fn ciede2000(c1: Lab, c2: Lab) -> f32 {
    let k_l = 0.65f64 as f32;
    let k_c = 1.0f32;
    let k_h = 4.0f32;
    let p25_7 = 6103515625.0f64;

    let delta_l = c2.l - c1.l;
    let l_bar = (c1.l + c2.l) / 2.0;
    let sq = |v: f32| f64::from(v) * f64::from(v);
    let ch1 = (sq(c1.a) + sq(c1.b)).sqrt() as f32;
    let ch2 = (sq(c2.a) + sq(c2.b)).sqrt() as f32;
    let c_bar = (ch1 + ch2) / 2.0;
    let cb7 = f64::from(c_bar).powf(black_box(7.0));
    let g = 1.0 - (cb7 / (f64::from(c_bar).powf(black_box(7.0)) + p25_7)).sqrt();
    let a1 = (f64::from(c1.a) + f64::from(c1.a / 2.0) * g) as f32;
    let a2 = (f64::from(c2.a) + f64::from(c2.a / 2.0) * g) as f32;
    let cp1 = (sq(a1) + sq(c1.b)).sqrt() as f32;
    let cp2 = (sq(a2) + sq(c2.b)).sqrt() as f32;
    let cbp = (cp1 + cp2) / 2.0;
    let delta_c = cp2 - cp1;
    let lb50 = f64::from(l_bar - 50.0);
    let s_l = (1.0 + (0.015 * (lb50 * lb50)) / (20.0 + lb50 * lb50).sqrt()) as f32;
    let s_c = (1.0 + 0.045 * f64::from(cbp)) as f32;
    let h1 = hue_angle(c1.b, a1);
    let h2 = hue_angle(c2.b, a2);
    let dh = delta_hue(ch1, ch2, h1, h2);
    let delta_hh = (2.0 * f64::from(cp1 * cp2).sqrt() * (f64::from(dh) / 2.0).sin()) as f32;
    let hb = mean_hue(h1, h2);
    let t = hue_weight_t(hb);
    let s_h = (1.0 + 0.015 * f64::from(cbp) * f64::from(t)) as f32;
    let r_t = rotation_term(cbp, hb);
    let lightness = delta_l / (k_l * s_l);
    let chroma = delta_c / (k_c * s_c);
    let hue = delta_hh / (k_h * s_h);
    (sq(lightness) + sq(chroma) + sq(hue) + f64::from(r_t * chroma * hue)).sqrt() as f32
}

/// ΔE2000 of each pixel of one row of 4:4:4 samples (reference `r` = \[Y, U, V\], distorted
/// `d`), each rounded to `float` and added to the `double` running sum `acc` in column order.
pub fn ciede_row(r: [&[u16]; 3], d: [&[u16]; 3], bpc: u32, mut acc: f64) -> f64 {
    let n = r[0].len();
    for j in 0..n {
        let lab1 = yuv_to_lab(
            f64::from(r[0][j]),
            f64::from(r[1][j]),
            f64::from(r[2][j]),
            bpc,
        );
        let lab2 = yuv_to_lab(
            f64::from(d[0][j]),
            f64::from(d[1][j]),
            f64::from(d[2][j]),
            bpc,
        );
        acc += f64::from(ciede2000(lab1, lab2));
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A colour from `double` literals, rounded to `float` as C's initialiser does.
    fn lab(l: f64, a: f64, b: f64) -> Lab {
        Lab {
            l: l as f32,
            a: a as f32,
            b: b as f32,
        }
    }

    /// The four reference pairs of libvmaf's `test/test_ciede.c` (which accepts |Δ| < 1e-9 on
    /// `float`s, i.e. bit equality at these magnitudes).
    #[test]
    fn ciede2000_matches_libvmaf_unit_tests() {
        let cases = [
            (
                lab(0.052488625, -0.587470829, -8.98771572),
                lab(0.465437293, 0.386364758, -12.7648535),
                2.54780269f64,
            ),
            (
                lab(87.156334, -12.049645, -1.205325),
                lab(83.455727, -9.040445, -8.894289),
                4.22714281,
            ),
            (
                lab(79.718491, 9.109915, 13.727915),
                lab(78.717224, 7.526546, 5.597448),
                4.26012468,
            ),
            (
                lab(99.205299, -3.339410, 1.205873),
                lab(97.991730, -2.497345, 2.473533),
                1.26915979,
            ),
        ];
        for (a, b, want) in cases {
            let (got, want) = (ciede2000(a, b), want as f32);
            assert!(
                (f64::from(got) - f64::from(want)).abs() < 1e-9,
                "{a:?} {b:?}: {got} vs {want}"
            );
        }
    }

    #[test]
    fn identical_colours_have_zero_difference() {
        let c = yuv_to_lab(100.0, 120.0, 140.0, 8);
        assert_eq!(ciede2000(c, c), 0.0);
        // Depth scaling: a 10-bit sample 4x an 8-bit one is the same colour.
        let c10 = yuv_to_lab(400.0, 480.0, 560.0, 10);
        assert_eq!(c, c10);
    }

    #[test]
    fn sse_kernels() {
        let r = [0u8, 10, 255, 7, 9, 9];
        let d = [255u8, 10, 0, 7, 0, 0];
        // Two rows of width 2, stride 3.
        // Rows [0, 10] / [255, 10] and [7, 9] / [7, 0].
        assert_eq!(sse_u8(&r, 3, &d, 3, 2, 2), 255 * 255 + 81);
        let r = [65535u16, 0];
        let d = [0u16, 65535];
        assert_eq!(sse_u16(&r, 2, &d, 2, 2, 1), 2 * 65535u64 * 65535);
    }

    #[test]
    fn dct_of_flat_block_is_dc_only() {
        let mut b = [100i32; 64];
        fdct8x8(&mut b);
        assert_eq!(b[0], 800);
        assert!(b[1..].iter().all(|&c| c == 0), "{b:?}");
    }

    #[test]
    fn decimate_box_and_borders() {
        // 4x2 image, factor 2, 2x2 box (taps -1..=0): output (x, y) averages (2x-1..2x, 2y-1..2y).
        let img = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        let k = [0.25f32; 4];
        let mut out = [0f32; 2];
        let (sw, sh) = decimate(&img, 4, 2, 2, &k, 2, &mut out);
        assert_eq!((sw, sh), (2, 1));
        // (0,0): rows -1→0, 0; cols -1→0, 0: all sample 1.
        assert_eq!(out[0], 1.0);
        // (1,0): rows 0,0; cols 1,2 → (2+3+2+3)/4.
        assert_eq!(out[1], 2.5);
    }
}
