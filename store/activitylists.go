package store

import (
	"cmp"
	"slices"

	"github.com/cybercoop/cybercoop"
)

// A country's, organisation's or project's activities, oldest first, are also written at load time on the entity
// itself, as the list of their ids (activityListProperty). An unfiltered page of them by date, and their number,
// are then read from that list and the page's own activities, whatever the entity's degree: sorting a hub's
// thousands of activities on every request is what made a country's first page grow with the data.

// activityListProperty is the property that holds an entity's activity ids, oldest first (by startDay, then id).
const activityListProperty = "activitiesByDate"

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

// withActivityLists returns data with each entity's activity list among its properties (the nodes copied; data
// itself is left as it is).
func withActivityLists(data cybercoop.Dataset) cybercoop.Dataset {
	lists := activityLists(data)
	out := cybercoop.Dataset{Nodes: slices.Clone(data.Nodes), Relationships: data.Relationships}
	for i, n := range out.Nodes {
		if ids, ok := lists[keyOf(n.Label, n.ID)]; ok {
			props := make(map[string]any, len(n.Props)+1)
			for k, v := range n.Props {
				props[k] = v
			}
			props[activityListProperty] = ids
			out.Nodes[i].Props = props
		}
	}
	return out
}
