package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/cybercoop/cybercoop"
)

// ActivityFilter narrows activities. Lists hold ids; an empty list or date does not filter.
type ActivityFilter struct {
	Types         []string
	Projects      []string
	Countries     []string // held in or for
	Organizations []string
	Themes        []string // part of a project that addresses the theme
	From          string   // ISO day: the activity ends on or after it
	To            string   // ISO day: the activity starts on or before it
	Text          string   // words the title must hold (accents and case ignored, a word matches as a prefix)
}

// ActivityQuery is a filter, an order (DATE_ASC, DATE_DESC or TITLE_ASC), a page and whether to count.
type ActivityQuery struct {
	Filter ActivityFilter
	Order  string
	Page   Page
	Count  bool

	textIDs []string // the activities whose titles match Filter.Text, once the full-text index has said
}

// activityConditions are the fixed conditions of activity queries; where returns those a filter sets, so an
// unfiltered count reads Neo4j's count store and an unfiltered page walks the start-date index in order.
var activityConditions = []struct {
	set  func(ActivityFilter) bool
	text string
}{
	{func(f ActivityFilter) bool { return len(f.Types) > 0 }, "a.type IN $types"},
	{func(f ActivityFilter) bool { return len(f.Projects) > 0 }, "EXISTS { (a)-[:PART_OF]->(p:Project) WHERE p.id IN $projects }"},
	{func(f ActivityFilter) bool { return len(f.Countries) > 0 }, "EXISTS { (a)-[:HELD_IN|FOR]->(c:Country) WHERE c.id IN $countries }"},
	{func(f ActivityFilter) bool { return len(f.Organizations) > 0 }, "EXISTS { (a)-[:INVOLVED]->(o:Organization) WHERE o.id IN $organizations }"},
	{func(f ActivityFilter) bool { return len(f.Themes) > 0 }, "EXISTS { (a)-[:PART_OF]->(:Project)-[:ADDRESSES]->(t:Theme) WHERE t.id IN $themes }"},
	{func(f ActivityFilter) bool { return f.From != "" }, "a.endDay >= $from"},
	{func(f ActivityFilter) bool { return f.To != "" }, "a.startDay <= $to"},
	{func(f ActivityFilter) bool { return f.Text != "" }, "a.id IN $textIds"},
}

// where returns the WHERE clause of the conditions f sets, or fallback when it sets none.
func (f ActivityFilter) where(fallback string) string {
	var parts []string
	for _, c := range activityConditions {
		if c.set(f) {
			parts = append(parts, c.text)
		}
	}
	if len(parts) == 0 {
		return fallback
	}
	return "WHERE " + strings.Join(parts, " AND ")
}

// activitiesOf is how activities attach to each kind of parent.
var activitiesOf = map[cybercoop.Kind]string{
	cybercoop.KindCountry:      "(a:Activity)-[:HELD_IN|FOR]->(n)",
	cybercoop.KindOrganization: "(a:Activity)-[:INVOLVED]->(n)",
	cybercoop.KindProject:      "(a:Activity)-[:PART_OF]->(n)",
	cybercoop.KindTheme:        "(a:Activity)-[:PART_OF]->(:Project)-[:ADDRESSES]->(n)",
}

var activityOrders = map[string]string{
	"":          "a.startDay, a.id",
	"DATE_ASC":  "a.startDay, a.id",
	"DATE_DESC": "a.startDay DESC, a.id DESC", // the exact reverse of DATE_ASC
	"TITLE_ASC": "a.title, a.id",
}

// filterParams are the query parameters of a statement that starts from f.anchored() when f has an anchor. A text
// condition is read in the full-text index: in the statement itself when the words are the anchor, else first,
// into the ids of the activities whose titles match, which the statement then keeps.
func (s *Store) filterParams(ctx context.Context, f ActivityFilter) (map[string]any, error) {
	params := f.params()
	if f.Text == "" {
		return params, nil
	}
	if _, rest, ok := f.anchored(); ok && rest.Text == "" {
		query, err := textQuery("activity", f.Text)
		params["textQuery"] = query
		return params, err
	}
	ids, err := s.matchingActivities(ctx, f.Text)
	params["textIds"] = ids
	return params, err
}

// matchingActivities returns the ids of the activities whose titles hold every word of text (never nil).
func (s *Store) matchingActivities(ctx context.Context, text string) ([]string, error) {
	query, err := textQuery("activity", text)
	if err != nil {
		return nil, err
	}
	res, err := s.read(ctx, "activity_text", `CALL db.index.fulltext.queryNodes('entity_names', $query) YIELD node
WHERE node:Activity RETURN collect(node.id) AS ids`, map[string]any{"query": query})
	if err != nil {
		return nil, wrap(err, "activities matching %q", shorten(text))
	}
	ids, _ := res.Records[0].Get("ids")
	out := []string{}
	for _, id := range ids.([]any) {
		out = append(out, id.(string))
	}
	return out, nil
}

func (f ActivityFilter) params() map[string]any {
	list := func(v []string) any {
		if len(v) == 0 {
			return nil
		}
		return v
	}
	return map[string]any{"types": list(f.Types), "projects": list(f.Projects), "countries": list(f.Countries),
		"organizations": list(f.Organizations), "themes": list(f.Themes), "from": nilIfEmpty(f.From), "to": nilIfEmpty(f.To)}
}

// Activities returns a page of activities for each parent (a country, organisation, project or theme), or of all
// activities when parents is empty (keyed by the zero Ref): one query per kind of parent, which also counts when
// asked (all activities are counted by a second query, from Neo4j's count store when unfiltered).
func (s *Store) Activities(ctx context.Context, parents []cybercoop.Ref, q ActivityQuery) (map[cybercoop.Ref]List[cybercoop.Activity], error) {
	if _, ok := activityOrders[q.Order]; !ok {
		return nil, cybercoop.Errorf(cybercoop.EINVALID, "order %q: want DATE_ASC, DATE_DESC or TITLE_ASC", q.Order)
	}
	out := map[cybercoop.Ref]List[cybercoop.Activity]{}
	if len(parents) == 0 {
		if parent, ok := q.Filter.onlyEntity(); ok {
			// One project's, country's or organisation's activities, and no other condition: that entity's own
			// list, which the load wrote on it (activitylists.go), rather than sorting all its activities.
			lists, err := s.Activities(ctx, []cybercoop.Ref{parent}, ActivityQuery{Order: q.Order, Page: q.Page, Count: q.Count})
			list, found := lists[parent]
			if !found { // no such entity: no activities
				list.Total = -1
				if q.Count {
					list.Total = 0
				}
			}
			out[cybercoop.Ref{}] = list
			return out, err
		}
		params, err := s.filterParams(ctx, q.Filter)
		if err != nil {
			return nil, err
		}
		params["skip"], params["limit"], params["afterId"] = q.Page.Offset, q.Page.Limit, q.Page.AfterID
		list, err := s.topActivities(ctx, q.Filter, q.Order, params, q.Count)
		out[cybercoop.Ref{}] = list
		return out, err
	}
	// The parents' pages are what EntitiesWith fetches beneath them, once the text (if any) is resolved.
	if q.Filter.Text != "" {
		var err error
		if q.textIDs, err = s.matchingActivities(ctx, q.Filter.Text); err != nil {
			return nil, err
		}
	}
	_, fetched, err := s.EntitiesWith(ctx, parents, []Fetch{{Activities: &q}})
	if err != nil {
		return nil, err
	}
	for ref, list := range fetched[0].Activities {
		out[ref] = list
	}
	return out, nil
}

// onlyEntity returns the one project, country or organisation f keeps the activities of, when f has no other
// condition.
func (f ActivityFilter) onlyEntity() (cybercoop.Ref, bool) {
	var refs []cybercoop.Ref
	for kind, ids := range map[cybercoop.Kind][]string{cybercoop.KindProject: f.Projects, cybercoop.KindCountry: f.Countries,
		cybercoop.KindOrganization: f.Organizations} {
		for _, id := range ids {
			refs = append(refs, cybercoop.Ref{Kind: kind, ID: id})
		}
	}
	if len(refs) != 1 || len(f.Types) > 0 || len(f.Themes) > 0 || f.From != "" || f.To != "" || f.Text != "" {
		return cybercoop.Ref{}, false
	}
	return refs[0], true
}

// anchored returns, when f keeps the activities of given projects, countries, organisations or themes, or with
// given words in their titles, the match that starts from those entities (their unique-id index, then their own
// relationships) or from the full-text index, rather than from every activity and a condition on each, and the
// rest of the filter. Words are the last resort: a common one matches most activities (at 1000x copies, one in
// 103,000 titles took 1.7 to 2.1 s when its matches' ids were read first, then sent back twice, for the page and
// for the count).
func (f ActivityFilter) anchored() (string, ActivityFilter, bool) {
	rest := f
	switch {
	case len(f.Projects) > 0:
		rest.Projects = nil
		return "MATCH (n:Project) WHERE n.id IN $projects MATCH (a:Activity)-[:PART_OF]->(n)", rest, true
	case len(f.Countries) > 0:
		rest.Countries = nil
		return "MATCH (n:Country) WHERE n.id IN $countries MATCH (a:Activity)-[:HELD_IN|FOR]->(n)", rest, true
	case len(f.Organizations) > 0:
		rest.Organizations = nil
		return "MATCH (n:Organization) WHERE n.id IN $organizations MATCH (a:Activity)-[:INVOLVED]->(n)", rest, true
	case len(f.Themes) > 0:
		rest.Themes = nil
		return "MATCH (n:Theme) WHERE n.id IN $themes MATCH (a:Activity)-[:PART_OF]->(:Project)-[:ADDRESSES]->(n)", rest, true
	case f.Text != "":
		rest.Text = ""
		return "CALL db.index.fulltext.queryNodes('entity_names', $textQuery) YIELD node AS a WHERE a:Activity", rest, true
	}
	return "", f, false
}

// anchoredMatch is the match of the distinct activities a that f keeps, starting from its anchor, when it has one.
func (f ActivityFilter) anchoredMatch() (string, bool) {
	match, rest, ok := f.anchored()
	return match + "\nWITH DISTINCT a " + rest.where(""), ok
}

// activityKeys are, for each order, the condition that an activity comes after the activity last, and the
// property the order begins with, which every activity has: an index on it serves the order.
var activityKeys = map[string]struct{ after, leading string }{
	"":          {"a.startDay >= last.startDay AND (a.startDay > last.startDay OR a.id > last.id)", "a.startDay"},
	"DATE_ASC":  {"a.startDay >= last.startDay AND (a.startDay > last.startDay OR a.id > last.id)", "a.startDay"},
	"DATE_DESC": {"a.startDay <= last.startDay AND (a.startDay < last.startDay OR a.id < last.id)", "a.startDay"},
	"TITLE_ASC": {"a.title >= last.title AND (a.title > last.title OR a.id > last.id)", "a.title"},
}

func (s *Store) topActivities(ctx context.Context, f ActivityFilter, orderName string, params map[string]any, count bool) (List[cybercoop.Activity], error) {
	order := activityOrders[orderName]
	if match, ok := f.anchoredMatch(); ok {
		query := match + "\n" + pageAndTotal(order, count)
		res, err := s.read(ctx, "top_activities", query, params)
		if err != nil {
			return List[cybercoop.Activity]{}, wrap(err, "list activities")
		}
		page, _ := res.Records[0].Get("page")
		total, _ := res.Records[0].Get("total")
		return List[cybercoop.Activity]{Items: decodeActivities(page), Total: int(total.(int64))}, nil
	}
	keys := activityKeys[orderName]
	list, found, err := s.activitiesAfter(ctx, f, order, keys.after, params)
	if err != nil {
		return list, err
	}
	if !found {
		// No cursor naming an activity, or one that is gone: skip the offset. The IS NOT NULL predicate (every
		// activity has a start and a title) lets the planner read the order's index in order.
		query := fmt.Sprintf("MATCH (a:Activity) %s WITH a ORDER BY %s SKIP $skip LIMIT $limit RETURN collect(%s) AS page",
			f.where("WHERE "+keys.leading+" IS NOT NULL"), order, activityMap)
		res, err := s.read(ctx, "top_activities", query, params)
		if err != nil {
			return List[cybercoop.Activity]{}, wrap(err, "list activities")
		}
		page, _ := res.Records[0].Get("page")
		list = List[cybercoop.Activity]{Items: decodeActivities(page), Total: -1}
	}
	if count {
		res, err := s.read(ctx, "count_activities", "MATCH (a:Activity) "+f.where("")+" RETURN count(a) AS total", params)
		if err != nil {
			return list, wrap(err, "count activities")
		}
		total, _ := res.Records[0].Get("total")
		list.Total = int(total.(int64))
	}
	return list, nil
}

// activitiesAfter reads the page that follows the activity params["afterId"] names, from the order's index:
// one page of work whatever its offset (at 218,000 activities, the page at offset 200,000 by date took 170 to 290
// ms skipped, by title over a second without an index). found is false when no cursor names an activity or the
// activity is gone (a reload since), and the page must then be found by its offset.
func (s *Store) activitiesAfter(ctx context.Context, f ActivityFilter, order, after string, params map[string]any) (list List[cybercoop.Activity], found bool, err error) {
	if params["afterId"] == "" {
		return List[cybercoop.Activity]{Total: -1}, false, nil
	}
	where := f.where("")
	if where == "" {
		where = "WHERE " + after
	} else {
		where += " AND " + after
	}
	query := fmt.Sprintf(`OPTIONAL MATCH (last:Activity {id: $afterId})
CALL (last) {
  MATCH (a:Activity) %s
  WITH a ORDER BY %s LIMIT $limit
  RETURN collect(%s) AS page
}
RETURN last IS NOT NULL AS found, page`, where, order, activityMap)
	res, err := s.read(ctx, "activities_after", query, params)
	if err != nil {
		return List[cybercoop.Activity]{}, false, wrap(err, "list activities")
	}
	foundValue, _ := res.Records[0].Get("found")
	page, _ := res.Records[0].Get("page")
	return List[cybercoop.Activity]{Items: decodeActivities(page), Total: -1}, foundValue == true, nil
}

// pageAndTotal ends a match of activities a: with a count, they are sorted once, counted and cut into the page in
// the same statement (not matched a second time to count); without, a top-k sort (ORDER BY ... LIMIT) keeps only
// the page, and the total is -1. Either way there is one row, even without any activity.
func pageAndTotal(order string, count bool) string {
	if count {
		return fmt.Sprintf(`WITH a ORDER BY %s
WITH collect(a) AS found
RETURN [a IN found[$skip..$skip + $limit] | %s] AS page, size(found) AS total`, order, activityMap)
	}
	return fmt.Sprintf("WITH a ORDER BY %s SKIP $skip LIMIT $limit\nWITH collect(%s) AS page\nRETURN page, -1 AS total", order, activityMap)
}

// activityMap is an activity a as read back.
var activityMap = nodeMap("a", cybercoop.KindActivity, "")

// decodeActivities decodes a page of activities read back as activityMap.
func decodeActivities(page any) []cybercoop.Activity {
	var out []cybercoop.Activity
	for _, v := range page.([]any) {
		out = append(out, decodeEntity(string(cybercoop.KindActivity), props(v.(map[string]any))).(cybercoop.Activity))
	}
	return out
}

// Bucket is one group of ActivityStats.
type Bucket struct {
	Key   string
	Label string
	Count int
	Node  cybercoop.Entity // the project, country or organisation; nil for types and months
}

// statsGroups is, for each grouping, the pattern that finds the group g, what groups the activities (g, or a value
// named g), and the key and label to return.
var statsGroups = map[string]struct{ match, group, key, label string }{
	"PROJECT":      {"MATCH (a)-[:PART_OF]->(g:Project)", "g", "g.id", "g.name"},
	"COUNTRY":      {"MATCH (a)-[:HELD_IN]->(g:Country)", "g", "g.id", "g.name"},
	"ORGANIZATION": {"MATCH (a)-[:INVOLVED]->(g:Organization)", "g", "g.id", "coalesce(g.acronym, g.name)"},
	"TYPE":         {"", "a.type AS g", "g", "g"},
	"MONTH":        {"", "substring(a.startDay, 0, 7) AS g", "g", "g"},
}

// ActivityStats counts the activities that pass the filter, grouped by project, country (where held),
// organisation, type or month, largest groups first.
func (s *Store) ActivityStats(ctx context.Context, groupBy string, f ActivityFilter) ([]Bucket, error) {
	g, ok := statsGroups[groupBy]
	if !ok {
		return nil, cybercoop.Errorf(cybercoop.EINVALID, "groupBy %q: want PROJECT, COUNTRY, ORGANIZATION, TYPE or MONTH", groupBy)
	}
	node := "null"
	if g.match != "" {
		node = withLabels("g")
	}
	// As a list does, the statistics start from the filter's projects, countries, organisations or words when it
	// has some, rather than test every activity (the map of a project's activities by country).
	activities := "MATCH (a:Activity) " + f.where("")
	if match, ok := f.anchoredMatch(); ok {
		activities = match
	}
	// Grouped by g, and only then each group's key, label and node read: grouping by them would build the node's
	// map for every activity (1.2 s for all 218,000 of 1000x copies by country, against 0.2 s).
	query := fmt.Sprintf(`
%s
%s
WITH %s, count(DISTINCT a) AS count
RETURN %s AS key, %s AS label, %s AS node, count ORDER BY count DESC, key`, activities, g.match, g.group, g.key, g.label, node)
	params, err := s.filterParams(ctx, f)
	if err != nil {
		return nil, err
	}
	res, err := s.read(ctx, "activity_stats", query, params)
	if err != nil {
		return nil, wrap(err, "activity stats by %s", groupBy)
	}
	out := make([]Bucket, 0, len(res.Records))
	for _, rec := range res.Records {
		key, _ := rec.Get("key")
		label, _ := rec.Get("label")
		count, _ := rec.Get("count")
		b := Bucket{Key: fmt.Sprint(key), Label: fmt.Sprint(label), Count: int(count.(int64))}
		if v, _ := rec.Get("node"); v != nil {
			b.Node = decodeNode(v)
		}
		out = append(out, b)
	}
	return out, nil
}
