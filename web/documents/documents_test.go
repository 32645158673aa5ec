package documents

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The built front end (web/dist, kept current by make check-web) sends exactly the registered documents: every id
// in its bundles is registered here, and every registered document is sent by some view. A .graphql file edited
// without rebuilding, or a query written in JavaScript rather than in a file, fails here.
func TestBundlesSendTheRegisteredDocuments(t *testing.T) {
	bundles, err := filepath.Glob(filepath.Join("..", "dist", "assets", "*.js"))
	if err != nil || len(bundles) == 0 {
		t.Fatalf("no bundles in web/dist/assets (%v): run make web", err)
	}
	idPattern := regexp.MustCompile(`sha256:[0-9a-f]{64}`)
	var sent []string
	for _, bundle := range bundles {
		text, err := os.ReadFile(bundle)
		if err != nil {
			t.Fatal(err)
		}
		sent = append(sent, idPattern.FindAllString(string(text), -1)...)
	}
	for _, id := range sent {
		if _, ok := Trusted.Lookup(id); !ok {
			t.Errorf("the front end sends %s, which is not registered: rebuild web/dist (make web)", id)
		}
	}
	for _, id := range Trusted.IDs() {
		if !slices.Contains(sent, id) {
			t.Errorf("registered %s is sent by no view", id)
		}
	}
}

func TestLookup(t *testing.T) {
	text, err := files.ReadFile("Timeline.graphql")
	if err != nil {
		t.Fatal(err)
	}
	id := ID(string(text))
	tests := []struct {
		name, id string
		ok       bool
	}{
		{"OK prefixed id", id, true},
		{"OK bare hash, as APQ clients send", strings.TrimPrefix(id, IDPrefix), true},
		{"OK upper-case hex", IDPrefix + strings.ToUpper(strings.TrimPrefix(id, IDPrefix)), true},
		{"ErrNotFound unknown hash", IDPrefix + strings.Repeat("0", 64), false},
		{"ErrNotFound other hash function", "md5:" + strings.TrimPrefix(id, IDPrefix), false},
		{"ErrNotFound empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Trusted.Lookup(tt.id)
			if ok != tt.ok || (ok && got != string(text)) {
				t.Errorf("Lookup(%q) = %.40q, %v; want ok %v", tt.id, got, ok, tt.ok)
			}
		})
	}
	if !Trusted.Registered(string(text)) || Trusted.Registered(string(text)+" ") {
		t.Error("Registered must accept the exact text only")
	}
}
