/*
 * Built only with the flags `pkg-config --cflags --libs foveal` gives (or its --static flags with
 * libfoveal.a): checks the header and library agree on the ABI and scores a small synthetic pair.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <foveal.h>

int main(int argc, char **argv) {
    const char *how = argc > 1 ? argv[1] : "?";
    uint32_t abi = foveal_abi_version();
    if (abi >> 16 != FOVEAL_ABI_VERSION_MAJOR || abi >> 8 < FOVEAL_ABI_VERSION >> 8) {
        fprintf(stderr, "ABI mismatch: library %06x, header %06x\n", abi, FOVEAL_ABI_VERSION);
        return 1;
    }
    enum { W = 64, H = 48 };
    static uint8_t ref[W * H * 3 / 2], dis[W * H * 3 / 2];
    for (int i = 0; i < W * H * 3 / 2; i++) {
        ref[i] = (uint8_t)(16 + (i * 37) % 200);
        dis[i] = (uint8_t)(ref[i] + (i % 7 == 0 ? 3 : 0));
    }
    FovealPicture r = {{ref, ref + W * H, ref + W * H + W * H / 4}, {W, W / 2, W / 2}, W, H,
                       FOVEAL_PIXEL_FORMAT_YUV420, 8};
    FovealPicture d = r;
    d.data[0] = dis;
    d.data[1] = dis + W * H;
    d.data[2] = dis + W * H + W * H / 4;
    FovealContext *ctx = NULL;
    double psnr = 0;
    if (foveal_context_create(NULL, &ctx) || foveal_add_feature(ctx, "psnr", NULL) ||
        foveal_submit(ctx, &r, &d, 0) || foveal_flush(ctx) ||
        foveal_get_score(ctx, "psnr_y", 0, &psnr)) {
        fprintf(stderr, "failed: %s\n", foveal_last_error());
        foveal_context_free(ctx);
        return 1;
    }
    foveal_context_free(ctx);
    if (!(psnr > 30.0 && psnr < 60.0)) {
        fprintf(stderr, "unexpected psnr_y %f\n", psnr);
        return 1;
    }
    printf("pkg-config build (%s): libfoveal %s, ABI %u.%u.%u, psnr_y %.6f\n", how, foveal_version(),
           abi >> 16, (abi >> 8) & 0xff, abi & 0xff, psnr);
    return 0;
}
