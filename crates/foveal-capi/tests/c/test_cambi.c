/*
 * The standalone CAMBI handle from C: every cambi configuration of the vmaf and cambi_opts golden
 * groups (default options, full_ref, enc_bitdepth, max_log_contrast, window_size, topk,
 * tvi_threshold, eotf, enc_width/enc_height) scores the pair's luma planes and must give libvmaf's
 * values at 6 decimals. Heatmaps: on gradient_banding the distorted frame (CAMBI ~7) has banding
 * in its maps, the reference frame whose libvmaf cambi_source is exactly 0 has all-zero maps; maps
 * are copied into padded caller buffers without touching the padding.
 *
 * usage: test_cambi TESTDATA_DIR [PAIR...]   (default: every pair with a cambi_opts golden)
 */
#include "common.h"

static long g_values = 0;

static FovealPlane luma(const Y4m *y, const void *buf) {
    FovealPlane p = {buf, (ptrdiff_t)(y->width * y->bytes_per_sample), y->width, y->height,
                     y->bit_depth};
    return p;
}

/* Reads every frame of a clip into one array of packed frames. */
static uint8_t *read_all(const char *path, Y4m *y, int *frames) {
    if (y4m_open(y, path)) exit(1);
    size_t cap = 8;
    uint8_t *all = xmalloc(cap * y->frame_bytes);
    *frames = 0;
    for (;;) {
        if ((size_t)*frames == cap) {
            uint8_t *g = xmalloc(2 * cap * y->frame_bytes);
            memcpy(g, all, cap * y->frame_bytes);
            free(all);
            all = g;
            cap *= 2;
        }
        int r = y4m_read(y, all + (size_t)*frames * y->frame_bytes);
        if (r < 0) exit(1);
        if (r == 0) break;
        (*frames)++;
    }
    y4m_close(y);
    return all;
}

static void compare(const char *what, const char *golden, double ours) {
    char buf[64];
    fmt_num(buf, sizeof buf, ours);
    g_values++;
    CHECK(strcmp(buf, golden) == 0, "%s: libvmaf %s, foveal %s", what, golden, buf);
}

/* Every cambi feature of one golden group. */
static void run_group(const char *testdata, const char *pair, const Json *group, const Y4m *ry,
                      const uint8_t *ref, const Y4m *dy, const uint8_t *dis, int frames) {
    const char *file = jstr(group, "file");
    if (!file) return;
    char *path = path_join(testdata, file);
    Json *golden = json_load(path);
    free(path);
    if (!golden) exit(1);
    const Json *gframes = jget(golden, "frames");
    const Json *features = jget(group, "features");
    for (size_t f = 0; features && f < features->n; f++) {
        const Json *feat = features->items[f];
        if (strcmp(jstr(feat, "name"), "cambi") != 0) continue;
        char *opts = options_string(jget(feat, "options"));
        const Json *keys = jget(feat, "keys");
        FovealCambi *c = NULL;
        MUST(foveal_cambi_create(dy->width, dy->height, dy->bit_depth, opts, &c));
        int full_ref = strstr(opts, "full_ref=true") != NULL;
        for (int i = 0; i < frames && (size_t)i < gframes->n; i++) {
            const Json *metrics = jget(gframes->items[i], "metrics");
            FovealPlane d = luma(dy, dis + (size_t)i * dy->frame_bytes);
            char what[256];
            if (full_ref) {
                FovealPlane r = luma(ry, ref + (size_t)i * ry->frame_bytes);
                FovealCambiScores s;
                MUST(foveal_cambi_compute_full_ref(c, &r, &d, &s));
                const double vals[3] = {s.cambi, s.cambi_source, s.cambi_full_reference};
                const char *names[3] = {"cambi", "cambi_source", "cambi_full_reference"};
                for (int k = 0; k < 3; k++) {
                    snprintf(what, sizeof what, "%s frame %d %s (%s)", pair, i, names[k], opts);
                    compare(what, jget(metrics, names[k])->text, vals[k]);
                }
            } else {
                double s;
                MUST(foveal_cambi_compute(c, &d, &s));
                const char *key = keys->items[0]->text;
                snprintf(what, sizeof what, "%s frame %d %s (%s)", pair, i, key, opts);
                compare(what, jget(metrics, key)->text, s);
            }
        }
        MUST(foveal_cambi_free(c));
        free(opts);
    }
    json_free(golden);
}

/* Heatmaps of gradient_banding (576x324, 10-bit). */
static void heatmaps(const Y4m *ry, const uint8_t *ref, const Y4m *dy, const uint8_t *dis) {
    FovealCambi *c = NULL;
    MUST(foveal_cambi_create(dy->width, dy->height, dy->bit_depth, NULL, &c));
    size_t scales = 0;
    MUST(foveal_cambi_heatmap_count(c, &scales));
    CHECK(scales == 5, "%zu scales", scales);
    uint32_t w = dy->width, h = dy->height;
    uint16_t *maps[5];
    size_t strides[5], caps[5];
    for (size_t s = 0; s < scales && s < 5; s++) {
        uint32_t mw = 0, mh = 0;
        MUST(foveal_cambi_heatmap_size(c, s, &mw, &mh));
        CHECK(mw == w && mh == h, "scale %zu is %ux%u, expected %ux%u", s, mw, mh, w, h);
        strides[s] = mw + 7; /* padded rows */
        caps[s] = strides[s] * mh + 5;
        maps[s] = xmalloc(caps[s] * sizeof(uint16_t));
        w = (w + 1) / 2;
        h = (h + 1) / 2;
    }
    for (int pass = 0; pass < 2; pass++) {
        /* pass 0: distorted frame 0, banded; pass 1: reference frame 1, cambi exactly 0. */
        const Y4m *y = pass ? ry : dy;
        FovealPlane p = luma(y, pass ? ref + y->frame_bytes : dis);
        double score;
        MUST(foveal_cambi_compute(c, &p, &score));
        if (pass == 1) CHECK(score == 0.0, "reference frame 1 cambi %g, libvmaf 0", score);
        int banded_scales = 0;
        for (size_t s = 0; s < scales && s < 5; s++) {
            uint32_t mw, mh;
            MUST(foveal_cambi_heatmap_size(c, s, &mw, &mh));
            for (size_t k = 0; k < caps[s]; k++) maps[s][k] = 0xABCD; /* canaries */
            MUST(foveal_cambi_heatmap_copy(c, s, maps[s], strides[s], caps[s]));
            size_t nonzero = 0, touched = 0;
            for (size_t k = 0; k < caps[s]; k++) {
                size_t r = k / strides[s], x = k % strides[s];
                if (r < mh && x < mw) nonzero += maps[s][k] != 0;
                else touched += maps[s][k] != 0xABCD;
            }
            CHECK(touched == 0, "scale %zu: %zu padding values overwritten", s, touched);
            if (pass == 1) CHECK(nonzero == 0, "flat reference: scale %zu has %zu non-zero values", s, nonzero);
            banded_scales += nonzero > 0;
            g_values++;
        }
        if (pass == 0)
            CHECK(banded_scales >= 3, "banded frame: only %d scales show banding", banded_scales);
        printf("  gradient_banding heatmaps (%s): cambi %.6f, %d of %zu scales with banding\n",
               pass ? "reference frame 1" : "distorted frame 0", score, banded_scales, scales);
    }
    for (size_t s = 0; s < scales && s < 5; s++) free(maps[s]);
    MUST(foveal_cambi_free(c));
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s TESTDATA_DIR [PAIR...]\n", argv[0]);
        return 2;
    }
    const char *testdata = argv[1];
    char *mpath = path_join(testdata, "manifest.json");
    Json *manifest = json_load(mpath);
    free(mpath);
    if (!manifest) return 1;
    const Json *pairs = jget(manifest, "pairs");
    for (size_t p = 0; p < pairs->n; p++) {
        const char *pair = pairs->keys[p];
        int listed = argc == 2;
        for (int a = 2; a < argc; a++) listed |= strcmp(argv[a], pair) == 0;
        const Json *goldens = jget(pairs->items[p], "goldens");
        if (!listed || !jstr(jget(goldens, "cambi_opts"), "file")) continue;
        char *rp = path_join(testdata, jstr(pairs->items[p], "ref"));
        char *dp = path_join(testdata, jstr(pairs->items[p], "dis"));
        Y4m ry, dy;
        int rn, dn;
        uint8_t *ref = read_all(rp, &ry, &rn), *dis = read_all(dp, &dy, &dn);
        long before = g_values;
        run_group(testdata, pair, jget(goldens, "vmaf"), &ry, ref, &dy, dis, dn < rn ? dn : rn);
        run_group(testdata, pair, jget(goldens, "cambi_opts"), &ry, ref, &dy, dis, dn < rn ? dn : rn);
        printf("  %s: %ld CAMBI values equal libvmaf's\n", pair, g_values - before);
        if (strcmp(pair, "gradient_banding") == 0) heatmaps(&ry, ref, &dy, dis);
        free(ref);
        free(dis);
        free(rp);
        free(dp);
    }
    json_free(manifest);
    printf("test_cambi: %ld values compared\n", g_values);
    CHECK(g_values > 0, "nothing compared");
    return finish("test_cambi");
}
