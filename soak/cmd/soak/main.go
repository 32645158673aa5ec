// Command soak runs the soak of issue 27 (package soak): the production topology on this machine under a mixed
// load with faults, every answer checked. make soak runs it; its exit status is 0 when every check held, 1 when
// one did not (bench/SOAK.md says which), 2 when the soak could not run.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/cybercoop/cybercoop/soak"
)

func main() {
	passed, err := run(os.Args[1:])
	switch {
	case err != nil:
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(2)
	case !passed:
		fmt.Fprintln(os.Stderr, "soak: some checks did not hold; see the report")
		os.Exit(1)
	}
}

func run(args []string) (bool, error) {
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	var cfg soak.Config
	fs.DurationVar(&cfg.Duration, "duration", envDuration("SOAK_DURATION", 10*time.Minute), "length of the soak, after the set-up and the capacity probe (env SOAK_DURATION)")
	fs.IntVar(&cfg.Replicas, "replicas", envInt("SOAK_REPLICAS", 3), "replicas of bin/server (env SOAK_REPLICAS)")
	fs.IntVar(&cfg.BasePort, "base-port", envInt("SOAK_BASE_PORT", 18280), "Varnish listens there, HAProxy on +1, the OTLP receiver on +2, the replicas from +10 (env SOAK_BASE_PORT)")
	fs.StringVar(&cfg.Neo4jPort, "neo4j-port", env("SOAK_NEO4J_BOLT_PORT", "7697"), "Bolt port of the soak's own Neo4j, which it pauses and kills: never the one make run and make test use (env SOAK_NEO4J_BOLT_PORT)")
	fs.StringVar(&cfg.Neo4jCache, "neo4j-cache", env("SOAK_NEO4J_CACHE_DIR", ".cache/neo4j-soak"), "NEO4J_CACHE_DIR of the soak's Neo4j (env SOAK_NEO4J_CACHE_DIR)")
	fs.StringVar(&cfg.Neo4jHeap, "neo4j-heap", env("SOAK_NEO4J_HEAP", "3g"), "its heap (env SOAK_NEO4J_HEAP)")
	fs.StringVar(&cfg.Neo4jPage, "neo4j-pagecache", env("SOAK_NEO4J_PAGECACHE", "512m"), "its page cache (env SOAK_NEO4J_PAGECACHE)")
	fs.StringVar(&cfg.Password, "neo4j-password", env("NEO4J_PASSWORD", "cybercoop-dev"), "its password (env NEO4J_PASSWORD)")
	fs.StringVar(&cfg.DocumentsDir, "documents", env("DOCUMENTS_DIR", filepath.Join("..", "shared", "seeds")), "the source documents the seeds cite (env DOCUMENTS_DIR)")
	fs.DurationVar(&cfg.CacheMaxAge, "cache-max-age", 10*time.Second, "HTTP_CACHE_MAX_AGE of the replicas: short, so that the staleness check bites between two reloads")
	fs.DurationVar(&cfg.CacheStale, "cache-stale", 20*time.Second, "HTTP_CACHE_STALE of the replicas")
	fs.Float64Var(&cfg.LoadShare, "load", 0.7, "the soak's rate as a share of the measured capacity")
	fs.StringVar(&cfg.WorkDir, "work-dir", ".cache/soak", "logs, rendered configurations and the second seed folder")
	fs.StringVar(&cfg.ServerBin, "server", "bin/server", "the server binary (make build)")
	fs.StringVar(&cfg.LoaderBin, "loader", "bin/loader", "the loader binary (make build)")
	fs.StringVar(&cfg.Report, "report", "bench/SOAK.md", "the report to write")
	fs.StringVar(&cfg.Chart, "chart", "bench/soak.svg", "its chart")
	capacity := fs.Duration("capacity-time", 0, "how long to measure the capacity (default 20s, 10s for a soak under 5 minutes)")
	if err := fs.Parse(args); err != nil {
		return false, err
	}
	switch {
	case cfg.Neo4jPort == "7687":
		return false, fmt.Errorf("SOAK_NEO4J_BOLT_PORT=7687 is the Neo4j of make run and make test; the soak kills its Neo4j: choose another port")
	case cfg.Duration < time.Minute:
		return false, fmt.Errorf("SOAK_DURATION=%s: at least 1m, for the faults to be seen", cfg.Duration)
	case cfg.Replicas < 2:
		return false, fmt.Errorf("SOAK_REPLICAS=%d: at least 2, or killing one takes the service down", cfg.Replicas)
	}
	cfg.CapacityTime = *capacity
	if cfg.CapacityTime == 0 {
		cfg.CapacityTime = 20 * time.Second
		if cfg.Duration < 5*time.Minute {
			cfg.CapacityTime = 10 * time.Second
		}
	}
	root, err := os.Getwd()
	if err != nil {
		return false, err
	}
	cfg.Root = root
	for _, p := range []*string{&cfg.Neo4jCache, &cfg.DocumentsDir, &cfg.WorkDir, &cfg.ServerBin, &cfg.LoaderBin, &cfg.Report, &cfg.Chart} {
		if *p, err = filepath.Abs(*p); err != nil {
			return false, err
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	passed, err := soak.Run(ctx, cfg, os.Stderr)
	if err == nil {
		fmt.Fprintf(os.Stderr, "soak: report written to %s\n", cfg.Report)
	}
	return passed, err
}

func env(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}

func envInt(key string, fallback int) int {
	if n, err := strconv.Atoi(os.Getenv(key)); err == nil {
		return n
	}
	return fallback
}

func envDuration(key string, fallback time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(key)); err == nil {
		return d
	}
	return fallback
}
