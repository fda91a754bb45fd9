//! libvmaf-sys is GPL-3.0: only the unpublished benches crate may depend on it, optionally. This
//! test reads the workspace's manifests (`cargo metadata --no-deps`) and fails if any other
//! member declares it, or if the benches crate ever makes it mandatory or becomes publishable.

use std::process::Command;

#[test]
fn only_the_unpublished_benches_crate_depends_on_libvmaf_sys_and_only_optionally() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| env!("CARGO").to_string());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata is JSON");
    let packages = meta["packages"].as_array().expect("packages");
    assert!(
        packages.len() >= 5,
        "expected the whole workspace, got {}",
        packages.len()
    );
    let mut found = 0;
    for p in packages {
        let name = p["name"].as_str().unwrap_or("?");
        for d in p["dependencies"].as_array().into_iter().flatten() {
            if d["name"].as_str() != Some("libvmaf-sys") {
                continue;
            }
            found += 1;
            assert_eq!(
                name, "foveal-benches",
                "{name} must not depend on GPL libvmaf-sys"
            );
            assert_eq!(d["optional"], true, "libvmaf-sys must stay optional");
            let default = p["features"]["default"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert!(
                !default
                    .iter()
                    .any(|f| f.as_str().is_some_and(|f| f.contains("libvmaf"))),
                "the libvmaf-sys feature must stay off by default: {default:?}"
            );
            assert_eq!(
                p["publish"],
                serde_json::json!([]),
                "foveal-benches must stay publish = false"
            );
        }
    }
    assert_eq!(found, 1, "foveal-benches declares libvmaf-sys once");
    println!("checked {} workspace packages", packages.len());
}
