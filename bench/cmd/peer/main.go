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
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cybercoop/cybercoop/bench"
	"github.com/cybercoop/cybercoop/internal/localneo4j"
	"github.com/cybercoop/cybercoop/loader"
	"github.com/cybercoop/cybercoop/store"
	"github.com/cybercoop/cybercoop/synth"
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

type runner struct {
	c          config
	autocannon bench.Autocannon
	serverBin  string
}

// command is a server command with the Neo4j settings and both listen addresses in its environment.
func (r runner) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "NEO4J_URI="+r.c.db.URI, "NEO4J_USER="+r.c.db.User,
		"NEO4J_PASSWORD="+r.c.db.Password, "NEO4J_DATABASE="+r.c.db.Database,
		"LISTEN_ADDR="+r.c.serviceAddr, "PEER_LISTEN_ADDR="+r.c.peerAddr)
	return cmd
}

// startPeer starts the peer over the labels of slot, which hold the dataset.
func (r runner) startPeer(ctx context.Context, dataset string, slot int) (*bench.Server, error) {
	cmd := r.command(ctx, "node", "bench/peer/server.mjs")
	cmd.Env = append(cmd.Env, "PEER_LABEL_SUFFIX="+store.LabelSuffix(slot))
	log := filepath.Join(r.c.logs, fmt.Sprintf("peer-%s.log", strings.ReplaceAll(dataset, " ", "-")))
	return bench.Start("peer", cmd, r.c.peerAddr, "http://"+r.c.peerAddr+"/", log, 60*time.Second)
}

// startService starts the built service with its response cache off, or on with the default size.
func (r runner) startService(ctx context.Context, cached bool, dataset string) (*bench.Server, error) {
	cmd := r.command(ctx, r.serverBin)
	name := "service"
	if !cached {
		cmd.Env = append(cmd.Env, "RESPONSE_CACHE_BYTES=0")
	} else {
		name = "service-cached"
	}
	log := filepath.Join(r.c.logs, fmt.Sprintf("%s-%s.log", name, strings.ReplaceAll(dataset, " ", "-")))
	return bench.Start(name, cmd, r.c.serviceAddr, "http://"+r.c.serviceAddr+"/graphql", log, 30*time.Second)
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

// compare asks every question of both servers on the loaded dataset, times those whose answers agree (the
// servers taking turns), then times the service again with its response cache on. A service-only question is
// asked of the service alone, timed in the same rounds, and held against the reference question's run of its
// round (bench.MedianAgainst); it is not timed with the cache on, having no library to be compared with.
func (r runner) compare(ctx context.Context, dataset string, questions []bench.Question, peer *bench.Server) ([]bench.Result, error) {
	service, err := r.startService(ctx, false, dataset)
	if err != nil {
		return nil, err
	}
	results := make([]bench.Result, len(questions))
	servers := [2]*bench.Server{service, peer}
	// Every question is asked of both servers, untimed, before any is timed: a Neo4j just started runs several
	// times slower for its first seconds, which would count against whichever question and server came first.
	for i, q := range questions {
		results[i] = bench.Result{Question: q, Dataset: dataset}
		if q.ServiceOnly {
			body, err := service.Ask(ctx, request(q, true))
			if err == nil {
				err = bench.CheckServiceOnly(body)
			}
			if err != nil {
				results[i].Mismatch = err.Error()
				fmt.Printf("bench-peer: %s (%s): %v\n", q.Name, dataset, err)
				continue
			}
			if err := r.warm(ctx, service, request(q, true)); err != nil {
				service.Stop()
				return nil, err
			}
			continue
		}
		if err := agree(ctx, q, service, peer); err != nil {
			results[i].Mismatch = err.Error()
			fmt.Printf("bench-peer: %s (%s): %v\n", q.Name, dataset, err)
			continue
		}
		for _, s := range servers {
			if err := r.warm(ctx, s, request(q, s == service)); err != nil {
				service.Stop()
				return nil, err
			}
		}
	}
	ref := slices.IndexFunc(questions, func(q bench.Question) bool { return q.Name == r.c.reference })
	for i, q := range questions {
		if q.ServiceOnly && results[i].Mismatch == "" && (ref < 0 || results[ref].Mismatch != "") {
			results[i].Mismatch = fmt.Sprintf("the reference question %s was not timed", r.c.reference)
		}
	}
	// Round after round, each question is timed on both servers, which goes first alternating by question and by
	// round; the result is the round with the median ratio.
	runs := make([][2][]bench.Measure, len(questions)) // [question][service, peer][round]
	for round := range r.c.rounds {
		for i, q := range questions {
			if results[i].Mismatch != "" {
				continue
			}
			if q.ServiceOnly {
				m, err := r.measure(ctx, service, request(q, true))
				if err != nil {
					service.Stop()
					return nil, err
				}
				runs[i][0] = append(runs[i][0], m)
				fmt.Printf("bench-peer: %s (%s, round %d): service %.0f req/s, p50 %s\n", q.Name, dataset, round+1,
					m.ReqPerSec, time.Duration(m.P50*float64(time.Millisecond)))
				continue
			}
			order := []int{0, 1}
			if (i+round)%2 == 1 {
				order = []int{1, 0}
			}
			for _, which := range order {
				s := servers[which]
				m, err := r.measure(ctx, s, request(q, s == service))
				if err != nil {
					service.Stop()
					return nil, err
				}
				runs[i][which] = append(runs[i][which], m)
			}
			fmt.Printf("bench-peer: %s (%s, round %d): service %.0f req/s, library %.0f req/s\n", q.Name, dataset, round+1,
				runs[i][0][round].ReqPerSec, runs[i][1][round].ReqPerSec)
		}
	}
	for i, q := range questions {
		switch {
		case results[i].Mismatch != "":
		case q.ServiceOnly:
			var reference bench.Measure
			results[i].Service, reference, results[i].RoundRatios = bench.MedianAgainst(runs[i][0], runs[ref][0])
			results[i].Reference = &reference
		default:
			results[i].Service, results[i].Peer, results[i].RoundRatios = bench.MedianRound(runs[i][0], runs[i][1])
		}
	}
	service.Stop()
	if !r.c.cached {
		return results, nil
	}
	cachedService, err := r.startService(ctx, true, dataset)
	if err != nil {
		return nil, err
	}
	defer cachedService.Stop()
	for i, q := range questions {
		if results[i].Mismatch != "" || q.ServiceOnly {
			continue
		}
		m, err := r.measure(ctx, cachedService, request(q, true))
		if err != nil {
			return nil, err
		}
		results[i].Cached = &m
	}
	return results, nil
}

// agree asks a question of both servers and compares the entities and totals of their answers.
func agree(ctx context.Context, q bench.Question, service, peer *bench.Server) error {
	var answers [2]bench.Answer
	for i, s := range []*bench.Server{service, peer} {
		body, err := s.Ask(ctx, request(q, s == service))
		if err != nil {
			return err
		}
		if answers[i], err = bench.Normalize(body); err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
	}
	return bench.Compare(answers[0], answers[1])
}

// warm sends a server the request for the warm-up time, untimed.
func (r runner) warm(ctx context.Context, s *bench.Server, body []byte) error {
	if r.c.warmup <= 0 {
		return nil
	}
	warm := r.autocannon
	warm.Duration = r.c.warmup
	_, err := warm.Run(ctx, s.URL, body)
	return err
}

// measure warms a server up with the request, then times it while sampling the server's RSS and reading the CPU
// time the server and Neo4j spend.
func (r runner) measure(ctx context.Context, s *bench.Server, body []byte) (bench.Measure, error) {
	if err := r.warm(ctx, s, body); err != nil {
		return bench.Measure{}, err
	}
	serverCPU, neo4jCPU := r.cpuMeter(s.PID()), r.cpuMeter(r.c.neo4jPID)
	rss := bench.SampleRSS(s.PID(), 50*time.Millisecond)
	load, err := r.autocannon.Run(ctx, s.URL, body)
	peak, rssErr := rss.Peak()
	if err == nil && rssErr != nil {
		err = fmt.Errorf("%s: %w", s.Name, rssErr)
	}
	return bench.Measure{Load: load, PeakRSSKiB: peak, CPU: serverCPU(load.Requests), Neo4jCPU: neo4jCPU(load.Requests)}, err
}

// cpuMeter reads a process's CPU time now and returns what reports the CPU it has used since, per answer; 0 when
// pid is 0 or its CPU time cannot be read.
func (r runner) cpuMeter(pid int) func(answers int) time.Duration {
	if pid == 0 {
		return func(int) time.Duration { return 0 }
	}
	before, err := bench.ReadCPUTime(pid)
	return func(answers int) time.Duration {
		after, errAfter := bench.ReadCPUTime(pid)
		if err != nil || errAfter != nil || answers == 0 {
			return 0
		}
		return (after - before) / time.Duration(answers)
	}
}

// request is the JSON body asking the service's or the peer's document of a question.
func request(q bench.Question, forService bool) []byte {
	doc := q.Peer
	if forService {
		doc = q.Service
	}
	body, _ := json.Marshal(map[string]string{"query": doc}) // a map of strings always marshals
	return body
}

// atScales times the service alone on the real seeds with every activity copied n times (synth.Copies), for each
// n of c.scales, and loads the real seeds back whatever happened. The peer is not asked: among thousands of
// copies with the same dates and sources, "the first 20" or "the two best-sourced paths" have many equally good
// answers, which two servers need not pick alike.
func (r runner) atScales(ctx context.Context, st *store.Store, questions []bench.Question) (growth []bench.Growth, err error) {
	seeds, err := loader.Read(os.DirFS("seeds"))
	if err != nil {
		return nil, fmt.Errorf("read seeds/: %w", err)
	}
	defer func() {
		restore := context.WithoutCancel(ctx)
		if _, lerr := st.Load(restore, seeds.Dataset, seeds.Version, store.LoadOptions{Replace: true}); lerr != nil {
			err = errors.Join(err, fmt.Errorf("load the real seeds back: %w", lerr))
		}
	}()
	for _, n := range r.c.scales {
		data := synth.Copies(seeds.Dataset, n)
		g := bench.Growth{Copies: n, Nodes: len(data.Nodes), Relationships: len(data.Relationships)}
		fmt.Printf("bench-peer: loading the real seeds x%d (%d nodes, %d relationships)\n", n, g.Nodes, g.Relationships)
		loaded, err := st.Load(ctx, data, fmt.Sprintf("%s-x%d", seeds.Version, n), store.LoadOptions{Replace: true})
		if err != nil {
			return growth, err
		}
		g.LoadTime = loaded.Duration // the load's own time, the wait for the switch grace included
		dataset := fmt.Sprintf("real seeds x%d", n)
		service, err := r.startService(ctx, false, dataset)
		if err != nil {
			return growth, err
		}
		// As on the real seeds, every question is warmed up before any is timed: right after a load, Neo4j's caches
		// and plans are cold, which would count against whichever questions come first.
		for _, q := range questions {
			if err := r.warm(ctx, service, request(q, true)); err != nil {
				service.Stop()
				return growth, err
			}
		}
		for _, q := range questions {
			m, err := r.measure(ctx, service, request(q, true))
			if err != nil {
				service.Stop()
				return growth, err
			}
			fmt.Printf("bench-peer: %s (%s): %.0f req/s, p50 %s\n", q.Name, dataset, m.ReqPerSec, time.Duration(m.P50*float64(time.Millisecond)))
			g.Measures = append(g.Measures, m)
		}
		service.Stop()
		growth = append(growth, g)
	}
	return growth, nil
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
