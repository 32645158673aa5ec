package soak

import (
	"cmp"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cybercoop/cybercoop/bench"
)

// Resource bounds, after the warm-up (the first fifth of the soak). A replica runs with GOMEMLIMIT 160 MiB, a
// 32 MiB response cache and a 64 MiB query cache: past that, its memory would be a leak.
const (
	replicaRSSBoundKiB    = 256 << 10 // at every sample
	replicaRSSGrowthKiB   = 96 << 10  // last samples over the first after warm-up
	goroutineGrowthBound  = 100
	fdGrowthBound         = 100
	heapShareBound        = 0.9     // of NEO4J_HEAP, at every sample
	storeGrowthBoundBytes = 1 << 30 // the database's files, last sample over the first after warm-up
)

// report gathers what the soak measured and writes bench/SOAK.md and its chart.
type report struct {
	cfg            Config
	started, ended time.Time
	capacity, rate float64
	events         []fault
	skipped        []string
	results        *results
	samples        *sampler
	spans          spanCheck
	facts          []fact
	check          *checker
	requests       []request
	versions       map[string]string
	unstable       []string
	reloads        int // loader runs during the soak
	oneGraph       int // of them, those that reported one graph at rest
	checks         []checkLine
}

type checkLine struct {
	name, figure string
	held         bool
}

func (r *report) add(name string, held bool, format string, args ...any) {
	r.checks = append(r.checks, checkLine{name: name, held: held, figure: fmt.Sprintf(format, args...)})
}

// write evaluates every check, writes the report and the chart, and returns whether every check held.
func (r *report) write() (bool, error) {
	verdicts := r.results.verdicts
	r.evaluate(verdicts)
	chart, err := r.chart(verdicts)
	if err != nil {
		return false, err
	}
	var b strings.Builder
	r.markdown(&b, verdicts, chart)
	if err := os.WriteFile(r.cfg.Report, []byte(b.String()), 0o644); err != nil {
		return false, err
	}
	passed := true
	for _, c := range r.checks {
		passed = passed && c.held
	}
	return passed, nil
}

func (r *report) evaluate(verdicts []verdict) {
	byKind := map[string]int{}
	examples := map[string]string{}
	outside, outsideOK := 0, 0
	for _, v := range verdicts {
		if v.kind != "" {
			byKind[v.kind]++
			if examples[v.kind] == "" {
				examples[v.kind] = fmt.Sprintf(" (first, at %s: %s)", v.at.Sub(r.started).Round(time.Second), v.violation)
			}
		}
		if r.requests[v.request].refusal == "" && !v.inWindow {
			outside++
			if v.kind == "" && v.code == codeOK {
				outsideOK++
			}
		}
	}
	// The rate is held to outside the fault windows: a restarting Neo4j takes a core from the client too.
	seconds := int(r.cfg.Duration.Seconds())
	calm, calmSent := 0, 0
	inFault := make([]bool, seconds)
	for sec := range seconds {
		inFault[sec] = r.check.inWindow(r.started.Add(time.Duration(sec)*time.Second + time.Second/2))
		if !inFault[sec] {
			calm++
		}
	}
	for _, v := range verdicts {
		if sec := int(v.at.Sub(r.started).Seconds()); sec >= 0 && sec < seconds && !inFault[sec] {
			calmSent++
		}
	}
	sent, calmRate := float64(len(verdicts))/r.cfg.Duration.Seconds(), float64(calmSent)/float64(max(calm, 1))
	r.add("the rate was held outside the fault windows (at least 90 % of the planned requests sent)", calm > 0 && calmRate >= 0.9*r.rate,
		"%.1f requests/s sent outside the windows (%d s), %.1f over the whole run; %.1f planned (%.0f %% of the capacity, %.1f answers/s)",
		calmRate, calm, sent, r.rate, 100*r.cfg.LoadShare, r.capacity)
	for _, f := range r.facts {
		r.add("known fact: "+f.what, f.held, "%s", f.got)
	}
	r.add("every answer is the known answer of the data version it reports", byKind[violationWrong] == 0, "%d wrong%s", byKind[violationWrong], examples[violationWrong])
	r.add("no answer mixes versions (each is the whole known answer of one version)", byKind[violationMixed] == 0, "%d matching no version%s", byKind[violationMixed], examples[violationMixed])
	r.add(fmt.Sprintf("nothing older than the switch plus %s directly, plus max-age + stale-while-revalidate + 2 s (%s) through the cache",
		r.check.readLag, r.check.cacheLag), byKind[violationStale] == 0, "%d stale%s", byKind[violationStale], examples[violationStale])
	r.add("errors only UNAVAILABLE, TIMEOUT or a proxy's 502/503/504 or a dropped connection, inside a fault window and its recovery bound",
		byKind[violationError] == 0, "%d other errors%s", byKind[violationError], examples[violationError])
	r.add("hostile requests refused as the battery expects (or RATE_LIMITED)", byKind[violationRefusal] == 0, "%d otherwise%s", byKind[violationRefusal], examples[violationRefusal])
	availability := 100.0
	if outside > 0 {
		availability = 100 * float64(outsideOK) / float64(outside)
	}
	r.add("availability outside the fault windows at least 99.9 %", availability >= 99.9, "%.3f %% (%d of %d answers right)", availability, outsideOK, outside)

	for i := range r.events {
		f := &r.events[i]
		if f.skipped != "" {
			r.add("fault ran: "+f.kind+" "+f.detail, !strings.Contains(f.skipped, "late"), "skipped: %s", f.skipped)
			continue
		}
		next := r.ended
		if i+1 < len(r.events) && !r.events[i+1].start.IsZero() {
			next = r.events[i+1].start
		}
		// A failure belongs to the fault under way when it ended: a request sent just before a fault fails because
		// of it.
		var last time.Time
		for _, v := range verdicts {
			end := v.at.Add(v.latency)
			if r.requests[v.request].refusal == "" && v.code != codeOK && !end.Before(f.start) && end.Before(next) {
				f.errors++
				if v.at.After(last) {
					last = v.at
				}
			}
		}
		if last.After(f.end) {
			f.recovery = last.Sub(f.end)
		}
		bound := recoveryBounds[f.kind]
		r.add(fmt.Sprintf("%s %s: ran, and recovered within %s", f.kind, f.detail, bound), f.err == nil && f.recovery <= bound,
			"action %s, %d errors, recovery %s%s", f.end.Sub(f.start).Round(100*time.Millisecond), f.errors,
			f.recovery.Round(100*time.Millisecond), errSuffix(f.err))
	}
	r.add("after each reload, Neo4j holds one graph (the loader's own report; issue 27 item 6)", r.oneGraph == r.reloads,
		"%d of %d reloads by the loader said \"Neo4j holds one graph\"", r.oneGraph, r.reloads)
	r.evaluateResources()
	s := r.spans
	r.add("traces: readiness probes' root spans at most one in 1000 per replica process (with the refresh's, which share the count)",
		s.background <= s.backgroundBound, "%d probe roots, bound %d, of %d spans; %d data-version reads as roots (the refresh's sampled ones, and requests' that read the version before their operation span starts)",
		s.background, s.backgroundBound, s.total, s.versionReads)
	r.add("traces follow the requests: operation spans during the soak, none beyond the GraphQL requests sent, every minute with requests has some",
		s.operations > 0 && s.operations <= s.graphqlRequests && len(s.quietMinutes) == 0,
		"%d operation spans for %d GraphQL requests (the caches answer the rest); minutes without: %v", s.operations, s.graphqlRequests, s.quietMinutes)
	r.add("traces: Neo4j statements arrive with their operation (no orphan child spans beyond 1 %)", s.children > 0 && s.orphans*100 <= s.children,
		"%d child spans, %d orphans", s.children, s.orphans)
}

func errSuffix(err error) string {
	if err == nil {
		return ""
	}
	return "; failed: " + err.Error()
}

// evaluateResources holds each replica process and Neo4j to the bounds, after the warm-up.
func (r *report) evaluateResources() {
	warm := r.started.Add(r.cfg.Duration / 5)
	type key struct {
		replica string
		start   int
	}
	series := map[key][]processSample{}
	peakRSS := int64(0)
	for _, p := range r.samples.processes {
		peakRSS = max(peakRSS, p.rssKiB)
		if !p.at.Before(warm) {
			k := key{p.replica, p.start}
			series[k] = append(series[k], p)
		}
	}
	var growth []string
	held := peakRSS <= replicaRSSBoundKiB
	for _, k := range slices.SortedFunc(maps.Keys(series), func(a, b key) int {
		return cmp.Or(cmp.Compare(a.replica, b.replica), cmp.Compare(a.start, b.start))
	}) {
		s := series[k]
		if len(s) < 4 {
			continue // restarted late: too short a life to measure growth
		}
		// Floors, not single samples: requests in flight (a fault's backlog) raise goroutines and open files for
		// a while; a leak raises the floor.
		first, last := floor(s[:min(6, len(s)/2)]), floor(s[len(s)-min(6, len(s)/2):])
		dRSS, dG, dFD := last.rssKiB-first.rssKiB, last.goroutines-first.goroutines, last.fds-first.fds
		held = held && dRSS <= replicaRSSGrowthKiB && dG <= goroutineGrowthBound && dFD <= fdGrowthBound
		growth = append(growth, fmt.Sprintf("%s#%d RSS %+.1f MiB (%.1f to %.1f), goroutines %+d (%d to %d), fds %+d (%d to %d)",
			k.replica, k.start, float64(dRSS)/1024, float64(first.rssKiB)/1024, float64(last.rssKiB)/1024, dG, first.goroutines,
			last.goroutines, dFD, first.fds, last.fds))
	}
	r.add(fmt.Sprintf("replicas: RSS at most %d MiB, growth after warm-up at most %d MiB RSS, %d goroutines, %d open files",
		replicaRSSBoundKiB>>10, replicaRSSGrowthKiB>>10, goroutineGrowthBound, fdGrowthBound), held && len(growth) > 0,
		"peak RSS %.1f MiB; %s", float64(peakRSS)/1024, strings.Join(growth, "; "))

	heapMax := parseSize(r.cfg.Neo4jHeap)
	var peakHeap, firstStore, lastStore int64
	readHeap := 0
	for _, n := range r.samples.neo4j {
		if n.heapKiB >= 0 {
			peakHeap = max(peakHeap, n.heapKiB)
			readHeap++
		}
		if !n.at.Before(warm) {
			if firstStore == 0 {
				firstStore = n.storeBytes
			}
			lastStore = n.storeBytes
		}
	}
	r.add(fmt.Sprintf("Neo4j: used heap at most %.0f %% of NEO4J_HEAP (%s)", 100*heapShareBound, r.cfg.Neo4jHeap),
		readHeap > 0 && float64(peakHeap*1024) <= heapShareBound*float64(heapMax),
		"peak %.0f MiB of %.0f MiB (%d readings by jstat)", float64(peakHeap)/1024, float64(heapMax)/(1<<20), readHeap)
	r.add(fmt.Sprintf("Neo4j: store growth after warm-up at most %d MiB", storeGrowthBoundBytes>>20),
		lastStore-firstStore <= storeGrowthBoundBytes, "%.0f MiB to %.0f MiB", float64(firstStore)/(1<<20), float64(lastStore)/(1<<20))
}

// floor is the lowest of each reading over samples.
func floor(samples []processSample) processSample {
	f := samples[0]
	for _, p := range samples[1:] {
		f.rssKiB, f.goroutines, f.fds = min(f.rssKiB, p.rssKiB), min(f.goroutines, p.goroutines), min(f.fds, p.fds)
	}
	return f
}

// parseSize reads a JVM size such as "3g" or "512m" in bytes; 0 when unreadable.
func parseSize(s string) int64 {
	var n int64
	var unit string
	if _, err := fmt.Sscanf(strings.ToLower(s), "%d%s", &n, &unit); err != nil {
		return 0
	}
	switch unit {
	case "g":
		return n << 30
	case "m":
		return n << 20
	case "k":
		return n << 10
	}
	return 0
}

// markdown writes the report.
func (r *report) markdown(b *strings.Builder, verdicts []verdict, chart string) {
	m := bench.DescribeMachine()
	passed := true
	for _, c := range r.checks {
		passed = passed && c.held
	}
	verdictWord := "every check held"
	if !passed {
		verdictWord = "SOME CHECKS FAILED"
	}
	fmt.Fprintf(b, "# Soak: %s\n\n", verdictWord)
	fmt.Fprintf(b, "Written by `make soak SOAK_DURATION=%s` (`soak/`, issue 27) on %s, commit %s. The soak ran %s at a fixed "+
		"rate after measuring the capacity for %s; its exit status is whether every check below held.\n\n",
		r.cfg.Duration, r.started.UTC().Format("2006-01-02 15:04 UTC"), m.Commit, r.ended.Sub(r.started).Round(time.Second), r.cfg.CapacityTime)
	fmt.Fprintf(b, "## Topology and machine\n\n")
	fmt.Fprintf(b, "- %d CPUs (%s), %s of memory, load average %s at the end (other work shares the machine).\n", m.CPUs, m.CPUModel, m.Memory, m.LoadAvg)
	fmt.Fprintf(b, "- Client: vegeta (`github.com/tsenart/vegeta/v12/lib`), open loop at %.1f requests/s (%.0f %% of the measured %.1f right answers/s), from %s.\n",
		r.rate, 100*r.cfg.LoadShare, r.capacity, clientAddr)
	fmt.Fprintf(b, "- Varnish on %s (`deploy/varnish.vcl`) for the GETs → HAProxy on %s (`deploy/haproxy.cfg`, health checks on `/readyz`) for everything → %d replicas of `bin/server` on %s, with `HTTP_CACHE_MAX_AGE=%s`, `HTTP_CACHE_STALE=%s`, `TRUSTED_PROXIES=127.0.0.1/32` and tracing to an OTLP receiver in the soak → one Neo4j Community (`scripts/neo4j.sh`, bolt port %s, heap %s), reached through `neo4j://`.\n",
		"127.0.0.1:"+after(r.cfg.BasePort, 0), "127.0.0.1:"+after(r.cfg.BasePort, 1), r.cfg.Replicas, strings.Join(portsFrom(r.cfg.BasePort, r.cfg.Replicas).replicas, ", "),
		r.cfg.CacheMaxAge, r.cfg.CacheStale, r.cfg.Neo4jPort, r.cfg.Neo4jHeap)
	fmt.Fprintf(b, "- Data versions: A = `seeds/` (%s), B = `seeds/` without activity %s (%s)", short(r.versions["A"]), removedActivity, short(r.versions["B"]))
	if r.versions["C"] != "" {
		fmt.Fprintf(b, ", C = the seeds with every activity copied %d times (%s)", copies, short(r.versions["C"]))
	}
	fmt.Fprintf(b, ". The known answer of every request in every version was read from a replica, twice, in calm, before the soak")
	if len(r.unstable) > 0 {
		fmt.Fprintf(b, "; %d requests have their content left uncompared (their errors and versions are checked): those whose lists are cut among equal items (see soak/workload.go) and those that had more than one answer in one version: %s", len(r.unstable), strings.Join(r.unstable, "; "))
	}
	fmt.Fprintf(b, ".\n\n")

	fmt.Fprintf(b, "## Workload\n\n| class | share | requests | p50 | p99 | answers right |\n|---|---|---|---|---|---|\n")
	for _, c := range classShares {
		var lat []time.Duration
		right := 0
		for _, v := range verdicts {
			if v.class == c.class {
				lat = append(lat, v.latency)
				if v.kind == "" && (v.code == codeOK || r.requests[v.request].refusal != "") {
					right++
				}
			}
		}
		fmt.Fprintf(b, "| %s | %d %% | %d | %s | %s | %d |\n", c.class, c.share, len(lat), ms(percentile(lat, 50)), ms(percentile(lat, 99)), right)
	}
	fmt.Fprintf(b, "\nThe embeds' and the workbench's trusted documents (`web/documents`: Card, Timeline, TableActivities, TableCollaborators, Neighborhood, Paths, Suggest, MapActivities) by `documentId`, as GETs through Varnish and as POSTs; GraphiQL-style queries that ask for `dataVersion`; the three exports through Varnish (which passes them); the hardening battery's refusals (`admission/limits_test.go`, the README's table) as POSTs.\n\n")

	fmt.Fprintf(b, "## Fault schedule\n\n| planned | ran | fault | took | errors | recovery (bound) |\n|---|---|---|---|---|---|\n")
	for _, f := range r.events {
		if f.skipped != "" {
			fmt.Fprintf(b, "| %s | — | %s %s | skipped: %s | | |\n", f.at.Round(time.Second), f.kind, f.detail, f.skipped)
			continue
		}
		fmt.Fprintf(b, "| %s | %s | %s %s | %s | %d | %s (%s) |\n", f.at.Round(time.Second), f.start.Sub(r.started).Round(time.Second), f.kind, f.detail,
			f.end.Sub(f.start).Round(100*time.Millisecond), f.errors, f.recovery.Round(100*time.Millisecond), recoveryBounds[f.kind])
	}
	for _, s := range r.skipped {
		fmt.Fprintf(b, "\nNot in this run: %s.\n", s)
	}
	fmt.Fprintf(b, "\nA fault's window runs from its start to the end of its action (the replica ready again, Neo4j resumed, `scripts/neo4j.sh start` returned, the loader done and every replica serving the new version) plus its recovery bound; a failed request belongs to the fault under way when it ended, and the recovery is the time from the end of the action to the start of the last request that failed before the next fault started.\n\n")

	fmt.Fprintf(b, "## Checks\n\n| check | figure | held |\n|---|---|---|\n")
	for _, c := range r.checks {
		mark := "yes"
		if !c.held {
			mark = "**NO**"
		}
		fmt.Fprintf(b, "| %s | %s | %s |\n", c.name, strings.ReplaceAll(c.figure, "|", "/"), mark)
	}

	fmt.Fprintf(b, "\n## Minute by minute\n\n| minute | requests/s | p50 | p99 | answers other than OK, by code |\n|---|---|---|---|---|\n")
	minutes := minutesOf(r.cfg.Duration)
	for m := range minutes {
		var lat []time.Duration
		codes := map[string]int{}
		for _, v := range verdicts {
			if min(minutes-1, int(v.at.Sub(r.started).Minutes())) == m {
				lat = append(lat, v.latency)
				if v.code != codeOK {
					codes[v.code]++
				}
			}
		}
		span := min(time.Minute, r.cfg.Duration-time.Duration(m)*time.Minute)
		fmt.Fprintf(b, "| %d | %.1f | %s | %s | %s |\n", m+1, float64(len(lat))/span.Seconds(), ms(percentile(lat, 50)), ms(percentile(lat, 99)), countsText(codes))
	}
	fmt.Fprintf(b, "\nThe hostile requests' refusals (COMPLEXITY_LIMIT with its limit, BAD_USER_INPUT) are expected answers, counted here with the errors.\n")
	fmt.Fprintf(b, "\n## Chart\n\n![latency and errors over time, fault windows shaded](%s)\n\nLatency percentiles and errors per 5 s; the shaded bands are the fault windows (action and recovery bound).\n", chart)
}

// minutesOf is the number of minutes, the last one maybe partial, that d covers.
func minutesOf(d time.Duration) int { return int((d-1)/time.Minute) + 1 }

func after(base, i int) string { return fmt.Sprint(base + i) }

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func countsText(codes map[string]int) string {
	if len(codes) == 0 {
		return "none"
	}
	keys := slices.Collect(maps.Keys(codes))
	sort.Slice(keys, func(i, j int) bool {
		return codes[keys[i]] > codes[keys[j]] || (codes[keys[i]] == codes[keys[j]] && keys[i] < keys[j])
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, codes[k])
	}
	return strings.Join(parts, ", ")
}
