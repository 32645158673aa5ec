package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// copySeeds copies the repository's seeds into a temporary folder, replacing line (1-based) of file by text when
// file is set.
func copySeeds(t *testing.T, file string, line int, text string) string {
	t.Helper()
	dir := t.TempDir()
	src := neo4jtest.SeedsDir(t)
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == file {
			lines := strings.Split(string(data), "\n")
			lines[line-1] = text
			data = []byte(strings.Join(lines, "\n"))
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadCommand(t *testing.T) {
	st := neo4jtest.Seeded(t)
	cfg := neo4jtest.Config(t)
	t.Setenv("NEO4J_URI", cfg.URI)
	t.Setenv("NEO4J_USER", cfg.User)
	t.Setenv("NEO4J_PASSWORD", cfg.Password)
	t.Setenv("NEO4J_DATABASE", cfg.Database)
	before, err := st.DataVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	t.Run("ErrBrokenSeedFile the database is untouched and the file and line are named", func(t *testing.T) {
		dir := copySeeds(t, "countries.jsonl", 5, `{"id": "at", "iso2": "AT",`)
		err := load([]string{"-seeds", dir})
		if err == nil || !strings.Contains(err.Error(), "countries.jsonl:5: malformed JSON") {
			t.Fatalf("load(broken seeds) = %v, want an error naming countries.jsonl:5", err)
		}
		after, _ := st.DataVersion(context.Background())
		if after != before {
			t.Errorf("data version changed from %s to %s after a refused load", before, after)
		}
	})

	t.Run("ErrDanglingReference", func(t *testing.T) {
		dir := copySeeds(t, "relations.jsonl", 1, `{"from":"project:glacy","type":"FUNDED_BY","to":"organization:nobody","sources":[{"source":"glacy-summary","at":"x"}]}`)
		err := load([]string{"-seeds", dir, "-dry-run"})
		if err == nil || !strings.Contains(err.Error(), `relations.jsonl:1: to "nobody": no Organization has this id`) {
			t.Errorf("load(dangling) = %v", err)
		}
	})

	t.Run("OK an unchanged seed set loads as unchanged", func(t *testing.T) {
		if err := load([]string{"-seeds", neo4jtest.SeedsDir(t)}); err != nil {
			t.Fatal(err)
		}
		after, _ := st.DataVersion(context.Background())
		if after != before {
			t.Errorf("version %s became %s", before, after)
		}
	})
}

func TestImportInventoryCommand(t *testing.T) {
	t.Run("ErrUsage", func(t *testing.T) {
		if err := importInventory([]string{"some-file"}); err == nil || !strings.Contains(err.Error(), "-source") {
			t.Errorf("importInventory without -source = %v", err)
		}
	})
	t.Run("ErrUnreadableLines are named and nothing is written", func(t *testing.T) {
		err := importInventory([]string{"-seeds", neo4jtest.SeedsDir(t), "-source", "cproc-report-2018", "-prefix", "t",
			filepath.Join("..", "..", "loader", "testdata", "inventory.txt")})
		if err == nil || !strings.Contains(err.Error(), "inventory.txt:17:") {
			t.Errorf("importInventory(test inventory) = %v, want the bad line 17 named", err)
		}
	})
}
