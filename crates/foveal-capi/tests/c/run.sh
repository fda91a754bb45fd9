#!/bin/sh
# Builds the C tests of libfoveal with the system C compiler against the INSTALLED header and
# library, and runs them (under valgrind unless VALGRIND is empty). Called by `make test-c`.
#
# usage: run.sh PREFIX TESTDATA_DIR WORK_DIR
#   PREFIX: where `make install` put lib/, include/, lib/pkgconfig/
# environment: VALGRIND (default "valgrind"; empty to run natively), CC (default cc),
#   FOVEAL_TEST_VERBOSE=1 prints every expected error message.
set -u
PREFIX=$1
TESTDATA=$2
WORK=$3
CC=${CC:-cc}
VALGRIND=${VALGRIND-valgrind}
SRC=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$SRC/../../../.." && pwd)
CFLAGS="-std=c11 -O1 -g -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L"

mkdir -p "$WORK/bin" "$WORK/out"
passed=0
failed=0
failures=""

fail() {
    failed=$((failed + 1))
    failures="$failures $1"
    echo "FAILED: $1"
}

if [ -n "$VALGRIND" ]; then
    if ! command -v "$VALGRIND" >/dev/null 2>&1; then
        echo "valgrind not found: install it (apt-get install -y valgrind) or run with VALGRIND= (no memory checks)"
        exit 1
    fi
    # Leaks of every kind but "still reachable" (one-time globals such as the built-in model
    # names and lookup tables) and any invalid access fail the run. valgrind.supp holds the one
    # suppression (Rust's handle for the main thread, see there).
    VG="$VALGRIND -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --track-origins=yes --suppressions=$SRC/valgrind.supp"
else
    VG=""
fi

# 1. Build every test against the installed header and shared library.
for t in test_goldens test_encoder_loop test_misuse test_cambi; do
    if ! $CC $CFLAGS -I"$PREFIX/include" "$SRC/$t.c" -L"$PREFIX/lib" -lfoveal -lm -o "$WORK/bin/$t"; then
        fail "build:$t"
    fi
done

# The encoder-loop example of docs/c-api.md, extracted from the page as it stands.
sed -n '/^<!-- example: encoder_loop.c/,/^<!-- end example -->/p' "$ROOT/docs/c-api.md" |
    sed '1,2d;$d' | sed '$d' >"$WORK/encoder_loop_example.c"
if ! [ -s "$WORK/encoder_loop_example.c" ] ||
    ! $CC $CFLAGS -I"$PREFIX/include" "$WORK/encoder_loop_example.c" -L"$PREFIX/lib" -lfoveal -o "$WORK/bin/encoder_loop_example"; then
    fail "build:docs/c-api.md example"
fi

# 2. pkg-config: the installed foveal.pc gives working flags for a program that runs, linked
#    against the shared library, and (--static) against libfoveal.a.
PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig"
export PKG_CONFIG_PATH
if flags=$(pkg-config --cflags --libs foveal) && echo "pkg-config --cflags --libs foveal: $flags" &&
    $CC $CFLAGS "$SRC/test_pkgconfig.c" $flags -o "$WORK/bin/test_pkgconfig" &&
    LD_LIBRARY_PATH="$PREFIX/lib" "$WORK/bin/test_pkgconfig" shared; then
    passed=$((passed + 1))
else
    fail "pkg-config (shared)"
fi
if static_libs=$(pkg-config --static --libs-only-l foveal | sed 's/-lfoveal//') &&
    $CC $CFLAGS $(pkg-config --cflags foveal) "$SRC/test_pkgconfig.c" "$PREFIX/lib/libfoveal.a" $static_libs \
        -o "$WORK/bin/test_pkgconfig_static" &&
    "$WORK/bin/test_pkgconfig_static" static; then
    passed=$((passed + 1))
else
    fail "pkg-config (static)"
fi

# 3. Run under valgrind, against the installed shared library.
run() {
    name=$1
    shift
    echo "== $name"
    if LD_LIBRARY_PATH="$PREFIX/lib" $VG "$@"; then
        passed=$((passed + 1))
    else
        fail "$name"
    fi
}

run "goldens: group vmaf, all pairs (threads 0)" "$WORK/bin/test_goldens" "$TESTDATA" "$WORK/out" vmaf 0
run "encoder loop (padded strides, threads 0 and 2, callback + polling)" "$WORK/bin/test_encoder_loop" "$TESTDATA"
run "misuse" "$WORK/bin/test_misuse" "$WORK/out"
run "cambi heatmaps and cambi_opts goldens (gradient_banding, bikes_x264)" "$WORK/bin/test_cambi" "$TESTDATA" gradient_banding bikes_x264
cd "$WORK/out" && run "docs/c-api.md encoder-loop example" "$WORK/bin/encoder_loop_example" && cd - >/dev/null
# More golden groups (models by version, extra feature options) natively: the same code paths as
# above, many more values; valgrind would only repeat itself slowly. vmaf_float, vmaf_v1 and
# vmaf_v1_hfr join this list when the library has their extractors (float_adm, speed_chroma, ...).
NATIVE_GROUPS=${NATIVE_GROUPS:-vmaf,vmaf_neg,vmaf_b,vmaf_4k,cambi_opts,psnr_opts}
echo "== goldens $NATIVE_GROUPS, all pairs (threads 2, native)"
if LD_LIBRARY_PATH="$PREFIX/lib" "$WORK/bin/test_goldens" "$TESTDATA" "$WORK/out" "$NATIVE_GROUPS" 2; then
    passed=$((passed + 1))
else
    fail "goldens all groups"
fi
echo "== goldens vmaf,vmaf_neg, all pairs (threads 3, every frame split: FOVEAL_SPLIT_ON, native)"
if LD_LIBRARY_PATH="$PREFIX/lib" "$WORK/bin/test_goldens" "$TESTDATA" "$WORK/out" vmaf,vmaf_neg 3:on; then
    passed=$((passed + 1))
else
    fail "goldens split frames"
fi
echo "== cambi_opts goldens, all pairs (native)"
if LD_LIBRARY_PATH="$PREFIX/lib" "$WORK/bin/test_cambi" "$TESTDATA"; then
    passed=$((passed + 1))
else
    fail "cambi all pairs"
fi

echo
if [ "$failed" -ne 0 ]; then
    echo "C tests failed:$failures"
fi
echo "test-c: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
