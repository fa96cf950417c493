# Referable: `make run` opens the app on your own database, `make test`
# runs vet and every test. Both install the build packages first.

GO      ?= go
TAGS    := migrated_fynedo
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN     := bin/referable

.PHONY: all deps build run test fuzz bench crash-test package clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/referable

run: build
	./$(BIN)

# -tags ci runs Fyne's test driver headless: no display needed.
test: deps
	$(GO) vet -tags "$(TAGS) ci" ./...
	# Every test under the race detector; the kill and memory tests, which
	# measure the program itself, again in the plain build, and the window
	# in every language (the race build opens it in one: it is slow).
	$(GO) test -race -timeout 20m -tags "$(TAGS) ci" -count=1 ./...
	$(GO) test -tags "$(TAGS) ci" -count=1 -run '^(TestCrashSafety|TestCrashSafetyOfRestoreDemoBackupUndo|TestMemoryBoundedByFileSize)$$' ./cmd/referable
	$(GO) test -tags "$(TAGS) ci" -count=1 -run '^(TestWindowSpeaksEachLanguage|TestWindowFitsALaptop)$$' ./ui
	# A brief fuzz of each parser (the list is scripts/fuzz-targets).
	TAGS="$(TAGS) ci" scripts/fuzz-all.sh brief

# The parsers of what people type or import, fuzzed for ten minutes each;
# the figures go to docs/fuzzing.md.
fuzz:
	scripts/fuzz-all.sh 10m

# Kill a large import and a batch print 50 times at random moments and
# check every reopened database (CI runs a few kills in make test).
crash-test: deps
	REFERABLE_CRASH_TRIALS=50 $(GO) test -tags "$(TAGS) ci" -count=1 -run '^TestCrashSafety$$' -v ./cmd/referable

# Every benchmark of the project, with its goal, into docs/benchmarks.md.
# Each 100,000-contact benchmark builds its own database, so this takes
# several minutes.
bench: build
	scripts/bench-table.sh $(BIN) docs/benchmarks.md

# Desktop packages into dist/: Linux (tar.xz with the desktop entry) and
# Windows (cross-built .exe). See README for macOS.
package: deps
	scripts/package.sh

clean:
	rm -rf bin dist
