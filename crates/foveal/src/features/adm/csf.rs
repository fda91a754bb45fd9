//! Contrast-sensitivity weights of integer ADM, per scale and orientation, computed with exactly
//! the float/double mix of libvmaf (`dwt_quant_step` in `integer_adm.c`, `barten_csf`,
//! `barten_watson_blend_csf[_mae]` in `barten_csf_tools.h`), plus their fixed-point forms.
//!
//! C promotes `float` operands to `double` whenever the other operand is `double` and rounds back
//! to `float` on every store into a `float` variable; each such step is spelled out below with
//! `as f64` / `as f32`. Calls to `pow`, `exp` and `log10` go to the platform libm, as in libvmaf.

use std::f64::consts::PI;

/// libvmaf's CSF mode: 0 = Watson 1997 wavelet thresholds.
pub const CSF_WATSON97: u8 = 0;
/// 1 = Barten's CSF as simplified in HDR-VDP-2 (at 100 cd/m²).
pub const CSF_BARTEN: u8 = 1;
/// 2 = Barten–Watson blend, fixed tables (the VMAF v1.0.16 models).
pub const CSF_BLEND: u8 = 2;
/// 3 = Barten–Watson blend, "MAE" tables.
pub const CSF_BLEND_MAE: u8 = 3;

/// C writes these tables as `double` literals stored into `float`s: parse as `f64`, then round.
const fn to_f32<const N: usize>(a: [f64; N]) -> [f32; N] {
    let mut out = [0.0f32; N];
    let mut i = 0;
    while i < N {
        out[i] = a[i] as f32;
        i += 1;
    }
    out
}

const fn table_f32<const R: usize, const C: usize>(a: [[f64; C]; R]) -> [[f32; C]; R] {
    let mut out = [[0.0f32; C]; R];
    let mut i = 0;
    while i < R {
        out[i] = to_f32(a[i]);
        i += 1;
    }
    out
}

// Watson, Yang, Solomon, Villasenor (1997), luma parameters of formula (7) / Table IV.
const WATSON_A: f32 = 0.495f64 as f32;
const WATSON_K: f32 = 0.466f64 as f32;
const WATSON_F0: f32 = 0.401f64 as f32;
const WATSON_G: [f32; 4] = to_f32([1.501, 1.0, 0.534, 1.0]);
// Table V basis-function amplitudes A[lambda][theta] (7-9 biorthogonal wavelet).
const WATSON_AMPLITUDES: [[f32; 4]; 6] = table_f32([
    [0.62171, 0.67234, 0.72709, 0.67234],
    [0.34537, 0.41317, 0.49428, 0.41317],
    [0.18004, 0.22727, 0.28688, 0.22727],
    [0.091401, 0.11792, 0.15214, 0.11792],
    [0.045943, 0.059758, 0.077727, 0.059758],
    [0.023013, 0.030018, 0.039156, 0.030018],
]);

/// Display visual resolution in pixels per degree, rounded to `f32` as libvmaf stores it.
fn pixels_per_degree(nvd: f64, rdh: u32) -> f32 {
    (nvd * rdh as f64 * PI / 180.0) as f32
}

/// Watson's quantisation step Q(lambda, theta) (formula 9), as `dwt_quant_step` computes it.
fn watson_quant_step(lambda: usize, theta: usize, nvd: f64, rdh: u32) -> f32 {
    let r = pixels_per_degree(nvd, rdh);
    let two_pow = (1u32 << (lambda + 1)) as f64;
    let temp = (two_pow * WATSON_F0 as f64 * WATSON_G[theta] as f64 / r as f64).log10() as f32;
    (2.0 * WATSON_A as f64 * 10f64.powf((WATSON_K * temp * temp) as f64)
        / WATSON_AMPLITUDES[lambda][theta] as f64) as f32
}

// HDR-VDP 2.2.1 CSF parameters at six adaptation luminances.
const BARTEN_LUM_ANCHORS: [f32; 6] = to_f32([0.002, 0.02, 0.2, 2.0, 20.0, 150.0]);
const BARTEN_PARAMS: [[f32; 5]; 6] = table_f32([
    [0.0160737, 0.991265, 3.74038, 0.50722, 4.46044],
    [0.383873, 0.800889, 3.54104, 0.682505, 4.94958],
    [0.929301, 0.476505, 4.37453, 0.750315, 5.28678],
    [1.29776, 0.405782, 4.40602, 0.935314, 5.61425],
    [1.49222, 0.334278, 3.79542, 1.07327, 6.4635],
    [1.46213, 0.394533, 2.7755, 1.16577, 7.45665],
]);
const BARTEN_SA: [f32; 4] = to_f32([30.162, 4.0627, 1.6596, 0.2712]);
const BARTEN_MTF_A: [f32; 4] = to_f32([
    0.424838596301290,
    0.572435103936480,
    0.000167576239164937,
    0.00255872352306433,
]);
const BARTEN_MTF_B: [f32; 4] = to_f32([0.028, 0.37, 37.0, 360.0]);
/// Adaptation luminance (cd/m²) libvmaf uses for the Barten CSF.
const BARTEN_LUMINANCE: f64 = 100.0;

fn lerp(left_pos: f32, left_val: f32, right_pos: f32, right_val: f32, pos: f32) -> f32 {
    left_val + ((right_val - left_val) / (right_pos - left_pos)) * (pos - left_pos)
}

fn barten_rod_cone_sens(lum: f32) -> f32 {
    let inner = ((BARTEN_SA[1] / lum) as f64).powf(BARTEN_SA[2] as f64) + 1.0;
    (BARTEN_SA[0] as f64 * inner.powf(-(BARTEN_SA[3] as f64))) as f32
}

fn barten_mtf(sf: f32) -> f32 {
    let mut mtf = 0.0f32;
    for i in 0..4 {
        mtf = (mtf as f64 + BARTEN_MTF_A[i] as f64 * ((-BARTEN_MTF_B[i] * sf) as f64).exp()) as f32;
    }
    mtf
}

/// Barten's CSF at DWT level `lambda` (nominal frequency = half the display resolution at level 0),
/// times `scale`, as `barten_csf` computes it.
fn barten_csf(lambda: usize, nvd: f64, rdh: u32, lum: f64, scale: f64) -> f32 {
    let r = pixels_per_degree(nvd, rdh);
    let sf = (r as f64 / (1u32 << (lambda + 1)) as f64) as f32;
    let lo = BARTEN_LUM_ANCHORS[0] as f64;
    let hi = BARTEN_LUM_ANCHORS[5] as f64;
    let clamped = if lum > hi {
        hi
    } else if lum < lo {
        lo
    } else {
        lum
    };
    let (mut li, mut ri) = (0, 0);
    for i in 0..5 {
        if clamped >= BARTEN_LUM_ANCHORS[i] as f64 && clamped <= BARTEN_LUM_ANCHORS[i + 1] as f64 {
            li = i;
            ri = i + 1;
            break;
        }
    }
    let left_pos = (BARTEN_LUM_ANCHORS[li] as f64).log10() as f32;
    let right_pos = (BARTEN_LUM_ANCHORS[ri] as f64).log10() as f32;
    let pos = clamped.log10() as f32;
    let p = |k: usize| {
        lerp(
            left_pos,
            BARTEN_PARAMS[li][k],
            right_pos,
            BARTEN_PARAMS[ri][k],
            pos,
        )
    };
    let (p0, p1, p2, p3) = (p(1), p(2), p(3), p(4));
    let a = (1.0 + ((p0 * sf) as f64).powf(p1 as f64)) as f32;
    let q = (sf / 7.0) as f64;
    let b = (1.0 / (1.0 - (-(q * q)).exp()).powf(p2 as f64)) as f32;
    let csf = (p3 as f64 / ((a * b) as f64).powf(0.5)) as f32;
    ((csf * barten_mtf(sf) * barten_rod_cone_sens(lum as f32)) as f64 * scale) as f32
}

/// Barten–Watson blend weights `[theta][scale]` (theta 0 = h/v, 1 = d), one table per
/// (display height, viewing distance); the v1.0.16 models use these.
type BlendTable = [[f32; 4]; 2];
const BLEND_1080_3H: BlendTable = [
    [0.01183, 0.025026, 0.04295, 0.058621],
    [0.004302, 0.011778, 0.023918, 0.035901],
];
const BLEND_1080_5H: BlendTable = [
    [0.004212, 0.014809, 0.029642, 0.047464],
    [0.000984, 0.005852, 0.0146, 0.027574],
];
const BLEND_2160_3H: BlendTable = [
    [0.00226, 0.01183, 0.025026, 0.04295],
    [0.000479, 0.004302, 0.011778, 0.023918],
];
const BLEND_2160_5H: BlendTable = [
    [0.000092, 0.004212, 0.014809, 0.029642],
    [0.000050, 0.000984, 0.005852, 0.0146],
];
const BLEND_720_3H: BlendTable = [
    [0.018715, 0.035637, 0.052798, 0.061509],
    [0.007999, 0.018396, 0.031851, 0.037718],
];
const BLEND_720_5H: BlendTable = [
    [0.010144, 0.022561, 0.040309, 0.05672],
    [0.003463, 0.010282, 0.021839, 0.034641],
];
const BLEND_480_3H: BlendTable = [
    [0.027961, 0.045875, 0.060275, 0.056234],
    [0.013572, 0.026277, 0.036959, 0.034511],
];
const BLEND_480_5H: BlendTable = [
    [0.016781, 0.032822, 0.05032, 0.061594],
    [0.00691, 0.016545, 0.029917, 0.037777],
];
const BLEND_MAE_1080_3H: BlendTable = [
    [0.011249, 0.022606, 0.035930, 0.045673],
    [0.004097, 0.010921, 0.021430, 0.031313],
];
const BLEND_MAE_1080_5H: BlendTable = [
    [0.004052, 0.013939, 0.026298, 0.038833],
    [0.000927, 0.005544, 0.013415, 0.024515],
];
const BLEND_MAE_2160_3H: BlendTable = [
    [0.002166, 0.011249, 0.022606, 0.035930],
    [0.000447, 0.004097, 0.010921, 0.021430],
];
const BLEND_MAE_2160_5H: BlendTable = [
    [0.000077, 0.004052, 0.013939, 0.026298],
    [0.000045, 0.000927, 0.005544, 0.013415],
];
const BLEND_MAE_720_3H: BlendTable = [
    [0.017329, 0.030870, 0.042134, 0.047410],
    [0.007509, 0.016707, 0.028072, 0.032722],
];
const BLEND_MAE_720_5H: BlendTable = [
    [0.009689, 0.020577, 0.034162, 0.044523],
    [0.003302, 0.009579, 0.019661, 0.030318],
];
const BLEND_MAE_480_3H: BlendTable = [
    [0.024969, 0.037825, 0.046676, 0.043974],
    [0.012511, 0.023424, 0.032139, 0.030166],
];
const BLEND_MAE_480_5H: BlendTable = [
    [0.015665, 0.028766, 0.040612, 0.047483],
    [0.006514, 0.015107, 0.026476, 0.032776],
];

/// The (display height, viewing distance) pairs that have blend tables, as libvmaf matches them
/// (exact comparison of the viewing distance). 2160 at 1.5H reuses the 1080 at 3H table.
pub const BLEND_VIEWING_CONDITIONS: [(u32, f64); 9] = [
    (1080, 3.0),
    (1080, 5.0),
    (2160, 1.5),
    (2160, 3.0),
    (2160, 5.0),
    (720, 3.0),
    (720, 5.0),
    (480, 3.0),
    (480, 5.0),
];

/// The blend table for `(rdh, nvd)`, or `None` where libvmaf has none (it would return `-EINVAL`
/// as a weight).
pub fn blend_table(mae: bool, rdh: u32, nvd: f64) -> Option<&'static BlendTable> {
    const TABLES: [(u32, f64, &BlendTable, &BlendTable); 9] = [
        (1080, 3.0, &BLEND_1080_3H, &BLEND_MAE_1080_3H),
        (1080, 5.0, &BLEND_1080_5H, &BLEND_MAE_1080_5H),
        (2160, 1.5, &BLEND_1080_3H, &BLEND_MAE_1080_3H),
        (2160, 3.0, &BLEND_2160_3H, &BLEND_MAE_2160_3H),
        (2160, 5.0, &BLEND_2160_5H, &BLEND_MAE_2160_5H),
        (720, 3.0, &BLEND_720_3H, &BLEND_MAE_720_3H),
        (720, 5.0, &BLEND_720_5H, &BLEND_MAE_720_5H),
        (480, 3.0, &BLEND_480_3H, &BLEND_MAE_480_3H),
        (480, 5.0, &BLEND_480_5H, &BLEND_MAE_480_5H),
    ];
    TABLES
        .iter()
        .find(|(h, d, _, _)| *h == rdh && *d == nvd)
        .map(|&(_, _, legacy, mae_table)| if mae { mae_table } else { legacy })
}

/// The CSF weights (h/v factor, d factor) of DWT scale `scale` (0..=3), as `float`s.
/// `mode` must be valid (and, for modes 2 and 3, `(rdh, nvd)` must have a table).
pub fn factors(
    mode: u8,
    scale: usize,
    nvd: f64,
    rdh: u32,
    csf_scale: f64,
    csf_diag_scale: f64,
) -> (f32, f32) {
    match mode {
        CSF_BARTEN => (
            barten_csf(scale, nvd, rdh, BARTEN_LUMINANCE, csf_scale),
            barten_csf(scale, nvd, rdh, BARTEN_LUMINANCE, csf_diag_scale),
        ),
        CSF_BLEND | CSF_BLEND_MAE => {
            let t = blend_table(mode == CSF_BLEND_MAE, rdh, nvd).unwrap_or(&[[f32::NAN; 4]; 2]);
            (t[0][scale], t[1][scale])
        }
        _ => (
            1.0 / watson_quant_step(scale, 1, nvd, rdh),
            1.0 / watson_quant_step(scale, 2, nvd, rdh),
        ),
    }
}

/// C's `(int32_t)` of a `double` as x86-64 executes it (`cvttsd2si`): truncation, and
/// `INT32_MIN` for NaN or out-of-range values.
fn c_double_to_i32(v: f64) -> i32 {
    if v > -2_147_483_649.0 && v < 2_147_483_648.0 {
        v as i32
    } else {
        i32::MIN
    }
}

/// The scale-0 fixed-point weights (h, v, d): libvmaf's hard-coded `{36453, 36453, 49417}` for
/// Watson at 3H/1080 (or any `nvd·rdh` equal to 3240), else `(uint16_t)(factor·2^21)` for h, v
/// and `·2^23` for d (conversion as gcc emits it on x86-64: through a 32-bit signed integer).
pub fn rfactor_s0(mode: u8, nvd: f64, rdh: u32, f: (f32, f32)) -> [u16; 3] {
    if (nvd * rdh as f64 - 3.0 * 1080.0).abs() < 1.0e-8 && mode == CSF_WATSON97 {
        return [36453, 36453, 49417];
    }
    let hv = c_double_to_i32(f.0 as f64 * (1u64 << 21) as f64) as u16;
    let d = c_double_to_i32(f.1 as f64 * (1u64 << 23) as f64) as u16;
    [hv, hv, d]
}

/// The scales-1..=3 fixed-point weights (h, v, d): `(uint32_t)(factor·2^32)`, saturating when the
/// weight is 1 or more (Barten weights are: 1.2 to 27). C leaves that conversion undefined;
/// saturation is what libvmaf computes on AArch64 (`fcvtzu`) and in its x86 AVX-512 kernels
/// (`vcvttsd2usi`), the build the project's goldens come from. Its plain-C and AVX2 x86 builds wrap
/// modulo 2^32 instead, so libvmaf's own CSF-mode-1 scores differ between builds.
pub fn rfactor_s123(f: (f32, f32)) -> [u32; 3] {
    let hv = (f.0 as f64 * 4_294_967_296.0) as u32;
    let d = (f.1 as f64 * 4_294_967_296.0) as u32;
    [hv, hv, d]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watson_factors_at_3h_1080_match_the_published_values() {
        // libvmaf-notes §2.2: h/v 0.017382, 0.031985, 0.043373, 0.045673; d 0.005891, 0.014299,
        // 0.024397, 0.031313.
        let hv = [0.017382, 0.031985, 0.043373, 0.045673];
        let d = [0.005891, 0.014299, 0.024397, 0.031313];
        for s in 0..4 {
            let (f1, f2) = factors(CSF_WATSON97, s, 3.0, 1080, 1.0, 1.0);
            assert!((f1 as f64 - hv[s]).abs() < 1e-6, "scale {s}: {f1}");
            assert!((f2 as f64 - d[s]).abs() < 1e-6, "scale {s}: {f2}");
        }
        // Recomputing the scale-0 fixed point gives 36451, not libvmaf's hard-coded 36453.
        let f = factors(CSF_WATSON97, 0, 3.0, 1080, 1.0, 1.0);
        assert_eq!((f.0 as f64 * (1u64 << 21) as f64) as u16, 36451);
        assert_eq!(
            rfactor_s0(CSF_WATSON97, 3.0, 1080, f),
            [36453, 36453, 49417]
        );
        assert_eq!(
            rfactor_s0(CSF_WATSON97, 1.5, 2160, f),
            [36453, 36453, 49417]
        );
    }

    #[test]
    fn blend_tables_are_found_like_libvmaf() {
        assert_eq!(blend_table(false, 1080, 3.0).unwrap()[0][0], 0.01183);
        assert_eq!(blend_table(false, 2160, 1.5), blend_table(false, 1080, 3.0));
        assert_eq!(blend_table(true, 480, 5.0).unwrap()[1][3], 0.032776);
        assert!(blend_table(false, 1080, 4.0).is_none());
        assert!(blend_table(false, 1440, 3.0).is_none());
    }

    #[test]
    fn barten_is_finite_and_positive() {
        for s in 0..4 {
            let (f1, f2) = factors(CSF_BARTEN, s, 3.0, 1080, 1.0, 1.0);
            assert!(
                f1.is_finite() && f1 > 0.0 && f1 == f2,
                "scale {s}: {f1} {f2}"
            );
        }
    }

    #[test]
    fn c_conversions_follow_x86_64() {
        assert_eq!(c_double_to_i32(65536.0 + 5.9) as u16, 5);
        assert_eq!(c_double_to_i32(3.0e9), i32::MIN);
        assert_eq!(rfactor_s123((26.9, 0.5)), [u32::MAX, u32::MAX, 1 << 31]);
    }
}
