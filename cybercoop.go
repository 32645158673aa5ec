// Package cybercoop holds the domain of the Cybercoop knowledge graph: the entities the graph is made of, the
// provenance every fact carries, and the error kinds shared by the store, the loader and the API.
//
// Sub-packages wrap one dependency each: store (Neo4j), loader (the seed files), graph (GraphQL), httpapi (HTTP).
// Optional facts are pointers: nil means no source states them, which is not the same as an empty value.
package cybercoop

//go:generate go tool gqlgen generate
//go:generate go run ./internal/genpatch graph/generated.go

// SourceRef says where a fact comes from: a source document and the place in it (section, table row, annex line).
type SourceRef struct {
	SourceID string
	Locator  string
}

// Entity is any node of the graph. Every entity type below implements it.
type Entity interface {
	Ref() Ref
	DisplayName() string
	Provenance() []SourceRef
}

// Source is one public document the graph is built from.
type Source struct {
	ID        string
	Title     string
	Publisher string
	Date      *string // ISO 8601, as precise as the document is: "2018-11-14", "2025-05".
	Reference *string // the publisher's reference, e.g. "SG/Inf(2018)32".
	File      *string // the file in shared/seeds the facts were read from.
	URL       *string
	Language  string
	Note      *string
}

// Convention is a treaty or protocol: the Budapest Convention, its protocols, the UN Convention, ...
type Convention struct {
	ID                 string
	TreatyNumber       *string // "ETS 185", "CETS 201"; nil outside the Council of Europe series or when unstated.
	Name               string
	NameFr             *string
	ShortName          *string
	Aliases            []string
	OpenedForSignature *string // ISO 8601 date or year.
	Body               *string // the body that adopted it: "Council of Europe", "United Nations".
	Note               *string
	Chart              *TreatyChart // the depositary's chart its status comes from; nil when it has none
	Sources            []SourceRef
}

// TreatyChart describes the chart of signatures and ratifications a convention's status comes from.
type TreatyChart struct {
	StatusAsOf string  // the date the chart speaks for: a day, or a month where that is all it says
	Complete   bool    // whether it lists every State; a view of a partial chart must say so
	Note       *string // what the chart says of its completeness
	SourceID   string  // the Source node of the chart
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
	BudgetNote  *string
	Status      string // completed, running or planned, relative to the date of the source that says so.
	Area        *string
	FundingType *string
	Note        *string
	Sources     []SourceRef
}

// Country is a country or a territory, with every spelling the documents use.
type Country struct {
	ID      string // the lower-case ISO 3166-1 alpha-2 code ("gh"); "xk" for Kosovo.
	ISO2    string
	ISO3    *string
	Name    string
	NameFr  string
	Aliases []string
	Status  *string // "territory" for places with a special status.
	Caveat  *string // the documents' own caveat, e.g. the footnote on Kosovo.
	Sources []SourceRef
}

// Organization is an intergovernmental body, agency, authority, network, company or university.
type Organization struct {
	ID      string
	Name    string
	NameFr  *string
	Acronym *string
	Aliases []string
	Kind    string
	Note    *string
	Sources []SourceRef
}

// Activity is a training, workshop, mission, conference or other event of one or more projects.
type Activity struct {
	ID                     string
	Title                  string
	Type                   string
	Start                  string // ISO 8601 with the source's precision.
	End                    string
	DateParts              []string // "2018-04-19/2018-04-20 (1re partie)": every part of a several-part activity.
	City                   *string
	PlaceAsWritten         *string
	Participants           *int
	ParticipatingCountries *int
	Note                   *string
	Sources                []SourceRef
}

// DatePrecision says how precisely the source dates an activity: DAY (one day), DAYS (a span of days), MONTH (the
// month only), MONTHS (a span of months) or YEAR; SEVERAL_PARTS when it took place in separate parts.
func (a Activity) DatePrecision() string {
	switch {
	case len(a.DateParts) > 1:
		return "SEVERAL_PARTS"
	case len(a.Start) == len("2018"):
		return "YEAR"
	case len(a.Start) == len("2018-06") && a.Start == a.End:
		return "MONTH"
	case len(a.Start) == len("2018-06"):
		return "MONTHS"
	case a.Start == a.End:
		return "DAY"
	}
	return "DAYS"
}

// PlacePrecision says how precisely the source places an activity, given the number of countries it was held in:
// CITY, COUNTRY, SEVERAL_COUNTRIES, REGION (a place named without a country) or NONE (no place given).
func (a Activity) PlacePrecision(countries int) string {
	switch {
	case countries > 1:
		return "SEVERAL_COUNTRIES"
	case a.City != nil:
		return "CITY"
	case countries == 1:
		return "COUNTRY"
	case a.PlaceAsWritten != nil:
		return "REGION"
	}
	return "NONE"
}

// Theme is a priority area: the Second Protocol, virtual assets, cyberviolence, ...
type Theme struct {
	ID      string
	Name    string
	NameFr  *string
	Aliases []string
	Sources []SourceRef
}

// Goal is a mandate, objective, expected result or component of a project or an organisation's strategy.
type Goal struct {
	ID      string
	Kind    string
	Number  *int
	Title   *string
	Text    string
	Sources []SourceRef
}

// Accession is one step in a State's (or an organisation's) relation to a convention: signed, ratified, acceded,
// became a party, invited, requested, expressed interest. Date or the period (PeriodStart..PeriodEnd) say when, as
// the source does; a step a treaty chart gives without a date has none, and is certain by the chart's status date.
type Accession struct {
	Party          Ref // a country, or an organisation (the European Union)
	ConventionID   string
	Status         string
	Date           *string
	PeriodStart    *string
	PeriodEnd      *string
	CertainBy      *string // the last day by which the event had certainly happened (ISO date).
	EntryIntoForce *string // when the convention entered into force for the party (ISO date)
	Conflict       *string // what a document and the chart disagree on about this step; both are kept
	Note           *string
	Sources        []SourceRef
}

// Relation is a relationship seen from one of its ends: its type, which way it points, the entity at the other
// end, and the facts it carries.
type Relation struct {
	Type      string
	Direction string // OUT: from the entity asked about; IN: towards it.
	Node      Entity
	Props     map[string]any
	Sources   []SourceRef
}

// Ref, DisplayName and Provenance make every entity type an Entity.

func (s Source) Ref() Ref       { return Ref{KindSource, s.ID} }
func (c Convention) Ref() Ref   { return Ref{KindConvention, c.ID} }
func (p Project) Ref() Ref      { return Ref{KindProject, p.ID} }
func (c Country) Ref() Ref      { return Ref{KindCountry, c.ID} }
func (o Organization) Ref() Ref { return Ref{KindOrganization, o.ID} }
func (a Activity) Ref() Ref     { return Ref{KindActivity, a.ID} }
func (t Theme) Ref() Ref        { return Ref{KindTheme, t.ID} }
func (g Goal) Ref() Ref         { return Ref{KindGoal, g.ID} }

// GlobalID is the API's id of an entity (kind:slug) and KindName its kind as the API names it (COUNTRY). gqlgen
// binds the id and kind fields to them: plain methods, unlike resolvers, cost no goroutine per object.

func (s Source) GlobalID() string       { return s.Ref().String() }
func (c Convention) GlobalID() string   { return c.Ref().String() }
func (p Project) GlobalID() string      { return p.Ref().String() }
func (c Country) GlobalID() string      { return c.Ref().String() }
func (o Organization) GlobalID() string { return o.Ref().String() }
func (a Activity) GlobalID() string     { return a.Ref().String() }
func (t Theme) GlobalID() string        { return t.Ref().String() }
func (g Goal) GlobalID() string         { return g.Ref().String() }

func (s Source) KindName() string       { return s.Ref().Kind.Name() }
func (c Convention) KindName() string   { return c.Ref().Kind.Name() }
func (p Project) KindName() string      { return p.Ref().Kind.Name() }
func (c Country) KindName() string      { return c.Ref().Kind.Name() }
func (o Organization) KindName() string { return o.Ref().Kind.Name() }
func (a Activity) KindName() string     { return a.Ref().Kind.Name() }
func (t Theme) KindName() string        { return t.Ref().Kind.Name() }
func (g Goal) KindName() string         { return g.Ref().Kind.Name() }

func (s Source) DisplayName() string     { return s.Title }
func (c Convention) DisplayName() string { return c.Name }
func (p Project) DisplayName() string    { return p.Name }
func (c Country) DisplayName() string    { return c.Name }
func (o Organization) DisplayName() string {
	if o.Acronym != nil {
		return *o.Acronym
	}
	return o.Name
}
func (a Activity) DisplayName() string { return a.Title }
func (t Theme) DisplayName() string    { return t.Name }
func (g Goal) DisplayName() string {
	if g.Title != nil {
		return *g.Title
	}
	return g.Text
}

func (s Source) Provenance() []SourceRef       { return nil } // a source document is its own evidence
func (c Convention) Provenance() []SourceRef   { return c.Sources }
func (p Project) Provenance() []SourceRef      { return p.Sources }
func (c Country) Provenance() []SourceRef      { return c.Sources }
func (o Organization) Provenance() []SourceRef { return o.Sources }
func (a Activity) Provenance() []SourceRef     { return a.Sources }
func (t Theme) Provenance() []SourceRef        { return t.Sources }
func (g Goal) Provenance() []SourceRef         { return g.Sources }

// Collaborator is an entity that worked with another: the activities and projects they share.
type Collaborator struct {
	Of                  Ref
	Node                Entity
	SharedActivityCount int
	SharedProjectCount  int
	FirstDate           *string
	LastDate            *string
	Projects            []Project
	// EvidenceIDs are the activities both took part in, oldest first; shared projects are in Projects only.
	EvidenceIDs []string
}

// Weight is how much two entities worked together: shared activities plus shared projects.
func (c Collaborator) Weight() int { return c.SharedActivityCount + c.SharedProjectCount }

// Role, FollowKind, Status, Date, PeriodStart, PeriodEnd, Priority and Note read the relation's facts; nil when it
// has none.
func (r Relation) Role() *string        { return r.text("role") }
func (r Relation) FollowKind() *string  { return r.text("kind") }
func (r Relation) Status() *string      { return r.text("status") }
func (r Relation) Date() *string        { return r.text("date") }
func (r Relation) PeriodStart() *string { return r.text("periodStart") }
func (r Relation) PeriodEnd() *string   { return r.text("periodEnd") }
func (r Relation) Priority() *string    { return r.text("priority") }
func (r Relation) Note() *string        { return r.text("note") }

func (r Relation) text(key string) *string {
	if s, ok := r.Props[key].(string); ok {
		return &s
	}
	return nil
}
