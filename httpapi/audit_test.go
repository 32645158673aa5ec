package httpapi_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// TestGraphQLHTTPAudit runs the graphql-http package's server audit (the GraphQL-over-HTTP spec's MUSTs and
// SHOULDs) against the real handler and store, and fails on any warning or error. It needs Node.js; the npm
// project is in testdata/graphql-http-audit and is installed from its lockfile when needed.
// (docs/api.md, "GraphQL over HTTP").
func TestGraphQLHTTPAudit(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CYBERCOOP_REQUIRE_NEO4J") != "" {
			t.Fatal("node is not on PATH: install Node.js and npm (.ci/run does) to run the GraphQL-over-HTTP audit")
		}
		t.Skip("node is not on PATH: install Node.js and npm to run the GraphQL-over-HTTP audit")
	}
	srv := newServer(t, neo4jtest.Seeded(t))
	dir := filepath.Join("testdata", "graphql-http-audit")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "graphql-http")); err != nil {
		install := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		install.Dir = dir
		if out, err := install.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
		}
	}
	audit := exec.Command(node, "audit.mjs", srv.URL+"/graphql")
	audit.Dir = dir
	out, err := audit.CombinedOutput()
	if err != nil {
		t.Fatalf("the audit found problems (%v):\n%s", err, out)
	}
	// The audit prints one summary line; make sure it ran its ~60 audits rather than none.
	m := regexp.MustCompile(`graphql-http audit: (\d+) ok, \d+ notice, 0 warn, 0 error`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no clean summary line in the audit's output:\n%s", out)
	}
	if n, _ := strconv.Atoi(string(m[1])); n < 50 {
		t.Fatalf("only %d audits passed:\n%s", n, out)
	}
	t.Logf("%s", m[0])
}
