//! Extractor options as libvmaf handles them: typed option tables with defaults and ranges,
//! parsing from text (CLI, model JSON, model overloads), and the option-dependent feature names
//! (`integer_adm2_egl_1`) that libvmaf prints.
//!
//! Mirrors `libvmaf/src/opt.c` (parsing and range checks), `dict.c` (numeric normalisation with
//! `strtof` + `%g`) and `feature/feature_name.c` (names from non-default feature parameters).

use std::fmt::Write as _;

use crate::error::{Error, Result};

/// The type, range and default of one option.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptKind {
    /// `true` / `false`.
    Bool {
        /// Default value.
        default: bool,
    },
    /// A C `int`.
    Int {
        /// Default value.
        default: i64,
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// A C `double`.
    Double {
        /// Default value.
        default: f64,
        /// Smallest allowed value.
        min: f64,
        /// Largest allowed value.
        max: f64,
    },
    /// A string, optionally restricted to a set of values.
    Str {
        /// Default value.
        default: &'static str,
        /// Allowed values (empty = any).
        allowed: &'static [&'static str],
    },
}

/// One option of an extractor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OptSpec {
    /// Option name (`vif_enhn_gain_limit`).
    pub name: &'static str,
    /// Short alias used in feature names (`egl`).
    pub alias: Option<&'static str>,
    /// Type, default and range.
    pub kind: OptKind,
    /// Whether a non-default value changes the emitted feature names (libvmaf's
    /// `VMAF_OPT_FLAG_FEATURE_PARAM`).
    pub feature_param: bool,
    /// One-line help.
    pub help: &'static str,
}

/// A typed option value.
#[derive(Clone, Debug, PartialEq)]
pub enum OptValue {
    /// Boolean.
    Bool(bool),
    /// Integer.
    Int(i64),
    /// Floating point.
    Double(f64),
    /// String.
    Str(String),
}

impl OptSpec {
    /// The default value.
    pub fn default_value(&self) -> OptValue {
        match self.kind {
            OptKind::Bool { default } => OptValue::Bool(default),
            OptKind::Int { default, .. } => OptValue::Int(default),
            OptKind::Double { default, .. } => OptValue::Double(default),
            OptKind::Str { default, .. } => OptValue::Str(default.to_string()),
        }
    }

    fn range_text(&self) -> String {
        match self.kind {
            OptKind::Bool { .. } => "true or false".to_string(),
            OptKind::Int { min, max, .. } => format!("an integer in [{min}, {max}]"),
            OptKind::Double { min, max, .. } => {
                format!("a number in [{}, {}]", fmt_g(min), fmt_g(max))
            }
            OptKind::Str { allowed: [], .. } => "any text".to_string(),
            OptKind::Str { allowed, .. } => format!("one of {}", allowed.join(", ")),
        }
    }

    /// Parses `text` as a value of this option, with libvmaf's range checks.
    pub fn parse(&self, extractor: &str, text: &str) -> Result<OptValue> {
        let bad = || Error::InvalidArgument {
            what: "feature option",
            value: format!("{extractor}.{}={text}", self.name),
            allowed: self.range_text(),
        };
        let t = text.trim();
        match self.kind {
            OptKind::Bool { .. } => match t {
                "true" => Ok(OptValue::Bool(true)),
                "false" => Ok(OptValue::Bool(false)),
                _ => Err(bad()),
            },
            OptKind::Int { min, max, .. } => {
                let v: i64 = t.parse().map_err(|_| bad())?;
                if v < min || v > max {
                    return Err(bad());
                }
                Ok(OptValue::Int(v))
            }
            OptKind::Double { min, max, .. } => {
                let v: f64 = t.parse().map_err(|_| bad())?;
                if !v.is_finite() || v < min || v > max {
                    return Err(bad());
                }
                Ok(OptValue::Double(v))
            }
            OptKind::Str { allowed, .. } => {
                if !allowed.is_empty() && !allowed.contains(&t) {
                    return Err(bad());
                }
                Ok(OptValue::Str(t.to_string()))
            }
        }
    }
}

/// libvmaf's numeric normalisation of dictionary values (`dict.c`): a value that reads as a
/// number is parsed as a C `float` and printed back with `%g`, so `1.0` and `1` are the same key.
/// Non-numeric text is returned unchanged.
pub fn normalize_value(text: &str) -> String {
    match text.trim().parse::<f32>() {
        Ok(v) if !text.trim().is_empty() => fmt_g(f64::from(v)),
        _ => text.to_string(),
    }
}

/// C's `printf("%g", v)`: 6 significant digits, trailing zeros removed, exponent form when the
/// exponent is below -4 or at least 6.
pub fn fmt_g(v: f64) -> String {
    if v.is_nan() {
        return if v.is_sign_negative() {
            "-nan".into()
        } else {
            "nan".into()
        };
    }
    if v.is_infinite() {
        return if v < 0.0 { "-inf".into() } else { "inf".into() };
    }
    if v == 0.0 {
        return if v.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    // Round to 6 significant digits first: the exponent is that of the rounded value.
    let sci = format!("{v:.5e}");
    let (mant, exp) = sci.split_once('e').expect("exponent form");
    let exp: i32 = exp.parse().expect("exponent");
    if !(-4..6).contains(&exp) {
        let mant = strip_zeros(mant);
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mant}e{sign}{:02}", exp.abs());
    }
    let decimals = (5 - exp).max(0) as usize;
    strip_zeros(&format!("{v:.decimals$}")).to_string()
}

fn strip_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// The options of one extractor instance: its table and current values.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    extractor: &'static str,
    specs: &'static [OptSpec],
    values: Vec<OptValue>,
}

impl Options {
    /// Every option at its default.
    pub fn new(extractor: &'static str, specs: &'static [OptSpec]) -> Options {
        Options {
            extractor,
            specs,
            values: specs.iter().map(OptSpec::default_value).collect(),
        }
    }

    /// The extractor these options belong to.
    pub fn extractor(&self) -> &'static str {
        self.extractor
    }

    /// The option table.
    pub fn specs(&self) -> &'static [OptSpec] {
        self.specs
    }

    fn index(&self, name: &str) -> Result<usize> {
        self.specs
            .iter()
            .position(|s| s.name == name)
            .ok_or_else(|| Error::InvalidArgument {
                what: "feature option",
                value: format!("{}.{name}", self.extractor),
                allowed: format!(
                    "options of {}: {}",
                    self.extractor,
                    self.specs
                        .iter()
                        .map(|s| s.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })
    }

    /// Sets option `name` from text, with libvmaf's parsing and range checks.
    pub fn set(&mut self, name: &str, text: &str) -> Result<()> {
        let i = self.index(name)?;
        self.values[i] = self.specs[i].parse(self.extractor, text)?;
        Ok(())
    }

    /// The value of option `name`. Panics on an unknown name (a programming error: names come
    /// from the extractor's own table).
    pub fn get(&self, name: &str) -> &OptValue {
        let i = self.index(name).unwrap_or_else(|e| panic!("{e}"));
        &self.values[i]
    }

    /// A boolean option's value.
    pub fn bool(&self, name: &str) -> bool {
        match self.get(name) {
            OptValue::Bool(b) => *b,
            v => panic!("option {name} is not boolean: {v:?}"),
        }
    }

    /// An integer option's value.
    pub fn int(&self, name: &str) -> i64 {
        match self.get(name) {
            OptValue::Int(v) => *v,
            v => panic!("option {name} is not an integer: {v:?}"),
        }
    }

    /// A floating-point option's value.
    pub fn double(&self, name: &str) -> f64 {
        match self.get(name) {
            OptValue::Double(v) => *v,
            v => panic!("option {name} is not a number: {v:?}"),
        }
    }

    /// A string option's value.
    pub fn str(&self, name: &str) -> &str {
        match self.get(name) {
            OptValue::Str(v) => v,
            v => panic!("option {name} is not a string: {v:?}"),
        }
    }

    /// Whether option `i` differs from its default.
    fn is_non_default(&self, i: usize) -> bool {
        self.values[i] != self.specs[i].default_value()
    }

    /// The non-default feature parameters, sorted by option name (byte order), with their
    /// printed value: `%d`, `%g`, the string, or nothing for booleans.
    fn name_suffixes(&self) -> Vec<(&'static OptSpec, Option<String>)> {
        let mut v: Vec<(&'static OptSpec, Option<String>)> = (0..self.specs.len())
            .filter(|&i| self.specs[i].feature_param && self.is_non_default(i))
            .map(|i| {
                let text = match &self.values[i] {
                    OptValue::Bool(_) => None,
                    OptValue::Int(n) => Some(n.to_string()),
                    OptValue::Double(d) => Some(fmt_g(*d)),
                    OptValue::Str(s) => Some(s.clone()),
                };
                (&self.specs[i], text)
            })
            .collect();
        v.sort_by(|a, b| a.0.name.as_bytes().cmp(b.0.name.as_bytes()));
        v
    }

    /// The name libvmaf stores a feature under: the canonical name when every feature parameter
    /// is at its default, else its alias followed by `_<alias>_<value>` (or `_<alias>` for a
    /// boolean) for each non-default feature parameter in option-name order.
    pub fn feature_name(&self, canonical: &str) -> String {
        let suffixes = self.name_suffixes();
        if suffixes.is_empty() {
            return canonical.to_string();
        }
        let mut out = feature_alias(canonical).to_string();
        for (spec, text) in suffixes {
            let key = spec.alias.unwrap_or(spec.name);
            match text {
                None => {
                    let _ = write!(out, "_{key}");
                }
                Some(t) => {
                    let _ = write!(out, "_{key}_{t}");
                }
            }
        }
        out
    }

    /// The identity of an extractor instance: two instances with the same key compute the same
    /// features and are merged (libvmaf's `fex_ctx_vector.c`).
    pub fn instance_key(&self) -> String {
        self.feature_name(self.extractor)
    }
}

/// libvmaf's output alias of a stored feature name (`feature/alias.c`); names without an alias
/// are returned unchanged.
pub fn feature_alias(name: &str) -> &str {
    const TABLE: &[(&str, &str)] = &[
        ("VMAF_feature_adm2_score", "adm2"),
        ("VMAF_feature_aim_score", "aim"),
        ("VMAF_feature_adm3_score", "adm3"),
        ("VMAF_feature_adm_scale0_score", "adm_scale0"),
        ("VMAF_feature_adm_scale1_score", "adm_scale1"),
        ("VMAF_feature_adm_scale2_score", "adm_scale2"),
        ("VMAF_feature_adm_scale3_score", "adm_scale3"),
        ("VMAF_feature_motion_score", "motion"),
        ("VMAF_feature_motion2_score", "motion2"),
        ("VMAF_feature_motion3_score", "motion3"),
        ("VMAF_feature_vif_scale0_score", "vif_scale0"),
        ("VMAF_feature_vif_scale1_score", "vif_scale1"),
        ("VMAF_feature_vif_scale2_score", "vif_scale2"),
        ("VMAF_feature_vif_scale3_score", "vif_scale3"),
        ("VMAF_integer_feature_adm2_score", "integer_adm2"),
        ("VMAF_integer_feature_aim_score", "integer_aim"),
        ("VMAF_integer_feature_adm3_score", "integer_adm3"),
        ("VMAF_integer_feature_motion_score", "integer_motion"),
        ("VMAF_integer_feature_motion2_score", "integer_motion2"),
        ("VMAF_integer_feature_motion3_score", "integer_motion3"),
        (
            "VMAF_integer_feature_vif_scale0_score",
            "integer_vif_scale0",
        ),
        (
            "VMAF_integer_feature_vif_scale1_score",
            "integer_vif_scale1",
        ),
        (
            "VMAF_integer_feature_vif_scale2_score",
            "integer_vif_scale2",
        ),
        (
            "VMAF_integer_feature_vif_scale3_score",
            "integer_vif_scale3",
        ),
        ("Cambi_feature_cambi_score", "cambi"),
        (
            "Speed_chroma_feature_speed_chroma_u_score",
            "speed_chroma_u",
        ),
        (
            "Speed_chroma_feature_speed_chroma_v_score",
            "speed_chroma_v",
        ),
        (
            "Speed_chroma_feature_speed_chroma_uv_score",
            "speed_chroma_uv",
        ),
        (
            "Speed_temporal_feature_speed_temporal_score",
            "speed_temporal",
        ),
    ];
    TABLE
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(name, |(_, a)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fmt_g_matches_c() {
        // Expected strings are what C's printf("%g") prints for these values.
        let cases: &[(f64, &str)] = &[
            (1.0, "1"),
            (100.0, "100"),
            (0.5, "0.5"),
            (0.019, "0.019"),
            (0.03125, "0.03125"),
            (1080.0, "1080"),
            (123456.0, "123456"),
            (1234567.0, "1.23457e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (2.5e-10, "2.5e-10"),
            (-3.25, "-3.25"),
            (0.7, "0.7"),
            (999999.5, "1e+06"),
            (0.0, "0"),
            (1e100, "1e+100"),
        ];
        for &(v, want) in cases {
            assert_eq!(fmt_g(v), want, "{v}");
        }
        // Values that went through a C float keep their short form.
        assert_eq!(normalize_value("0.06"), "0.06");
        assert_eq!(normalize_value("1.0"), "1");
        assert_eq!(normalize_value("bt1886"), "bt1886");
        assert_eq!(normalize_value("true"), "true");
    }

    static SPECS: &[OptSpec] = &[
        OptSpec {
            name: "b_flag",
            alias: Some("bf"),
            kind: OptKind::Bool { default: false },
            feature_param: true,
            help: "",
        },
        OptSpec {
            name: "a_gain",
            alias: Some("egl"),
            kind: OptKind::Double {
                default: 100.0,
                min: 1.0,
                max: 100.0,
            },
            feature_param: true,
            help: "",
        },
        OptSpec {
            name: "c_int",
            alias: None,
            kind: OptKind::Int {
                default: 0,
                min: 0,
                max: 2160,
            },
            feature_param: true,
            help: "",
        },
        OptSpec {
            name: "debug",
            alias: None,
            kind: OptKind::Bool { default: false },
            feature_param: false,
            help: "",
        },
        OptSpec {
            name: "eotf",
            alias: None,
            kind: OptKind::Str {
                default: "bt1886",
                allowed: &["bt1886", "pq"],
            },
            feature_param: true,
            help: "",
        },
    ];

    #[test]
    fn names_follow_libvmaf() {
        let mut o = Options::new("x", SPECS);
        assert_eq!(
            o.feature_name("VMAF_integer_feature_adm2_score"),
            "VMAF_integer_feature_adm2_score"
        );
        o.set("debug", "true").unwrap();
        assert_eq!(
            o.feature_name("VMAF_integer_feature_adm2_score"),
            "VMAF_integer_feature_adm2_score"
        );
        o.set("a_gain", "1.0").unwrap();
        assert_eq!(
            o.feature_name("VMAF_integer_feature_adm2_score"),
            "integer_adm2_egl_1"
        );
        o.set("c_int", "1080").unwrap();
        o.set("b_flag", "true").unwrap();
        o.set("eotf", "pq").unwrap();
        assert_eq!(
            o.feature_name("VMAF_integer_feature_adm2_score"),
            "integer_adm2_egl_1_bf_c_int_1080_eotf_pq"
        );
        assert_eq!(o.instance_key(), "x_egl_1_bf_c_int_1080_eotf_pq");
        // Setting a value back to its default removes it from the name.
        o.set("a_gain", "100").unwrap();
        assert_eq!(
            o.feature_name("Cambi_feature_cambi_score"),
            "cambi_bf_c_int_1080_eotf_pq"
        );
    }

    #[test]
    fn parse_errors_name_option_value_and_range() {
        let mut o = Options::new("x", SPECS);
        let e = o.set("a_gain", "0.5").unwrap_err().to_string();
        assert_eq!(
            e,
            "invalid feature option: x.a_gain=0.5 (allowed: a number in [1, 100])"
        );
        let e = o.set("b_flag", "yes").unwrap_err().to_string();
        assert!(
            e.contains("x.b_flag=yes") && e.contains("true or false"),
            "{e}"
        );
        let e = o.set("c_int", "1e3").unwrap_err().to_string();
        assert!(e.contains("an integer in [0, 2160]"), "{e}");
        let e = o.set("eotf", "hlg").unwrap_err().to_string();
        assert!(e.contains("one of bt1886, pq"), "{e}");
        let e = o.set("nope", "1").unwrap_err().to_string();
        assert!(
            e.contains("x.nope") && e.contains("options of x: b_flag, a_gain"),
            "{e}"
        );
    }
}
