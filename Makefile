# Cybercoop: the two commands a newcomer needs are `make run` and `make test`.
#
# Without NEO4J_URI, both start a local Neo4j Community server (scripts/neo4j.sh; downloaded from Maven Central the
# first time). With NEO4J_URI set, that server is used and nothing is started.

SHELL := /bin/bash
NEO4J_BOLT_PORT ?= 7687
export NEO4J_PASSWORD ?= cybercoop-dev

ifdef NEO4J_URI
  DB_URI := $(NEO4J_URI)
  TEST_DB_URI := $(NEO4J_URI)
  START_NEO4J := @echo "using NEO4J_URI=$(NEO4J_URI); no local Neo4j started"
  STOP_HINT := @true
else
  DB_URI := bolt://127.0.0.1:$(NEO4J_BOLT_PORT)
  # The tests reach the local server through routing (neo4j://), as cluster and Aura users do; a store test also
  # runs over bolt://.
  TEST_DB_URI := neo4j://127.0.0.1:$(NEO4J_BOLT_PORT)
  START_NEO4J := NEO4J_BOLT_PORT=$(NEO4J_BOLT_PORT) scripts/neo4j.sh start
  STOP_HINT := @echo "make: Ctrl-C stops the server; Neo4j keeps running for the next run ('make neo4j-stop' stops it)"
endif
# Integration tests replace the graph in the database they use; TEST_NEO4J_URI can point them elsewhere.
TEST_NEO4J_URI ?= $(TEST_DB_URI)

.PHONY: run test neo4j neo4j-stop load build generate check-generated web check-web lint fuzz bench bench-peer soak

## run: start Neo4j, load the seeds, serve the API on LISTEN_ADDR (default http://127.0.0.1:8080)
## Ctrl-C stops the server (it drains requests first; built rather than `go run`, which would report the
## interrupt as a failure); the local Neo4j keeps running, as the message before the server starts says.
run: neo4j load
	go build -o bin/server ./cmd/server
	$(STOP_HINT)
	NEO4J_URI=$(DB_URI) bin/server

## test: lint, check generated code and the built workbench, start Neo4j, run every test against it (integration
## and browser tests included). One login is tried first, alone: a wrong NEO4J_PASSWORD fails once and says so,
## rather than once per package, which would lock the account.
test: lint check-generated check-web neo4j
	TEST_NEO4J_URI=$(TEST_NEO4J_URI) CYBERCOOP_REQUIRE_NEO4J=1 go test -count=1 -run '^TestConnection$$' ./internal/neo4jtest
	TEST_NEO4J_URI=$(TEST_NEO4J_URI) CYBERCOOP_REQUIRE_NEO4J=1 go test -p 1 -count=1 -timeout 30m ./...

## neo4j: start the local Neo4j (idempotent); neo4j-stop stops it
neo4j:
	$(START_NEO4J)

neo4j-stop:
	scripts/neo4j.sh stop

## load: validate seeds/ and load them into Neo4j (idempotent: an unchanged seed set writes nothing)
load:
	NEO4J_URI=$(DB_URI) go run ./cmd/loader

## build: compile the server and the loader into bin/
build:
	go build -o bin/ ./cmd/...

## generate: regenerate the gqlgen code from schema.graphqls
generate:
	go generate ./...

## check-generated: fail when the generated code is not what schema.graphqls and gqlgen.yml produce
GENERATED := graph/generated.go graph/model/models_gen.go graph/schema.resolvers.go
check-generated:
	@before=$$(cat $(GENERATED) | sha256sum); go generate ./...; after=$$(cat $(GENERATED) | sha256sum); \
	[ "$$before" = "$$after" ] || { echo "generated code was stale: 'make generate' has updated it, commit the result"; exit 1; }

## web: build the workbench (web/src) into web/dist, which the binary embeds; needs Node.js and npm. The built files
## are committed, so `go build` and `make run` need no Node.
web: web/node_modules/.package-lock.json
	cd web && npm run --silent build

# npm ci only when the lockfile changed since the last install.
web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error

## check-web: the front end's unit tests, then fail when the committed web/dist is not what web/src and the lockfile
## build
check-web: web/node_modules/.package-lock.json
	cd web && npm test --silent
	@hash() { find web/dist -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum; }; \
	before=$$(hash); (cd web && npm run --silent build >/dev/null); after=$$(hash); \
	[ "$$before" = "$$after" ] || { echo "web/dist was stale: 'make web' has rebuilt it, commit the result"; exit 1; }

## lint: gofmt, go vet and staticcheck
lint:
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	go vet ./...
	go tool staticcheck ./...

## fuzz: run each fuzz test for FUZZTIME (default 30s)
FUZZTIME ?= 30s
fuzz:
	go test -run '^$$' -fuzz FuzzParsePartialDate -fuzztime $(FUZZTIME) .
	go test -run '^$$' -fuzz FuzzParseFrenchDates -fuzztime $(FUZZTIME) ./loader
	go test -run '^$$' -fuzz FuzzParseInventory -fuzztime $(FUZZTIME) ./loader
	go test -run '^$$' -fuzz FuzzExportParameters -fuzztime $(FUZZTIME) ./export
	go test -run '^$$' -fuzz FuzzHandler -fuzztime $(FUZZTIME) ./httpapi
	go test -run '^$$' -fuzz FuzzAdmission -fuzztime $(FUZZTIME) ./graph
	go test -run '^$$' -fuzz FuzzAssets -fuzztime $(FUZZTIME) ./web
	go test -run '^$$' -fuzz FuzzDecodeRecord -fuzztime $(FUZZTIME) ./loader
	go test -run '^$$' -fuzz FuzzReadChart -fuzztime $(FUZZTIME) ./loader
	go test -run '^$$' -fuzz FuzzLineRanges -fuzztime $(FUZZTIME) ./loader
	go test -run '^$$' -fuzz FuzzRewrite -fuzztime $(FUZZTIME) ./store

## bench: load benchmark (SYNTH_SCALE x the real activities, default 455 = 100,100) and query benchmarks; the
## test database gets the real seeds back afterwards
bench: neo4j
	TEST_NEO4J_URI=$(TEST_NEO4J_URI) go test -p 1 -run '^$$' -bench Load -benchtime 1x ./store/
	TEST_NEO4J_URI=$(TEST_NEO4J_URI) go test -p 1 -run '^$$' -bench ReadsAtScale -benchtime 1s ./store/
	TEST_NEO4J_URI=$(TEST_NEO4J_URI) go test -p 1 -run '^$$' -bench . -benchtime 2s ./httpapi/

## bench-peer: this service against the Neo4j GraphQL Library (bench/peer, Node) over the same Neo4j and seeds, timed
## with autocannon; writes bench/RESULTS.md. BENCH_FLAGS go to bench/cmd/peer (e.g. -duration 10s -scales 10,100,1000);
## BENCH_SERVICE_ADDR and BENCH_PEER_ADDR choose the loopback ports (default 127.0.0.1:8090 and 127.0.0.1:4000).
## Questions are bench/questions/NAME.graphql with NAME.peer.graphql, or NAME.graphql alone whose first line is
## "# service only: TITLE" (asked of the service only, its p50 held against question b's)
BENCH_FLAGS ?=
bench-peer: neo4j load
	@command -v npm >/dev/null || { echo "bench-peer needs Node.js 20+ and npm (Debian: apt-get install nodejs npm)"; exit 1; }
	cd bench && npm ci --no-audit --no-fund
	NEO4J_URI=$(DB_URI) go run ./bench/cmd/peer $(BENCH_FLAGS)

## soak: the production topology on this machine (SOAK_REPLICAS replicas of bin/server, default 3, behind HAProxy and
## Varnish configured by deploy/; a Neo4j of its own on SOAK_NEO4J_BOLT_PORT, default 7697, in SOAK_NEO4J_CACHE_DIR,
## default .cache/neo4j-soak, which it pauses and kills) under a mixed load at 70 % of the capacity it measures,
## with reloads, killed replicas and a paused and killed Neo4j on a schedule, for SOAK_DURATION (default 10m); every
## answer is checked; writes bench/SOAK.md and bench/soak.svg and fails when a check does not hold. Needs the Debian
## packages haproxy and varnish (.ci/run installs them). SOAK_FLAGS go to soak/cmd/soak (e.g. -report elsewhere)
SOAK_DURATION ?= 10m
SOAK_FLAGS ?=
soak: build
	go run ./soak/cmd/soak -duration $(SOAK_DURATION) $(SOAK_FLAGS)
