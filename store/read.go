package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cybercoop/cybercoop"
)

// Page is the window of a list to return: Offset items skipped, at most Limit returned. AfterID is the id of the
// item just before the window, when the cursor names it: a list read in the order of an index then starts right
// after that item (keyset pagination), at the cost of one page whatever the offset, instead of walking past Offset
// items. Lists read otherwise skip Offset and ignore it, as does a list where that item no longer is.
type Page struct {
	Offset  int
	Limit   int
	AfterID string
}

// List is one page of a list and, when asked for, the size of the whole list.
type List[T any] struct {
	Items []T
	Total int // -1 when not counted
}

// props reads the properties of a node or relationship returned as a map projection.
type props map[string]any

func (p props) str(key string) string {
	s, _ := p[key].(string)
	return s
}

// optStr returns nil when the property is absent: no source states it.
func (p props) optStr(key string) *string {
	if s, ok := p[key].(string); ok {
		return &s
	}
	return nil
}

func (p props) optInt(key string) *int {
	if v, ok := p[key].(int64); ok {
		i := int(v)
		return &i
	}
	return nil
}

func (p props) float(key string) *float64 {
	switch v := p[key].(type) {
	case float64:
		return &v
	case int64:
		f := float64(v)
		return &f
	}
	return nil
}

func (p props) strs(key string) []string {
	list, _ := p[key].([]any)
	out := make([]string, 0, len(list))
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func (p props) sources() []cybercoop.SourceRef {
	list, _ := p["sources"].([]any)
	return decodeSources(list)
}

// chart reads a convention's chart properties (the loader writes them from the chart's header); nil without one.
func (p props) chart() *cybercoop.TreatyChart {
	source := p.optStr("chartSource")
	if source == nil {
		return nil
	}
	complete, _ := p["chartComplete"].(bool)
	return &cybercoop.TreatyChart{StatusAsOf: p.str("chartStatusAsOf"), Complete: complete, Note: p.optStr("chartNote"),
		SourceID: *source}
}

// decodeEntity turns a node's label and properties into the domain type of its kind.
func decodeEntity(label string, p props) cybercoop.Entity {
	switch cybercoop.Kind(label) {
	case cybercoop.KindSource:
		return cybercoop.Source{ID: p.str("id"), Title: p.str("title"), Publisher: p.str("publisher"),
			Date: p.optStr("date"), Reference: p.optStr("reference"), File: p.optStr("file"), URL: p.optStr("url"),
			Language: p.str("language"), Note: p.optStr("note")}
	case cybercoop.KindConvention:
		return cybercoop.Convention{ID: p.str("id"), TreatyNumber: p.optStr("treatyNumber"), Name: p.str("name"),
			NameFr: p.optStr("nameFr"), ShortName: p.optStr("shortName"), Aliases: p.strs("aliases"),
			OpenedForSignature: p.optStr("openedForSignature"), Body: p.optStr("body"), Note: p.optStr("note"),
			Chart: p.chart(), Sources: p.sources()}
	case cybercoop.KindProject:
		return cybercoop.Project{ID: p.str("id"), Code: p.optStr("code"), Name: p.str("name"), Aliases: p.strs("aliases"),
			Title: p.optStr("title"), Start: p.optStr("start"), End: p.optStr("end"), BudgetEUR: p.float("budgetEUR"),
			BudgetNote: p.optStr("budgetNote"), Status: p.str("status"), Area: p.optStr("area"),
			FundingType: p.optStr("fundingType"), Note: p.optStr("note"), Sources: p.sources()}
	case cybercoop.KindCountry:
		return cybercoop.Country{ID: p.str("id"), ISO2: p.str("iso2"), ISO3: p.optStr("iso3"), Name: p.str("name"),
			NameFr: p.str("nameFr"), Aliases: p.strs("aliases"), Status: p.optStr("status"), Caveat: p.optStr("caveat"),
			Sources: p.sources()}
	case cybercoop.KindOrganization:
		return cybercoop.Organization{ID: p.str("id"), Name: p.str("name"), NameFr: p.optStr("nameFr"),
			Acronym: p.optStr("acronym"), Aliases: p.strs("aliases"), Kind: p.str("kind"), Note: p.optStr("note"),
			Sources: p.sources()}
	case cybercoop.KindActivity:
		return cybercoop.Activity{ID: p.str("id"), Title: p.str("title"), Type: p.str("type"), Start: p.str("start"),
			End: p.str("end"), DateParts: p.strs("dateParts"), City: p.optStr("city"),
			PlaceAsWritten: p.optStr("placeAsWritten"), Participants: p.optInt("participants"),
			ParticipatingCountries: p.optInt("participatingCountries"), Note: p.optStr("note"), Sources: p.sources()}
	case cybercoop.KindTheme:
		return cybercoop.Theme{ID: p.str("id"), Name: p.str("name"), NameFr: p.optStr("nameFr"),
			Aliases: p.strs("aliases"), Sources: p.sources()}
	case cybercoop.KindGoal:
		return cybercoop.Goal{ID: p.str("id"), Kind: p.str("kind"), Number: p.optInt("number"), Title: p.optStr("title"),
			Text: p.str("text"), Sources: p.sources()}
	}
	return nil
}

// entityLabel is the plain graph label (the kind) of a record that carries its node's labels, of either slot, in
// "labels".
func entityLabel(labels []any) string {
	for _, l := range labels {
		if s, ok := l.(string); ok {
			if kind := kindOfLabel(s); kind != "" {
				return kind
			}
		}
	}
	return ""
}

// entityProperties are the properties each kind of entity is read back with: those decodeEntity decodes
// (TestEntityProperties checks that they fill every field). A node holds more, for queries only (its activity
// list, the version that wrote it), which no answer needs and which can be large.
var entityProperties = map[cybercoop.Kind][]string{
	cybercoop.KindSource: {"id", "title", "publisher", "date", "reference", "file", "url", "language", "note"},
	cybercoop.KindConvention: {"id", "treatyNumber", "name", "nameFr", "shortName", "aliases", "openedForSignature", "body", "note",
		"chartSource", "chartStatusAsOf", "chartComplete", "chartNote", "sources"},
	cybercoop.KindProject: {"id", "code", "name", "aliases", "title", "start", "end", "budgetEUR", "budgetNote", "status", "area",
		"fundingType", "note", "sources"},
	cybercoop.KindCountry:      {"id", "iso2", "iso3", "name", "nameFr", "aliases", "status", "caveat", "sources"},
	cybercoop.KindOrganization: {"id", "name", "nameFr", "acronym", "aliases", "kind", "note", "sources"},
	cybercoop.KindActivity: {"id", "title", "type", "start", "end", "dateParts", "city", "placeAsWritten", "participants",
		"participatingCountries", "note", "sources"},
	cybercoop.KindTheme: {"id", "name", "nameFr", "aliases", "sources"},
	cybercoop.KindGoal:  {"id", "kind", "number", "title", "text", "sources"},
}

// nodeMap returns the Cypher map projection of a node variable read as an entity of kind, plus extra entries
// (", key: value, ...").
func nodeMap(variable string, kind cybercoop.Kind, extra string) string {
	return projectionOf(variable, kind, nil, extra)
}

// projectionOf is nodeMap reading only the given properties (nil: all of the kind's).
func projectionOf(variable string, kind cybercoop.Kind, properties []string, extra string) string {
	if properties == nil {
		properties = entityProperties[kind]
	}
	return fmt.Sprintf("%s {.%s%s}", variable, strings.Join(properties, ", ."), extra)
}

// fieldProperties are the API's fields, by kind ("" for every kind), that read other properties than their name
// says, or none (nil: the id, which every item has anyway).
var fieldProperties = map[cybercoop.Kind]map[string][]string{
	"": {"id": nil, "slug": nil, "kind": nil, "__typename": nil, "relations": nil},
	cybercoop.KindActivity: {"label": {"title"}, "datePrecision": {"dateParts", "start", "end"},
		"placePrecision": {"city", "placeAsWritten"}, "projects": nil, "countries": nil, "organizations": nil, "beneficiaries": nil},
	cybercoop.KindCountry:      {"label": {"name"}, "activities": nil, "projects": nil, "accessions": nil, "treaties": nil},
	cybercoop.KindOrganization: {"label": {"acronym", "name"}, "organizationKind": {"kind"}, "partOf": nil, "parts": nil, "basedIn": nil, "projects": nil, "activities": nil},
	cybercoop.KindProject: {"label": {"name"}, "activities": nil, "countries": nil, "funders": nil, "implementers": nil, "partners": nil,
		"lineage": nil, "themes": nil, "conventions": nil, "goals": nil},
	cybercoop.KindConvention: {"label": {"name"}, "protocolOf": nil, "protocols": nil, "accessions": nil, "parties": nil, "projects": nil,
		"standing": nil, "accessionJourneys": nil, "chart": {"chartSource", "chartStatusAsOf", "chartComplete", "chartNote"}},
	cybercoop.KindTheme:  {"label": {"name"}, "projects": nil},
	cybercoop.KindGoal:   {"label": {"title", "text"}, "goalKind": {"kind"}, "of": nil, "partOf": nil, "parts": nil},
	cybercoop.KindSource: {"label": {"title"}},
}

// SelectedProperties returns the properties an entity of kind must be read with for the API fields selected on
// it, or nil (all of them) when a field is not one it knows.
func SelectedProperties(kind cybercoop.Kind, fields []string) []string {
	out := []string{"id"}
	for _, field := range fields {
		props, special := fieldProperties[kind][field]
		if !special {
			props, special = fieldProperties[""][field]
		}
		if !special {
			if !slices.Contains(entityProperties[kind], field) {
				return nil
			}
			props = []string{field}
		}
		for _, p := range props {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// Selection is what a statement reads of the entities and relationships it returns, from what a request
// selects: Properties holds the properties to read of each kind of entity (SelectedProperties gives them; a kind
// it does not name is read whole), and BareRelationships leaves out relationships' own properties (sources,
// role, status, note). The zero Selection reads everything.
type Selection struct {
	Properties        map[cybercoop.Kind][]string
	BareRelationships bool
}

// withLabels returns the Cypher that returns a node variable as a map of its properties and labels, so a column
// can hold any kind of entity and still be decoded.
func withLabels(variable string) string {
	return withLabelsAnd(variable, nil, "")
}

// withLabelsAnd is withLabels reading, of each kind, the given properties (a kind not in properties: all of its
// own, never another kind's), plus extra entries (", key: value, ...").
func withLabelsAnd(variable string, properties map[cybercoop.Kind][]string, extra string) string {
	var b strings.Builder
	b.WriteString("CASE")
	for _, k := range cybercoop.Kinds {
		fmt.Fprintf(&b, " WHEN %s:%s THEN %s", variable, k, projectionOf(variable, k, properties[k], ", labels: labels("+variable+")"+extra))
	}
	b.WriteString(" END")
	return b.String()
}

// decodeNode decodes a value made with withLabels().
func decodeNode(v any) cybercoop.Entity {
	m, _ := v.(map[string]any)
	labels, _ := m["labels"].([]any)
	return decodeEntity(entityLabel(labels), m)
}

// wrap adds what was being read to an error, keeping the chain intact.
func wrap(err error, format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), err)
}

// kindLabel checks a kind against the known ones before it is written into a statement (labels cannot be
// parameters). Kinds come from parsed ids or enums, never from raw user text, but the check keeps it so.
func kindLabel(k cybercoop.Kind) (string, error) {
	for _, known := range cybercoop.Kinds {
		if k == known {
			return string(k), nil
		}
	}
	return "", cybercoop.Errorf(cybercoop.EINVALID, "unknown kind %q", k)
}

// requireEntities reads the given entities in one query and returns an ENOTFOUND error for the first missing one.
func (s *Store) requireEntities(ctx context.Context, refs ...cybercoop.Ref) (map[cybercoop.Ref]cybercoop.Entity, error) {
	found, err := s.Entities(ctx, refs)
	if err != nil {
		return nil, err
	}
	for _, r := range refs {
		if _, ok := found[r]; !ok {
			return nil, cybercoop.NotFound(r)
		}
	}
	return found, nil
}

// A cursor is opaque to clients: base64url of "o:OFFSET", the item's position in the whole list, or of
// "o:OFFSET:ID" when it also names the item, for Page.AfterID.

// EncodeCursor is the cursor of the item at offset.
func EncodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(offset)))
}

// EncodeItemCursor is the cursor of the item at offset that has the given id.
func EncodeItemCursor(offset int, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(offset) + ":" + id))
}

// MaxCursorOffset is the largest offset a cursor may hold: far beyond any list, and low enough that an offset plus
// a page size stays a valid list index in Cypher.
const MaxCursorOffset = 1 << 30

// maxCursorID is the longest id a cursor may name, far over any id the loader writes.
const maxCursorID = 200

// DecodeCursor reads a cursor made by EncodeCursor or EncodeItemCursor: the offset, and the id ("" when the cursor
// names none). Anything else, including an offset over MaxCursorOffset, is an EINVALID error.
func DecodeCursor(cursor string) (offset int, id string, err error) {
	raw, decodeErr := base64.RawURLEncoding.DecodeString(cursor)
	text, found := strings.CutPrefix(string(raw), "o:")
	text, id, named := strings.Cut(text, ":")
	n, convErr := strconv.Atoi(text)
	if decodeErr != nil || !found || convErr != nil || n < 0 || n > MaxCursorOffset || named && (id == "" || len(id) > maxCursorID) {
		return 0, "", cybercoop.Errorf(cybercoop.EINVALID, "cursor %q is not one this API gave", shorten(cursor))
	}
	return n, id, nil
}

// Entities returns the entities with the given refs that exist, keyed by ref: one query per kind asked for.
func (s *Store) Entities(ctx context.Context, refs []cybercoop.Ref) (map[cybercoop.Ref]cybercoop.Entity, error) {
	byKind := map[cybercoop.Kind][]string{}
	for _, r := range refs {
		byKind[r.Kind] = append(byKind[r.Kind], r.ID)
	}
	out := make(map[cybercoop.Ref]cybercoop.Entity, len(refs))
	for kind, ids := range byKind {
		label, err := kindLabel(kind)
		if err != nil {
			return nil, err
		}
		query := fmt.Sprintf("MATCH (n:%s) WHERE n.id IN $ids RETURN %s AS n", label, nodeMap("n", kind, ""))
		res, err := s.read(ctx, "entities", query, map[string]any{"ids": ids})
		if err != nil {
			return nil, wrap(err, "read %s entities", label)
		}
		for _, rec := range res.Records {
			v, _ := rec.Get("n")
			e := decodeEntity(label, props(v.(map[string]any)))
			out[e.Ref()] = e
		}
	}
	return out, nil
}

// Entity returns one entity, or an ENOTFOUND error naming its id.
func (s *Store) Entity(ctx context.Context, ref cybercoop.Ref) (cybercoop.Entity, error) {
	found, err := s.requireEntities(ctx, ref)
	if err != nil {
		return nil, err
	}
	return found[ref], nil
}

// EntityFilter narrows a list of one kind: organisations by kind, projects by status or theme, and says how
// projects are ordered (START_ASC, START_DESC or NAME_ASC).
type EntityFilter struct {
	OrganizationKind string
	ProjectStatus    string
	ProjectTheme     string // theme id
	ProjectOrder     string
	Source           string // source id: keep the entities that document states facts about
}

var projectOrders = map[string]string{
	"":           "n.startDay, n.name",
	"START_ASC":  "n.startDay, n.name",
	"START_DESC": "n.startDay DESC, n.name",
	"NAME_ASC":   "n.name",
}

// listOrder is how each kind is listed: projects oldest first, everything else by name or title.
var listOrder = map[cybercoop.Kind]string{
	cybercoop.KindActivity: "n.startDay, n.id",
	cybercoop.KindGoal:     "n.id",
	cybercoop.KindSource:   "n.id",
}

// ListEntities returns one page of the entities of a kind, and their number when count is set.
func (s *Store) ListEntities(ctx context.Context, kind cybercoop.Kind, f EntityFilter, page Page, count bool) (List[cybercoop.Entity], error) {
	label, err := kindLabel(kind)
	if err != nil {
		return List[cybercoop.Entity]{}, err
	}
	order := listOrder[kind]
	if order == "" {
		order = "n.name"
	}
	if kind == cybercoop.KindProject {
		if order = projectOrders[f.ProjectOrder]; order == "" {
			return List[cybercoop.Entity]{}, cybercoop.Errorf(cybercoop.EINVALID, "project order %q: want START_ASC, START_DESC or NAME_ASC", f.ProjectOrder)
		}
	}
	// Every condition is fixed text; the values are parameters.
	const where = `
WHERE ($orgKind IS NULL OR n.kind = $orgKind)
  AND ($status IS NULL OR n.status = $status)
  AND ($theme IS NULL OR EXISTS { (n)-[:ADDRESSES]->(:Theme {id: $theme}) })
  AND ($source IS NULL OR any(s IN n.sources WHERE s STARTS WITH $source))`
	params := map[string]any{"orgKind": nilIfEmpty(f.OrganizationKind), "status": nilIfEmpty(f.ProjectStatus),
		"theme": nilIfEmpty(f.ProjectTheme), "source": nil, "skip": page.Offset, "limit": page.Limit}
	if f.Source != "" {
		params["source"] = f.Source + sourceSeparator
	}
	query := fmt.Sprintf("MATCH (n:%s) %s WITH n ORDER BY %s SKIP $skip LIMIT $limit RETURN %s AS n", label, where, order, nodeMap("n", kind, ""))
	res, err := s.read(ctx, "list_entities", query, params)
	if err != nil {
		return List[cybercoop.Entity]{}, wrap(err, "list %s", label)
	}
	out := List[cybercoop.Entity]{Total: -1}
	for _, rec := range res.Records {
		v, _ := rec.Get("n")
		out.Items = append(out.Items, decodeEntity(label, props(v.(map[string]any))))
	}
	if count {
		res, err := s.read(ctx, "count_entities", fmt.Sprintf("MATCH (n:%s) %s RETURN count(n) AS total", label, where), params)
		if err != nil {
			return out, wrap(err, "count %s", label)
		}
		total, _ := res.Records[0].Get("total")
		out.Total = int(total.(int64))
	}
	return out, nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
