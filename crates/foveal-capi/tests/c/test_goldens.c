/*
 * libfoveal from C against libvmaf's goldens: for every pair in testdata/manifest.json and every
 * requested golden group, score the Y4M pair through the C API with the group's models and
 * features, then compare every per-frame value, every pooled value (min, max, mean,
 * harmonic_mean) and every aggregate metric with the golden, as text printed the libvmaf way
 * ("%.6f"). Where libvmaf refused a model or feature on a pair (the manifest's "dropped"
 * entries), foveal must refuse too.
 *
 * usage: test_goldens TESTDATA_DIR WORK_DIR GROUPS THREADS[:SPLIT]
 *   GROUPS: comma-separated golden groups (vmaf,vmaf_b,...) or "all"; THREADS: worker threads;
 *   SPLIT: auto (default), on or off (FovealConfig.split_frames).
 */
#include "common.h"

static long g_values = 0;
static long g_refusals = 0;
static int32_t g_split = FOVEAL_SPLIT_AUTO;

static int wanted(const char *groups, const char *group) {
    if (strcmp(groups, "all") == 0) return 1;
    size_t n = strlen(group);
    for (const char *g = groups; *g;) {
        const char *end = strchr(g, ',');
        size_t len = end ? (size_t)(end - g) : strlen(g);
        if (len == n && strncmp(g, group, n) == 0) return 1;
        if (!end) break;
        g = end + 1;
    }
    return 0;
}

static FovealContext *new_context(unsigned threads) {
    FovealConfig cfg;
    MUST(foveal_config_default(&cfg));
    cfg.threads = threads;
    cfg.split_frames = g_split;
    cfg.log_level = FOVEAL_LOG_NONE;
    FovealContext *ctx = NULL;
    MUST(foveal_context_create(&cfg, &ctx));
    return ctx;
}

/* Adds the group's models; the vmaf_b golden loads the vmaf_b_v0.6.3 collection's members one by
 * one with path= (see testdata/README.md): here the built-in collection named vmaf_b gives the
 * same outputs (vmaf_b, vmaf_b_0001..vmaf_b_0020). */
static int add_models(FovealContext *ctx, const Json *models, int *bootstrap) {
    *bootstrap = 0;
    for (size_t i = 0; models && i < models->n; i++) {
        const char *version = jstr(models->items[i], "version");
        const char *name = jstr(models->items[i], "name");
        if (version) {
            FovealStatus s = foveal_add_model(ctx, version, name, NULL);
            if (s != FOVEAL_OK) return s;
        } else if (name && strcmp(name, "vmaf_b") == 0) {
            MUST(foveal_add_model(ctx, "vmaf_b_v0.6.3", "vmaf_b", NULL));
            *bootstrap = 1;
        }
    }
    return FOVEAL_OK;
}

static void add_feature(FovealContext *ctx, const Json *feature) {
    char *opts = options_string(jget(feature, "options"));
    MUST(foveal_add_feature(ctx, jstr(feature, "name"), opts));
    free(opts);
}

typedef struct Pair {
    const char *name;
    char *ref, *dis;
} Pair;

/* Scores the whole pair; returns the first failing status (FOVEAL_OK when all went through). */
static FovealStatus score_pair(FovealContext *ctx, const Pair *pair) {
    Y4m r, d;
    if (y4m_open(&r, pair->ref) || y4m_open(&d, pair->dis)) exit(1);
    void *rb = xmalloc(r.frame_bytes), *db = xmalloc(d.frame_bytes);
    FovealStatus s = FOVEAL_OK;
    for (uint64_t i = 0; s == FOVEAL_OK; i++) {
        int a = y4m_read(&r, rb), b = y4m_read(&d, db);
        if (a <= 0 || b <= 0) break;
        FovealPicture rp = y4m_picture(&r, rb), dp = y4m_picture(&d, db);
        s = foveal_submit(ctx, &rp, &dp, i);
    }
    if (s == FOVEAL_OK) s = foveal_flush(ctx);
    free(rb);
    free(db);
    y4m_close(&r);
    y4m_close(&d);
    return s;
}

static void compare(const char *what, const char *golden, double ours, FovealStatus s) {
    char buf[64];
    g_values++;
    if (s != FOVEAL_OK) {
        g_failures++;
        fprintf(stderr, "FAIL %s: %s (%s)\n", what, foveal_status_name(s), foveal_last_error());
        return;
    }
    if (strcmp(golden, "null") == 0) {
        CHECK(!isfinite(ours), "%s: libvmaf null, foveal %.17g", what, ours);
        return;
    }
    fmt_num(buf, sizeof buf, ours);
    if (strcmp(buf, golden) != 0) {
        g_failures++;
        fprintf(stderr, "FAIL %s: libvmaf %s, foveal %s\n", what, golden, buf);
    }
}

static void check_report(FovealContext *ctx, const Json *golden, const char *work, const char *pair) {
    /* JSON report into a caller buffer: size query, too small, then the real thing. */
    size_t size = 0;
    MUST(foveal_report_to_buffer(ctx, FOVEAL_REPORT_JSON, NULL, 0, &size));
    CHECK(size > 100, "report size %zu", size);
    char *buf = xmalloc(size);
    memset(buf, 'x', size);
    size_t size2 = 0;
    EXPECT(FOVEAL_ERROR_BUFFER_TOO_SMALL,
           foveal_report_to_buffer(ctx, FOVEAL_REPORT_JSON, buf, size - 1, &size2));
    CHECK(size2 == size && buf[0] == 'x', "too small: size %zu, buffer untouched", size2);
    MUST(foveal_report_to_buffer(ctx, FOVEAL_REPORT_JSON, buf, size, &size2));
    CHECK(strlen(buf) + 1 == size, "NUL-terminated report of %zu bytes", size);
    /* Every per-frame vmaf value of the golden appears in the report as libvmaf prints it. */
    const Json *frames = jget(golden, "frames");
    for (size_t i = 0; frames && i < frames->n; i++) {
        const Json *v = jget(jget(frames->items[i], "metrics"), "vmaf");
        if (!v) continue;
        char needle[96];
        snprintf(needle, sizeof needle, "\"vmaf\": %s", v->text);
        CHECK(strstr(buf, needle) != NULL, "%s: JSON report lacks %s", pair, needle);
    }
    const char *start = "{\n  \"version\": \"foveal-";
    CHECK(strncmp(buf, start, strlen(start)) == 0, "JSON report starts %.30s", buf);
    free(buf);
    /* The other formats, to files. */
    static const struct {
        FovealReportFormat f;
        const char *ext, *start;
    } fmts[] = {{FOVEAL_REPORT_XML, "xml", "<VMAF version=\"foveal-"},
                {FOVEAL_REPORT_JSON, "json", "{"},
                {FOVEAL_REPORT_CSV, "csv", "Frame,"},
                {FOVEAL_REPORT_SUB, "sub", "{0}{1}frame: 0|"}};
    for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++) {
        char name[256];
        snprintf(name, sizeof name, "%s/%s.%s", work, pair, fmts[k].ext);
        MUST(foveal_write_report(ctx, fmts[k].f, name));
        FILE *f = fopen(name, "rb");
        char head[64] = {0};
        CHECK(f && fread(head, 1, sizeof head - 1, f) > 0, "read back %s", name);
        if (f) fclose(f);
        CHECK(strncmp(head, fmts[k].start, strlen(fmts[k].start)) == 0, "%s starts with '%.20s'",
              name, head);
    }
}

static void check_bootstrap(FovealContext *ctx, const Json *golden, const char *pair) {
    const Json *frames = jget(golden, "frames");
    for (size_t i = 0; frames && i < frames->n; i++) {
        FovealBootstrap b;
        char what[128];
        uint64_t index = (uint64_t)atoll(jget(frames->items[i], "frameNum")->text);
        snprintf(what, sizeof what, "%s vmaf_b bootstrap frame %llu", pair, (unsigned long long)index);
        FovealStatus s = foveal_get_bootstrap(ctx, "vmaf_b", index, &b);
        compare(what, jget(jget(frames->items[i], "metrics"), "vmaf_b")->text, b.score, s);
        CHECK(b.ci_p95_lo <= b.bagging && b.bagging <= b.ci_p95_hi && b.stddev > 0.0,
              "%s: lo %f bagging %f hi %f stddev %f", what, b.ci_p95_lo, b.bagging, b.ci_p95_hi,
              b.stddev);
        double bagging = 0;
        MUST(foveal_get_score(ctx, "vmaf_b_bagging", index, &bagging));
        CHECK(bagging == b.bagging, "%s: bagging %f vs %f", what, bagging, b.bagging);
    }
    FovealBootstrap pooled;
    MUST(foveal_get_pooled_bootstrap(ctx, "vmaf_b", FOVEAL_POOL_MEAN, 0, &pooled));
    const Json *pm = jget(jget(golden, "pooled_metrics"), "vmaf_b");
    compare("vmaf_b pooled bootstrap mean", jget(pm, "mean")->text, pooled.score, FOVEAL_OK);
    CHECK(pooled.ci_p95_lo <= pooled.bagging && pooled.bagging <= pooled.ci_p95_hi,
          "pooled interval %f..%f around %f", pooled.ci_p95_lo, pooled.ci_p95_hi, pooled.bagging);
    double p50 = 0, mn = 0, mx = 0;
    MUST(foveal_get_pooled(ctx, "vmaf_b", FOVEAL_POOL_PERCENTILE, 50.0, &p50));
    MUST(foveal_get_pooled(ctx, "vmaf_b", FOVEAL_POOL_MIN, 0, &mn));
    MUST(foveal_get_pooled(ctx, "vmaf_b", FOVEAL_POOL_MAX, 0, &mx));
    CHECK(mn <= p50 && p50 <= mx, "median %f within [%f, %f]", p50, mn, mx);
}

static void run_group(const char *testdata, const char *work, const Pair *pair, const char *group,
                      const Json *g, unsigned threads) {
    const char *file = jstr(g, "file");
    const Json *models = jget(g, "models");
    const Json *features = jget(g, "features");
    const Json *dropped = jget(g, "dropped");
    int bootstrap = 0;

    if (file) {
        char *path = path_join(testdata, file);
        Json *golden = json_load(path);
        free(path);
        if (!golden) exit(1);
        FovealContext *ctx = new_context(threads);
        MUST(add_models(ctx, models, &bootstrap));
        for (size_t i = 0; features && i < features->n; i++) add_feature(ctx, features->items[i]);
        FovealStatus s = score_pair(ctx, pair);
        CHECK(s == FOVEAL_OK, "%s/%s: scoring failed: %s", pair->name, group, foveal_last_error());
        long before = g_values;
        const Json *frames = jget(golden, "frames");
        for (size_t i = 0; s == FOVEAL_OK && frames && i < frames->n; i++) {
            uint64_t index = (uint64_t)atoll(jget(frames->items[i], "frameNum")->text);
            const Json *metrics = jget(frames->items[i], "metrics");
            for (size_t k = 0; k < metrics->n; k++) {
                double v = NAN;
                char what[256];
                snprintf(what, sizeof what, "%s/%s frame %llu %s", pair->name, group,
                         (unsigned long long)index, metrics->keys[k]);
                FovealStatus gs = foveal_get_score(ctx, metrics->keys[k], index, &v);
                compare(what, metrics->items[k]->text, v, gs);
            }
        }
        static const struct {
            const char *key;
            FovealPooling method;
        } pools[] = {{"min", FOVEAL_POOL_MIN},
                     {"max", FOVEAL_POOL_MAX},
                     {"mean", FOVEAL_POOL_MEAN},
                     {"harmonic_mean", FOVEAL_POOL_HARMONIC_MEAN}};
        const Json *pooled = jget(golden, "pooled_metrics");
        for (size_t k = 0; s == FOVEAL_OK && pooled && k < pooled->n; k++) {
            for (size_t m = 0; m < sizeof pools / sizeof pools[0]; m++) {
                const Json *gv = jget(pooled->items[k], pools[m].key);
                if (!gv) continue;
                double v = NAN;
                char what[256];
                snprintf(what, sizeof what, "%s/%s pooled %s %s", pair->name, group,
                         pooled->keys[k], pools[m].key);
                FovealStatus gs = foveal_get_pooled(ctx, pooled->keys[k], pools[m].method, 0, &v);
                compare(what, gv->text, v, gs);
            }
        }
        const Json *aggregate = jget(golden, "aggregate_metrics");
        for (size_t k = 0; s == FOVEAL_OK && aggregate && k < aggregate->n; k++) {
            double v = NAN;
            char what[256];
            snprintf(what, sizeof what, "%s/%s aggregate %s", pair->name, group, aggregate->keys[k]);
            FovealStatus gs = foveal_get_aggregate(ctx, aggregate->keys[k], &v);
            compare(what, aggregate->items[k]->text, v, gs);
        }
        if (s == FOVEAL_OK && strcmp(group, "vmaf") == 0) check_report(ctx, golden, work, pair->name);
        if (s == FOVEAL_OK && bootstrap) check_bootstrap(ctx, golden, pair->name);
        printf("  %s/%s: %ld values equal libvmaf's\n", pair->name, group, g_values - before);
        MUST(foveal_context_free(ctx));
        json_free(golden);
    }

    /* What libvmaf refused on this pair, foveal refuses too (non-deterministic drops aside). */
    for (size_t i = 0; dropped && i < dropped->n; i++) {
        const Json *d = dropped->items[i];
        const Json *err = jget(d, "error");
        const char *first = err && err->n ? err->items[0]->text : "";
        if (strncmp(first, "(non-deterministic", 18) == 0) continue;
        const char *kind = jstr(d, "kind");
        FovealContext *ctx = new_context(threads);
        FovealStatus s;
        if (strcmp(kind, "model") == 0) {
            s = foveal_add_model(ctx, jstr(d, "version"), jstr(d, "name"), NULL);
        } else {
            s = add_models(ctx, models, &bootstrap);
            if (s == FOVEAL_OK) {
                char *opts = options_string(jget(d, "options"));
                s = foveal_add_feature(ctx, jstr(d, "name"), opts);
                free(opts);
            }
        }
        if (s == FOVEAL_OK) s = score_pair(ctx, pair);
        CHECK(s != FOVEAL_OK, "%s/%s: libvmaf refused %s %s (%s), foveal scored it", pair->name,
              group, kind, jstr(d, "name") ? jstr(d, "name") : jstr(d, "version"), first);
        if (s != FOVEAL_OK) {
            g_refusals++;
            printf("  %s/%s: %s %s refused as by libvmaf: %s\n", pair->name, group, kind,
                   jstr(d, "version") ? jstr(d, "version") : jstr(d, "name"), foveal_last_error());
        }
        MUST(foveal_context_free(ctx));
    }
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s TESTDATA_DIR WORK_DIR GROUPS THREADS\n", argv[0]);
        return 2;
    }
    const char *testdata = argv[1], *work = argv[2], *groups = argv[3];
    unsigned threads = (unsigned)atoi(argv[4]);
    const char *split = strchr(argv[4], ':');
    const char *split_name = split ? split + 1 : "auto";
    if (strcmp(split_name, "on") == 0) {
        g_split = FOVEAL_SPLIT_ON;
    } else if (strcmp(split_name, "off") == 0) {
        g_split = FOVEAL_SPLIT_OFF;
    } else if (strcmp(split_name, "auto") != 0) {
        fprintf(stderr, "unknown SPLIT '%s' (auto, on, off)\n", split_name);
        return 2;
    }
    char *mpath = path_join(testdata, "manifest.json");
    Json *manifest = json_load(mpath);
    free(mpath);
    if (!manifest) return 1;
    const Json *pairs = jget(manifest, "pairs");
    int pairs_done = 0;
    for (size_t p = 0; pairs && p < pairs->n; p++) {
        const Json *pj = pairs->items[p];
        Pair pair = {pairs->keys[p], path_join(testdata, jstr(pj, "ref")),
                     path_join(testdata, jstr(pj, "dis"))};
        const Json *goldens = jget(pj, "goldens");
        for (size_t g = 0; goldens && g < goldens->n; g++)
            if (wanted(groups, goldens->keys[g]))
                run_group(testdata, work, &pair, goldens->keys[g], goldens->items[g], threads);
        free(pair.ref);
        free(pair.dis);
        pairs_done++;
    }
    json_free(manifest);
    printf("test_goldens (%s, %u threads, split %s): %d pairs, %ld values compared with libvmaf at 6 decimals, "
           "%ld refusals matched\n",
           groups, threads, split_name, pairs_done, g_values, g_refusals);
    CHECK(g_values > 0, "no values compared");
    return finish("test_goldens");
}
