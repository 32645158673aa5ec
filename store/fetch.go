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
		var columns strings.Builder
		plans := make([]compiled, len(fetches))
		for i, f := range fetches {
			text, plan, err := c.expression(f, cybercoop.Kind(label), "root")
			if err != nil {
				return nil, nil, err
			}
			plans[i] = plan
			fmt.Fprintf(&columns, ",\n%s AS %s", text, plan.column)
		}
		query := fmt.Sprintf("UNWIND $ids AS id\nMATCH (root:%s {id: id})\nRETURN %s AS n%s", label,
			nodeMap("root", cybercoop.Kind(label), ""), columns.String())
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

// itemKind is the kind of the fetch's items: activities, or the kind it names ("" when unknown).
func (f Fetch) itemKind() cybercoop.Kind {
	if f.Activities != nil {
		return cybercoop.KindActivity
	}
	return f.ItemKind
}

// compiled is what decoding needs to know of a compiled Fetch: the column its lists come in, the properties each
// item is read with when its kind is known (in that order, then its children's lists), and its children's plans.
type compiled struct {
	column     string
	properties []string // nil: items of unknown kind, read as maps with their labels
	children   []compiled
}

// compiler turns fetches into Cypher expressions, numbering them so that each has its own parameters and
// variables.
type compiler struct {
	params map[string]any
	count  int
}

// parameter matches a $name in a fetch's own text, which gets the fetch's prefix.
var parameter = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)

// expression returns the Cypher expression that reads f beneath the node parent (a variable, or an expression
// over one) of the given kind: a list [total, page], total -1 when not counted. Each item of the page is a list:
// its properties in the plan's order, then its children's [total, page]; a relation is [type, out, properties,
// node]; an item of unknown kind is a map with its labels, its children under their columns.
//
// Lists are matched in COLLECT subqueries and shaped in list comprehensions, whose order is the list's: no sort
// and no row per item, which costs Neo4j a quarter less than a CALL subquery per level that collects its rows
// (the three-level bench question: 1.8 against 2.4 ms). A subquery sees the variables around it and must not
// redeclare them, so the variables outside subqueries are numbered (x0, l0, ...) and those inside keep the
// names of the patterns they share with the other reads (n, a, r, m).
func (c *compiler) expression(f Fetch, kind cybercoop.Kind, parent string) (string, compiled, error) {
	k := c.count
	c.count++
	plan := compiled{column: fmt.Sprintf("f%d", k)}
	list, own, err := listExpression(f, kind, parent, k)
	if err != nil {
		return "", plan, err
	}
	prefix := plan.column + "_"
	for name, v := range own {
		c.params[prefix+name] = v
	}
	list = parameter.ReplaceAllString(list, "$$"+prefix+"$1")

	itemKind := f.itemKind()
	node := fmt.Sprintf("x%d", k) // the entity of an item
	if f.Relations != nil {
		node = fmt.Sprintf("m%d", k)
	}
	var children []string
	for _, child := range f.Children {
		if itemKind == "" {
			return "", plan, cybercoop.Errorf(cybercoop.EINVALID, "a fetch with children must name the kind of its items")
		}
		text, childPlan, err := c.expression(child, itemKind, node)
		if err != nil {
			return "", plan, err
		}
		plan.children = append(plan.children, childPlan)
		children = append(children, text)
	}
	var entity string
	if itemKind == "" {
		var extra strings.Builder
		for i, cp := range plan.children {
			fmt.Fprintf(&extra, ", %s: %s", cp.column, children[i])
		}
		entity = withLabelsAnd(node, nil, extra.String())
	} else {
		plan.properties = f.Properties
		if plan.properties == nil {
			plan.properties = entityProperties[itemKind]
		}
		fields := make([]string, 0, len(plan.properties)+len(children))
		for _, p := range plan.properties {
			fields = append(fields, node+"."+p)
		}
		entity = "[" + strings.Join(append(fields, children...), ", ") + "]"
	}
	item := entity
	if f.Relations != nil {
		properties := fmt.Sprintf("properties(x%d[0])", k)
		if f.BareRelationships {
			properties = "null"
		}
		item = fmt.Sprintf("[%[1]s IN [x%[2]d[1]] | [type(x%[2]d[0]), x%[2]d[2], %[3]s, %[4]s]][0]", node, k, properties, entity)
	}
	return fmt.Sprintf("[l%[1]d IN [%[2]s] | [l%[1]d[0], [x%[1]d IN l%[1]d[1] WHERE x%[1]d IS NOT NULL | %[3]s]]][0]",
		k, list, item), plan, nil
}

// listExpression is the Cypher expression of a fetch's list beneath parent, as [total, items] (total -1 when not
// counted) in the list's order: activities and entities as nodes, relations as [relationship, node at the far end,
// whether it leaves parent]. It comes with the parameters it uses, named as if alone in its statement; k numbers
// its variables.
func listExpression(f Fetch, kind cybercoop.Kind, parent string, k int) (string, map[string]any, error) {
	// counted is a subquery's rows (one column, found) as [their number, the page of them].
	counted := func(rows string) string {
		return fmt.Sprintf("[found%[1]d IN [COLLECT { WITH %[2]s AS n\n%[3]s }] | [size(found%[1]d), found%[1]d[$skip..$skip + $limit]]][0]",
			k, parent, rows)
	}
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
		if listed := activityListSlice[q.Order]; listed.page != nil && q.Filter.where("") == "" && kind != cybercoop.KindTheme {
			params["ends"] = listEnds
			ids := fmt.Sprintf("ids%d", k)
			return fmt.Sprintf(listedActivities, parent, activityCountProperty, ids, listed.end, activityListProperty,
				listed.page(ids), k), params, nil
		}
		match := fmt.Sprintf("MATCH %s\nWITH DISTINCT a %s\n", pattern, q.Filter.where(""))
		if !q.Count {
			// A top-k sort keeps only the page.
			return fmt.Sprintf("[-1, COLLECT { WITH %s AS n\n%sWITH a ORDER BY %s SKIP $skip LIMIT $limit RETURN a }]",
				parent, match, order), params, nil
		}
		return counted(match + fmt.Sprintf("WITH a ORDER BY %s RETURN a", order)), params, nil
	case f.Relations != nil:
		pattern, err := relationPattern(f.Relations.Types, f.Relations.Direction)
		if err != nil {
			return "", nil, err
		}
		params := map[string]any{"skip": f.Relations.Page.Offset, "limit": f.Relations.Page.Limit}
		return counted(fmt.Sprintf("MATCH %s\nWITH n, r, m ORDER BY %s\nRETURN [r, m, startNode(r) = n]", pattern, relationOrder)),
			params, nil
	case f.Connected != nil:
		patterns := connections[f.Connected.Label][kind]
		if len(patterns) == 0 {
			return "", nil, cybercoop.Errorf(cybercoop.EINVALID, "a %s has no %s connections", kind, f.Connected.Label)
		}
		params := map[string]any{"skip": f.Connected.Page.Offset, "limit": f.Connected.Page.Limit}
		return counted(fmt.Sprintf("CALL (n) { %s }\nWITH DISTINCT m ORDER BY coalesce(m.startDay, ''), m.name, m.id RETURN m",
			connectionUnion(patterns))), params, nil
	}
	return "", nil, cybercoop.Errorf(cybercoop.EINVALID, "a fetch names no list")
}

// decodeFetched decodes the [total, page] values of one fetch, keyed by parent, and its children's beneath the
// items.
func decodeFetched(f Fetch, plan compiled, values map[cybercoop.Ref]any) Fetched {
	out := Fetched{Children: make([]Fetched, len(f.Children))}
	childValues := make([]map[cybercoop.Ref]any, len(f.Children))
	for i := range childValues {
		childValues[i] = map[cybercoop.Ref]any{}
	}
	kind := f.itemKind()
	// entity decodes an item's entity, and files its children's lists under its ref.
	entity := func(v any) cybercoop.Entity {
		var e cybercoop.Entity
		if plan.properties == nil {
			m, _ := v.(map[string]any)
			if e = decodeNode(m); e != nil {
				for i, cp := range plan.children {
					childValues[i][e.Ref()] = m[cp.column]
				}
			}
			return e
		}
		fields, _ := v.([]any)
		p := make(props, len(plan.properties))
		for i, name := range plan.properties {
			if fields[i] != nil {
				p[name] = fields[i]
			}
		}
		e = decodeEntity(string(kind), p)
		for i := range plan.children {
			childValues[i][e.Ref()] = fields[len(plan.properties)+i]
		}
		return e
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
		l, _ := v.([]any)
		total, _ := l[0].(int64)
		page, _ := l[1].([]any)
		switch {
		case f.Activities != nil:
			list := List[cybercoop.Activity]{Total: int(total), Items: make([]cybercoop.Activity, 0, len(page))}
			for _, item := range page {
				list.Items = append(list.Items, entity(item).(cybercoop.Activity))
			}
			out.Activities[parent] = list
		case f.Relations != nil:
			list := List[cybercoop.Relation]{Total: int(total), Items: make([]cybercoop.Relation, 0, len(page))}
			for _, item := range page {
				r, _ := item.([]any)
				list.Items = append(list.Items, relation(r[0].(string), r[1].(bool), r[2], entity(r[3])))
			}
			out.Relations[parent] = list
		default:
			list := List[cybercoop.Entity]{Total: int(total), Items: make([]cybercoop.Entity, 0, len(page))}
			for _, item := range page {
				list.Items = append(list.Items, entity(item))
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

// listedActivities reads an unfiltered page of a parent's activities by date from the lists written at load time
// (activitylists.go): the short list of that end when the page lies within it, else the whole list; then the
// page's activities, in the list's order, as [total, items].
const listedActivities = `[CASE WHEN $count THEN coalesce(%[1]s.%[2]s, 0) ELSE -1 END,
  [id%[7]d IN [%[3]s IN [CASE WHEN $skip + $limit <= $ends THEN coalesce(%[1]s.%[4]s, []) ELSE coalesce(%[1]s.%[5]s, []) END] | %[6]s][0] |
    head(COLLECT { MATCH (a:Activity {id: id%[7]d}) RETURN a })]]`

// activityListSlice is, for each order a list answers, the short list at its end and the slice of a list of ids
// that is the page: from the start oldest first, from the end newest first (bounds kept at 0 or more: negative
// ones would count from the end). Either slice is the same of the short list as of the whole one.
var activityListSlice = map[string]struct {
	end  string
	page func(ids string) string
}{
	"DATE_ASC": {activityHeadProperty, func(ids string) string { return ids + "[$skip..$skip + $limit]" }},
	"DATE_DESC": {activityTailProperty, func(ids string) string {
		return fmt.Sprintf("reverse(%[1]s[CASE WHEN size(%[1]s) - $skip - $limit > 0 THEN size(%[1]s) - $skip - $limit ELSE 0 END.."+
			"CASE WHEN size(%[1]s) - $skip > 0 THEN size(%[1]s) - $skip ELSE 0 END])", ids)
	}},
}

// relationOrder is the order of an entity's relations: by type, then the other end's date and name, then its kind
// and id, so that a page cut among equal names and dates (copies of one activity) is the same after any load.
const relationOrder = "type(r), coalesce(m.startDay, ''), coalesce(m.name, m.title, m.text, m.id), head(labels(m)), m.id"

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
