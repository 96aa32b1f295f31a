# The two commands of the README's quick start, and the rest of the routine.
.PHONY: run test build release release-flags install bench bench-pg bench-release clean

# The dashboard on the default database ($NQ57_DB, else ~/.local/share/nq57/nq57.sqlite), created with
# reference and demo data on first run. Arguments: make run ARGS="watch 2"
run: release
	@.build/release/nq57 $(ARGS)

# Every test: unit, golden screens, and end-to-end through the real binary in tmux. The PostgreSQL
# store's tests run against a throwaway server (scripts/pg-test-server), started here and stopped
# after, unless NQ57_TEST_PG names one already; outside CI they skip when none can be started, under
# CI (CI set) they fail. Ends with one line: tests passed and failed across XCTest and swift-testing
# (scripts/test-summary), and the status of swift test.
test:
	@scripts/deps
	swift build --build-tests
	@dir=/tmp/nq57-pg-test-$$$$; started=; \
	if [ -z "$${NQ57_TEST_PG:-}" ]; then \
	    if NQ57_PG_DIR=$$dir scripts/pg-test-server start >/dev/null; then started=1; eval "$$(NQ57_PG_DIR=$$dir scripts/pg-test-server env)"; \
	    else echo "make test: no PostgreSQL test server: its tests skip (fail under CI)" >&2; fi; \
	fi; \
	{ swift test --skip-build 2>&1; echo $$? > .build/test-status; } | tee .build/test.log; \
	status=$$(cat .build/test-status); \
	if [ -n "$$started" ]; then NQ57_PG_DIR=$$dir scripts/pg-test-server stop; fi; \
	scripts/test-summary .build/test.log $$status; exit $$status

build:
	@scripts/deps
	swift build

# The Swift runtime and Foundation linked in: a dashboard resident in 24 MB instead of 30 (shared
# libraries' relocated pages count as its own), and a faster start. Linked with the toolchain's lld:
# gold warns about the mktemp that static Foundation (Data+Writing) references, which nq57 never calls.
# The functions a dashboard runs are laid side by side (scripts/hot-functions.txt, made by
# scripts/hot-functions): the kernel maps code 64 KB or a large folio at a time, so scattered they
# kept 11-13 MB of the binary's code resident, together about 7.5. With glibc 2.36 or later the
# relative relocations are packed (DT_RELR, 17 KB instead of 2.1 MB that the loader read at every
# start); older glibc cannot load such a binary, so they stay as they were there.
# (BENCHMARKS.md "Memory, session 5".) Every Swift module is compiled with a section a function
# (-function-sections): under whole-module optimisation nq57's modules and GRDB were each one .text
# section, which lld can only place whole, so their hot functions stayed among their cold ones;
# 0.8-1.1 MB less of the binary resident at stress scale (BENCHMARKS.md "Memory, session 6").
HOT_FUNCTIONS = -Xswiftc -Xfrontend -Xswiftc -function-sections \
    -Xlinker --symbol-ordering-file=$(CURDIR)/scripts/hot-functions.txt -Xlinker --no-warn-symbol-ordering
PACKED_RELOCS = $(shell v=$$(getconf GNU_LIBC_VERSION 2>/dev/null | sed 's/^glibc //'); \
    [ -n "$$v" ] && [ "$$(printf '2.36\n%s\n' "$$v" | sort -V | head -1)" = 2.36 ] && echo -Xlinker -z -Xlinker pack-relative-relocs)
RELEASE_FLAGS = -c release --static-swift-stdlib -Xswiftc -use-ld=lld $(HOT_FUNCTIONS) $(PACKED_RELOCS)
# SwiftPM does not compile again for a changed -Xswiftc flag alone (a module whose sources did not
# change keeps its objects of the last release build, e.g. without -function-sections): when
# RELEASE_FLAGS differ from those the release directory was built with, it is emptied first.
release-flags:
	@mkdir -p .build
	@printf '%s\n' '$(RELEASE_FLAGS)' | cmp -s - .build/release-flags 2>/dev/null || { \
	    rm -rf "$$(readlink -f .build/release)"; printf '%s\n' '$(RELEASE_FLAGS)' > .build/release-flags; }
release: release-flags
	@scripts/deps
	@swift build $(RELEASE_FLAGS) --product nq57

# Installs $(PREFIX)/bin/nq57 and the shipped themes in $(PREFIX)/share/nq57/themes (they are also
# built into the binary; these copies are there to read and to start your own from). NQ57_BIN installs
# another build instead of the release one (the tests install the debug binary).
PREFIX ?= /usr/local
NQ57_BIN ?=
install: $(if $(NQ57_BIN),,release)
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/nq57/themes"
	install -m 755 "$(or $(NQ57_BIN),.build/release/nq57)" "$(DESTDIR)$(PREFIX)/bin/nq57"
	install -m 644 themes/*.toml "$(DESTDIR)$(PREFIX)/share/nq57/themes/"

bench-release: release
	@swift build $(RELEASE_FLAGS) --product nq57-bench

# The figures of BENCHMARKS.md: make bench SCALE=national (or small, stress); every scale in one
# table, each run RUNS times: make bench SCALES=small,national,stress RUNS=3 BENCH_ARGS=--skip-sql
SCALE ?= national
SCALES ?=
RUNS ?= 1
BENCH_ARGS ?=
# PostgreSQL beside SQLite in the same run and table: make bench PG=postgresql://USER@HOST:PORT/DB (a server
# on which the bench creates, fills and drops a database of its own); make bench-pg refuses to run without PG.
PG ?=
bench: bench-release
	.build/release/nq57-bench $(if $(SCALES),--scales $(SCALES),--scale $(SCALE)) --runs $(RUNS) $(if $(PG),--postgres '$(PG)') $(BENCH_ARGS)

bench-pg:
	@test -n "$(PG)" || { echo "make bench-pg: no PostgreSQL server given: PG=postgresql://USER@HOST:PORT/DB (scripts/pg-test-server start prints one)" >&2; exit 64; }
	@$(MAKE) --no-print-directory bench PG='$(PG)'

clean:
	rm -rf .build
