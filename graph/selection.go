package graph

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/store"
)

// What search, collaborators, paths and neighborhood read of the entities and relationships they return follows
// their selection (store.Selection), as prefetched lists do: a drawing that asks for `nodes { id label }` reads two
// properties of each node, not all of them, and no relationship's sources unless it shows them. Outside a request
// (no field being resolved) everything is read.

// searchSelection is what the search being resolved reads of its hits.
func searchSelection(ctx context.Context) store.Selection {
	op, fc, ok := resolving(ctx)
	if !ok {
		return store.Selection{}
	}
	fields := fc.Field.Selections
	return store.Selection{Properties: entityProperties(op, beneath(op, fields, "node"))}
}

// pathsSelection is what the paths being resolved read of their hops' entities and relationships.
func pathsSelection(ctx context.Context) store.Selection {
	op, fc, ok := resolving(ctx)
	if !ok {
		return store.Selection{}
	}
	fields := fc.Field.Selections
	hops := beneath(op, fields, "hops")
	return store.Selection{Properties: entityProperties(op, append(beneath(op, hops, "from"), beneath(op, hops, "to")...)),
		BareRelationships: !selectsAny(op, hops, "role", "status", "note", "sources")}
}

// neighborhoodSelection is what the neighbourhood being resolved reads of its nodes and edges.
func neighborhoodSelection(ctx context.Context) store.Selection {
	op, fc, ok := resolving(ctx)
	if !ok {
		return store.Selection{}
	}
	fields := fc.Field.Selections
	return store.Selection{Properties: entityProperties(op, beneath(op, fields, "nodes")),
		BareRelationships: !selectsAny(op, beneath(op, fields, "edges"), "sources")}
}

// collaboratorsSelection is what the collaborators being resolved read of each collaborator and its shared
// projects (one set of properties per kind for both: a Project can be either).
func collaboratorsSelection(ctx context.Context) store.Selection {
	op, fc, ok := resolving(ctx)
	if !ok {
		return store.Selection{}
	}
	fields := fc.Field.Selections
	items := append(beneath(op, fields, "nodes"), beneath(op, beneath(op, fields, "edges"), "node")...)
	return store.Selection{Properties: entityProperties(op, append(beneath(op, items, "node"), beneath(op, items, "projects")...))}
}

// resolving returns the operation and the field being resolved; false outside a request.
func resolving(ctx context.Context) (*graphql.OperationContext, *graphql.FieldContext, bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || !graphql.HasOperationContext(ctx) {
		return nil, nil, false
	}
	return graphql.GetOperationContext(ctx), fc, true
}

// beneath returns the selections of every field called name among selections, fragments included.
func beneath(op *graphql.OperationContext, selections ast.SelectionSet, name string) ast.SelectionSet {
	var out ast.SelectionSet
	for _, f := range graphql.CollectFields(op, selections, nil) {
		if f.Name == name {
			out = append(out, f.Selections...)
		}
	}
	return out
}

// entityProperties are, for each kind, the properties that selections on an entity read (a kind left out is read
// whole: a field that SelectedProperties does not know).
func entityProperties(op *graphql.OperationContext, selections ast.SelectionSet) map[cybercoop.Kind][]string {
	out := make(map[cybercoop.Kind][]string, len(cybercoop.Kinds))
	for _, k := range cybercoop.Kinds {
		if props := selectedProperties(op, selections, k, false); props != nil {
			out[k] = props
		}
	}
	return out
}

// selectsAny reports whether selections select one of names.
func selectsAny(op *graphql.OperationContext, selections ast.SelectionSet, names ...string) bool {
	for _, f := range graphql.CollectFields(op, selections, nil) {
		if slices.Contains(names, f.Name) {
			return true
		}
	}
	return false
}
