package soak

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/cybercoop/cybercoop/web/documents"
)

// The request classes of the mixed workload, with their share of the requests.
const (
	classEmbed     = "embed GET via cache"
	classWorkbench = "workbench POST"
	classAdhoc     = "ad-hoc POST"
	classExport    = "export via cache"
	classHostile   = "hostile POST"
)

var classShares = []struct {
	class string
	share int // percent
}{{classEmbed, 40}, {classWorkbench, 27}, {classAdhoc, 20}, {classExport, 8}, {classHostile, 5}}

// request is one request of the workload. Its answers are checked against the known answer of each data version
// (see checker), except the hostile ones, which must be refused with their code.
type request struct {
	class, name string
	method      string
	target      string // path and query string
	body        []byte // POST body (JSON)
	viaCache    bool   // sent to the HTTP cache, else to the load balancer
	refusal     string // hostile: the extensions.code expected, with limit for COMPLEXITY_LIMIT ("COMPLEXITY_LIMIT/cost")
	cut         bool   // its content is not compared (see trustedCalls)
}

// The entities the workload asks about: the hubs of the seeds, and Ghana, where the two seed folders differ.
const (
	ghana    = "country:gh"
	interpol = "organization:interpol"
	glacy    = "project:glacy-plus"
	europol  = "organization:europol"
)

// trustedCalls are the workbench's and the embeds' documents (web/documents) with the variables a page sends.
//
// cut marks the calls whose answer is not one per data version: a list cut at its first N among equal items (the
// convention's steps and relations, a neighbourhood at its limit) holds another N after another load of the same
// data (seen in the first runs: bench/SOAK.md). Their errors are checked, not their content.
var trustedCalls = []struct {
	doc  string
	vars map[string]any
	cut  bool
}{
	{"Card", map[string]any{"id": ghana, "withActivities": true}, false},
	{"Card", map[string]any{"id": "convention:budapest", "withActivities": false}, true},
	{"Timeline", map[string]any{"id": ghana}, false},
	{"TableActivities", map[string]any{"filter": map[string]any{"countries": []string{ghana}}, "first": 50}, false},
	{"TableCollaborators", map[string]any{"id": interpol, "first": 20}, false},
	{"Neighborhood", map[string]any{"id": ghana, "limit": 100}, true},
	{"Paths", map[string]any{"from": ghana, "to": europol}, false},
	{"Suggest", map[string]any{"text": "glacy"}, false},
	{"MapActivities", map[string]any{"id": glacy, "filter": map[string]any{"projects": []string{glacy}}}, false},
}

// adhocQueries are what an analyst types into GraphiQL; each asks for dataVersion, so that its answer says which
// data it was read from.
var adhocQueries = []struct{ name, query string }{
	{"Ghana's activities", `query GhanaActivities { dataVersion country(id: "country:gh") { label activities(first: 100) { totalCount nodes { id title } } } }`},
	{"Accra, October 2017", `query AccraOctober { dataVersion activities(filter: {countries: ["country:gh"], from: "2017-10-23", to: "2017-10-27"}) { totalCount nodes { id title city } } }`},
	{"INTERPOL's projects", `query InterpolProjects { dataVersion organization(id: "organization:interpol") { name projects { totalCount nodes { id name } } } }`},
	{"GLACY+ by country", `query GlacyByCountry { dataVersion activityStats(groupBy: COUNTRY, filter: {projects: ["project:glacy-plus"]}) { count node { id } } }`},
	{"search", `query SearchCyber { dataVersion search(text: "cybersécurité Ghana") { node { id label } } }`},
}

// exportTargets are the downloads of the exports, through the cache (which must pass them: they are not cacheable).
var exportTargets = []struct{ name, target string }{
	{"Ghana's activities (CSV)", "/export/activities.csv?country=country:gh"},
	{"INTERPOL's collaborators (CSV)", "/export/collaborators.csv?of=organization:interpol"},
	{"Ghana's neighbourhood (GraphML)", "/export/neighborhood.graphml?id=country:gh&depth=1&limit=100"},
}

// hostileQueries are requests of the hardening battery (admission/limits_test.go, TestHostileRequests, and the
// README's table under "Limits and costs"), each with the refusal it must get, before any work.
func hostileQueries() []request {
	repeat := func(n int, item func(i int) string) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = item(i)
		}
		return "{ " + strings.Join(parts, " ") + " }"
	}
	hubs := []string{"organization:coe", glacy, interpol, ghana, europol}
	var fragments strings.Builder
	fragments.WriteString("query { countries { nodes { ...F30 } } } fragment F0 on Country { id }")
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&fragments, " fragment F%d on Country { ...F%d ...F%d }", i, i-1, i-1)
	}
	overflow := base64.RawURLEncoding.EncodeToString([]byte("o:9223372036854775807"))
	cases := []struct{ name, query, refusal string }{
		{"1,000 conflicting aliases", repeat(1000, func(i int) string { return fmt.Sprintf(`x: country(id: "c%d") { id }`, i) }), "COMPLEXITY_LIMIT/tokens"},
		{"one field 20,000 times", "{" + strings.Repeat(" dataVersion", 20000) + " }", "COMPLEXITY_LIMIT/tokens"},
		{"30 doubling fragments", fragments.String(), "COMPLEXITY_LIMIT/cost"},
		{"60 costly paths between hubs", repeat(60, func(i int) string {
			return fmt.Sprintf(`p%d: paths(from: %q, to: %q, maxHops: 6, first: 20) { length }`, i, hubs[i%5], hubs[(i+1+i/5)%5])
		}), "COMPLEXITY_LIMIT/cost"},
		{"40 deep neighbourhoods of hubs", repeat(40, func(i int) string {
			return fmt.Sprintf(`n%d: neighborhood(id: %q, depth: 3, limit: 500) { truncated }`, i, hubs[i%5])
		}), "COMPLEXITY_LIMIT/cost"},
		{"200 aliases", repeat(200, func(i int) string { return fmt.Sprintf("a%d: dataVersion", i) }), "COMPLEXITY_LIMIT/aliases"},
		{"40 root fields", "{" + strings.Repeat(" dataVersion", 40) + " }", "COMPLEXITY_LIMIT/rootFields"},
		{"13 levels", `{ project(id: "glacy") { ` + strings.Repeat("lineage { node { ... on Project { ", 7) + "id" +
			strings.Repeat(" } } }", 7) + " } }", "COMPLEXITY_LIMIT/depth"},
		{"overflowing cursor", fmt.Sprintf(`{ countries(after: %q) { nodes { id } } }`, overflow), "BAD_USER_INPUT"},
		{"a path from Ghana to Ghana", `{ paths(from: "country:gh", to: "country:gh") { length } }`, "BAD_USER_INPUT"},
		{"a 5,000-letter word", fmt.Sprintf(`{ search(text: %q) { node { id } } }`, strings.Repeat("a", 5000)), "BAD_USER_INPUT"},
	}
	out := make([]request, len(cases))
	for i, c := range cases {
		out[i] = request{class: classHostile, name: c.name, method: http.MethodPost, target: "/graphql",
			body: mustJSON(map[string]any{"query": c.query}), refusal: c.refusal}
	}
	return out
}

// workload builds every request of the soak from the trusted documents in root/web/documents.
func workload(root string) ([]request, error) {
	var out []request
	for _, call := range trustedCalls {
		text, err := os.ReadFile(filepath.Join(root, "web", "documents", call.doc+".graphql"))
		if err != nil {
			return nil, fmt.Errorf("trusted document %s: %w", call.doc, err)
		}
		id := documents.ID(string(text))
		vars := mustJSON(call.vars)
		name := fmt.Sprintf("%s %s", call.doc, firstValue(call.vars))
		q := url.Values{"documentId": {id}, "variables": {string(vars)}}
		out = append(out,
			request{class: classEmbed, name: name, method: http.MethodGet, target: "/graphql?" + q.Encode(), viaCache: true, cut: call.cut},
			request{class: classWorkbench, name: name, method: http.MethodPost, target: "/graphql", cut: call.cut,
				body: mustJSON(map[string]any{"documentId": id, "variables": call.vars})})
	}
	for _, q := range adhocQueries {
		out = append(out, request{class: classAdhoc, name: q.name, method: http.MethodPost, target: "/graphql",
			body: mustJSON(map[string]any{"query": q.query})})
	}
	for _, e := range exportTargets {
		out = append(out, request{class: classExport, name: e.name, method: http.MethodGet, target: e.target, viaCache: true})
	}
	return append(out, hostileQueries()...), nil
}

func firstValue(vars map[string]any) string {
	for _, k := range []string{"id", "from", "text", "filter"} {
		if v, ok := vars[k]; ok {
			return fmt.Sprint(v)
		}
	}
	return ""
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // maps of strings, numbers and lists always marshal
	}
	return b
}

// targeter hands vegeta the workload's requests in a fixed shuffled order that keeps each class's share. The
// target's URL carries the request's index as a fragment, which is never sent but comes back in vegeta's result,
// so each answer is checked against the request it answers.
type targeter struct {
	mu       sync.Mutex
	requests []request
	order    []int
	next     int
	cache    string // base URL of the HTTP cache
	balancer string // base URL of the load balancer
}

func newTargeter(requests []request, cache, balancer string) *targeter {
	byClass := map[string][]int{}
	for i, r := range requests {
		byClass[r.class] = append(byClass[r.class], i)
	}
	// 100 slots per round, each class its share, each slot cycling through the class's requests.
	var order []int
	for round := range 20 {
		for _, c := range classShares {
			members := byClass[c.class]
			for k := range c.share {
				order = append(order, members[(round*c.share+k)%len(members)])
			}
		}
	}
	rng := rand.New(rand.NewPCG(27, 27))
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	return &targeter{requests: requests, order: order, cache: cache, balancer: balancer}
}

// target is a vegeta.Targeter.
func (t *targeter) target(tgt *vegeta.Target) error {
	t.mu.Lock()
	i := t.order[t.next%len(t.order)]
	t.next++
	t.mu.Unlock()
	r := t.requests[i]
	base := t.balancer
	if r.viaCache {
		base = t.cache
	}
	tgt.Method, tgt.URL, tgt.Body = r.method, base+r.target+"#"+strconv.Itoa(i), r.body
	tgt.Header = http.Header{"Accept": {"application/json"}}
	if r.body != nil {
		tgt.Header.Set("Content-Type", "application/json")
	}
	return nil
}

// requestIndex reads back the index a target's URL carries.
func requestIndex(targetURL string) (int, bool) {
	_, frag, ok := strings.Cut(targetURL, "#")
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(frag)
	return i, err == nil
}
