# gen: a static site generator for annotated articles.
# Quick start on a fresh Debian machine with Swift: `make site`, then `make test`.

SWIFT ?= swift
APT_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev libmimalloc-dev
BENCH_ARTICLES ?= 10000
BENCH_RUNS ?= 5
BENCH_DIR ?= /tmp/gen-bench
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := front-matter body annotations entity config csl-yaml csl-json

PREFIX ?= /usr/local

.PHONY: site test bench bench-hostile fuzz theme deps bench-deps release install clean

# Installs the Debian packages the build needs, when they are missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# Hugo to compare with, cmark-gfm's command line for the rendering floor.
bench-deps: deps
	@command -v hugo >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1 && command -v cmark-gfm >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq hugo python3 cmark-gfm; }

# Regenerates Sources/GenKit/Render/EmbeddedTheme.swift from templates/.
theme:
	@scripts/embed-theme.sh

release: deps theme
	$(SWIFT) build -c release --product gen

# Puts the release gen on PATH: PREFIX/bin/gen (the theme is inside the binary).
install: release
	install -d $(PREFIX)/bin
	install -m 755 .build/release/gen $(PREFIX)/bin/gen

# Builds gen in release mode and the example site (this folder) into public/.
site: release
	.build/release/gen build --site .

# Runs the whole test suite (unit, golden, invalid-site and end-to-end tests).
# The tests are XCTest tests: Swift Testing's runner, which would add a second summary of
# "0 tests", is left out.
test: deps theme
	$(SWIFT) build --product gen
	$(SWIFT) test --disable-swift-testing

# Builds a 10,000-article site with gen and with Hugo, alternating, and prints both medians.
bench: bench-deps release
	scripts/bench.sh .build/release/gen $(BENCH_DIR) $(BENCH_ARTICLES) $(BENCH_RUNS)

# Builds small sites made to break gen (deep nesting, a 2 MB paragraph, links out of the site,
# FIFOs, bad dates, two builds at once) in temporary folders; prints each outcome and time.
bench-hostile: release
	python3 scripts/bench-hostile.py .build/release/gen

# libFuzzer over gen's readers (gen-fuzz, built with the fuzzer and address sanitizers in
# .build/fuzz): FUZZ_SECONDS for each target, then executions and crashes per target.
fuzz: deps theme
	$(SWIFT) build --sanitize fuzzer --sanitize address -Xswiftc -DGEN_FUZZ --product gen-fuzz --scratch-path .build/fuzz
	scripts/fuzz.sh .build/fuzz/debug/gen-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf .build public
