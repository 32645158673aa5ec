package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPatch(t *testing.T) {
	const generated = "deferred := graphql.NewDeferredGroup(ctx)\nreturn graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, f)\n"
	const patched = "deferred := noDeferredGroup()\nreturn marshalList(ctx, len(v), 0, false, f)\n"
	cases := []struct {
		name, src, want, err string
	}{
		{"OK gqlgen's calls replaced", generated, patched, ""},
		{"OK a patched file left as it is", patched, patched, ""},
		{"NO lists marshalled otherwise", "deferred := graphql.NewDeferredGroup(ctx)\n", "", "calls neither graphql.MarshalSliceConcurrently("},
		{"NO objects started otherwise", "return graphql.MarshalSliceConcurrently(ctx)\n", "", "calls neither graphql.NewDeferredGroup(ctx)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "generated.go")
			if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			err := patch(path)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("patch: %v, want an error with %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(path)
			if string(got) != c.want {
				t.Errorf("patched:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}
