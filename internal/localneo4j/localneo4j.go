// Package localneo4j finds the Neo4j that scripts/neo4j.sh started on this machine, for the fault tests that pause
// it and the benchmark that reads its CPU time.
package localneo4j

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Home is the folder scripts/neo4j.sh runs Neo4j from, for the repository at root: NEO4J_CACHE_DIR/home when set,
// as the script reads it, else root/.cache/neo4j/home.
func Home(root string) string {
	if dir := os.Getenv("NEO4J_CACHE_DIR"); dir != "" {
		return filepath.Join(dir, "home")
	}
	return filepath.Join(root, ".cache", "neo4j", "home")
}

// PID returns the process id of the Neo4j running from home, and an error saying why there is none: no pid file, a
// recorded process that is not a running Neo4j, or a server listening elsewhere than uri (a bolt:// or neo4j://
// address on loopback). It never names a process that uri does not reach.
func PID(home, uri string) (int, error) {
	raw, err := os.ReadFile(filepath.Join(home, "run", "neo4j.pid"))
	if err != nil {
		return 0, errors.New("no such server is running")
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil {
		return 0, errors.New("its pid file is unreadable")
	}
	cmdline, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil || !strings.Contains(string(cmdline), "CommunityEntryPoint") {
		return 0, errors.New("its recorded process is not a running Neo4j")
	}
	conf, err := os.ReadFile(filepath.Join(home, "conf", "neo4j.conf"))
	if err != nil {
		return 0, errors.New("its configuration is unreadable")
	}
	port := boltPort.FindSubmatch(conf)
	u, err := url.Parse(uri)
	if err != nil || port == nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost") || u.Port() != string(port[1]) {
		return 0, fmt.Errorf("%s points at another server", uri)
	}
	return pid, nil
}

var boltPort = regexp.MustCompile(`(?m)^server\.bolt\.listen_address=.*:(\d+)\s*$`)
