package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/internal/tracing"
	"github.com/cybercoop/cybercoop/internal/tracing/receiver"
)

// TestMain lets a test run this very binary as the server: with CYBERCOOP_TEST_RUN_SERVER=1 it is main, so a test
// starts a real replica as a process, with its own environment, and stops it with a signal.
func TestMain(m *testing.M) {
	if os.Getenv("CYBERCOOP_TEST_RUN_SERVER") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestTracesFollowRequests runs a replica with OTEL_EXPORTER_OTLP_ENDPOINT pointing at an OTLP receiver in the
// test: idle for 4 s (8 readiness probes and 4 data-version refreshes at least), it exports at most the one sampled
// background root; a request exports its operation's root span with its Neo4j statements as children.
func TestTracesFollowRequests(t *testing.T) {
	cfg := neo4jtest.Config(t)
	neo4jtest.Seeded(t)
	var spans receiver.Receiver
	collector := httptest.NewServer(&spans)
	defer collector.Close()

	addr := freeAddr(t)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "CYBERCOOP_TEST_RUN_SERVER=1", "LISTEN_ADDR="+addr,
		"NEO4J_URI="+cfg.URI, "NEO4J_USER="+cfg.User, "NEO4J_PASSWORD="+cfg.Password, "NEO4J_DATABASE="+cfg.Database,
		"OTEL_EXPORTER_OTLP_ENDPOINT="+collector.URL, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=",
		"OTEL_TRACES_SAMPLER=", "OTEL_BSP_SCHEDULE_DELAY=100")
	logs, err := os.Create(filepath.Join(t.TempDir(), "server.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stopped := false
	defer func() {
		if !stopped {
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
	waitReady(t, "http://"+addr, exited, logs.Name())

	idle := time.Now()
	time.Sleep(4 * time.Second)
	resp, err := http.Post("http://"+addr+"/graphql", "application/json",
		strings.NewReader(`{"query":"query Ghana { country(id: \"country:gh\") { label activities(first: 3) { nodes { id } } } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil { // the server flushes its spans as it stops
		t.Fatal(err)
	}
	stopped = true
	if err := <-exited; err != nil {
		t.Fatalf("server: %v\n%s", err, readFile(logs.Name()))
	}

	var background, request []receiver.Span
	var operation *receiver.Span
	all := spans.Spans()
	for i, s := range all {
		switch {
		case s.Root() && s.Name == "graphql Ghana":
			operation = &all[i]
		case s.Root():
			background = append(background, s)
		}
	}
	t.Logf("%d spans received; background roots %d (one in %d kept) over %s idle", len(all), len(background),
		tracing.BackgroundSampleEvery, time.Since(idle).Round(time.Second))
	if len(background) > 1 {
		t.Errorf("%d background root spans exported, want the one sampled at most: %v", len(background), background)
	}
	if operation == nil {
		t.Fatalf("no root span \"graphql Ghana\" among %v", all)
	}
	for _, s := range all {
		if s.ParentID == operation.SpanID && s.TraceID == operation.TraceID && strings.HasPrefix(s.Name, "neo4j ") {
			request = append(request, s)
		}
	}
	if len(request) == 0 {
		t.Errorf("the operation's span has no Neo4j statement as a child: %v", all)
	}
}

// freeAddr returns a loopback address whose port was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitReady waits up to 30 s for the server's /readyz to answer 200, failing when the server exits first.
func waitReady(t *testing.T, base string, exited <-chan error, logs string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		select {
		case err := <-exited:
			t.Fatalf("server exited before it was ready: %v\n%s", err, readFile(logs))
		case <-time.After(100 * time.Millisecond):
		}
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
	}
	t.Fatalf("server not ready after 30 s\n%s", readFile(logs))
}

// readFile returns a file's text, or why it could not be read.
func readFile(name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		return err.Error()
	}
	return string(b)
}
