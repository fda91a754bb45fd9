//! Luminance model of CAMBI: 10-bit limited-range codes through an EOTF to nits, the
//! just-noticeable contrast threshold per code step ("TVI", threshold vs. intensity) and the
//! darkest visible code. Mirrors libvmaf `luminance_tools.c` and `cambi.c`
//! (`tvi_condition`, `tvi_hard_threshold_condition`, `get_tvi_for_diff`, `get_vlt_luma`).
//!
//! These run once per extractor; they only produce small integers (code values), computed with
//! the same `f64` operations and `pow` calls as libvmaf.

use crate::error::{Error, Result};

use super::options::Eotf;

/// Lowest code of 10-bit limited ("video") range: 16 << 2.
pub const LUMA_FOOT: i32 = 64;
/// Highest code of 10-bit limited range: 235 << 2.
pub const LUMA_HEAD: i32 = 940;
/// Largest 10-bit code, returned when the threshold is never reached.
const MAX_10BIT: i32 = 1023;

const BT1886_GAMMA: f64 = 2.4;
const BT1886_LW: f64 = 300.0;
const BT1886_LB: f64 = 0.01;

/// ITU-R BT.1886 EOTF with a 300 nit white and 0.01 nit black (libvmaf
/// `vmaf_luminance_bt1886_eotf`); `v` is the normalised signal in `[0, 1]`.
pub fn bt1886_eotf(v: f64) -> f64 {
    let a = (BT1886_LW.powf(1.0 / BT1886_GAMMA) - BT1886_LB.powf(1.0 / BT1886_GAMMA))
        .powf(BT1886_GAMMA);
    let b = BT1886_LB.powf(1.0 / BT1886_GAMMA)
        / (BT1886_LW.powf(1.0 / BT1886_GAMMA) - BT1886_LB.powf(1.0 / BT1886_GAMMA));
    let x = v + b;
    a * (if x > 0.0 { x } else { 0.0 }).powf(BT1886_GAMMA)
}

/// SMPTE ST 2084 (PQ) EOTF in nits (libvmaf `vmaf_luminance_pq_eotf`).
pub fn pq_eotf(v: f64) -> f64 {
    const M1: f64 = 0.1593017578125;
    const M2: f64 = 78.84375;
    const C1: f64 = 0.8359375;
    const C2: f64 = 18.8515625;
    const C3: f64 = 18.6875;
    let num = v.powf(1.0 / M2) - C1;
    let num = if num > 0.0 { num } else { 0.0 };
    let den = C2 - C3 * v.powf(1.0 / M2);
    10000.0 * (num / den).powf(1.0 / M1)
}

impl Eotf {
    /// Luminance in nits of the normalised signal `v`.
    pub fn apply(self, v: f64) -> f64 {
        match self {
            Eotf::Bt1886 => bt1886_eotf(v),
            Eotf::Pq => pq_eotf(v),
        }
    }
}

/// Luminance (nits) of 10-bit code `sample`, clipped to limited range and normalised to `[0, 1]`
/// (libvmaf `vmaf_luminance_get_luminance` with a 10-bit limited `VmafLumaRange`).
pub fn luminance(sample: i32, eotf: Eotf) -> f64 {
    let clipped = sample.clamp(LUMA_FOOT, LUMA_HEAD);
    let normalized = f64::from(clipped - LUMA_FOOT) / f64::from(LUMA_HEAD - LUMA_FOOT);
    eotf.apply(normalized)
}

/// Whether a step of `diff` codes above `sample` is a visible contrast:
/// `Y(sample + diff) - Y(sample) > tvi_threshold * Y(sample)`.
pub fn tvi_condition(sample: i32, diff: i32, tvi_threshold: f64, eotf: Eotf) -> bool {
    let mean = luminance(sample, eotf);
    let stepped = luminance(sample + diff, eotf);
    stepped - mean > tvi_threshold * mean
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bisect {
    TooSmall,
    Correct,
    TooBig,
}

fn hard_threshold(sample: i32, diff: i32, tvi_threshold: f64, eotf: Eotf) -> Bisect {
    if !tvi_condition(sample, diff, tvi_threshold, eotf) {
        return Bisect::TooBig;
    }
    if tvi_condition(sample + 1, diff, tvi_threshold, eotf) {
        return Bisect::TooSmall;
    }
    Bisect::Correct
}

/// The largest 10-bit code at which a step of `diff` codes is still visible (the condition holds
/// there but not one code higher), found by bisection over `[64, 940 - diff - 1]` (libvmaf
/// `get_tvi_for_diff` at 10 bit). Returns 0 when no step is visible, 1023 when every step is.
/// `diff` is a step of 1..=32 codes.
pub fn tvi_for_diff(diff: i32, tvi_threshold: f64, eotf: Eotf) -> i32 {
    let mut foot = LUMA_FOOT;
    let mut head = LUMA_HEAD - diff - 1;
    match hard_threshold(foot, diff, tvi_threshold, eotf) {
        Bisect::TooBig => return 0,
        Bisect::Correct => return foot,
        Bisect::TooSmall => {}
    }
    match hard_threshold(head, diff, tvi_threshold, eotf) {
        Bisect::TooSmall => return MAX_10BIT,
        Bisect::Correct => return head,
        Bisect::TooBig => {}
    }
    // Invariant: the condition holds at foot and foot + 1 and fails at head, so for the steps
    // CAMBI uses (1..=32) head >= foot + 2 and every midpoint lies strictly between them; the
    // loop ends within 10 rounds. The cap only guards exotic `diff` values of this public helper.
    for _ in 0..64 {
        let mid = foot + (head - foot) / 2;
        match hard_threshold(mid, diff, tvi_threshold, eotf) {
            Bisect::TooBig => head = mid,
            Bisect::TooSmall => foot = mid,
            Bisect::Correct => return mid,
        }
    }
    foot
}

/// The smallest 10-bit code whose luminance reaches `threshold` nits, or 0 when the lowest
/// limited-range code already does (libvmaf `get_vlt_luma`). libvmaf loops forever when the
/// threshold exceeds the EOTF's peak; this returns an error instead.
pub fn vlt_luma(threshold: f64, eotf: Eotf) -> Result<u16> {
    let mut sample = LUMA_FOOT;
    while luminance(sample, eotf) < threshold {
        sample += 1;
        if sample > LUMA_HEAD {
            return Err(Error::invalid(
                "cambi_vis_lum_threshold",
                threshold,
                format!(
                    "at most the {} peak luminance {} nits (libvmaf never terminates above it)",
                    eotf.name(),
                    luminance(LUMA_HEAD, eotf)
                ),
            ));
        }
    }
    Ok(if sample == LUMA_FOOT {
        0
    } else {
        sample as u16
    })
}

#[cfg(test)]
mod tests {
    //! Expectations from libvmaf's `test/test_cambi.c`.
    use super::*;

    #[test]
    fn tvi_for_default_threshold() {
        let got: Vec<i32> = (1..=4)
            .map(|d| tvi_for_diff(d, 0.019, Eotf::Bt1886))
            .collect();
        assert_eq!(got, [178, 305, 432, 559]);
    }

    #[test]
    fn tvi_condition_and_bisection_flags() {
        assert!(tvi_condition(177, 1, 0.019, Eotf::Bt1886));
        assert!(tvi_condition(178, 1, 0.019, Eotf::Bt1886));
        assert!(!tvi_condition(179, 1, 0.019, Eotf::Bt1886));
        assert!(tvi_condition(935, 4, 0.01, Eotf::Bt1886));
        assert!(tvi_condition(936, 4, 0.01, Eotf::Bt1886));
        assert_eq!(
            hard_threshold(177, 1, 0.019, Eotf::Bt1886),
            Bisect::TooSmall
        );
        assert_eq!(hard_threshold(178, 1, 0.019, Eotf::Bt1886), Bisect::Correct);
        assert_eq!(hard_threshold(179, 1, 0.019, Eotf::Bt1886), Bisect::TooBig);
        assert_eq!(hard_threshold(305, 2, 0.019, Eotf::Bt1886), Bisect::Correct);
    }

    #[test]
    fn vlt_luma_values() {
        assert_eq!(vlt_luma(0.0, Eotf::Bt1886).unwrap(), 0);
        assert_eq!(vlt_luma(0.06, Eotf::Bt1886).unwrap(), 78);
        let e = vlt_luma(300.0, Eotf::Bt1886);
        // 300 nits is BT.1886's nominal white: either reached at 940 or refused, never a hang.
        if let Ok(v) = e {
            assert_eq!(v, 940);
        }
        assert!(vlt_luma(300.0, Eotf::Pq).unwrap() > 64);
    }

    #[test]
    fn eotf_end_points() {
        assert!((bt1886_eotf(0.0) - 0.01).abs() < 1e-12);
        assert!((bt1886_eotf(1.0) - 300.0).abs() < 1e-9);
        assert!((pq_eotf(1.0) - 10000.0).abs() < 1e-6);
        assert_eq!(pq_eotf(0.0), 0.0);
    }

    #[test]
    fn pq_thresholds_are_ordered() {
        let t: Vec<i32> = (1..=4).map(|d| tvi_for_diff(d, 0.019, Eotf::Pq)).collect();
        assert!(t.windows(2).all(|w| w[0] <= w[1]), "{t:?}");
    }
}
