package store

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/cybercoop/cybercoop"
)

// A Fetch is one list read beneath each parent entity by EntitiesWith, in the same statement as the parents: the
// activities of a project, the countries an activity was held in, the projects of a country. Exactly one of
// Activities, Relations and Connected is set. Children are the lists read beneath each item of this one (the
// activity, or the entity at the far end of the relation or connection), whose kind ItemKind names.
type Fetch struct {
	Activities *ActivityQuery // a text filter is not allowed here: it needs the full-text index first
	Relations  *RelationQuery
	Connected  *ConnectedQuery
	ItemKind   cybercoop.Kind
	// Properties are the properties to read of each item, of kind ItemKind (SelectedProperties gives them for the
	// fields a selection reads); nil reads all its kind's.
	Properties []string
	// BareRelationships reads Relations without the relationships' own properties (sources, role, ...), for a
	// field that shows only the entities at their far ends.
	BareRelationships bool
	Children          []Fetch
}

// ConnectedQuery asks for a page of the projects or countries (Label "Project" or "Country") an entity is
// connected to, as Connected does.
type ConnectedQuery struct {
	Label string
	Page  Page
}

// Fetched is what a Fetch read: a list per parent, in the one field that matches the Fetch, and what its Children
// read beneath the items (Children[i] for Fetch.Children[i]).
type Fetched struct {
	Activities map[cybercoop.Ref]List[cybercoop.Activity]
	Relations  map[cybercoop.Ref]List[cybercoop.Relation]
	Connected  map[cybercoop.Ref]List[cybercoop.Entity]
	Children   []Fetched
}

// EntitiesWith returns the entities with the given refs that exist, as Entities does, and the lists the fetches
// ask for beneath them, to any depth, in one statement per kind of entity: a nested GraphQL selection costs one
// round trip rather than one per level. Each list is what Activities, Relations or Connected would return for its
// parent; Fetched[i] is what fetches[i] read.
func (s *Store) EntitiesWith(ctx context.Context, refs []cybercoop.Ref, fetches []Fetch) (map[cybercoop.Ref]cybercoop.Entity, []Fetched, error) {
	entities := make(map[cybercoop.Ref]cybercoop.Entity, len(refs))
	fetched := make([]Fetched, len(fetches))
	for label, ids := range idsByLabel(refs) {
		c := compiler{params: map[string]any{"ids": ids}}
		var calls, columns strings.Builder
		plans := make([]compiled, len(fetches))
		for i, f := range fetches {
			text, plan, err := c.subquery(f, cybercoop.Kind(label))
			if err != nil {
				return nil, nil, err
			}
			plans[i] = plan
			calls.WriteString(text)
			fmt.Fprintf(&columns, ", %s", plan.column)
		}
		query := fmt.Sprintf("UNWIND $ids AS id\nMATCH (n:%s {id: id})\n%sRETURN %s AS n%s", label, calls.String(),
			nodeMap("n", cybercoop.Kind(label), ""), columns.String())
		res, err := s.read(ctx, "entities_with", query, c.params)
		if err != nil {
			return nil, nil, wrap(err, "read %s entities with their lists", label)
		}
		values := make([]map[cybercoop.Ref]any, len(fetches))
		for i := range values {
			values[i] = map[cybercoop.Ref]any{}
		}
		for _, rec := range res.Records {
			v, _ := rec.Get("n")
			e := decodeEntity(label, props(v.(map[string]any)))
			entities[e.Ref()] = e
			for i, plan := range plans {
				values[i][e.Ref()], _ = rec.Get(plan.column)
			}
		}
		for i, f := range fetches {
			merge(&fetched[i], decodeFetched(f, plans[i], values[i]))
		}
	}
	return entities, fetched, nil
}

// compiled is what decoding needs to know of a compiled Fetch: the column its lists come in, and its children's.
type compiled struct {
	column   string
	children []compiled
}

// compiler turns fetches into CALL subqueries, numbering them so that each has its own column and parameters.
type compiler struct {
	params map[string]any
	count  int
}

// parameter matches a $name in a fetch's own text, which gets the fetch's prefix.
var parameter = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)

// subquery returns the CALL subquery that reads f beneath the entity bound to n, of the given kind, as a map
// {total, page} in the column the plan names. The subquery sees only n, and its children call their parent n in
// turn, so a fetch compiles the same way at any depth.
func (c *compiler) subquery(f Fetch, kind cybercoop.Kind) (string, compiled, error) {
	plan := compiled{column: fmt.Sprintf("f%d", c.count)}
	c.count++
	match, own, err := listMatch(f, kind)
	if err != nil {
		return "", plan, err
	}
	prefix := plan.column + "_"
	for k, v := range own {
		c.params[prefix+k] = v
	}
	// Each item is `child`: the activity, or the entity at the far end (relations collect {r, m}), read with the
	// properties asked for when its kind is known, else as any kind with its labels.
	entity := func(extra string) string { return withLabelsAnd("child", nil, extra) }
	if f.ItemKind != "" {
		entity = func(extra string) string {
			return projectionOf("child", f.ItemKind, f.Properties, ", labels: labels(child)"+extra)
		}
	}
	node, item := "it", entity
	switch {
	case f.Activities != nil:
		item = func(extra string) string { return projectionOf("child", cybercoop.KindActivity, f.Properties, extra) }
	case f.Relations != nil:
		node = "it.m"
		props := "properties(it.r)"
		if f.BareRelationships {
			props = "null"
		}
		item = func(extra string) string {
			return "{type: type(it.r), out: it.out, props: " + props + ", node: " + entity(extra) + "}"
		}
	}
	var b, extra, carried strings.Builder
	// Every aggregation below has no grouping key, so that an empty list is still one row (a grouped one would
	// be none, and the parent's row would vanish with it).
	fmt.Fprintf(&b, "CALL (n) {\n%s\n", match)
	b.WriteString("CALL (items) {\nUNWIND range(0, size(items) - 1) AS i\nWITH i, items[i] AS it\n")
	fmt.Fprintf(&b, "WITH i, it, %s AS child\n", node)
	text := parameter.ReplaceAllString(b.String(), "$$"+prefix+"$1")
	b.Reset()
	b.WriteString(text)
	for _, child := range f.Children {
		if f.ItemKind == "" {
			return "", plan, cybercoop.Errorf(cybercoop.EINVALID, "a fetch with children must name the kind of its items")
		}
		text, childPlan, err := c.subquery(child, f.ItemKind)
		if err != nil {
			return "", plan, err
		}
		plan.children = append(plan.children, childPlan)
		fmt.Fprintf(&b, "CALL (child) {\nWITH child AS n\n%sRETURN %s\n}\n", text, childPlan.column)
		fmt.Fprintf(&extra, ", %s: %s", childPlan.column, childPlan.column)
		fmt.Fprintf(&carried, ", %s", childPlan.column)
	}
	fmt.Fprintf(&b, "WITH i, it, child%s ORDER BY i\nRETURN collect(%s) AS page\n}\nRETURN {total: total, page: page} AS %s\n}\n",
		carried.String(), item(extra.String()), plan.column)
	return b.String(), plan, nil
}

// listMatch is the Cypher that matches a fetch's items beneath n into the page `items`, in the list's order, and
// their number `total` (-1 when not counted), with the parameters it uses (named as if alone in its statement).
func listMatch(f Fetch, kind cybercoop.Kind) (string, map[string]any, error) {
	switch {
	case f.Activities != nil:
		q := *f.Activities
		pattern, ok := activitiesOf[kind]
		order, known := activityOrders[q.Order]
		switch {
		case !ok:
			return "", nil, cybercoop.Errorf(cybercoop.EINVALID, "a %s has no activities", kind)
		case !known:
			return "", nil, cybercoop.Errorf(cybercoop.EINVALID, "order %q: want DATE_ASC, DATE_DESC or TITLE_ASC", q.Order)
		case q.Filter.Text != "" && q.textIDs == nil:
			return "", nil, cybercoop.Errorf(cybercoop.EINVALID, "a text filter cannot be fetched with its parent")
		}
		params := q.Filter.params()
		params["skip"], params["limit"], params["textIds"], params["count"] = q.Page.Offset, q.Page.Limit, q.textIDs, q.Count
		if listed := activityListSlice[q.Order]; listed.page != "" && q.Filter.where("") == "" && kind != cybercoop.KindTheme {
			params["ends"] = listEnds
			return fmt.Sprintf(listedActivities, activityCountProperty, listed.end, activityListProperty, listed.page), params, nil
		}
		match := fmt.Sprintf("MATCH %s\nWITH DISTINCT a %s\n", pattern, q.Filter.where(""))
		if !q.Count {
			// A top-k sort keeps only the page.
			return match + fmt.Sprintf("WITH a ORDER BY %s SKIP $skip LIMIT $limit\nWITH collect(a) AS items\nWITH -1 AS total, items", order), params, nil
		}
		return match + fmt.Sprintf("WITH a ORDER BY %s\nWITH collect(a) AS found\n%s", order, pageOfFound), params, nil
	case f.Relations != nil:
		pattern, err := relationPattern(f.Relations.Types, f.Relations.Direction)
		if err != nil {
			return "", nil, err
		}
		params := map[string]any{"skip": f.Relations.Page.Offset, "limit": f.Relations.Page.Limit}
		return fmt.Sprintf("MATCH %s\nWITH n, r, m ORDER BY %s\nWITH collect({r: r, m: m, out: startNode(r) = n}) AS found\n%s",
			pattern, relationOrder, pageOfFound), params, nil
	case f.Connected != nil:
		patterns := connections[f.Connected.Label][kind]
		if len(patterns) == 0 {
			return "", nil, cybercoop.Errorf(cybercoop.EINVALID, "a %s has no %s connections", kind, f.Connected.Label)
		}
		params := map[string]any{"skip": f.Connected.Page.Offset, "limit": f.Connected.Page.Limit}
		return fmt.Sprintf("CALL (n) { %s }\nWITH DISTINCT m ORDER BY coalesce(m.startDay, ''), m.name\nWITH collect(m) AS found\n%s",
			connectionUnion(patterns), pageOfFound), params, nil
	}
	return "", nil, cybercoop.Errorf(cybercoop.EINVALID, "a fetch names no list")
}

// decodeFetched decodes the {total, page} values of one fetch, keyed by parent, and its children's beneath the
// items.
func decodeFetched(f Fetch, plan compiled, values map[cybercoop.Ref]any) Fetched {
	out := Fetched{Children: make([]Fetched, len(f.Children))}
	childValues := make([]map[cybercoop.Ref]any, len(f.Children))
	for i := range childValues {
		childValues[i] = map[cybercoop.Ref]any{}
	}
	// children files the child columns of one item under the item's ref.
	children := func(ref cybercoop.Ref, m map[string]any) {
		for i, cp := range plan.children {
			childValues[i][ref] = m[cp.column]
		}
	}
	switch {
	case f.Activities != nil:
		out.Activities = map[cybercoop.Ref]List[cybercoop.Activity]{}
	case f.Relations != nil:
		out.Relations = map[cybercoop.Ref]List[cybercoop.Relation]{}
	default:
		out.Connected = map[cybercoop.Ref]List[cybercoop.Entity]{}
	}
	for parent, v := range values {
		m, _ := v.(map[string]any)
		total, _ := m["total"].(int64)
		page, _ := m["page"].([]any)
		switch {
		case f.Activities != nil:
			list := List[cybercoop.Activity]{Total: int(total)}
			for _, item := range page {
				a := decodeActivity(item)
				list.Items = append(list.Items, a)
				children(a.Ref(), item.(map[string]any))
			}
			out.Activities[parent] = list
		case f.Relations != nil:
			list := List[cybercoop.Relation]{Total: int(total)}
			for _, item := range page {
				r := decodeRelation(item)
				list.Items = append(list.Items, r)
				if r.Node != nil {
					children(r.Node.Ref(), item.(map[string]any)["node"].(map[string]any))
				}
			}
			out.Relations[parent] = list
		default:
			list := List[cybercoop.Entity]{Total: int(total)}
			for _, item := range page {
				e := decodeNode(item)
				list.Items = append(list.Items, e)
				if e != nil {
					children(e.Ref(), item.(map[string]any))
				}
			}
			out.Connected[parent] = list
		}
	}
	for i, child := range f.Children {
		out.Children[i] = decodeFetched(child, plan.children[i], childValues[i])
	}
	return out
}

// merge adds what another statement fetched (for parents of another kind) to into.
func merge(into *Fetched, from Fetched) {
	if into.Activities == nil && into.Relations == nil && into.Connected == nil {
		*into = from
		return
	}
	for ref, list := range from.Activities {
		into.Activities[ref] = list
	}
	for ref, list := range from.Relations {
		into.Relations[ref] = list
	}
	for ref, list := range from.Connected {
		into.Connected[ref] = list
	}
	for i := range into.Children {
		merge(&into.Children[i], from.Children[i])
	}
}

// listedActivities reads an unfiltered page of n's activities by date from the lists written at load time
// (activitylists.go): the short list of that end when the page lies within it, else the whole list; then the
// page's activities, in the list's order.
const listedActivities = `WITH CASE WHEN $count THEN coalesce(n.%s, 0) ELSE -1 END AS total,
  CASE WHEN $skip + $limit <= $ends THEN coalesce(n.%s, []) ELSE coalesce(n.%s, []) END AS ids
WITH total, %s AS pageIds
CALL (pageIds) {
  UNWIND range(0, size(pageIds) - 1) AS i
  MATCH (a:Activity {id: pageIds[i]})
  WITH i, a ORDER BY i
  RETURN collect(a) AS items
}`

// activityListSlice is, for each order a list answers, the short list at its end and the slice of ids that is the
// page: from the start oldest first, from the end newest first (bounds kept at 0 or more: negative ones would count
// from the end). Either slice is the same of the short list as of the whole one.
var activityListSlice = map[string]struct{ end, page string }{
	"DATE_ASC": {activityHeadProperty, "ids[$skip..$skip + $limit]"},
	"DATE_DESC": {activityTailProperty, "reverse(ids[CASE WHEN size(ids) - $skip - $limit > 0 THEN size(ids) - $skip - $limit ELSE 0 END.." +
		"CASE WHEN size(ids) - $skip > 0 THEN size(ids) - $skip ELSE 0 END])"},
}

// pageOfFound cuts a counted list `found` into the page and its total.
const pageOfFound = "WITH size(found) AS total, found[$skip..$skip + $limit] AS items"

// relationOrder is the order of an entity's relations: by type, then the other end's date and name.
const relationOrder = "type(r), coalesce(m.startDay, ''), coalesce(m.name, m.title, m.text, m.id)"

// relationPattern is the pattern of n's relations r of the given types (all when empty) in one direction ("OUT",
// "IN", "BOTH" or ""), to m. The types are checked against the graph's before they are written into the pattern,
// where the planner expands only those types rather than every relationship and a condition on its type.
func relationPattern(types []string, direction string) (string, error) {
	for _, t := range types {
		if !relationTypes[t] {
			return "", cybercoop.Errorf(cybercoop.EINVALID, "unknown relation type %q", t)
		}
	}
	rel := "r"
	if len(types) > 0 {
		rel += ":" + strings.Join(types, "|")
	}
	switch direction {
	case "OUT":
		return "(n)-[" + rel + "]->(m)", nil
	case "IN":
		return "(n)<-[" + rel + "]-(m)", nil
	case "BOTH", "":
		return "(n)-[" + rel + "]-(m)", nil
	}
	return "", cybercoop.Errorf(cybercoop.EINVALID, "direction %q: want OUT, IN or BOTH", direction)
}

// connectionUnion is the union of connection patterns (see connections), each returning m.
func connectionUnion(patterns []string) string {
	parts := make([]string, len(patterns))
	for i, p := range patterns {
		parts[i] = "MATCH " + p + " RETURN m"
	}
	return strings.Join(parts, " UNION ")
}
