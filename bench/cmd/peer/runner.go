package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cybercoop/cybercoop/bench"
	"github.com/cybercoop/cybercoop/store"
)

type runner struct {
	c          config
	autocannon bench.Autocannon
	serverBin  string
}

// command is a server command with the Neo4j settings and both listen addresses in its environment.
func (r runner) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "NEO4J_URI="+r.c.db.URI, "NEO4J_USER="+r.c.db.User,
		"NEO4J_PASSWORD="+r.c.db.Password, "NEO4J_DATABASE="+r.c.db.Database,
		"LISTEN_ADDR="+r.c.serviceAddr, "PEER_LISTEN_ADDR="+r.c.peerAddr)
	return cmd
}

// startPeer starts the peer over the labels of slot, which hold the dataset.
func (r runner) startPeer(ctx context.Context, dataset string, slot int) (*bench.Server, error) {
	cmd := r.command(ctx, "node", "bench/peer/server.mjs")
	cmd.Env = append(cmd.Env, "PEER_LABEL_SUFFIX="+store.LabelSuffix(slot))
	log := filepath.Join(r.c.logs, fmt.Sprintf("peer-%s.log", strings.ReplaceAll(dataset, " ", "-")))
	return bench.Start("peer", cmd, r.c.peerAddr, "http://"+r.c.peerAddr+"/", log, 60*time.Second)
}

// startService starts the built service with its response cache off, or on with the default size.
func (r runner) startService(ctx context.Context, cached bool, dataset string) (*bench.Server, error) {
	cmd := r.command(ctx, r.serverBin)
	name := "service"
	if !cached {
		cmd.Env = append(cmd.Env, "RESPONSE_CACHE_BYTES=0")
	} else {
		name = "service-cached"
	}
	log := filepath.Join(r.c.logs, fmt.Sprintf("%s-%s.log", name, strings.ReplaceAll(dataset, " ", "-")))
	return bench.Start(name, cmd, r.c.serviceAddr, "http://"+r.c.serviceAddr+"/graphql", log, 30*time.Second)
}

// compare asks every question of both servers on the loaded dataset, times those whose answers agree (the
// servers taking turns), then times the service again with its response cache on. A service-only question is
// asked of the service alone, timed in the same rounds, and held against the reference question's run of its
// round (bench.MedianAgainst); it is not timed with the cache on, having no library to be compared with.
func (r runner) compare(ctx context.Context, dataset string, questions []bench.Question, peer *bench.Server) ([]bench.Result, error) {
	service, err := r.startService(ctx, false, dataset)
	if err != nil {
		return nil, err
	}
	results := make([]bench.Result, len(questions))
	servers := [2]*bench.Server{service, peer}
	// Every question is asked of both servers, untimed, before any is timed: a Neo4j just started runs several
	// times slower for its first seconds, which would count against whichever question and server came first.
	for i, q := range questions {
		results[i] = bench.Result{Question: q, Dataset: dataset}
		if q.ServiceOnly {
			body, err := service.Ask(ctx, request(q, true))
			if err == nil {
				err = bench.CheckServiceOnly(body)
			}
			if err != nil {
				results[i].Mismatch = err.Error()
				fmt.Printf("bench-peer: %s (%s): %v\n", q.Name, dataset, err)
				continue
			}
			if err := r.warm(ctx, service, request(q, true)); err != nil {
				service.Stop()
				return nil, err
			}
			continue
		}
		if err := agree(ctx, q, service, peer); err != nil {
			results[i].Mismatch = err.Error()
			fmt.Printf("bench-peer: %s (%s): %v\n", q.Name, dataset, err)
			continue
		}
		for _, s := range servers {
			if err := r.warm(ctx, s, request(q, s == service)); err != nil {
				service.Stop()
				return nil, err
			}
		}
	}
	ref := slices.IndexFunc(questions, func(q bench.Question) bool { return q.Name == r.c.reference })
	for i, q := range questions {
		if q.ServiceOnly && results[i].Mismatch == "" && (ref < 0 || results[ref].Mismatch != "") {
			results[i].Mismatch = fmt.Sprintf("the reference question %s was not timed", r.c.reference)
		}
	}
	// Round after round, each question is timed on both servers, which goes first alternating by question and by
	// round; the result is the round with the median ratio.
	runs := make([][2][]bench.Measure, len(questions)) // [question][service, peer][round]
	for round := range r.c.rounds {
		for i, q := range questions {
			if results[i].Mismatch != "" {
				continue
			}
			if q.ServiceOnly {
				m, err := r.measure(ctx, service, request(q, true))
				if err != nil {
					service.Stop()
					return nil, err
				}
				runs[i][0] = append(runs[i][0], m)
				fmt.Printf("bench-peer: %s (%s, round %d): service %.0f req/s, p50 %s\n", q.Name, dataset, round+1,
					m.ReqPerSec, time.Duration(m.P50*float64(time.Millisecond)))
				continue
			}
			order := []int{0, 1}
			if (i+round)%2 == 1 {
				order = []int{1, 0}
			}
			for _, which := range order {
				s := servers[which]
				m, err := r.measure(ctx, s, request(q, s == service))
				if err != nil {
					service.Stop()
					return nil, err
				}
				runs[i][which] = append(runs[i][which], m)
			}
			fmt.Printf("bench-peer: %s (%s, round %d): service %.0f req/s, library %.0f req/s\n", q.Name, dataset, round+1,
				runs[i][0][round].ReqPerSec, runs[i][1][round].ReqPerSec)
		}
	}
	for i, q := range questions {
		switch {
		case results[i].Mismatch != "":
		case q.ServiceOnly:
			var reference bench.Measure
			results[i].Service, reference, results[i].RoundRatios = bench.MedianAgainst(runs[i][0], runs[ref][0])
			results[i].Reference = &reference
		default:
			results[i].Service, results[i].Peer, results[i].RoundRatios = bench.MedianRound(runs[i][0], runs[i][1])
		}
	}
	service.Stop()
	if !r.c.cached {
		return results, nil
	}
	cachedService, err := r.startService(ctx, true, dataset)
	if err != nil {
		return nil, err
	}
	defer cachedService.Stop()
	for i, q := range questions {
		if results[i].Mismatch != "" || q.ServiceOnly {
			continue
		}
		m, err := r.measure(ctx, cachedService, request(q, true))
		if err != nil {
			return nil, err
		}
		results[i].Cached = &m
	}
	return results, nil
}

// agree asks a question of both servers and compares the entities and totals of their answers.
func agree(ctx context.Context, q bench.Question, service, peer *bench.Server) error {
	var answers [2]bench.Answer
	for i, s := range []*bench.Server{service, peer} {
		body, err := s.Ask(ctx, request(q, s == service))
		if err != nil {
			return err
		}
		if answers[i], err = bench.Normalize(body); err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
	}
	return bench.Compare(answers[0], answers[1])
}

// warm sends a server the request for the warm-up time, untimed.
func (r runner) warm(ctx context.Context, s *bench.Server, body []byte) error {
	if r.c.warmup <= 0 {
		return nil
	}
	warm := r.autocannon
	warm.Duration = r.c.warmup
	_, err := warm.Run(ctx, s.URL, body)
	return err
}

// measure warms a server up with the request, then times it while sampling the server's RSS and reading the CPU
// time the server and Neo4j spend.
func (r runner) measure(ctx context.Context, s *bench.Server, body []byte) (bench.Measure, error) {
	if err := r.warm(ctx, s, body); err != nil {
		return bench.Measure{}, err
	}
	serverCPU, neo4jCPU := r.cpuMeter(s.PID()), r.cpuMeter(r.c.neo4jPID)
	rss := bench.SampleRSS(s.PID(), 50*time.Millisecond)
	load, err := r.autocannon.Run(ctx, s.URL, body)
	peak, rssErr := rss.Peak()
	if err == nil && rssErr != nil {
		err = fmt.Errorf("%s: %w", s.Name, rssErr)
	}
	return bench.Measure{Load: load, PeakRSSKiB: peak, CPU: serverCPU(load.Requests), Neo4jCPU: neo4jCPU(load.Requests)}, err
}

// cpuMeter reads a process's CPU time now and returns what reports the CPU it has used since, per answer; 0 when
// pid is 0 or its CPU time cannot be read.
func (r runner) cpuMeter(pid int) func(answers int) time.Duration {
	if pid == 0 {
		return func(int) time.Duration { return 0 }
	}
	before, err := bench.ReadCPUTime(pid)
	return func(answers int) time.Duration {
		after, errAfter := bench.ReadCPUTime(pid)
		if err != nil || errAfter != nil || answers == 0 {
			return 0
		}
		return (after - before) / time.Duration(answers)
	}
}

// request is the JSON body asking the service's or the peer's document of a question.
func request(q bench.Question, forService bool) []byte {
	doc := q.Peer
	if forService {
		doc = q.Service
	}
	body, _ := json.Marshal(map[string]string{"query": doc}) // a map of strings always marshals
	return body
}
