package main

import (
	"bytes"
	"context"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
)

// TestShrinkGuardByIdentity loads seeds that lose what a count would not show against the real graph, through the
// command: each is refused, naming what it would delete, and the graph stays as it was; -allow-shrink loads it.
func TestShrinkGuardByIdentity(t *testing.T) {
	st := neo4jtest.Seeded(t)
	useTestDatabase(t)
	ctx := context.Background()
	version, err := st.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	counts, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const activities = "activities-cproc-2018.jsonl"
	replace := func(t *testing.T, dir, file, re, with string) {
		t.Helper()
		name := filepath.Join(dir, file)
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, regexp.MustCompile(re).ReplaceAll(data, []byte(with)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	refused := []struct {
		name string
		edit func(t *testing.T, dir string)
		want []string // lines of the error message, by their beginnings
	}{
		{"ErrRenamed every activity id (a wrong -prefix): 218 activities, 218 of them new", func(t *testing.T, dir string) {
			replace(t, dir, activities, `"id":"cproc-2018-`, `"id":"cproc-2019-`)
		}, []string{activities + " (218 records): the graph holds 218 Activity nodes, the seeds 218, 218 of them new ids: " +
			"this load would delete 218 (100%, more than the 20% allowed); deleted: cproc-2018-437, "}},
		{"ErrPartOf every organisation's and goal's partOf gone, 39 of 39", func(t *testing.T, dir string) {
			replace(t, dir, "organizations.jsonl", `,"partOf":"[^"]*"`, "")
			replace(t, dir, "goals.jsonl", `,"partOf":"[^"]*"`, "")
		}, []string{
			"goals.jsonl (51 records): the graph holds 23 PART_OF relationships from Goal to Goal, the seeds 0: this load would delete 23 (100%",
			"organizations.jsonl (47 records): the graph holds 16 PART_OF relationships from Organization to Organization, the seeds 0: this load would delete 16 (100%",
		}},
		{"ErrCut the last 40 activity lines, at a line break", func(t *testing.T, dir string) {
			keepLines(t, dir, activities, 178)
		}, []string{activities + " (178 records): the graph holds 218 Activity nodes, the seeds 178: this load would delete 40 (18%), " +
			"among them cproc-2018-710, the last Activity the graph was loaded with"}},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			dir := copySeeds(t, func(dir string) { tc.edit(t, dir) })
			err := load([]string{"-seeds", dir}, io.Discard)
			for _, want := range tc.want {
				if err == nil || !containsLine(err.Error(), want) {
					t.Errorf("load() = %v\nwant an error with a line starting %q", err, want)
				}
			}
			if after, err := st.DataVersion(ctx); err != nil || after != version {
				t.Errorf("data version %q (%v) after a refused load, want %q", after, err, version)
			}
			if now, err := st.Counts(ctx); err != nil || !maps.Equal(now.Nodes, counts.Nodes) || !maps.Equal(now.Relationships, counts.Relationships) {
				t.Errorf("graph counts %+v (%v) after a refused load, want %+v", now, err, counts)
			}
		})
	}

	t.Run("OK -allow-shrink loads the cut file", func(t *testing.T) {
		t.Cleanup(func() { neo4jtest.Seeded(t) })
		dir := copySeeds(t, func(dir string) { keepLines(t, dir, activities, 178) })
		if err := load([]string{"-seeds", dir, "-allow-shrink"}, io.Discard); err != nil {
			t.Fatal(err)
		}
		if now, err := st.Counts(ctx); err != nil || now.Nodes["Activity"] != 178 {
			t.Errorf("after -allow-shrink the graph holds %d activities (%v), want 178", now.Nodes["Activity"], err)
		}
	})
}

// dropLines removes lines from to to (1-based, both included) of file in dir, as an edit that deletes records does.
func dropLines(t *testing.T, dir, file string, from, to int) {
	t.Helper()
	name := filepath.Join(dir, file)
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	if err := os.WriteFile(name, bytes.Join(append(lines[:from-1:from-1], lines[to:]...), nil), 0o644); err != nil {
		t.Fatal(err)
	}
}

// accessionsFrom counts the ACCESSION relationships from nodes of label in the real seeds: the graph's.
func accessionsFrom(t *testing.T, label string) int {
	n := 0
	for _, r := range neo4jtest.Seeds(t).Dataset.Relationships {
		if r.Type == "ACCESSION" && r.FromLabel == label {
			n++
		}
	}
	return n
}
