package store

import (
	"cmp"
	"slices"

	"github.com/cybercoop/cybercoop"
)

// What a load derives from the data for queries, written on the nodes beside their own properties (and never read
// back as an entity's: entityProperties leaves them out).
//
// A country's, organisation's or project's activities, oldest first, are also written at load time on the entity
// itself, as the list of their ids (activityListProperty). An unfiltered page of them by date, and their number,
// are then read from that list and the page's own activities, whatever the entity's degree: sorting a hub's
// thousands of activities on every request is what made a country's first page grow with the data.

// activityListProperty is the property that holds an entity's activity ids, oldest first (by startDay, then id);
// the head and tail properties hold its first and last listEnds of them, and the count property their number, so
// that a first page either way (a page holds at most 100) reads a short list, not a hub's thousands of ids.
const (
	activityListProperty  = "activitiesByDate"
	activityHeadProperty  = "activitiesHead"
	activityTailProperty  = "activitiesTail"
	activityCountProperty = "activityCount"
	listEnds              = 100
)

// activityLinksOf are the relationships from an activity to the entities whose lists it is on, as activitiesOf
// matches them.
var activityLinksOf = map[string]cybercoop.Kind{
	"HELD_IN": cybercoop.KindCountry, "FOR": cybercoop.KindCountry,
	"INVOLVED": cybercoop.KindOrganization, "PART_OF": cybercoop.KindProject,
}

// activityLists returns, for every entity with activities, their ids oldest first, keyed by keyOf(label, id).
func activityLists(data cybercoop.Dataset) map[partyKey][]string {
	startDay := map[string]string{}
	for _, n := range data.Nodes {
		if n.Label == string(cybercoop.KindActivity) {
			startDay[n.ID], _ = n.Props["startDay"].(string)
		}
	}
	lists := map[partyKey][]string{}
	for _, r := range data.Relationships {
		if kind, ok := activityLinksOf[r.Type]; ok && r.FromLabel == string(cybercoop.KindActivity) && r.ToLabel == string(kind) {
			key := keyOf(r.ToLabel, r.ToID)
			lists[key] = append(lists[key], r.FromID)
		}
	}
	for key, ids := range lists {
		slices.SortFunc(ids, func(a, b string) int { return cmp.Or(cmp.Compare(startDay[a], startDay[b]), cmp.Compare(a, b)) })
		lists[key] = slices.Compact(ids)
	}
	return lists
}

// searchNamesProperty holds every name of an entity as search compares them (comparable), so that the search
// statement itself can put exact matches first.
const searchNamesProperty = "searchNames"

// withDerived returns data with what a load derives for queries among each node's properties: its activity list
// and its search names (the nodes copied; data itself is left as it is).
func withDerived(data cybercoop.Dataset) cybercoop.Dataset {
	lists := activityLists(data)
	out := cybercoop.Dataset{Nodes: slices.Clone(data.Nodes), Relationships: data.Relationships}
	for i, n := range out.Nodes {
		props := make(map[string]any, len(n.Props)+2)
		for k, v := range n.Props {
			props[k] = v
		}
		if ids, ok := lists[keyOf(n.Label, n.ID)]; ok {
			props[activityListProperty] = ids
			props[activityHeadProperty] = ids[:min(listEnds, len(ids))]
			props[activityTailProperty] = ids[max(0, len(ids)-listEnds):]
			props[activityCountProperty] = len(ids)
		}
		if names := searchNames(n.Props); len(names) > 0 {
			props[searchNamesProperty] = names
		}
		out.Nodes[i].Props = props
	}
	return out
}

// searchNames are the comparable forms of the names a search matches exactly: name, French name, acronym, short
// name, title and aliases.
func searchNames(p map[string]any) []string {
	var out []string
	add := func(v any) {
		if s, ok := v.(string); ok && !slices.Contains(out, comparable(s)) {
			out = append(out, comparable(s))
		}
	}
	for _, key := range []string{"name", "nameFr", "acronym", "shortName", "title"} {
		add(p[key])
	}
	switch aliases := p["aliases"].(type) {
	case []string:
		for _, a := range aliases {
			add(a)
		}
	case []any:
		for _, a := range aliases {
			add(a)
		}
	}
	return out
}
