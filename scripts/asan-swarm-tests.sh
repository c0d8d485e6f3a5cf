#!/usr/bin/env bash
# Builds the package's C++ (the libtorrent shim, and BoringSSL under the web server) with
# AddressSanitizer and runs the Swarm tests against it once (issue 15). Swift code is not
# instrumented; the ASan runtime is preloaded into the test process and the isofleet binaries the
# tests start. It builds in the normal build directory, so `make test` runs it before the plain
# build, which then recompiles those C++ targets without ASan (`swift test --skip-build` right after
# this script would run the ASan build: build again first).
set -euo pipefail
cd "$(dirname "$0")/.."

toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")")
runtime=$(ls "$toolchain"/lib/clang/*/lib/linux/libclang_rt.asan-x86_64.so 2>/dev/null | head -1)
[ -n "$runtime" ] || { echo "asan: no libclang_rt.asan-x86_64.so in $toolchain/lib/clang" >&2; exit 2; }
runtime_dir=$(dirname "$runtime")

echo "asan: building the C++ targets with AddressSanitizer"
swift build --build-tests -Xcxx -fsanitize=address -Xcxx -fno-omit-frame-pointer \
  -Xlinker -L"$runtime_dir" -Xlinker -lclang_rt.asan-x86_64 -Xlinker -rpath -Xlinker "$runtime_dir"

echo "asan: running the Swarm tests"
# Leak checks off: the Swift runtime's once-built globals are reported at exit.
LD_PRELOAD="$runtime" ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0:abort_on_error=1 \
  swift test --skip-build --filter SwarmTests
