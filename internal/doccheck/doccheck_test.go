package doccheck

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRepositoryLinks: every relative link of the README, the guides in docs/ and deploy/README.md reaches a file
// that exists and, for an #anchor, a heading of that file.
func TestRepositoryLinks(t *testing.T) {
	root := filepath.Join("..", "..")
	files := []string{"README.md"}
	err := filepath.WalkDir(filepath.Join(root, "docs"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			rel, _ := filepath.Rel(root, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "deploy", "README.md")); err == nil {
		files = append(files, "deploy/README.md")
	}
	problems, err := Check(root, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	t.Logf("checked %s", strings.Join(files, ", "))
}

func TestSlug(t *testing.T) {
	for heading, want := range map[string]string{
		"Limits and costs":                                        "limits-and-costs",
		"GraphQL over HTTP":                                       "graphql-over-http",
		"Metrics and traces":                                      "metrics-and-traces",
		"`paths(maxHops:, first:)`":                               "pathsmaxhops-first",
		"Staged loads: `entity_names_1` & more":                   "staged-loads-entity_names_1--more",
		"Pointing at an external Neo4j (Aura, a cluster, Docker)": "pointing-at-an-external-neo4j-aura-a-cluster-docker",
		"See [the API](api.md)":                                   "see-the-api",
		"**Bold** and Français":                                   "bold-and-français",
		"Trusted documents 2.0!?":                                 "trusted-documents-20",
	} {
		if got := Slug(heading); got != want {
			t.Errorf("Slug(%q) = %q, want %q", heading, got, want)
		}
	}
}

func TestAnchors(t *testing.T) {
	got := Anchors(strings.Split("# Title\n## Errors\n```sh\n# not a heading\n```\n## Errors\n<a id=\"kept\"></a>\n### Errors", "\n"))
	for _, want := range []string{"title", "errors", "errors-1", "errors-2", "kept"} {
		if !got[want] {
			t.Errorf("no anchor %q in %v", want, got)
		}
	}
	if got["not-a-heading"] {
		t.Error("a comment in a code block became an anchor")
	}
}

func TestLinks(t *testing.T) {
	text := strings.Split("See [the API](docs/api.md#errors) and ![a view](docs/screenshots/graph.png \"Ghana\").\n"+
		"Not `[code](x.md)`, nor:\n```md\n[fenced](y.md)\n```\n[ref]: docs/data.md\n[out](https://example.org/a.md) and [a text over\ntwo lines](docs/operations.md)", "\n")
	var targets []string
	for _, l := range Links(text) {
		targets = append(targets, l.Target)
	}
	want := []string{"docs/api.md#errors", "docs/screenshots/graph.png", "docs/data.md", "https://example.org/a.md", "docs/operations.md"}
	if !slices.Equal(targets, want) {
		t.Errorf("Links = %q, want %q", targets, want)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("docs/api.md", "# API\n## Errors\nBack to [the start](../README.md#start), [errors](#errors).\n")
	write("README.md", "# Start\n[ok](docs/api.md#errors) [gone](docs/gone.md) [no anchor](docs/api.md#limits)\n"+
		"[self](#start) [bad self](#nowhere) [outside](../x.md) [web](https://example.org/#x) [folder](docs/)\n")
	problems, err := Check(dir, []string{"README.md", "docs/api.md"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Target)
	}
	want := []string{"docs/gone.md", "docs/api.md#limits", "#nowhere", "../x.md"}
	if !slices.Equal(got, want) {
		t.Errorf("broken links %q, want %q (%v)", got, want, problems)
	}
}
