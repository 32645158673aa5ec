package bench

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Measure is one server's timed run of one question: the load generator's numbers, the server's peak RSS, and the
// CPU time that the server and Neo4j spent per answer during the run.
type Measure struct {
	Load
	PeakRSSKiB int64
	// CPU and Neo4jCPU are per 2xx answer, user and system time together; 0 when not measured (Neo4j elsewhere).
	CPU, Neo4jCPU time.Duration
}

// MedianRound picks, from rounds in which both servers were timed one after the other, the round with the median
// throughput ratio (the lower of the two middle ones for an even number), and returns both servers' measures of
// that round, each with its highest RSS and its failures over all rounds, and the ratio of every round in order.
// The ratio is taken within a round because the two runs of a round are seconds apart: on a shared machine, the
// CPU the neighbours steal drifts over minutes, and moves both servers of a round alike.
func MedianRound(service, peer []Measure) (Measure, Measure, []float64) {
	ratios := make([]float64, len(service))
	for i := range service {
		ratios[i] = Ratio(service[i].ReqPerSec, peer[i].ReqPerSec)
	}
	order := make([]int, len(ratios))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ratios[a], ratios[b]) })
	median := order[(len(order)-1)/2]
	return worstOf(service, service[median]), worstOf(peer, peer[median]), ratios
}

// worstOf is the chosen run with the highest RSS and the failures of all the runs.
func worstOf(runs []Measure, chosen Measure) Measure {
	chosen.Failures = 0
	for _, r := range runs {
		chosen.PeakRSSKiB = max(chosen.PeakRSSKiB, r.PeakRSSKiB)
		chosen.Failures += r.Failures
	}
	return chosen
}

// Result is one question asked of both servers on one dataset.
type Result struct {
	Question Question
	Dataset  string // "real seeds", "synth 10x", ...
	// Mismatch says how the answers differed; such a question is not timed.
	Mismatch string
	Service  Measure // response cache off
	Peer     Measure // the Neo4j GraphQL Library
	// RoundRatios are the service's req/s over the library's in each round, in order; Service and Peer are from
	// the round with the median ratio.
	RoundRatios []float64
	Cached      *Measure // the service with its response cache, when measured
}

// Report is a whole benchmark run.
type Report struct {
	Machine      Machine
	Started      time.Time
	LoadAtEnd    string
	Connections  int
	Duration     time.Duration
	Warmup       time.Duration
	Rounds       int               // timed runs per question per server; the tables show the median ratio's round
	PeerVersion  string            // of @neo4j/graphql
	DatasetNotes map[string]string // what a dataset is, written under its tables' headings
	Results      []Result
	Growth       []Growth // the service on copies of the real seeds, by number of copies
}

// Growth is the service's run of every question (in Results' order) on the real seeds with each activity copied.
type Growth struct {
	Copies               int
	Nodes, Relationships int
	LoadTime             time.Duration
	Measures             []Measure
}

// Ratio is the service's throughput divided by the library's; 0 when the library's is unknown.
func Ratio(service, peer float64) float64 {
	if peer <= 0 {
		return 0
	}
	return service / peer
}

// WriteMarkdown writes the report as Markdown: how and where it was measured, then one table per dataset of the
// uncached comparison, then the cached service when it was measured.
func (r Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	m := r.Machine
	fmt.Fprintf(&b, "# Cybercoop against the Neo4j GraphQL Library\n\n")
	fmt.Fprintf(&b, "Written by `make bench-peer` (`bench/cmd/peer`) on %s, commit `%s`.\n\n", r.Started.UTC().Format("2006-01-02 15:04 MST"), m.Commit)
	fmt.Fprintf(&b, "- Machine: %d CPUs, %s, memory %s; load average (1, 5, 15 min) %s at the start, %s at the end.\n",
		m.CPUs, m.CPUModel, m.Memory, m.LoadAvg, r.LoadAtEnd)
	fmt.Fprintf(&b, "- Both servers over the same Neo4j and data, on loopback; the peer is `@neo4j/graphql` %s on Apollo Server (`bench/peer`).\n",
		r.PeerVersion)
	fmt.Fprintf(&b, "- Each question is first asked of both, and timed only when both answers name the same entities and totals.\n")
	fmt.Fprintf(&b, "- Load: autocannon, %d connections, %s per question per server after a %s warm-up (and one such warm-up of every question on both before the first is timed); the two servers alternate question by question (which goes first alternates too).\n",
		r.Connections, r.Duration, r.Warmup)
	if r.Rounds > 1 {
		fmt.Fprintf(&b, "- Rounds: every question was timed %d times on each server, round after round; the ratio is taken within each round (its two runs are seconds apart, so a neighbour's load on a shared machine weighs on both alike); each figure is from the round with the median ratio, the RSS the highest of all rounds, the failed requests those of all rounds; every round's ratio is listed.\n", r.Rounds)
	}
	fmt.Fprintf(&b, "- req/s: 2xx answers per second; p50 and p99: latency in ms as autocannon reports it (whole ms); RSS: the highest VmRSS sampled every 50 ms during the timed run.\n")
	fmt.Fprintf(&b, "- Ratio: the service's req/s divided by the library's. Read the ratios, not the times, when the load average is high.\n")

	var datasets []string
	byDataset := map[string][]Result{}
	for _, res := range r.Results {
		if _, ok := byDataset[res.Dataset]; !ok {
			datasets = append(datasets, res.Dataset)
		}
		byDataset[res.Dataset] = append(byDataset[res.Dataset], res)
	}
	for _, ds := range datasets {
		results := byDataset[ds]
		fmt.Fprintf(&b, "\n## Uncached, %s (service with RESPONSE_CACHE_BYTES=0)\n\n", ds)
		if note := r.DatasetNotes[ds]; note != "" {
			fmt.Fprintf(&b, "%s\n\n", note)
		}
		b.WriteString("| question | service req/s | library req/s | ratio | ratio in each round | service p50 | library p50 | service p99 | library p99 | service RSS MiB | library RSS MiB | failed requests |\n")
		b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, res := range results {
			if res.Mismatch != "" {
				fmt.Fprintf(&b, "| %s | not timed: %s ||||||||||\n", res.Question.Title, cell(res.Mismatch))
				continue
			}
			s, p := res.Service, res.Peer
			fmt.Fprintf(&b, "| %s | %.0f | %.0f | %.2f | %s | %s | %s | %s | %s | %s | %s | %d / %d |\n", res.Question.Title,
				s.ReqPerSec, p.ReqPerSec, Ratio(s.ReqPerSec, p.ReqPerSec), ratioList(res.RoundRatios), ms(s.P50), ms(p.P50), ms(s.P99), ms(p.P99),
				mib(s.PeakRSSKiB), mib(p.PeakRSSKiB), s.Failures, p.Failures)
		}
		writeCPU(&b, results)
		var cached []Result
		for _, res := range results {
			if res.Cached != nil && res.Mismatch == "" {
				cached = append(cached, res)
			}
		}
		if len(cached) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## Cached, %s (service with its response cache on, the default; library as above)\n\n", ds)
		b.WriteString("| question | service req/s | ratio to the library | service p50 | service p99 | service RSS MiB | failed requests |\n")
		b.WriteString("|---|---:|---:|---:|---:|---:|---:|\n")
		for _, res := range cached {
			c := res.Cached
			fmt.Fprintf(&b, "| %s | %.0f | %.1f | %s | %s | %s | %d |\n", res.Question.Title, c.ReqPerSec,
				Ratio(c.ReqPerSec, res.Peer.ReqPerSec), ms(c.P50), ms(c.P99), mib(c.PeakRSSKiB), c.Failures)
		}
	}
	r.writeGrowth(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeCPU writes the CPU each server and its Neo4j spent per answer: where the time goes, and what the
// throughput ratio can be at most when the machine's cores are the limit.
func writeCPU(b *strings.Builder, results []Result) {
	var timed []Result
	for _, res := range results {
		if res.Mismatch == "" && res.Service.CPU > 0 && res.Peer.CPU > 0 {
			timed = append(timed, res)
		}
	}
	if len(timed) == 0 {
		return
	}
	b.WriteString("\nCPU per answer, in ms of user and system time (`/proc/PID/stat` over the timed run, divided by the 2xx answers; " +
		"Neo4j's share includes its background work). With every core busy, the throughput ratio tends to the inverse " +
		"ratio of the CPU per answer of each server with its Neo4j, plus the load generator's share, which both pay alike.\n\n")
	b.WriteString("| question | service | Neo4j for the service | library | Neo4j for the library | library + its Neo4j ÷ service + its Neo4j |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|\n")
	for _, res := range timed {
		s, p := res.Service, res.Peer
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", res.Question.Title, cpuMS(s.CPU), cpuMS(s.Neo4jCPU),
			cpuMS(p.CPU), cpuMS(p.Neo4jCPU), cpuRatio(p.CPU+p.Neo4jCPU, s.CPU+s.Neo4jCPU, s.Neo4jCPU > 0 && p.Neo4jCPU > 0))
	}
}

// ratioList writes the ratio of each round, in order.
func ratioList(ratios []float64) string {
	parts := make([]string, len(ratios))
	for i, r := range ratios {
		parts[i] = fmt.Sprintf("%.2f", r)
	}
	return strings.Join(parts, " ")
}

// cpuMS writes a CPU time per answer in milliseconds, or "–" when it was not measured.
func cpuMS(d time.Duration) string {
	if d <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond))
}

// cpuRatio is the library's CPU per answer over the service's, both with their Neo4j's when measured.
func cpuRatio(peer, service time.Duration, withNeo4j bool) string {
	if !withNeo4j || service <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", float64(peer)/float64(service))
}

// writeGrowth writes how each question's median latency grows on copies of the real seeds, against its uncached
// median on the real seeds.
func (r Report) writeGrowth(b *strings.Builder) {
	if len(r.Growth) == 0 {
		return
	}
	var base []Result
	for _, res := range r.Results {
		if res.Dataset == "real seeds" {
			base = append(base, res)
		}
	}
	b.WriteString("\n## The service as the data grows (uncached, the real seeds with every activity copied)\n\n")
	b.WriteString("The copies (`synth.Copies`) are joined to the same countries, organisations and projects as the originals, " +
		"so the hubs grow with them, as years of inventories would make them. The service alone is timed: among copies " +
		"with the same dates and sources, a first page or the best-sourced paths have many equally right answers.\n\n")
	for _, g := range r.Growth {
		fmt.Fprintf(b, "- x%d: %d nodes, %d relationships, loaded (staged, then switched) in %s.\n", g.Copies, g.Nodes,
			g.Relationships, g.LoadTime.Round(time.Second))
	}
	b.WriteString("\nGrowth is the p50 at that size over the p50 on the real seeds, in whole milliseconds as autocannon counts them " +
		"(under 1 ms counts as 1); mean growth is the mean latency's, which a fixed number of connections makes the " +
		"inverse ratio of the req/s (Little's law), finer than whole milliseconds.\n")
	b.WriteString("\n| question | p50 x1 |")
	for _, g := range r.Growth {
		fmt.Fprintf(b, " p50 x%d | growth x%d | mean growth x%d |", g.Copies, g.Copies, g.Copies)
	}
	b.WriteString(" req/s x1 |")
	for _, g := range r.Growth {
		fmt.Fprintf(b, " req/s x%d |", g.Copies)
	}
	b.WriteString(" failed requests |\n|---|---:|")
	b.WriteString(strings.Repeat("---:|---:|---:|", len(r.Growth)) + "---:|" + strings.Repeat("---:|", len(r.Growth)) + "---:|\n")
	for i, res := range base {
		fmt.Fprintf(b, "| %s | %s |", res.Question.Title, ms(res.Service.P50))
		failures := res.Service.Failures
		for _, g := range r.Growth {
			m := g.Measures[i]
			fmt.Fprintf(b, " %s | %s | %s |", ms(m.P50), growth(m.P50, res.Service.P50), meanGrowth(m.ReqPerSec, res.Service.ReqPerSec))
			failures += m.Failures
		}
		fmt.Fprintf(b, " %.0f |", res.Service.ReqPerSec)
		for _, g := range r.Growth {
			fmt.Fprintf(b, " %.0f |", g.Measures[i].ReqPerSec)
		}
		fmt.Fprintf(b, " %d |\n", failures)
	}
}

// growth is a median latency at scale over the one on the real seeds; under 1 ms counts as 1 ms (autocannon
// counts whole milliseconds).
func growth(at, base float64) string {
	return fmt.Sprintf("%.1fx", max(at, 1)/max(base, 1))
}

// meanGrowth is the mean latency at scale over the one on the real seeds: with the same number of connections, the
// inverse ratio of the req/s.
func meanGrowth(at, base float64) string {
	if at <= 0 || base <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2fx", base/at)
}

// ms writes a latency; autocannon counts whole milliseconds, so 0 means under one.
func ms(v float64) string {
	if v < 1 {
		return "<1 ms"
	}
	return fmt.Sprintf("%g ms", v)
}

func mib(kib int64) string { return fmt.Sprintf("%.0f", float64(kib)/1024) }

// cell makes text safe inside a Markdown table cell.
func cell(s string) string { return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s) }
