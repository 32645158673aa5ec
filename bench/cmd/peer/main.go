// Command peer measures this service against the Neo4j GraphQL Library over the same Neo4j and writes
// bench/RESULTS.md. `make bench-peer` runs it after `npm ci` in bench/ and loading the seeds; see docs/performance.md,
// "The method".
//
// It builds and starts the service (response cache off), starts the peer (node bench/peer/server.mjs) on the slot
// the data is in, asks both every question of bench/questions, times those whose answers agree with autocannon,
// then restarts the service with its response cache on and times it again. A service-only question (its
// NAME.graphql alone, first line "# service only: TITLE": the treaty fields, which the library has no counterpart
// for) is asked of the service alone, timed uncached in the same rounds, and held against the -reference question
// (b, a country's activities) of the same round and size. With -scales 10,100,1000 it also times
// the service alone on the real seeds with every activity copied that many times (synth.Copies), then loads the
// real seeds back: how each question's latency grows with the data.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cybercoop/cybercoop/bench"
	"github.com/cybercoop/cybercoop/internal/localneo4j"
	"github.com/cybercoop/cybercoop/store"
)

type config struct {
	questions, out, logs  string
	serviceAddr, peerAddr string
	connections           int
	duration, warmup      time.Duration
	rounds                int
	cached                bool
	scales                []int
	reference             string // the question the service-only ones are held against
	neo4jPID              int    // 0: Neo4j's CPU is not measured
	db                    store.Config
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench-peer:", err)
		os.Exit(1)
	}
}

func run() error {
	var c config
	fs := flag.NewFlagSet("peer", flag.ContinueOnError)
	fs.StringVar(&c.questions, "questions", "bench/questions", "folder of the questions (NAME.graphql and NAME.peer.graphql; a NAME.graphql alone whose first line is \"# service only: TITLE\" is asked of the service only)")
	fs.StringVar(&c.reference, "reference", "b-country-activities", "the question whose p50 the service-only questions' p50 is held against, round by round and at each size")
	fs.StringVar(&c.out, "out", "bench/RESULTS.md", "where to write the results")
	fs.StringVar(&c.logs, "logs", "", "folder for the servers' logs (default: a new temporary folder)")
	fs.StringVar(&c.serviceAddr, "service-addr", env("BENCH_SERVICE_ADDR", "127.0.0.1:8090"), "loopback address for the service (env BENCH_SERVICE_ADDR)")
	fs.StringVar(&c.peerAddr, "peer-addr", env("BENCH_PEER_ADDR", "127.0.0.1:4000"), "loopback address for the peer (env BENCH_PEER_ADDR)")
	fs.IntVar(&c.connections, "connections", 2, "concurrent connections of the load generator")
	fs.DurationVar(&c.duration, "duration", 5*time.Second, "timed run per question per server (whole seconds)")
	fs.DurationVar(&c.warmup, "warmup", time.Second, "untimed run before each timed one")
	fs.IntVar(&c.rounds, "rounds", 1, "timed runs per question per server on the real seeds, round after round; the table shows the round with the median ratio")
	fs.BoolVar(&c.cached, "cached", true, "also time the service with its response cache on")
	fs.IntVar(&c.neo4jPID, "neo4j-pid", localNeo4jPID(), "process id of the Neo4j server, whose CPU per answer is measured; 0 for none (default: the local server that scripts/neo4j.sh started, when NEO4J_URI reaches it)")
	scales := fs.String("scales", "", "also time the service on the real seeds with every activity copied N times, for each N of this comma-separated list (e.g. 10,100,1000); the real seeds are loaded back afterwards")
	c.db = store.Config{URI: env("NEO4J_URI", "bolt://127.0.0.1:7687"), User: env("NEO4J_USER", "neo4j"),
		Password: env("NEO4J_PASSWORD", "cybercoop-dev"), Database: env("NEO4J_DATABASE", "neo4j")}
	if err := fs.Parse(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if c.connections < 1 || c.duration < time.Second || c.rounds < 1 {
		return fmt.Errorf("-connections and -rounds must be at least 1, and -duration at least 1s")
	}
	for _, field := range strings.FieldsFunc(*scales, func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.Atoi(field)
		if err != nil || n < 2 {
			return fmt.Errorf("-scales: %q is not a number of copies of 2 or more", field)
		}
		c.scales = append(c.scales, n)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return benchmark(ctx, c)
}

func benchmark(ctx context.Context, c config) error {
	questions, err := bench.LoadQuestions(c.questions)
	if err != nil {
		return err
	}
	if err := checkReference(questions, c.reference); err != nil {
		return err
	}
	autocannon := bench.Autocannon{Bin: "bench/node_modules/.bin/autocannon", Connections: c.connections, Duration: c.duration}
	if _, err := os.Stat(autocannon.Bin); err != nil {
		return fmt.Errorf("%s not found: run `npm ci` in bench/ (make bench-peer does)", autocannon.Bin)
	}
	peerVersion, err := npmVersion("bench/node_modules/@neo4j/graphql/package.json")
	if err != nil {
		return err
	}
	if c.logs == "" {
		c.logs, err = os.MkdirTemp("", "bench-peer-")
	} else {
		err = os.MkdirAll(c.logs, 0o755)
	}
	if err != nil {
		return err
	}
	serverBin := filepath.Join(c.logs, "server")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", serverBin, "./cmd/server").CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/server: %w\n%s", err, out)
	}
	fmt.Printf("bench-peer: logs in %s\n", c.logs)

	report := bench.Report{Machine: bench.DescribeMachine(), Started: time.Now(), Connections: c.connections,
		Duration: c.duration, Warmup: c.warmup, Rounds: c.rounds, PeerVersion: peerVersion, Reference: c.reference}
	r := runner{c: c, autocannon: autocannon, serverBin: serverBin}

	st, err := store.Open(c.db)
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	slot, err := st.Slot(ctx)
	if err != nil {
		return err
	}
	peer, err := r.startPeer(ctx, "real seeds", slot)
	if err != nil {
		return err
	}
	defer func() {
		if peer != nil {
			peer.Stop()
		}
	}()

	results, err := r.compare(ctx, "real seeds", questions, peer)
	report.Results = append(report.Results, results...)
	if err == nil && len(c.scales) > 0 {
		report.Growth, err = r.atScales(ctx, st, questions)
	}
	if err != nil {
		return err
	}
	report.LoadAtEnd = bench.LoadAverage()
	f, err := os.Create(c.out)
	if err != nil {
		return err
	}
	if err := report.WriteMarkdown(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("bench-peer: wrote %s\n", c.out)
	for _, res := range report.Results {
		if res.Mismatch != "" {
			return fmt.Errorf("%s (%s): %s", res.Question.Name, res.Dataset, res.Mismatch)
		}
	}
	return nil
}

// checkReference fails when there are service-only questions and reference names no question asked of both.
func checkReference(questions []bench.Question, reference string) error {
	var only []string
	found := false
	for _, q := range questions {
		if q.ServiceOnly {
			only = append(only, q.Name)
		} else if q.Name == reference {
			found = true
		}
	}
	if len(only) > 0 && !found {
		return fmt.Errorf("-reference %q: no question asked of both servers has that name; the service-only questions (%s) are held against it",
			reference, strings.Join(only, ", "))
	}
	return nil
}

// localNeo4jPID is the process id of the Neo4j that scripts/neo4j.sh started and NEO4J_URI reaches, or 0 (its CPU
// is then not measured; pass -neo4j-pid).
func localNeo4jPID() int {
	pid, err := localneo4j.PID(localneo4j.Home("."), env("NEO4J_URI", "bolt://127.0.0.1:7687"))
	if err != nil {
		return 0
	}
	return pid
}

func npmVersion(packageJSON string) (string, error) {
	b, err := os.ReadFile(packageJSON)
	if err != nil {
		return "", fmt.Errorf("%w: run `npm ci` in bench/", err)
	}
	var p struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return "", fmt.Errorf("%s: %w", packageJSON, err)
	}
	return p.Version, nil
}

func env(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
