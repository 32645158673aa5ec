// Tests of scripts/neo4j.sh that need no Neo4j: how it refuses bad situations and what it says.
package scripts_test

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// runScript runs neo4j.sh with a private cache folder and the given extra environment.
func runScript(t *testing.T, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command("bash", append([]string{"neo4j.sh"}, args...)...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "NEO4J_CACHE_DIR=" + t.TempDir()}, env...)
	out, err := cmd.CombinedOutput()
	code := 0
	if exitErr, ok := err.(*exec.ExitError); ok {
		code = exitErr.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), code
}

func TestNeo4jScript(t *testing.T) {
	t.Run("ErrPortInUse one line naming the port", func(t *testing.T) {
		taken, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer taken.Close()
		port := strconv.Itoa(taken.Addr().(*net.TCPAddr).Port)
		out, code := runScript(t, []string{"NEO4J_BOLT_PORT=" + port}, "start")
		if code == 0 || !strings.Contains(out, "port "+port+" is already in use") {
			t.Errorf("start on a taken port: exit %d, %q", code, out)
		}
	})

	t.Run("ErrNoJava says what to install", func(t *testing.T) {
		bin := t.TempDir() // a PATH with the script's tools but no java
		for _, tool := range []string{"bash", "sed", "grep", "dirname", "cat", "seq", "sleep", "tail", "wc"} {
			if path, err := exec.LookPath(tool); err == nil {
				_ = os.Symlink(path, filepath.Join(bin, tool))
			}
		}
		cmd := exec.Command(filepath.Join(bin, "bash"), "neo4j.sh", "start")
		cmd.Env = []string{"PATH=" + bin, "NEO4J_CACHE_DIR=" + t.TempDir(), "NEO4J_BOLT_PORT=1"}
		out, _ := cmd.CombinedOutput()
		if !strings.Contains(string(out), "java not found: install Java 17 or 21") {
			t.Errorf("start without java: %q", out)
		}
	})

	t.Run("OK NEO4J_URI starts nothing", func(t *testing.T) {
		out, code := runScript(t, []string{"NEO4J_URI=neo4j+s://example.databases.neo4j.io"}, "start")
		if code != 0 || !strings.Contains(out, "starting nothing") {
			t.Errorf("start with NEO4J_URI: exit %d, %q", code, out)
		}
	})

	t.Run("OK status of a server never started", func(t *testing.T) {
		out, code := runScript(t, nil, "status")
		if code != 3 || !strings.Contains(out, "not running") {
			t.Errorf("status: exit %d, %q", code, out)
		}
	})

	t.Run("ErrUsage", func(t *testing.T) {
		if out, code := runScript(t, nil, "restart-please"); code != 2 || !strings.Contains(out, "usage:") {
			t.Errorf("unknown command: exit %d, %q", code, out)
		}
	})
}
