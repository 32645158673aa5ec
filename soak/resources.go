package soak

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cybercoop/cybercoop/bench"
)

// processSample is one reading of a replica process.
type processSample struct {
	at         time.Time
	replica    string
	start      int // which start of the replica (a restarted replica is a new process)
	rssKiB     int64
	goroutines int64 // go_goroutines from its /metrics
	fds        int64 // entries of /proc/PID/fd
}

// neo4jSample is one reading of Neo4j.
type neo4jSample struct {
	at         time.Time
	heapKiB    int64 // used heap (jstat -gc: survivors, eden, old), -1 when unreadable (paused, restarting)
	rssKiB     int64
	storeBytes int64
}

// sampler reads the resources every interval until its context is done.
type sampler struct {
	mu        sync.Mutex
	processes []processSample
	neo4j     []neo4jSample
}

func (s *sampler) run(ctx context.Context, every time.Duration, replicas []*replica, db *neo4j, replicasMu *sync.Mutex) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		now := time.Now()
		replicasMu.Lock()
		for _, r := range replicas {
			if p, ok := readProcess(ctx, r); ok {
				p.at = now
				s.mu.Lock()
				s.processes = append(s.processes, p)
				s.mu.Unlock()
			}
		}
		replicasMu.Unlock()
		n := neo4jSample{at: now, heapKiB: -1, storeBytes: db.storeBytes()}
		if pid, err := db.pid(); err == nil {
			n.rssKiB, _ = bench.ReadRSS(pid)
			n.heapKiB = heapUsedKiB(ctx, pid)
		}
		s.mu.Lock()
		s.neo4j = append(s.neo4j, n)
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// readProcess reads a replica's RSS and open files from /proc and its goroutines from /metrics; ok is false while
// the replica is down.
func readProcess(ctx context.Context, r *replica) (processSample, bool) {
	if r.server == nil {
		return processSample{}, false
	}
	pid := r.server.PID()
	rss, err := bench.ReadRSS(pid)
	if err != nil {
		return processSample{}, false
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return processSample{}, false
	}
	goroutines, err := metricValue(ctx, "http://"+r.addr+"/metrics", "go_goroutines")
	if err != nil {
		return processSample{}, false
	}
	return processSample{replica: r.name, start: r.starts, rssKiB: rss, goroutines: goroutines, fds: int64(len(fds))}, true
}

// metricValue reads one unlabelled gauge from a Prometheus text exposition.
func metricValue(ctx context.Context, url, name string) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if value, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
			return int64(f), err
		}
	}
	return 0, fmt.Errorf("%s: no %s", url, name)
}

// heapUsedKiB asks the JVM's own counters (jstat, from the JDK) for the used heap; -1 when they cannot be read
// (no jstat, Neo4j paused or restarting).
func heapUsedKiB(ctx context.Context, pid int) int64 {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "jstat", "-gc", strconv.Itoa(pid)).Output()
	if err != nil {
		return -1
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 {
		return -1
	}
	names, values := strings.Fields(lines[0]), strings.Fields(lines[1])
	var used float64
	for i, name := range names {
		if i < len(values) && (name == "S0U" || name == "S1U" || name == "EU" || name == "OU") {
			f, err := strconv.ParseFloat(values[i], 64)
			if err != nil {
				return -1
			}
			used += f
		}
	}
	return int64(used)
}
