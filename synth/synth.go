// Package synth generates knowledge graphs shaped like the real one but of any size, for load and query
// benchmarks. The same scale and seed always give the same graph.
package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/cybercoop/cybercoop"
)

// Real-size proportions, measured on the seeds: about 218 activities, 77 countries, 47 organisations and 29 projects.
const (
	activitiesPerScale    = 220
	countriesPerScale     = 8 // countries grow slower than activities, as in reality
	organizationsPerScale = 5
	projectsPerScale      = 3
	sourceID              = "synthetic"
)

var activityTypes = []string{"training", "workshop", "conference", "advisory mission", "assessment visit", "meeting"}

// Generate returns a graph of scale times the real number of activities (scale 1000 gives 220,000), with
// proportionally fewer countries, organisations and projects, connected as the real ones are: every activity is
// part of one or two projects, held in a country, involves organisations and is for other countries.
func Generate(scale int, seed uint64) cybercoop.Dataset {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var d cybercoop.Dataset
	ref := []cybercoop.SourceRef{{SourceID: sourceID, Locator: fmt.Sprintf("synthetic graph, scale %d, seed %d", scale, seed)}}
	d.Nodes = append(d.Nodes, cybercoop.Node{Label: "Source", ID: sourceID, Props: map[string]any{
		"title": "Synthetic benchmark graph", "publisher": "synth", "language": "en"}})

	countries := ids("c", 60+countriesPerScale*scale)
	orgs := ids("o", 40+organizationsPerScale*scale)
	projects := ids("p", 20+projectsPerScale*scale)
	for _, id := range countries {
		d.Nodes = append(d.Nodes, node("Country", id, ref, map[string]any{"name": "Country " + id, "nameFr": "Pays " + id, "iso2": id}))
	}
	for _, id := range orgs {
		d.Nodes = append(d.Nodes, node("Organization", id, ref, map[string]any{"name": "Organisation " + id, "kind": "network"}))
	}
	start := time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, id := range projects {
		d.Nodes = append(d.Nodes, node("Project", id, ref, map[string]any{"name": "Project " + id, "status": "running"}))
		d.Relationships = append(d.Relationships, rel("FUNDED_BY", "Project", id, "Organization", pick(rng, orgs), ref))
		d.Relationships = append(d.Relationships, rel("IMPLEMENTED_BY", "Project", id, "Organization", pick(rng, orgs), ref))
	}
	for i := range activitiesPerScale * scale {
		id := fmt.Sprintf("a%d", i)
		day := start.AddDate(0, 0, rng.IntN(12*365))
		end := day.AddDate(0, 0, rng.IntN(5))
		d.Nodes = append(d.Nodes, node("Activity", id, ref, map[string]any{
			"title": "Activity " + id, "type": activityTypes[rng.IntN(len(activityTypes))],
			"start": day.Format("2006-01-02"), "end": end.Format("2006-01-02"),
			"startDay": day.Format("2006-01-02"), "endDay": end.Format("2006-01-02"),
		}))
		d.Relationships = append(d.Relationships, rel("PART_OF", "Activity", id, "Project", pick(rng, projects), ref))
		if rng.IntN(10) == 0 {
			d.Relationships = append(d.Relationships, rel("PART_OF", "Activity", id, "Project", pick(rng, projects), ref))
		}
		d.Relationships = append(d.Relationships, rel("HELD_IN", "Activity", id, "Country", pick(rng, countries), ref))
		for range rng.IntN(3) {
			d.Relationships = append(d.Relationships, rel("INVOLVED", "Activity", id, "Organization", pick(rng, orgs), ref))
		}
		if rng.IntN(3) == 0 {
			d.Relationships = append(d.Relationships, rel("FOR", "Activity", id, "Country", pick(rng, countries), ref))
		}
	}
	return dedupe(d)
}

func ids(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return out
}

func pick(rng *rand.Rand, from []string) string { return from[rng.IntN(len(from))] }

func node(label, id string, ref []cybercoop.SourceRef, props map[string]any) cybercoop.Node {
	return cybercoop.Node{Label: label, ID: id, Props: props, Sources: ref}
}

func rel(kind, fromLabel, fromID, toLabel, toID string, ref []cybercoop.SourceRef) cybercoop.Relationship {
	return cybercoop.Relationship{Type: kind, FromLabel: fromLabel, FromID: fromID, ToLabel: toLabel, ToID: toID, Sources: ref}
}

// dedupe drops repeated relationships (the same pick twice), which MERGE would fold into one anyway, so that
// counts in reports match the dataset.
func dedupe(d cybercoop.Dataset) cybercoop.Dataset {
	seen := map[[5]string]bool{}
	kept := d.Relationships[:0]
	for _, r := range d.Relationships {
		k := [5]string{r.Type, r.FromLabel, r.FromID, r.ToLabel, r.ToID}
		if !seen[k] {
			seen[k] = true
			kept = append(kept, r)
		}
	}
	d.Relationships = kept
	return d
}

// Copies returns data with each activity present n times: the copies, with ids suffixed "~2", "~3", ..., are
// joined to the same projects, countries and organisations as the original and keep its dates and sources. The
// real seeds copied so stand for years of inventories of the same partners: the hubs (INTERPOL, the Council of
// Europe, GLACY+, Ghana) grow n times, as they would, where Generate spreads activities over ever more entities.
func Copies(data cybercoop.Dataset, n int) cybercoop.Dataset {
	out := cybercoop.Dataset{Nodes: slices.Clone(data.Nodes), Relationships: slices.Clone(data.Relationships)}
	for k := 2; k <= n; k++ {
		suffix := fmt.Sprintf("~%d", k)
		for _, node := range data.Nodes {
			if node.Label == "Activity" {
				node.ID += suffix
				out.Nodes = append(out.Nodes, node)
			}
		}
		for _, r := range data.Relationships {
			if r.FromLabel != "Activity" && r.ToLabel != "Activity" {
				continue
			}
			if r.FromLabel == "Activity" {
				r.FromID += suffix
			}
			if r.ToLabel == "Activity" {
				r.ToID += suffix
			}
			out.Relationships = append(out.Relationships, r)
		}
	}
	return out
}
