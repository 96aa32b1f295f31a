# The two commands of the README's quick start, and the rest of the routine.
.PHONY: run test build release bench bench-release clean

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
# libraries' relocated pages count as its own), and a faster start.
release:
	@scripts/deps
	@swift build -c release --product nq57 --static-swift-stdlib

bench-release: release
	@swift build -c release --product nq57-bench --static-swift-stdlib

# The figures of BENCHMARKS.md: make bench SCALE=national (or small, stress).
SCALE ?= national
bench: bench-release
	.build/release/nq57-bench --scale $(SCALE)

clean:
	rm -rf .build
