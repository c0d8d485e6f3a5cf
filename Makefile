# isofleet: two commands for a fresh Debian machine.
#   make run    install what the node needs, build it, run it on 127.0.0.1:8080
#   make test   install what the tests need, build them, run them
SWIFT ?= swift
DATA_DIR ?= .run/data
BIN_RELEASE = .build/release/isofleet

.PHONY: run test fuzz format check-format bench build check-deploy deps-build deps-test deps-bench clean

run: deps-build
	$(SWIFT) build -c release --product isofleet
	mkdir -p $(DATA_DIR)
	$(BIN_RELEASE) serve --data-dir $(DATA_DIR) --config config/isofleet.conf

# First the Swarm tests against an AddressSanitizer build of the shim (scripts/asan-swarm-tests.sh),
# then the plain build and every test: at most six at a time, so that the timing-sensitive ones
# keep their margins on a 2-core machine; the fleet-in-namespaces tests (nine nodes) run on their
# own afterwards; last the fuzz targets.
test: deps-test check-format
	scripts/asan-swarm-tests.sh
	$(SWIFT) build --build-tests
	SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=6 $(SWIFT) test --skip-build --skip FleetLab
	$(SWIFT) test --skip-build --filter FleetLab
	scripts/fuzz.sh $(FUZZ_SECONDS)

# libFuzzer targets with AddressSanitizer (docs/fuzzing.md); `make fuzz FUZZ_SECONDS=600` for longer.
FUZZ_SECONDS ?= 20
fuzz: deps-test
	scripts/fuzz.sh $(FUZZ_SECONDS)

# swift-format (.swift-format) over Sources and Tests, clang-format (shim/.clang-format) over the shim.
format:
	scripts/format.sh

check-format: deps-test
	scripts/format.sh --check

bench: deps-bench
	$(SWIFT) build -c release --product isofleet
	bench/run-all.sh

# Static checks of the AWS deployment files (docs/deploy.md), including the runtime
# package list against what the built binary links.
check-deploy: deps-test
	$(SWIFT) build --product isofleet
	scripts/check-deploy.sh .build/debug/isofleet

build: deps-build
	$(SWIFT) build

deps-build:
	scripts/install-deps.sh build

deps-test:
	scripts/install-deps.sh test

deps-bench:
	scripts/install-deps.sh bench

clean:
	rm -rf .build .run
