package localneo4j

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestPIDRefuses(t *testing.T) {
	write := func(t *testing.T, home, name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(home, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(home, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name, pidFile, want string
	}{
		{"NO no pid file", "", "no such server is running"},
		{"NO a pid file that is no number", "neo4j", "its pid file is unreadable"},
		// This test's own process is running, but it is no Neo4j.
		{"NO a process that is not Neo4j", strconv.Itoa(os.Getpid()), "not a running Neo4j"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			home := t.TempDir()
			if c.pidFile != "" {
				write(t, home, "run/neo4j.pid", c.pidFile+"\n")
			}
			write(t, home, "conf/neo4j.conf", "server.bolt.listen_address=127.0.0.1:7687\n")
			pid, err := PID(home, "bolt://127.0.0.1:7687")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("PID = %d, %v; want an error saying %q", pid, err, c.want)
			}
		})
	}
}

func TestHome(t *testing.T) {
	t.Setenv("NEO4J_CACHE_DIR", "")
	if got := Home("/repo"); got != "/repo/.cache/neo4j/home" {
		t.Errorf("Home = %s", got)
	}
	t.Setenv("NEO4J_CACHE_DIR", "/cache")
	if got := Home("/repo"); got != "/cache/home" {
		t.Errorf("Home with NEO4J_CACHE_DIR = %s", got)
	}
}
