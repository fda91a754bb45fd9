//! Gives the shared library its SONAME, `libfoveal.so.<ABI major>`, on Linux. The major number is
//! read from `FOVEAL_ABI_VERSION_MAJOR` in src/lib.rs, the one place it is defined.

fn main() {
    println!("cargo:rerun-if-changed=src/lib.rs");
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os != "linux" {
        return;
    }
    let lib = std::fs::read_to_string("src/lib.rs").expect("read src/lib.rs");
    let major = lib
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("pub const FOVEAL_ABI_VERSION_MAJOR: u32 = ")
                .and_then(|r| r.strip_suffix(';'))
        })
        .expect("src/lib.rs defines FOVEAL_ABI_VERSION_MAJOR")
        .trim()
        .to_string();
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libfoveal.so.{major}");
}
