package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop/httpapi"
)

// TestIntrospectionDepth: the depth limit holds inside __schema, which counts as one level for what is around it.
// Types wrapped seven times deep fit under the default limit of 12; graphql-js's standard introspection query,
// which follows ofType nine levels down, does not (docs/api.md, "Limits and costs").
func TestIntrospectionDepth(t *testing.T) {
	handler := newHandler(emptyStore{}, httpapi.Options{})
	typeRef := func(wrappers int) string {
		ref := "kind name"
		for range wrappers {
			ref = "kind name ofType { " + ref + " }"
		}
		return `{"query":"{ __schema { types { fields { type { ...TypeRef } } } } } fragment TypeRef on __Type { ` + ref + ` }"}`
	}
	for _, tc := range []struct {
		wrappers int
		want     string
	}{
		{7, `{"data":{"__schema":{"types":[`},
		{9, `"code":"COMPLEXITY_LIMIT","limit":"depth"`},
	} {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(typeRef(tc.wrappers)))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		if body := rec.Body.String(); !strings.Contains(body, tc.want) {
			t.Errorf("ofType %d levels deep: %d %.300s, want %s", tc.wrappers, rec.Code, body, tc.want)
		}
	}
}
