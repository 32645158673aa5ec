package export

import (
	"context"
	"encoding/csv"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/store"
)

// ActivitiesCSV writes the activities that pass the filter of q, oldest first, one row each. The filter takes the
// API's names: country, project, organization, theme (ids, repeated or comma-separated), type, from, to and text.
// A bad parameter is an EINVALID error, and a cost the client's budget does not hold a *RateLimited, returned before
// anything is written.
func ActivitiesCSV(ctx context.Context, w io.Writer, st Store, q url.Values) error {
	f, err := activityFilter(q)
	if err != nil {
		return err
	}
	if err := charge(ctx, activitySearchCost+pageSize*rowCost); err != nil {
		return err
	}
	out := newCSV(w)
	for offset := 0; ; offset += pageSize {
		first := offset == 0
		lists, err := st.Activities(ctx, nil, store.ActivityQuery{Filter: f, Order: "DATE_ASC", Page: store.Page{Offset: offset, Limit: pageSize}, Count: first})
		if err != nil {
			return err
		}
		list := lists[cybercoop.Ref{}]
		if first {
			if err := charge(ctx, pagesAfterFirst(list.Total)*(activitySearchCost+pageSize*rowCost)); err != nil {
				return err
			}
			out.header("id", "title", "type", "start", "end", "date_precision", "city", "place_as_written", "held_in",
				"for", "projects", "organizations", "participants", "sources")
		}
		page := list.Items
		links, err := activityLinks(ctx, st, page)
		if err != nil {
			return err
		}
		for _, a := range page {
			l := links[a.Ref()]
			out.row(a.Ref().String(), a.Title, a.Type, a.Start, a.End, a.DatePrecision(), deref(a.City),
				deref(a.PlaceAsWritten), l["HELD_IN"], l["FOR"], l["PART_OF"], l["INVOLVED"], optInt(a.Participants),
				locators(a.Sources))
		}
		if err := out.flush(); err != nil || len(page) < pageSize {
			return err
		}
	}
}

func activityFilter(q url.Values) (store.ActivityFilter, error) {
	var f store.ActivityFilter
	var err error
	if f.Countries, err = ids(q, "country", cybercoop.KindCountry); err != nil {
		return f, err
	}
	if f.Projects, err = ids(q, "project", cybercoop.KindProject); err != nil {
		return f, err
	}
	if f.Organizations, err = ids(q, "organization", cybercoop.KindOrganization); err != nil {
		return f, err
	}
	if f.Themes, err = ids(q, "theme", cybercoop.KindTheme); err != nil {
		return f, err
	}
	if f.From, err = day(q, "from", false); err != nil {
		return f, err
	}
	if f.To, err = day(q, "to", true); err != nil {
		return f, err
	}
	f.Types, f.Text = values(q, "type"), strings.TrimSpace(q.Get("text"))
	return f, nil
}

// activityLinks reads, for a page of activities, the ids at the end of each kind of outgoing link, joined by "; ".
func activityLinks(ctx context.Context, st Store, page []cybercoop.Activity) (map[cybercoop.Ref]map[string]string, error) {
	refs := make([]cybercoop.Ref, len(page))
	for i, a := range page {
		refs[i] = a.Ref()
	}
	rels, err := st.Relations(ctx, refs, store.RelationQuery{Types: []string{"HELD_IN", "FOR", "PART_OF", "INVOLVED"},
		Direction: "OUT", Page: store.Page{Limit: pageSize}})
	if err != nil {
		return nil, err
	}
	out := make(map[cybercoop.Ref]map[string]string, len(refs))
	for _, ref := range refs {
		byType := map[string][]string{}
		for _, r := range rels[ref].Items {
			byType[r.Type] = append(byType[r.Type], r.Node.Ref().String())
		}
		joined := map[string]string{}
		for t, list := range byType {
			joined[t] = strings.Join(list, "; ")
		}
		out[ref] = joined
	}
	return out, nil
}

// CollaboratorsCSV writes who worked with the entity `of`, heaviest first, one row each, with the shared projects,
// the shared activities and their sources. Parameters as in the API: of, via, types, from, to.
func CollaboratorsCSV(ctx context.Context, w io.Writer, st Store, q url.Values) error {
	cq, err := collaboratorQuery(q)
	if err != nil {
		return err
	}
	pageCost := collaboratorCost + 40*pageSize + pageSize*rowCost
	if err := charge(ctx, pageCost); err != nil {
		return err
	}
	out := newCSV(w)
	for offset := 0; ; offset += pageSize {
		cq.Page = store.Page{Offset: offset, Limit: pageSize}
		list, err := st.Collaborators(ctx, cq)
		if err != nil {
			return err
		}
		if offset == 0 {
			if err := charge(ctx, pagesAfterFirst(list.Total)*pageCost); err != nil {
				return err
			}
			out.header("id", "label", "kind", "weight", "shared_activities", "shared_projects", "first_date", "last_date",
				"projects", "activities", "activity_sources")
		}
		evidence, err := evidenceSources(ctx, st, list.Items)
		if err != nil {
			return err
		}
		for _, c := range list.Items {
			projects := make([]string, len(c.Projects))
			for i, p := range c.Projects {
				projects[i] = p.Ref().String()
			}
			activities, sources := make([]string, len(c.EvidenceIDs)), make([]string, len(c.EvidenceIDs))
			for i, id := range c.EvidenceIDs {
				ref := cybercoop.Ref{Kind: cybercoop.KindActivity, ID: id}
				activities[i], sources[i] = ref.String(), evidence[ref]
			}
			out.row(c.Node.Ref().String(), c.Node.DisplayName(), strings.ToLower(string(c.Node.Ref().Kind)),
				strconv.Itoa(c.Weight()), strconv.Itoa(c.SharedActivityCount), strconv.Itoa(c.SharedProjectCount),
				deref(c.FirstDate), deref(c.LastDate), strings.Join(projects, "; "), strings.Join(activities, "; "),
				strings.Join(sources, "; "))
		}
		if err := out.flush(); err != nil || offset+len(list.Items) >= list.Total || len(list.Items) == 0 {
			return err
		}
	}
}

func collaboratorQuery(q url.Values) (store.CollaboratorQuery, error) {
	cq := store.CollaboratorQuery{Evidence: true} // each row lists its shared activities
	of := strings.TrimSpace(q.Get("of"))
	if of == "" {
		return cq, cybercoop.Errorf(cybercoop.EINVALID, "of: give the entity whose collaborators to export, e.g. of=country:gh")
	}
	var err error
	if cq.Of, err = cybercoop.ParseRef(of, ""); err != nil {
		return cq, err
	}
	via := values(q, "via")
	cq.ViaActivity, cq.ViaProject = len(via) == 0, len(via) == 0
	for _, v := range via {
		switch strings.ToUpper(v) {
		case "ACTIVITY":
			cq.ViaActivity = true
		case "PROJECT":
			cq.ViaProject = true
		default:
			return cq, cybercoop.Errorf(cybercoop.EINVALID, "via %q: want ACTIVITY or PROJECT", v)
		}
	}
	for _, t := range values(q, "types") {
		kind, ok := kindNamed(t)
		if !ok {
			return cq, cybercoop.Errorf(cybercoop.EINVALID, "types %q: want COUNTRY, ORGANIZATION or PROJECT", t)
		}
		cq.Kinds = append(cq.Kinds, kind)
	}
	if cq.From, err = day(q, "from", false); err != nil {
		return cq, err
	}
	cq.To, err = day(q, "to", true)
	return cq, err
}

func kindNamed(name string) (cybercoop.Kind, bool) {
	for _, k := range []cybercoop.Kind{cybercoop.KindCountry, cybercoop.KindOrganization, cybercoop.KindProject} {
		if strings.EqualFold(name, string(k)) {
			return k, true
		}
	}
	return "", false
}

// evidenceSources reads the sources of the shared activities of a page of collaborators, each written as in locators.
func evidenceSources(ctx context.Context, st Store, page []cybercoop.Collaborator) (map[cybercoop.Ref]string, error) {
	var refs []cybercoop.Ref
	for _, c := range page {
		for _, id := range c.EvidenceIDs {
			refs = append(refs, cybercoop.Ref{Kind: cybercoop.KindActivity, ID: id})
		}
	}
	if len(refs) == 0 {
		return nil, nil
	}
	found, err := st.Entities(ctx, refs)
	if err != nil {
		return nil, err
	}
	out := make(map[cybercoop.Ref]string, len(found))
	for ref, e := range found {
		out[ref] = locators(e.Provenance())
	}
	return out, nil
}

// csvWriter writes RFC 4180 rows and neutralises cells a spreadsheet would run as a formula.
type csvWriter struct {
	raw io.Writer
	w   *csv.Writer
}

func newCSV(w io.Writer) *csvWriter {
	c := csv.NewWriter(w)
	c.UseCRLF = true // RFC 4180
	return &csvWriter{raw: w, w: c}
}

// byteOrderMark starts a file's text: without it Excel reads UTF-8 as the machine's legacy code page and garbles
// French accents ("sÃ©curitÃ©").
const byteOrderMark = "\uFEFF"

// header writes the byte order mark, then the header row: a file's first row.
func (c *csvWriter) header(cells ...string) {
	_, _ = io.WriteString(c.raw, byteOrderMark) // nothing is buffered yet; a write error surfaces at flush
	c.row(cells...)
}

func (c *csvWriter) row(cells ...string) {
	for i, cell := range cells {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			cells[i] = "'" + cell
		}
	}
	_ = c.w.Write(cells) // errors surface at flush
}

func (c *csvWriter) flush() error {
	c.w.Flush()
	return c.w.Error()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func optInt(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}
