// Package export writes the graph's lists as files analysts open in other tools: activities and collaborators as
// CSV (RFC 4180, UTF-8, a header row, source locators in every row) and a neighbourhood as GraphML (Gephi, yEd,
// Cytoscape desktop). Each writer reads its parameters from a URL query, with the API's ids and filters, and
// pages through the store so that memory stays flat whatever the size of the answer.
package export

import (
	"context"
	"net/url"
	"strings"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/store"
)

// Store is what the exports read.
type Store interface {
	Entities(ctx context.Context, refs []cybercoop.Ref) (map[cybercoop.Ref]cybercoop.Entity, error)
	Relations(ctx context.Context, refs []cybercoop.Ref, q store.RelationQuery) (map[cybercoop.Ref]store.List[cybercoop.Relation], error)
	Activities(ctx context.Context, parents []cybercoop.Ref, q store.ActivityQuery) (map[cybercoop.Ref]store.List[cybercoop.Activity], error)
	Collaborators(ctx context.Context, q store.CollaboratorQuery) (store.List[cybercoop.Collaborator], error)
	Neighborhood(ctx context.Context, ref cybercoop.Ref, depth, limit int, sel store.Selection) (store.Subgraph, error)
}

var _ Store = (*store.Store)(nil)

// pageSize is how many rows are read from the store at a time.
const pageSize = 100

// values reads a parameter that may be repeated or comma-separated: ?type=training,workshop&type=meeting.
func values(q url.Values, name string) []string {
	var out []string
	for _, v := range q[name] {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// ids reads ids of one kind, global ("country:gh") or bare ("gh"), as the store's bare ids.
func ids(q url.Values, name string, kind cybercoop.Kind) ([]string, error) {
	var out []string
	for _, v := range values(q, name) {
		ref, err := cybercoop.ParseRef(v, kind)
		if err != nil {
			return nil, cybercoop.Errorf(cybercoop.EINVALID, "%s: %s", name, cybercoop.ErrorMessage(err))
		}
		out = append(out, ref.ID)
	}
	return out, nil
}

// day reads a date parameter ("2018", "2018-06", "2018-06-30") as the first or last ISO day it covers.
func day(q url.Values, name string, last bool) (string, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return "", nil
	}
	d, err := cybercoop.ParsePartialDate(v)
	if err != nil {
		return "", cybercoop.Errorf(cybercoop.EINVALID, "%s: %v", name, err)
	}
	if last {
		return d.LastDay().Format("2006-01-02"), nil
	}
	return d.FirstDay().Format("2006-01-02"), nil
}

// locators writes sources as "document: place" items separated by "; ".
func locators(refs []cybercoop.SourceRef) string {
	parts := make([]string, len(refs))
	for i, r := range refs {
		parts[i] = r.SourceID + ": " + r.Locator
	}
	return strings.Join(parts, "; ")
}
