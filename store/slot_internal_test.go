package store

import (
	"context"
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cybercoop/cybercoop"
)

// rewriteCases are statements and what rewrite makes of them for slot 1; the fuzz test starts from them too.
var rewriteCases = []struct {
	name, query, want string
}{
	{"OK labels after a colon or a bar", "MATCH (n:Country|Organization)<-[:HELD_IN|FOR]-(a:Activity) WHERE x:Project",
		"MATCH (n:Country_1|Organization_1)<-[:HELD_IN|FOR]-(a:Activity_1) WHERE x:Project_1"},
	{"OK spaces before a label", "MATCH (n: Country), (m :Goal)", "MATCH (n: Country_1), (m :Goal_1)"},
	{"OK other labels and relationship types stay", "MATCH (p:Party)-[:IN_PROJECT]->(:Party), (v:DataVersion)",
		"MATCH (p:Party)-[:IN_PROJECT]->(:Party), (v:DataVersion)"},
	{"OK the full-text index", "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node WHERE node:Activity",
		"CALL db.index.fulltext.queryNodes('entity_names_1', $q) YIELD node WHERE node:Activity_1"},
	{"OK the full-text index in double quotes", `CALL db.index.fulltext.queryNodes("entity_names", $q) YIELD node`,
		`CALL db.index.fulltext.queryNodes("entity_names_1", $q) YIELD node`},
	{"OK string literals stay", `RETURN ':Country', "|Project", 'entity_names2', "entity_names ", $key + '|' + 'x:Goal'`,
		`RETURN ':Country', "|Project", 'entity_names2', "entity_names ", $key + '|' + 'x:Goal'`},
	{"OK an escaped quote ends no literal", `RETURN 'it\'s :Country' AS a, "\\" AS b, (n:Country)`,
		`RETURN 'it\'s :Country' AS a, "\\" AS b, (n:Country_1)`},
	{"OK comments and quoted names stay, quoted labels are labels", "// (n:Country)\nMATCH (n:`Country`) RETURN n.`:Goal`, `Goal`",
		"// (n:Country)\nMATCH (n:`Country_1`) RETURN n.`:Goal`, `Goal`"},
	{"OK a line comment ends at CR", "// it's\rMATCH (n:Goal)", "// it's\rMATCH (n:Goal_1)"},
	{"OK a quote in a block comment", "MATCH (n:Activity) /* it's (m:Goal) */ RETURN n:Country",
		"MATCH (n:Activity_1) /* it's (m:Goal) */ RETURN n:Country_1"},
	{"OK a block comment ends at its first close", "/* a /* b */ MATCH (n:Goal) /**/RETURN n:Theme",
		"/* a /* b */ MATCH (n:Goal_1) /**/RETURN n:Theme_1"},
	{"OK a backslash in a quoted name", "MATCH (n:`a\\`) WHERE n:Activity RETURN n.`b``:Goal`",
		"MATCH (n:`a\\`) WHERE n:Activity_1 RETURN n.`b``:Goal`"},
	{"OK whole identifiers only", "MATCH (n:Countryside), (m:Sources), (o:Goalé), (p:Goal$x) RETURN {kind: labels(n)}, [x IN l | x]",
		"MATCH (n:Countryside), (m:Sources), (o:Goalé), (p:Goal$x) RETURN {kind: labels(n)}, [x IN l | x]"},
	{"OK map values and parameters are no labels", "RETURN {a: b, c: $Country}", "RETURN {a: b, c: $Country}"},

	// Label expressions.
	{"OK a conjunction and negations", "MATCH (n:Activity&!Project) WHERE n:!Goal RETURN n",
		"MATCH (n:Activity_1&!Project_1) WHERE n:!Goal_1 RETURN n"},
	{"OK parentheses and the wildcard", "MATCH (n:(Country|Organization)&!(Goal|%)) RETURN n",
		"MATCH (n:(Country_1|Organization_1)&!(Goal_1|%)) RETURN n"},
	{"OK the legacy colon conjunction", "MATCH (n:Project:Activity) SET n:Goal:Theme REMOVE n:Source",
		"MATCH (n:Project_1:Activity_1) SET n:Goal_1:Theme_1 REMOVE n:Source_1"},
	{"OK IS", "MATCH (n IS Activity|Project) WHERE n IS Goal AND m IS !(Theme&Source) SET n IS Country",
		"MATCH (n IS Activity_1|Project_1) WHERE n IS Goal_1 AND m IS !(Theme_1&Source_1) SET n IS Country_1"},
	{"OK IS predicates that are no label expressions",
		"MATCH (n:Activity) WHERE Activity IS NULL OR n.x IS NOT NULL OR n.x IS :: INTEGER | FLOAT OR n.x IS TYPED STRING " +
			"OR n.t IS NORMALIZED OR n.t IS NOT NFC NORMALIZED RETURN n",
		"MATCH (n:Activity_1) WHERE Activity IS NULL OR n.x IS NOT NULL OR n.x IS :: INTEGER | FLOAT OR n.x IS TYPED STRING " +
			"OR n.t IS NORMALIZED OR n.t IS NOT NFC NORMALIZED RETURN n"},
	{"OK a variable named is", "MATCH (is) RETURN is IS NULL, is IS Goal", "MATCH (is) RETURN is IS NULL, is IS Goal_1"},
	{"OK dynamic labels stay", "MATCH (n:$($label)) SET n:$any($labels) RETURN n:$(Activity)&Goal, n:$all([Project])|Theme",
		"MATCH (n:$($label)) SET n:$any($labels) RETURN n:$(Activity)&Goal_1, n:$all([Project])|Theme_1"},

	// Relationship patterns, properties and maps.
	{"OK relationship types are no labels",
		"MATCH (a)-[r:Activity|Goal*1..2]->(b), (a)<-[:Project&!Theme]-(), (a)-[s IS Country]-(), (a)-[:Goal|:Source]-(), (a)–[:Goal]–() " +
			"WHERE (a)-[:Source]->(:Source)",
		"MATCH (a)-[r:Activity|Goal*1..2]->(b), (a)<-[:Project&!Theme]-(), (a)-[s IS Country]-(), (a)-[:Goal|:Source]-(), (a)–[:Goal]–() " +
			"WHERE (a)-[:Source]->(:Source_1)"},
	{"OK labels in a relationship pattern's WHERE", "MATCH (a)-[r:FOR WHERE startNode(r):Goal]->(b:Country {id: $id})",
		"MATCH (a)-[r:FOR WHERE startNode(r):Goal_1]->(b:Country_1 {id: $id})"},
	{"OK property access and map keys", "RETURN n.Activity, {Activity: 1, `Goal`: 2, Project: Country}, n {.Theme, Source}",
		"RETURN n.Activity, {Activity: 1, `Goal`: 2, Project: Country}, n {.Theme, Source}"},
	{"OK a map value's labels", "RETURN {a: Activity, b: n:Goal, is: m IS Project, c: [x IN xs WHERE x:Theme]}, n {.id, k: n:Source}",
		"RETURN {a: Activity, b: n:Goal_1, is: m IS Project_1, c: [x IN xs WHERE x:Theme_1]}, n {.id, k: n:Source_1}"},
	{"OK subqueries hold labels",
		"CALL { MATCH (n:Activity) RETURN n, n:Goal AS g } CALL (n) { MATCH (n)-->(m:Project) RETURN m } " +
			"WITH n WHERE EXISTS { (n)-->(:Country) } AND COUNT { (n)--(t) WHERE t:Theme } > 0 " +
			"RETURN COLLECT { MATCH (s:Source) RETURN s.id } AS ids, {c: COUNT { MATCH (o:Organization) RETURN o }}",
		"CALL { MATCH (n:Activity_1) RETURN n, n:Goal_1 AS g } CALL (n) { MATCH (n)-->(m:Project_1) RETURN m } " +
			"WITH n WHERE EXISTS { (n)-->(:Country_1) } AND COUNT { (n)--(t) WHERE t:Theme_1 } > 0 " +
			"RETURN COLLECT { MATCH (s:Source_1) RETURN s.id } AS ids, {c: COUNT { MATCH (o:Organization_1) RETURN o }}"},

	// Comprehensions: after the bar comes an expression.
	{"OK a comprehension's projection is no label", "RETURN [x IN xs | Activity], [x IN xs WHERE x:Goal | Activity]",
		"RETURN [x IN xs | Activity], [x IN xs WHERE x:Goal_1 | Activity]"},
	{"OK labels before and after a comprehension's bar", "RETURN [n IN ns WHERE n:Country|Organization | n.id], [n IN ns | n:Country|Goal]",
		"RETURN [n IN ns WHERE n:Country_1|Organization_1 | n.id], [n IN ns | n:Country_1|Goal_1]"},
	// Cypher's parser reads the last bar whose right side can be an expression as the projection's.
	{"OK the bar after labels is the projection's", "RETURN [n IN ns WHERE n:Country|Organization], [n IN ns WHERE n:Country|Goal|Theme]",
		"RETURN [n IN ns WHERE n:Country_1|Organization], [n IN ns WHERE n:Country_1|Goal_1|Theme]"},
	{"OK a pattern comprehension", "RETURN [(a)-[:FOR]->(b:Country) WHERE b:Goal|Theme | Activity], [(a:Goal)--() | a:Theme|Project]",
		"RETURN [(a)-[:FOR]->(b:Country_1) WHERE b:Goal_1|Theme_1 | Activity], [(a:Goal_1)--() | a:Theme_1|Project_1]"},
	{"OK a list's labels", "RETURN [n:Country|Goal, (m):Theme|Project], all(x IN xs WHERE x:Goal|Source)",
		"RETURN [n:Country_1|Goal_1, (m):Theme_1|Project_1], all(x IN xs WHERE x:Goal_1|Source_1)"},
	{"OK reduce and FOREACH", "RETURN reduce(s = 0, x IN xs | s + Activity) FOREACH (x IN xs | SET x:Activity)",
		"RETURN reduce(s = 0, x IN xs | s + Activity) FOREACH (x IN xs | SET x:Activity_1)"},
}

// refusedStatements are statements whose end rewrite cannot tell.
var refusedStatements = []string{
	"MATCH (n:Activity) RETURN 'abc",
	`MATCH (n:Activity) RETURN "abc\"`,
	`MATCH (n:Activity) RETURN 'abc\`,
	"MATCH (n:`Activity) RETURN n",
	"MATCH (n:Activity) /* RETURN n",
	"MATCH (n:Activity) /* RETURN n */ RETURN '*/",
}

func TestRewrite(t *testing.T) {
	for _, c := range rewriteCases {
		t.Run(c.name, func(t *testing.T) {
			if got, err := rewrite(c.query, 1); got != c.want || err != nil {
				t.Errorf("rewrite(%q, 1)\n got %q, %v\nwant %q", c.query, got, err, c.want)
			}
			if got, err := rewrite(c.query, 0); got != c.query || err != nil {
				t.Errorf("rewrite(%q, 0) = %q, %v; want it unchanged", c.query, got, err)
			}
		})
	}
	for _, query := range refusedStatements {
		t.Run("ErrUnterminated "+query, func(t *testing.T) {
			if got, err := rewrite(query, 1); err == nil || !strings.Contains(err.Error(), "unterminated") {
				t.Errorf("rewrite(%q, 1) = %q, %v; want an unterminated error", query, got, err)
			}
			// Slot 0 sends statements as written, and Neo4j refuses them itself.
			if got, err := rewrite(query, 0); got != query || err != nil {
				t.Errorf("rewrite(%q, 0) = %q, %v; want it unchanged", query, got, err)
			}
		})
	}
}

// legacyRewrite is rewrite as it was before it read label expressions: an identifier after ':' or '|'. The package's
// statements must rewrite as they did.
func legacyRewrite(query string, slot int) string {
	suffix := LabelSuffix(slot)
	var b strings.Builder
	prev := byte(0)
	isStart := func(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
	for i := 0; i < len(query); {
		c := query[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for j < len(query) && query[j] != c {
				if query[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(query))
			if literal := query[i:j]; c == '\'' && literal == "'"+fullTextIndex+"'" {
				b.WriteString("'" + fullTextIndex + suffix + "'")
			} else {
				b.WriteString(literal)
			}
			i, prev = j, c
		case c == '/' && strings.HasPrefix(query[i:], "//"):
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteString(query[i : i+j])
			i += j
		case isStart(c):
			j := i + 1
			for j < len(query) && (isStart(query[j]) || '0' <= query[j] && query[j] <= '9') {
				j++
			}
			b.WriteString(query[i:j])
			if (prev == ':' || prev == '|') && isGraphLabel[query[i:j]] {
				b.WriteString(suffix)
			}
			i, prev = j, 'a'
		default:
			b.WriteByte(c)
			if c != ' ' && c != '\n' && c != '\t' && c != '\r' {
				prev = c
			}
			i++
		}
	}
	return b.String()
}

// packageStatements returns the statements the package builds, as far as they are built without a database: the
// schema statements, the statements of the query builders over their arguments, and the Fetch expressions of
// EntitiesWith.
func packageStatements(t testing.TB) []string {
	t.Helper()
	var out []string
	err := fs.WalkDir(schemaFiles, "schema", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		text, err := schemaFiles.ReadFile(path)
		out = append(out, schemaStatements(string(text))...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	selections := []Selection{{}, {BareRelationships: true}, {Properties: map[cybercoop.Kind][]string{
		cybercoop.KindActivity: {"id", "title"}, cybercoop.KindCountry: {"id", "name"}}}}
	for _, sel := range selections {
		for _, from := range cybercoop.Kinds {
			for _, to := range cybercoop.Kinds {
				for hops := 1; hops <= MaxHops; hops++ {
					graph, dated := graphPathsQuery(from, to, hops, false, sel), graphPathsQuery(from, to, hops, true, sel)
					onMap := mapPathsQuery(from, to, hops, sel)
					for length := 0; length <= hops; length++ {
						out = append(out, graph(length), dated(length), onMap(length))
					}
				}
			}
			for depth := 1; depth <= 3; depth++ {
				out = append(out, neighborhoodQuery(from, depth, sel))
			}
			out = append(out, collaboratorsQuery(from, sel.Properties), mapEnd("s", "from", from))
		}
		out = append(out, searchQuery(sel.Properties), projectedCollaboratorsQuery(sel.Properties),
			rankedCollaboratorsQuery(sel.Properties), routesOnMap(sel, MaxHops), distinctRoutes(sel))
	}
	out = append(out, entityByKind())
	filters := []ActivityFilter{{}, {Types: []string{"x"}, From: "2020"}, {Projects: []string{"p"}, Themes: []string{"t"}},
		{Countries: []string{"c"}}, {Organizations: []string{"o"}, To: "2024"}, {Themes: []string{"t"}}, {Text: "cyber"}}
	for _, f := range filters {
		for order := range activityOrders {
			for _, count := range []bool{false, true} {
				if match, ok := f.anchoredMatch(); ok {
					out = append(out, match+"\n"+pageAndTotal(activityOrders[order], count))
				}
				out = append(out, "MATCH (a:Activity) "+f.where("")+" RETURN count(a) AS total")
				fetch := Fetch{Activities: &ActivityQuery{Filter: f, Order: order, Count: count, textIDs: []string{}}}
				for _, kind := range cybercoop.Kinds {
					c := compiler{params: map[string]any{}}
					if text, _, err := c.expression(fetch, kind, "root"); err == nil {
						out = append(out, "RETURN "+text)
					}
				}
			}
		}
	}
	for _, f := range []Fetch{
		{Relations: &RelationQuery{}, Children: []Fetch{{Connected: &ConnectedQuery{Label: "Project"}}}},
		{Relations: &RelationQuery{Types: []string{"HELD_IN", "FOR"}, Direction: "OUT"}, BareRelationships: true, ItemKind: cybercoop.KindCountry,
			Children: []Fetch{{Activities: &ActivityQuery{Order: "DATE_DESC"}}, {Relations: &RelationQuery{Direction: "IN"}}}},
		{Connected: &ConnectedQuery{Label: "Country"}, ItemKind: cybercoop.KindCountry,
			Children: []Fetch{{Connected: &ConnectedQuery{Label: "Project"}, Properties: []string{"id"}}}},
	} {
		for _, kind := range cybercoop.Kinds {
			c := compiler{params: map[string]any{}}
			if text, _, err := c.expression(f, kind, "root"); err == nil {
				out = append(out, "RETURN "+text)
			}
		}
	}
	return out
}

// sourceLiterals returns the string literals of the package's source: every constant statement, and the
// fragments the others are built of.
func sourceLiterals(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fset := gotoken.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == gotoken.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					out = append(out, s)
				}
			}
			return true
		})
	}
	return out
}

func TestRewriteAsBefore(t *testing.T) {
	t.Run("OK the package's statements", func(t *testing.T) {
		statements := packageStatements(t)
		if len(statements) < 1000 {
			t.Fatalf("only %d statements built", len(statements))
		}
		for _, query := range statements {
			if got, err := rewrite(query, 1); got != legacyRewrite(query, 1) || err != nil {
				t.Fatalf("rewrite(%q, 1)\n got %q, %v\nwant %q", query, got, err, legacyRewrite(query, 1))
			}
		}
	})
	// Fragments are not statements: one that opens a quote another closes is refused, and that is all.
	t.Run("OK the package's string literals", func(t *testing.T) {
		var rewritten int
		for _, literal := range sourceLiterals(t) {
			got, err := rewrite(literal, 1)
			if err != nil {
				continue
			}
			rewritten++
			if want := legacyRewrite(literal, 1); got != want {
				t.Errorf("rewrite(%q, 1)\n got %q\nwant %q", literal, got, want)
			}
		}
		if rewritten < 100 {
			t.Errorf("only %d literals rewritten", rewritten)
		}
	})
}

func TestRewrites(t *testing.T) {
	var r rewrites
	queries := []string{"MATCH (n:Country) RETURN n", "MATCH (a:Activity)-[:HELD_IN]->(c:Country) RETURN a"}
	for range 2 { // the second time from memory
		for _, q := range queries {
			want, _ := rewrite(q, 1)
			if got, err := r.of(q, 1); got != want || err != nil {
				t.Errorf("of(%q, 1) = %q, %v; want %q", q, got, err, want)
			}
			if got, err := r.of(q, 0); got != q || err != nil {
				t.Errorf("of(%q, 0) = %q, %v; want it unchanged", q, got, err)
			}
		}
	}
	if len(r.texts) != len(queries) {
		t.Errorf("%d statements remembered, want %d (slot 0 is never rewritten)", len(r.texts), len(queries))
	}
	t.Run("ErrUnterminated is not remembered", func(t *testing.T) {
		for range 2 {
			if got, err := r.of(refusedStatements[0], 1); got != "" || err == nil {
				t.Errorf("of(%q, 1) = %q, %v; want an error", refusedStatements[0], got, err)
			}
		}
		if len(r.texts) != len(queries) {
			t.Errorf("%d statements remembered, want %d", len(r.texts), len(queries))
		}
	})
	// Past its budget the memory starts again: statements that vary without end cannot grow it.
	long := strings.Repeat("MATCH (n:Country) ", maxRewriteBytes/64)
	for i := range 20 {
		if _, err := r.of(long+strconv.Itoa(i), 1); err != nil {
			t.Fatal(err)
		}
		if r.bytes > maxRewriteBytes {
			t.Fatalf("%d bytes of statements remembered, over the budget of %d", r.bytes, maxRewriteBytes)
		}
	}
	got, _ := r.of(long+"x", 1)
	if want, _ := rewrite(long+"x", 1); got != want {
		t.Error("a statement rewritten after the memory was emptied differs from rewrite's")
	}
}

// A statement rewrite refuses is never sent: the store here has no driver to send it with.
func TestRefusedStatement(t *testing.T) {
	var s Store
	ctx := withPin(context.Background(), pin{version: "v", slot: 1})
	for name, run := range map[string]func(context.Context, string, string, map[string]any) (*neo4j.EagerResult, error){
		"read": s.read, "write": s.write} {
		t.Run("ErrUnterminated "+name, func(t *testing.T) {
			res, err := run(ctx, "refused", refusedStatements[0], nil)
			if res != nil || err == nil || !strings.Contains(err.Error(), "statement refused for slot 1: unterminated") {
				t.Errorf("%s = %v, %v; want an unterminated error", name, res, err)
			}
		})
	}
}

// BenchmarkRewrite compares rewriting the paths statement with reading it from memory.
func BenchmarkRewrite(b *testing.B) {
	query := mapPathsQuery(cybercoop.KindCountry, cybercoop.KindOrganization, 4, Selection{})(4)
	b.Run("rewrite", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := rewrite(query, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("remembered", func(b *testing.B) {
		var r rewrites
		b.ReportAllocs()
		for b.Loop() {
			if _, err := r.of(query, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// lexTokens returns the tokens of query, failing when the lexer refuses it.
func lexTokens(t *testing.T, query string) []token {
	t.Helper()
	l := lexer{src: query}
	var out []token
	for tok := l.next(); tok.kind != tokEnd; tok = l.next() {
		out = append(out, tok)
	}
	if l.err != nil {
		t.Fatalf("lex %q: %v", query, l.err)
	}
	return out
}

// FuzzRewrite checks that rewrite only ever adds the slot's suffix to names of graph labels and to the full-text
// index name, or refuses a statement with an opening quote or comment.
func FuzzRewrite(f *testing.F) {
	for _, c := range rewriteCases {
		f.Add(c.query)
	}
	for _, query := range refusedStatements {
		f.Add(query)
	}
	f.Add(mapPathsQuery(cybercoop.KindActivity, cybercoop.KindCountry, 4, Selection{BareRelationships: true})(0))
	f.Add(collaboratorsQuery(cybercoop.KindOrganization, nil))
	f.Fuzz(func(t *testing.T, query string) {
		if got, err := rewrite(query, 0); got != query || err != nil {
			t.Fatalf("rewrite(%q, 0) = %q, %v; want it unchanged", query, got, err)
		}
		got, err := rewrite(query, 1)
		if err != nil {
			if !strings.ContainsAny(query, "'\"`") && !strings.Contains(query, "/*") {
				t.Fatalf("rewrite(%q, 1) refused a statement without quotes or comments: %v", query, err)
			}
			return
		}
		// Token by token, the rewrite differs only by suffixes; without them it is the query.
		in, out := lexTokens(t, query), lexTokens(t, got)
		if len(in) != len(out) {
			t.Fatalf("rewrite(%q, 1) = %q: %d tokens, want %d", query, got, len(out), len(in))
		}
		var undone strings.Builder
		last := 0
		for i := range in {
			a, b := query[in[i].start:in[i].end], got[out[i].start:out[i].end]
			switch {
			case a == b:
			case in[i].kind == tokName && isGraphLabel[a] && b == a+"_1":
			case in[i].kind == tokQuoted && isGraphLabel[a[1:len(a)-1]] && b == a[:len(a)-1]+"_1`":
			case in[i].kind == tokString && a[1:len(a)-1] == fullTextIndex && b == a[:len(a)-1]+"_1"+a[len(a)-1:]:
			default:
				t.Fatalf("rewrite(%q, 1) = %q: token %q became %q", query, got, a, b)
			}
			undone.WriteString(got[last:out[i].start])
			undone.WriteString(a)
			last = out[i].end
		}
		undone.WriteString(got[last:])
		if undone.String() != query {
			t.Fatalf("rewrite(%q, 1) = %q, which without its suffixes is %q", query, got, undone.String())
		}
		// Suffixed names are no graph labels, and the statement reads the same: a second rewrite changes nothing.
		if again, err := rewrite(got, 1); again != got || err != nil {
			t.Fatalf("rewrite(%q, 1) = %q, %v; want it unchanged", got, again, err)
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
			got, ok, err := schemaStatement(c.stmt, c.slot)
			if got != c.want || ok != c.ok || err != nil {
				t.Errorf("schemaStatement(%q, %d) = %q, %v, %v; want %q, %v", c.stmt, c.slot, got, ok, err, c.want, c.ok)
			}
		})
	}
	t.Run("ErrUnterminated", func(t *testing.T) {
		stmt := "CREATE INDEX x IF NOT EXISTS FOR (n:Activity) ON (n.`id)"
		if got, ok, err := schemaStatement(stmt, 1); got != "" || ok || err == nil {
			t.Errorf("schemaStatement(%q, 1) = %q, %v, %v; want an error", stmt, got, ok, err)
		}
	})
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
