//! Process measurement on Linux: wall time, CPU time and peak resident memory of a child process
//! (`wait4`) or of this process (`getrusage`, `/proc/self/status`).
//!
//! The only `unsafe` of the harness outside the optional libvmaf binding lives here: two libc
//! calls that fill a `rusage` record.

#![allow(unsafe_code)]

use std::io;
use std::process::Command;
use std::time::Instant;

/// What one run cost.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Usage {
    /// Elapsed wall-clock seconds.
    pub wall: f64,
    /// User CPU seconds (all threads).
    pub user: f64,
    /// System CPU seconds (all threads).
    pub sys: f64,
    /// Peak resident set size in KiB.
    pub max_rss_kb: u64,
}

impl Usage {
    /// User plus system CPU seconds.
    pub fn cpu(&self) -> f64 {
        self.user + self.sys
    }
}

fn tv_secs(tv: libc::timeval) -> f64 {
    tv.tv_sec as f64 + tv.tv_usec as f64 * 1e-6
}

fn zero_rusage() -> libc::rusage {
    // SAFETY: `rusage` is a plain C struct of integers and `timeval`s; all-zero bytes are a
    // valid value of it.
    unsafe { std::mem::zeroed() }
}

/// Spawns `cmd`, waits for it with `wait4` and returns its exit code (`None` if killed by a
/// signal) and its own resource usage (not its siblings').
pub fn run_measured(cmd: &mut Command) -> io::Result<(Option<i32>, Usage)> {
    let start = Instant::now();
    let child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    let mut ru = zero_rusage();
    loop {
        // SAFETY: `pid` is our own child, not yet reaped (we never call `Child::wait`); both
        // pointers refer to live, writable locals of the right types.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
        if r == pid {
            break;
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    let wall = start.elapsed().as_secs_f64();
    // The child is reaped; dropping the handle does not wait again.
    drop(child);
    let code = if libc::WIFEXITED(status) {
        Some(libc::WEXITSTATUS(status))
    } else {
        None
    };
    Ok((
        code,
        Usage {
            wall,
            user: tv_secs(ru.ru_utime),
            sys: tv_secs(ru.ru_stime),
            max_rss_kb: ru.ru_maxrss.max(0) as u64,
        },
    ))
}

/// CPU time of this process so far: `(user, system)` seconds.
pub fn self_cpu() -> (f64, f64) {
    let mut ru = zero_rusage();
    // SAFETY: `ru` is a live, writable `rusage`; RUSAGE_SELF is a valid `who`.
    let r = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    if r != 0 {
        return (f64::NAN, f64::NAN);
    }
    (tv_secs(ru.ru_utime), tv_secs(ru.ru_stime))
}

/// A `kB` field of `/proc/self/status` (e.g. `VmRSS`, `VmHWM`).
pub fn self_status_kb(field: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    text.lines().find_map(|l| {
        let rest = l.strip_prefix(field)?.strip_prefix(':')?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

/// Resets this process's peak RSS (`VmHWM`) to its current RSS (Linux ≥ 4.0). Returns whether it
/// worked; where it did not, `VmHWM` still includes everything before.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The CPU model named by `/proc/cpuinfo`, with the number of logical CPUs.
pub fn cpu_model() -> String {
    let text = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = text
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim() == "model name").then(|| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    let n = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{model} ({n} logical CPUs)")
}

/// The CPU flags of interest present in `/proc/cpuinfo`.
pub fn cpu_flags() -> Vec<&'static str> {
    let text = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let flags: Vec<&str> = text
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim() == "flags").then_some(v)
        })
        .map(|v| v.split_whitespace().collect())
        .unwrap_or_default();
    [
        "avx2",
        "fma",
        "avx512f",
        "avx512bw",
        "avx512vl",
        "avx512_vnni",
    ]
    .into_iter()
    .filter(|f| flags.contains(f))
    .collect()
}

/// `/proc/loadavg`'s first three fields.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "?".to_string())
}

/// The 1-minute load average (NaN where unknown).
pub fn load1() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}
