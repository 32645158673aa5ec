package soak

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/template"
	"time"

	"github.com/cybercoop/cybercoop/bench"
	"github.com/cybercoop/cybercoop/internal/localneo4j"
)

// neo4j is the soak's own Neo4j, run by scripts/neo4j.sh with the soak's cache folder and port, never the default
// instance that make run and make test use.
type neo4j struct {
	root            string // the repository
	cacheDir, port  string
	heap, pageCache string
	password        string
	started         bool // started by the soak, so stopped by it
	log             *os.File
}

func (n *neo4j) uri() string { return "neo4j://127.0.0.1:" + n.port }

// script runs scripts/neo4j.sh with the soak's settings. NEO4J_URI is left out: with it the script starts nothing.
func (n *neo4j) script(ctx context.Context, arg string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(n.root, "scripts", "neo4j.sh"), arg)
	cmd.Env = append(withoutEnv(os.Environ(), "NEO4J_URI"), "NEO4J_CACHE_DIR="+n.cacheDir, "NEO4J_BOLT_PORT="+n.port,
		"NEO4J_HEAP="+n.heap, "NEO4J_PAGECACHE="+n.pageCache, "NEO4J_PASSWORD="+n.password)
	cmd.Stdout, cmd.Stderr = n.log, n.log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("scripts/neo4j.sh %s (port %s, NEO4J_CACHE_DIR %s): %w; see %s", arg, n.port, n.cacheDir, err, n.log.Name())
	}
	return nil
}

// pid is the process id of the soak's Neo4j.
func (n *neo4j) pid() (int, error) {
	return localneo4j.PID(filepath.Join(n.cacheDir, "home"), "bolt://127.0.0.1:"+n.port)
}

// storeBytes is the size of the database's files on disk: its store and its transaction logs.
func (n *neo4j) storeBytes() int64 {
	var total int64
	for _, dir := range []string{"databases/neo4j", "transactions/neo4j"} {
		_ = filepath.WalkDir(filepath.Join(n.cacheDir, "home", "data", dir), func(_ string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if info, err := d.Info(); err == nil {
					total += info.Size()
				}
			}
			return nil
		})
	}
	return total
}

func withoutEnv(env []string, name string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// replica is one copy of bin/server.
type replica struct {
	name, addr string
	env        []string
	logPath    string
	server     *bench.Server
	starts     int
}

// start runs the replica and waits until it answers GraphQL. The caller sets r.server to the result.
func (r *replica) start(serverBin string) (*bench.Server, error) {
	cmd := exec.Command(serverBin)
	cmd.Env = append(withoutEnv(os.Environ(), "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"), append(r.env, "LISTEN_ADDR="+r.addr)...)
	r.starts++
	s, err := bench.Start(r.name, cmd, r.addr, "http://"+r.addr+"/graphql", fmt.Sprintf("%s.%d.log", r.logPath, r.starts), 60*time.Second)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// waitReady waits until the replica's /readyz answers 200.
func (r *replica) waitReady(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if status(ctx, "http://"+r.addr+"/readyz") == http.StatusOK {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return fmt.Errorf("%s not ready after %s; see %s.%d.log", r.name, timeout, r.logPath, r.starts)
}

func status(ctx context.Context, url string) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// daemon is HAProxy or Varnish, run in the foreground with a configuration rendered from deploy/.
type daemon struct {
	name string
	cmd  *exec.Cmd
	done chan error
}

// render fills the addresses into a deploy/ file and writes the result into dir.
func render(tmplPath, dir string, data any) (string, error) {
	t, err := template.ParseFiles(tmplPath)
	if err != nil {
		return "", err
	}
	out := filepath.Join(dir, filepath.Base(tmplPath))
	f, err := os.Create(out)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if err := t.Execute(f, data); err != nil {
		return "", fmt.Errorf("%s: %w", tmplPath, err)
	}
	return out, nil
}

// startDaemon runs a proxy in the foreground and waits until addr accepts connections.
func startDaemon(name, addr, logPath string, argv ...string) (*daemon, error) {
	if conn, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		conn.Close()
		return nil, fmt.Errorf("%s: %s is already in use; stop what listens there or choose other soak ports", name, addr)
	}
	log, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, fmt.Errorf("start %s: %w (Debian: apt-get install haproxy varnish)", name, err)
	}
	d := &daemon{name: name, cmd: cmd, done: make(chan error, 1)}
	go func() { d.done <- cmd.Wait(); log.Close() }()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		select {
		case err := <-d.done:
			return nil, fmt.Errorf("%s exited at start (%v); see %s", name, err, logPath)
		case <-time.After(200 * time.Millisecond):
		}
		if conn, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			conn.Close()
			return d, nil
		}
	}
	d.stop()
	return nil, fmt.Errorf("%s does not listen on %s after 30 s; see %s", name, addr, logPath)
}

// stop asks the daemon to stop and kills it after 5 s.
func (d *daemon) stop() {
	_ = d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.done:
	case <-time.After(5 * time.Second):
		_ = d.cmd.Process.Kill()
		<-d.done
	}
}

// ports are the loopback addresses of the topology, from one base port: the cache, the load balancer, the OTLP
// receiver, then one per replica.
type ports struct {
	cache, balancer, otlp string
	replicas              []string
}

func portsFrom(base, replicas int) ports {
	addr := func(i int) string { return "127.0.0.1:" + strconv.Itoa(base+i) }
	p := ports{cache: addr(0), balancer: addr(1), otlp: addr(2)}
	for i := range replicas {
		p.replicas = append(p.replicas, addr(10+i))
	}
	return p
}

// lookTools checks that HAProxy and Varnish are installed.
func lookTools() error {
	var missing []string
	for _, tool := range []string{"haproxy", "varnishd"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s not found (Debian: apt-get install haproxy varnish)", strings.Join(missing, ", "))
	}
	return nil
}
