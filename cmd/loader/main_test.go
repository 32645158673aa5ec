package main

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// copySeeds copies the repository's seeds into a temporary folder and lets edit change the copy.
func copySeeds(t *testing.T, edit func(dir string)) string {
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
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if edit != nil {
		edit(dir)
	}
	return dir
}

// editLine replaces line (1-based) of file in dir by what change makes of it.
func editLine(t *testing.T, dir, file string, line int, change func(old []byte) []byte) {
	t.Helper()
	name := filepath.Join(dir, file)
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(data, []byte("\n"))
	lines[line-1] = change(lines[line-1])
	if err := os.WriteFile(name, bytes.Join(lines, []byte("\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

// keepLines cuts file in dir to its first n lines, as a copy interrupted at a line break would be.
func keepLines(t *testing.T, dir, file string, n int) {
	t.Helper()
	name := filepath.Join(dir, file)
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	if err := os.WriteFile(name, bytes.Join(lines[:n], nil), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadCommand(t *testing.T) {
	st := neo4jtest.Seeded(t)
	cfg := neo4jtest.Config(t)
	t.Setenv("NEO4J_URI", cfg.URI)
	t.Setenv("NEO4J_USER", cfg.User)
	t.Setenv("NEO4J_PASSWORD", cfg.Password)
	t.Setenv("NEO4J_DATABASE", cfg.Database)
	t.Setenv("SWITCH_GRACE", cfg.SwitchGrace.String())
	ctx := context.Background()
	version, err := st.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	counts, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts.Nodes["Activity"] != 218 {
		t.Fatalf("the test graph holds %d activities, want the 218 of the annex", counts.Nodes["Activity"])
	}
	// mustBeUnchanged fails the test when the graph is not the one loaded from the real seeds.
	mustBeUnchanged := func(t *testing.T) {
		t.Helper()
		after, err := st.DataVersion(ctx)
		if err != nil || after != version {
			t.Errorf("data version %q (%v) after a refused load, want %q", after, err, version)
		}
		now, err := st.Counts(ctx)
		if err != nil || !maps.Equal(now.Nodes, counts.Nodes) || !maps.Equal(now.Relationships, counts.Relationships) {
			t.Errorf("graph counts %+v (%v) after a refused load, want %+v", now, err, counts)
		}
	}

	refused := []struct {
		name string
		edit func(t *testing.T, dir string)
		args []string
		want string // a line of the error message
	}{
		{"ErrBrokenSeedFile", func(t *testing.T, dir string) {
			editLine(t, dir, "countries.jsonl", 5, func([]byte) []byte { return []byte(`{"id": "at", "iso2": "AT",`) })
		}, nil, "countries.jsonl:5: malformed JSON"},
		{"ErrEmptyActivities", func(t *testing.T, dir string) {
			keepLines(t, dir, "activities-cproc-2018.jsonl", 0)
		}, nil, "activities-cproc-2018.jsonl (0 records): the graph holds 218 Activity nodes, the seeds 0: this load would delete 218 (100%, more than the 20% allowed)"},
		{"ErrEmptyActivities also with -wipe", func(t *testing.T, dir string) {
			keepLines(t, dir, "activities-cproc-2018.jsonl", 0)
		}, []string{"-wipe"}, "activities-cproc-2018.jsonl (0 records): the graph holds 218 Activity nodes"},
		{"ErrTruncatedActivities", func(t *testing.T, dir string) {
			keepLines(t, dir, "activities-cproc-2018.jsonl", 150)
		}, nil, "activities-cproc-2018.jsonl (150 records): the graph holds 218 Activity nodes, the seeds 150: this load would delete 68 (31%"},
		{"ErrTruncatedRelations", func(t *testing.T, dir string) {
			keepLines(t, dir, "relations.jsonl", 20)
		}, nil, "relations.jsonl (20 records): the graph holds 19 ACCESSION relationships, the seeds 0: this load would delete 19 (100%"},
		{"ErrDeletedActivities", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "activities-cproc-2018.jsonl")); err != nil {
				t.Fatal(err)
			}
		}, nil, "activities-*.jsonl (no such file): the graph holds 218 Activity nodes"},
		{"ErrInvalidUTF8InATitle", func(t *testing.T, dir string) {
			editLine(t, dir, "activities-cproc-2018.jsonl", 7, func(old []byte) []byte {
				return bytes.Replace(old, []byte(`"title":"`), []byte("\"title\":\"\xe9t\xe9 "), 1)
			})
		}, nil, "activities-cproc-2018.jsonl:7: invalid UTF-8 at column"},
		{"ErrRepeatedKey", func(t *testing.T, dir string) {
			editLine(t, dir, "projects.jsonl", 3, func(old []byte) []byte {
				return bytes.Replace(old, []byte(`{`), []byte(`{"status":"planned",`), 1)
			})
		}, nil, `projects.jsonl:3: key "status" appears twice in one object`},
		{"ErrUnknownFile", func(t *testing.T, dir string) {
			data, _ := os.ReadFile(filepath.Join(dir, "activities-cproc-2018.jsonl"))
			if err := os.WriteFile(filepath.Join(dir, "activities-cproc-2018.jsonl.bak"), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}, nil, "activities-cproc-2018.jsonl.bak: not a seed file: the seed folder holds only sources.jsonl, conventions.jsonl, themes.jsonl, countries.jsonl, organizations.jsonl, projects.jsonl, goals.jsonl, activities-*.jsonl, relations.jsonl"},
		{"ErrLongLine", func(t *testing.T, dir string) {
			editLine(t, dir, "relations.jsonl", 4, func(old []byte) []byte {
				return bytes.Replace(old, []byte(`{`), []byte(`{"note":"`+strings.Repeat("x", 3<<20)+`",`), 1)
			})
		}, nil, "relations.jsonl:4: line longer than 1048576 bytes"},
	}
	for _, tc := range refused {
		t.Run(tc.name+" names the file and leaves the graph unchanged", func(t *testing.T) {
			dir := copySeeds(t, func(dir string) { tc.edit(t, dir) })
			err := load(append([]string{"-seeds", dir}, tc.args...))
			if err == nil || !containsLine(err.Error(), tc.want) {
				t.Errorf("load() = %v\nwant an error with a line starting %q", err, tc.want)
			}
			mustBeUnchanged(t)
		})
	}

	t.Run("ErrDanglingReference", func(t *testing.T) {
		dir := copySeeds(t, func(dir string) {
			editLine(t, dir, "relations.jsonl", 1, func([]byte) []byte {
				return []byte(`{"from":"project:glacy","type":"FUNDED_BY","to":"organization:nobody","sources":[{"source":"glacy-summary","at":"x"}]}`)
			})
		})
		err := load([]string{"-seeds", dir, "-dry-run"})
		if err == nil || !strings.Contains(err.Error(), `relations.jsonl:1: to "nobody": no Organization has this id`) {
			t.Errorf("load(dangling) = %v", err)
		}
	})

	t.Run("OK an unchanged seed set loads as unchanged", func(t *testing.T) {
		if err := load([]string{"-seeds", neo4jtest.SeedsDir(t)}); err != nil {
			t.Fatal(err)
		}
		mustBeUnchanged(t)
	})

	t.Run("OK -allow-shrink loads a smaller seed set, -max-shrink raises the threshold", func(t *testing.T) {
		t.Cleanup(func() { neo4jtest.Seeded(t) })
		dir := copySeeds(t, func(dir string) { keepLines(t, dir, "activities-cproc-2018.jsonl", 190) })
		if err := load([]string{"-seeds", dir, "-max-shrink", "15"}); err != nil {
			t.Fatalf("load(28 of 218 activities fewer, -max-shrink 15) = %v", err)
		}
		dir = copySeeds(t, func(dir string) { keepLines(t, dir, "activities-cproc-2018.jsonl", 10) })
		if err := load([]string{"-seeds", dir, "-allow-shrink"}); err != nil {
			t.Fatalf("load(10 activities, -allow-shrink) = %v", err)
		}
		if now, err := st.Counts(ctx); err != nil || now.Nodes["Activity"] != 10 {
			t.Errorf("after -allow-shrink the graph holds %d activities (%v), want 10", now.Nodes["Activity"], err)
		}
	})

	t.Run("OK -wipe writes the whole graph again", func(t *testing.T) {
		if err := load([]string{"-seeds", neo4jtest.SeedsDir(t), "-wipe"}); err != nil {
			t.Fatal(err)
		}
		mustBeUnchanged(t)
	})
}

// containsLine reports whether one line of text starts with prefix.
func containsLine(text, prefix string) bool {
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, prefix) {
			return true
		}
	}
	return false
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
