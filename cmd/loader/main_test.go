package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop/internal/neo4jtest"
	"github.com/cybercoop/cybercoop/loader"
)

// copySeeds copies the repository's seeds (and their charts/ folder) into a temporary folder and lets edit change
// the copy.
func copySeeds(t *testing.T, edit func(dir string)) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(neo4jtest.SeedsDir(t))); err != nil {
		t.Fatal(err)
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

// TestLoadCommand checks what docs/data.md, "Staged loads", says.
func TestLoadCommand(t *testing.T) {
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
	if counts.Nodes["Activity"] != 218 {
		t.Fatalf("the test graph holds %d activities, want the 218 of the annex", counts.Nodes["Activity"])
	}
	// What relations.jsonl holds: its records, and the ACCESSION events a load of it without the charts writes.
	relationRecords, documentAccessions := 0, 0
	{
		dir := copySeeds(t, func(dir string) { _ = os.RemoveAll(filepath.Join(dir, "charts")) })
		seeds, err := loader.Read(os.DirFS(dir))
		if err != nil {
			t.Fatal(err)
		}
		relationRecords, documentAccessions = seeds.Files["relations.jsonl"], seeds.Dataset.Counts().Relationships["ACCESSION"]
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
		{"ErrDeletedCharts", func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, "charts")); err != nil {
				t.Fatal(err)
			}
		}, nil, fmt.Sprintf("relations.jsonl (%d records): the graph holds %d ACCESSION relationships from Country to Convention, the seeds %d",
			relationRecords, accessionsFrom(t, "Country"), documentAccessions)},
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
		}, nil, "activities-cproc-2018.jsonl.bak: not a seed file: the seed folder holds only sources.jsonl, conventions.jsonl, themes.jsonl, countries.jsonl, organizations.jsonl, projects.jsonl, goals.jsonl, activities-*.jsonl, relations.jsonl, charts/"},
		{"ErrLongLine", func(t *testing.T, dir string) {
			editLine(t, dir, "relations.jsonl", 4, func(old []byte) []byte {
				return bytes.Replace(old, []byte(`{`), []byte(`{"note":"`+strings.Repeat("x", 3<<20)+`",`), 1)
			})
		}, nil, "relations.jsonl:4: line longer than 1048576 bytes"},
	}
	for _, tc := range refused {
		t.Run(tc.name+" names the file and leaves the graph unchanged", func(t *testing.T) {
			dir := copySeeds(t, func(dir string) { tc.edit(t, dir) })
			err := load(append([]string{"-seeds", dir}, tc.args...), io.Discard)
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
		err := load([]string{"-seeds", dir, "-dry-run"}, io.Discard)
		if err == nil || !strings.Contains(err.Error(), `relations.jsonl:1: to "nobody": no Organization has this id`) {
			t.Errorf("load(dangling) = %v", err)
		}
	})

	t.Run("OK an unchanged seed set loads as unchanged", func(t *testing.T) {
		if err := load([]string{"-seeds", neo4jtest.SeedsDir(t)}, io.Discard); err != nil {
			t.Fatal(err)
		}
		mustBeUnchanged(t)
	})

	t.Run("OK -allow-shrink loads a smaller seed set, -max-shrink raises the threshold", func(t *testing.T) {
		t.Cleanup(func() { neo4jtest.Seeded(t) })
		dir := copySeeds(t, func(dir string) { dropLines(t, dir, "activities-cproc-2018.jsonl", 101, 128) })
		if err := load([]string{"-seeds", dir, "-max-shrink", "15"}, io.Discard); err != nil {
			t.Fatalf("load(28 of 218 activities fewer, -max-shrink 15) = %v", err)
		}
		dir = copySeeds(t, func(dir string) { keepLines(t, dir, "activities-cproc-2018.jsonl", 10) })
		if err := load([]string{"-seeds", dir, "-allow-shrink"}, io.Discard); err != nil {
			t.Fatalf("load(10 activities, -allow-shrink) = %v", err)
		}
		if now, err := st.Counts(ctx); err != nil || now.Nodes["Activity"] != 10 {
			t.Errorf("after -allow-shrink the graph holds %d activities (%v), want 10", now.Nodes["Activity"], err)
		}
	})

	t.Run("OK -wipe writes the whole graph again", func(t *testing.T) {
		if err := load([]string{"-seeds", neo4jtest.SeedsDir(t), "-wipe"}, io.Discard); err != nil {
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

// documentsDir is the folder of the source documents, ../shared/seeds beside the repository; the tests that read
// it fail without it, saying so.
func documentsDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(filepath.Dir(neo4jtest.SeedsDir(t)), "..", "shared", "seeds")
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		t.Fatalf("the source documents are not in %s (%v): clone the repository beside the shared folder", dir, err)
	}
	return dir
}

// reportFile is the 2018 report's file in the documents folder, as sources.jsonl names it.
const reportFile = "002_68fa9e2995b881f6.txt"

// copyDocuments copies the documents folder into a temporary one and replaces, on line (1-based) of the 2018 report,
// from by to.
func copyDocuments(t *testing.T, line int, from, to string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(documentsDir(t))); err != nil {
		t.Fatal(err)
	}
	if line > 0 {
		editLine(t, dir, reportFile, line, func(old []byte) []byte {
			if !bytes.Contains(old, []byte(from)) {
				t.Fatalf("line %d of the report is %q, without %q", line, old, from)
			}
			return bytes.Replace(old, []byte(from), []byte(to), 1)
		})
	}
	return dir
}

// TestImportInventoryCommand checks what docs/data.md, "Importing an inventory", says.
func TestImportInventoryCommand(t *testing.T) {
	seeds := neo4jtest.SeedsDir(t)
	importing := func(t *testing.T, args ...string) (records int, err error) {
		t.Helper()
		var out bytes.Buffer
		err = importInventory(append([]string{"-seeds", seeds}, args...), &out)
		if err != nil && out.Len() > 0 {
			t.Errorf("importInventory(%q) failed and wrote:\n%s", args, &out)
		}
		return strings.Count(out.String(), "\n"), err
	}
	t.Run("ErrUsage", func(t *testing.T) {
		if err := importInventory([]string{"some-file"}, io.Discard); err == nil || !strings.Contains(err.Error(), "-source") {
			t.Errorf("importInventory without -source = %v", err)
		}
	})
	// The annex of the report, as it is and with its headings written otherwise: 218 activities each time, with the
	// ids and lines of the seeds.
	for _, tc := range []struct {
		name     string
		line     int
		from, to string
	}{
		{"OK the 2018 report gives its 218 activities", 0, "", ""},
		{"OK with a no-break space in the first heading", 435, "Octobre 2017", "Octobre\u00a02017"},
		{"OK with a heading without its accent", 495, "Décembre 2017", "Decembre 2017"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs := copyDocuments(t, tc.line, tc.from, tc.to)
			var out bytes.Buffer
			if err := importInventory([]string{"-seeds", seeds, "-documents", docs, "-source", "cproc-report-2018",
				"-prefix", "cproc-2018-"}, &out); err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(out.String(), "\n"); n != 218 {
				t.Errorf("%d activities, want 218", n)
			}
			for _, want := range []string{`{"id":"cproc-2018-437",`, `"sources":[{"source":"cproc-report-2018","at":"annex, line 497"}]}`,
				`{"id":"cproc-2018-709",`} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("the output has no %s", want)
				}
			}
		})
	}
	refused := []struct {
		name string
		docs func(t *testing.T) string
		args []string
		want string
	}{
		{"ErrImpossibleDate names the line and writes nothing", func(t *testing.T) string {
			return copyDocuments(t, 438, "3-5 octobre 2017", "31 juin 2018, Kiev, Ukraine")
		}, nil, reportFile + `:438: dates "31 juin 2018"`},
		{"ErrMisspeltHeading names the entries under it", func(t *testing.T) string {
			return copyDocuments(t, 435, "Octobre 2017", "Octobr 2017")
		}, nil, reportFile + ":437: an inventory entry before the first month heading"},
		{"ErrNotTheDocument an extract would cite its own lines", func(*testing.T) string { return documentsDir(t) },
			[]string{filepath.Join("..", "..", "loader", "testdata", "inventory.txt")},
			"../../loader/testdata/inventory.txt is not the document of cproc-report-2018"},
		{"ErrUnknownSource", func(*testing.T) string { return documentsDir(t) }, []string{"-source", "cproc-report-2019"},
			`-source "cproc-report-2019": no source of the seeds has this id`},
		{"ErrOtherPrefix", func(*testing.T) string { return documentsDir(t) }, []string{"-prefix", "c2018"},
			"-prefix c2018-: the seeds' activities from cproc-report-2018 have the ids cproc-2018-"},
		{"ErrNoDocuments", func(*testing.T) string { return filepath.Join(t.TempDir(), "none") }, nil,
			"documents folder "},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"-documents", tc.docs(t), "-source", "cproc-report-2018", "-prefix", "cproc-2018-"}
			var files []string
			for i := 0; i < len(tc.args); i++ {
				if strings.HasPrefix(tc.args[i], "-") {
					args = append(args, tc.args[i], tc.args[i+1])
					i++
				} else {
					files = append(files, tc.args[i])
				}
			}
			n, err := importing(t, append(args, files...)...)
			if err == nil || !containsLine(err.Error(), tc.want) && !strings.Contains(err.Error(), tc.want) {
				t.Errorf("importInventory = %d records, %v\nwant an error with %q", n, err, tc.want)
			}
		})
	}
	t.Run("OK FILE given is the document itself", func(t *testing.T) {
		n, err := importing(t, "-documents", documentsDir(t), "-source", "cproc-report-2018", "-prefix", "cproc-2018",
			filepath.Join(documentsDir(t), reportFile))
		if err != nil || n != 218 {
			t.Errorf("importInventory(the report) = %d records, %v; want 218", n, err)
		}
	})
}

// TestRun checks the command line: an unknown command, a stray argument or a bad flag is refused with the usage and
// exit status 2, before anything is read or loaded; a problem with a file is exit status 1.
func TestRun(t *testing.T) {
	seeds := neo4jtest.SeedsDir(t)
	// No Neo4j answers here: a command that tried to load would fail, not succeed.
	t.Setenv("NEO4J_URI", "bolt://127.0.0.1:1")
	cases := []struct {
		name   string
		args   []string
		status int
		stderr string // a line of standard error, "" for none
		stdout string // a line of standard output, "" for any
	}{
		{"ErrUnknownCommand", []string{"frobnicate"}, 2,
			`loader: "frobnicate" is neither a command (import-inventory, import-chart) nor a flag; flags come after the command`, ""},
		{"ErrUnknownCommand after flags", []string{"-dry-run", "import-chart", "x.tsv"}, 2,
			`loader: "import-chart" is neither a command`, ""},
		{"ErrStrayArgument", []string{"-seeds", seeds, "-dry-run", "extra"}, 2, `loader: "extra" is neither a command`, ""},
		{"ErrUnknownFlag", []string{"-dry-rum"}, 2, "loader: flag provided but not defined: -dry-rum", ""},
		{"ErrBadFlagValue", []string{"-max-shrink", "lots"}, 2, `loader: invalid value "lots" for flag -max-shrink: parse error`, ""},
		{"ErrImportChartNoFile", []string{"import-chart"}, 2, "loader: import-chart needs FILE (the newer chart)", ""},
		{"ErrImportChartTwoFiles", []string{"import-chart", "a.tsv", "b.tsv"}, 2,
			`loader: import-chart takes one FILE (the newer chart); unexpected argument "b.tsv" (flags come before it)`, ""},
		{"ErrImportChartFlagAfterFile", []string{"import-chart", "a.tsv", "-dry-run"}, 2,
			`loader: import-chart takes one FILE (the newer chart); unexpected argument "-dry-run" (flags come before it)`, ""},
		{"ErrImportChartUnknownFlag", []string{"import-chart", "-force", "a.tsv"}, 2,
			"loader: flag provided but not defined: -force", ""},
		{"ErrImportChartMissingFile", []string{"import-chart", "-seeds", seeds, "/nonexistent.tsv"}, 1,
			"loader: open /nonexistent.tsv: no such file or directory", ""},
		{"ErrImportInventoryNoSource", []string{"import-inventory", "some-file"}, 2,
			"loader: import-inventory needs -source and -prefix", ""},
		{"ErrImportInventoryTwoFiles", []string{"import-inventory", "-source", "s", "-prefix", "p", "a", "b"}, 2,
			`loader: import-inventory takes at most one FILE; unexpected argument "b"`, ""},
		{"ErrNoDocuments says what to set", []string{"-seeds", seeds, "-documents", "/nonexistent", "-dry-run"}, 1,
			"loader: documents folder /nonexistent: not a folder", ""},
		{"ErrImportInventoryUnknownFlag", []string{"import-inventory", "-x"}, 2, "loader: flag provided but not defined: -x", ""},
		{"OK help", []string{"-h"}, 0, "", "Usage:"},
		{"OK import-chart help", []string{"import-chart", "-h"}, 0, "", "Usage: loader import-chart [flags] FILE"},
		{"OK dry run", []string{"-seeds", seeds, "-dry-run"}, 0, "", "seeds valid: "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(tc.args, &stdout, &stderr)
			if status != tc.status {
				t.Errorf("run(%q) = %d, want %d\nstdout:\n%s\nstderr:\n%s", tc.args, status, tc.status, &stdout, &stderr)
			}
			if tc.stderr != "" && !containsLine(stderr.String(), tc.stderr) {
				t.Errorf("run(%q): stderr\n%s\nwant a line starting %q", tc.args, &stderr, tc.stderr)
			}
			if tc.status == 2 && !strings.Contains(stderr.String(), "Usage") {
				t.Errorf("run(%q): stderr\n%s\nwant the usage", tc.args, &stderr)
			}
			if tc.status == 2 && stdout.Len() > 0 {
				t.Errorf("run(%q) wrote to stdout:\n%s", tc.args, &stdout)
			}
			if tc.stdout != "" && !containsLine(stdout.String(), tc.stdout) {
				t.Errorf("run(%q): stdout\n%s\nwant a line starting %q", tc.args, &stdout, tc.stdout)
			}
		})
	}
}

// TestImportChartCommand imports a newer Budapest chart: a copy of the real one with one more accession, by a
// State of the seeds that the chart does not list, on a made-up date (2099: a test's, never a seed's), written to a
// temporary file. The command prints that change, loads it and switches; the store then returns it. See docs/data.md, "Importing a chart".
func TestImportChartCommand(t *testing.T) {
	st := neo4jtest.Seeded(t)
	t.Cleanup(func() { neo4jtest.Seeded(t) })
	useTestDatabase(t)
	ctx := context.Background()
	seedsDir := neo4jtest.SeedsDir(t)

	chart, err := os.ReadFile(filepath.Join(seedsDir, "charts", "ets185-chart-2026-04-25.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(chart)), "\n") {
		if cells := strings.Split(line, "\t"); len(cells) > 1 && !strings.HasPrefix(line, "#") {
			listed[cells[1]] = true
		}
	}
	var country cybercoopNode
	for _, n := range neo4jtest.Seeds(t).Dataset.Nodes {
		if iso2, _ := n.Props["iso2"].(string); n.Label == "Country" && !listed[iso2] && n.Props["status"] == nil {
			country = cybercoopNode{id: n.ID, iso2: iso2, name: n.Props["name"].(string)}
			break
		}
	}
	if country.id == "" {
		t.Fatal("every country of the seeds is on the ETS 185 chart: no State to accede")
	}
	line := strings.Count(string(chart), "\n") + 1
	newer := filepath.Join(t.TempDir(), "ets185-chart-test.tsv")
	row := strings.Join([]string{country.name, country.iso2, "non-member", "", "2099-01-15", "2099-05-01", "acceded", "a", "A."}, "\t")
	if err := os.WriteFile(newer, append(chart, []byte(row+"\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	change := fmt.Sprintf("  new accession: %s (country:%s) acceded, 2099-01-15 (line %d)", country.name, country.id, line)
	before, err := st.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("ErrInvalidChart names its line and loads nothing", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "ets185-chart-test.tsv")
		if err := os.WriteFile(bad, append(chart, []byte(strings.Replace(row, "2099-01-15", "15/01/2099", 1)+"\n")...), 0o644); err != nil {
			t.Fatal(err)
		}
		err := importChart([]string{"-seeds", seedsDir, bad}, io.Discard)
		want := fmt.Sprintf(`%s:%d: ratification_or_accession "15/01/2099": want YYYY-MM-DD`, bad, line)
		if err == nil || !containsLine(err.Error(), want) {
			t.Errorf("importChart(bad chart) = %v, want a line starting %q", err, want)
		}
		if now, _ := st.DataVersion(ctx); now != before {
			t.Errorf("data version %q after a refused import, want %q", now, before)
		}
	})

	t.Run("OK -dry-run prints the change and loads nothing", func(t *testing.T) {
		var out bytes.Buffer
		if err := importChart([]string{"-seeds", seedsDir, "-dry-run", newer}, &out); err != nil {
			t.Fatal(err)
		}
		t.Logf("import-chart -dry-run:\n%s", &out)
		if !containsLine(out.String(), change) || !containsLine(out.String(), "1 change(s) to the ETS 185 chart") {
			t.Errorf("output:\n%s\nwant the one change %q", &out, change)
		}
		if now, _ := st.DataVersion(ctx); now != before {
			t.Errorf("data version %q after -dry-run, want %q", now, before)
		}
	})

	t.Run("OK the change is loaded and the store returns it", func(t *testing.T) {
		var out bytes.Buffer
		if err := importChart([]string{"-seeds", seedsDir, newer}, &out); err != nil {
			t.Fatal(err)
		}
		t.Logf("import-chart:\n%s", &out)
		if !containsLine(out.String(), change) || !containsLine(out.String(), "loaded version ") {
			t.Errorf("output:\n%s\nwant the change %q and the load", &out, change)
		}
		events, err := accessionEvents(ctx, st, "budapest")
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range events {
			if e.FromLabel == "Country" && e.FromID == country.id && e.Props["status"] == "acceded" {
				found = e.Props["date"] == "2099-01-15" && e.Props["entryIntoForce"] == "2099-05-01" &&
					len(e.Sources) == 1 && e.Sources[0].SourceID == "chart-ets185-2026-04-25" &&
					e.Sources[0].Locator == fmt.Sprintf("line %d", line)
				t.Logf("the store returns %+v", e)
			}
		}
		if !found {
			t.Errorf("the store has no accession of %s on 2099-01-15 from line %d of the chart", country.id, line)
		}
		// Importing it again changes nothing.
		out.Reset()
		if err := importChart([]string{"-seeds", seedsDir, newer}, &out); err != nil {
			t.Fatal(err)
		}
		if !containsLine(out.String(), "0 change(s)") || !containsLine(out.String(), "unchanged: ") {
			t.Errorf("a second import printed:\n%s\nwant no change and no load", &out)
		}
	})

	t.Run("OK the store returns the European Union's signature of the UN Convention", func(t *testing.T) {
		neo4jtest.Seeded(t)
		events, err := accessionEvents(ctx, st, "un-cybercrime")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if e.FromLabel == "Organization" && e.FromID == "eu" && e.Props["status"] == "signed" {
				return
			}
		}
		t.Errorf("no signature by organization:eu among the %d events of the UN Convention", len(events))
	})
}

type cybercoopNode struct{ id, iso2, name string }

// useTestDatabase points the command, through its environment, at the test database, with the test's switch grace
// and the source documents (the seeds a test loads are copied elsewhere: the default would not find them).
func useTestDatabase(t *testing.T) {
	t.Helper()
	cfg := neo4jtest.Config(t)
	t.Setenv("NEO4J_URI", cfg.URI)
	t.Setenv("NEO4J_USER", cfg.User)
	t.Setenv("NEO4J_PASSWORD", cfg.Password)
	t.Setenv("NEO4J_DATABASE", cfg.Database)
	t.Setenv("SWITCH_GRACE", cfg.SwitchGrace.String())
	t.Setenv("DOCUMENTS_DIR", documentsDir(t))
}
