package synth_test

import (
	"reflect"
	"testing"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/synth"
)

func TestGenerate(t *testing.T) {
	t.Run("OK deterministic", func(t *testing.T) {
		if a, b := synth.Generate(2, 7), synth.Generate(2, 7); !reflect.DeepEqual(a, b) {
			t.Error("the same scale and seed gave two different graphs")
		}
		if a, b := synth.Generate(2, 7), synth.Generate(2, 8); reflect.DeepEqual(a, b) {
			t.Error("two seeds gave the same graph")
		}
	})
	t.Run("OK sized by scale, every relationship between existing nodes", func(t *testing.T) {
		d := synth.Generate(10, 1)
		exists := map[string]bool{}
		activities := 0
		for _, n := range d.Nodes {
			exists[n.Label+":"+n.ID] = true
			if n.Label == "Activity" {
				activities++
			}
		}
		if activities != 2200 {
			t.Errorf("%d activities at scale 10, want 2200", activities)
		}
		for _, r := range d.Relationships {
			if !exists[r.FromLabel+":"+r.FromID] || !exists[r.ToLabel+":"+r.ToID] {
				t.Fatalf("dangling relationship %+v", r)
			}
		}
	})
}

func TestCopies(t *testing.T) {
	real := cybercoop.Dataset{
		Nodes: []cybercoop.Node{{Label: "Activity", ID: "a"}, {Label: "Country", ID: "gh"}, {Label: "Project", ID: "p"}},
		Relationships: []cybercoop.Relationship{
			{Type: "HELD_IN", FromLabel: "Activity", FromID: "a", ToLabel: "Country", ToID: "gh"},
			{Type: "TARGETS", FromLabel: "Project", FromID: "p", ToLabel: "Country", ToID: "gh"},
		},
	}
	got := synth.Copies(real, 3)
	var ids, held []string
	for _, n := range got.Nodes {
		ids = append(ids, n.Label+":"+n.ID)
	}
	for _, r := range got.Relationships {
		held = append(held, r.Type+" "+r.FromID+"->"+r.ToID)
	}
	wantIDs := []string{"Activity:a", "Country:gh", "Project:p", "Activity:a~2", "Activity:a~3"}
	wantRels := []string{"HELD_IN a->gh", "TARGETS p->gh", "HELD_IN a~2->gh", "HELD_IN a~3->gh"}
	if !reflect.DeepEqual(ids, wantIDs) || !reflect.DeepEqual(held, wantRels) {
		t.Errorf("Copies(3): nodes %v, relationships %v; want %v and %v", ids, held, wantIDs, wantRels)
	}
	if len(synth.Copies(real, 1).Nodes) != 3 {
		t.Error("one copy is not the data itself")
	}
}
