package soak

import (
	"math"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/cybercoop/cybercoop/internal/tracing"
	"github.com/cybercoop/cybercoop/internal/tracing/receiver"
)

// measureCapacity drives the topology with the workload as fast as 12 concurrent clients can (vegeta's unpaced
// mode) and returns the answers per second that were right: answered, or refused as expected.
func (s *soak) measureCapacity(t *targeter) float64 {
	attacker := vegeta.NewAttacker(vegeta.Client(client()), vegeta.Workers(12), vegeta.MaxWorkers(12), vegeta.MaxBody(-1))
	started := time.Now()
	good := 0
	for res := range attacker.Attack(t.target, vegeta.ConstantPacer{}, s.cfg.CapacityTime, "capacity") {
		i, ok := requestIndex(res.URL)
		if !ok {
			continue
		}
		r := s.requests[i]
		if a := read(r, int(res.Code), res.Body, res.Error); a.code == codeOK || a.code == r.refusal {
			good++
		}
	}
	return float64(good) / time.Since(started).Seconds()
}

// client is the soak's HTTP client: from clientAddr, 30 s per request, and idle connections dropped after 4 s,
// before Varnish (5 s) or HAProxy (10 s) closes them. A browser does the same, or retries: a client that reuses a
// connection just as the proxy closes it sees the request fail without an answer.
func client() *http.Client {
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(clientAddr)}, KeepAlive: 30 * time.Second}
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DialContext: dialer.DialContext,
		MaxIdleConnsPerHost: vegeta.DefaultConnections, IdleConnTimeout: 4 * time.Second}}
}

// results holds every verdict of the soak.
type results struct {
	mu       sync.Mutex
	verdicts []verdict
}

func (r *results) add(v verdict) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.verdicts = append(r.verdicts, v)
}

// percentile is the p-th percentile (0 to 100) of latencies, by the nearest rank; 0 for none.
func percentile(latencies []time.Duration, p float64) time.Duration {
	if len(latencies) == 0 {
		return 0
	}
	sorted := slices.Clone(latencies)
	slices.Sort(sorted)
	rank := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(rank, len(sorted)-1))]
}

// spanCheck is what the OTLP receiver got from the replicas.
type spanCheck struct {
	total           int
	background      int // root spans of the readiness probe, the whole run: only background work pings
	backgroundBound int
	versionReads    int   // root spans of data-version reads: the refresh's, or a request's made before its operation span
	operations      int   // root spans of GraphQL operations that started during the soak
	graphqlRequests int   // GraphQL requests the soak sent
	children        int   // spans with a parent
	orphans         int   // spans whose parent never arrived
	quietMinutes    []int // minutes of the soak with requests but no operation span
}

// collectSpans stops nothing: the replicas have flushed their spans when stopped, which the soak has done.
func (s *soak) collectSpans(rec *receiver.Receiver, started, ended time.Time, runStarted time.Time, res *results) spanCheck {
	spans := rec.Spans()
	c := spanCheck{total: len(spans)}
	ids := map[string]bool{}
	for _, sp := range spans {
		ids[sp.SpanID] = true
	}
	minutes := minutesOf(s.cfg.Duration)
	opsPerMinute := make([]int, minutes)
	for _, sp := range spans {
		switch {
		case !sp.Root():
			c.children++
			if !ids[sp.ParentID] {
				c.orphans++
			}
		case sp.Name == "neo4j ping":
			c.background++
		case sp.Name == "neo4j data_version":
			c.versionReads++
		case strings.HasPrefix(sp.Name, "graphql ") && !sp.Start.Before(started) && !sp.Start.After(ended):
			c.operations++
			opsPerMinute[min(minutes-1, int(sp.Start.Sub(started).Minutes()))]++
		}
	}
	sent := make([]int, minutes)
	res.mu.Lock()
	for _, v := range res.verdicts {
		if strings.HasPrefix(s.requests[v.request].target, "/graphql") {
			c.graphqlRequests++
			sent[min(minutes-1, int(v.at.Sub(started).Minutes()))]++
		}
	}
	res.mu.Unlock()
	for m := range minutes {
		if sent[m] > 0 && opsPerMinute[m] == 0 {
			c.quietMinutes = append(c.quietMinutes, m+1)
		}
	}
	// Each replica process may export one background root in tracing.BackgroundSampleEvery, starting with the
	// first: at three a second over its life.
	processes := 0
	for _, r := range s.replicas {
		processes += r.starts
	}
	life := ended.Sub(runStarted).Seconds()
	c.backgroundBound = processes * (1 + int(math.Ceil(3*life/tracing.BackgroundSampleEvery)))
	return c
}
