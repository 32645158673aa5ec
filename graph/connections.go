package graph

import (
	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/graph/model"
	"github.com/cybercoop/cybercoop/store"
)

// One constructor per connection type: the page's items, their cursors and the page info. gqlgen generates a
// distinct Go type for each connection, so the shared part is edges and pageInfo.

func countryConnection(items []cybercoop.Country, p store.Page, total int) *model.CountryConnection {
	return &model.CountryConnection{TotalCount: total, PageInfo: pageInfo(p, len(items), total, offsetCursor(p)), Nodes: items,
		Edges: edges(items, offsetCursor(p), func(c string, n *cybercoop.Country) model.CountryEdge { return model.CountryEdge{Cursor: c, Node: n} })}
}

func organizationConnection(items []cybercoop.Organization, p store.Page, total int) *model.OrganizationConnection {
	return &model.OrganizationConnection{TotalCount: total, PageInfo: pageInfo(p, len(items), total, offsetCursor(p)), Nodes: items,
		Edges: edges(items, offsetCursor(p), func(c string, n *cybercoop.Organization) model.OrganizationEdge {
			return model.OrganizationEdge{Cursor: c, Node: n}
		})}
}

func projectConnection(items []cybercoop.Project, p store.Page, total int) *model.ProjectConnection {
	return &model.ProjectConnection{TotalCount: total, PageInfo: pageInfo(p, len(items), total, offsetCursor(p)), Nodes: items,
		Edges: edges(items, offsetCursor(p), func(c string, n *cybercoop.Project) model.ProjectEdge { return model.ProjectEdge{Cursor: c, Node: n} })}
}

func conventionConnection(items []cybercoop.Convention, p store.Page, total int) *model.ConventionConnection {
	return &model.ConventionConnection{TotalCount: total, PageInfo: pageInfo(p, len(items), total, offsetCursor(p)), Nodes: items,
		Edges: edges(items, offsetCursor(p), func(c string, n *cybercoop.Convention) model.ConventionEdge {
			return model.ConventionEdge{Cursor: c, Node: n}
		})}
}

// activityConnection's cursors name their activity, so that the next page of a list read in the order of an index
// starts right after it (store.Page.AfterID).
func activityConnection(items []cybercoop.Activity, p store.Page, total int) *model.ActivityConnection {
	cursor := func(i int) string { return store.EncodeItemCursor(p.Offset+i, items[i].ID) }
	return &model.ActivityConnection{TotalCount: total, PageInfo: pageInfo(p, len(items), total, cursor), Nodes: items,
		Edges: edges(items, cursor, func(c string, n *cybercoop.Activity) model.ActivityEdge {
			return model.ActivityEdge{Cursor: c, Node: n}
		})}
}

func themeConnection(items []cybercoop.Theme, p store.Page, total int) *model.ThemeConnection {
	return &model.ThemeConnection{TotalCount: total, PageInfo: pageInfo(p, len(items), total, offsetCursor(p)), Nodes: items,
		Edges: edges(items, offsetCursor(p), func(c string, n *cybercoop.Theme) model.ThemeEdge { return model.ThemeEdge{Cursor: c, Node: n} })}
}

func sourceConnection(items []cybercoop.Source, p store.Page, total int) *model.SourceConnection {
	return &model.SourceConnection{TotalCount: total, PageInfo: pageInfo(p, len(items), total, offsetCursor(p)), Nodes: items,
		Edges: edges(items, offsetCursor(p), func(c string, n *cybercoop.Source) model.SourceEdge { return model.SourceEdge{Cursor: c, Node: n} })}
}

func relationConnection(items []cybercoop.Relation, p store.Page, total int) *model.RelationConnection {
	return &model.RelationConnection{TotalCount: total, PageInfo: pageInfo(p, len(items), total, offsetCursor(p)), Nodes: items,
		Edges: edges(items, offsetCursor(p), func(c string, n *cybercoop.Relation) model.RelationEdge {
			return model.RelationEdge{Cursor: c, Node: n}
		})}
}

func collaboratorConnection(items []cybercoop.Collaborator, p store.Page, total int) *model.CollaboratorConnection {
	return &model.CollaboratorConnection{TotalCount: total, PageInfo: pageInfo(p, len(items), total, offsetCursor(p)), Nodes: items,
		Edges: edges(items, offsetCursor(p), func(c string, n *cybercoop.Collaborator) model.CollaboratorEdge {
			return model.CollaboratorEdge{Cursor: c, Node: n}
		})}
}

// edges makes the edges of a page: each node with its cursor.
func edges[T, E any](items []T, cursor func(i int) string, edge func(cursor string, node *T) E) []E {
	out := make([]E, len(items))
	for i := range items {
		out[i] = edge(cursor(i), &items[i])
	}
	return out
}

// offsetCursor gives the item at index i of page p the cursor of its position in the whole list.
func offsetCursor(p store.Page) func(i int) string {
	return func(i int) string { return store.EncodeCursor(p.Offset + i) }
}
