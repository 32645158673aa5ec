package loader

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cybercoop/cybercoop"
)

// ChartChange is one way a newer chart's steps differ from the events of the same treaty's chart in the graph.
type ChartChange struct {
	What   string // new signature, new ratification, new accession, new invitation, changed date, changed entry into force, removed
	Party  string // "country:gh", "organization:eu"
	Name   string // the party's name in the new seed set, else its id
	Status string // the step: signed, ratified, acceded, invited
	Before string // the date in the graph ("" when new, or when it had none)
	After  string // the date in the new chart ("" when removed, or when it gives none)
	Line   int    // the line of the new chart that gives the step (0 when removed)
}

func (c ChartChange) String() string {
	or := func(date string) string {
		if date == "" {
			return "no date"
		}
		return date
	}
	var text string
	switch {
	case strings.HasPrefix(c.What, "new"):
		text = fmt.Sprintf("%s: %s (%s) %s, %s", c.What, c.Name, c.Party, c.Status, or(c.After))
	case strings.HasPrefix(c.What, "changed"):
		text = fmt.Sprintf("%s: %s (%s) %s, %s -> %s", c.What, c.Name, c.Party, c.Status, or(c.Before), or(c.After))
	default:
		return fmt.Sprintf("%s: %s (%s) %s, %s: no longer on the chart", c.What, c.Name, c.Party, c.Status, or(c.Before))
	}
	return fmt.Sprintf("%s (line %d)", text, c.Line)
}

var newStep = map[string]string{"signed": "new signature", "ratified": "new ratification", "acceded": "new accession",
	"invited": "new invitation"}

// ChartChanges compares the steps of chart in next (a seed set read with it, see ReadWithChart) with the events that
// a chart of the same treaty gives in current (the graph's ACCESSION events to its convention): a step is a party's
// status on the chart, and the events that carry no chart source (the documents' alone) are left out. It lists
// the steps that are new, those whose date or entry into force changed, and those no longer on the chart, by party
// name.
func ChartChanges(chart *Chart, current []cybercoop.Relationship, next Seeds) []ChartChange {
	type step struct {
		rel  cybercoop.Relationship
		line int
	}
	prefix := "chart-" + chart.Kind + "-"
	steps := func(rels []cybercoop.Relationship) map[string]step {
		out := map[string]step{}
		for _, rel := range rels {
			if rel.Type != "ACCESSION" || rel.ToID != chart.ConventionID {
				continue
			}
			for _, src := range rel.Sources {
				if strings.HasPrefix(src.SourceID, prefix) {
					line, _ := strconv.Atoi(strings.TrimPrefix(src.Locator, "line "))
					status, _ := rel.Props["status"].(string)
					out[chartParty{rel.FromLabel, rel.FromID}.String()+" "+status] = step{rel, line}
					break
				}
			}
		}
		return out
	}
	before, after := steps(current), steps(next.Dataset.Relationships)
	names := map[string]string{}
	for _, n := range next.Dataset.Nodes {
		if name, ok := n.Props["name"].(string); ok {
			names[chartParty{n.Label, n.ID}.String()] = name
		}
	}
	change := func(what, key string, s step) ChartChange {
		party, status, _ := strings.Cut(key, " ")
		name := names[party]
		if name == "" {
			name = party
		}
		return ChartChange{What: what, Party: party, Name: name, Status: status, Line: s.line}
	}
	str := func(rel cybercoop.Relationship, key string) string { s, _ := rel.Props[key].(string); return s }
	var out []ChartChange
	for key, s := range after {
		old, ok := before[key]
		switch {
		case !ok:
			c := change(newStep[str(s.rel, "status")], key, s)
			c.After = str(s.rel, "date")
			out = append(out, c)
		default:
			for _, prop := range []struct{ key, what string }{{"date", "changed date"}, {"entryIntoForce", "changed entry into force"}} {
				if str(old.rel, prop.key) != str(s.rel, prop.key) {
					c := change(prop.what, key, s)
					c.Before, c.After = str(old.rel, prop.key), str(s.rel, prop.key)
					out = append(out, c)
				}
			}
		}
	}
	for key, s := range before {
		if _, ok := after[key]; !ok {
			c := change("removed", key, step{})
			c.Before = str(s.rel, "date")
			out = append(out, c)
		}
	}
	rank := func(what string) int {
		return slices.Index([]string{"new signature", "new ratification", "new accession", "new invitation",
			"changed date", "changed entry into force", "removed"}, what)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank(a.What) != rank(b.What) {
			return rank(a.What) < rank(b.What)
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Status < b.Status
	})
	return out
}
