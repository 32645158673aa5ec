package synth_test

import (
	"reflect"
	"testing"

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
