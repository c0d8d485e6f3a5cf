# Shared helpers for the benchmark scripts (sourced, not run).

# The release binary: $ISOFLEET_BIN, else .build/release/isofleet (what `make bench` builds).
ISOFLEET_BIN=${ISOFLEET_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.build/release/isofleet}
if [[ ! -x $ISOFLEET_BIN ]]; then
    echo "bench: $ISOFLEET_BIN not found; run 'swift build -c release' or set ISOFLEET_BIN" >&2
    exit 1
fi

# Seconds since the epoch with nanoseconds.
now() { date +%s.%N; }

# Runs "$@" with stdout discarded and prints the elapsed seconds.
elapsed() {
    local start end
    start=$(now)
    "$@" >/dev/null
    end=$(now)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}

# The median of the numbers given as arguments.
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
