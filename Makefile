# Quanta — build, demo and test. `make demo` and `make test` install missing Debian packages first.
DEBS := libopenblas-dev liblapacke-dev libdnnl-dev zlib1g-dev libnlopt-dev libopenmpi-dev openmpi-bin pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# No CPU flags: the hot kernels (Sources/CKernels) exist for baseline x86-64, AVX2 and AVX-512
# and pick the best the CPU supports at run time, so builds are portable and as fast as a
# package that depends on Quanta. Extra flags can still be passed: make test SWIFT_FLAGS=...
SWIFT_FLAGS ?=

.PHONY: deps build release demo test bench clean

deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	swift build $(SWIFT_FLAGS)

release: deps
	swift build -c release $(SWIFT_FLAGS)

demo: release
	.build/release/quanta demo

# Tests run optimised (numeric code is 10-100x slower in debug); -enable-testing keeps @testable imports.
test: deps
	swift test -c release -Xswiftc -enable-testing $(SWIFT_FLAGS)

bench: deps
	cd Benchmarks && swift run -c release $(SWIFT_FLAGS) QuantaBench

clean:
	rm -rf .build Benchmarks/.build
