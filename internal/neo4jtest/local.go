package neo4jtest

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// LocalPID returns the process id of the Neo4j that scripts/neo4j.sh started on this machine, for tests that pause
// or kill it. It skips the test, saying why, when TEST_NEO4J_URI points at any other server: a test must never stop
// a database it did not start.
func LocalPID(t testing.TB) int {
	t.Helper()
	uri := Config(t).URI
	root := filepath.Dir(SeedsDir(t))
	home := filepath.Join(root, ".cache", "neo4j", "home")
	if dir := os.Getenv("NEO4J_CACHE_DIR"); dir != "" {
		home = filepath.Join(dir, "home")
	}
	skip := func(why string) {
		t.Skipf("fault test skipped: it pauses the Neo4j that scripts/neo4j.sh started here (%s), and %s", home, why)
	}
	raw, err := os.ReadFile(filepath.Join(home, "run", "neo4j.pid"))
	if err != nil {
		skip("no such server is running")
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil {
		skip("its pid file is unreadable")
	}
	cmdline, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil || !strings.Contains(string(cmdline), "CommunityEntryPoint") {
		skip("its recorded process is not a running Neo4j")
	}
	conf, err := os.ReadFile(filepath.Join(home, "conf", "neo4j.conf"))
	if err != nil {
		skip("its configuration is unreadable")
	}
	port := regexp.MustCompile(`(?m)^server\.bolt\.listen_address=.*:(\d+)\s*$`).FindSubmatch(conf)
	u, err := url.Parse(uri)
	if err != nil || port == nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost") || u.Port() != string(port[1]) {
		skip("TEST_NEO4J_URI=" + uri + " points at another server")
	}
	return pid
}
