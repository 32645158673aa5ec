package graph

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/graph/model"
	"github.com/cybercoop/cybercoop/store"
)

// MaxPageSize is the largest `first` a list accepts; asking for more is a BAD_USER_INPUT error, not a silent cut.
const MaxPageSize = 100

// The sizes the schema declares as `first`'s default: 50 for relations, 20 for every other list. A null `first`
// reads as the default, as the cost walk counts it (TestNullReadsAsDefault keeps them together).
const (
	defaultPageSize      = 20
	defaultRelationsSize = 50
)

// page converts first/after into a store page of size items when first is null, refusing sizes outside
// 0..MaxPageSize and foreign cursors.
func page(first *int, after *string, size int) (store.Page, error) {
	p := store.Page{Limit: size}
	if first != nil {
		if *first < 0 || *first > MaxPageSize {
			return p, cybercoop.Errorf(cybercoop.EINVALID, "first must be between 0 and %d, got %d", MaxPageSize, *first)
		}
		p.Limit = *first
	}
	if after != nil && *after != "" {
		offset, id, err := store.DecodeCursor(*after)
		if err != nil {
			return p, err
		}
		p.Offset, p.AfterID = offset+1, id
	}
	return p, nil
}

// args reads the arguments of a field and keeps the first error, so that a resolver reads them all, in order, and
// checks once: the error is the one the first bad argument gives.
type args struct{ err error }

func (a *args) keep(err error) {
	if a.err == nil {
		a.err = err
	}
}

func (a *args) ref(id string, kind cybercoop.Kind) cybercoop.Ref {
	r, err := ref(id, kind)
	a.keep(err)
	return r
}

func (a *args) page(first *int, after *string, size int) store.Page {
	p, err := page(first, after, size)
	a.keep(err)
	return p
}

func (a *args) bounded(value *int, fallback, max int, name string) int {
	n, err := bounded(value, fallback, max, name)
	a.keep(err)
	return n
}

func (a *args) filter(f *model.ActivityFilter) store.ActivityFilter {
	out, err := activityFilter(f)
	a.keep(err)
	return out
}

// bounded checks a plain count argument (search results, paths) against its maximum.
func bounded(value *int, fallback, max int, name string) (int, error) {
	if value == nil {
		return fallback, nil
	}
	if *value < 1 || *value > max {
		return 0, cybercoop.Errorf(cybercoop.EINVALID, "%s must be between 1 and %d, got %d", name, max, *value)
	}
	return *value, nil
}

// pageInfo describes a page of n of a list of total items, whose item at index i has the cursor cursor(i).
func pageInfo(p store.Page, n, total int, cursor func(i int) string) *model.PageInfo {
	info := &model.PageInfo{HasPreviousPage: p.Offset > 0, HasNextPage: p.Offset+n < total}
	if n > 0 {
		start, end := cursor(0), cursor(n-1)
		info.StartCursor, info.EndCursor = &start, &end
	}
	return info
}

// wantsTotal reports whether the query selects totalCount on the connection being resolved, so a count query
// runs only when someone reads it.
func wantsTotal(ctx context.Context) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return true
	}
	return selectsTotal(graphql.GetOperationContext(ctx), fc.Field.Selections)
}

// selectsItemField reports whether the connection being resolved selects a field of its items (under nodes or
// edges.node).
func selectsItemField(ctx context.Context, name string) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return true
	}
	opCtx := graphql.GetOperationContext(ctx)
	for _, f := range graphql.CollectFields(opCtx, fc.Field.Selections, nil) {
		items := []graphql.CollectedField{f}
		if f.Name == "edges" {
			items = graphql.CollectFields(opCtx, f.Selections, nil)
		}
		for _, item := range items {
			if item.Name != "nodes" && item.Name != "node" {
				continue
			}
			for _, g := range graphql.CollectFields(opCtx, item.Selections, nil) {
				if g.Name == name {
					return true
				}
			}
		}
	}
	return false
}

// selectsTotal reports whether a connection's selections read its total.
func selectsTotal(opCtx *graphql.OperationContext, selections ast.SelectionSet) bool {
	for _, f := range graphql.CollectFields(opCtx, selections, nil) {
		if f.Name == "totalCount" || f.Name == "pageInfo" {
			return true
		}
	}
	return false
}

// ref parses an id argument of the given kind ("" for any kind).
func ref(id string, kind cybercoop.Kind) (cybercoop.Ref, error) { return cybercoop.ParseRef(id, kind) }

// refIDs parses a list of ids of one kind into their slugs.
func refIDs(ids []string, kind cybercoop.Kind) ([]string, error) {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		r, err := cybercoop.ParseRef(id, kind)
		if err != nil {
			return nil, err
		}
		out = append(out, r.ID)
	}
	return out, nil
}

// activityFilter converts the GraphQL filter into the store's.
func activityFilter(f *model.ActivityFilter) (store.ActivityFilter, error) {
	var out store.ActivityFilter
	if f == nil {
		return out, nil
	}
	var err error
	out.Types = f.Types
	if out.Projects, err = refIDs(f.Projects, cybercoop.KindProject); err != nil {
		return out, err
	}
	if out.Countries, err = refIDs(f.Countries, cybercoop.KindCountry); err != nil {
		return out, err
	}
	if out.Organizations, err = refIDs(f.Organizations, cybercoop.KindOrganization); err != nil {
		return out, err
	}
	if out.Themes, err = refIDs(f.Themes, cybercoop.KindTheme); err != nil {
		return out, err
	}
	out.From, out.To = firstDay(f.From), lastDay(f.To)
	out.Text = strings.TrimSpace(orDefault(f.Text, ""))
	return out, nil
}

func firstDay(d *cybercoop.PartialDate) string {
	if d == nil {
		return ""
	}
	return d.FirstDay().Format("2006-01-02")
}

func lastDay(d *cybercoop.PartialDate) string {
	if d == nil {
		return ""
	}
	return d.LastDay().Format("2006-01-02")
}

// encodeFilter and decodeFilter make a filter comparable, so loader keys can hold it.
func encodeFilter(f store.ActivityFilter) string {
	b, _ := json.Marshal(f) // plain strings only
	return string(b)
}

func decodeFilter(s string) store.ActivityFilter {
	var f store.ActivityFilter
	_ = json.Unmarshal([]byte(s), &f) // made by encodeFilter
	return f
}

func joinTypes(types []string) string { return strings.Join(types, ",") }

func splitTypes(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// toKinds converts EntityKind enum values (COUNTRY) to kinds (Country).
func toKinds(values []string) []cybercoop.Kind {
	out := make([]cybercoop.Kind, 0, len(values))
	for _, v := range values {
		for _, k := range cybercoop.Kinds {
			if strings.EqualFold(v, string(k)) {
				out = append(out, k)
			}
		}
	}
	return out
}

func orDefault(s *string, fallback string) string {
	if s == nil {
		return fallback
	}
	return *s
}
