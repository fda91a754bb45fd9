//! The dense linear algebra of SpEED on the 25×25 covariance matrix, in `f32` exactly as
//! libvmaf 3.2 computes it (`speed.c`):
//!
//! - eigenvalues: Householder reduction to tridiagonal form (`convert_to_tridiagonal`, adapted
//!   from GSL's `symmtd`), then implicit symmetric QR steps with Wilkinson shifts and Givens
//!   rotations (`compute_eigenvalues_tridiagonal`, `qr_step`, adapted from GSL's `eigen/symm`);
//! - the linear solve `K X = Y`: a Householder QR decomposition built with explicit reflector
//!   matrices (`matrix_qr_decomposition`), `Q^T Y`, then back substitution
//!   (`solve_triangular_system`).
//!
//! Every expression keeps upstream's operand order and precision: `f32` throughout, except where
//! upstream mixes in a `double` constant or calls `sqrt` (whose `f64` result is rounded back to
//! `f32` where upstream stores it), and comparisons against `EIGENVALUE_EPS` (1e-6), which C
//! evaluates in `f64`.

use foveal_kernels::speed::Matmul;

/// Upstream's `EIGENVALUE_EPS`.
const EPS: f64 = 1e-6;
/// Upstream's `EIGENVALUE_MAX_ITERS`.
const MAX_QR_ITERATIONS: usize = 500;

/// `sqrt` of an `f32` through C's `double sqrt`, stored back as `f32`: equal to `f32::sqrt`
/// (double rounding is harmless for square roots), spelled out for clarity.
#[inline(always)]
fn sqrt_f32(v: f32) -> f32 {
    f64::from(v).sqrt() as f32
}

#[inline(always)]
fn sign(v: f32) -> f32 {
    if v >= 0.0 { 1.0 } else { -1.0 }
}

#[inline(always)]
fn hypot_f32(x: f32, y: f32) -> f32 {
    sqrt_f32(x * x + y * y)
}

/// Scratch memory of [`eigenvalues`] and [`solve`] for `n`×`n` matrices and `cols` right-hand
/// sides.
#[derive(Clone, Debug)]
pub(crate) struct LinalgScratch {
    n: usize,
    a: Vec<f32>,
    q: Vec<f32>,
    r: Vec<f32>,
    tmp_q: Vec<f32>,
    tmp_z: Vec<f32>,
    rect: Vec<f32>,
    d: Vec<f32>,
    sd: Vec<f32>,
    v: Vec<f32>,
    x: Vec<f32>,
}

impl LinalgScratch {
    pub(crate) fn new(n: usize, cols: usize) -> Self {
        LinalgScratch {
            n,
            a: vec![0.0; n * n],
            q: vec![0.0; n * n],
            r: vec![0.0; n * n],
            tmp_q: vec![0.0; n * n],
            tmp_z: vec![0.0; n * n],
            rect: vec![0.0; n * cols],
            d: vec![0.0; n],
            sd: vec![0.0; n],
            v: vec![0.0; n],
            x: vec![0.0; n],
        }
    }
}

/// The eigenvalues of the symmetric `n`×`n` matrix `m` (row-major) into `out`, in upstream's
/// (unsorted) order. Returns `false` when the QR iteration hit its limit of 500 steps, where
/// libvmaf logs "possible non-convergence" and carries on with what it has.
pub(crate) fn eigenvalues(m: &[f32], out: &mut [f32], s: &mut LinalgScratch) -> bool {
    let n = s.n;
    s.a.copy_from_slice(&m[..n * n]);
    if n == 1 {
        out[0] = s.a[0];
        return true;
    }
    tridiagonalize(&mut s.a, n, &mut s.d, &mut s.sd, &mut s.v, &mut s.x);
    let converged = tridiagonal_eigenvalues(&mut s.d, &mut s.sd, n);
    out[..n].copy_from_slice(&s.d);
    converged
}

/// Householder vector of column `col` below row `start` (upstream
/// `compute_householder_transform`): scales `a[start+1.., col]` in place and returns τ.
fn householder(a: &mut [f32], col: usize, start: usize, n: usize) -> f32 {
    if n - start == 1 {
        return 0.0;
    }
    let mut norm = 0.0f32;
    for i in start + 1..n {
        norm += a[i * n + col] * a[i * n + col];
    }
    let xnorm = sqrt_f32(norm);
    if xnorm == 0.0 {
        return 0.0;
    }
    let alpha = a[start * n + col];
    let beta = -sign(alpha) * hypot_f32(alpha, xnorm);
    let tau = (beta - alpha) / beta;
    let s = alpha - beta;
    if s != 0.0 {
        for i in start..n {
            a[i * n + col] /= s;
        }
        a[start * n + col] = beta;
    }
    tau
}

/// Upstream `convert_to_tridiagonal`: diagonal into `d`, sub-diagonal into `sd`.
fn tridiagonalize(
    a: &mut [f32],
    n: usize,
    d: &mut [f32],
    sd: &mut [f32],
    v: &mut [f32],
    x: &mut [f32],
) {
    for i in 0..n.saturating_sub(2) {
        let tau = householder(a, i, i + 1, n);
        for j in i + 1..n {
            v[j] = a[j * n + i];
        }
        if tau != 0.0 {
            a[(i + 1) * n + i] = v[i + 1];
            v[i + 1] = 1.0;
            let lo = i + 1;
            // x = τ·A·v
            for r in lo..n {
                let mut acc = 0.0f32;
                for c in lo..n {
                    acc += tau * a[r * n + c] * v[c];
                }
                x[r] = acc;
            }
            // x −= ½·τ·(x·v)·v
            let mut xv = 0.0f32;
            for r in lo..n {
                xv += x[r] * v[r];
            }
            let alpha = (-0.5 * f64::from(tau) * f64::from(xv)) as f32;
            for r in lo..n {
                x[r] += alpha * v[r];
            }
            // A −= x·vᵀ + v·xᵀ
            for r in lo..n {
                for c in lo..n {
                    a[r * n + c] -= x[r] * v[c] + v[r] * x[c];
                }
            }
        }
    }
    for i in 0..n {
        d[i] = a[i * n + i];
    }
    for i in 0..n - 1 {
        sd[i] = a[(i + 1) * n + i];
    }
}

/// Upstream `chop_small_elements`.
fn chop(d: &[f32], sd: &mut [f32], n: usize) {
    for i in 0..n - 1 {
        if f64::from(sd[i].abs()) < EPS * f64::from(d[i].abs() + d[i + 1].abs()) {
            sd[i] = 0.0;
        }
    }
}

/// Upstream `trailing_eigenvalue` (Wilkinson shift).
fn trailing_eigenvalue(d: &[f32], sd: &[f32], n: usize) -> f32 {
    let ta = d[n - 2];
    let tb = d[n - 1];
    let tab = sd[n - 2];
    let dt = (f64::from(ta - tb) / 2.0) as f32;
    if dt > 0.0 {
        tb - tab * (tab / (dt + hypot_f32(dt, tab)))
    } else if dt == 0.0 {
        tb - tab.abs()
    } else {
        tb + tab * (tab / (-dt + hypot_f32(dt, tab)))
    }
}

/// Upstream `create_givens`: `(c, s)`.
fn givens(a: f32, b: f32) -> (f32, f32) {
    if b == 0.0 {
        (1.0, 0.0)
    } else if b.abs() > a.abs() {
        let t = -a / b;
        let s1 = (1.0 / f64::from(1.0 + t * t).sqrt()) as f32;
        (s1 * t, s1)
    } else {
        let t = -b / a;
        let c1 = (1.0 / f64::from(1.0 + t * t).sqrt()) as f32;
        (c1, c1 * t)
    }
}

/// Upstream `qr_step` on the unreduced block `d[..n]`, `sd[..n-1]`.
fn qr_step(d: &mut [f32], sd: &mut [f32], n: usize) {
    let mut mu = trailing_eigenvalue(d, sd, n);
    if EPS * f64::from(mu.abs()) > f64::from(d[0].abs() + sd[0].abs()) {
        mu = 0.0;
    }
    let mut x = d[0] - mu;
    let mut z = sd[0];
    let mut bk = 0.0f32;
    let mut zk = 0.0f32;
    let mut ap = d[0];
    let mut bp = sd[0];
    let mut aq = d[1];
    if n == 2 {
        let (c, s) = givens(x, z);
        let ap1 = c * (c * ap - s * bp) + s * (s * aq - c * bp);
        let bp1 = c * (s * ap + c * bp) - s * (s * bp + c * aq);
        let aq1 = s * (s * ap + c * bp) + c * (s * bp + c * aq);
        d[0] = ap1;
        sd[0] = bp1;
        d[1] = aq1;
        return;
    }
    let mut bq = sd[1];
    for k in 0..n - 1 {
        let (c, s) = givens(x, z);
        let bk1 = c * bk - s * zk;
        let ap1 = c * (c * ap - s * bp) + s * (s * aq - c * bp);
        let bp1 = c * (s * ap + c * bp) - s * (s * bp + c * aq);
        let zp1 = -s * bq;
        let aq1 = s * (s * ap + c * bp) + c * (s * bp + c * aq);
        let bq1 = c * bq;
        let ak = ap1;
        bk = bp1;
        zk = zp1;
        ap = aq1;
        bp = bq1;
        if k < n - 2 {
            aq = d[k + 2];
        }
        if k + 3 < n {
            bq = sd[k + 2];
        }
        d[k] = ak;
        if k > 0 {
            sd[k - 1] = bk1;
        }
        if k < n - 2 {
            sd[k + 1] = bp;
        }
        x = bk;
        z = zk;
    }
    d[n - 1] = ap;
    sd[n - 2] = bk;
}

/// Upstream `compute_eigenvalues_tridiagonal`: the eigenvalues end up in `d`. Returns `false` if
/// the iteration limit was reached.
fn tridiagonal_eigenvalues(d: &mut [f32], sd: &mut [f32], n: usize) -> bool {
    chop(d, sd, n);
    let mut b = n - 1;
    let mut iter = 0;
    while b > 0 && iter < MAX_QR_ITERATIONS {
        if sd[b - 1] == 0.0 {
            b -= 1;
            continue;
        }
        let mut a = b - 1;
        while a > 0 {
            if sd[a - 1] == 0.0 {
                break;
            }
            a -= 1;
        }
        let nb = b - a + 1;
        qr_step(&mut d[a..], &mut sd[a..], nb);
        chop(&d[a..], &mut sd[a..], nb);
        iter += 1;
    }
    iter < MAX_QR_ITERATIONS
}

fn vector_norm(v: &[f32]) -> f32 {
    let mut sum = 0.0f32;
    for &x in v {
        sum += x * x;
    }
    sqrt_f32(sum)
}

/// Upstream `matrix_qr_decomposition` of `s.a` into `s.q` (returned transposed back, i.e. the
/// accumulated reflector product H_{n−2}…H_0, such that `R = Q·A`) and `s.r`.
fn qr_decomposition(s: &mut LinalgScratch, matmul: Matmul) {
    let n = s.n;
    s.tmp_z.copy_from_slice(&s.a);
    for i in 0..n {
        for j in 0..n {
            s.q[i * n + j] = if i == j { 1.0 } else { 0.0 };
        }
    }
    for k in 0..n - 1 {
        // matrix_minor: the first k rows and columns become the identity's.
        for i in 0..n {
            for j in 0..n {
                if i < k || j < k {
                    s.tmp_z[i * n + j] = if i == j { 1.0 } else { 0.0 };
                }
            }
        }
        // The reflector vector lives in the first n entries of R, as upstream.
        let vec = &mut s.r[..n];
        for (i, v) in vec.iter_mut().enumerate() {
            *v = s.tmp_z[i * n + k];
        }
        let norm = vector_norm(vec);
        // Upstream takes the sign from the original matrix, not from the reduced one.
        vec[k] += sign(s.a[k * n + k]) * norm;
        let d = vector_norm(vec);
        for v in vec.iter_mut() {
            *v /= d;
        }
        for i in 0..n {
            for j in 0..n {
                s.tmp_q[i * n + j] = -2.0 * vec[i] * vec[j];
            }
        }
        for i in 0..n {
            s.tmp_q[i * n + i] += 1.0;
        }
        matmul(&mut s.r, &s.tmp_q, &s.tmp_z, n, n, n);
        s.tmp_z.copy_from_slice(&s.r);
        matmul(&mut s.r, &s.tmp_q, &s.q, n, n, n);
        s.q.copy_from_slice(&s.r);
    }
    matmul(&mut s.r, &s.q, &s.a, n, n, n);
    // Upstream transposes Q here and the caller transposes it back: a no-op pair.
}

/// Upstream `solve_linear_system`: solves `m·X = b` (`m` is `n`×`n`, `b` and `out` are
/// `n`×`cols`, row-major) by QR decomposition and back substitution. Returns `false` where
/// upstream returns `-EINVAL`: a diagonal element of R below 1e-6 in magnitude (`out` is then
/// partly written, as upstream's).
pub(crate) fn solve(
    m: &[f32],
    b: &[f32],
    cols: usize,
    out: &mut [f32],
    s: &mut LinalgScratch,
    matmul: Matmul,
) -> bool {
    let n = s.n;
    s.a.copy_from_slice(&m[..n * n]);
    qr_decomposition(s, matmul);
    matmul(&mut s.rect, &s.q, b, n, n, cols);
    let r = &s.r;
    for i in (0..n).rev() {
        let den = r[i * n + i];
        if f64::from(den.abs()) < EPS {
            return false;
        }
        // Row i of the solution: rect[i][j] − Σ_{k>i} out[k][j]·r[i][k] (k ascending), then
        // divided by the pivot; every column j on its own, so the rows go through whole.
        let (head, below) = out[..n * cols].split_at_mut((i + 1) * cols);
        let row = &mut head[i * cols..];
        row.copy_from_slice(&s.rect[i * cols..(i + 1) * cols]);
        for (k, other) in below.chunks_exact(cols).enumerate() {
            let f = r[i * n + i + 1 + k];
            for (t, &o) in row.iter_mut().zip(other) {
                *t -= o * f;
            }
        }
        for t in row.iter_mut() {
            *t /= den;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use foveal_kernels::speed::scalar;

    fn sym(n: usize, f: impl Fn(usize, usize) -> f32) -> Vec<f32> {
        let mut m = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..=i {
                let v = f(i, j);
                m[i * n + j] = v;
                m[j * n + i] = v;
            }
        }
        m
    }

    #[test]
    fn eigenvalues_of_known_matrices() {
        // diag(1..5) shuffled by nothing: eigenvalues are the diagonal.
        let n = 5;
        let m = sym(n, |i, j| if i == j { (i + 1) as f32 } else { 0.0 });
        let mut s = LinalgScratch::new(n, 1);
        let mut e = vec![0.0; n];
        assert!(eigenvalues(&m, &mut e, &mut s));
        let mut sorted = e.clone();
        sorted.sort_by(f32::total_cmp);
        assert_eq!(sorted, vec![1.0, 2.0, 3.0, 4.0, 5.0]);
        // The 1-2-1 tridiagonal Toeplitz matrix: 2 − 2cos(kπ/(n+1)).
        let n = 25;
        let m = sym(n, |i, j| match i - j {
            0 => 2.0,
            1 => -1.0,
            _ => 0.0,
        });
        let mut s = LinalgScratch::new(n, 1);
        let mut e = vec![0.0; n];
        assert!(eigenvalues(&m, &mut e, &mut s));
        e.sort_by(f32::total_cmp);
        for (k, &v) in e.iter().enumerate() {
            let want = 2.0 - 2.0 * ((k + 1) as f64 * std::f64::consts::PI / 26.0).cos();
            assert!((f64::from(v) - want).abs() < 1e-5, "{k}: {v} vs {want}");
        }
    }

    #[test]
    fn solve_recovers_a_known_solution() {
        let n = 25;
        let m = sym(n, |i, j| {
            if i == j {
                10.0 + i as f32
            } else {
                1.0 / (1 + i + j) as f32
            }
        });
        let cols = 3;
        let x: Vec<f32> = (0..n * cols).map(|i| (i % 7) as f32 - 3.0).collect();
        let mut b = vec![0.0; n * cols];
        scalar::matmul(&mut b, &m, &x, n, n, cols);
        let mut s = LinalgScratch::new(n, cols);
        let mut out = vec![0.0; n * cols];
        assert!(solve(&m, &b, cols, &mut out, &mut s, scalar::matmul));
        for (o, w) in out.iter().zip(&x) {
            assert!((o - w).abs() < 1e-4, "{o} vs {w}");
        }
    }

    #[test]
    fn solve_reports_a_singular_matrix() {
        // Equal rows: the second pivot of R vanishes (to rounding), below 1e-6.
        let m = [1.0f32, 1.0, 1.0, 1.0];
        let mut s = LinalgScratch::new(2, 1);
        let mut out = [0.0f32; 2];
        assert!(!solve(&m, &[1.0, 2.0], 1, &mut out, &mut s, scalar::matmul));
        // A regular one passes.
        let m = [2.0f32, 1.0, 1.0, 3.0];
        assert!(solve(&m, &[3.0, 4.0], 1, &mut out, &mut s, scalar::matmul));
        assert!(
            (out[0] - 1.0).abs() < 1e-6 && (out[1] - 1.0).abs() < 1e-6,
            "{out:?}"
        );
    }
}
