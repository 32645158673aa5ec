package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strconv"
	"time"
)

// Load is what one timed run of the load generator measured against one server.
type Load struct {
	Requests  int     // answered with 2xx
	Failures  int     // connection errors, timeouts and non-2xx answers
	ReqPerSec float64 // 2xx answers per second of the run
	P50, P99  float64 // latency percentiles, milliseconds
}

// Autocannon drives a server with autocannon (npm; bench/package.json installs it): a fixed number of
// connections, each sending the next request when the previous one is answered, for a fixed duration.
type Autocannon struct {
	Bin         string // path of the autocannon executable (bench/node_modules/.bin/autocannon)
	Connections int
	Duration    time.Duration
}

// Run POSTs body (a GraphQL request as JSON) to url for a.Duration and reports what autocannon measured. It fails
// when autocannon cannot run or its report cannot be read, not when requests fail: those are counted in Failures.
func (a Autocannon) Run(ctx context.Context, url string, body []byte) (Load, error) {
	seconds := max(1, int(a.Duration.Round(time.Second)/time.Second))
	cmd := exec.CommandContext(ctx, a.Bin, "--json", "--no-progress",
		"--connections", strconv.Itoa(a.Connections), "--duration", strconv.Itoa(seconds),
		"--method", "POST", "--headers", "content-type=application/json", "--body", string(body), url)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return Load{}, fmt.Errorf("autocannon %s: %w: %s", url, err, stderr.String())
	}
	return parseAutocannon(out.Bytes())
}

// parseAutocannon reads the report autocannon --json prints.
func parseAutocannon(report []byte) (Load, error) {
	var r struct {
		Latency struct {
			P50 float64 `json:"p50"`
			P99 float64 `json:"p99"`
		} `json:"latency"`
		Duration float64 `json:"duration"` // seconds
		OK       *int    `json:"2xx"`
		Non2xx   int     `json:"non2xx"`
		Errors   int     `json:"errors"`
		Timeouts int     `json:"timeouts"`
	}
	if err := json.Unmarshal(report, &r); err != nil {
		return Load{}, fmt.Errorf("autocannon report is not JSON: %w", err)
	}
	if r.OK == nil || r.Duration <= 0 {
		return Load{}, fmt.Errorf("autocannon report has no 2xx count or duration")
	}
	return Load{Requests: *r.OK, Failures: r.Non2xx + r.Errors + r.Timeouts,
		ReqPerSec: float64(*r.OK) / r.Duration, P50: r.Latency.P50, P99: r.Latency.P99}, nil
}
