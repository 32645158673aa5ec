package loader

// The seed files and what each record may hold. Everything the loader knows about the shape of the data is here:
// adding a property is adding a field to a spec.

type fieldKind int

const (
	text       fieldKind = iota // a string
	texts                       // a list of strings
	number                      // a JSON number
	integer                     // a whole JSON number
	date                        // a partial ISO 8601 date: "2018", "2018-06", "2018-06-30"
	dateRanges                  // a list of {"start", "end", "label"}: the dates of an activity
	enum                        // a string out of values
	ref                         // the id of another record: becomes a relationship
	refs                        // a list of ids: one relationship each
)

type field struct {
	name     string
	kind     fieldKind
	required bool
	values   []string // enum: the allowed values
	// ref and refs: the relationship written from this record to the one named, and the labels it may name. With
	// more than one label, values are written "label:id" (e.g. "organization:interpol").
	relationship string
	targets      []string
	typed        bool // values are always "label:id", even with one target label (relations.jsonl)
	// number and integer: the largest value that makes sense, and why; every number is 0 or more.
	max float64
	why string
}

// entityFile is a seed file of nodes, one label per file. A file name with a * names every matching file.
type entityFile struct {
	file   string
	label  string
	fields []field
	// selfEvident records need no "sources": a source document is its own evidence.
	selfEvident bool
}

var statuses = []string{"completed", "running", "planned"}

// entityFiles are read in this order; every record also has "id" and, unless selfEvident, "sources".
var entityFiles = []entityFile{
	{file: "sources.jsonl", label: "Source", selfEvident: true, fields: []field{
		{name: "title", kind: text, required: true},
		{name: "publisher", kind: text, required: true},
		{name: "date", kind: date},
		{name: "reference", kind: text},
		{name: "file", kind: text},
		{name: "url", kind: text},
		{name: "language", kind: text, required: true},
		{name: "note", kind: text},
	}},
	// A convention with a treaty chart also gets chartSource, chartStatusAsOf, chartComplete and chartNote from it
	// (chartseeds.go).
	{file: "conventions.jsonl", label: "Convention", fields: []field{
		{name: "treatyNumber", kind: text},
		{name: "name", kind: text, required: true},
		{name: "nameFr", kind: text},
		{name: "shortName", kind: text},
		{name: "aliases", kind: texts},
		{name: "openedForSignature", kind: date},
		{name: "body", kind: text},
		{name: "note", kind: text},
		{name: "protocolOf", kind: ref, relationship: "PROTOCOL_OF", targets: []string{"Convention"}},
	}},
	{file: "themes.jsonl", label: "Theme", fields: []field{
		{name: "name", kind: text, required: true},
		{name: "nameFr", kind: text},
		{name: "aliases", kind: texts},
	}},
	// The treaty charts add the countries they name that this file does not hold, and coeMember from the ETS 185
	// chart (chartseeds.go).
	{file: "countries.jsonl", label: "Country", fields: []field{
		{name: "iso2", kind: text, required: true},
		{name: "iso3", kind: text},
		{name: "name", kind: text, required: true},
		{name: "nameFr", kind: text, required: true},
		{name: "aliases", kind: texts},
		{name: "region", kind: text},
		{name: "status", kind: text}, // territories and places with special status, as the documents put it
		{name: "caveat", kind: text},
	}},
	{file: "organizations.jsonl", label: "Organization", fields: []field{
		{name: "name", kind: text, required: true},
		{name: "nameFr", kind: text},
		{name: "acronym", kind: text},
		{name: "aliases", kind: texts},
		{name: "kind", kind: enum, required: true, values: []string{"intergovernmental", "intergovernmental body",
			"eu institution", "eu agency", "national authority", "network", "private company", "university",
			"international forum", "non-governmental"}},
		{name: "note", kind: text},
		{name: "partOf", kind: ref, relationship: "PART_OF", targets: []string{"Organization"}},
		{name: "basedIn", kind: ref, relationship: "BASED_IN", targets: []string{"Country"}},
	}},
	{file: "projects.jsonl", label: "Project", fields: []field{
		{name: "code", kind: text},
		{name: "name", kind: text, required: true},
		{name: "aliases", kind: texts},
		{name: "title", kind: text},
		{name: "start", kind: date},
		{name: "end", kind: date},
		{name: "budgetEUR", kind: number, max: 1e9, why: "EUR 1 billion: the C-PROC's projects cost millions"},
		{name: "budgetNote", kind: text},
		{name: "status", kind: enum, required: true, values: statuses},
		{name: "area", kind: text},
		{name: "fundingType", kind: text},
		{name: "note", kind: text},
	}},
	{file: "goals.jsonl", label: "Goal", fields: []field{
		{name: "kind", kind: enum, required: true, values: []string{"mandate", "general objective",
			"specific objective", "objective", "expected result", "expected outcome", "capability area", "component"}},
		{name: "number", kind: integer, max: 1000, why: "goals are numbered in their list"},
		{name: "title", kind: text},
		{name: "text", kind: text, required: true},
		{name: "of", kind: ref, required: true, relationship: "GOAL_OF", targets: []string{"Organization", "Project"}},
		{name: "partOf", kind: ref, relationship: "PART_OF", targets: []string{"Goal"}},
	}},
	// One file per inventory, e.g. activities-cproc-2018.jsonl from the 2018 report's annex.
	{file: "activities-*.jsonl", label: "Activity", fields: []field{
		{name: "title", kind: text, required: true},
		{name: "type", kind: enum, required: true, values: ActivityTypes},
		{name: "dates", kind: dateRanges, required: true},
		{name: "city", kind: text},
		{name: "placeAsWritten", kind: text},
		{name: "participants", kind: integer, max: 100000, why: "a hundred thousand people: more than any activity gathers"},
		{name: "participatingCountries", kind: integer, max: 250, why: "there are fewer than 250 States and territories"},
		{name: "note", kind: text},
		{name: "projects", kind: refs, required: true, relationship: "PART_OF", targets: []string{"Project"}},
		{name: "countries", kind: refs, relationship: "HELD_IN", targets: []string{"Country"}},
		{name: "involves", kind: refs, relationship: "INVOLVED", targets: []string{"Organization"}},
		{name: "for", kind: refs, relationship: "FOR", targets: []string{"Country"}},
	}},
}

// relationSpec says which labels a relationship of relations.jsonl may join and which properties it may have.
type relationSpec struct {
	from, to []string
	props    []field
}

// RelationsFile holds the relationships that carry facts of their own (a role, a date, a status), one per line:
// {"from": "project:glacy-plus", "type": "PARTNER", "to": "organization:interpol", "role": "...", "sources": [...]}.
const RelationsFile = "relations.jsonl"

var accessionStatuses = []string{"signed", "ratified", "acceded", "party", "invited", "requested", "interest"}

var relationTypes = map[string]relationSpec{
	"FUNDED_BY": {from: []string{"Project"}, to: []string{"Organization", "Country"}, props: []field{
		{name: "role", kind: text}, {name: "amount", kind: text}}},
	"IMPLEMENTED_BY": {from: []string{"Project"}, to: []string{"Organization"}, props: []field{
		{name: "role", kind: text}}},
	"PARTNER": {from: []string{"Project", "Organization"}, to: []string{"Organization", "Country"}, props: []field{
		{name: "role", kind: text}}},
	"TARGETS": {from: []string{"Project"}, to: []string{"Country"}, props: []field{
		{name: "priority", kind: text}}},
	"SUPPORTS":  {from: []string{"Project"}, to: []string{"Convention"}},
	"ADDRESSES": {from: []string{"Project", "Goal"}, to: []string{"Theme"}},
	"FOLLOWS": {from: []string{"Project"}, to: []string{"Project"}, props: []field{
		{name: "kind", kind: enum, required: true, values: []string{"continuation", "satellite", "extension", "successor"}}}},
	// An accession event, one per step: from a State, or from an organisation that signs as one (the European
	// Union). The treaty charts (charts/*.tsv) give events of their own, merged with these where they agree.
	"ACCESSION": {from: []string{"Country", "Organization"}, to: []string{"Convention"}, props: []field{
		{name: "status", kind: enum, required: true, values: accessionStatuses},
		{name: "date", kind: date},        // when the document dates the event
		{name: "periodStart", kind: date}, // or the period the document says it happened in
		{name: "periodEnd", kind: date},
		{name: "entryIntoForce", kind: date}, // beside a ratification or accession
		{name: "note", kind: text},
		{name: "conflict", kind: text}}}, // what another source says otherwise
	"MEMBER_OF": {from: []string{"Country", "Organization"}, to: []string{"Organization"}, props: []field{
		{name: "role", kind: text}}},
	// An organisation's trainings in a country that a report states without listing them as activities.
	"TRAINED_IN": {from: []string{"Organization"}, to: []string{"Country"}, props: []field{
		{name: "role", kind: text}, {name: "note", kind: text}}},
}

// ActivityTypes are the kinds of activity, assigned from the title's wording (see ClassifyActivity).
var ActivityTypes = []string{"training", "workshop", "conference", "advisory mission", "assessment visit",
	"meeting", "study visit", "exercise", "desk study", "participation", "support", "other"}
