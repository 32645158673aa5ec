package neo4jtest

import (
	"path/filepath"
	"testing"

	"github.com/cybercoop/cybercoop/internal/localneo4j"
)

// LocalPID returns the process id of the Neo4j that scripts/neo4j.sh started on this machine, for tests that pause
// or kill it. It skips the test, saying why, when TEST_NEO4J_URI points at any other server: a test must never stop
// a database it did not start.
func LocalPID(t testing.TB) int {
	t.Helper()
	uri := Config(t).URI
	home := localneo4j.Home(filepath.Dir(SeedsDir(t)))
	pid, err := localneo4j.PID(home, uri)
	if err != nil {
		t.Skipf("fault test skipped: it pauses the Neo4j that scripts/neo4j.sh started here (%s), and %v", home, err)
	}
	return pid
}
