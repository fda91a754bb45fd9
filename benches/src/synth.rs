//! Deterministic synthetic pictures for the criterion benches: smooth gradients with texture and
//! noise (so filters see realistic value ranges), and a "distorted" twin with blur-like changes.

/// A small xorshift generator (deterministic, no dependency).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a non-zero seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

/// A `w`×`h` picture with samples in `0..=max`: gradient plus texture plus noise.
pub fn picture(w: usize, h: usize, max: u32, seed: u64) -> Vec<u32> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let g = (x * 3 + y * 2) as f64 / (3 * w + 2 * h) as f64;
            let t = ((x as f64 * 0.07).sin() * (y as f64 * 0.05).cos()) * 0.15;
            let n = (rng.next_u64() % 1000) as f64 / 1000.0 * 0.08 - 0.04;
            let v = ((g * 0.8 + 0.1 + t + n).clamp(0.0, 1.0) * max as f64).round();
            out.push(v as u32);
        }
    }
    out
}

/// A `w`×`h` picture prone to banding, for CAMBI: the top two thirds a smooth, noise-free ramp
/// spanning only `max / 8` code values (wide flat steps, as in skies and dark gradients), the
/// bottom third the textured content of [`picture`].
pub fn banded(w: usize, h: usize, max: u32, seed: u64) -> Vec<u32> {
    let mut out = picture(w, h, max, seed);
    let split = h * 2 / 3;
    let (lo, span) = (f64::from(max) * 0.2, f64::from(max) / 8.0);
    for y in 0..split {
        for x in 0..w {
            let g = (x + y) as f64 / (w + split) as f64;
            out[y * w + x] = (lo + g * span).round() as u32;
        }
    }
    out
}

/// The distorted twin of a picture: a 3-tap horizontal blur plus a little noise.
pub fn distort(src: &[u32], w: usize, max: u32, seed: u64) -> Vec<u32> {
    let mut rng = Rng::new(seed);
    src.iter()
        .enumerate()
        .map(|(i, &v)| {
            let x = i % w;
            let l = if x > 0 { src[i - 1] } else { v };
            let r = if x + 1 < w { src[i + 1] } else { v };
            let b = (l + 2 * v + r) / 4;
            let n = (rng.next_u64() % 5) as i64 - 2;
            (b as i64 + n).clamp(0, max as i64) as u32
        })
        .collect()
}

/// Samples as bytes (8-bit pictures).
pub fn to_u8(p: &[u32]) -> Vec<u8> {
    p.iter().map(|&v| v.min(255) as u8).collect()
}

/// Samples as 16-bit words.
pub fn to_u16(p: &[u32]) -> Vec<u16> {
    p.iter().map(|&v| v.min(65535) as u16).collect()
}
