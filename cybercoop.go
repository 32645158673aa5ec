// Package cybercoop holds the domain of the Cybercoop knowledge graph: the entities the graph is made of, the
// provenance every fact carries, and the error kinds shared by the store, the loader and the API.
//
// Sub-packages wrap one dependency each: store (Neo4j), loader (the seed files), graph (GraphQL), httpapi (HTTP).
// Optional facts are pointers: nil means no source states them, which is not the same as an empty value.
package cybercoop

// SourceRef says where a fact comes from: a source document and the place in it (section, table row, annex line).
type SourceRef struct {
	SourceID string
	Locator  string
}

// Source is one public document the graph is built from.
type Source struct {
	ID        string
	Title     string
	Publisher string
	Date      *string // ISO 8601, as precise as the document is: "2018-11-14", "2025-05".
	Reference *string // the publisher's reference, e.g. "SG/Inf(2018)32".
	File      string  // the file in shared/seeds the facts were read from.
	Language  string
}

// Convention is a treaty or protocol: the Budapest Convention, its protocols, the UN Convention, ...
type Convention struct {
	ID                 string
	TreatyNumber       *string // "ETS 185", "CETS 201"; nil outside the Council of Europe series or when unstated.
	Name               string
	NameFr             *string
	ShortName          *string
	OpenedForSignature *string // ISO 8601 date or year.
	Body               *string // the body that adopted it: "Council of Europe", "United Nations".
	ProtocolOf         string  // the id of the convention this one supplements; empty for a convention.
	Sources            []SourceRef
}

// Project is a capacity-building project, finished, running or planned.
type Project struct {
	ID          string
	Code        *string // the C-PROC / PMM number when the documents give one: "3021", "3148".
	Name        string
	Aliases     []string // other names the documents use: "CyberSud" for CyberSouth.
	Title       *string
	Start       *string // ISO 8601 date, month or year: "2014-01".
	End         *string
	BudgetEUR   *float64
	Status      string // completed, running or planned, relative to the date of the source that says so.
	Area        *string
	FundingType *string
	Sources     []SourceRef
}

//go:generate go tool gqlgen generate
