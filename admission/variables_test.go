package admission

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// admit runs admission on a query and its variables, given as JSON, and returns the cost it admitted at.
func admit(t *testing.T, a limiter, query, variables string) (int, *gqlerror.Error) {
	t.Helper()
	var vars map[string]any
	dec := json.NewDecoder(strings.NewReader(variables))
	dec.UseNumber() // as the transports decode them
	if err := dec.Decode(&vars); err != nil {
		t.Fatal(err)
	}
	ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{Stats: graphql.Stats{}})
	if err := a.MutateOperationParameters(ctx, &graphql.RawParams{Query: query, Variables: vars}); err != nil {
		return 0, err
	}
	return costOf(ctx).requested, nil
}

// eightPaths is the attack of issue 23: eight aliases of paths whose maxHops and first come from variables.
func eightPaths() string {
	var b strings.Builder
	b.WriteString("query($h: Int, $f: Int) {")
	for i := range 8 {
		fmt.Fprintf(&b, ` p%d: paths(from: "country:to", to: "organization:europol", maxHops: $h, first: $f) { length hops { from { id } to { id } } }`, i)
	}
	return b.String() + " }"
}

const threeLevels = `query($n: Int) { countries(first: $n) { nodes { activities(first: $n) { nodes { countries {
	activities(first: $n) { nodes { id } } } } } } } }`

// TestVariablesOfTheWrongType sends the values that gqlparser coerces and the spec refuses: each is refused before
// the cost walk, as a variable error, so no value can be costed as one thing and run as another.
// (docs/api.md, "Limits and costs", variables).
func TestVariablesOfTheWrongType(t *testing.T) {
	a := testAdmission(DefaultLimits)
	for _, tc := range []struct{ name, query, vars string }{
		{"Int as a string: eight paths aliases", eightPaths(), `{"h": "6", "f": "20"}`},
		{"Int as a string: three list levels", threeLevels, `{"n": "100"}`},
		{"Int as a fraction", threeLevels, `{"n": 1.5}`},
		{"Int beyond 32 bits", threeLevels, `{"n": 2147483648}`},
		{"Int as a boolean", threeLevels, `{"n": true}`},
		{"Int in a list as a string", `query($f: [Int]) { countries(first: 1) { nodes { id } } }`, `{"f": [1, "2"]}`},
		{"Float as a string", `query($x: Float) { countries { nodes { id } } }`, `{"x": "1.5"}`},
		{"String as a number", `query($s: String!) { search(text: $s) { score } }`, `{"s": 12}`},
		{"Boolean as a string", `query($b: Boolean) { countries { nodes { id } } }`, `{"b": "true"}`},
		{"ID as a fraction", `query($id: ID!) { node(id: $id) { id } }`, `{"id": 1.5}`},
		{"enum in the wrong case", `query($o: ActivityOrder) { activities(orderBy: $o) { totalCount } }`, `{"o": "date_asc"}`},
		{"enum as a number", `query($o: ActivityOrder) { activities(orderBy: $o) { totalCount } }`, `{"o": 1}`},
		{"input object field of the wrong type", `query($f: ActivityFilter) { activities(filter: $f) { totalCount } }`, `{"f": {"types": 5}}`},
		{"input object as a string", `query($f: ActivityFilter) { activities(filter: $f) { totalCount } }`, `{"f": "x"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cost, err := admit(t, a, tc.query, tc.vars)
			if err == nil || err.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" || len(err.Path) < 2 {
				t.Fatalf("admitted at cost %d (error %v); want a variable error with its path", cost, err)
			}
			t.Log(err.Path, err.Message)
		})
	}
	t.Run("OK values of the right type", func(t *testing.T) {
		for _, tc := range []struct{ query, vars string }{
			{threeLevels, `{"n": 2}`},
			{`query($id: ID!) { node(id: $id) { id } }`, `{"id": 7}`},
			{`query($o: ActivityOrder, $f: ActivityFilter) { activities(orderBy: $o, filter: $f) { totalCount } }`,
				`{"o": "DATE_DESC", "f": {"types": "training", "countries": ["country:gh"]}}`},
			{`query($x: Float) { countries { nodes { id } } }`, `{"x": 2}`},
		} {
			if _, err := admit(t, a, tc.query, tc.vars); err != nil {
				t.Errorf("%s with %s: %v", tc.query, tc.vars, err)
			}
		}
	})
}

// TestNullAndAbsentCostTheDefault checks that a null or absent value is costed as what runs: the schema's default
// (a variable's own default when it has one), which is what the resolvers read a null as. Before, each was costed
// as a page of 1 (docs/api.md, "Limits and costs").
func TestNullAndAbsentCostTheDefault(t *testing.T) {
	a := testAdmission(DefaultLimits)
	relations := `query($f: Int) { countries(first: 100) { nodes { relations(first: $f) { nodes { type } } } } }`
	// 1 + 100 countries x (1 + relations: 1 + 50 nodes x (1 + type))
	const relationsAt50 = 1 + 100*(1+1+50*2)
	paths := `query($h: Int, $f: Int) { paths(from: "country:to", to: "organization:europol", maxHops: $h, first: $f) { length } }`
	for _, tc := range []struct {
		name, query, vars string
		want              int
	}{
		{"a null variable", relations, `{"f": null}`, relationsAt50},
		{"an absent variable", relations, `{}`, relationsAt50},
		{"the default written", relations, `{"f": 50}`, relationsAt50},
		{"a literal null", `{ countries(first: 100) { nodes { relations(first: null) { nodes { type } } } } }`, `{}`, relationsAt50},
		{"an absent variable with its own default", `query($f: Int = 7) { countries(first: $f) { nodes { id } } }`, `{}`, 1 + 7*2},
		{"a null variable despite its own default", `query($f: Int = 7) { countries(first: $f) { nodes { id } } }`, `{"f": null}`, 1 + 20*2},
		// The search weight of paths reads maxHops and first too: 400 + 20 x 4 x 5, then 5 paths of 2.
		{"null search arguments", paths, `{"h": null, "f": null}`, 400 + 20*4*5 + 5*2},
		{"absent search arguments", paths, `{}`, 400 + 20*4*5 + 5*2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if cost, err := admit(t, a, tc.query, tc.vars); err != nil || cost != tc.want {
				t.Errorf("cost %d, %v; want %d", cost, err, tc.want)
			}
		})
	}
	t.Run("ErrCostLimit eight paths aliases at maxHops 6, first 20, as numbers or with those as defaults", func(t *testing.T) {
		for _, query := range []string{eightPaths(), strings.Replace(eightPaths(), "$h: Int, $f: Int", "$h: Int = 6, $f: Int = 20", 1)} {
			for _, vars := range []string{`{"h": 6, "f": 20}`} {
				if _, err := admit(t, a, query, vars); err == nil || err.Extensions["limit"] != "cost" {
					t.Errorf("%s with %s: %v, want the cost limit", query[:40], vars, err)
				}
			}
		}
		if _, err := admit(t, a, strings.Replace(eightPaths(), "$h: Int, $f: Int", "$h: Int = 6, $f: Int = 20", 1), `{}`); err == nil {
			t.Error("admitted with the costly values as the variables' defaults")
		}
	})
}
