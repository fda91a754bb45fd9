//! Y4M / raw YUV readers: round trips of every supported colour space and bit depth, header tags,
//! and every listed bad input with its error message.

use std::io::Cursor;
use std::path::Path;

use foveal::io::{self, FrameSource, InputKind, Interlace, Y4mReader, Y4mWriter, YuvReader};
use foveal::{ChromaSampling, Frame, FrameFormat, PlaneRef};

/// Deterministic pseudo-random samples within the bit depth (xorshift).
fn fill(frame: &mut Frame, seed: u64) {
    let mut s = seed | 1;
    let mut next = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let max = frame.format().max_value() as u64;
    if let Some(v) = frame.samples_u8_mut() {
        v.iter_mut().for_each(|x| *x = (next() % (max + 1)) as u8);
    } else {
        frame
            .samples_u16_mut()
            .unwrap()
            .iter_mut()
            .for_each(|x| *x = (next() % (max + 1)) as u16);
    }
}

fn y4m_bytes(header: &str, frames: &[Frame]) -> Vec<u8> {
    let mut out = format!("{header}\n").into_bytes();
    for f in frames {
        out.extend_from_slice(b"FRAME\n");
        out.extend_from_slice(&packed(f));
    }
    out
}

fn packed(f: &Frame) -> Vec<u8> {
    let mut w = Y4mWriter::new(Vec::new(), f.format(), (25, 1)).unwrap();
    w.write_frame(&f.view()).unwrap();
    let bytes = w.finish().unwrap();
    let start = bytes.windows(6).position(|w| w == b"FRAME\n").unwrap() + 6;
    bytes[start..].to_vec()
}

type MemReader = Y4mReader<Cursor<Vec<u8>>>;

fn read_all(bytes: Vec<u8>) -> foveal::Result<(MemReader, Vec<Frame>)> {
    let mut r = Y4mReader::new(Cursor::new(bytes), Path::new("test.y4m"))?;
    let mut frames = Vec::new();
    let mut buf = r.new_frame();
    while r.read_frame(&mut buf)? {
        frames.push(buf.clone());
    }
    Ok((r, frames))
}

fn err_text(bytes: Vec<u8>) -> String {
    match read_all(bytes) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn every_colour_space_round_trips() {
    // (C tag, chroma, depth)
    let cases: &[(&str, ChromaSampling, u8)] = &[
        ("420jpeg", ChromaSampling::Cs420, 8),
        ("420mpeg2", ChromaSampling::Cs420, 8),
        ("420paldv", ChromaSampling::Cs420, 8),
        ("420", ChromaSampling::Cs420, 8),
        ("422", ChromaSampling::Cs422, 8),
        ("444", ChromaSampling::Cs444, 8),
        ("mono", ChromaSampling::Cs400, 8),
        ("420p10", ChromaSampling::Cs420, 10),
        ("420p12", ChromaSampling::Cs420, 12),
        ("420p16", ChromaSampling::Cs420, 16),
        ("422p10", ChromaSampling::Cs422, 10),
        ("422p12", ChromaSampling::Cs422, 12),
        ("422p16", ChromaSampling::Cs422, 16),
        ("444p10", ChromaSampling::Cs444, 10),
        ("444p12", ChromaSampling::Cs444, 12),
        ("444p16", ChromaSampling::Cs444, 16),
        ("mono10", ChromaSampling::Cs400, 10),
        ("monop12", ChromaSampling::Cs400, 12),
        ("mono16", ChromaSampling::Cs400, 16),
        ("420p9", ChromaSampling::Cs420, 9),
    ];
    let mut checked = 0;
    for &(tag, chroma, depth) in cases {
        for (w, h) in [(16, 8), (7, 5), (1, 1)] {
            let fmt = FrameFormat::new(w, h, chroma, depth).unwrap();
            let frames: Vec<Frame> = (0..3)
                .map(|k| {
                    let mut f = Frame::new(fmt);
                    fill(&mut f, 0x9e37 + k + u64::from(depth) * 131 + u64::from(w));
                    f
                })
                .collect();
            let header = format!("YUV4MPEG2 W{w} H{h} F30000:1001 Ip A1:1 C{tag} XYSCSS=IGNORED");
            let (r, got) =
                read_all(y4m_bytes(&header, &frames)).unwrap_or_else(|e| panic!("{tag}: {e}"));
            assert_eq!(r.format(), fmt, "{tag}");
            assert_eq!(r.header().colorspace, tag);
            assert_eq!(r.frame_rate(), Some((30000, 1001)));
            assert_eq!(
                got, frames,
                "{tag} {w}x{h}: samples differ after round trip"
            );
            assert_eq!(r.position(), 3);
            checked += 1;
        }
    }
    eprintln!("round-tripped {checked} (colour space, size) cases");
}

#[test]
fn writer_output_reads_back_with_the_same_header() {
    let fmt = FrameFormat::new(9, 4, ChromaSampling::Cs422, 12).unwrap();
    let mut f = Frame::new(fmt);
    fill(&mut f, 7);
    let mut w = Y4mWriter::new(Vec::new(), fmt, (50, 1)).unwrap();
    w.write_frame(&f.view()).unwrap();
    w.write_frame(&f.view()).unwrap();
    let bytes = w.finish().unwrap();
    assert!(bytes.starts_with(b"YUV4MPEG2 W9 H4 F50:1 Ip A1:1 C422p12\nFRAME\n"));
    let (r, got) = read_all(bytes).unwrap();
    assert_eq!(r.format(), fmt);
    assert_eq!(got, vec![f.clone(), f]);
}

#[test]
fn header_tags_and_defaults() {
    let fmt = FrameFormat::new(4, 2, ChromaSampling::Cs420, 8).unwrap();
    let f = Frame::new(fmt);
    // No C tag: 4:2:0 8-bit; unknown tags ignored; '?' interlace is progressive; A0:0 is "unknown".
    let (r, _) = read_all(y4m_bytes("YUV4MPEG2 W4 H2 I? A0:0 Zfoo", &[f])).unwrap();
    assert_eq!(r.format(), fmt);
    assert_eq!(r.header().interlace, Interlace::Progressive);
    assert_eq!(r.header().aspect, None);
    assert_eq!(r.frame_rate(), None);
    // XYSCSS stands in for a missing C tag.
    let fmt10 = FrameFormat::new(4, 2, ChromaSampling::Cs444, 10).unwrap();
    let f10 = Frame::new(fmt10);
    let (r, got) = read_all(y4m_bytes(
        "YUV4MPEG2 W4 H2 F25:1 XYSCSS=444P10",
        std::slice::from_ref(&f10),
    ))
    .unwrap();
    assert_eq!(r.format(), fmt10);
    assert_eq!(got, vec![f10]);
    assert_eq!(r.header().extensions, vec!["YSCSS=444P10".to_string()]);
}

#[test]
fn frame_parameters_are_accepted() {
    let fmt = FrameFormat::new(2, 2, ChromaSampling::Cs400, 8).unwrap();
    let mut bytes = b"YUV4MPEG2 W2 H2 Cmono\nFRAME Ixyz Xfoo=1\n".to_vec();
    bytes.extend_from_slice(&[1, 2, 3, 4]);
    bytes.extend_from_slice(b"FRAME\n");
    bytes.extend_from_slice(&[5, 6, 7, 8]);
    let (r, frames) = read_all(bytes).unwrap();
    assert_eq!(r.format(), fmt);
    assert_eq!(frames.len(), 2);
}

#[test]
fn skip_frames_and_positions() {
    let fmt = FrameFormat::new(3, 3, ChromaSampling::Cs420, 10).unwrap();
    let frames: Vec<Frame> = (0..4)
        .map(|k| {
            let mut f = Frame::new(fmt);
            fill(&mut f, k + 1);
            f
        })
        .collect();
    let mut r = Y4mReader::new(
        Cursor::new(y4m_bytes("YUV4MPEG2 W3 H3 C420p10", &frames)),
        "s.y4m",
    )
    .unwrap();
    assert_eq!(r.skip_frames(2).unwrap(), 2);
    let mut buf = r.new_frame();
    assert!(r.read_frame(&mut buf).unwrap());
    assert_eq!(buf, frames[2]);
    assert_eq!(r.skip_frames(5).unwrap(), 1);
    assert!(!r.read_frame(&mut buf).unwrap());
    assert_eq!(r.position(), 4);
}

#[test]
fn raw_yuv_reads_packed_frames_and_skips() {
    let fmt = FrameFormat::new(5, 3, ChromaSampling::Cs420, 12).unwrap();
    let frames: Vec<Frame> = (0..3)
        .map(|k| {
            let mut f = Frame::new(fmt);
            fill(&mut f, 40 + k);
            f
        })
        .collect();
    let data: Vec<u8> = frames.iter().flat_map(packed).collect();
    assert_eq!(data.len(), 3 * fmt.frame_bytes());
    let mut r = YuvReader::new(Cursor::new(data.clone()), "x.yuv", fmt);
    let mut buf = r.new_frame();
    assert!(r.read_frame(&mut buf).unwrap());
    assert_eq!(buf, frames[0]);
    assert_eq!(r.skip_frames(1).unwrap(), 1);
    assert!(r.read_frame(&mut buf).unwrap());
    assert_eq!(buf, frames[2]);
    assert!(!r.read_frame(&mut buf).unwrap());

    // Truncated raw frame.
    let mut r = YuvReader::new(Cursor::new(data[..data.len() - 3].to_vec()), "x.yuv", fmt);
    let mut buf = r.new_frame();
    assert!(r.read_frame(&mut buf).unwrap());
    assert!(r.read_frame(&mut buf).unwrap());
    let e = r.read_frame(&mut buf).unwrap_err().to_string();
    let want = format!(
        "x.yuv: truncated frame 2: expected {} bytes, got {}",
        fmt.frame_bytes(),
        fmt.frame_bytes() - 3
    );
    assert_eq!(e, want);
}

#[test]
fn open_reads_files_by_kind() {
    let dir = std::env::temp_dir().join(format!("foveal-io-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fmt = FrameFormat::new(4, 4, ChromaSampling::Cs444, 8).unwrap();
    let mut f = Frame::new(fmt);
    fill(&mut f, 3);
    let y4m = dir.join("a.y4m");
    std::fs::write(
        &y4m,
        y4m_bytes("YUV4MPEG2 W4 H4 C444", std::slice::from_ref(&f)),
    )
    .unwrap();
    let raw = dir.join("a.yuv");
    std::fs::write(&raw, packed(&f)).unwrap();
    for (path, kind) in [(&y4m, InputKind::Y4m), (&raw, InputKind::Raw(fmt))] {
        let mut src = io::open(path, kind).unwrap();
        let mut buf = src.new_frame();
        assert!(src.read_frame(&mut buf).unwrap());
        assert_eq!(buf, f);
        assert!(!src.read_frame(&mut buf).unwrap());
    }
    let e = io::open(dir.join("missing.y4m"), InputKind::Y4m)
        .err()
        .expect("missing file")
        .to_string();
    assert!(
        e.contains("missing.y4m") && e.contains("No such file"),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The samples of plane `p`, widened.
fn samples(f: &Frame, p: usize) -> Vec<u32> {
    match f.view().plane(p).unwrap() {
        PlaneRef::U8(pl) => pl.rows().flatten().map(|&v| u32::from(v)).collect(),
        PlaneRef::U16(pl) => pl.rows().flatten().map(|&v| u32::from(v)).collect(),
    }
}

/// Luma-only reading (`set_luma_only`): the luma planes equal a full read's, the chroma planes
/// keep what the buffer held, frames and skips stay in step, and a stream cut inside the
/// (skipped) chroma is still a truncated frame — for files (seeking) and in-memory streams
/// (reading through), Y4M and raw, 8 and 10 bits.
#[test]
fn luma_only_reads_skip_chroma() {
    let dir = std::env::temp_dir().join(format!("foveal-luma-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (depth, tag) in [(8u8, "C420"), (10, "C420p10")] {
        let fmt = FrameFormat::new(7, 5, ChromaSampling::Cs420, depth).unwrap();
        let frames: Vec<Frame> = (0..4)
            .map(|k| {
                let mut f = Frame::new(fmt);
                fill(&mut f, 70 + k);
                f
            })
            .collect();
        let y4m = y4m_bytes(&format!("YUV4MPEG2 W7 H5 {tag}"), &frames);
        let raw: Vec<u8> = frames.iter().flat_map(packed).collect();
        let (yp, rp) = (
            dir.join(format!("l{depth}.y4m")),
            dir.join(format!("l{depth}.yuv")),
        );
        std::fs::write(&yp, &y4m).unwrap();
        std::fs::write(&rp, &raw).unwrap();
        let cut = |b: &[u8]| b[..b.len() - 2].to_vec();
        let (yc, rc) = (
            dir.join(format!("c{depth}.y4m")),
            dir.join(format!("c{depth}.yuv")),
        );
        std::fs::write(&yc, cut(&y4m)).unwrap();
        std::fs::write(&rc, cut(&raw)).unwrap();
        let sources = |whole: bool| -> Vec<(String, Box<dyn FrameSource>)> {
            let (y, r, yb, rb) = if whole {
                (&yp, &rp, y4m.clone(), raw.clone())
            } else {
                (&yc, &rc, cut(&y4m), cut(&raw))
            };
            vec![
                ("y4m file".into(), io::open(y, InputKind::Y4m).unwrap()),
                ("raw file".into(), io::open(r, InputKind::Raw(fmt)).unwrap()),
                (
                    "y4m memory".into(),
                    Box::new(Y4mReader::new(Cursor::new(yb), "m.y4m").unwrap()),
                ),
                (
                    "raw memory".into(),
                    Box::new(YuvReader::new(Cursor::new(rb), "m.yuv", fmt)),
                ),
            ]
        };
        // The chroma planes of the buffer before any read: a marker the reads must not touch.
        let mut marked = Frame::new(fmt);
        fill(&mut marked, 999);
        for (what, mut src) in sources(true) {
            src.set_luma_only(true);
            let mut buf = marked.clone();
            assert!(src.read_frame(&mut buf).unwrap(), "{what}");
            assert_eq!(samples(&buf, 0), samples(&frames[0], 0), "{what} luma");
            for p in 1..3 {
                assert_eq!(samples(&buf, p), samples(&marked, p), "{what} chroma {p}");
            }
            assert_eq!(src.skip_frames(1).unwrap(), 1, "{what}");
            assert!(src.read_frame(&mut buf).unwrap(), "{what}");
            assert_eq!(samples(&buf, 0), samples(&frames[2], 0), "{what}");
            // Back to whole frames mid-stream.
            src.set_luma_only(false);
            assert!(src.read_frame(&mut buf).unwrap(), "{what}");
            assert_eq!(buf, frames[3], "{what}");
            assert!(!src.read_frame(&mut buf).unwrap(), "{what}");
        }
        for (what, mut src) in sources(false) {
            src.set_luma_only(true);
            let mut buf = src.new_frame();
            for _ in 0..3 {
                assert!(src.read_frame(&mut buf).unwrap(), "{what}");
            }
            let e = src.read_frame(&mut buf).unwrap_err().to_string();
            let want = format!(
                "truncated frame 3: expected {} bytes, got {}",
                fmt.frame_bytes(),
                fmt.frame_bytes() - 2
            );
            assert!(e.contains(&want), "{what}: {e}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---- bad inputs, each with the message it must produce ----

#[test]
fn truncated_frame_names_frame_and_byte_counts() {
    let fmt = FrameFormat::new(4, 4, ChromaSampling::Cs420, 8).unwrap();
    let f = Frame::new(fmt);
    let mut bytes = y4m_bytes("YUV4MPEG2 W4 H4 C420jpeg", &[f.clone(), f]);
    bytes.truncate(bytes.len() - 5);
    assert_eq!(
        err_text(bytes),
        "test.y4m: truncated frame 1: expected 24 bytes, got 19"
    );
}

#[test]
fn truncated_inside_frame_marker() {
    let mut bytes = y4m_bytes("YUV4MPEG2 W2 H2 Cmono", &[]);
    bytes.extend_from_slice(b"FRA");
    let e = err_text(bytes);
    assert!(
        e.contains("bad Y4M frame header") && e.contains("expected 'FRAME'"),
        "{e}"
    );
    let mut bytes = y4m_bytes("YUV4MPEG2 W2 H2 Cmono", &[]);
    bytes.extend_from_slice(b"FRAME");
    assert_eq!(
        err_text(bytes),
        "test.y4m: truncated frame 0: expected 4 bytes, got 0"
    );
}

#[test]
fn garbage_instead_of_frame_marker() {
    let mut bytes = y4m_bytes("YUV4MPEG2 W2 H2 Cmono", &[]);
    bytes.extend_from_slice(b"FRAMEX\n1234");
    let e = err_text(bytes);
    assert!(
        e.contains("frame 0: expected 'FRAME', found \"FRAMEX\""),
        "{e}"
    );
}

#[test]
fn bad_or_missing_header() {
    assert_eq!(
        err_text(Vec::new()),
        "test.y4m: bad Y4M stream header: the file is empty"
    );
    let e = err_text(b"RIFF1234 some other file\n".to_vec());
    assert!(e.contains("missing 'YUV4MPEG2' signature"), "{e}");
    let e = err_text(b"YUV4MPEG2 H4 C420\n".to_vec());
    assert_eq!(e, "test.y4m: bad Y4M stream header: no width (W tag)");
    let e = err_text(b"YUV4MPEG2 W4 C420\n".to_vec());
    assert_eq!(e, "test.y4m: bad Y4M stream header: no height (H tag)");
    let e = err_text(b"YUV4MPEG2 Wabc H4\n".to_vec());
    assert!(e.contains("tag Wabc: W needs a whole number"), "{e}");
    let e = err_text(b"YUV4MPEG2 W0 H4\n".to_vec());
    assert!(e.contains("frame width: 0 (allowed: 1..=32768)"), "{e}");
    let e = err_text(b"YUV4MPEG2 W4 H4 F25\n".to_vec());
    assert!(e.contains("tag F25: expected F<num>:<den>"), "{e}");
    let e = err_text(b"YUV4MPEG2W4 H4\n".to_vec());
    assert!(e.contains("missing space after 'YUV4MPEG2'"), "{e}");
    let e = err_text(b"YUV4MPEG2 W4 H4".to_vec());
    assert!(e.contains("ends inside the stream header"), "{e}");
    let e = err_text(vec![b'Y'; 10_000]);
    assert!(
        e.contains("missing 'YUV4MPEG2' signature") || e.contains("no end of header"),
        "{e}"
    );
    let mut long = b"YUV4MPEG2 W4 H4 ".to_vec();
    long.extend(std::iter::repeat_n(b'X', 10_000));
    assert!(err_text(long).contains("no end of header line within 4096 bytes"));
}

#[test]
fn unsupported_colour_spaces() {
    for cs in [
        "411", "444alpha", "420p7", "420p17", "422jpeg", "yuyv", "mono17", "420p010",
    ] {
        let e = err_text(format!("YUV4MPEG2 W4 H4 C{cs}\n").into_bytes());
        assert!(
            e.starts_with("test.y4m: unsupported input: colour space"),
            "{cs}: {e}"
        );
        assert!(
            e.contains(cs) && e.contains("supported: 420jpeg"),
            "{cs}: {e}"
        );
    }
}

#[test]
fn interlaced_is_refused() {
    for i in ["t", "b", "m"] {
        let e = err_text(format!("YUV4MPEG2 W4 H4 I{i} C420\n").into_bytes());
        assert!(
            e.contains("unsupported input: interlaced content") && e.contains("deinterlace"),
            "{e}"
        );
    }
    let e = err_text(b"YUV4MPEG2 W4 H4 Iq C420\n".to_vec());
    assert!(e.contains("interlace must be one of"), "{e}");
}

#[test]
fn samples_beyond_bit_depth_are_refused() {
    let fmt = FrameFormat::new(2, 2, ChromaSampling::Cs400, 10).unwrap();
    let mut f = Frame::new(fmt);
    f.samples_u16_mut().unwrap()[3] = 1024;
    let e = err_text(y4m_bytes("YUV4MPEG2 W2 H2 Cmono10", &[f]));
    assert_eq!(
        e,
        "test.y4m: frame 0, plane 0: sample value 1024 exceeds the 10-bit maximum 1023"
    );
}

/// Frames large enough to be read in several chunks (each checked as it arrives): a bad sample
/// is found wherever it sits, named with its plane, and truncation still counts every byte.
#[test]
fn samples_beyond_bit_depth_are_found_in_every_chunk_and_plane() {
    let fmt = FrameFormat::new(640, 480, ChromaSampling::Cs420, 12).unwrap();
    let luma = 640 * 480;
    let chroma = 320 * 240;
    let mut good = Frame::new(fmt);
    fill(&mut good, 7);
    let header = "YUV4MPEG2 W640 H480 C420p12";
    for (at, plane, value) in [
        (0, 0, 4096),
        (131_071, 0, 4097),
        (131_072, 0, 65535),
        (luma - 1, 0, 8191),
        (luma + 5, 1, 4096),
        (luma + 2 * chroma - 1, 2, 40000),
    ] {
        let mut bad = good.clone();
        bad.samples_u16_mut().unwrap()[at] = value;
        // The bad frame second, so that the first frame's clean read is checked too.
        let e = err_text(y4m_bytes(header, &[good.clone(), bad]));
        assert_eq!(
            e,
            format!(
                "test.y4m: frame 1, plane {plane}: sample value {value} exceeds the 12-bit maximum 4095"
            ),
            "sample {at}"
        );
    }
    let (_, frames) = read_all(y4m_bytes(header, &[good.clone(), good.clone()])).unwrap();
    assert_eq!(frames, [good.clone(), good.clone()]);
    // Truncated inside the second chunk: the byte count is the whole of what was there, and a
    // bad sample in the part that was read does not hide the truncation.
    let mut bad = good.clone();
    bad.samples_u16_mut().unwrap()[10] = 5000;
    let mut bytes = y4m_bytes(header, &[bad]);
    let cut = 2 * 200_000 + 1;
    bytes.truncate(bytes.len() - fmt.frame_bytes() + cut);
    assert_eq!(
        err_text(bytes),
        format!(
            "test.y4m: truncated frame 0: expected {}, got {cut}",
            format_args!("{} bytes", fmt.frame_bytes())
        )
    );
}

#[test]
fn pair_mismatches_name_both_values() {
    let a = FrameFormat::new(64, 48, ChromaSampling::Cs420, 8).unwrap();
    let size = FrameFormat::new(64, 46, ChromaSampling::Cs420, 8).unwrap();
    let chroma = FrameFormat::new(64, 48, ChromaSampling::Cs444, 8).unwrap();
    let depth = FrameFormat::new(64, 48, ChromaSampling::Cs420, 10).unwrap();
    assert!(io::check_pair(&a, &a).is_ok());
    assert_eq!(
        io::check_pair(&a, &size).unwrap_err().to_string(),
        "reference and distorted frame size differ: reference 64x48, distorted 64x46"
    );
    assert_eq!(
        io::check_pair(&a, &chroma).unwrap_err().to_string(),
        "reference and distorted pixel format differ: reference 420, distorted 444"
    );
    assert_eq!(
        io::check_pair(&a, &depth).unwrap_err().to_string(),
        "reference and distorted bit depth differ: reference 8, distorted 10"
    );
}

#[test]
fn frame_buffer_of_wrong_format_is_an_error() {
    let fmt = FrameFormat::new(2, 2, ChromaSampling::Cs400, 8).unwrap();
    let mut r = Y4mReader::new(
        Cursor::new(y4m_bytes("YUV4MPEG2 W2 H2 Cmono", &[Frame::new(fmt)])),
        "t.y4m",
    )
    .unwrap();
    let mut wrong = Frame::new(FrameFormat::new(2, 2, ChromaSampling::Cs420, 8).unwrap());
    let e = r.read_frame(&mut wrong).unwrap_err().to_string();
    assert!(
        e.contains("frame buffer is 2x2 420 8-bit, the stream t.y4m is 2x2 400 8-bit"),
        "{e}"
    );
}
