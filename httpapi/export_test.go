package httpapi_test

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

func get(t *testing.T, srv *httptest.Server, path string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// readCSV reads an export, which starts with the UTF-8 byte order mark (for Excel).
func readCSV(t *testing.T, body string) [][]string {
	t.Helper()
	text, ok := strings.CutPrefix(body, "\uFEFF")
	if !ok {
		t.Errorf("no UTF-8 byte order mark at the start of the file: %.40q", body)
	}
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("not RFC 4180 CSV: %v\n%s", err, body)
	}
	return rows
}

// count asks the API for a totalCount.
func count(t *testing.T, srv *httptest.Server, query string) int {
	t.Helper()
	_, resp, raw := postQuery(t, srv, query)
	var data map[string]struct{ TotalCount int }
	if err := json.Unmarshal(resp.Data, &data); err != nil || len(resp.Errors) > 0 {
		t.Fatalf("%s: %s", query, raw)
	}
	for _, v := range data {
		return v.TotalCount
	}
	return -1
}

// TestExports checks the exports docs/api.md lists ("Endpoints").
func TestExports(t *testing.T) {
	srv := newServer(t, neo4jtest.Seeded(t))

	t.Run("OK Ghana's activities, one row each, with dates and source locators", func(t *testing.T) {
		resp, body := get(t, srv, "/export/activities.csv?country=country:gh")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("status %d, headers %v", resp.StatusCode, resp.Header)
		}
		rows := readCSV(t, body)
		want := count(t, srv, `{ activities(filter: {countries: ["country:gh"]}) { totalCount } }`)
		if len(rows)-1 != want || want == 0 {
			t.Fatalf("%d rows, want the API's totalCount %d", len(rows)-1, want)
		}
		header := strings.Join(rows[0], ",")
		if !strings.HasPrefix(header, "id,title,type,start,end") || rows[0][len(rows[0])-1] != "sources" {
			t.Errorf("header %q", header)
		}
		found := false
		for _, r := range rows[1:] {
			if strings.HasPrefix(r[1], "Semaine de la cybersécurité") {
				found = r[3] == "2017-10-23" && strings.Contains(r[8], "country:gh") && strings.Contains(r[13], "cproc-report-2018: annex")
				if !found {
					t.Errorf("the cybersecurity week row reads %q", r)
				}
			}
		}
		if !found {
			t.Error("no row for Ghana's cybersecurity week of 23 October 2017")
		}
	})

	t.Run("OK filters as in the API", func(t *testing.T) {
		_, body := get(t, srv, "/export/activities.csv?organization=interpol&type=training&from=2018&to=2018-06")
		want := count(t, srv, `{ activities(filter: {organizations: ["interpol"], types: ["training"], from: "2018", to: "2018-06"}) { totalCount } }`)
		if rows := readCSV(t, body); len(rows)-1 != want {
			t.Errorf("%d rows, want %d", len(rows)-1, want)
		}
	})

	t.Run("OK Ghana's collaborators, one row each", func(t *testing.T) {
		resp, body := get(t, srv, "/export/collaborators.csv?of=country:gh")
		rows := readCSV(t, body)
		want := count(t, srv, `{ collaborators(of: "country:gh") { totalCount } }`)
		if resp.StatusCode != http.StatusOK || len(rows)-1 != want || want == 0 {
			t.Fatalf("status %d, %d rows, want %d", resp.StatusCode, len(rows)-1, want)
		}
		for _, r := range rows[1:] {
			if r[0] == "organization:ecowas" && (r[4] != "2" || r[6] != "2017-12-05" || !strings.Contains(r[10], "annex")) {
				t.Errorf("ECOWAS row %q: want 2 shared activities from 2017-12-05 with their sources", r)
			}
		}
	})

	t.Run("OK Ghana's neighbourhood as GraphML", func(t *testing.T) {
		resp, body := get(t, srv, "/export/neighborhood.graphml?id=country:gh&depth=1")
		var doc struct {
			Graph struct {
				Nodes []struct {
					ID string `xml:"id,attr"`
				} `xml:"node"`
				Edges []struct {
					Source string `xml:"source,attr"`
				} `xml:"edge"`
			} `xml:"graph"`
		}
		if err := xml.Unmarshal([]byte(body), &doc); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d, not GraphML: %v", resp.StatusCode, err)
		}
		if len(doc.Graph.Nodes) < 2 || doc.Graph.Nodes[0].ID != "country:gh" || len(doc.Graph.Edges) == 0 {
			t.Errorf("%d nodes (first %+v), %d edges", len(doc.Graph.Nodes), doc.Graph.Nodes[:1], len(doc.Graph.Edges))
		}
	})

	for _, tc := range []struct {
		name, path      string
		status          int
		code, inMessage string
	}{
		{"ErrIDOfAnotherKind", "/export/activities.csv?country=project:glacy", 400, "BAD_USER_INPUT", "not a country id"},
		{"ErrBadDate", "/export/activities.csv?from=2018-13", 400, "BAD_USER_INPUT", "month"},
		{"ErrMissingOf", "/export/collaborators.csv", 400, "BAD_USER_INPUT", "of="},
		{"ErrUnknownEntity", "/export/collaborators.csv?of=country:zz", 404, "NOT_FOUND", "zz"},
		{"ErrDepth", "/export/neighborhood.graphml?id=country:gh&depth=9", 400, "BAD_USER_INPUT", "depth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, srv, tc.path)
			var out gqlResponse
			if err := json.Unmarshal([]byte(body), &out); err != nil || resp.StatusCode != tc.status || len(out.Errors) != 1 ||
				out.Errors[0].Extensions["code"] != tc.code || !strings.Contains(out.Errors[0].Message, tc.inMessage) {
				t.Errorf("status %d, body %s; want %d %s mentioning %q", resp.StatusCode, body, tc.status, tc.code, tc.inMessage)
			}
		})
	}
}
