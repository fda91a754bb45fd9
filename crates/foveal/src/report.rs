//! Reports: pooling and libvmaf's four output formats (XML, JSON, CSV, SUB), with the same
//! structure, key order and number formatting as libvmaf's `output.c`.
//!
//! Numbers print with `%.6f`, or `%.16f` when the fractional part has more than six leading
//! zeros (libvmaf's rule, so tiny values stay visible). Non-finite values print as `null` in
//! JSON. Features appear in the order they were registered, frames in index order; frames
//! skipped by subsampling are left out, as are frames without any value.

use std::io::{self, Write};

use crate::features::extractor::FeatureStore;
use crate::features::options::feature_alias;

/// A temporal pooling method.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pooling {
    /// Arithmetic mean.
    Mean,
    /// libvmaf's harmonic mean: `n / Σ 1/(s+1) − 1`.
    HarmonicMean,
    /// Minimum.
    Min,
    /// Maximum.
    Max,
    /// Percentile `p` in [0, 100] with linear interpolation between ranks (foveal's addition;
    /// not in libvmaf's reports).
    Percentile(f64),
}

impl Pooling {
    /// Parses `mean`, `harmonic_mean`, `min`, `max`, or `p<N>` (e.g. `p5`, `p50`).
    pub fn parse(s: &str) -> Option<Pooling> {
        match s {
            "mean" => Some(Pooling::Mean),
            "harmonic_mean" => Some(Pooling::HarmonicMean),
            "min" => Some(Pooling::Min),
            "max" => Some(Pooling::Max),
            _ => {
                let p: f64 = s.strip_prefix('p')?.parse().ok()?;
                (0.0..=100.0).contains(&p).then_some(Pooling::Percentile(p))
            }
        }
    }
}

/// Pools `values` as libvmaf does (same summation order). `None` for an empty series.
pub fn pool(values: &[f64], method: Pooling) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some(match method {
        Pooling::Mean => values.iter().sum::<f64>() / values.len() as f64,
        Pooling::HarmonicMean => {
            let i_sum: f64 = values.iter().map(|s| 1.0 / (s + 1.0)).sum();
            values.len() as f64 / i_sum - 1.0
        }
        Pooling::Min => values
            .iter()
            .copied()
            .fold(values[0], |m, s| if s < m { s } else { m }),
        Pooling::Max => values
            .iter()
            .copied()
            .fold(values[0], |m, s| if s > m { s } else { m }),
        Pooling::Percentile(p) => {
            let mut v = values.to_vec();
            v.sort_by(f64::total_cmp);
            let rank = p / 100.0 * (v.len() - 1) as f64;
            let lo = rank.floor() as usize;
            let hi = rank.ceil() as usize;
            v[lo] + (v[hi] - v[lo]) * (rank - lo as f64)
        }
    })
}

/// Everything a report holds.
#[derive(Debug, Clone)]
pub struct Report {
    /// Version string printed in the report.
    pub version: String,
    /// Luma width of the scored frames.
    pub width: u32,
    /// Luma height of the scored frames.
    pub height: u32,
    /// Frames per second of the run (frames / elapsed time).
    pub fps: f64,
    /// Frames pushed.
    pub frames: u64,
    /// Subsampling factor (1 = every frame).
    pub subsample: u32,
    /// Per-frame values by stored name.
    pub store: FeatureStore,
    /// Run-level metrics (libvmaf's `aggregate_metrics`), in order.
    pub aggregate: Vec<(String, f64)>,
}

impl Report {
    /// A report of a finished run: `fps` is frames per second of the run (the CLI measures wall
    /// time; libvmaf measures CPU time).
    pub fn new(scores: crate::scorer::FeatureScores, width: u32, height: u32, fps: f64) -> Report {
        Report {
            version: format!("foveal-{}", crate::VERSION),
            width,
            height,
            fps,
            frames: scores.frames,
            subsample: scores.subsample,
            store: scores.store,
            aggregate: scores.aggregate,
        }
    }

    /// Writes the report in `format` ("json", "xml", "csv" or "sub").
    pub fn write(&self, format: ReportFormat, w: &mut dyn Write) -> io::Result<()> {
        match format {
            ReportFormat::Xml => self.write_xml(w),
            ReportFormat::Json => self.write_json(w),
            ReportFormat::Csv => self.write_csv(w),
            ReportFormat::Sub => self.write_sub(w),
        }
    }
}

/// libvmaf's report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// XML (libvmaf's default).
    Xml,
    /// JSON.
    Json,
    /// CSV.
    Csv,
    /// MicroDVD subtitles.
    Sub,
}

impl ReportFormat {
    /// Parses "xml", "json", "csv" or "sub".
    pub fn parse(s: &str) -> Option<ReportFormat> {
        match s {
            "xml" => Some(ReportFormat::Xml),
            "json" => Some(ReportFormat::Json),
            "csv" => Some(ReportFormat::Csv),
            "sub" => Some(ReportFormat::Sub),
            _ => None,
        }
    }
}

/// libvmaf's `count_leading_zeros_d`: zeros after the decimal point before the first non-zero
/// digit of the fractional part.
fn leading_zeros(x: f64) -> u32 {
    let x = x.abs();
    let mut frac = x - x.trunc();
    let mut n = 0;
    while frac < 1.0 && frac != 0.0 {
        frac *= 10.0;
        n += 1;
    }
    n
}

/// A number as libvmaf prints it.
pub fn fmt_num(v: f64) -> String {
    if leading_zeros(v) <= 6 {
        format!("{v:.6}")
    } else {
        format!("{v:.16}")
    }
}

impl Report {
    /// Indices of the frames a report lists: not skipped by subsampling, at least one value.
    pub fn frame_indices(&self) -> Vec<usize> {
        (0..self.store.frame_count())
            .filter(|&i| self.subsample <= 1 || i % self.subsample as usize == 0)
            .filter(|&i| {
                self.store
                    .row(i)
                    .is_some_and(|r| r.iter().any(Option::is_some))
            })
            .collect()
    }

    /// The series of feature `id` over every included frame; `None` if a frame lacks it (libvmaf
    /// then leaves that pooled value out).
    pub fn series(&self, id: usize) -> Option<Vec<f64>> {
        (0..self.frames as usize)
            .filter(|&i| self.subsample <= 1 || i % self.subsample as usize == 0)
            .map(|i| self.store.get(id, i as u64))
            .collect()
    }

    /// Pooled value of a feature or model score by stored or printed name.
    pub fn pooled(&self, name: &str, method: Pooling) -> Option<f64> {
        let id = self.store.id(name).or_else(|| {
            self.store
                .names()
                .iter()
                .position(|n| feature_alias(n) == name)
        })?;
        pool(&self.series(id)?, method)
    }

    fn pooled_all(&self, id: usize) -> Vec<(&'static str, f64)> {
        let Some(s) = self.series(id) else {
            return Vec::new();
        };
        [
            ("min", Pooling::Min),
            ("max", Pooling::Max),
            ("mean", Pooling::Mean),
            ("harmonic_mean", Pooling::HarmonicMean),
        ]
        .into_iter()
        .filter_map(|(n, m)| pool(&s, m).map(|v| (n, v)))
        .collect()
    }

    fn values(&self, i: usize) -> Vec<(&str, f64)> {
        let row = self.store.row(i).unwrap_or(&[]);
        self.store
            .names()
            .iter()
            .zip(row)
            .filter_map(|(n, v)| v.map(|v| (feature_alias(n), v)))
            .collect()
    }

    /// Writes libvmaf's JSON report.
    pub fn write_json(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(w, "{{")?;
        writeln!(w, "  \"version\": \"{}\",", self.version)?;
        if self.fps.is_finite() {
            writeln!(w, "  \"fps\": {:.2},", self.fps)?;
        } else {
            writeln!(w, "  \"fps\": null,")?;
        }
        write!(w, "  \"frames\": [")?;
        for i in self.frame_indices() {
            write!(w, "{}", if i > 0 { ",\n" } else { "\n" })?;
            writeln!(w, "    {{")?;
            writeln!(w, "      \"frameNum\": {i},")?;
            writeln!(w, "      \"metrics\": {{")?;
            let vals = self.values(i);
            for (k, (name, v)) in vals.iter().enumerate() {
                let comma = if k + 1 < vals.len() { "," } else { "" };
                if v.is_finite() {
                    writeln!(w, "        \"{name}\": {}{comma}", fmt_num(*v))?;
                } else {
                    // libvmaf prints no newline after a null here; kept for byte compatibility.
                    write!(w, "        \"{name}\": null{comma}")?;
                }
            }
            writeln!(w, "      }}")?;
            write!(w, "    }}")?;
        }
        writeln!(w, "\n  ],")?;
        write!(w, "  \"pooled_metrics\": {{")?;
        for (k, name) in self.store.names().iter().enumerate() {
            write!(w, "{}", if k > 0 { ",\n" } else { "\n" })?;
            write!(w, "    \"{}\": {{", feature_alias(name))?;
            for (j, (m, v)) in self.pooled_all(k).into_iter().enumerate() {
                write!(w, "{}", if j > 0 { ",\n" } else { "\n" })?;
                if v.is_finite() {
                    write!(w, "      \"{m}\": {}", fmt_num(v))?;
                } else {
                    write!(w, "      \"{m}\": null")?;
                }
            }
            writeln!(w)?;
            write!(w, "    }}")?;
        }
        writeln!(w, "\n  }},")?;
        write!(w, "  \"aggregate_metrics\": {{")?;
        for (k, (name, v)) in self.aggregate.iter().enumerate() {
            if v.is_finite() {
                write!(w, "\n    \"{name}\": {}", fmt_num(*v))?;
            } else {
                write!(w, "\n    \"{name}\": null")?;
            }
            write!(
                w,
                "{}",
                if k + 1 < self.aggregate.len() {
                    ","
                } else {
                    ""
                }
            )?;
        }
        writeln!(w, "\n  }}")?;
        writeln!(w, "}}")
    }

    /// Writes libvmaf's XML report.
    pub fn write_xml(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(w, "<VMAF version=\"{}\">", self.version)?;
        writeln!(
            w,
            "  <params qualityWidth=\"{}\" qualityHeight=\"{}\" />",
            self.width, self.height
        )?;
        writeln!(w, "  <fyi fps=\"{:.2}\" />", self.fps)?;
        writeln!(w, "  <frames>")?;
        for i in self.frame_indices() {
            write!(w, "    <frame frameNum=\"{i}\" ")?;
            for (name, v) in self.values(i) {
                write!(w, "{name}=\"{}\" ", fmt_num(v))?;
            }
            writeln!(w, "/>")?;
        }
        writeln!(w, "  </frames>")?;
        writeln!(w, "  <pooled_metrics>")?;
        for (k, name) in self.store.names().iter().enumerate() {
            write!(w, "    <metric name=\"{}\" ", feature_alias(name))?;
            for (m, v) in self.pooled_all(k) {
                write!(w, "{m}=\"{}\" ", fmt_num(v))?;
            }
            writeln!(w, "/>")?;
        }
        writeln!(w, "  </pooled_metrics>")?;
        write!(w, "  <aggregate_metrics ")?;
        for (name, v) in &self.aggregate {
            write!(w, "{name}=\"{}\" ", fmt_num(*v))?;
        }
        writeln!(w, "/>")?;
        writeln!(w, "</VMAF>")
    }

    /// Writes libvmaf's CSV report (a missing value is omitted, shifting columns, as libvmaf).
    pub fn write_csv(&self, w: &mut dyn Write) -> io::Result<()> {
        write!(w, "Frame,")?;
        for name in self.store.names() {
            write!(w, "{},", feature_alias(name))?;
        }
        writeln!(w)?;
        for i in self.frame_indices() {
            write!(w, "{i},")?;
            for (_, v) in self.values(i) {
                write!(w, "{},", fmt_num(v))?;
            }
            writeln!(w)?;
        }
        Ok(())
    }

    /// Writes libvmaf's SUB (MicroDVD subtitle) report.
    pub fn write_sub(&self, w: &mut dyn Write) -> io::Result<()> {
        for i in self.frame_indices() {
            write!(w, "{{{i}}}{{{}}}frame: {i}|", i + 1)?;
            for (name, v) in self.values(i) {
                write!(w, "{name}: {}|", fmt_num(v))?;
            }
            writeln!(w)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_format_follows_libvmaf() {
        assert_eq!(fmt_num(92.2197481), "92.219748");
        assert_eq!(fmt_num(1.0), "1.000000");
        assert_eq!(fmt_num(0.0), "0.000000");
        assert_eq!(fmt_num(0.0000001234), "0.0000001234000000");
        // Expected strings are what C's printf prints (Python's % operator agrees).
        assert_eq!(fmt_num(1.0000000042), "1.0000000041999999");
        assert_eq!(fmt_num(-0.5), "-0.500000");
        assert_eq!(fmt_num(0.000001), "0.000001");
    }

    #[test]
    fn pooling_methods() {
        let v = [1.0, 2.0, 4.0];
        assert_eq!(pool(&v, Pooling::Mean), Some(7.0 / 3.0));
        assert_eq!(pool(&v, Pooling::Min), Some(1.0));
        assert_eq!(pool(&v, Pooling::Max), Some(4.0));
        let h = 3.0 / (1.0 / 2.0 + 1.0 / 3.0 + 1.0 / 5.0) - 1.0;
        assert_eq!(pool(&v, Pooling::HarmonicMean), Some(h));
        assert_eq!(pool(&v, Pooling::Percentile(50.0)), Some(2.0));
        assert_eq!(pool(&v, Pooling::Percentile(75.0)), Some(3.0));
        assert_eq!(pool(&[], Pooling::Mean), None);
        assert_eq!(Pooling::parse("p5"), Some(Pooling::Percentile(5.0)));
        assert_eq!(Pooling::parse("p101"), None);
    }
}
