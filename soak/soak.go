// Package soak runs the production topology on one machine (replicas of bin/server behind HAProxy and Varnish,
// one Neo4j), drives it with a mixed workload at a fixed rate while faults are injected on a schedule, checks every
// answer against the known answers of the data versions, samples resources and spans, and writes the report
// (bench/SOAK.md and its chart). make soak runs it; see deploy/README.md.
package soak

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/cybercoop/cybercoop/internal/tracing/receiver"
	"github.com/cybercoop/cybercoop/loader"
	"github.com/cybercoop/cybercoop/store"
	"github.com/cybercoop/cybercoop/synth"
)

// Config is what a soak runs with; cmd/soak fills it from flags and the environment.
type Config struct {
	Root         string        // the repository
	WorkDir      string        // logs, rendered configurations, the second seed folder
	Duration     time.Duration // of the soak proper, after the set-up and the capacity probe
	Replicas     int
	BasePort     int // the cache listens there, HAProxy on +1, the OTLP receiver on +2, the replicas from +10
	ServerBin    string
	LoaderBin    string
	DocumentsDir string // the source documents the seeds cite (the loader checks the locators)
	Neo4jCache   string // NEO4J_CACHE_DIR of the soak's own Neo4j
	Neo4jPort    string
	Neo4jHeap    string
	Neo4jPage    string
	Password     string
	CacheMaxAge  time.Duration // HTTP_CACHE_MAX_AGE of the replicas
	CacheStale   time.Duration // HTTP_CACHE_STALE
	CapacityTime time.Duration // how long the capacity probe runs
	LoadShare    float64       // the soak's rate as a share of the measured capacity
	Report       string        // bench/SOAK.md
	Chart        string        // bench/soak.svg
}

// The activity the second seed folder (B) leaves out: held in Accra, Ghana, for GLACY+, 23 to 27 October 2017
// (seeds/activities-cproc-2018.jsonl). No relation of relations.jsonl names it, and it is not the file's last
// record, so the loader loads B without a shrink refusal.
const removedActivity = "cproc-2018-459"

// copies is how many times the x100 reload copies each activity (synth.Copies).
const copies = 100

type soak struct {
	cfg        Config
	db         *neo4j
	replicas   []*replica
	replicasMu sync.Mutex
	ports      ports
	requests   []request
	check      *checker
	versions   *timeline
	seedsA     string
	seedsB     string
	versionA   string
	versionB   string
	versionC   string                  // the seeds x100, when the schedule holds that reload
	ghana      map[string]ghanaReading // by version
	loads      atomic.Int64            // loader runs that succeeded
	oneGraph   atomic.Int64            // of them, those that reported one graph at rest
	log        io.Writer
}

func (s *soak) path(name string) string { return filepath.Join(s.cfg.WorkDir, name) }

func (s *soak) logf(format string, args ...any) {
	fmt.Fprintf(s.log, "soak: "+format+"\n", args...)
}

// Run runs the whole soak and writes the report. It returns whether every check held; an error means the soak
// could not run (a tool missing, a process that would not start), and no report is written.
func Run(ctx context.Context, cfg Config, log io.Writer) (passed bool, err error) {
	runStarted := time.Now()
	if err := lookTools(); err != nil {
		return false, err
	}
	if err := os.MkdirAll(cfg.WorkDir, 0o755); err != nil {
		return false, err
	}
	s := &soak{cfg: cfg, ports: portsFrom(cfg.BasePort, cfg.Replicas), versions: &timeline{}, log: log, ghana: map[string]ghanaReading{},
		seedsA: filepath.Join(cfg.Root, "seeds"), seedsB: filepath.Join(cfg.WorkDir, "seeds-b")}
	neoLog, err := os.Create(s.path("neo4j.log"))
	if err != nil {
		return false, err
	}
	defer neoLog.Close()
	s.db = &neo4j{root: cfg.Root, cacheDir: cfg.Neo4jCache, port: cfg.Neo4jPort, heap: cfg.Neo4jHeap,
		pageCache: cfg.Neo4jPage, password: cfg.Password, log: neoLog}
	if s.requests, err = workload(cfg.Root); err != nil {
		return false, err
	}
	if err := writeSeedsB(s.seedsA, s.seedsB); err != nil {
		return false, err
	}
	events, skipped := schedule(cfg.Duration)
	runs100x := false
	for _, e := range events {
		runs100x = runs100x || e.kind == faultReload100x
	}

	s.logf("starting Neo4j on port %s (NEO4J_CACHE_DIR %s)", cfg.Neo4jPort, cfg.Neo4jCache)
	if _, err := s.db.pid(); err != nil {
		if err := s.db.script(ctx, "start"); err != nil {
			return false, err
		}
		s.db.started = true
	}
	defer func() {
		if s.db.started {
			if err := s.db.script(context.WithoutCancel(ctx), "stop"); err != nil {
				s.logf("%v", err)
			}
		}
	}()
	s.logf("loading %s", s.seedsA)
	if err := s.runLoader(ctx, s.seedsA); err != nil {
		return false, err
	}

	spans := &receiver.Receiver{}
	otlp := &http.Server{Handler: spans, ReadHeaderTimeout: 5 * time.Second}
	otlpListener, err := net.Listen("tcp", s.ports.otlp)
	if err != nil {
		return false, fmt.Errorf("OTLP receiver: %w", err)
	}
	go func() { _ = otlp.Serve(otlpListener) }()
	defer otlp.Close()

	if err := s.startReplicas(); err != nil {
		return false, err
	}
	defer s.stopReplicas()
	balancer, cache, err := s.startProxies()
	if err != nil {
		return false, err
	}
	defer cache.stop()
	defer balancer.stop()

	// The known answers: each request asked of a replica directly, twice, in each data version, in calm.
	s.check = &checker{requests: s.requests, golden: map[string]map[int][]string{}, unstable: map[int]bool{},
		versions: s.versions, readLag: 2 * time.Second, cacheLag: cfg.CacheMaxAge + cfg.CacheStale + 2*time.Second}
	if s.versionA, err = s.currentVersion(ctx, ""); err != nil {
		return false, err
	}
	if err := s.record(ctx, s.versionA); err != nil {
		return false, err
	}
	s.logf("loading %s (%s left out)", s.seedsB, removedActivity)
	if err := s.runLoader(ctx, s.seedsB); err != nil {
		return false, err
	}
	if s.versionB, err = s.currentVersion(ctx, s.versionA); err != nil {
		return false, err
	}
	if err := s.record(ctx, s.versionB); err != nil {
		return false, err
	}
	// The copies are loaded twice: lists truncated among many equal items (a hub's first 100 relations) may come
	// out otherwise after another load of the same data, which record then sees.
	for range 2 * btoi(runs100x) {
		if err := s.load100x(ctx); err != nil {
			return false, err
		}
		if err := s.record(ctx, s.versionC); err != nil {
			return false, err
		}
	}
	s.logf("loading %s again", s.seedsA)
	if err := s.runLoader(ctx, s.seedsA); err != nil {
		return false, err
	}
	if err := s.waitVersion(ctx, s.versionA); err != nil {
		return false, err
	}
	if err := s.record(ctx, s.versionA); err != nil { // a second calm reading: what differs is unstable
		return false, err
	}

	cacheURL, balancerURL := "http://"+s.ports.cache, "http://"+s.ports.balancer
	s.logf("measuring capacity for %s", cfg.CapacityTime)
	capacity := s.measureCapacity(newTargeter(s.requests, cacheURL, balancerURL))
	rate := capacity * cfg.LoadShare
	s.logf("capacity %.0f answers/s; soaking at %.0f requests/s for %s", capacity, rate, cfg.Duration)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var res results
	var samples sampler
	sampled := make(chan struct{})
	go func() {
		samples.run(ctx, 5*time.Second, s.replicas, s.db, &s.replicasMu)
		close(sampled)
	}()
	loadsBefore, oneGraphBefore := s.loads.Load(), s.oneGraph.Load()
	started := time.Now()
	s.versions.begin(s.versionA, started.Add(-time.Hour))
	faultsDone, over := make(chan struct{}), make(chan struct{})
	go func() {
		s.runFaults(ctx, over, started, events)
		close(faultsDone)
	}()
	attacker := vegeta.NewAttacker(vegeta.Client(client()), vegeta.Workers(32), vegeta.MaxWorkers(2000), vegeta.MaxBody(-1))
	pacer := vegeta.ConstantPacer{Freq: int(rate + 0.5), Per: time.Second}
	go func() { <-ctx.Done(); attacker.Stop() }() // interrupted, or over
	for r := range attacker.Attack(newTargeter(s.requests, cacheURL, balancerURL).target, pacer, cfg.Duration, "soak") {
		res.add(s.check.check(r))
	}
	ended := time.Now()
	close(over)
	<-faultsDone
	cancel()
	<-sampled
	s.stopReplicas() // they flush their spans as they stop

	spanCheck := s.collectSpans(spans, started, ended, runStarted, &res)
	r := report{cfg: cfg, started: started, ended: ended, capacity: capacity, rate: rate, events: events,
		skipped: skipped, results: &res, samples: &samples, spans: spanCheck, facts: s.knownFacts(), check: s.check,
		requests: s.requests, versions: map[string]string{"A": s.versionA, "B": s.versionB, "C": s.versionC},
		unstable: s.unstableNames(), reloads: int(s.loads.Load() - loadsBefore), oneGraph: int(s.oneGraph.Load() - oneGraphBefore)}
	return r.write()
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// clientAddr is the address the soak's client sends from: a loopback address that is neither proxy's, so that
// the replicas read the client from X-Forwarded-For as behind a real CDN and load balancer.
const clientAddr = "127.0.1.1"

// writeSeedsB copies the seed folder a into b, without the line of removedActivity.
func writeSeedsB(a, b string) error {
	if err := os.RemoveAll(b); err != nil {
		return err
	}
	if err := os.CopyFS(b, os.DirFS(a)); err != nil {
		return fmt.Errorf("copy the seeds into %s: %w", b, err)
	}
	name := filepath.Join(b, "activities-cproc-2018.jsonl")
	raw, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	var kept []string
	removed := 0
	sc := bufio.NewScanner(strings.NewReader(string(raw)))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.Contains(sc.Text(), `"id":"`+removedActivity+`"`) {
			removed++
			continue
		}
		kept = append(kept, sc.Text())
	}
	if removed != 1 {
		return fmt.Errorf("%s: %d lines of %s, want 1: the soak's second seed folder is built by removing it", name, removed, removedActivity)
	}
	return os.WriteFile(name, []byte(strings.Join(kept, "\n")+"\n"), 0o644)
}

// load100x loads the seeds with every activity copied 100 times (synth.Copies) through the store, as the
// benchmarks do (no seed folder holds them), and waits until the replicas serve it.
func (s *soak) load100x(ctx context.Context) error {
	docs := os.DirFS(s.cfg.DocumentsDir)
	seeds, _, err := loader.ReadWith(os.DirFS(s.seedsA), loader.ReadOptions{Documents: docs})
	if err != nil {
		return err
	}
	s.versionC = fmt.Sprintf("%s-x%d", seeds.Version, copies)
	load := s.versions.begin(s.versionC, time.Now())
	st, err := store.Open(store.Config{URI: s.db.uri(), User: "neo4j", Password: s.db.password, Database: "neo4j"})
	if err != nil {
		s.versions.end(load, false, time.Now())
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	_, err = st.Load(ctx, synth.Copies(seeds.Dataset, copies), s.versionC, store.LoadOptions{Replace: true})
	s.versions.end(load, err == nil, time.Now())
	if err != nil {
		return fmt.Errorf("load the seeds x%d: %w", copies, err)
	}
	return s.waitVersion(ctx, s.versionC)
}

// unstableNames names the requests with more than one known answer in a version.
func (s *soak) unstableNames() []string {
	var names []string
	for i := range s.requests {
		if s.check.unstable[i] {
			names = append(names, s.requests[i].name+" ("+s.requests[i].class+")")
		}
	}
	return names
}
