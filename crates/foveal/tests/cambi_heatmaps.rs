//! CAMBI heatmaps: dimensions per scale, a banded region lights up, a flat clean frame stays dark.

use foveal::features::cambi::{Cambi, CambiOptions};
use foveal::{Plane, PlaneRef};

const W: usize = 640;
const H: usize = 360;

/// Left half: a staircase of 8-bit steps one code apart, 24 pixels wide (visible banding in a
/// dark-to-mid gradient). Right half: one flat value.
fn banded_left_flat_right() -> Vec<u8> {
    let mut v = vec![0u8; W * H];
    for y in 0..H {
        for x in 0..W {
            v[y * W + x] = if x < W / 2 { 60 + (x / 24) as u8 } else { 90 };
        }
    }
    v
}

fn heatmap_opts() -> CambiOptions {
    CambiOptions {
        heatmaps: true,
        ..CambiOptions::default()
    }
}

#[test]
fn heatmap_dimensions_follow_the_scales() {
    let frame = vec![100u8; W * H];
    let mut c = Cambi::new(W, H, 8, heatmap_opts()).unwrap();
    c.compute(PlaneRef::U8(Plane::new(&frame, W, H, W).unwrap()))
        .unwrap();
    let dims: Vec<(usize, usize)> = c.heatmaps().iter().map(|m| (m.width, m.height)).collect();
    assert_eq!(
        dims,
        [(640, 360), (320, 180), (160, 90), (80, 45), (40, 23)]
    );
    for m in c.heatmaps() {
        assert_eq!(m.values.len(), m.width * m.height);
    }
    // Without the option no maps are kept.
    let mut c = Cambi::new(W, H, 8, CambiOptions::default()).unwrap();
    c.compute(PlaneRef::U8(Plane::new(&frame, W, H, W).unwrap()))
        .unwrap();
    assert!(c.heatmaps().is_empty());
}

#[test]
fn flat_clean_frame_stays_dark() {
    let frame = vec![100u8; W * H];
    let mut c = Cambi::new(W, H, 8, heatmap_opts()).unwrap();
    let score = c
        .compute(PlaneRef::U8(Plane::new(&frame, W, H, W).unwrap()))
        .unwrap();
    assert_eq!(score, 0.0);
    for m in c.heatmaps() {
        assert!(
            m.values.iter().all(|&v| v == 0),
            "scale {}x{} has banding on a flat frame",
            m.width,
            m.height
        );
    }
}

#[test]
fn banded_region_lights_up() {
    let frame = banded_left_flat_right();
    let mut c = Cambi::new(W, H, 8, heatmap_opts()).unwrap();
    let score = c
        .compute(PlaneRef::U8(Plane::new(&frame, W, H, W).unwrap()))
        .unwrap();
    assert!(score > 1.0, "staircase should band visibly, score {score}");
    let m = &c.heatmaps()[0];
    let half = |left: bool| -> (u64, usize) {
        let mut sum = 0u64;
        let mut lit = 0usize;
        for y in 0..m.height {
            let xs = if left {
                0..m.width / 2 - 40
            } else {
                m.width / 2 + 40..m.width
            };
            for x in xs {
                let v = m.values[y * m.width + x];
                sum += u64::from(v);
                lit += usize::from(v > 0);
            }
        }
        (sum, lit)
    };
    let (left_sum, left_lit) = half(true);
    let (right_sum, _) = half(false);
    assert!(
        left_lit > m.height * 10,
        "only {left_lit} lit pixels in the banded half"
    );
    assert_eq!(
        right_sum, 0,
        "the flat half (away from the edge) must stay dark"
    );
    assert!(left_sum > 0);
}
