package graph

import (
	"context"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/store"
)

// Prefetching: where a resolver gets entities (a root field such as project(id:), or a list of them), it reads
// the lists that the selection asks for beneath them, to any depth, in one statement with the entities
// (store.EntitiesWith), and files each list in the request's loaders under the key its own resolver will ask for.
// The nested resolvers then find their lists at hand: a nested selection costs one round trip instead of one per
// level, and no batching wait. A field the planner does not cover (a text filter, an argument it cannot read)
// simply goes through the loaders as before, so prefetching changes how fast an answer comes, never what it is.

// relationField is a field backed by one type of relation, in one direction, read through the relations loader.
type relationField struct{ direction, relType string }

var (
	activityProjects      = relationField{"OUT", "PART_OF"}
	activityCountries     = relationField{"OUT", "HELD_IN"}
	activityOrganizations = relationField{"OUT", "INVOLVED"}
	activityBeneficiaries = relationField{"OUT", "FOR"}
	conventionProtocolOf  = relationField{"OUT", "PROTOCOL_OF"}
	conventionProtocols   = relationField{"IN", "PROTOCOL_OF"}
	conventionProjects    = relationField{"IN", "SUPPORTS"}
	goalOf                = relationField{"OUT", "GOAL_OF"}
	goalPartOf            = relationField{"OUT", "PART_OF"}
	goalParts             = relationField{"IN", "PART_OF"}
	organizationPartOf    = relationField{"OUT", "PART_OF"}
	organizationParts     = relationField{"IN", "PART_OF"}
	organizationBasedIn   = relationField{"OUT", "BASED_IN"}
	projectFunders        = relationField{"OUT", "FUNDED_BY"}
	projectImplementers   = relationField{"OUT", "IMPLEMENTED_BY"}
	projectPartners       = relationField{"OUT", "PARTNER"}
	projectLineage        = relationField{"BOTH", "FOLLOWS"}
	projectThemes         = relationField{"OUT", "ADDRESSES"}
	projectConventions    = relationField{"OUT", "SUPPORTS"}
	projectGoals          = relationField{"IN", "GOAL_OF"}
	themeProjects         = relationField{"IN", "ADDRESSES"}
)

// relationFields are the schema's fields backed by one relation, by "Type.field", for the planner (a test checks
// each against the schema).
var relationFields = map[string]relationField{
	"Activity.projects": activityProjects, "Activity.countries": activityCountries,
	"Activity.organizations": activityOrganizations, "Activity.beneficiaries": activityBeneficiaries,
	"Activity.placePrecision": activityCountries,
	"Convention.protocolOf":   conventionProtocolOf, "Convention.protocols": conventionProtocols,
	"Convention.projects": conventionProjects,
	"Goal.of":             goalOf, "Goal.partOf": goalPartOf, "Goal.parts": goalParts,
	"Organization.partOf": organizationPartOf, "Organization.parts": organizationParts,
	"Organization.basedIn": organizationBasedIn,
	"Project.funders":      projectFunders, "Project.implementers": projectImplementers,
	"Project.partners": projectPartners, "Project.lineage": projectLineage, "Project.themes": projectThemes,
	"Project.conventions": projectConventions, "Project.goals": projectGoals,
	"Theme.projects": themeProjects,
}

// connectedFields are the fields that list the projects or countries an entity is connected to.
var connectedFields = map[string]string{
	"Project.countries": "Country", "Country.projects": "Project", "Organization.projects": "Project",
}

// relatedPage is the page the loaders read of a relation field: all of it, in practice.
var relatedPage = store.Page{Limit: 1000}

// primer files what one fetch read under the loader key of its field, and its children's beneath.
type primer struct {
	activities *activityOptions
	relations  *relationOptions
	connected  *connectedOptions
	children   []primer
}

func (p primer) prime(l *loaders, got store.Fetched) {
	switch {
	case p.activities != nil:
		for ref, list := range got.Activities {
			l.activities.Prime(groupKey[activityOptions]{Item: ref, Options: *p.activities}, list)
		}
	case p.relations != nil:
		for ref, list := range got.Relations {
			l.relations.Prime(groupKey[relationOptions]{Item: ref, Options: *p.relations}, list)
		}
	case p.connected != nil:
		for ref, list := range got.Connected {
			l.connected.Prime(groupKey[connectedOptions]{Item: ref, Options: *p.connected}, list)
		}
	}
	for i, child := range p.children[:min(len(p.children), len(got.Children))] {
		child.prime(l, got.Children[i])
	}
}

// entityWithLists resolves a root field that returns one entity: the entity and the lists its selection reads
// beneath it come from one statement.
func (r *Resolver) entityWithLists(ctx context.Context, ref cybercoop.Ref) (cybercoop.Entity, error) {
	fetches, primers := planSelection(ctx, ref.Kind)
	if len(fetches) == 0 {
		return r.loaders(ctx).entity(ctx, ref)
	}
	entities, fetched, err := r.Store.EntitiesWith(ctx, []cybercoop.Ref{ref}, fetches)
	if err != nil {
		return nil, err
	}
	e, ok := entities[ref]
	if !ok {
		return nil, cybercoop.NotFound(ref)
	}
	r.loaders(ctx).primeAll(primers, fetched)
	return e, nil
}

// prefetchBeneath reads, in one statement, the lists that the selection of the field being resolved (a list of
// entities of one kind, or a connection of them) asks for beneath the given entities, and primes the loaders.
// A failure is left to the nested resolvers, which then read through the loaders and report it themselves.
func (r *Resolver) prefetchBeneath(ctx context.Context, kind cybercoop.Kind, refs []cybercoop.Ref) {
	if len(refs) == 0 {
		return
	}
	fetches, primers := planSelection(ctx, kind)
	if len(fetches) == 0 {
		return
	}
	if _, fetched, err := r.Store.EntitiesWith(ctx, refs, fetches); err == nil {
		r.loaders(ctx).primeAll(primers, fetched)
	}
}

func (l *loaders) primeAll(primers []primer, fetched []store.Fetched) {
	for i, p := range primers {
		p.prime(l, fetched[i])
	}
}

// planSelection plans the fetches beneath the entities the current field returns: its own selection for an
// entity or a list of them, the selection of nodes and edges.node for a connection.
func planSelection(ctx context.Context, kind cybercoop.Kind) ([]store.Fetch, []primer) {
	op, fc, ok := resolving(ctx)
	if !ok {
		return nil, nil
	}
	_, connection := itemKindOf(fc.Field.Definition)
	return planItems(op, fc.Field.Selections, kind, connection)
}

// planItems plans the fetches beneath items of the given kind selected by selections, either directly or, for a
// connection, through nodes and edges.node.
func planItems(opCtx *graphql.OperationContext, selections ast.SelectionSet, kind cybercoop.Kind, connection bool) ([]store.Fetch, []primer) {
	if !connection {
		return plan(opCtx, selections, kind)
	}
	var fetches []store.Fetch
	var primers []primer
	for _, f := range graphql.CollectFields(opCtx, selections, nil) {
		switch f.Name {
		case "nodes":
			fs, ps := plan(opCtx, f.Selections, kind)
			fetches, primers = append(fetches, fs...), append(primers, ps...)
		case "edges":
			for _, e := range graphql.CollectFields(opCtx, f.Selections, nil) {
				if e.Name == "node" {
					fs, ps := plan(opCtx, e.Selections, kind)
					fetches, primers = append(fetches, fs...), append(primers, ps...)
				}
			}
		}
	}
	return fetches, primers
}

// plan returns the fetches for the loader-backed fields of selections on an entity of the given kind, and the
// primers that file what they read under the keys their resolvers will compute.
func plan(opCtx *graphql.OperationContext, selections ast.SelectionSet, kind cybercoop.Kind) ([]store.Fetch, []primer) {
	typeName := string(kind)
	var fetches []store.Fetch
	var primers []primer
	for _, f := range graphql.CollectFields(opCtx, selections, []string{typeName, "Node", "Entity"}) {
		field := typeName + "." + f.Name
		args := f.ArgumentMap(opCtx.Variables)
		var fetch store.Fetch
		var p primer
		itemKind, connection := itemKindOf(f.Definition)
		properties := selectedProperties(opCtx, f.Selections, itemKind, connection)
		fetch.Properties = properties
		if rf, ok := relationFields[field]; ok {
			// A field whose items are entities (Activity.countries) shows nothing of the relationships themselves.
			fetch.BareRelationships = itemKind != ""
			o := relationOptions{types: rf.relType, direction: rf.direction, page: relatedPage, properties: propertiesKey(properties),
				bare: fetch.BareRelationships}
			fetch.Relations = &store.RelationQuery{Types: []string{rf.relType}, Direction: rf.direction, Page: relatedPage}
			p.relations = &o
		} else if label, ok := connectedFields[field]; ok {
			pg, err := page(intArg(args, "first"), stringArg(args, "after"), defaultPageSize)
			if err != nil {
				continue
			}
			fetch.Connected = &store.ConnectedQuery{Label: label, Page: pg}
			p.connected = &connectedOptions{label: label, page: pg, properties: propertiesKey(properties)}
		} else if f.Name == "activities" && slices.Contains([]cybercoop.Kind{cybercoop.KindCountry, cybercoop.KindOrganization, cybercoop.KindProject}, kind) {
			if args["filter"] != nil {
				continue // filters are rare beneath another entity, and a text filter needs a statement of its own
			}
			o, err := activitiesKey(nil, stringArg(args, "orderBy"), intArg(args, "first"), stringArg(args, "after"),
				selectsTotal(opCtx, f.Selections), properties)
			if err != nil {
				continue
			}
			fetch.Activities = &store.ActivityQuery{Order: o.order, Page: o.page, Count: o.count}
			p.activities = &o
		} else if f.Name == "relations" {
			o, err := relationsKey(stringsArg(args, "types"), stringArg(args, "direction"), intArg(args, "first"), stringArg(args, "after"))
			if err != nil {
				continue
			}
			fetch.Relations = &store.RelationQuery{Types: splitTypes(o.types), Direction: o.direction, Page: o.page}
			p.relations = &o
		} else {
			continue
		}
		if itemKind != "" {
			fetch.ItemKind = itemKind
			fetch.Children, p.children = planItems(opCtx, f.Selections, itemKind, connection)
		}
		fetches, primers = append(fetches, fetch), append(primers, p)
	}
	return fetches, primers
}

// itemKindOf is the kind of entity a field returns (one, a list of them, or a connection of them, which connection
// says), or "" for anything else (a relation, an interface, a scalar).
func itemKindOf(def *ast.FieldDefinition) (kind cybercoop.Kind, connection bool) {
	if def == nil || def.Type == nil {
		return "", false
	}
	name, connection := strings.CutSuffix(def.Type.Name(), "Connection")
	for _, k := range cybercoop.Kinds {
		if string(k) == name {
			return k, connection
		}
	}
	return "", false
}

// selectedProperties are the properties to read of the items of kind that selections select (directly, or under
// nodes and edges.node for a connection); nil reads them all.
func selectedProperties(opCtx *graphql.OperationContext, selections ast.SelectionSet, kind cybercoop.Kind, connection bool) []string {
	if kind == "" {
		return nil
	}
	var fields []string
	collect := func(selections ast.SelectionSet) {
		for _, f := range graphql.CollectFields(opCtx, selections, []string{string(kind), "Node", "Entity"}) {
			fields = append(fields, f.Name)
		}
	}
	if !connection {
		collect(selections)
	}
	for _, f := range graphql.CollectFields(opCtx, selections, nil) {
		switch {
		case !connection:
		case f.Name == "nodes":
			collect(f.Selections)
		case f.Name == "edges":
			for _, e := range graphql.CollectFields(opCtx, f.Selections, nil) {
				if e.Name == "node" {
					collect(e.Selections)
				}
			}
		}
	}
	return store.SelectedProperties(kind, fields)
}

// fieldProperties are selectedProperties for the field being resolved, as the prefetch planner computed them.
func fieldProperties(ctx context.Context) []string {
	op, fc, ok := resolving(ctx)
	if !ok {
		return nil
	}
	kind, connection := itemKindOf(fc.Field.Definition)
	return selectedProperties(op, fc.Field.Selections, kind, connection)
}

// listsEntities reports whether the field being resolved lists entities (Activity.countries) rather than
// relations, as the prefetch planner decides which relation fields read bare relationships.
func listsEntities(ctx context.Context) bool {
	_, fc, ok := resolving(ctx)
	if !ok {
		return false
	}
	kind, _ := itemKindOf(fc.Field.Definition)
	return kind != ""
}

// propertiesKey is the loader-key form of a list of properties.
func propertiesKey(properties []string) string { return strings.Join(properties, ",") }

// intArg, stringArg and stringsArg read an argument as the resolvers get it: nil when absent or null, and also
// when it is not of the expected type (the field is then left to its resolver, which reports it).
func intArg(args map[string]any, name string) *int {
	if args[name] == nil {
		return nil
	}
	n, err := graphql.UnmarshalInt(args[name])
	if err != nil {
		return nil
	}
	return &n
}

func stringArg(args map[string]any, name string) *string {
	s, ok := args[name].(string)
	if !ok {
		return nil
	}
	return &s
}

func stringsArg(args map[string]any, name string) []string {
	list, _ := args[name].([]any)
	out := make([]string, 0, len(list))
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
