package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/cybercoop/cybercoop/bench"
	"github.com/cybercoop/cybercoop/loader"
	"github.com/cybercoop/cybercoop/store"
	"github.com/cybercoop/cybercoop/synth"
)

// atScales times the service alone on the real seeds with every activity copied n times (synth.Copies), for each
// n of c.scales, and loads the real seeds back whatever happened. The peer is not asked: among thousands of
// copies with the same dates and sources, "the first 20" or "the two best-sourced paths" have many equally good
// answers, which two servers need not pick alike.
func (r runner) atScales(ctx context.Context, st *store.Store, questions []bench.Question) (growth []bench.Growth, err error) {
	seeds, err := loader.Read(os.DirFS("seeds"))
	if err != nil {
		return nil, fmt.Errorf("read seeds/: %w", err)
	}
	defer func() {
		restore := context.WithoutCancel(ctx)
		if _, lerr := st.Load(restore, seeds.Dataset, seeds.Version, store.LoadOptions{Replace: true}); lerr != nil {
			err = errors.Join(err, fmt.Errorf("load the real seeds back: %w", lerr))
		}
	}()
	for _, n := range r.c.scales {
		data := synth.Copies(seeds.Dataset, n)
		g := bench.Growth{Copies: n, Nodes: len(data.Nodes), Relationships: len(data.Relationships)}
		fmt.Printf("bench-peer: loading the real seeds x%d (%d nodes, %d relationships)\n", n, g.Nodes, g.Relationships)
		loaded, err := st.Load(ctx, data, fmt.Sprintf("%s-x%d", seeds.Version, n), store.LoadOptions{Replace: true})
		if err != nil {
			return growth, err
		}
		g.LoadTime = loaded.Duration // the load's own time, the wait for the switch grace included
		dataset := fmt.Sprintf("real seeds x%d", n)
		service, err := r.startService(ctx, false, dataset)
		if err != nil {
			return growth, err
		}
		// As on the real seeds, every question is warmed up before any is timed: right after a load, Neo4j's caches
		// and plans are cold, which would count against whichever questions come first.
		for _, q := range questions {
			if err := r.warm(ctx, service, request(q, true)); err != nil {
				service.Stop()
				return growth, err
			}
		}
		for _, q := range questions {
			m, err := r.measure(ctx, service, request(q, true))
			if err != nil {
				service.Stop()
				return growth, err
			}
			fmt.Printf("bench-peer: %s (%s): %.0f req/s, p50 %s\n", q.Name, dataset, m.ReqPerSec, time.Duration(m.P50*float64(time.Millisecond)))
			g.Measures = append(g.Measures, m)
		}
		service.Stop()
		growth = append(growth, g)
	}
	return growth, nil
}
