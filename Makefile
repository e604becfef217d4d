# itkg: the Iran–Taliban knowledge graph.
# The two commands a new user needs:  make maps  (build the graph, render the maps)
#                                     make test  (vet, tests, quote and coverage checks)

GO        ?= go
SOURCES   ?= ../shared/sources
MAPS_DIR  ?= maps
BIN_DIR   ?= bin
STATICCHECK_VERSION ?= v0.7.0

.PHONY: all build test race golden lint fmt bench fuzz maps check cover clean completions

all: build

# itkg and its map-drawing helper itkg-render, side by side: itkg finds the
# helper beside itself.
build:
	CGO_ENABLED=0 $(GO) build -o $(BIN_DIR)/ ./cmd/itkg ./cmd/itkg-render

# vet, every package's tests (the postgres backend suite against a throwaway
# PostgreSQL server that scripts/pg-test.sh starts and stops), and, when the
# articles are beside the repository (they are in CI), the quote check and
# the sentence coverage check: every sentence quoted or skipped with a reason.
test:
	$(GO) vet ./...
	scripts/pg-test.sh $(GO) test ./...
	@if [ -d "$(SOURCES)" ]; then \
		echo "$(GO) run ./cmd/itkg check --sources $(SOURCES)"; \
		$(GO) run ./cmd/itkg check --sources $(SOURCES); \
		echo "$(GO) run ./cmd/itkg coverage --sources $(SOURCES)"; \
		$(GO) run ./cmd/itkg coverage --sources $(SOURCES); \
	else echo "skipping the quote and coverage checks: $(SOURCES) not found"; fi

# The race detector over every package (the bolt store runs on bbolt, which
# passes it; boltdb/bolt did not).
race:
	scripts/pg-test.sh $(GO) test -race ./...

check:
	$(GO) run ./cmd/itkg check --sources $(SOURCES)

# Rewrite golden files after an intended change to rendered output.
golden:
	$(GO) test ./export/... ./cmd/itkg/ -run Golden -update

lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

# Go benchmarks, one package at a time so they do not compete: the scale
# questions at 10k, 100k and 1M quads with 300 questions each for their
# p50/p99, the bulk load once per size, the rest as Go sizes them. Then
# scripts/bench: whole-process figures against their targets, beside
# Cayley's own load and query when a `cayley` binary is on PATH. Takes a
# few minutes; the synthetic stores stay in $TMPDIR/itkg-bench for later
# runs. docs/scaling.md has the figures of the last run here.
bench:
	$(GO) test -p 1 -run '^$$' -bench 'Scale' -benchtime 300x -benchmem -timeout 60m ./queries/
	$(GO) test -p 1 -run '^$$' -bench 'Load' -benchtime 1x -benchmem -timeout 60m ./store/
	$(GO) test -p 1 -run '^$$' -bench 'Path|Neighbors|Maps' -benchmem ./queries/ ./export/
	$(GO) run ./scripts/bench

# Every fuzz target for FUZZTIME each (default 30s); the inputs found
# interesting are kept under each package's testdata/fuzz/, which make test
# runs as ordinary tests. docs/reliability.md has the figures of the last run.
fuzz:
	scripts/fuzz.sh

# The main job: build the graph (if missing or out of date) and render every map.
maps: build
	$(BIN_DIR)/itkg maps -o $(MAPS_DIR)

cover:
	$(GO) test -coverprofile=coverage.out ./...
	$(GO) tool cover -func=coverage.out | tail -1

completions: build
	mkdir -p completions
	$(BIN_DIR)/itkg completion bash > completions/itkg.bash
	$(BIN_DIR)/itkg completion zsh > completions/_itkg

clean:
	rm -rf $(BIN_DIR) $(MAPS_DIR) coverage.out completions
