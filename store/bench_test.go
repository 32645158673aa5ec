package store_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/store"
	"github.com/cybercoop/cybercoop/synth"
)

// BenchmarkLoad loads a synthetic graph of SYNTH_SCALE times the real activities (default 455: 100,100 activities)
// b.N times, after emptying both slots, and reports nodes and relationships written per second, without the
// switch grace waited. The first two loads write an empty slot, the next ones clear the copy two loads back
// first. Each load's time is logged. The real seeds are loaded back afterwards. Run it with `make bench`.
func BenchmarkLoad(b *testing.B) {
	scale := 455
	if s := os.Getenv("SYNTH_SCALE"); s != "" {
		var err error
		if scale, err = strconv.Atoi(s); err != nil {
			b.Fatalf("SYNTH_SCALE=%q: %v", s, err)
		}
	}
	ctx := context.Background()
	st := neo4jtest.Open(b)
	if err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { neo4jtest.Seeded(b) })
	for range 2 {
		if _, err := st.Load(ctx, cybercoop.Dataset{}, "empty", store.LoadOptions{Replace: true}); err != nil {
			b.Fatal(err)
		}
	}
	data := synth.Generate(scale, 1)
	b.ResetTimer()
	var elapsed time.Duration
	for i := range b.N {
		report, err := st.Load(ctx, data, fmt.Sprintf("synthetic-%d-%d", scale, i), store.LoadOptions{Replace: true})
		if err != nil {
			b.Fatal(err)
		}
		elapsed += report.Duration - report.GraceWait
		b.Logf("load %d: %s (%s waiting for the grace), %d nodes and %d relationships cleared first", i+1,
			report.Duration.Round(time.Millisecond), report.GraceWait.Round(time.Millisecond), report.NodesDeleted,
			report.RelationshipsDeleted)
		if report.NodesCreated != len(data.Nodes) || report.RelationshipsCreated != len(data.Relationships) {
			b.Fatalf("created %d nodes and %d relationships, want %d and %d", report.NodesCreated,
				report.RelationshipsCreated, len(data.Nodes), len(data.Relationships))
		}
	}
	seconds := elapsed.Seconds() / float64(b.N)
	b.ReportMetric(float64(len(data.Nodes))/seconds, "nodes/s")
	b.ReportMetric(float64(len(data.Relationships))/seconds, "rels/s")
	b.ReportMetric(float64(len(data.Relationships)), "rels")
}

// BenchmarkReadsAtScale times the API's reads on a synthetic graph of SYNTH_SCALE times the real activities
// (default 455: 100,100 activities), loaded once; the real seeds are loaded back afterwards.
func BenchmarkReadsAtScale(b *testing.B) {
	scale := 455
	if s := os.Getenv("SYNTH_SCALE"); s != "" {
		scale, _ = strconv.Atoi(s)
	}
	ctx := context.Background()
	st := neo4jtest.Open(b)
	if err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { neo4jtest.Seeded(b) })
	synthetic := synth.Generate(scale, 1)
	if _, err := st.Load(ctx, synthetic, fmt.Sprintf("synthetic-%d", scale), store.LoadOptions{Replace: true}); err != nil {
		b.Fatal(err)
	}
	project := cybercoop.Ref{Kind: cybercoop.KindProject, ID: "p1"}
	country := cybercoop.Ref{Kind: cybercoop.KindCountry, ID: "c1"}
	org := cybercoop.Ref{Kind: cybercoop.KindOrganization, ID: "o1"}
	page := store.Page{Limit: 20}
	reads := []struct {
		name string
		read func() error
	}{
		{"ActivitiesAllWithCount", func() error {
			_, err := st.Activities(ctx, nil, store.ActivityQuery{Page: page, Count: true})
			return err
		}},
		{"ActivitiesFilteredWithCount", func() error {
			_, err := st.Activities(ctx, nil, store.ActivityQuery{Page: page, Count: true,
				Filter: store.ActivityFilter{Types: []string{"training"}, From: "2015-01-01", To: "2015-12-31"}})
			return err
		}},
		{"ActivitiesOfProject", func() error {
			_, err := st.Activities(ctx, []cybercoop.Ref{project}, store.ActivityQuery{Page: page, Count: true})
			return err
		}},
		{"StatsByMonth", func() error { _, err := st.ActivityStats(ctx, "MONTH", store.ActivityFilter{}); return err }},
		{"Collaborators", func() error {
			_, err := st.Collaborators(ctx, store.CollaboratorQuery{Of: org, ViaActivity: true, ViaProject: true, Page: page})
			return err
		}},
		{"Search", func() error { _, err := st.Search(ctx, "activity a12345", nil, 20, store.Selection{}); return err }},
		{"Paths", func() error {
			_, err := st.Paths(ctx, country, cybercoop.Ref{Kind: cybercoop.KindCountry, ID: "c2"}, 4, 5, store.Period{}, store.Selection{})
			return err
		}},
		{"Neighborhood", func() error { _, err := st.Neighborhood(ctx, org, 1, 100, store.Selection{}); return err }},
	}
	for _, r := range reads {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				if err := r.read(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCollaboratorsOfHubs times collaborators(of:) for the busiest entities of the real seeds (INTERPOL, the
// Council of Europe, GLACY+, Ghana) on the real graph with every activity copied REAL_COPIES times (default 100:
// about 21,800 activities), so that the hubs grow as they would with years of inventories; one page of 20, through
// activities and projects, without a date window (from the projection) and since 2018 (from the activities). The
// real seeds are loaded back afterwards.
func BenchmarkCollaboratorsOfHubs(b *testing.B) {
	st := loadCopies(b)
	hubs := []cybercoop.Ref{
		{Kind: cybercoop.KindOrganization, ID: "interpol"},
		{Kind: cybercoop.KindOrganization, ID: "coe"},
		{Kind: cybercoop.KindProject, ID: "glacy-plus"},
		{Kind: cybercoop.KindCountry, ID: "gh"},
	}
	for _, of := range hubs {
		for window, from := range map[string]string{"": "", "/since-2018": "2018-01-01"} {
			b.Run(of.ID+window, func(b *testing.B) {
				q := store.CollaboratorQuery{Of: of, ViaActivity: true, ViaProject: true, From: from, Page: store.Page{Limit: 20}}
				for b.Loop() {
					if _, err := st.Collaborators(ctx, q); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkPathsAtScale times paths on the route map against the same questions searched in the graph itself, on
// the real graph with every activity copied REAL_COPIES times (default 100), so that the hubs on the way grow as
// years of inventories would make them: Tonga to EUROPOL (the side-by-side question g), INTERPOL to an activity,
// one activity to another, and the Council of Europe to EUROPOL with maxHops 6 and first 20. The real seeds are
// loaded back afterwards.
func BenchmarkPathsAtScale(b *testing.B) {
	st := loadCopies(b)
	activity := func(id string) cybercoop.Ref { return cybercoop.Ref{Kind: cybercoop.KindActivity, ID: id} }
	europol := cybercoop.Ref{Kind: cybercoop.KindOrganization, ID: "europol"}
	questions := []struct {
		name           string
		from, to       cybercoop.Ref
		maxHops, first int
	}{
		{"TongaEuropol", cybercoop.Ref{Kind: cybercoop.KindCountry, ID: "to"}, europol, 4, 2},
		{"InterpolActivity", cybercoop.Ref{Kind: cybercoop.KindOrganization, ID: "interpol"}, activity("cproc-2018-634"), 4, 5},
		{"ActivityActivity", activity("cproc-2018-634"), activity("cproc-2018-661"), 4, 5},
		{"CoEEuropolFar", cybercoop.Ref{Kind: cybercoop.KindOrganization, ID: "coe"}, europol, 6, 20},
	}
	for _, q := range questions {
		ways := []struct {
			name  string
			paths func() ([]store.Path, error)
		}{
			{"map", func() ([]store.Path, error) {
				return st.Paths(ctx, q.from, q.to, q.maxHops, q.first, store.Period{}, store.Selection{})
			}},
			{"graph", func() ([]store.Path, error) { return st.GraphPaths(ctx, q.from, q.to, q.maxHops, q.first) }},
		}
		for _, way := range ways {
			b.Run(way.name+"/"+q.name, func(b *testing.B) {
				// Once untimed: Neo4j plans each statement the first time it sees it after a load.
				if _, err := way.paths(); err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					if _, err := way.paths(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// loadCopies loads the real seeds with every activity copied REAL_COPIES times (default 100: about 21,800
// activities), and loads the real seeds back when the benchmark ends.
func loadCopies(b *testing.B) *store.Store {
	copies := 100
	if s := os.Getenv("REAL_COPIES"); s != "" {
		copies, _ = strconv.Atoi(s)
	}
	st := neo4jtest.Seeded(b)
	b.Cleanup(func() { neo4jtest.Seeded(b) })
	seeds := neo4jtest.Seeds(b)
	data := synth.Copies(seeds.Dataset, copies)
	if _, err := st.Load(ctx, data, fmt.Sprintf("%s-x%d", seeds.Version, copies), store.LoadOptions{Replace: true}); err != nil {
		b.Fatal(err)
	}
	return st
}
