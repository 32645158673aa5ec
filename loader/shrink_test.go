package loader_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/loader"
)

func TestCheckShrink(t *testing.T) {
	// The seeds hold 1 project, 1 country, 1 convention, 1 source and one ACCESSION relationship.
	seeds, err := loader.Read(seedFS(map[string]string{"relations.jsonl": okAccession}))
	if err != nil {
		t.Fatal(err)
	}
	graph := func(projects, accessions int) cybercoop.Counts {
		return cybercoop.Counts{
			Nodes:         map[string]int{"Project": projects, "Country": 1, "Convention": 1, "Source": 1},
			Relationships: map[string]int{"ACCESSION": accessions},
		}
	}
	cases := []struct {
		name    string
		current cybercoop.Counts
		maxLoss float64
		want    []string // the problems, "" for none
	}{
		{"OK the same size", graph(1, 1), 20, nil},
		{"OK an empty graph", cybercoop.Counts{}, 20, nil},
		{"OK growth", graph(0, 0), 0, nil},
		{"OK a loss at the threshold", graph(5, 1), 80, nil},
		{"ErrProjects a loss over the threshold", graph(5, 1), 79,
			[]string{"projects.jsonl (1 records): the graph holds 5 Project nodes, the seeds 1: this load would delete 4 (80%, more than the 79% allowed)"}},
		{"ErrRelations the file of the relationship type is named", graph(1, 2), 20,
			[]string{"relations.jsonl (1 records): the graph holds 2 ACCESSION relationships, the seeds 1: this load would delete 1 (50%, more than the 20% allowed)"}},
		{"ErrActivities a label whose files are all gone", cybercoop.Counts{Nodes: map[string]int{"Activity": 3}}, 20,
			[]string{"activities-test.jsonl (0 records): the graph holds 3 Activity nodes, the seeds 0: this load would delete 3 (100%, more than the 20% allowed)"}},
		{"ErrPartOf every file that writes the type is named", cybercoop.Counts{Relationships: map[string]int{"PART_OF": 10}}, 20,
			[]string{"activities-test.jsonl (0 records), goals.jsonl (0 records), organizations.jsonl (0 records): the graph holds 10 PART_OF relationships"}},
	}
	t.Run("ErrRelations the charts that write the type are named too", func(t *testing.T) {
		seeds, err := loader.Read(seedFS(chartSeeds(nil)))
		if err != nil {
			t.Fatal(err)
		}
		err = seeds.CheckShrink(cybercoop.Counts{Relationships: map[string]int{"ACCESSION": 100}}, 20)
		want := "charts/ets185-chart-2026-04-25.tsv (3 records), charts/ets189-partial-2025-06-04.tsv (2 records), " +
			"charts/uncc-signatories-2026-01.tsv (3 records), relations.jsonl (0 records): the graph holds 100 ACCESSION relationships"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckShrink() = %v, want %q", err, want)
		}
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := seeds.CheckShrink(tc.current, tc.maxLoss)
			var invalid *loader.InvalidSeedsError
			if tc.want == nil {
				if err != nil {
					t.Errorf("CheckShrink() = %v, want nil", err)
				}
				return
			}
			if !errors.As(err, &invalid) || len(invalid.Problems) != len(tc.want) {
				t.Fatalf("CheckShrink() = %v, want %d problem(s)", err, len(tc.want))
			}
			for i, p := range invalid.Problems {
				if !strings.HasPrefix(p.String(), tc.want[i]) {
					t.Errorf("problem %d = %q, want %q", i, p, tc.want[i])
				}
			}
		})
	}
}
