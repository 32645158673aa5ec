package soak

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Codes of what the checker saw besides the API's extensions.code.
const (
	codeOK         = "OK"
	codeConnection = "CONNECTION" // no HTTP answer: refused, reset, timed out in the client
)

// faultCodes may appear inside a fault window, for any request: the API's own codes for an unavailable or slow
// Neo4j, and the proxies' 502/503/504 or a dropped connection for a replica that died mid-request.
var faultCodes = []string{"UNAVAILABLE", "TIMEOUT", codeConnection, "HTTP 502", "HTTP 503", "HTTP 504"}

// answer is what one response says.
type answer struct {
	code    string // codeOK, an extensions.code (COMPLEXITY_LIMIT with its limit), "HTTP n", codeConnection
	digest  string // SHA-256 of the answer as compared across versions (GraphQL: its data, canonical JSON; an export: its bytes)
	version string // the dataVersion the answer reports, when it asks for it
}

// read classifies a response. Answers are compared as sets: GraphQL answers by their data, re-encoded with sorted
// keys and every list sorted (orderless), exports by their sorted lines. Lists that the store collects without an
// order (a collaborator's projects, a neighbourhood's edges) come out in another order after a reload of the same
// data; whether an answer holds one version's facts, not its order, is what the soak checks.
func read(r request, status int, body []byte, transportErr string) answer {
	if status == 0 {
		return answer{code: codeConnection}
	}
	var g struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Extensions struct {
				Code  string `json:"code"`
				Limit string `json:"limit"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	isJSON := json.Unmarshal(body, &g) == nil
	if isJSON && len(g.Errors) > 0 {
		e := g.Errors[0].Extensions
		if e.Limit != "" {
			return answer{code: e.Code + "/" + e.Limit}
		}
		if e.Code == "" {
			return answer{code: "ERROR WITHOUT CODE"}
		}
		return answer{code: e.Code}
	}
	if status != http.StatusOK {
		return answer{code: fmt.Sprintf("HTTP %d", status)}
	}
	if !strings.HasPrefix(r.target, "/graphql") {
		lines := strings.Split(string(body), "\n")
		slices.Sort(lines)
		sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
		return answer{code: codeOK, digest: string(sum[:])}
	}
	if !isJSON || len(g.Data) == 0 || bytes.Equal(g.Data, []byte("null")) {
		return answer{code: "MALFORMED"}
	}
	var data any
	if err := json.Unmarshal(g.Data, &data); err != nil {
		return answer{code: "MALFORMED"}
	}
	canonical, _ := json.Marshal(orderless(data)) // decoded JSON always encodes
	sum := sha256.Sum256(canonical)
	a := answer{code: codeOK, digest: string(sum[:])}
	if m, ok := data.(map[string]any); ok {
		a.version, _ = m["dataVersion"].(string)
	}
	return a
}

// orderless sorts every list of a decoded JSON value, deepest first, by the encoding of its items; maps encode
// with sorted keys.
func orderless(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, item := range v {
			v[k] = orderless(item)
		}
		return v
	case []any:
		type keyed struct {
			key  string
			item any
		}
		items := make([]keyed, len(v))
		for i, item := range v {
			item = orderless(item)
			b, _ := json.Marshal(item) // decoded JSON always encodes
			items[i] = keyed{string(b), item}
		}
		slices.SortFunc(items, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
		for i := range items {
			v[i] = items[i].item
		}
		return v
	}
	return v
}

// interval is a span of time during which a data version may be read.
type interval struct {
	version  string
	from, to time.Time // to zero: still current
}

// timeline says which data versions could be current when. A load opens the new version's interval when it
// starts (it may switch at any moment of its run) and closes the old one's when it ends.
type timeline struct {
	mu        sync.Mutex
	intervals []interval
}

// begin opens the interval of the version a load starts writing, and returns it for end.
func (t *timeline) begin(version string, at time.Time) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.intervals = append(t.intervals, interval{version: version, from: at})
	return len(t.intervals) - 1
}

// end closes, when the load ended at at, every other open interval if it switched, else its own.
func (t *timeline) end(load int, switched bool, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := range t.intervals {
		if t.intervals[i].to.IsZero() && (i == load) != switched {
			t.intervals[i].to = at
		}
	}
}

// allowed returns the versions current at some moment of [from, to].
func (t *timeline) allowed(from, to time.Time) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for _, iv := range t.intervals {
		if !iv.from.After(to) && (iv.to.IsZero() || !iv.to.Before(from)) && !slices.Contains(out, iv.version) {
			out = append(out, iv.version)
		}
	}
	return out
}

// window is a fault's time, during which (plus its recovery bound) UNAVAILABLE, TIMEOUT and the proxies' errors
// are allowed.
type window struct {
	kind       string
	start, end time.Time
	bound      time.Duration
}

// checker checks every answer of the soak against the known answers of the data versions (golden: version →
// request index → digest) and the fault windows.
type checker struct {
	requests []request
	golden   map[string]map[int][]string // the known answers: one, or more when calm readings of a version differ
	unstable map[int]bool                // requests with more than one known answer in some version
	versions *timeline
	readLag  time.Duration // how long after a switch a replica may still pin the old version
	cacheLag time.Duration // how long after a switch the HTTP cache may serve the old version: max-age + stale-while-revalidate
	mu       sync.Mutex
	windows  []window
}

// openWindow starts a fault window, open until closeWindow.
func (c *checker) openWindow(kind string, start time.Time, bound time.Duration) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.windows = append(c.windows, window{kind: kind, start: start, bound: bound})
	return len(c.windows) - 1
}

// closeWindow ends a fault window when the fault's action has ended; its recovery bound runs from there.
func (c *checker) closeWindow(w int, end time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.windows[w].end = end
}

// inWindow says whether t is within a fault window or its recovery bound; a window still open counts.
func (c *checker) inWindow(t time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, w := range c.windows {
		if !t.Before(w.start) && (w.end.IsZero() || !t.After(w.end.Add(w.bound))) {
			return true
		}
	}
	return false
}

// verdict is the checker's reading of one result.
type verdict struct {
	request   int
	class     string
	at        time.Time
	latency   time.Duration
	code      string
	inWindow  bool
	kind      string // of violation: violationWrong, ...; empty when the answer is allowed
	violation string // what was wrong
}

// Kinds of violation.
const (
	violationWrong   = "not the known answer of the version it reports"
	violationMixed   = "the known answer of no version (mixed or corrupt)"
	violationStale   = "a version not current then (stale)"
	violationError   = "an error not allowed there"
	violationRefusal = "a hostile request not refused as the battery expects"
)

// check reads one vegeta result. Windows must be recorded before the results they cover are checked: the
// soak checks results as they arrive, and a fault's window is opened before its action starts.
func (c *checker) check(res *vegeta.Result) verdict {
	i, ok := requestIndex(res.URL)
	if !ok || i >= len(c.requests) {
		return verdict{at: res.Timestamp, code: "UNKNOWN REQUEST", kind: violationError, violation: "a result for no request of the workload: " + res.URL}
	}
	r := c.requests[i]
	a := read(r, int(res.Code), res.Body, res.Error)
	v := verdict{request: i, class: r.class, at: res.Timestamp, latency: res.Latency, code: a.code,
		inWindow: c.inWindow(res.Timestamp) || c.inWindow(res.Timestamp.Add(res.Latency))}
	if r.refusal != "" {
		switch {
		case a.code == r.refusal || a.code == "RATE_LIMITED":
		case v.inWindow && slices.Contains(faultCodes, a.code):
		default:
			v.kind, v.violation = violationRefusal, fmt.Sprintf("%s: got %s, want %s", r.name, a.code, r.refusal)
		}
		return v
	}
	if a.code != codeOK {
		if !v.inWindow || !slices.Contains(faultCodes, a.code) {
			v.kind = violationError
			v.violation = fmt.Sprintf("%s (%s): %s outside the fault windows", r.name, r.class, a.code)
			if v.inWindow {
				v.violation = fmt.Sprintf("%s (%s): %s in a fault window, where only %s may appear", r.name, r.class, a.code, strings.Join(faultCodes, ", "))
			}
		}
		return v
	}
	lag := c.readLag
	if r.viaCache && strings.HasPrefix(r.target, "/graphql") {
		lag = c.cacheLag
	}
	allowed := c.versions.allowed(res.Timestamp.Add(-lag), res.Timestamp.Add(res.Latency))
	if c.unstable[i] {
		// More than one known answer in one version (calm readings differed): the content cannot be told right
		// or wrong; the version it reports, if any, still must be current.
		if a.version != "" && !slices.Contains(allowed, a.version) {
			v.kind = violationStale
			v.violation = fmt.Sprintf("%s: reports data version %s, not current within %s of the request (current: %v)", r.name, short(a.version), lag, shorts(allowed))
		}
		return v
	}
	if a.version != "" {
		switch {
		case !slices.Contains(allowed, a.version):
			v.kind = violationStale
			v.violation = fmt.Sprintf("%s: reports data version %s, not current within %s of the request (current: %v)", r.name, short(a.version), lag, shorts(allowed))
		case !slices.Contains(c.golden[a.version][i], a.digest):
			v.kind = violationWrong
			v.violation = fmt.Sprintf("%s: not the known answer of the data version it reports (%s)", r.name, short(a.version))
		}
		return v
	}
	var matches []string
	for version, answers := range c.golden {
		if slices.Contains(answers[i], a.digest) {
			matches = append(matches, version)
		}
	}
	switch {
	case len(matches) == 0:
		v.kind = violationMixed
		v.violation = fmt.Sprintf("%s (%s): the known answer of no data version (a mix of versions, or wrong)", r.name, r.class)
	case !overlaps(matches, allowed):
		v.kind = violationStale
		v.violation = fmt.Sprintf("%s (%s): the answer of %v, none current within %s of the request (current: %v)", r.name, r.class, shorts(matches), lag, shorts(allowed))
	}
	return v
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// short is a data version as the report prints it: its first 12 characters, and the suffix of a copy ("-x100").
func short(version string) string {
	hash, suffix, _ := strings.Cut(version, "-")
	if len(hash) > 12 {
		hash = hash[:12]
	}
	if suffix != "" {
		return hash + "-" + suffix
	}
	return hash
}

func shorts(versions []string) []string {
	out := make([]string, len(versions))
	for i, v := range versions {
		out[i] = short(v)
	}
	return out
}
