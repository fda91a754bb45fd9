#!/usr/bin/env python3
"""Generate foveal's built-in model tables from libvmaf model files.

Reads libvmaf's model JSON files (default: ../shared/models beside the checkout) and writes
typed Rust constant tables into crates/foveal/src/model/builtin/: one module per model file plus
mod.rs, which lists the built-in versions. The tables hold numbers (slopes, intercepts, clip and
transform parameters, SVM gamma/rho/coefficients/support vectors) as f64 literals, never the JSON
text. Each literal is Python's shortest round-trip repr of the value strtod gives for the file's
text, so the Rust literal is the identical double. Feature option numbers keep their JSON lexeme,
because foveal normalises them at load exactly like libvmaf (strtof + %g).

Support vector tables shared by several files (for example v0.6.1 and v0.6.1neg, or the eight
v1.0.16 files) are written once and referenced by the others.

The test crates/foveal/tests/model_conformance.rs loads every JSON with foveal's own reader and
checks that the built-in tables match field by field, so a stale table fails the test suite.

Usage: tools/gen_models.py [--models DIR] [--out DIR] [--check]
  --check  compare with the files on disk instead of writing; exit 1 if they differ.
"""

import argparse
import hashlib
import json
import os
import sys

# libvmaf's built-in versions (model.c), integer models first, then the float ones.
VERSIONS = [
    "vmaf_v0.6.1",
    "vmaf_b_v0.6.3",
    "vmaf_v0.6.1neg",
    "vmaf_4k_v0.6.1",
    "vmaf_4k_v0.6.1neg",
    "vmaf_v1.0.16_3d0h",
    "vmaf_v1.0.16_3d0h_2160",
    "vmaf_v1.0.16_5d0h",
    "vmaf_v1.0.16_1d5h_2160",
    "vmaf_v1.0.16_hfr_3d0h",
    "vmaf_v1.0.16_hfr_3d0h_2160",
    "vmaf_v1.0.16_hfr_5d0h",
    "vmaf_v1.0.16_hfr_1d5h_2160",
    "vmaf_float_v0.6.1",
    "vmaf_float_b_v0.6.3",
    "vmaf_float_v0.6.1neg",
    "vmaf_float_4k_v0.6.1",
]

MODEL_TYPES = {
    "LIBSVMNUSVR": "ModelType::LibsvmNuSvr",
    "BOOTSTRAP_LIBSVMNUSVR": "ModelType::BootstrapLibsvmNuSvr",
    "RESIDUEBOOTSTRAP_LIBSVMNUSVR": "ModelType::ResidueBootstrapLibsvmNuSvr",
}
NORM_TYPES = {"linear_rescale": "NormType::LinearRescale", "none": "NormType::None"}


class Num(str):
    """A JSON number kept as its lexeme."""


def fail(msg):
    sys.exit(f"gen_models.py: {msg}")


def f64(x, where):
    """Rust literal for the double that strtod gives for lexeme x."""
    if not isinstance(x, Num):
        fail(f"{where}: expected a number, got {x!r}")
    v = float(x)
    if v != v or v in (float("inf"), float("-inf")):
        fail(f"{where}: {x} is not finite")
    r = repr(v)
    return r if ("." in r or "e" in r) else r + ".0"


def rust_str(s):
    return json.dumps(s, ensure_ascii=False)


def parse_svm(text, where):
    """libsvm model text -> (gamma, rho, [(coef, [(idx, val)])]), as foveal's reader parses it."""
    lines = text.split("\n")
    sv_at = next((i for i, l in enumerate(lines) if "SV" in l.split()), None)
    if sv_at is None:
        fail(f"{where}: no SV line")
    header = " ".join(lines[:sv_at]).split()
    hdr = {}
    i = 0
    while i < len(header):
        k = header[i]
        if k not in ("svm_type", "kernel_type", "gamma", "nr_class", "total_sv", "rho"):
            fail(f"{where}: unexpected header key {k!r}")
        hdr[k] = header[i + 1]
        i += 2
    if hdr.get("svm_type") != "nu_svr" or hdr.get("kernel_type") != "rbf" or hdr.get("nr_class") != "2":
        fail(f"{where}: only nu_svr / rbf / nr_class 2 is supported: {hdr}")
    total = int(hdr["total_sv"])
    svs = []
    for line in lines[sv_at + 1 : sv_at + 1 + total]:
        toks = line.split()
        coef = f64(Num(toks[0]), where)
        nodes = []
        for t in toks[1:]:
            idx, val = t.split(":")
            nodes.append((int(idx), f64(Num(val), where)))
        svs.append((coef, nodes))
    if len(svs) != total:
        fail(f"{where}: expected {total} support vectors, found {len(svs)}")
    return f64(Num(hdr["gamma"]), where), f64(Num(hdr["rho"]), where), svs


def opt_value(v, where):
    if isinstance(v, bool):
        return f"RawOpt::Bool({'true' if v else 'false'})"
    if isinstance(v, Num):
        return f"RawOpt::Num({rust_str(str(v))})"
    if isinstance(v, str):
        return f"RawOpt::Str({rust_str(v)})"
    fail(f"{where}: unsupported option value {v!r}")


def opt_f64(v, where):
    return "None" if v is None else f"Some({f64(v, where)})"


def dict_tables(md, where):
    """Rust expression fields of a RawDict (without svm) for model_dict md."""
    names = md["feature_names"]
    opts = md.get("feature_opts_dicts", [])
    out = []
    out.append(f"    model_type: {MODEL_TYPES[md['model_type']]},")
    out.append("    feature_names: &[" + ", ".join(rust_str(n) for n in names) + "],")
    olines = []
    for i, o in enumerate(opts):
        items = ", ".join(f"({rust_str(k)}, {opt_value(v, f'{where}.feature_opts_dicts[{i}].{k}')})" for k, v in o.items())
        olines.append(f"        &[{items}],")
    out.append("    feature_opts: &[" + ("\n" + "\n".join(olines) + "\n    " if olines else "") + "],")
    out.append(f"    norm_type: {NORM_TYPES[md['norm_type']]},")
    for key in ("slopes", "intercepts"):
        vals = md.get(key, [])
        out.append(f"    {key}: &[" + ", ".join(f64(v, f"{where}.{key}") for v in vals) + "],")
    clip = md.get("score_clip")
    if clip is None:
        out.append("    score_clip: None,")
    else:
        if len(clip) != 2:
            fail(f"{where}.score_clip: expected [min, max]")
        out.append(f"    score_clip: Some(({f64(clip[0], where)}, {f64(clip[1], where)})),")
    st = md.get("score_transform")
    if st is None:
        out.append("    score_transform: None,")
    else:
        knots = st.get("knots")
        if knots is None:
            k = "None"
        else:
            k = "Some(&[" + ", ".join(f"({f64(a, where)}, {f64(b, where)})" for a, b in knots) + "])"
        out.append("    score_transform: Some(RawTransform {")
        out.append(f"        enabled: {'true' if st.get('enabled') is True else 'false'},")
        for p in ("p0", "p1", "p2"):
            out.append(f"        {p}: {opt_f64(st.get(p), where + '.' + p)},")
        out.append(f"        knots: {k},")
        out.append(f"        out_lte_in: {'true' if st.get('out_lte_in') == 'true' else 'false'},")
        out.append(f"        out_gte_in: {'true' if st.get('out_gte_in') == 'true' else 'false'},")
        out.append("    }),")
    ccp = md.get("chroma_correction_parameter")
    out.append(f"    chroma_correction_parameter: {opt_f64(ccp, where)},")
    return out


def svm_table(name, svm):
    gamma, rho, svs = svm
    lines = [f"pub(super) static {name}: RawSvm = RawSvm {{", f"    gamma: {gamma},", f"    rho: {rho},", "    sv: &["]
    for coef, nodes in svs:
        lines.append(f"        ({coef}, &[" + ", ".join(f"({i}, {v})" for i, v in nodes) + "]),")
    lines.append("    ],")
    lines.append("};")
    return lines


def module_name(version):
    return version.replace(".", "_")


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    doc = json.loads(data.decode("utf-8"), parse_float=Num, parse_int=Num)
    return data, doc


def generate(models_dir):
    files = {}
    svm_owner = {}  # svm key -> "module::STATIC"
    mods = []
    for version in VERSIONS:
        fname = version + ".json"
        path = os.path.join(models_dir, fname)
        if not os.path.exists(path):
            fail(f"missing {path}")
        data, doc = load(path)
        digest = hashlib.sha256(data).hexdigest()
        if "model_dict" in doc:
            dicts = [("model_dict", doc["model_dict"])]
        else:
            dicts = []
            for key, value in doc.items():
                if key == str(len(dicts)):
                    dicts.append((f'"{key}".model_dict', value["model_dict"]))
        mod = module_name(version)
        body = []
        dict_names = []
        for i, (where, md) in enumerate(dicts):
            svm = parse_svm(md["model"], f"{fname}: {where}.model")
            key = repr(svm)
            if key in svm_owner:
                svm_ref = svm_owner[key]
            else:
                sname = f"SVM_{i}"
                svm_owner[key] = f"super::{mod}::{sname}"
                svm_ref = sname
                body += svm_table(sname, svm) + [""]
            dname = f"DICT_{i}"
            dict_names.append(dname)
            body.append(f"static {dname}: RawDict = RawDict {{")
            body += dict_tables(md, f"{fname}: {where}")
            body.append(f"    svm: &{svm_ref},")
            body.append("};")
            body.append("")
        if len(dicts) == 1:
            model = "RawFile::Single(&DICT_0)"
        else:
            model = "RawFile::Collection(&[" + ", ".join(f"&{d}" for d in dict_names) + "])"
        header = [
            f"//! Built-in model `{version}`: generated by `tools/gen_models.py` from libvmaf's",
            f"//! `{fname}` (sha256 {digest}).",
            "//! Do not edit; regenerate instead (see docs/models.md). Model coefficients: Netflix, Inc.,",
            "//! BSD+Patent licence (see NOTICE).",
            "",
            "#[allow(unused_imports)]",
            "use super::super::raw::{RawDict, RawFile, RawOpt, RawSvm, RawTransform};",
            "#[allow(unused_imports)]",
            "use super::super::{ModelType, NormType};",
            "",
            f"pub(super) static MODEL: RawFile = {model};",
            "",
        ]
        files[mod + ".rs"] = "\n".join(header + body).rstrip("\n") + "\n"
        mods.append((version, fname, mod))

    index = [
        "//! Built-in models, generated by `tools/gen_models.py` from libvmaf's model files.",
        "//! Do not edit; regenerate instead (see docs/models.md).",
        "",
        "use super::raw::BuiltinModel;",
        "",
    ]
    for _, _, mod in mods:
        index.append("#[rustfmt::skip]")
        index.append("#[allow(clippy::approx_constant, clippy::excessive_precision, clippy::unreadable_literal)]")
        index.append(f"mod {mod};")
    index.append("")
    index.append("/// Version names, in libvmaf's order.")
    index.append("pub(crate) static VERSIONS: &[&str] = &[")
    for version, _, _ in mods:
        index.append(f"    {rust_str(version)},")
    index.append("];")
    index.append("")
    index.append("/// The models, in the order of [`VERSIONS`].")
    index.append("pub(crate) static BUILTIN: &[BuiltinModel] = &[")
    for version, fname, mod in mods:
        index.append("    BuiltinModel {")
        index.append(f"        version: {rust_str(version)},")
        index.append(f"        file: {rust_str(fname)},")
        index.append(f"        model: &{mod}::MODEL,")
        index.append("    },")
    index.append("];")
    files["mod.rs"] = "\n".join(index) + "\n"
    return files


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default=os.path.join(os.path.dirname(repo), "shared", "models"))
    ap.add_argument("--out", default=os.path.join(repo, "crates", "foveal", "src", "model", "builtin"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    files = generate(args.models)
    stale = []
    if not args.check:
        os.makedirs(args.out, exist_ok=True)
    for name, text in sorted(files.items()):
        path = os.path.join(args.out, name)
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != text:
            stale.append(name)
            if not args.check:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
    extra = sorted(set(os.listdir(args.out)) - set(files)) if os.path.isdir(args.out) else []
    if args.check:
        if stale or extra:
            print("out of date: " + ", ".join(stale + extra), file=sys.stderr)
            sys.exit(1)
        print(f"{len(files)} files up to date")
    else:
        for e in extra:
            print(f"warning: {e} in {args.out} is not generated by this script", file=sys.stderr)
        print(f"wrote {len(stale)} of {len(files)} files to {args.out}")


if __name__ == "__main__":
    main()
