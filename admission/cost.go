package admission

import (
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// The cost of an operation estimates the work it asks for, in units of about 0.05 ms of Neo4j time on the 2-core
// development machine. A field costs 1 plus the cost of its selections, times the number of items it can return:
// a list field its `first` or `limit` as it will run (written, from its variable, or the default when absent or
// null; checkVariables has refused values of the wrong type) or listGuess; the `nodes` and `edges` of a connection or
// subgraph the `first` or `limit` of the field holding them. A connection's totalCount and pageInfo count once.
// The fields that search the graph add, once, the weight of that search (searchWeight), measured on the real seeds.
//
// costWalk computes it before validation, on the document as parsed or as gqlgen cached it once validated: it reads
// names, arguments and values, never the definitions validation fills in, so both give the same cost. Each fragment is walked once and its cost
// kept, so the walk is linear in the document even when fragments spread one another many times; and it stops as
// soon as the cost or the depth passes its limit, since what is left can only add to them.
type costWalk struct {
	schema    *ast.Schema
	doc       *ast.QueryDocument
	op        *ast.OperationDefinition
	vars      map[string]any
	limits    Limits
	fragments map[string]*setCost // walked fragments; nil while a fragment is being walked (a cycle)
	steps     int                 // selections visited: the work done, which tests bound
	err       *gqlerror.Error     // the limit passed, which ends the walk
}

// setCost is the cost of a selection set. perItem is the cost of one item of the enclosing page (its nodes and
// edges), to be multiplied by the page size where the set is used; fixed is the rest.
type setCost struct {
	fixed, perItem int
	depth          int // deepest nesting of fields
	fields         int // fields at the top of the set, fragments expanded
}

// listGuess is the size assumed for a list field that takes no `first` or `limit`, unless listSizes knows better.
const listGuess = 5

// listSizes bound the lists without `first` that can be long: a convention's steps and parties come from its treaty
// chart, which lists up to about a hundred States (the Budapest chart 97 rows, two steps each at most, plus what the
// documents add); a country takes steps under a few conventions.
var listSizes = map[string]int{
	"Convention.accessions": 250, "Convention.parties": 100, "Convention.accessionJourneys": 100,
	"Country.accessions": 10, "Country.treaties": 10,
}

// listSize is the number of items a list field without `first` or `limit` is counted for.
func listSize(parent *ast.Definition, field string) int {
	if parent != nil {
		if n, known := listSizes[parent.Name+"."+field]; known {
			return n
		}
	}
	return listGuess
}

// maxCost caps every sum and product of the walk: beyond it, any limit is passed anyway.
const maxCost = 1 << 30

func newCostWalk(schema *ast.Schema, doc *ast.QueryDocument, vars map[string]any, limits Limits) *costWalk {
	return &costWalk{schema: schema, doc: doc, vars: vars, limits: limits, fragments: map[string]*setCost{}}
}

// document returns the cost of the operation named operationName (the only one when the name is empty), or the
// COMPLEXITY_LIMIT error of the first limit it passes. An unknown operation costs 0: gqlgen reports it.
func (w *costWalk) document(operationName string) (int, *gqlerror.Error) {
	w.op = w.doc.Operations.ForName(operationName)
	if w.op == nil {
		return 0, nil
	}
	root := w.rootType(w.op.Operation)
	c := w.set(w.op.SelectionSet, root)
	if w.err != nil {
		return 0, w.err
	}
	if c.fields > w.limits.MaxRootFields {
		return 0, limitError("rootFields", "the operation has %d root fields; the limit is %d", c.fields, w.limits.MaxRootFields)
	}
	return c.fixed + c.perItem, nil
}

func (w *costWalk) rootType(op ast.Operation) *ast.Definition {
	switch op {
	case ast.Mutation:
		return w.schema.Mutation
	case ast.Subscription:
		return w.schema.Subscription
	}
	return w.schema.Query
}

// set walks a selection set whose fields belong to parent (nil when unknown: validation will refuse the field).
func (w *costWalk) set(set ast.SelectionSet, parent *ast.Definition) setCost {
	var total setCost
	for _, sel := range set {
		if w.err != nil {
			return total
		}
		w.steps++
		var c setCost
		switch s := sel.(type) {
		case *ast.Field:
			c = w.field(s, parent)
		case *ast.InlineFragment:
			typ := parent
			if s.TypeCondition != "" {
				typ = w.schema.Types[s.TypeCondition]
			}
			c = w.set(s.SelectionSet, typ)
		case *ast.FragmentSpread:
			c = w.fragment(s.Name)
		}
		total = setCost{
			fixed:   saturatingAdd(total.fixed, c.fixed),
			perItem: saturatingAdd(total.perItem, c.perItem),
			depth:   max(total.depth, c.depth),
			fields:  saturatingAdd(total.fields, c.fields),
		}
		w.check(total)
	}
	return total
}

// fragment is the cost of a named fragment, walked the first time it is spread. A fragment spreading itself, or
// an unknown one, costs nothing here: validation refuses both.
func (w *costWalk) fragment(name string) setCost {
	if c, seen := w.fragments[name]; seen {
		if c == nil {
			return setCost{}
		}
		return *c
	}
	def := w.doc.Fragments.ForName(name)
	if def == nil {
		return setCost{}
	}
	w.fragments[name] = nil
	c := w.set(def.SelectionSet, w.schema.Types[def.TypeCondition])
	w.fragments[name] = &c
	return c
}

// field is the cost of one field as a setCost of its parent: in perItem when it is a page's nodes or edges.
func (w *costWalk) field(f *ast.Field, parent *ast.Definition) setCost {
	var def *ast.FieldDefinition
	var typ *ast.Definition
	if parent != nil {
		def = parent.Fields.ForName(f.Name)
	}
	if def != nil {
		typ = w.schema.Types[def.Type.Name()]
	}
	page, hasPage := w.intArg(f, def, "first")
	if !hasPage {
		page, hasPage = w.intArg(f, def, "limit")
	}
	page = max(page, 1)
	children := w.set(f.SelectionSet, typ)
	one := saturatingAdd(1, saturatingAdd(children.fixed, saturatingMul(children.perItem, page)))
	out := setCost{fixed: w.searchWeight(parent, f, def), depth: children.depth + 1, fields: 1}
	if strings.HasPrefix(f.Name, "__") {
		// Introspection (__schema, __type) nests ofType as deep as types wrap, beyond any sensible depth limit;
		// it reads the schema in memory, and its cost still counts.
		out.depth = 1
	}
	switch {
	case f.Name == "nodes" || f.Name == "edges":
		out.perItem = one
	case def != nil && def.Type.Elem != nil && hasPage:
		out.fixed = saturatingAdd(out.fixed, saturatingMul(one, page))
	case def != nil && def.Type.Elem != nil:
		out.fixed = saturatingAdd(out.fixed, saturatingMul(one, listSize(parent, f.Name)))
	default:
		out.fixed = saturatingAdd(out.fixed, one)
	}
	return out
}

// check ends the walk when a partial cost already passes a limit: every later term only adds to the total, and
// every enclosing list multiplies it by at least 1.
func (w *costWalk) check(c setCost) {
	switch {
	case w.err != nil:
	case c.depth > w.limits.MaxDepth:
		w.err = limitError("depth", "the query is more than %d levels deep, its limit", w.limits.MaxDepth)
	case saturatingAdd(c.fixed, c.perItem) > w.limits.MaxCost:
		w.err = limitError("cost", "the query could cost more than %d, its limit (lower `first`, `limit`, `depth` or "+
			"`maxHops`, or ask for fewer fields or aliases)", w.limits.MaxCost)
	}
}

// intArg is the value a field's integer argument has when the operation runs: as written, or from its variable;
// when it is absent or null, the schema's default, which is what the resolvers read a null as (args.go).
func (w *costWalk) intArg(f *ast.Field, def *ast.FieldDefinition, name string) (int, bool) {
	if arg := f.Arguments.ForName(name); arg != nil {
		if n, set := w.value(arg.Value); set {
			return n, true
		}
	}
	if def != nil {
		if argDef := def.Arguments.ForName(name); argDef != nil {
			return literalInt(argDef.DefaultValue)
		}
	}
	return 0, false
}

// value is an integer written in the document or held by a variable, as gqlgen coerces it: an absent variable
// takes its declared default. False when the value is null or absent.
func (w *costWalk) value(v *ast.Value) (int, bool) {
	if v.Kind != ast.Variable {
		return literalInt(v)
	}
	if raw, given := w.vars[v.Raw]; given {
		return rawInt(raw)
	}
	if def := w.op.VariableDefinitions.ForName(v.Raw); def != nil {
		return literalInt(def.DefaultValue)
	}
	return 0, false
}

func saturatingAdd(a, b int) int { return min(a+b, maxCost) }
func saturatingMul(a, b int) int {
	if a != 0 && b > maxCost/a {
		return maxCost
	}
	return min(a*b, maxCost)
}

// searchWeight is the cost of the search a field runs before returning anything: 0 for most fields; for those that
// search the graph, the worst median time measured over the five hubs of the real seeds (CoE, GLACY+, INTERPOL,
// Ghana, EUROPOL), at 20 units per millisecond, rounded up (docs/api.md, "Limits and costs"; the schema's
// descriptions repeat it).
func (w *costWalk) searchWeight(parent *ast.Definition, f *ast.Field, def *ast.FieldDefinition) int {
	if parent == nil || parent != w.schema.Query {
		return 0
	}
	arg := func(name string, lowest, highest int) int {
		v, _ := w.intArg(f, def, name) // the schema gives each of these a default
		return min(max(v, lowest), highest)
	}
	switch f.Name {
	case "paths":
		// Up to 20 ms for the shortest paths, then the longer ones: maxHops 6, first 20 took 123 ms, searched in the
		// graph. On the route map they take up to 10 ms; the weights stay for the searches still made in the graph:
		// those limited to a period (since, until), and any on a database loaded before the map.
		return 400 + 20*arg("maxHops", 1, 6)*arg("first", 1, 20)
	case "neighborhood":
		// Breadth first, each level expanding at most limit nodes: depth 3, limit 500 took 37 ms.
		return 200 + arg("depth", 1, 3)*arg("limit", 1, 500)/2
	case "collaborators":
		// GLACY+'s, the heaviest: 41 ms with first 20, 199 ms with first 100 (evidence is read for the page).
		return 400 + 40*arg("first", 1, 100)
	case "search":
		// One word 5 to 40 ms; three words 157 ms; sixteen one-letter words (each also a prefix) 196 ms.
		return 4000
	}
	return 0
}
