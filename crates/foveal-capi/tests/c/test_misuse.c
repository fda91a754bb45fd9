/*
 * Misuse of the C API must be survivable: every wrong call returns its error code with a message
 * naming the function (foveal_last_error) and leaves the library usable. Covers NULL arguments,
 * wrong sizes (struct size, plane geometry, strides, alignment, out-of-range samples, buffers),
 * wrong order (scores before frames, out-of-order indices, calls after flush, double flush),
 * freed / foreign / wrong-type handles, double free, a callback that frees its own context, and
 * logging of errors. Run under valgrind: none of it may touch invalid memory or leak.
 *
 * usage: test_misuse WORK_DIR
 */
#include "common.h"

enum { W = 176, H = 144 };

/* Synthetic 4:2:0 frames, 8-bit and 10-bit, textured so every metric is defined. */
static uint8_t ref8[W * H * 3 / 2], dis8[W * H * 3 / 2];
static uint16_t ref10[W * H * 3 / 2], dis10[W * H * 3 / 2];

static void make_frames(void) {
    uint32_t seed = 12345;
    for (int i = 0; i < W * H * 3 / 2; i++) {
        seed = seed * 1664525u + 1013904223u;
        int x = i % W, y = i / W;
        int v = 64 + (x * 3 + y * 2) % 128 + (int)(seed >> 28);
        ref8[i] = (uint8_t)v;
        dis8[i] = (uint8_t)(v + ((seed >> 24) & 3) - 1);
        ref10[i] = (uint16_t)(v * 4 + 1);
        dis10[i] = (uint16_t)(dis8[i] * 4);
    }
}

static FovealPicture pic8(const uint8_t *buf) {
    FovealPicture p = {{buf, buf + W * H, buf + W * H + W * H / 4}, {W, W / 2, W / 2}, W, H,
                       FOVEAL_PIXEL_FORMAT_YUV420, 8};
    return p;
}

static FovealPicture pic10(const uint16_t *buf) {
    FovealPicture p = {{buf, buf + W * H, buf + W * H + W * H / 4},
                       {W * 2, W, W},
                       W,
                       H,
                       FOVEAL_PIXEL_FORMAT_YUV420,
                       10};
    return p;
}

static LogSink g_sink;

static FovealContext *new_context(void) {
    FovealConfig cfg;
    MUST(foveal_config_default(&cfg));
    cfg.log_level = FOVEAL_LOG_ERROR;
    cfg.log_callback = log_to_sink;
    cfg.log_user_data = &g_sink;
    FovealContext *ctx = NULL;
    MUST(foveal_context_create(&cfg, &ctx));
    return ctx;
}

static void versions_and_names(void) {
    CHECK(foveal_abi_version() == FOVEAL_ABI_VERSION, "ABI %06x vs header %06x",
          foveal_abi_version(), FOVEAL_ABI_VERSION);
    CHECK(foveal_version() && foveal_version()[0], "version string");
    CHECK(strcmp(foveal_status_name(FOVEAL_ERROR_STATE), "FOVEAL_ERROR_STATE") == 0, "status name");
    CHECK(strcmp(foveal_status_name(12345), "FOVEAL_ERROR_UNKNOWN") == 0, "unknown status name");
    size_t n = foveal_builtin_model_count();
    int has = 0;
    for (size_t i = 0; i < n; i++) has += strcmp(foveal_builtin_model_name(i), "vmaf_v0.6.1") == 0;
    CHECK(n >= 5 && has == 1, "%zu built-in models, vmaf_v0.6.1 listed", n);
    CHECK(foveal_builtin_model_name(n) == NULL, "NULL past the end");
    int level = foveal_cpu_level();
    CHECK(level >= FOVEAL_CPU_SCALAR && level <= FOVEAL_CPU_NEON, "cpu level %d", level);
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_set_cpu_level_cap(42));
    MUST(foveal_set_cpu_level_cap(FOVEAL_CPU_SCALAR));
    CHECK(foveal_cpu_level() == FOVEAL_CPU_SCALAR, "capped to scalar");
    MUST(foveal_set_cpu_level_cap(FOVEAL_CPU_AUTO));
    CHECK(foveal_cpu_level() == level, "cap removed");
    /* A successful call clears the message. */
    CHECK(foveal_last_error()[0] == 0, "no message after success: '%s'", foveal_last_error());
}

static void config_misuse(void) {
    FovealContext *ctx = (FovealContext *)&g_sink; /* must be overwritten with NULL on failure */
    FovealConfig cfg;
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_config_default(NULL));
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_context_create(NULL, NULL));
    MUST(foveal_config_default(&cfg));
    cfg.struct_size = 8; /* e.g. a header from another ABI */
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_context_create(&cfg, &ctx));
    CHECK(ctx == NULL, "out set to NULL on failure");
    CHECK(strstr(foveal_last_error(), "struct_size") != NULL, "%s", foveal_last_error());
    MUST(foveal_config_default(&cfg));
    CHECK(cfg.split_frames == FOVEAL_SPLIT_AUTO, "default split_frames %d", cfg.split_frames);
    cfg.split_frames = 7;
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_context_create(&cfg, &ctx));
    CHECK(ctx == NULL, "out set to NULL on failure");
    CHECK(strstr(foveal_last_error(), "split_frames") != NULL, "%s", foveal_last_error());
    MUST(foveal_config_default(&cfg));
    cfg.threads = 100000;
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_context_create(&cfg, &ctx));
    MUST(foveal_config_default(&cfg));
    cfg.log_level = 9;
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_context_create(&cfg, &ctx));
    MUST(foveal_config_default(&cfg));
    cfg.cpu_level_cap = 17;
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_context_create(&cfg, &ctx));
    /* NULL config = defaults. */
    MUST(foveal_context_create(NULL, &ctx));
    MUST(foveal_context_free(ctx));
}

static void model_and_feature_misuse(const char *work) {
    FovealContext *ctx = new_context();
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_add_model(ctx, NULL, NULL, NULL));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_add_model(ctx, "vmaf_v9.9", NULL, NULL));
    CHECK(strstr(foveal_last_error(), "vmaf_v9.9") != NULL, "%s", foveal_last_error());
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_add_model(ctx, "vmaf_v0.6.1", "x", "name=y"));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_add_model(ctx, "vmaf_v0.6.1", "x", "nonsense"));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT,
           foveal_add_model(ctx, "vmaf_v0.6.1", "x", "nosuch.option=1"));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_add_model(ctx, "vmaf_v0.6.1", "", NULL));
    MUST(foveal_add_model(ctx, "vmaf_v0.6.1", NULL, "enable_transform:vif.vif_enhn_gain_limit=1.0"));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_add_model(ctx, "vmaf_v0.6.1neg", NULL, NULL));
    CHECK(strstr(foveal_last_error(), "already used") != NULL, "duplicate name: %s",
          foveal_last_error());
    char *missing = path_join(work, "no-such-model.json");
    FovealStatus s = foveal_add_model_file(ctx, missing, "m", NULL);
    CHECK(s == FOVEAL_ERROR_IO || s == FOVEAL_ERROR_INVALID_ARGUMENT, "missing file: %s",
          foveal_status_name(s));
    free(missing);
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_add_model_file(ctx, NULL, "m", NULL));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_add_model_json(ctx, "{not json", "j", NULL));
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_add_feature(ctx, NULL, NULL));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_add_feature(ctx, "no_such_feature", NULL));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_add_feature(ctx, "psnr=enable_mse=true", NULL));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_add_feature(ctx, "psnr", "no_such_option=1"));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_add_feature(ctx, "cambi", "window_size=3"));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_add_feature(ctx, "psnr", "enable_mse"));
    const char bad_utf8[] = {'p', (char)0xff, 0};
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_add_feature(ctx, bad_utf8, NULL));
    MUST(foveal_add_feature(ctx, "psnr", "enable_mse=true"));
    /* Nothing to read before scoring starts. */
    double v;
    size_t n;
    EXPECT(FOVEAL_ERROR_STATE, foveal_get_score(ctx, "vmaf", 0, &v));
    EXPECT(FOVEAL_ERROR_STATE, foveal_feature_count(ctx, &n));
    EXPECT(FOVEAL_ERROR_STATE, foveal_get_pooled(ctx, "vmaf", FOVEAL_POOL_MEAN, 0, &v));
    EXPECT(FOVEAL_ERROR_STATE, foveal_flush(ctx));
    EXPECT(FOVEAL_ERROR_STATE, foveal_write_report(ctx, FOVEAL_REPORT_JSON, "/dev/null"));
    /* Format errors. */
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_set_format(ctx, W, H, 0, 8));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_set_format(ctx, W, H, FOVEAL_PIXEL_FORMAT_YUV420, 7));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_set_format(ctx, 0, H, FOVEAL_PIXEL_FORMAT_YUV420, 8));
    MUST(foveal_set_format(ctx, W, H, FOVEAL_PIXEL_FORMAT_YUV420, 8));
    MUST(foveal_set_format(ctx, W, H, FOVEAL_PIXEL_FORMAT_YUV420, 8));
    EXPECT(FOVEAL_ERROR_STATE, foveal_set_format(ctx, W, H, FOVEAL_PIXEL_FORMAT_YUV444, 8));
    EXPECT(FOVEAL_ERROR_STATE, foveal_add_feature(ctx, "float_ssim", NULL));
    EXPECT(FOVEAL_ERROR_STATE, foveal_add_model(ctx, "vmaf_4k_v0.6.1", "k", NULL));
    MUST(foveal_context_free(ctx));

    /* A feature that refuses the frame size fails when scoring starts, naming both. */
    ctx = new_context();
    MUST(foveal_add_feature(ctx, "cambi", NULL));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_set_format(ctx, 64, 64, FOVEAL_PIXEL_FORMAT_YUV420, 8));
    CHECK(strstr(foveal_last_error(), "cambi") != NULL, "%s", foveal_last_error());
    MUST(foveal_context_free(ctx));
    /* A context with nothing to compute. */
    ctx = new_context();
    FovealPicture r = pic8(ref8), d = pic8(dis8);
    EXPECT(FOVEAL_ERROR_STATE, foveal_submit(ctx, &r, &d, 0));
    MUST(foveal_context_free(ctx));
}

static void frame_misuse(void) {
    FovealContext *ctx = new_context();
    MUST(foveal_add_model(ctx, "vmaf_v0.6.1", "vmaf", NULL));
    FovealPicture r = pic8(ref8), d = pic8(dis8), bad;
    double v;

    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_submit(ctx, NULL, &d, 0));
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_submit(ctx, &r, NULL, 0));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_submit(ctx, &r, &d, 1));
    CHECK(strstr(foveal_last_error(), "expected 0") != NULL, "%s", foveal_last_error());
    bad = d;
    bad.pixel_format = 0; /* a zeroed struct */
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_submit(ctx, &r, &bad, 0));
    bad = d;
    bad.bit_depth = 17;
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_submit(ctx, &r, &bad, 0));
    bad = d;
    bad.data[1] = NULL;
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_submit(ctx, &r, &bad, 0));
    bad = d;
    bad.stride[0] = W - 1;
    EXPECT(FOVEAL_ERROR_INVALID_FRAME, foveal_submit(ctx, &r, &bad, 0));
    bad = d;
    bad.stride[2] = -W / 2;
    EXPECT(FOVEAL_ERROR_INVALID_FRAME, foveal_submit(ctx, &r, &bad, 0));
    bad = d;
    bad.width = W / 2; /* geometry differs from the reference */
    bad.stride[0] = W;
    EXPECT(FOVEAL_ERROR_INVALID_FRAME, foveal_submit(ctx, &r, &bad, 0));
    /* 16-bit rules: even stride, aligned pointer, samples within the bit depth. */
    FovealPicture r10 = pic10(ref10), d10 = pic10(dis10);
    bad = d10;
    bad.stride[0] = W * 2 + 1;
    EXPECT(FOVEAL_ERROR_INVALID_FRAME, foveal_submit(ctx, &r10, &bad, 0));
    bad = d10;
    bad.data[0] = (const uint8_t *)dis10 + 1;
    EXPECT(FOVEAL_ERROR_INVALID_FRAME, foveal_submit(ctx, &r10, &bad, 0));
    dis10[W * 7 + 5] = 1024;
    EXPECT(FOVEAL_ERROR_INVALID_FRAME, foveal_submit(ctx, &r10, &d10, 0));
    CHECK(strstr(foveal_last_error(), "1024") && strstr(foveal_last_error(), "column 5, row 7"),
          "%s", foveal_last_error());
    dis10[W * 7 + 5] = 1023;
    bad = d10;
    bad.bit_depth = 8; /* 16-bit buffer described as 8-bit: wrong geometry for the reference */
    EXPECT(FOVEAL_ERROR_INVALID_FRAME, foveal_submit(ctx, &r10, &bad, 0));

    /* None of that started scoring or used up an index: frame 0 now works. */
    MUST(foveal_submit(ctx, &r, &d, 0));
    /* Another format after scoring started is refused, the context stays usable. */
    EXPECT(FOVEAL_ERROR_INVALID_FRAME, foveal_submit(ctx, &r10, &d10, 1));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_submit(ctx, &r, &d, 0)); /* repeated index */
    /* Frame 0 waits for frame 1 (motion): not ready yet. */
    EXPECT(FOVEAL_ERROR_NOT_READY, foveal_get_score(ctx, "vmaf", 0, &v));
    EXPECT(FOVEAL_ERROR_NOT_READY, foveal_get_score(ctx, "vmaf", 5, &v));
    MUST(foveal_submit(ctx, &r, &d, 1));
    MUST(foveal_submit(ctx, &r, &d, 2));
    MUST(foveal_get_score(ctx, "vmaf", 0, &v));
    MUST(foveal_get_score(ctx, "VMAF_integer_feature_adm2_score", 0, &v)); /* stored name */
    EXPECT(FOVEAL_ERROR_NOT_FOUND, foveal_get_score(ctx, "no_such_feature", 0, &v));
    CHECK(strstr(foveal_last_error(), "integer_adm2") != NULL, "lists what exists: %s",
          foveal_last_error());
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_get_score(ctx, "vmaf", 0, NULL));
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_get_score(ctx, NULL, 0, &v));
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_get_score(ctx, "vmaf", 0, (double *)((char *)&v + 1)));
    size_t n = 0;
    MUST(foveal_feature_count(ctx, &n));
    const char *name = NULL;
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_feature_name(ctx, n, &name));
    double vals[4];
    EXPECT(FOVEAL_ERROR_BUFFER_TOO_SMALL, foveal_get_frame_scores(ctx, 0, vals, 4));
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_get_frame_scores(ctx, 0, NULL, 100));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_get_pooled(ctx, "vmaf", 0, 0, &v));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_get_pooled(ctx, "vmaf", FOVEAL_POOL_PERCENTILE, 101, &v));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_get_pooled(ctx, "vmaf", FOVEAL_POOL_PERCENTILE, NAN, &v));
    MUST(foveal_get_pooled(ctx, "vmaf", FOVEAL_POOL_PERCENTILE, 5, &v)); /* running value */
    FovealBootstrap b;
    EXPECT(FOVEAL_ERROR_NOT_FOUND, foveal_get_bootstrap(ctx, "vmaf", 0, &b));
    EXPECT(FOVEAL_ERROR_STATE, foveal_get_aggregate(ctx, "apsnr_y", &v));
    size_t size;
    EXPECT(FOVEAL_ERROR_STATE, foveal_report_to_buffer(ctx, FOVEAL_REPORT_XML, NULL, 0, &size));

    MUST(foveal_flush(ctx));
    /* After flush: reads work, writes are refused. */
    MUST(foveal_get_score(ctx, "vmaf", 2, &v));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_get_score(ctx, "vmaf", 3, &v));
    EXPECT(FOVEAL_ERROR_STATE, foveal_flush(ctx));
    EXPECT(FOVEAL_ERROR_STATE, foveal_submit(ctx, &r, &d, 3));
    CHECK(strstr(foveal_last_error(), "flushed") != NULL, "%s", foveal_last_error());
    EXPECT(FOVEAL_ERROR_STATE, foveal_add_model(ctx, "vmaf_v0.6.1neg", "neg", NULL));
    EXPECT(FOVEAL_ERROR_STATE, foveal_add_feature(ctx, "psnr", NULL));
    EXPECT(FOVEAL_ERROR_NOT_FOUND, foveal_get_aggregate(ctx, "apsnr_y", &v));
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_report_to_buffer(ctx, FOVEAL_REPORT_XML, NULL, 0, NULL));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_report_to_buffer(ctx, 9, NULL, 0, &size));
    MUST(foveal_report_to_buffer(ctx, FOVEAL_REPORT_XML, NULL, 0, &size));
    char small[16];
    memset(small, '#', sizeof small);
    size_t size2 = 0;
    EXPECT(FOVEAL_ERROR_BUFFER_TOO_SMALL,
           foveal_report_to_buffer(ctx, FOVEAL_REPORT_XML, small, sizeof small, &size2));
    CHECK(size2 == size && small[0] == '#' && small[15] == '#', "untouched small buffer");
    EXPECT(FOVEAL_ERROR_IO, foveal_write_report(ctx, FOVEAL_REPORT_CSV, "/nonexistent-dir/x.csv"));
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_write_report(ctx, FOVEAL_REPORT_CSV, NULL));
    MUST(foveal_context_free(ctx));
}

typedef struct FreeInCallback {
    int calls;
} FreeInCallback;

static void free_in_callback(void *user, FovealContext *ctx, uint64_t index) {
    FreeInCallback *f = user;
    f->calls++;
    (void)index;
    MUST(foveal_context_free(ctx));
    double v;
    EXPECT(FOVEAL_ERROR_INVALID_HANDLE, foveal_get_score(ctx, "psnr_y", 0, &v));
}

static void handle_misuse(void) {
    FovealContext *ctx = new_context();
    FovealCambi *cambi = NULL;
    MUST(foveal_cambi_create(320, 240, 8, NULL, &cambi));
    FovealPicture r = pic8(ref8), d = pic8(dis8);
    double v;
    uint64_t n;

    /* Wrong handle type, both ways; both handles stay valid. */
    EXPECT(FOVEAL_ERROR_INVALID_HANDLE, foveal_submit((FovealContext *)cambi, &r, &d, 0));
    CHECK(strstr(foveal_last_error(), "FovealCambi") != NULL, "%s", foveal_last_error());
    EXPECT(FOVEAL_ERROR_INVALID_HANDLE, foveal_context_free((FovealContext *)cambi));
    EXPECT(FOVEAL_ERROR_INVALID_HANDLE, foveal_cambi_free((FovealCambi *)ctx));
    size_t scales = 0;
    MUST(foveal_cambi_heatmap_count(cambi, &scales));
    MUST(foveal_frames_submitted(ctx, &n));
    /* Pointers that were never handles: stack, heap (freed), small integers. Never dereferenced. */
    int local = 0;
    EXPECT(FOVEAL_ERROR_INVALID_HANDLE, foveal_frames_submitted((FovealContext *)&local, &n));
    void *heap = xmalloc(64);
    volatile uintptr_t freed = (uintptr_t)heap; /* valgrind would flag any read of it */
    free(heap);
    EXPECT(FOVEAL_ERROR_INVALID_HANDLE, foveal_flush((FovealContext *)freed));
    EXPECT(FOVEAL_ERROR_INVALID_HANDLE, foveal_flush((FovealContext *)(uintptr_t)0x1234));
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_flush(NULL));
    /* NULL frees are no-ops. */
    MUST(foveal_context_free(NULL));
    MUST(foveal_cambi_free(NULL));
    /* Double free and use after free. */
    MUST(foveal_cambi_free(cambi));
    EXPECT(FOVEAL_ERROR_INVALID_HANDLE, foveal_cambi_free(cambi));
    CHECK(strstr(foveal_last_error(), "already freed") != NULL, "%s", foveal_last_error());
    EXPECT(FOVEAL_ERROR_INVALID_HANDLE, foveal_cambi_heatmap_count(cambi, &scales));
    MUST(foveal_context_free(ctx));
    EXPECT(FOVEAL_ERROR_INVALID_HANDLE, foveal_context_free(ctx));
    EXPECT(FOVEAL_ERROR_INVALID_HANDLE, foveal_submit(ctx, &r, &d, 0));
    EXPECT(FOVEAL_ERROR_INVALID_HANDLE, foveal_get_score(ctx, "vmaf", 0, &v));
    /* A handle made after a free never aliases the freed one. */
    FovealContext *again = new_context();
    CHECK(again != ctx, "handles are not reused");
    EXPECT(FOVEAL_ERROR_INVALID_HANDLE, foveal_frames_submitted(ctx, &n));
    MUST(foveal_frames_submitted(again, &n));
    MUST(foveal_context_free(again));

    /* A frame callback that frees its own context: later callbacks are skipped, nothing breaks. */
    FreeInCallback f = {0};
    ctx = new_context();
    MUST(foveal_add_feature(ctx, "psnr", NULL));
    MUST(foveal_set_frame_callback(ctx, free_in_callback, &f));
    MUST(foveal_submit(ctx, &r, &d, 0));
    CHECK(f.calls == 1, "callback ran %d times", f.calls);
    EXPECT(FOVEAL_ERROR_INVALID_HANDLE, foveal_submit(ctx, &r, &d, 1));

    /* Context freed while running with worker threads (no flush): threads are joined. */
    FovealConfig cfg;
    MUST(foveal_config_default(&cfg));
    cfg.threads = 2;
    cfg.log_level = FOVEAL_LOG_NONE;
    MUST(foveal_context_create(&cfg, &ctx));
    MUST(foveal_add_model(ctx, "vmaf_v0.6.1", NULL, NULL));
    for (uint64_t i = 0; i < 3; i++) MUST(foveal_submit(ctx, &r, &d, i));
    MUST(foveal_context_free(ctx));
}

static void cambi_misuse(void) {
    FovealCambi *c = (FovealCambi *)&g_sink;
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_cambi_create(W, H, 8, "window_size=2", &c));
    CHECK(c == NULL, "out set to NULL on failure");
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_cambi_create(W, H, 8, "heatmaps_path=/tmp", &c));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_cambi_create(W, H, 20, NULL, &c));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_cambi_create(100, 100, 8, NULL, &c)); /* < 216 */
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_cambi_create(320, 240, 8, NULL, NULL));
    static uint8_t luma[320 * 240];
    for (int i = 0; i < 320 * 240; i++) luma[i] = (uint8_t)(16 + (i % 320) / 5);
    MUST(foveal_cambi_create(320, 240, 8, NULL, &c));
    uint16_t map[320 * 240];
    EXPECT(FOVEAL_ERROR_NOT_READY, foveal_cambi_heatmap_copy(c, 0, map, 320, 320 * 240));
    FovealPlane p = {luma, 320, 320, 240, 8}, bad;
    double s;
    bad = p;
    bad.width = 321;
    bad.stride = 321;
    EXPECT(FOVEAL_ERROR_INVALID_FRAME, foveal_cambi_compute(c, &bad, &s));
    bad = p;
    bad.bit_depth = 10;
    EXPECT(FOVEAL_ERROR_INVALID_FRAME, foveal_cambi_compute(c, &bad, &s));
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_cambi_compute(c, NULL, &s));
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_cambi_compute(c, &p, NULL));
    FovealCambiScores fr;
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_cambi_compute_full_ref(c, &p, &p, &fr));
    MUST(foveal_cambi_compute(c, &p, &s));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_cambi_heatmap_copy(c, 9, map, 320, 320 * 240));
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_cambi_heatmap_copy(c, 0, map, 319, 320 * 240));
    EXPECT(FOVEAL_ERROR_BUFFER_TOO_SMALL, foveal_cambi_heatmap_copy(c, 0, map, 320, 320 * 239));
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_cambi_heatmap_copy(c, 0, NULL, 320, 320 * 240));
    uint32_t w, h;
    EXPECT(FOVEAL_ERROR_INVALID_ARGUMENT, foveal_cambi_heatmap_size(c, 5, &w, &h));
    EXPECT(FOVEAL_ERROR_NULL_POINTER, foveal_cambi_heatmap_size(c, 0, NULL, &h));
    MUST(foveal_cambi_heatmap_copy(c, 0, map, 320, 320 * 240));
    MUST(foveal_cambi_free(c));
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s WORK_DIR\n", argv[0]);
        return 2;
    }
    make_frames();
    versions_and_names();
    config_misuse();
    model_and_feature_misuse(argv[1]);
    frame_misuse();
    handle_misuse();
    cambi_misuse();
    /* Errors on contexts went to their log callback (with the user data given), not stderr. */
    CHECK(g_sink.messages[FOVEAL_LOG_ERROR] > 20, "%d error log lines",
          g_sink.messages[FOVEAL_LOG_ERROR]);
    CHECK(strncmp(g_sink.last, "foveal_", 7) == 0, "last log line '%s'", g_sink.last);
    return finish("test_misuse");
}
