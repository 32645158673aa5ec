package loader_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cybercoop/cybercoop/loader"
	"github.com/cybercoop/cybercoop/store"
)

// editedSeeds reads the repository's seeds with edit applied to a copy of their files (by name, charts/ included).
func editedSeeds(t *testing.T, edit func(files map[string][]byte)) loader.Seeds {
	t.Helper()
	files := map[string][]byte{}
	err := fs.WalkDir(os.DirFS("../seeds"), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files[name], err = os.ReadFile("../seeds/" + name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(files)
	}
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	seeds, err := loader.Read(fsys)
	if err != nil {
		t.Fatalf("read the edited seeds: %v", err)
	}
	return seeds
}

// keepLines cuts a file to its first n lines, as a copy interrupted at a line break would.
func keepLines(name string, n int) func(map[string][]byte) {
	return func(files map[string][]byte) {
		files[name] = bytes.Join(bytes.SplitAfter(files[name], []byte("\n"))[:n], nil)
	}
}

// replaceAll replaces what re matches in a file.
func replaceAll(name, re, with string) func(map[string][]byte) {
	return func(files map[string][]byte) {
		files[name] = regexp.MustCompile(re).ReplaceAll(files[name], []byte(with))
	}
}

// dropLine removes the line of a file that contains text.
func dropLine(name, text string) func(map[string][]byte) {
	return func(files map[string][]byte) {
		var kept [][]byte
		for _, line := range bytes.SplitAfter(files[name], []byte("\n")) {
			if !bytes.Contains(line, []byte(text)) {
				kept = append(kept, line)
			}
		}
		files[name] = bytes.Join(kept, nil)
	}
}

func both(edits ...func(map[string][]byte)) func(map[string][]byte) {
	return func(files map[string][]byte) {
		for _, edit := range edits {
			edit(files)
		}
	}
}

// TestCheckShrink checks the shrink guard against a graph loaded from the real seeds (218 activities, the last
// cproc-2018-710; 16 partOf links between organisations and 23 between goals), with the seeds edited as the
// issue's cases edit them. See docs/data.md, "Validation".
func TestCheckShrink(t *testing.T) {
	loaded := store.KeysOf(editedSeeds(t, nil).Dataset)
	if n, last := len(loaded.Nodes["Activity"]), loaded.LastIDs["Activity"]; n != 218 || last != "cproc-2018-710" {
		t.Fatalf("the real seeds hold %d activities, the last %q; want 218, cproc-2018-710", n, last)
	}
	const activities = "activities-cproc-2018.jsonl"
	// withoutLastIDs is the graph as loads wrote it before they kept their last ids.
	withoutLastIDs := loaded
	withoutLastIDs.LastIDs = nil
	cases := []struct {
		name    string
		current store.Keys
		edit    func(map[string][]byte)
		maxLoss float64
		want    []string // the problems' beginnings, none for nil
	}{
		{"OK the same seeds", loaded, nil, 20, nil},
		{"OK an empty graph", store.Keys{}, nil, 20, nil},
		{"OK growth: a new activity after the last", loaded, func(files map[string][]byte) {
			lines := bytes.SplitAfter(files[activities], []byte("\n"))
			files[activities] = append(files[activities], bytes.Replace(lines[0], []byte(`"cproc-2018-`), []byte(`"cproc-2018-x`), 1)...)
		}, 0, nil},
		{"OK an activity removed in the middle", loaded, dropLine(activities, `"id":"cproc-2018-497"`), 20, nil},
		{"OK 28 activities removed from the middle, under -max-shrink 15", loaded, func(files map[string][]byte) {
			lines := bytes.SplitAfter(files[activities], []byte("\n"))
			files[activities] = bytes.Join(append(lines[:100:100], lines[128:]...), nil)
		}, 15, nil},
		{"OK the end cut where the graph does not say which record was last, under the threshold", withoutLastIDs,
			keepLines(activities, 178), 20, nil},

		{"ErrRenamed 218 activities, 218 of them new ids", loaded, replaceAll(activities, `"id":"cproc-2018-`, `"id":"cproc-2019-`), 20,
			[]string{activities + " (218 records): the graph holds 218 Activity nodes, the seeds 218, 218 of them new ids: " +
				"this load would delete 218 (100%, more than the 20% allowed); deleted: cproc-2018-437, cproc-2018-438, " +
				"cproc-2018-439, cproc-2018-440, cproc-2018-441 and 213 more"}},
		{"ErrPartOf 39 of 39 partOf links gone, while the activities' PART_OF are all there", loaded, both(
			replaceAll("organizations.jsonl", `,"partOf":"[^"]*"`, ""), replaceAll("goals.jsonl", `,"partOf":"[^"]*"`, "")), 20,
			[]string{
				"goals.jsonl (51 records): the graph holds 23 PART_OF relationships from Goal to Goal, the seeds 0: this load would delete 23 (100%, more than the 20% allowed); deleted: ",
				"organizations.jsonl (47 records): the graph holds 16 PART_OF relationships from Organization to Organization, the seeds 0: this load would delete 16 (100%, more than the 20% allowed); deleted: ",
			}},
		{"ErrCut the last 40 activity lines cut at a line break (18%, under the threshold)", loaded, keepLines(activities, 178), 20,
			[]string{activities + " (178 records): the graph holds 218 Activity nodes, the seeds 178: this load would delete 40 (18%), " +
				"among them cproc-2018-710, the last Activity the graph was loaded with: the end of a seed file is missing, " +
				"as when a file is cut at a line break; deleted: cproc-2018-663, cproc-2018-664, cproc-2018-668, " +
				"cproc-2018-669, cproc-2018-670 and 35 more"}},
		{"ErrCut the last line cut", loaded, keepLines(activities, 217), 20,
			[]string{activities + " (217 records): the graph holds 218 Activity nodes, the seeds 217: this load would delete 1 (0%), among them cproc-2018-710"}},
		{"ErrEmptied", loaded, keepLines(activities, 0), 20,
			[]string{activities + " (0 records): the graph holds 218 Activity nodes, the seeds 0: this load would delete 218 (100%, more than the 20% allowed)"}},
		{"ErrDeletedFile", loaded, func(files map[string][]byte) { delete(files, activities) }, 20,
			[]string{"activities-*.jsonl (no such file): the graph holds 218 Activity nodes, the seeds 0: this load would delete 218"}},
		{"ErrDeletedCharts the files of each accession kind are named", loaded, func(files map[string][]byte) {
			for name := range files {
				if strings.HasPrefix(name, "charts/") {
					delete(files, name)
				}
			}
		}, 20, []string{
			// The charts' sources and the States only they name go, and their accessions with them.
			"countries.jsonl (77 records): the graph holds 147 Country nodes, the seeds 77: this load would delete 70 (48%, more than the 20% allowed); deleted: ad, ag, ao, au, bj and 65 more",
			"relations.jsonl (176 records): the graph holds 344 ACCESSION relationships from Country to Convention, the seeds 19, 2 of them new ends: this load would delete 327 (95%",
			"relations.jsonl (176 records): the graph holds 1 ACCESSION relationships from Organization to Convention, the seeds 0: this load would delete 1 (100%",
			"sources.jsonl (6 records): the graph holds 10 Source nodes, the seeds 6: this load would delete 4 (40%",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := editedSeeds(t, tc.edit).CheckShrink(tc.current, tc.maxLoss)
			if tc.want == nil {
				if err != nil {
					t.Errorf("CheckShrink() = %v, want nil", err)
				}
				return
			}
			var invalid *loader.InvalidSeedsError
			if !errors.As(err, &invalid) || len(invalid.Problems) != len(tc.want) {
				t.Fatalf("CheckShrink() = %v, want %d problem(s)", err, len(tc.want))
			}
			for i, p := range invalid.Problems {
				if !strings.HasPrefix(p.String(), tc.want[i]) {
					t.Errorf("problem %d = %q\nwant it to start %q", i, p, tc.want[i])
				}
			}
		})
	}
}
