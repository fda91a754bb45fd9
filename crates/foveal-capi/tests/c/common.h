/*
 * Helpers shared by the C tests of libfoveal: a checked-call macro, a small Y4M reader (8..16 bit,
 * 4:2:0 / 4:2:2 / 4:4:4 / mono), a small JSON reader for libvmaf logs and the manifest, and
 * libvmaf's number printing. Header-only: each test is one translation unit.
 */
#ifndef FOVEAL_C_TEST_COMMON_H
#define FOVEAL_C_TEST_COMMON_H

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <foveal.h>

/* ---- checks -------------------------------------------------------------------------------- */

static int g_failures = 0;
static long g_checks = 0;

#define CHECK(cond, ...)                                                                         \
    do {                                                                                         \
        g_checks++;                                                                              \
        if (!(cond)) {                                                                           \
            g_failures++;                                                                        \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                      \
            fprintf(stderr, __VA_ARGS__);                                                        \
            fprintf(stderr, "\n");                                                               \
        }                                                                                        \
    } while (0)

/* A call that must succeed; aborts the test program otherwise (later steps depend on it). */
#define MUST(call)                                                                               \
    do {                                                                                         \
        FovealStatus must_s_ = (call);                                                           \
        g_checks++;                                                                              \
        if (must_s_ != FOVEAL_OK) {                                                              \
            fprintf(stderr, "FATAL %s:%d: %s -> %s: %s\n", __FILE__, __LINE__, #call,            \
                    foveal_status_name(must_s_), foveal_last_error());                           \
            exit(1);                                                                             \
        }                                                                                        \
    } while (0)

/* A call that must fail with `code` and leave a message naming the function. */
#define EXPECT(code, call)                                                                       \
    do {                                                                                         \
        FovealStatus exp_s_ = (call);                                                            \
        const char *exp_m_ = foveal_last_error();                                                \
        g_checks++;                                                                              \
        if (exp_s_ != (code)) {                                                                  \
            g_failures++;                                                                        \
            fprintf(stderr, "FAIL %s:%d: %s -> %s, expected %s (%s)\n", __FILE__, __LINE__,      \
                    #call, foveal_status_name(exp_s_), foveal_status_name(code), exp_m_);        \
        } else if ((code) != FOVEAL_OK && strncmp(exp_m_, "foveal_", 7) != 0) {                  \
            g_failures++;                                                                        \
            fprintf(stderr, "FAIL %s:%d: %s: message '%s' does not name the function\n",         \
                    __FILE__, __LINE__, #call, exp_m_);                                          \
        } else if (getenv("FOVEAL_TEST_VERBOSE") && (code) != FOVEAL_OK) {                       \
            fprintf(stderr, "  ok %s -> %s: %s\n", #call, foveal_status_name(exp_s_), exp_m_);   \
        }                                                                                        \
    } while (0)

static inline void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return p;
}

static inline char *xstrdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = xmalloc(n);
    memcpy(d, s, n);
    return d;
}

static inline char *path_join(const char *a, const char *b) {
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", a, b);
    return p;
}

/* ---- libvmaf's number printing (%.6f, or %.16f when the fraction has > 6 leading zeros) ----- */

static inline void fmt_num(char *buf, size_t n, double v) {
    double x = fabs(v);
    double frac = x - trunc(x);
    int zeros = 0;
    while (frac < 1.0 && frac != 0.0) {
        frac *= 10.0;
        zeros++;
    }
    snprintf(buf, n, zeros <= 6 ? "%.6f" : "%.16f", v);
}

/* ---- Y4M ----------------------------------------------------------------------------------- */

typedef struct Y4m {
    FILE *f;
    uint32_t width, height, bit_depth;
    FovealPixelFormat pixel_format;
    size_t plane_w[3], plane_h[3];
    int planes;
    size_t bytes_per_sample;
    size_t frame_bytes; /* payload bytes per frame */
} Y4m;

static inline int y4m_open(Y4m *y, const char *path) {
    char line[512];
    memset(y, 0, sizeof *y);
    y->f = fopen(path, "rb");
    if (!y->f) {
        fprintf(stderr, "cannot open %s\n", path);
        return -1;
    }
    if (!fgets(line, sizeof line, y->f) || strncmp(line, "YUV4MPEG2 ", 10) != 0) {
        fprintf(stderr, "%s: not a Y4M file\n", path);
        fclose(y->f);
        return -1;
    }
    char cs[32] = "420jpeg";
    for (char *t = strtok(line + 10, " \n"); t; t = strtok(NULL, " \n")) {
        if (t[0] == 'W') y->width = (uint32_t)strtoul(t + 1, NULL, 10);
        if (t[0] == 'H') y->height = (uint32_t)strtoul(t + 1, NULL, 10);
        if (t[0] == 'C') snprintf(cs, sizeof cs, "%s", t + 1);
    }
    y->bit_depth = 8;
    const char *p = strchr(cs, 'p');
    if (strncmp(cs, "mono", 4) == 0) {
        y->pixel_format = FOVEAL_PIXEL_FORMAT_YUV400;
        if (cs[4]) y->bit_depth = (uint32_t)atoi(cs + 4);
    } else {
        if (strncmp(cs, "420", 3) == 0) y->pixel_format = FOVEAL_PIXEL_FORMAT_YUV420;
        else if (strncmp(cs, "422", 3) == 0) y->pixel_format = FOVEAL_PIXEL_FORMAT_YUV422;
        else if (strncmp(cs, "444", 3) == 0) y->pixel_format = FOVEAL_PIXEL_FORMAT_YUV444;
        else {
            fprintf(stderr, "%s: unsupported colour space C%s\n", path, cs);
            fclose(y->f);
            return -1;
        }
        if (p && p[1] >= '0' && p[1] <= '9') y->bit_depth = (uint32_t)atoi(p + 1);
    }
    if (!y->width || !y->height) {
        fprintf(stderr, "%s: no size in header\n", path);
        fclose(y->f);
        return -1;
    }
    y->bytes_per_sample = y->bit_depth > 8 ? 2 : 1;
    y->planes = y->pixel_format == FOVEAL_PIXEL_FORMAT_YUV400 ? 1 : 3;
    y->plane_w[0] = y->width;
    y->plane_h[0] = y->height;
    for (int i = 1; i < y->planes; i++) {
        int sx = y->pixel_format != FOVEAL_PIXEL_FORMAT_YUV444;
        int sy = y->pixel_format == FOVEAL_PIXEL_FORMAT_YUV420;
        y->plane_w[i] = sx ? (y->width + 1) / 2 : y->width;
        y->plane_h[i] = sy ? (y->height + 1) / 2 : y->height;
    }
    y->frame_bytes = 0;
    for (int i = 0; i < y->planes; i++)
        y->frame_bytes += y->plane_w[i] * y->plane_h[i] * y->bytes_per_sample;
    return 0;
}

/* Reads the next frame into `buf` (frame_bytes, planes back to back; 16-bit samples converted to
 * host order). 1 = a frame, 0 = end of file, -1 = error. */
static inline int y4m_read(Y4m *y, void *buf) {
    char line[256];
    if (!fgets(line, sizeof line, y->f)) return 0;
    if (strncmp(line, "FRAME", 5) != 0) {
        fprintf(stderr, "bad Y4M frame header\n");
        return -1;
    }
    if (fread(buf, 1, y->frame_bytes, y->f) != y->frame_bytes) {
        fprintf(stderr, "truncated Y4M frame\n");
        return -1;
    }
    if (y->bytes_per_sample == 2) {
        uint8_t *b = buf;
        for (size_t i = 0; i < y->frame_bytes; i += 2) {
            uint16_t v = (uint16_t)(b[i] | (b[i + 1] << 8));
            memcpy(b + i, &v, 2);
        }
    }
    return 1;
}

static inline void y4m_close(Y4m *y) {
    if (y->f) fclose(y->f);
    y->f = NULL;
}

/* A picture over a tightly packed frame read by y4m_read. */
static inline FovealPicture y4m_picture(const Y4m *y, const void *buf) {
    FovealPicture p;
    memset(&p, 0, sizeof p);
    const uint8_t *b = buf;
    for (int i = 0; i < y->planes; i++) {
        p.data[i] = b;
        p.stride[i] = (ptrdiff_t)(y->plane_w[i] * y->bytes_per_sample);
        b += y->plane_w[i] * y->plane_h[i] * y->bytes_per_sample;
    }
    p.width = y->width;
    p.height = y->height;
    p.pixel_format = y->pixel_format;
    p.bit_depth = y->bit_depth;
    return p;
}

/* ---- JSON ---------------------------------------------------------------------------------- */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } JType;

typedef struct Json {
    JType type;
    char *text; /* string value, or a number's text exactly as written */
    int boolean;
    size_t n;
    char **keys; /* objects */
    struct Json **items;
} Json;

typedef struct JParser {
    const char *s;
    int error;
} JParser;

static inline void j_ws(JParser *p) {
    while (*p->s == ' ' || *p->s == '\n' || *p->s == '\r' || *p->s == '\t') p->s++;
}

static inline char *j_string(JParser *p) {
    if (*p->s != '"') {
        p->error = 1;
        return xstrdup("");
    }
    p->s++;
    size_t cap = 16, n = 0;
    char *out = xmalloc(cap);
    while (*p->s && *p->s != '"') {
        char c = *p->s++;
        if (c == '\\') {
            char e = *p->s++;
            switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'u': /* only ASCII escapes are expected here */
                c = (char)strtol((char[]){p->s[0], p->s[1], p->s[2], p->s[3], 0}, NULL, 16);
                p->s += 4;
                break;
            default: c = e; break;
            }
        }
        if (n + 2 > cap) {
            cap *= 2;
            char *g = xmalloc(cap);
            memcpy(g, out, n);
            free(out);
            out = g;
        }
        out[n++] = c;
    }
    out[n] = 0;
    if (*p->s == '"') p->s++;
    else p->error = 1;
    return out;
}

static inline Json *j_value(JParser *p);

static inline void j_push(Json *v, char *key, Json *item) {
    Json **items = xmalloc((v->n + 1) * sizeof *items);
    char **keys = xmalloc((v->n + 1) * sizeof *keys);
    for (size_t i = 0; i < v->n; i++) {
        items[i] = v->items[i];
        keys[i] = v->keys ? v->keys[i] : NULL;
    }
    items[v->n] = item;
    keys[v->n] = key;
    free(v->items);
    free(v->keys);
    v->items = items;
    v->keys = keys;
    v->n++;
}

static inline Json *j_value(JParser *p) {
    Json *v = xmalloc(sizeof *v);
    memset(v, 0, sizeof *v);
    j_ws(p);
    char c = *p->s;
    if (c == '{' || c == '[') {
        v->type = c == '{' ? J_OBJ : J_ARR;
        char close = c == '{' ? '}' : ']';
        p->s++;
        j_ws(p);
        if (*p->s == close) {
            p->s++;
            return v;
        }
        while (!p->error) {
            char *key = NULL;
            j_ws(p);
            if (v->type == J_OBJ) {
                key = j_string(p);
                j_ws(p);
                if (*p->s != ':') p->error = 1;
                else p->s++;
            }
            j_push(v, key, j_value(p));
            j_ws(p);
            if (*p->s == ',') {
                p->s++;
                continue;
            }
            if (*p->s == close) {
                p->s++;
                break;
            }
            p->error = 1;
        }
    } else if (c == '"') {
        v->type = J_STR;
        v->text = j_string(p);
    } else if (strncmp(p->s, "null", 4) == 0) {
        v->type = J_NULL;
        v->text = xstrdup("null");
        p->s += 4;
    } else if (strncmp(p->s, "true", 4) == 0 || strncmp(p->s, "false", 5) == 0) {
        v->type = J_BOOL;
        v->boolean = c == 't';
        p->s += c == 't' ? 4 : 5;
    } else {
        const char *start = p->s;
        while (*p->s && strchr("+-0123456789.eE", *p->s)) p->s++;
        if (p->s == start) p->error = 1;
        v->type = J_NUM;
        size_t n = (size_t)(p->s - start);
        v->text = xmalloc(n + 1);
        memcpy(v->text, start, n);
        v->text[n] = 0;
    }
    return v;
}

static inline void json_free(Json *v) {
    if (!v) return;
    for (size_t i = 0; i < v->n; i++) {
        json_free(v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->text);
    free(v);
}

static inline Json *json_load(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = xmalloc((size_t)size + 1);
    size_t got = fread(text, 1, (size_t)size, f);
    fclose(f);
    text[got] = 0;
    JParser p = {text, 0};
    Json *v = j_value(&p);
    free(text);
    if (p.error) {
        fprintf(stderr, "%s: JSON syntax error\n", path);
        json_free(v);
        return NULL;
    }
    return v;
}

static inline Json *jget(const Json *obj, const char *key) {
    if (!obj || obj->type != J_OBJ) return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0) return obj->items[i];
    return NULL;
}

static inline const char *jstr(const Json *obj, const char *key) {
    const Json *v = jget(obj, key);
    return v && v->type == J_STR ? v->text : NULL;
}

/* The options object of a manifest feature as "k=v:k2=v2" (caller frees). */
static inline char *options_string(const Json *options) {
    size_t cap = 1;
    for (size_t i = 0; options && i < options->n; i++)
        cap += strlen(options->keys[i]) + strlen(options->items[i]->text) + 2;
    char *s = xmalloc(cap);
    s[0] = 0;
    for (size_t i = 0; options && i < options->n; i++) {
        if (i) strcat(s, ":");
        strcat(s, options->keys[i]);
        strcat(s, "=");
        strcat(s, options->items[i]->text);
    }
    return s;
}

/* ---- logging ------------------------------------------------------------------------------- */

typedef struct LogSink {
    int messages[5];
    char last[512];
} LogSink;

static inline void log_to_sink(void *user, FovealLogLevel level, const char *message) {
    LogSink *sink = user;
    if (level >= 0 && level <= 4) sink->messages[level]++;
    snprintf(sink->last, sizeof sink->last, "%s", message);
    if (getenv("FOVEAL_TEST_VERBOSE")) fprintf(stderr, "  log[%d] %s\n", level, message);
}

static inline int finish(const char *name) {
    if (g_failures) {
        fprintf(stderr, "%s: %d of %ld checks FAILED\n", name, g_failures, g_checks);
        return 1;
    }
    printf("%s: all %ld checks passed\n", name, g_checks);
    return 0;
}

#endif
