#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/targets) with AddressSanitizer and runs each for a bounded
# time from its committed seed corpus (fuzz/corpus/<target>). A crash, a leak, a timeout or a
# violated property stops the run with the failing input saved under .build-fuzz/crashes/.
#   scripts/fuzz.sh               every target, 20 s each
#   scripts/fuzz.sh 300 manifest  one target for five minutes
# Needs the Swift toolchain's clang (libFuzzer) and
# libtorrent-rasterbar-dev (the shim targets). See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
shift || true
swift_targets=(filename selection manifest configuration api-body)
shim_targets=(magnet torrent-file)
wanted=("${@:-${swift_targets[@]} ${shim_targets[@]}}")
read -r -a wanted <<<"${wanted[*]}"

out=.build-fuzz
mkdir -p "$out/modules" "$out/lib" "$out/bin" "$out/shim" "$out/crashes"
: >"$out/build.log"
toolchain_bin=$(dirname "$(readlink -f "$(command -v swiftc)")")
clangxx="$toolchain_bin/clang++"
swift_flags=(-O -g -swift-version 6 -sanitize=fuzzer,address -parse-as-library
  -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility
  -enable-upcoming-feature InternalImportsByDefault)

# One static library per project module the Swift targets import (instrumented once, linked by each).
# Compiler and linker output goes to $out/build.log (ld.gold warns about every ASan symbol).
quiet() { "$@" >>"$out/build.log" 2>&1 || { tail -30 "$out/build.log" >&2; echo "fuzz: build failed" >&2; exit 1; }; }

build_module() { # name
  local name=$1
  echo "fuzz: building module $name"
  quiet swiftc "${swift_flags[@]}" -module-name "$name" -emit-module -emit-module-path "$out/modules/$name.swiftmodule" \
    -emit-library -static -o "$out/lib/lib$name.a" -I "$out/modules" "Sources/$name"/*.swift
}

build_swift_target() { # target name, extra sources…
  local target=$1 file
  shift
  case $target in
    filename) file=FileNameFuzz.swift ;;
    selection) file=SelectionFuzz.swift ;;
    manifest) file=ManifestFuzz.swift ;;
    configuration) file=ConfigurationFuzz.swift ;;
    api-body) file=APIBodyFuzz.swift ;;
  esac
  echo "fuzz: building $target"
  quiet swiftc "${swift_flags[@]}" -module-name "Fuzz_${target//-/_}" -I "$out/modules" -L "$out/lib" \
    -lWireTypes -lISOCatalog fuzz/targets/FuzzInput.swift "fuzz/targets/$file" "$@" -o "$out/bin/$target"
}

build_shim_target() { # magnet | torrent-file
  local target=$1 define objects=()
  [ "$target" = magnet ] && define=FUZZ_MAGNET || define=FUZZ_TORRENT_FILE
  local cxx_flags=(-std=c++17 -O1 -g -fexceptions -fsanitize=address $(pkg-config --cflags libtorrent-rasterbar)
    -Ishim/include)
  for source in shim/src/*.cpp; do
    local object="$out/shim/$(basename "$source" .cpp).o"
    if [ ! -e "$object" ] || [ "$source" -nt "$object" ]; then
      echo "fuzz: compiling $source"
      quiet "$clangxx" "${cxx_flags[@]}" -fsanitize=fuzzer-no-link -c "$source" -o "$object"
    fi
    objects+=("$object")
  done
  echo "fuzz: building $target"
  quiet "$clangxx" "${cxx_flags[@]}" -fsanitize=fuzzer -D"$define" fuzz/targets/shim_fuzz.cpp "${objects[@]}" \
    $(pkg-config --libs libtorrent-rasterbar) -o "$out/bin/$target"
}

needs_modules=0
for target in "${wanted[@]}"; do
  case " ${swift_targets[*]} " in *" $target "*) needs_modules=1 ;; esac
done
if [ "$needs_modules" = 1 ]; then
  build_module ISOCatalog
  build_module WireTypes
fi
for target in "${wanted[@]}"; do
  case $target in
    configuration) build_swift_target configuration Sources/Node/Configuration/Configuration.swift \
      Sources/Node/Configuration/ConfigurationKey.swift ;;
    api-body) build_swift_target api-body Sources/Node/Configuration/Configuration.swift \
      Sources/Node/Configuration/ConfigurationKey.swift ;;
    magnet | torrent-file) build_shim_target "$target" ;;
    filename | selection | manifest) build_swift_target "$target" ;;
    *) echo "fuzz: unknown target '$target' (${swift_targets[*]} ${shim_targets[*]})" >&2; exit 2 ;;
  esac
done

# Each target: a scratch corpus (what libFuzzer finds is kept there, not in the repository),
# seeded from the committed one.
for target in "${wanted[@]}"; do
  work="$out/corpus/$target"
  mkdir -p "$work"
  # Leak checks for the shim only: Swift's runtime keeps once-built globals (compiled regexes)
  # that LeakSanitizer reports at exit; growth per input is still bounded by -rss_limit_mb.
  leaks=0
  case " ${shim_targets[*]} " in *" $target "*) leaks=1 ;; esac
  echo "fuzz: running $target for ${seconds}s"
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=$leaks:allocator_may_return_null=1 "$out/bin/$target" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$out/crashes/$target-" "$work" "fuzz/corpus/$target" 2>"$out/$target.log" || {
    grep -m3 -E "Fatal error|ERROR: AddressSanitizer|ERROR: libFuzzer|SUMMARY" "$out/$target.log" >&2 || tail -40 "$out/$target.log" >&2
    echo "fuzz: $target failed; the input is in $out/crashes/ (reproduce: $out/bin/$target FILE)" >&2
    exit 1
  }
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$out/$target.log" | tr '\n' ' ' | sed "s/^/fuzz: $target: /"
  echo
done
