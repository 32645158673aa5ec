package graph_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/cybercoop/cybercoop/graph"
	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// answer runs a query and decodes its data into out, failing on any error.
func answer(t *testing.T, c *client.Client, query string, out any, options ...client.Option) {
	t.Helper()
	resp, err := c.RawPost(query, options...)
	if err != nil || len(resp.Errors) > 0 {
		t.Fatalf("%s: %v %s", query, err, resp.Errors)
	}
	b, _ := json.Marshal(resp.Data)
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
}

// TestPartiesFromTheCharts checks the API's Parties against the treaty charts themselves: at ten dates from 2004 to
// the chart's status date, the Parties of the Budapest Convention are the rows ratified or acceded by then, and so
// are CETS 224's; standing counts them, and counts as signed the rows signed and not ratified by then.
func TestPartiesFromTheCharts(t *testing.T) {
	c := newClient(t, neo4jtest.Seeded(t), graph.Options{})
	dates := []string{"2004-07-01", "2006-01-01", "2009-06-30", "2012-12-31", "2014-03-01", "2016-01-01", "2018-06-29",
		"2020-12-31", "2023-05-12", "2026-04-25"}
	for _, tc := range []struct{ convention, file, ratification string }{
		{"convention:budapest", "ets185-chart-2026-04-25.tsv", "ratification_or_accession"},
		{"convention:second-protocol", "cets224-chart-2026-04-25.tsv", "ratification"},
	} {
		rows, _ := neo4jtest.Chart(t, tc.file)
		for _, d := range dates {
			var parties, signed []string
			for _, r := range rows {
				switch {
				case r[tc.ratification] != "" && r[tc.ratification] <= d:
					parties = append(parties, "country:"+strings.ToLower(r["iso2"]))
				case r["signature"] != "" && r["signature"] <= d:
					signed = append(signed, "country:"+strings.ToLower(r["iso2"]))
				}
			}
			slices.Sort(parties)
			var data struct {
				Convention struct {
					Parties []struct {
						Party struct{ ID string }
					}
					Standing []struct {
						Status string
						Count  int
					}
				}
			}
			answer(t, c, fmt.Sprintf(`{ convention(id: %q) { parties(asOf: %q) { party { id } } standing(asOf: %q) { status count } } }`,
				tc.convention, d, d), &data)
			var got []string
			for _, p := range data.Convention.Parties {
				got = append(got, p.Party.ID)
			}
			slices.Sort(got)
			if !slices.Equal(got, parties) {
				t.Errorf("%s as of %s: %d parties %v, the chart has %d: %v", tc.convention, d, len(got), got, len(parties), parties)
			}
			counts := map[string]int{}
			for _, s := range data.Convention.Standing {
				counts[s.Status] = s.Count
			}
			if counts["ratified"]+counts["acceded"] != len(parties) || counts["signed"] != len(signed) {
				t.Errorf("%s standing as of %s: %v; the chart has %d parties and %d signed only", tc.convention, d, data.Convention.Standing, len(parties), len(signed))
			}
		}
	}
}

// TestTreatiesOfGhanaAndMorocco checks facts from the charts and the 2018 report: Ghana acceded to the Budapest
// Convention on 2018-12-03, in force for it on 2019-04-01, and signed the UN Convention; Morocco's accession is one
// event that the report (twice) and the chart state.
func TestTreatiesOfGhanaAndMorocco(t *testing.T) {
	c := newClient(t, neo4jtest.Seeded(t), graph.Options{})
	var ghana struct {
		Country struct {
			Treaties []struct {
				Convention     struct{ ID string }
				Status         string
				Date           *string
				EntryIntoForce *string
			}
		}
	}
	answer(t, c, `{ country(id: "country:gh") { treaties { convention { id } status date entryIntoForce } } }`, &ghana)
	standing := map[string]string{}
	for _, tr := range ghana.Country.Treaties {
		standing[tr.Convention.ID] = fmt.Sprintf("%s %s %s", tr.Status, deref(tr.Date), deref(tr.EntryIntoForce))
	}
	if standing["convention:budapest"] != "acceded 2018-12-03 2019-04-01" || !strings.HasPrefix(standing["convention:un-cybercrime"], "signed") {
		t.Errorf("Ghana's treaties: %v", standing)
	}
	var morocco struct {
		Country struct {
			Accessions []struct {
				Convention struct{ ID string }
				Status     string
				Date       *string
				Sources    []struct {
					Source  struct{ ID string }
					Locator string
				}
			}
		}
	}
	answer(t, c, `{ country(id: "country:ma") { accessions { convention { id } status date sources { source { id } locator } } } }`, &morocco)
	var party []string
	for _, a := range morocco.Country.Accessions {
		if a.Convention.ID == "convention:budapest" && (a.Status == "acceded" || a.Status == "party") {
			var sources []string
			for _, s := range a.Sources {
				sources = append(sources, s.Source.ID+" "+s.Locator)
			}
			party = append(party, fmt.Sprintf("%s %s: %s", a.Status, deref(a.Date), strings.Join(sources, "; ")))
		}
	}
	if len(party) != 1 || !strings.HasPrefix(party[0], "acceded 2018-06-29: ") || strings.Count(party[0], "cproc-report-2018") != 2 ||
		!strings.Contains(party[0], "chart-ets185") {
		t.Errorf("Morocco's accession to the Budapest Convention: %q, want one event with the chart and both report locators", party)
	}
}

// TestAccessionJourneys asks the question no treaty office answers, in one query: which States acceded to the
// Budapest Convention after GLACY+ activities in their country, and how long after the first one. Ghana's journey
// must name the GLACY+ activities held in or for Ghana that began before 2018-12-03, as the activity list gives them.
func TestAccessionJourneys(t *testing.T) {
	c := newClient(t, neo4jtest.Seeded(t), graph.Options{})
	var data struct {
		Convention struct {
			AccessionJourneys []struct {
				Accession struct {
					Party  struct{ ID string }
					Status string
					Date   *string
				}
				ActivitiesBefore struct {
					TotalCount int
					Nodes      []struct{ ID string }
				}
				FirstActivityDate *string
				DaysToAccession   *int
			}
		}
		Activities struct {
			TotalCount int
			Nodes      []struct {
				ID    string
				Start string
			}
		}
	}
	answer(t, c, `{ convention(id: "convention:budapest") { accessionJourneys(project: "project:glacy-plus") {
		accession { party { id } status date } activitiesBefore(first: 50) { totalCount nodes { id } } firstActivityDate daysToAccession } }
		activities(filter: {countries: ["country:gh"], projects: ["project:glacy-plus"], to: "2018-12-02"}, first: 50) { totalCount nodes { id start } } }`, &data)
	var ghana *int
	for i, j := range data.Convention.AccessionJourneys {
		if j.Accession.Party.ID != "country:gh" {
			continue
		}
		ghana = &i
		var want, got []string
		for _, a := range data.Activities.Nodes {
			want = append(want, a.ID)
		}
		for _, a := range j.ActivitiesBefore.Nodes {
			got = append(got, a.ID)
		}
		if len(want) == 0 || !slices.Equal(got, want) || j.ActivitiesBefore.TotalCount != data.Activities.TotalCount {
			t.Errorf("Ghana's GLACY+ activities before its accession: %v, the activity list: %v", got, want)
		}
		if deref(j.FirstActivityDate) != data.Activities.Nodes[0].Start || j.DaysToAccession == nil || *j.DaysToAccession <= 0 {
			t.Errorf("Ghana's first activity %s, %v days before; want %s", deref(j.FirstActivityDate), j.DaysToAccession, data.Activities.Nodes[0].Start)
		}
	}
	if ghana == nil {
		t.Fatalf("no journey for Ghana among %d", len(data.Convention.AccessionJourneys))
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestTreatyFieldsStatements counts the store calls of the treaty questions: a fixed number whatever the number of
// Parties. The convention; its steps, read with their parties' names; and for the journeys, one statement for the
// activities before every accession, which also gives each first start and the days to it. (Every date is given:
// in the bubble, today is in 2000.)
func TestTreatyFieldsStatements(t *testing.T) {
	counting := &countingStore{Store: neo4jtest.Seeded(t)}
	c := newClient(t, counting, graph.Options{Timeout: 24 * time.Hour})
	for _, tc := range []struct {
		name, query string
		want        int64
	}{
		{"parties and standing", `{ convention(id: "convention:budapest") { chart { statusAsOf } standing(asOf: "2018-07-01") { status count }
			parties(asOf: "2018-07-01") { party { id label } status date entryIntoForce } } }`, 2},
		{"a country's treaties", `{ country(id: "country:gh") { treaties(asOf: "2026-04-25") { convention { id label } status date } } }`, 3},
		{"journeys", `{ convention(id: "convention:budapest") { accessionJourneys(project: "project:glacy-plus", asOf: "2026-04-25") {
			accession { party { id label } date } firstActivityDate daysToAccession activitiesBefore(first: 5) { totalCount nodes { id } } } } }`, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			counting.calls.Store(0)
			var resp map[string]any
			var err error
			synctest.Test(t, func(t *testing.T) { err = c.Post(tc.query, &resp) })
			if err != nil {
				t.Fatal(err)
			}
			if got := counting.calls.Load(); got != tc.want {
				t.Errorf("%d store calls, want %d", got, tc.want)
			}
		})
	}
}
