/*
 * An encoder-style loop: the "encoder" owns one padded buffer for the source picture and one
 * for the reconstruction (strides larger than the rows, a border before the first sample,
 * padding filled with garbage), overwrites them every frame and submits them by pointer with the
 * frame index. Scores arrive two ways at once: the frame callback (which reads the score back
 * through the API) and polling foveal_frames_completed after each submit. Both must give
 * libvmaf's per-frame VMAF (goldens/<pair>/vmaf.json) at 6 decimals, in order, once per frame,
 * with 0 and 2 worker threads; the pooled mean must equal the golden's. A subsampled run must
 * leave the skipped frames without values.
 *
 * usage: test_encoder_loop TESTDATA_DIR
 */
#include "common.h"

#define MAX_FRAMES 64

typedef struct Expect {
    int frames;
    char vmaf[MAX_FRAMES][32];
    char mean[32];
} Expect;

typedef struct CallbackState {
    FovealContext *ctx;
    uint64_t next;
    unsigned subsample;
    double vmaf[MAX_FRAMES];
    size_t outputs;
} CallbackState;

static void on_frame(void *user, FovealContext *ctx, uint64_t index) {
    CallbackState *st = user;
    CHECK(ctx == st->ctx, "callback got another context");
    CHECK(index == st->next, "callback for frame %llu, expected %llu", (unsigned long long)index,
          (unsigned long long)st->next);
    st->next = index + 1;
    if (index >= MAX_FRAMES) return;
    /* Reading scores from inside the callback is what it is for. */
    FovealStatus s = foveal_get_score(ctx, "vmaf", index, &st->vmaf[index]);
    if (st->subsample > 1 && index % st->subsample) {
        CHECK(s == FOVEAL_ERROR_NO_VALUE, "subsampled frame %llu: %s", (unsigned long long)index,
              foveal_status_name(s));
        return;
    }
    CHECK(s == FOVEAL_OK, "callback read of frame %llu: %s", (unsigned long long)index,
          foveal_last_error());
    double all[64];
    size_t n = 0;
    MUST(foveal_feature_count(ctx, &n));
    CHECK(n > 0 && n <= 64, "%zu outputs", n);
    MUST(foveal_get_frame_scores(ctx, index, all, 64));
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = NULL;
        MUST(foveal_feature_name(ctx, i, &name));
        if (strcmp(name, "vmaf") == 0) found = all[i] == st->vmaf[index];
    }
    CHECK(found, "frame %llu: vmaf in foveal_get_frame_scores", (unsigned long long)index);
}

static void load_expect(const char *testdata, const char *pair, Expect *e) {
    char rel[256];
    snprintf(rel, sizeof rel, "goldens/%s/vmaf.json", pair);
    char *path = path_join(testdata, rel);
    Json *g = json_load(path);
    free(path);
    if (!g) exit(1);
    const Json *frames = jget(g, "frames");
    e->frames = (int)frames->n;
    for (size_t i = 0; i < frames->n && i < MAX_FRAMES; i++)
        snprintf(e->vmaf[i], sizeof e->vmaf[i], "%s",
                 jget(jget(frames->items[i], "metrics"), "vmaf")->text);
    snprintf(e->mean, sizeof e->mean, "%s",
             jget(jget(jget(g, "pooled_metrics"), "vmaf"), "mean")->text);
    json_free(g);
}

/* The encoder's picture buffers: per plane a border of 3 rows and 32 bytes before the first
 * sample, rows padded to a multiple of 64 bytes plus 64, everything else garbage. */
typedef struct EncBuffer {
    uint8_t *alloc;
    FovealPicture pic;
} EncBuffer;

static void enc_alloc(EncBuffer *b, const Y4m *y) {
    size_t offsets[3], total = 0;
    ptrdiff_t strides[3];
    for (int i = 0; i < y->planes; i++) {
        size_t row = y->plane_w[i] * y->bytes_per_sample;
        strides[i] = (ptrdiff_t)(((row + 63) / 64) * 64 + 64);
        offsets[i] = total + 3 * (size_t)strides[i] + 32;
        total += (y->plane_h[i] + 6) * (size_t)strides[i] + 64;
    }
    b->alloc = xmalloc(total);
    memset(b->alloc, 0xff, total); /* garbage: above every bit depth's maximum */
    memset(&b->pic, 0, sizeof b->pic);
    for (int i = 0; i < y->planes; i++) {
        b->pic.data[i] = b->alloc + offsets[i];
        b->pic.stride[i] = strides[i];
    }
    b->pic.width = y->width;
    b->pic.height = y->height;
    b->pic.pixel_format = y->pixel_format;
    b->pic.bit_depth = y->bit_depth;
}

/* The "encoder" writes a picture (here: a frame read from the file) into its buffer. */
static void enc_fill(EncBuffer *b, const Y4m *y, const uint8_t *packed) {
    for (int i = 0; i < y->planes; i++) {
        size_t row = y->plane_w[i] * y->bytes_per_sample;
        uint8_t *dst = (uint8_t *)b->pic.data[i];
        for (size_t r = 0; r < y->plane_h[i]; r++)
            memcpy(dst + r * (size_t)b->pic.stride[i], packed + r * row, row);
        packed += row * y->plane_h[i];
    }
}

static void run(const char *testdata, const char *pair, unsigned threads, unsigned subsample) {
    Expect e;
    load_expect(testdata, pair, &e);
    char rel[256];
    snprintf(rel, sizeof rel, "clips/%s/ref.y4m", pair);
    char *ref_path = path_join(testdata, rel);
    snprintf(rel, sizeof rel, "clips/%s/dis.y4m", pair);
    char *dis_path = path_join(testdata, rel);
    Y4m src, rec;
    if (y4m_open(&src, ref_path) || y4m_open(&rec, dis_path)) exit(1);

    LogSink sink;
    memset(&sink, 0, sizeof sink);
    FovealConfig cfg;
    MUST(foveal_config_default(&cfg));
    cfg.threads = threads;
    cfg.subsample = subsample;
    cfg.log_level = FOVEAL_LOG_DEBUG;
    cfg.log_callback = log_to_sink;
    cfg.log_user_data = &sink;
    FovealContext *ctx = NULL;
    MUST(foveal_context_create(&cfg, &ctx));
    MUST(foveal_add_model(ctx, "vmaf_v0.6.1", "vmaf", NULL));
    MUST(foveal_add_feature(ctx, "psnr", NULL));
    if (threads == 0) /* optional: fixes the format (and checks the features) before frame 0 */
        MUST(foveal_set_format(ctx, src.width, src.height, src.pixel_format, src.bit_depth));
    CallbackState st;
    memset(&st, 0, sizeof st);
    st.ctx = ctx;
    st.subsample = subsample;
    MUST(foveal_set_frame_callback(ctx, on_frame, &st));

    EncBuffer sb, rb;
    enc_alloc(&sb, &src);
    enc_alloc(&rb, &rec);
    uint8_t *packed_s = xmalloc(src.frame_bytes), *packed_r = xmalloc(rec.frame_bytes);
    uint64_t polled = 0, frames = 0;
    double polled_vmaf[MAX_FRAMES];
    char buf[64];
    for (;;) {
        if (y4m_read(&src, packed_s) <= 0 || y4m_read(&rec, packed_r) <= 0) break;
        enc_fill(&sb, &src, packed_s);
        enc_fill(&rb, &rec, packed_r);
        MUST(foveal_submit(ctx, &sb.pic, &rb.pic, frames));
        if (st.outputs == 0) MUST(foveal_feature_count(ctx, &st.outputs));
        frames++;
        /* Poll: read whatever completed since the last look. */
        uint64_t done = 0;
        MUST(foveal_frames_completed(ctx, &done));
        CHECK(done <= frames, "completed %llu > submitted %llu", (unsigned long long)done,
              (unsigned long long)frames);
        for (; polled < done; polled++) {
            FovealStatus s = foveal_get_score(ctx, "vmaf", polled, &polled_vmaf[polled]);
            if (subsample > 1 && polled % subsample) {
                CHECK(s == FOVEAL_ERROR_NO_VALUE, "subsampled frame %llu: %s",
                      (unsigned long long)polled, foveal_status_name(s));
            } else {
                CHECK(s == FOVEAL_OK, "poll frame %llu: %s", (unsigned long long)polled,
                      foveal_last_error());
            }
        }
        /* A frame not complete yet says so. */
        if (done < frames) {
            double v;
            EXPECT(FOVEAL_ERROR_NOT_READY, foveal_get_score(ctx, "vmaf", done, &v));
        }
    }
    /* The encoder's buffers are its own again as soon as submit returned; trash them. */
    memset(sb.alloc, 0, 64);
    MUST(foveal_flush(ctx));
    uint64_t done = 0;
    MUST(foveal_frames_completed(ctx, &done));
    CHECK(done == frames, "after flush %llu of %llu frames complete", (unsigned long long)done,
          (unsigned long long)frames);
    for (; polled < done; polled++) {
        FovealStatus s = foveal_get_score(ctx, "vmaf", polled, &polled_vmaf[polled]);
        CHECK(s == (subsample > 1 && polled % subsample ? FOVEAL_ERROR_NO_VALUE : FOVEAL_OK),
              "poll after flush, frame %llu: %s", (unsigned long long)polled, foveal_status_name(s));
    }
    CHECK((int)frames == e.frames, "%s: %llu frames, golden has %d", pair, (unsigned long long)frames,
          e.frames);
    CHECK(st.next == frames, "callback saw %llu of %llu frames", (unsigned long long)st.next,
          (unsigned long long)frames);
    int compared = 0;
    for (uint64_t i = 0; i < frames && i < MAX_FRAMES; i++) {
        if (subsample > 1 && i % subsample) continue;
        fmt_num(buf, sizeof buf, st.vmaf[i]);
        CHECK(strcmp(buf, e.vmaf[i]) == 0, "%s frame %llu (callback): libvmaf %s, foveal %s", pair,
              (unsigned long long)i, e.vmaf[i], buf);
        fmt_num(buf, sizeof buf, polled_vmaf[i]);
        CHECK(strcmp(buf, e.vmaf[i]) == 0, "%s frame %llu (polled): libvmaf %s, foveal %s", pair,
              (unsigned long long)i, e.vmaf[i], buf);
        compared += 2;
    }
    if (subsample <= 1) {
        double mean = 0;
        MUST(foveal_get_pooled(ctx, "vmaf", FOVEAL_POOL_MEAN, 0, &mean));
        fmt_num(buf, sizeof buf, mean);
        CHECK(strcmp(buf, e.mean) == 0, "%s pooled mean: libvmaf %s, foveal %s", pair, e.mean, buf);
        compared++;
    } else {
        double all[64];
        MUST(foveal_get_frame_scores(ctx, 1, all, 64));
        int nan = 0;
        for (size_t i = 0; i < st.outputs; i++) nan += isnan(all[i]);
        CHECK(nan > 0, "subsampled frame 1 has NaN outputs");
    }
    /* Debug logging: one line per submitted and per completed frame, through the callback. */
    CHECK(sink.messages[FOVEAL_LOG_DEBUG] >= (int)(2 * frames), "%d debug lines for %llu frames",
          sink.messages[FOVEAL_LOG_DEBUG], (unsigned long long)frames);
    CHECK(sink.messages[FOVEAL_LOG_INFO] >= 3, "%d info lines", sink.messages[FOVEAL_LOG_INFO]);
    CHECK(sink.messages[FOVEAL_LOG_ERROR] == 0, "%d error lines", sink.messages[FOVEAL_LOG_ERROR]);
    printf("  %s: %llu frames, %u thread(s), subsample %u: %d values equal libvmaf's\n", pair,
           (unsigned long long)frames, threads, subsample, compared);
    MUST(foveal_context_free(ctx));
    free(sb.alloc);
    free(rb.alloc);
    free(packed_s);
    free(packed_r);
    y4m_close(&src);
    y4m_close(&rec);
    free(ref_path);
    free(dis_path);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s TESTDATA_DIR\n", argv[0]);
        return 2;
    }
    run(argv[1], "bikes_x264", 0, 1);
    run(argv[1], "bikes_x264", 2, 1);
    run(argv[1], "carphone", 2, 1);
    run(argv[1], "bbb_x265_10b", 0, 1);
    run(argv[1], "bbb_x265_10b", 2, 1);
    run(argv[1], "bikes_420_12b", 1, 1);
    run(argv[1], "carphone", 0, 2);
    return finish("test_encoder_loop");
}
