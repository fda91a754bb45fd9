//! The libsvm regressor inside a model: text parsing and ν-SVR prediction with the RBF kernel.
//!
//! Mirrors the two parts of libvmaf's `svm.cpp` that VMAF uses:
//! - `SVMModelParser` (`svm_parse_model_from_buffer`): a header of `key value…` tokens up to the
//!   token `SV`, then `total_sv` lines `coef index:value index:value …`;
//! - `svm_predict` → `svm_predict_values` → `Kernel::k_function` (RBF case) for `NU_SVR`:
//!   `Σ_i coef_i · exp(−γ · ‖x − sv_i‖²) − ρ`, where the squared distance walks both sparse
//!   vectors in index order (an index missing from one side counts as 0 there), accumulating in
//!   exactly libsvm's order so the `f64` result is bit-identical.

use std::fmt;

/// One support vector: its dual coefficient and its sparse `(index, value)` nodes in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct SupportVector {
    /// `sv_coef[0][i]` in libsvm terms.
    pub coef: f64,
    /// The non-zero components, `index` 1-based as in the file.
    pub nodes: Vec<(i32, f64)>,
}

/// A parsed libsvm ν-SVR model with an RBF kernel (the only kind VMAF models use).
#[derive(Debug, Clone, PartialEq)]
pub struct SvmModel {
    /// `gamma` of `exp(-gamma·|x-y|²)`.
    pub gamma: f64,
    /// The bias subtracted from the kernel sum (`rho`).
    pub rho: f64,
    /// The support vectors, in file order (the summation order).
    pub support_vectors: Vec<SupportVector>,
}

/// Why a libsvm model text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SvmParseError(pub String);

impl fmt::Display for SvmParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn perr<T>(msg: impl Into<String>) -> Result<T, SvmParseError> {
    Err(SvmParseError(msg.into()))
}

/// Parses a C-style decimal floating-point token (`istream >> double`); rejects `inf`/`nan`.
fn parse_c_double(tok: &str, what: &str) -> Result<f64, SvmParseError> {
    let ok_chars = tok
        .bytes()
        .all(|b| matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E'));
    match tok.parse::<f64>() {
        Ok(v) if ok_chars && v.is_finite() => Ok(v),
        _ => perr(format!("{what}: {tok:?} is not a finite number")),
    }
}

fn parse_int(tok: &str, what: &str) -> Result<i64, SvmParseError> {
    tok.parse::<i64>()
        .or_else(|_| perr(format!("{what}: {tok:?} is not an integer")))
}

impl SvmModel {
    /// Parses libsvm's model text as libvmaf's `svm_parse_model_from_buffer` does, accepting only
    /// `svm_type nu_svr` with `kernel_type rbf`.
    pub(crate) fn parse(text: &str) -> Result<SvmModel, SvmParseError> {
        // Header: whitespace-separated tokens up to "SV" (which ends its line).
        let sv_pos = text
            .split('\n')
            .scan(0usize, |off, line| {
                let start = *off;
                *off += line.len() + 1;
                Some((start, line))
            })
            .find(|(_, line)| line.split_whitespace().any(|t| t == "SV"));
        let Some((sv_line_start, sv_line)) = sv_pos else {
            return perr("no \"SV\" line (support vectors) found");
        };
        let mut header_text = String::from(&text[..sv_line_start]);
        let mut sv_line_tokens = sv_line.split_whitespace();
        for t in sv_line_tokens.by_ref() {
            if t == "SV" {
                break;
            }
            header_text.push(' ');
            header_text.push_str(t);
        }
        if sv_line_tokens.next().is_some() {
            return perr("unexpected text after \"SV\" on its line");
        }

        let mut svm_type: Option<String> = None;
        let mut kernel: Option<String> = None;
        let mut gamma: Option<f64> = None;
        let mut nr_class: Option<i64> = None;
        let mut total_sv: Option<i64> = None;
        let mut rho: Option<Vec<f64>> = None;
        let mut toks = header_text.split_whitespace();
        let perms = |nr: Option<i64>| -> usize {
            let n = nr.unwrap_or(0);
            if n > 1 { (n * (n - 1) / 2) as usize } else { 0 }
        };
        while let Some(key) = toks.next() {
            let mut next = |what: &str| -> Result<&str, SvmParseError> {
                toks.next()
                    .ok_or_else(|| SvmParseError(format!("failed to read {what}")))
            };
            match key {
                "svm_type" => svm_type = Some(next("svm_type")?.to_string()),
                "kernel_type" => kernel = Some(next("kernel_type")?.to_string()),
                "gamma" => gamma = Some(parse_c_double(next("gamma")?, "gamma")?),
                "nr_class" => {
                    let n = parse_int(next("nr_class")?, "nr_class")?;
                    if !(1..=1024).contains(&n) {
                        return perr(format!("nr_class {n} is out of range"));
                    }
                    nr_class = Some(n);
                }
                "total_sv" => {
                    let n = parse_int(next("total_sv")?, "total_sv")?;
                    if !(0..=10_000_000).contains(&n) {
                        return perr(format!("total_sv {n} is out of range"));
                    }
                    total_sv = Some(n);
                }
                "rho" => {
                    let mut v = Vec::new();
                    for _ in 0..perms(nr_class) {
                        v.push(parse_c_double(next("rho")?, "rho")?);
                    }
                    rho = Some(v);
                }
                // Present in other libsvm model kinds; read (so the header stays in sync) and
                // unused by regression prediction.
                "degree" => {
                    parse_int(next("degree")?, "degree")?;
                }
                "coef0" => {
                    parse_c_double(next("coef0")?, "coef0")?;
                }
                "label" | "nr_sv" => {
                    for _ in 0..nr_class.unwrap_or(0).max(0) {
                        parse_int(next(key)?, key)?;
                    }
                }
                "probA" | "probB" => {
                    for _ in 0..perms(nr_class) {
                        parse_c_double(next(key)?, key)?;
                    }
                }
                other => return perr(format!("unknown text {other:?} in the model header")),
            }
        }

        match svm_type.as_deref() {
            Some("nu_svr") => {}
            Some(t) => return perr(format!("unsupported svm_type {t:?} (allowed: nu_svr)")),
            None => return perr("header has no svm_type"),
        }
        match kernel.as_deref() {
            Some("rbf") => {}
            Some(k) => return perr(format!("unsupported kernel_type {k:?} (allowed: rbf)")),
            None => return perr("header has no kernel_type"),
        }
        let Some(gamma) = gamma else {
            return perr("header has no gamma");
        };
        if nr_class != Some(2) {
            return perr(format!(
                "nr_class must be 2 for a regression model, found {}",
                nr_class.map_or("none".to_string(), |n| n.to_string())
            ));
        }
        let Some(total_sv) = total_sv else {
            return perr("header has no total_sv");
        };
        let rho = match rho.as_deref() {
            Some([r]) => *r,
            _ => return perr("header has no rho (after nr_class)"),
        };

        // Support vectors: exactly total_sv lines after the "SV" line; later lines are ignored.
        let body_start = (sv_line_start + sv_line.len() + 1).min(text.len());
        let mut lines = text[body_start..].split('\n');
        let mut support_vectors = Vec::with_capacity(total_sv as usize);
        for i in 0..total_sv {
            let mut toks = lines.next().unwrap_or("").split_whitespace();
            let what = format!("support vector {}", i + 1);
            let Some(c) = toks.next() else {
                return perr(format!("expected {total_sv} support vectors, found {i}"));
            };
            let coef = parse_c_double(c, &what)?;
            let mut nodes = Vec::new();
            for t in toks {
                let Some((idx, val)) = t.split_once(':') else {
                    return perr(format!("{what}: {t:?} is not index:value"));
                };
                let idx = parse_int(idx, &what)?;
                if !(1..=i64::from(i32::MAX)).contains(&idx) {
                    return perr(format!(
                        "{what}: index {idx} is not a positive 32-bit index"
                    ));
                }
                nodes.push((idx as i32, parse_c_double(val, &what)?));
            }
            support_vectors.push(SupportVector { coef, nodes });
        }
        if !gamma.is_finite() {
            return perr("gamma is not finite");
        }
        Ok(SvmModel {
            gamma,
            rho,
            support_vectors,
        })
    }
}

/// The support vectors flattened for prediction without chasing per-vector allocations.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PreparedSvm {
    gamma: f64,
    rho: f64,
    coef: Vec<f64>,
    /// `starts[i]..starts[i+1]` are support vector `i`'s nodes.
    starts: Vec<usize>,
    index: Vec<i32>,
    value: Vec<f64>,
}

impl PreparedSvm {
    pub(crate) fn new(m: &SvmModel) -> PreparedSvm {
        let n_nodes = m.support_vectors.iter().map(|s| s.nodes.len()).sum();
        let mut p = PreparedSvm {
            gamma: m.gamma,
            rho: m.rho,
            coef: Vec::with_capacity(m.support_vectors.len()),
            starts: Vec::with_capacity(m.support_vectors.len() + 1),
            index: Vec::with_capacity(n_nodes),
            value: Vec::with_capacity(n_nodes),
        };
        p.starts.push(0);
        for sv in &m.support_vectors {
            p.coef.push(sv.coef);
            for &(i, v) in &sv.nodes {
                p.index.push(i);
                p.value.push(v);
            }
            p.starts.push(p.index.len());
        }
        p
    }

    /// `svm_predict` for ν-SVR: `x[k]` is the node with index `k + 1` (libvmaf passes every
    /// feature, zeros included, in model order).
    pub(crate) fn predict(&self, x: &[f64]) -> f64 {
        let mut sum = 0.0f64;
        for (i, &coef) in self.coef.iter().enumerate() {
            let range = self.starts[i]..self.starts[i + 1];
            let k = rbf(
                self.gamma,
                x,
                &self.index[range.clone()],
                &self.value[range],
            );
            sum += coef * k;
        }
        sum - self.rho
    }
}

/// `Kernel::k_function`, RBF case, with `x` dense (indices 1..=len) and `y` sparse.
fn rbf(gamma: f64, x: &[f64], y_index: &[i32], y_value: &[f64]) -> f64 {
    let mut sum = 0.0f64;
    let (mut p, mut q) = (0usize, 0usize);
    while p < x.len() && q < y_index.len() {
        let xi = p as i64 + 1;
        let yi = i64::from(y_index[q]);
        if xi == yi {
            let d = x[p] - y_value[q];
            sum += d * d;
            p += 1;
            q += 1;
        } else if xi > yi {
            sum += y_value[q] * y_value[q];
            q += 1;
        } else {
            sum += x[p] * x[p];
            p += 1;
        }
    }
    while p < x.len() {
        sum += x[p] * x[p];
        p += 1;
    }
    while q < y_index.len() {
        sum += y_value[q] * y_value[q];
        q += 1;
    }
    (-gamma * sum).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "svm_type nu_svr\nkernel_type rbf\ngamma 0.5\nnr_class 2\ntotal_sv 2\n\
                        rho -1.5\nSV\n2 1:1 2:0.5 \n-1 2:1 3:2\n";

    #[test]
    fn parses_header_and_sparse_vectors() {
        let m = SvmModel::parse(TEXT).unwrap();
        assert_eq!(m.gamma, 0.5);
        assert_eq!(m.rho, -1.5);
        assert_eq!(m.support_vectors.len(), 2);
        assert_eq!(
            m.support_vectors[0],
            SupportVector {
                coef: 2.0,
                nodes: vec![(1, 1.0), (2, 0.5)]
            }
        );
        assert_eq!(m.support_vectors[1].nodes, vec![(2, 1.0), (3, 2.0)]);
    }

    #[test]
    fn predicts_by_hand() {
        // x = (1, 0.5): SV0 distance 0 → k = 1; SV1 = (0, 1, 2): |x-y|² = 1 + 0.25 + 4 = 5.25.
        let m = SvmModel::parse(TEXT).unwrap();
        let p = PreparedSvm::new(&m);
        let want = 2.0 * 1.0 - (-0.5f64 * 5.25).exp() + 1.5;
        assert_eq!(p.predict(&[1.0, 0.5]).to_bits(), want.to_bits());
    }

    #[test]
    fn rejects_unsupported_or_broken_models() {
        let cases = [
            (
                TEXT.replace("rbf", "linear"),
                "unsupported kernel_type \"linear\"",
            ),
            (TEXT.replace("nu_svr", "c_svc"), "unsupported svm_type"),
            (TEXT.replace("gamma 0.5\n", ""), "no gamma"),
            (
                TEXT.replace("total_sv 2", "total_sv 3"),
                "expected 3 support vectors, found 2",
            ),
            (TEXT.replace("3:2", "3;2"), "not index:value"),
            (TEXT.replace("SV\n", ""), "no \"SV\" line"),
            (TEXT.replace("gamma", "gama"), "unknown text \"gama\""),
            (TEXT.replace("rho -1.5", "rho nan"), "not a finite number"),
        ];
        for (text, want) in cases {
            let e = SvmModel::parse(&text).unwrap_err();
            assert!(e.0.contains(want), "{e} should contain {want}");
        }
    }
}
