#!/usr/bin/env bash
# Formats the Swift sources with swift-format (the toolchain's; configuration in .swift-format) and
# the shim with clang-format (shim/.clang-format).
#   scripts/format.sh          rewrite the files in place
#   scripts/format.sh --check  change nothing; exit 1 naming what is not formatted (make test runs this)
# Three swift-format rules are off: AlwaysUseLowerCamelCase (test fakes mirror JSON and AWS field
# names), OnlyOneTrailingClosureArgument and ReplaceForEachWithForLoop (style, not layout).
set -euo pipefail
cd "$(dirname "$0")/.."
swift_paths=(Sources Tests Package.swift)
shim_files=(shim/include/*.h shim/src/*.cpp shim/src/*.hpp)

if [ "${1:-}" = --check ]; then
  status=0
  swift-format lint --strict --recursive --parallel "${swift_paths[@]}" || status=1
  clang-format --dry-run --Werror "${shim_files[@]}" || status=1
  if [ $status -ne 0 ]; then echo "format: run scripts/format.sh to fix the files named above" >&2; fi
  exit $status
fi
swift-format format --in-place --recursive --parallel "${swift_paths[@]}"
clang-format -i "${shim_files[@]}"
