//! The committed C header `include/foveal.h` must be exactly what cbindgen generates from this
//! crate. Regenerate it with `FOVEAL_BLESS_HEADER=1 cargo test -p foveal-capi --test header`.

use std::path::Path;

#[test]
fn committed_header_is_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let bindings = cbindgen::Builder::new()
        .with_crate(dir)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header");
    let mut generated = Vec::new();
    bindings.write(&mut generated);
    let generated = String::from_utf8(generated).expect("UTF-8 header");
    let path = dir.join("include/foveal.h");
    if std::env::var_os("FOVEAL_BLESS_HEADER").is_some() {
        std::fs::write(&path, &generated).expect("write include/foveal.h");
        eprintln!("wrote {}", path.display());
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .map_or(
                committed.lines().count().min(generated.lines().count()),
                |l| l,
            );
        panic!(
            "include/foveal.h is out of date (first difference at line {}: committed {:?}, generated {:?}); \
             regenerate with FOVEAL_BLESS_HEADER=1 cargo test -p foveal-capi --test header",
            line + 1,
            committed.lines().nth(line),
            generated.lines().nth(line)
        );
    }
    for must in [
        "#ifndef FOVEAL_H",
        "#define FOVEAL_ABI_VERSION_MAJOR 1",
        "FovealStatus foveal_submit(",
        "typedef struct FovealContext FovealContext;",
    ] {
        assert!(generated.contains(must), "header lacks {must:?}");
    }
    println!(
        "include/foveal.h: {} lines, up to date",
        generated.lines().count()
    );
}
