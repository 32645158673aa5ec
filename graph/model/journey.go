// Package model holds the GraphQL types that bind to no domain or store type: gqlgen generates most of them
// (models_gen.go) from ../../schema.graphqls; the few written by hand carry what their field resolvers need.
package model

import (
	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/store"
)

// AccessionJourney is a State's ratification or accession, and what its fields need to read the activities held in
// or for the State before it (their page, the first one's start, the days between).
type AccessionJourney struct {
	Accession cybercoop.Accession
	Project   string     // the journeys' project filter (bare id); "" for any project
	Before    string     // the ISO day the activities must have started before; "" when the accession has no date
	Page      store.Page // the page of activities the query selects, which also gives the first one's start
}
