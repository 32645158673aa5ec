package graphqlhttp

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// marshalled is what json.Marshal writes for resp, without its HTML escaping: what encodeResponse must equal.
func marshalled(t testing.TB, resp *graphql.Response) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(resp); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func TestEncodeResponse(t *testing.T) {
	hasNext := false
	for _, tc := range []struct {
		name string
		resp graphql.Response
	}{
		{"data only", graphql.Response{Data: json.RawMessage(`{"project":{"id":"project:glacy-plus","name":"GLACY+ <2016>"}}`)}},
		{"no data", graphql.Response{Errors: gqlerror.List{{Message: "unknown id", Extensions: map[string]any{"code": "NOT_FOUND"}}}}},
		{"data, errors and extensions", graphql.Response{Data: json.RawMessage(`{"a":null}`),
			Errors:     gqlerror.List{{Message: "x", Path: ast.Path{ast.PathName("a")}}},
			Extensions: map[string]any{"cost": 3}}},
		{"incremental fields", graphql.Response{Data: json.RawMessage(`[]`), Label: "l", Path: ast.Path{ast.PathIndex(0)}, HasNext: &hasNext}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := encodeResponse(&tc.resp)
			if err != nil {
				t.Fatal(err)
			}
			if want := marshalled(t, &tc.resp); !bytes.Equal(got, want) {
				t.Errorf("encodeResponse:\n got %s\nwant %s", got, want)
			}
		})
	}
}

// FuzzEncodeResponse checks that any data gqlgen could produce (compact JSON) and any error message come out as
// json.Marshal would write them.
func FuzzEncodeResponse(f *testing.F) {
	f.Add([]byte(`{"search":[{"score":1.5,"node":{"id":"country:to"}}]}`), "boom", true)
	f.Add([]byte(`null`), "", false)
	f.Add([]byte(`"\u2028<&>"`), "\"quoted\" <b>", true)
	f.Fuzz(func(t *testing.T, data []byte, message string, withError bool) {
		var compact bytes.Buffer
		if json.Compact(&compact, data) != nil {
			return // gqlgen writes valid JSON only
		}
		resp := graphql.Response{Data: compact.Bytes()}
		if withError {
			resp.Errors = gqlerror.List{{Message: message}}
		}
		got, err := encodeResponse(&resp)
		if err != nil {
			t.Fatal(err)
		}
		if want := marshalled(t, &resp); !bytes.Equal(got, want) {
			t.Errorf("encodeResponse:\n got %s\nwant %s", got, want)
		}
		if !json.Valid(got) {
			t.Errorf("encodeResponse wrote invalid JSON: %s", got)
		}
	})
}
