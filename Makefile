# The two commands of the README's quick start, and the rest of the routine.
.PHONY: run test build release install bench bench-release clean

# The dashboard on the default database ($NQ57_DB, else ~/.local/share/nq57/nq57.sqlite), created with
# reference and demo data on first run. Arguments: make run ARGS="watch 2"
run: release
	@.build/release/nq57 $(ARGS)

# Every test: unit, golden screens, and end-to-end through the real binary in tmux.
test:
	@scripts/deps
	swift build --build-tests
	swift test --skip-build

build:
	@scripts/deps
	swift build

# The Swift runtime and Foundation linked in: a dashboard resident in 24 MB instead of 30 (shared
# libraries' relocated pages count as its own), and a faster start. Linked with the toolchain's lld:
# gold warns about the mktemp that static Foundation (Data+Writing) references, which nq57 never calls.
RELEASE_FLAGS = -c release --static-swift-stdlib -Xswiftc -use-ld=lld
release:
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
bench: bench-release
	.build/release/nq57-bench $(if $(SCALES),--scales $(SCALES),--scale $(SCALE)) --runs $(RUNS) $(BENCH_ARGS)

clean:
	rm -rf .build
