#!/usr/bin/env python3
"""Regenerates the SpEED goldens in this folder with the reference ffmpeg + libvmaf 3.2.

Usage: generate.py FFMPEG SHARED_DIR WORK_DIR
  FFMPEG      the oracle (imageio-ffmpeg 0.8.1's ffmpeg-linux-x86_64-v9.0.2, libvmaf 3.2, AVX-512
              machine; see shared/docs/reference-tooling.md)
  SHARED_DIR  the shared folder (holds netflix-vectors/)
  WORK_DIR    scratch folder for the derived raw inputs (never committed)

Each golden is libvmaf's JSON log (log_fmt=json, n_threads=1) reduced to its SpEED metrics (the
vmaf_v0.6.1 model the filter always runs is dropped); the values are libvmaf's printed text. The
derived inputs (all made from the shared Netflix vectors by the transforms below, which
speed_conformance.rs repeats in Rust) are:
  - 444: every 4:2:0 chroma sample repeated 2x2; 422: every chroma row repeated twice;
  - odd: the top-left 351x323 of the 576x324 frames, chroma 176x162 (libvmaf reads 175x161);
  - flatu_dis: distorted U plane set to 512 (10-bit); flatu_both: reference and distorted U = 512;
  - blueq: blue_sky_360p_60f.yuv with every sample quantised to a multiple of 8 (v & ~7).
"""
import array
import json
import os
import subprocess
import sys

FF, SHARED, WORK = sys.argv[1:4]
V = os.path.join(SHARED, "netflix-vectors")
HERE = os.path.dirname(os.path.abspath(__file__))

V1 = "speed_max_val=45:speed_nn_floor=0.1:speed_sigma_nn=0.19:speed_weight_var_mode=5"

CHROMA_OPTIONS = [
    "",
    V1,
    "speed_weight_var_mode=1",
    "speed_weight_var_mode=2",
    "speed_weight_var_mode=3",
    "speed_weight_var_mode=4",
    "speed_weight_var_mode=6",
    "speed_nn_floor=0.5",
    "speed_sigma_nn=1.5",
    "speed_max_val=2",
    "speed_kernelscale=0.5",
    "speed_kernelscale=2",
    "speed_kernelscale=3",
    "speed_prescale=1.5",
    "speed_prescale=1.5:speed_prescale_method=bilinear",
    "speed_prescale=1.25:speed_prescale_method=bicubic",
    "speed_prescale=1.25:speed_prescale_method=lanczos4",
]
PRESCALE_OPTIONS = [
    "speed_prescale=0.5:speed_prescale_method=bilinear:" + V1,
    "speed_prescale=0.6:speed_prescale_method=bilinear:" + V1,
    "speed_prescale=0.6",
    "speed_prescale=0.75:speed_prescale_method=bicubic",
    "speed_prescale=0.8:speed_prescale_method=lanczos4",
    "speed_prescale=1.3:speed_prescale_method=lanczos4",
    "speed_prescale=2:speed_prescale_method=bilinear",
    "speed_prescale=1.7",
]
TEMPORAL_OPTIONS = [
    "",
    "speed_use_ref_diff=true",
    "speed_nn_floor=0.1:speed_sigma_nn=0.19",
    "speed_prescale=0.5:speed_prescale_method=bicubic",
    "speed_kernelscale=0.5:speed_prescale=0.75:speed_prescale_method=bilinear",
]


def feat(name, opts):
    return "name=" + name + ("\\:" + opts.replace(":", "\\:") if opts else "")


def run(out, ref, dis, pix_fmt, w, h, chroma=(), temporal=()):
    feats = [feat("speed_chroma", o) for o in chroma] + [feat("speed_temporal", o) for o in temporal]
    tmp = os.path.join(WORK, out + ".full.json")
    graph = ("libvmaf=model='version=vmaf_v0.6.1\\:name=vmaf':feature='" + "|".join(feats)
             + "':log_fmt=json:log_path=" + tmp + ":n_threads=1")
    size = "%dx%d" % (w, h)
    cmd = [FF, "-hide_banner", "-nostdin", "-loglevel", "verbose",
           "-f", "rawvideo", "-pix_fmt", pix_fmt, "-s", size, "-i", dis,
           "-f", "rawvideo", "-pix_fmt", pix_fmt, "-s", size, "-i", ref,
           "-lavfi", graph, "-f", "null", "-"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(p.stderr)
    if "auto_scale" in p.stderr or "scaler_out" in p.stderr:
        sys.exit("ffmpeg converted the input format: " + out)
    d = json.load(open(tmp))
    frames = [{"frameNum": f["frameNum"],
               "metrics": {k: v for k, v in f["metrics"].items() if k.startswith("speed")}}
              for f in d["frames"]]
    with open(os.path.join(HERE, out), "w") as f:
        json.dump({"version": d["version"], "frames": frames}, f, indent=1)
        f.write("\n")
    print(out, len(frames), "frames", sum(len(f["metrics"]) for f in frames), "values")


def planes(path, w, h, bps):
    data = open(path, "rb").read()
    cw, ch = (w + 1) // 2, (h + 1) // 2
    n = (w * h + 2 * cw * ch)
    typ = "H" if bps == 2 else "B"
    a = array.array(typ)
    a.frombytes(data)
    frames = []
    for f in range(len(a) // n):
        base = f * n
        y = a[base:base + w * h]
        u = a[base + w * h:base + w * h + cw * ch]
        v = a[base + w * h + cw * ch:base + n]
        frames.append((y, u, v))
    return frames, typ


def write(path, frames, typ):
    out = array.array(typ)
    for planes_ in frames:
        for p in planes_:
            out.extend(p)
    open(path, "wb").write(out.tobytes())


def upsample(p, cw, ch, fx, fy):
    out = array.array(p.typecode)
    for y in range(ch * fy):
        row = p[(y // fy) * cw:(y // fy + 1) * cw]
        for x in range(cw * fx):
            out.append(row[x // fx])
    return out


def derived(name, src, w, h, bps, fn):
    frames, typ = planes(src, w, h, bps)
    path = os.path.join(WORK, name)
    write(path, [fn(i, f) for i, f in enumerate(frames)], typ)
    return path


def main():
    os.makedirs(WORK, exist_ok=True)
    s10r = os.path.join(V, "src01_hrc00_576x324.yuv420p10le.yuv")
    s10d = os.path.join(V, "src01_hrc01_576x324.yuv420p10le.yuv")
    run("src01_10b.json", s10r, s10d, "yuv420p10le", 576, 324, CHROMA_OPTIONS, TEMPORAL_OPTIONS)
    for b in (12, 16):
        r = os.path.join(V, "src01_hrc00_576x324.yuv420p%dle.yuv" % b)
        d = os.path.join(V, "src01_hrc01_576x324.yuv420p%dle.yuv" % b)
        run("src01_%db.json" % b, r, d, "yuv420p%dle" % b, 576, 324, ["", V1], TEMPORAL_OPTIONS[:2])
    run("sparks_10b.json", os.path.join(V, "sparks_ref_480x270.yuv42010le.yuv"),
        os.path.join(V, "sparks_dis_480x270.yuv42010le.yuv"), "yuv420p10le", 480, 270,
        CHROMA_OPTIONS, TEMPORAL_OPTIONS)
    run("archer_8b.json", os.path.join(V, "archer_ref_frm20.yuv"),
        os.path.join(V, "archer_dis_frm20.yuv"), "yuv420p", 1920, 1080, PRESCALE_OPTIONS)
    blue = os.path.join(V, "blue_sky_360p_60f.yuv")
    blueq = derived("blueq.yuv", blue, 640, 360, 1,
                    lambda i, f: tuple(array.array("B", (v & ~7 for v in p)) for p in f))
    run("blueq_8b.json", blue, blueq, "yuv420p", 640, 360, ["", V1], TEMPORAL_OPTIONS)

    def l444(i, f):
        y, u, v = f
        return (y, upsample(u, 288, 162, 2, 2), upsample(v, 288, 162, 2, 2))

    def l422(i, f):
        y, u, v = f
        return (y, upsample(u, 288, 162, 1, 2), upsample(v, 288, 162, 1, 2))

    def odd(i, f):
        y, u, v = f
        yy, uu, vv = (array.array(y.typecode) for _ in range(3))
        for r in range(323):
            yy.extend(y[r * 576:r * 576 + 351])
        for r in range(162):
            uu.extend(u[r * 288:r * 288 + 176])
            vv.extend(v[r * 288:r * 288 + 176])
        return (yy, uu, vv)

    for tag, fn, fmt, w, h in (("444", l444, "yuv444p10le", 576, 324),
                                ("422", l422, "yuv422p10le", 576, 324),
                                ("odd", odd, "yuv420p10le", 351, 323)):
        r = derived("src01_ref_" + tag, s10r, 576, 324, 2, fn)
        d = derived("src01_dis_" + tag, s10d, 576, 324, 2, fn)
        run("src01_10b_%s.json" % tag, r, d, fmt, w, h, ["", V1], TEMPORAL_OPTIONS[:1])

    def flat_u(i, f):
        y, u, v = f
        return (y, array.array("H", [512] * len(u)), v)

    r_flat = derived("src01_ref_flatu", s10r, 576, 324, 2, flat_u)
    d_flat = derived("src01_dis_flatu", s10d, 576, 324, 2, flat_u)
    run("src01_10b_flatu_dis.json", s10r, d_flat, "yuv420p10le", 576, 324, ["", V1])
    run("src01_10b_flatu_both.json", r_flat, d_flat, "yuv420p10le", 576, 324, ["", V1])


main()
