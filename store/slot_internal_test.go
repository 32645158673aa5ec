package store

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop"
)

func TestRewrite(t *testing.T) {
	cases := []struct {
		name, query, want string
	}{
		{"OK labels after a colon or a bar", "MATCH (n:Country|Organization)<-[:HELD_IN|FOR]-(a:Activity) WHERE x:Project",
			"MATCH (n:Country_1|Organization_1)<-[:HELD_IN|FOR]-(a:Activity_1) WHERE x:Project_1"},
		{"OK spaces before a label", "MATCH (n: Country), (m :Goal)", "MATCH (n: Country_1), (m :Goal_1)"},
		{"OK other labels and relationship types stay", "MATCH (p:Party)-[:IN_PROJECT]->(:Party), (v:DataVersion)",
			"MATCH (p:Party)-[:IN_PROJECT]->(:Party), (v:DataVersion)"},
		{"OK the full-text index", "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node WHERE node:Activity",
			"CALL db.index.fulltext.queryNodes('entity_names_1', $q) YIELD node WHERE node:Activity_1"},
		{"OK string literals stay", `RETURN ':Country', "|Project", 'entity_names2', $key + '|' + 'x:Goal'`,
			`RETURN ':Country', "|Project", 'entity_names2', $key + '|' + 'x:Goal'`},
		{"OK an escaped quote ends no literal", `RETURN 'it\'s :Country' AS a, (n:Country)`, `RETURN 'it\'s :Country' AS a, (n:Country_1)`},
		{"OK comments and quoted names stay", "// (n:Country)\nMATCH (n:`Country`) RETURN n.`:Goal`",
			"// (n:Country)\nMATCH (n:`Country`) RETURN n.`:Goal`"},
		{"OK whole identifiers only", "MATCH (n:Countryside), (m:Sources) RETURN {kind: labels(n)}, [x IN l | x]",
			"MATCH (n:Countryside), (m:Sources) RETURN {kind: labels(n)}, [x IN l | x]"},
		{"OK map values and parameters are no labels", "RETURN {a: b, c: $Country}", "RETURN {a: b, c: $Country}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := rewrite(c.query, 1); got != c.want {
				t.Errorf("rewrite(%q, 1)\n got %q\nwant %q", c.query, got, c.want)
			}
			if got := rewrite(c.query, 0); got != c.query {
				t.Errorf("rewrite(%q, 0) = %q, want it unchanged", c.query, got)
			}
		})
	}
}

func TestRewrites(t *testing.T) {
	var r rewrites
	queries := []string{"MATCH (n:Country) RETURN n", "MATCH (a:Activity)-[:HELD_IN]->(c:Country) RETURN a"}
	for range 2 { // the second time from memory
		for _, q := range queries {
			if got, want := r.of(q, 1), rewrite(q, 1); got != want {
				t.Errorf("of(%q, 1) = %q, want %q", q, got, want)
			}
			if got := r.of(q, 0); got != q {
				t.Errorf("of(%q, 0) = %q, want it unchanged", q, got)
			}
		}
	}
	if len(r.texts) != len(queries) {
		t.Errorf("%d statements remembered, want %d (slot 0 is never rewritten)", len(r.texts), len(queries))
	}
	// Past its budget the memory starts again: statements that vary without end cannot grow it.
	long := strings.Repeat("MATCH (n:Country) ", maxRewriteBytes/64)
	for i := range 20 {
		r.of(long+strconv.Itoa(i), 1)
		if r.bytes > maxRewriteBytes {
			t.Fatalf("%d bytes of statements remembered, over the budget of %d", r.bytes, maxRewriteBytes)
		}
	}
	if got, want := r.of(long+"x", 1), rewrite(long+"x", 1); got != want {
		t.Error("a statement rewritten after the memory was emptied differs from rewrite's")
	}
}

// BenchmarkRewrite compares rewriting the paths statement with reading it from memory.
func BenchmarkRewrite(b *testing.B) {
	query := mapPathsQuery(cybercoop.KindCountry, cybercoop.KindOrganization, 4, Selection{})(4)
	b.Run("rewrite", func(b *testing.B) {
		for b.Loop() {
			rewrite(query, 1)
		}
	})
	b.Run("remembered", func(b *testing.B) {
		var r rewrites
		for b.Loop() {
			r.of(query, 1)
		}
	})
}

func TestSchemaStatement(t *testing.T) {
	cases := []struct {
		name, stmt string
		slot       int
		want       string
		ok         bool
	}{
		{"OK a constraint of slot 1", "CREATE CONSTRAINT activity_id IF NOT EXISTS FOR (n:Activity) REQUIRE n.id IS UNIQUE", 1,
			"CREATE CONSTRAINT activity_id_1 IF NOT EXISTS FOR (n:Activity_1) REQUIRE n.id IS UNIQUE", true},
		{"OK slot 0 as written", "CREATE RANGE INDEX activity_start IF NOT EXISTS FOR (n:Activity) ON (n.startDay)", 0,
			"CREATE RANGE INDEX activity_start IF NOT EXISTS FOR (n:Activity) ON (n.startDay)", true},
		{"OK a range index of slot 1", "CREATE RANGE INDEX activity_start IF NOT EXISTS FOR (n:Activity) ON (n.startDay)", 1,
			"CREATE RANGE INDEX activity_start_1 IF NOT EXISTS FOR (n:Activity_1) ON (n.startDay)", true},
		{"OK the full-text index of slot 1", "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS\nFOR (n:Country|Goal)\nON EACH [n.name]", 1,
			"CREATE FULLTEXT INDEX entity_names_1 IF NOT EXISTS\nFOR (n:Country_1|Goal_1)\nON EACH [n.name]", true},
		{"OK a relationship index belongs to slot 0 only", "CREATE RANGE INDEX accession_certain IF NOT EXISTS FOR ()-[r:ACCESSION]-() ON (r.certainBy)", 1, "", false},
		{"OK a party constraint belongs to slot 0 only", "CREATE CONSTRAINT party_key IF NOT EXISTS FOR (n:Party) REQUIRE n.key IS UNIQUE", 1, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := schemaStatement(c.stmt, c.slot)
			if got != c.want || ok != c.ok {
				t.Errorf("schemaStatement(%q, %d) = %q, %v; want %q, %v", c.stmt, c.slot, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestKindOfLabel(t *testing.T) {
	for label, want := range map[string]string{
		"Activity": "Activity", "Activity_1": "Activity", "Source_1": "Source", "Goal": "Goal",
		"Activity_2": "", "Party": "", "Party_1": "", "DataVersion": "", "activity_1": "", "": "", "_1": "",
	} {
		t.Run("OK "+label, func(t *testing.T) {
			if got := kindOfLabel(label); got != want {
				t.Errorf("kindOfLabel(%q) = %q, want %q", label, got, want)
			}
		})
	}
	t.Run("OK labels of either slot decode to the same kind", func(t *testing.T) {
		for _, labels := range [][]any{{"Country"}, {"Country_1"}, {"Other", "Country_1"}} {
			if got := entityLabel(labels); got != "Country" {
				t.Errorf("entityLabel(%v) = %q, want Country", labels, got)
			}
		}
	})
}

func TestParameters(t *testing.T) {
	params := map[string]any{"kinds": labelsParam{"Country", "Project"}, "id": "gh"}
	got := parameters(params, 1)
	if !slices.Equal(got["kinds"].([]string), []string{"Country_1", "Project_1"}) || got["id"] != "gh" {
		t.Errorf("parameters(slot 1) = %v", got)
	}
	if _, ok := params["kinds"].(labelsParam); !ok {
		t.Error("parameters changed the caller's map")
	}
	if got := parameters(params, 0); !slices.Equal(got["kinds"].([]string), []string{"Country", "Project"}) {
		t.Errorf("parameters(slot 0) = %v", got)
	}
	plain := map[string]any{"id": "gh"}
	if got := parameters(plain, 1); got["id"] != "gh" || len(got) != 1 {
		t.Errorf("parameters without labels = %v", got)
	}
}
