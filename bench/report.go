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
	median := medianIndex(ratios)
	return worstOf(service, service[median]), worstOf(peer, peer[median]), ratios
}

// MedianAgainst picks, from rounds in which the service answered a service-only question and the reference
// question (b) one after the other, the round with the median ratio of the question's p50 to the reference's
// (P50Ratio; the lower middle one for an even number), and returns the question's measure of that round, with its
// highest RSS and its failures over all rounds, the reference's measure of that round, and every round's ratio.
func MedianAgainst(runs, reference []Measure) (Measure, Measure, []float64) {
	ratios := make([]float64, len(runs))
	for i := range runs {
		ratios[i] = P50Ratio(runs[i].P50, reference[i].P50)
	}
	median := medianIndex(ratios)
	return worstOf(runs, runs[median]), reference[median], ratios
}

// medianIndex is the index of the median of ratios, the lower of the two middle ones for an even number.
func medianIndex(ratios []float64) int {
	order := make([]int, len(ratios))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ratios[a], ratios[b]) })
	return order[(len(order)-1)/2]
}

// P50Ratio is a question's median latency over the reference question's, both in whole milliseconds as autocannon
// counts them, under 1 ms counting as 1 (as in the growth table): 1 or less when the question is no slower.
func P50Ratio(p50, reference float64) float64 {
	return max(p50, 1) / max(reference, 1)
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

// Result is one question asked of both servers on one dataset, or of the service alone for a service-only question.
type Result struct {
	Question Question
	Dataset  string // "real seeds", "synth 10x", ...
	// Mismatch says how the answers differed, or for a service-only question what was wrong with the service's
	// answer (errors, no data, no entity); such a question is not timed.
	Mismatch string
	Service  Measure // response cache off
	Peer     Measure // the Neo4j GraphQL Library; zero for a service-only question
	// RoundRatios are the service's req/s over the library's in each round, in order; Service and Peer are from
	// the round with the median ratio. For a service-only question: its p50 over the reference question's in each
	// round (P50Ratio), Service and Reference being from the round with the median one (MedianAgainst).
	RoundRatios []float64
	// Reference is, for a service-only question, the service's run of the reference question (Report.Reference)
	// in the round shown.
	Reference *Measure
	Cached    *Measure // the service with its response cache, when measured
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
	// Reference names the question (b-country-activities) whose p50 the service-only questions' p50 is held
	// against, round by round and at each size.
	Reference string
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
// uncached comparison, then the cached service when it was measured, then the service-only questions against the
// reference question, then the growth on copies of the real seeds.
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
		if res.Question.ServiceOnly {
			continue // in their own section: the library has no counterpart to compare with
		}
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
	r.writeServiceOnly(&b)
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

// writeServiceOnly writes the section of the service-only questions (the treaty fields, which the library has no
// counterpart for): the service's uncached req/s, p50 and p99 on the real seeds, and each question's p50 against the
// reference question's (b) in the same round, and at each size of the growth runs.
func (r Report) writeServiceOnly(b *strings.Builder) {
	var base, only []Result
	for _, res := range r.Results {
		if res.Dataset != "real seeds" {
			continue
		}
		base = append(base, res)
		if res.Question.ServiceOnly {
			only = append(only, res)
		}
	}
	if len(only) == 0 {
		return
	}
	ref := slices.IndexFunc(base, func(res Result) bool { return res.Question.Name == r.Reference })
	refTitle := r.Reference
	if ref >= 0 {
		refTitle = base[ref].Question.Title
		refTitle, _, _ = strings.Cut(refTitle, ",") // "b) a country's activities"
	}
	b.WriteString("\n## Treaty fields (service only)\n\n")
	fmt.Fprintf(b, "The library has no counterpart of these fields, so only the service is asked, uncached (RESPONSE_CACHE_BYTES=0), "+
		"on the real seeds in the same rounds as the others and on each size below. Each question is held against %s "+
		"(`%s`) in the same run: \"÷ b\" is its p50 over b's in the same round, in whole milliseconds as autocannon counts "+
		"them (under 1 ms counts as 1), at most 1 when it is no slower; \"mean ÷ b\" is its mean latency over b's, "+
		"which the fixed number of connections makes b's req/s over its own (Little's law), finer than whole milliseconds. "+
		"The figures on the real seeds are from the round with the median \"÷ b\"; every round's is listed.\n\n", cell(refTitle), r.Reference)
	b.WriteString("| question | req/s | p50 | p99 | b's p50 | ÷ b | ÷ b in each round | mean ÷ b |")
	for _, g := range r.Growth {
		fmt.Fprintf(b, " p50 x%d | b's p50 x%d | ÷ b x%d | mean ÷ b x%d |", g.Copies, g.Copies, g.Copies, g.Copies)
	}
	b.WriteString(" p50 no higher than b's | failed requests |\n|---|---:|---:|---:|---:|---:|---:|---:|")
	b.WriteString(strings.Repeat("---:|---:|---:|---:|", len(r.Growth)) + "---|---:|\n")
	for _, res := range only {
		if res.Mismatch != "" {
			fmt.Fprintf(b, "| %s | not timed: %s |%s\n", res.Question.Title, cell(res.Mismatch), strings.Repeat("|", 8+4*len(r.Growth)))
			continue
		}
		s := res.Service
		failures := s.Failures
		// ratios are every p50 ratio to the reference shown in the row; one unknown leaves the verdict unknown.
		var ratios []float64
		known := res.Reference != nil
		refP50, ratio, mean := "–", "–", "–"
		if known {
			ratios = append(ratios, P50Ratio(s.P50, res.Reference.P50))
			refP50, ratio, mean = ms(res.Reference.P50), fmt.Sprintf("%.2f", ratios[0]), meanRatio(s.ReqPerSec, res.Reference.ReqPerSec)
		}
		fmt.Fprintf(b, "| %s | %.0f | %s | %s | %s | %s | %s | %s |", res.Question.Title, s.ReqPerSec, ms(s.P50), ms(s.P99),
			refP50, ratio, ratioList(res.RoundRatios), mean)
		i := slices.IndexFunc(base, func(x Result) bool { return x.Question.Name == res.Question.Name })
		for _, g := range r.Growth {
			if ref < 0 || ref >= len(g.Measures) || i >= len(g.Measures) {
				b.WriteString(" – | – | – | – |")
				known = false
				continue
			}
			m, refM := g.Measures[i], g.Measures[ref]
			ratios = append(ratios, P50Ratio(m.P50, refM.P50))
			fmt.Fprintf(b, " %s | %s | %.2f | %s |", ms(m.P50), ms(refM.P50), ratios[len(ratios)-1], meanRatio(m.ReqPerSec, refM.ReqPerSec))
			failures += m.Failures
		}
		verdict := "–"
		if known {
			verdict = "yes"
			if slices.Max(ratios) > 1 {
				verdict = "no"
			}
		}
		fmt.Fprintf(b, " %s | %d |\n", verdict, failures)
	}
}

// meanRatio is a question's mean latency over the reference's at the same number of connections: the reference's
// req/s over the question's.
func meanRatio(reqPerSec, reference float64) string {
	if reqPerSec <= 0 || reference <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", reference/reqPerSec)
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
