//! CPU feature levels: detected once, maskable by the user, never raised above the hardware.
//!
//! Levels are ordered: a kernel table built for level `L` may use any instruction set at or below
//! `L`. Detection happens at most once per process; the cap set by the user (through
//! [`set_max_level`] or the `FOVEAL_CPU` environment variable, read once at first use) only lowers
//! the level that is reported by [`CpuLevel::active`].

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// An instruction-set level, ordered from the portable scalar reference upwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum CpuLevel {
    /// Plain Rust, no explicit vector code: the reference every other level must equal.
    Scalar = 0,
    /// x86-64 AVX2 (with FMA, BMI1/2, LZCNT, POPCNT): "x86-64-v3".
    Avx2 = 1,
    /// x86-64 AVX-512 at the Ice Lake feature set (dav1d's and rav1d's "AVX512ICL"): F, BW, CD,
    /// DQ, VL plus VNNI, VBMI, VBMI2, BITALG, VPOPCNTDQ and GFNI — Intel Ice Lake and later, AMD
    /// Zen 4 and later. VNNI's `vpdpwssd` (multiply-add of 16-bit pairs into an accumulator in one
    /// instruction) is what the VIF and ADM filters spend their time in. CPUs with the older
    /// AVX-512 subset only (Skylake-SP/X, Cascade Lake lacks VBMI) run the AVX2 kernels.
    Avx512 = 2,
    /// aarch64 NEON (Advanced SIMD).
    Neon = 3,
}

impl CpuLevel {
    /// Every level, lowest first.
    pub const ALL: [CpuLevel; 4] = [
        CpuLevel::Scalar,
        CpuLevel::Avx2,
        CpuLevel::Avx512,
        CpuLevel::Neon,
    ];

    /// The name used on the command line, in `FOVEAL_CPU` and in reports.
    pub const fn name(self) -> &'static str {
        match self {
            CpuLevel::Scalar => "scalar",
            CpuLevel::Avx2 => "avx2",
            CpuLevel::Avx512 => "avx512",
            CpuLevel::Neon => "neon",
        }
    }

    /// Whether the running CPU can execute code of this level.
    pub fn is_supported(self) -> bool {
        match self {
            CpuLevel::Scalar => true,
            #[cfg(target_arch = "x86_64")]
            CpuLevel::Avx2 => {
                std::arch::is_x86_feature_detected!("avx2")
                    && std::arch::is_x86_feature_detected!("fma")
                    && std::arch::is_x86_feature_detected!("bmi1")
                    && std::arch::is_x86_feature_detected!("bmi2")
                    && std::arch::is_x86_feature_detected!("lzcnt")
                    && std::arch::is_x86_feature_detected!("popcnt")
            }
            #[cfg(target_arch = "x86_64")]
            CpuLevel::Avx512 => {
                CpuLevel::Avx2.is_supported()
                    && std::arch::is_x86_feature_detected!("avx512f")
                    && std::arch::is_x86_feature_detected!("avx512bw")
                    && std::arch::is_x86_feature_detected!("avx512cd")
                    && std::arch::is_x86_feature_detected!("avx512dq")
                    && std::arch::is_x86_feature_detected!("avx512vl")
                    && std::arch::is_x86_feature_detected!("avx512vnni")
                    && std::arch::is_x86_feature_detected!("avx512vbmi")
                    && std::arch::is_x86_feature_detected!("avx512vbmi2")
                    && std::arch::is_x86_feature_detected!("avx512bitalg")
                    && std::arch::is_x86_feature_detected!("avx512vpopcntdq")
                    && std::arch::is_x86_feature_detected!("gfni")
            }
            #[cfg(target_arch = "aarch64")]
            CpuLevel::Neon => std::arch::is_aarch64_feature_detected!("neon"),
            #[allow(unreachable_patterns)]
            _ => false,
        }
    }

    /// The levels this CPU supports, lowest first (always starts with [`CpuLevel::Scalar`]).
    pub fn supported() -> Vec<CpuLevel> {
        CpuLevel::ALL
            .into_iter()
            .filter(|l| l.is_supported())
            .collect()
    }

    /// The best level the hardware supports, ignoring any user cap. Detected once.
    pub fn detected() -> CpuLevel {
        static DETECTED: OnceLock<CpuLevel> = OnceLock::new();
        *DETECTED.get_or_init(|| {
            CpuLevel::ALL
                .into_iter()
                .rev()
                .find(|l| l.is_supported())
                .unwrap_or(CpuLevel::Scalar)
        })
    }

    /// The level kernels should use now: the detected level, lowered by the user's cap.
    pub fn active() -> CpuLevel {
        let cap = user_cap();
        let detected = CpuLevel::detected();
        match cap {
            Some(cap) => lower_to(detected, cap),
            None => detected,
        }
    }
}

/// The best level at or below `cap` that is reachable from `detected`. Levels on another
/// architecture than the cap fall back to scalar.
fn lower_to(detected: CpuLevel, cap: CpuLevel) -> CpuLevel {
    if cap == CpuLevel::Scalar {
        return CpuLevel::Scalar;
    }
    let same_family = matches!(
        (detected, cap),
        (
            CpuLevel::Avx2 | CpuLevel::Avx512,
            CpuLevel::Avx2 | CpuLevel::Avx512
        ) | (CpuLevel::Neon, CpuLevel::Neon)
    );
    if !same_family {
        return CpuLevel::Scalar;
    }
    detected.min(cap)
}

impl fmt::Display for CpuLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Error returned when parsing an unknown CPU level name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseCpuLevelError(pub String);

impl fmt::Display for ParseCpuLevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown CPU level '{}': expected one of scalar, avx2, avx512, neon",
            self.0
        )
    }
}

impl std::error::Error for ParseCpuLevelError {}

impl FromStr for CpuLevel {
    type Err = ParseCpuLevelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "scalar" | "none" | "c" | "rust" => Ok(CpuLevel::Scalar),
            "avx2" | "x86-64-v3" => Ok(CpuLevel::Avx2),
            "avx512" | "avx-512" | "avx512icl" | "x86-64-v4" => Ok(CpuLevel::Avx512),
            "neon" => Ok(CpuLevel::Neon),
            _ => Err(ParseCpuLevelError(s.to_string())),
        }
    }
}

const NO_CAP: u8 = u8::MAX;
static USER_CAP: AtomicU8 = AtomicU8::new(NO_CAP);
static ENV_READ: OnceLock<()> = OnceLock::new();

fn user_cap() -> Option<CpuLevel> {
    ENV_READ.get_or_init(|| {
        if let Ok(v) = std::env::var("FOVEAL_CPU")
            && let Ok(level) = v.parse::<CpuLevel>()
        {
            // Only if nobody set a cap programmatically before first use.
            let _ =
                USER_CAP.compare_exchange(NO_CAP, level as u8, Ordering::SeqCst, Ordering::SeqCst);
        }
    });
    match USER_CAP.load(Ordering::SeqCst) {
        NO_CAP => None,
        v => CpuLevel::ALL.into_iter().find(|l| *l as u8 == v),
    }
}

/// Caps the level used by kernels selected after this call (`None` removes the cap). The cap can
/// only lower the level: asking for a level the CPU lacks yields the best supported one below it.
/// Kernel tables already built keep their choice, so call this before creating scorers.
pub fn set_max_level(cap: Option<CpuLevel>) {
    ENV_READ.get_or_init(|| ());
    USER_CAP.store(cap.map_or(NO_CAP, |l| l as u8), Ordering::SeqCst);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_always_supported_and_first() {
        let s = CpuLevel::supported();
        assert_eq!(s[0], CpuLevel::Scalar);
        assert!(s.contains(&CpuLevel::detected()));
    }

    #[test]
    fn parse_round_trips() {
        for l in CpuLevel::ALL {
            assert_eq!(l.name().parse::<CpuLevel>().unwrap(), l);
        }
        let e = "sse9".parse::<CpuLevel>().unwrap_err();
        assert!(e.to_string().contains("sse9"));
    }

    #[test]
    fn cap_only_lowers() {
        assert_eq!(lower_to(CpuLevel::Avx512, CpuLevel::Avx2), CpuLevel::Avx2);
        assert_eq!(lower_to(CpuLevel::Avx2, CpuLevel::Avx512), CpuLevel::Avx2);
        assert_eq!(lower_to(CpuLevel::Avx2, CpuLevel::Scalar), CpuLevel::Scalar);
        assert_eq!(lower_to(CpuLevel::Neon, CpuLevel::Avx2), CpuLevel::Scalar);
        assert_eq!(
            lower_to(CpuLevel::Scalar, CpuLevel::Avx512),
            CpuLevel::Scalar
        );
    }
}
