package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// answer is what one request got, and when.
type answer struct {
	status  int
	code    string // extensions.code of the first error; "" without errors
	body    string
	elapsed time.Duration
}

// ask posts a query; safe to call from several goroutines.
func ask(url, query string) answer {
	started := time.Now()
	body, _ := json.Marshal(map[string]string{"query": query})
	resp, err := http.Post(url+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		return answer{code: "transport: " + err.Error(), elapsed: time.Since(started)}
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out gqlResponse
	_ = json.Unmarshal(raw, &out)
	a := answer{status: resp.StatusCode, body: string(raw), elapsed: time.Since(started)}
	if len(out.Errors) > 0 {
		a.code, _ = out.Errors[0].Extensions["code"].(string)
	}
	return a
}

func readyz(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

// TestNeo4jPaused pauses the test Neo4j (SIGSTOP, as a hung server or a long GC pause would) under the full stack
// with the response cache on. The bounds are generous for a loaded machine, yet well under the 10 s request
// timeout that every request waited for before the circuit breaker (docs/operations.md, "Faults").
func TestNeo4jPaused(t *testing.T) {
	pid := neo4jtest.LocalPID(t)
	st := neo4jtest.Seeded(t)
	srv := newServer(t, st)
	if a := ask(srv.URL, `{ search(text: "glacy") { node { id } } }`); a.code != "" {
		t.Fatalf("before the pause: %s", a.body)
	}

	var resumeOnce sync.Once
	resume := func() { resumeOnce.Do(func() { _ = syscall.Kill(pid, syscall.SIGCONT) }) }
	t.Cleanup(resume) // whatever happens, the database runs again after the test
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatalf("pause Neo4j (pid %d): %v", pid, err)
	}
	paused := time.Now()

	answers := make([]answer, 20)
	var wg sync.WaitGroup
	for i := range answers {
		wg.Go(func() { // a different text each: nothing comes from the response cache
			answers[i] = ask(srv.URL, fmt.Sprintf(`{ search(text: "ghana %d") { node { id } } }`, i))
		})
	}

	t.Run("ErrUnavailable readyz says the database does not answer", func(t *testing.T) {
		for {
			status, body := readyz(t, srv.URL)
			if status == http.StatusServiceUnavailable {
				t.Logf("readyz 503 after %s: %s", time.Since(paused).Round(time.Millisecond), body)
				if !strings.Contains(body, "did not answer in time") {
					t.Errorf("readyz reason %s, want the probe's: did not answer in time", body)
				}
				return
			}
			if time.Since(paused) > 6*time.Second {
				t.Fatalf("readyz still %d %s after %s", status, body, time.Since(paused))
			}
			time.Sleep(50 * time.Millisecond)
		}
	})

	t.Run("ErrUnavailable every request answered fast", func(t *testing.T) {
		wg.Wait()
		var slowest time.Duration
		for i, a := range answers {
			slowest = max(slowest, a.elapsed)
			if (a.code != "UNAVAILABLE" && a.code != "TIMEOUT") || a.elapsed > 8*time.Second {
				t.Errorf("request %d: %s after %s, want UNAVAILABLE or TIMEOUT within 8 s", i, a.body, a.elapsed)
			}
		}
		t.Logf("20 concurrent requests answered within %s", slowest.Round(time.Millisecond))
	})

	t.Run("OK normal answers soon after Neo4j resumes", func(t *testing.T) {
		resume()
		resumed := time.Now()
		for {
			a := ask(srv.URL, `{ search(text: "ghana") { node { id } } }`)
			if a.code == "" && strings.Contains(a.body, "country:gh") {
				t.Logf("normal answer %s after resuming", time.Since(resumed).Round(time.Millisecond))
				break
			}
			if time.Since(resumed) > 15*time.Second {
				t.Fatalf("still %s %s after resuming", a.code, a.body)
			}
			time.Sleep(100 * time.Millisecond)
		}
		if status, body := readyz(t, srv.URL); status != http.StatusOK {
			t.Errorf("readyz %d %s after recovery", status, body)
		}
	})
}
