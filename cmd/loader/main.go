// Command loader validates the seed files and loads them into Neo4j.
//
//	loader [flags]                     validate seeds/ and load it beside the current data, then switch to it in one
//	                                   step (nothing changes if anything fails)
//	loader -dry-run                    validate only, print what would be loaded
//	loader -wipe                       load even when the database holds this version already
//	loader -allow-shrink               load even when the shrink check refuses the seeds: they would delete over
//	                                   -max-shrink % of a label's ids or of a relationship kind's, or the last
//	                                   record of a seed file
//	loader import-inventory [flags]    turn the activity inventory of a C-PROC report (a source of the seeds) into
//	                                   activity seed records, for review
//	loader import-chart [flags] F      compare a newer treaty chart with the graph, then load the seeds with it in
//	                                   place of the chart of the same treaty
//
// Every command checks the seeds' locators against the source documents (-documents, env DOCUMENTS_DIR; by default
// ../shared/seeds beside the repository that holds the seed folder). After "seeds valid", every command that reads
// the seeds prints the conflicts between the documents and the treaty charts and the warnings. An unknown command,
// a stray argument or a bad flag prints the usage and exits with status 2; a problem with the seeds, the documents
// or the database exits with status 1.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/cybercoop/cybercoop/cmd/internal/dbflags"
	"github.com/cybercoop/cybercoop/loader"
	"github.com/cybercoop/cybercoop/store"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// commands are the subcommands, named by the first argument; without one, the seeds are loaded.
var commands = map[string]func(args []string, out io.Writer) error{
	"import-inventory": importInventory,
	"import-chart":     importChart,
}

// run runs the command line and returns the exit status: 0 when done, 1 when the command failed, 2 when the command
// line is wrong (an unknown command, a stray argument, a bad flag), which it says with the usage.
func run(args []string, stdout, stderr io.Writer) int {
	command := load
	if len(args) > 0 {
		if c, ok := commands[args[0]]; ok {
			command, args = c, args[1:]
		}
	}
	err := command(args, stdout)
	var usage *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &usage) && errors.Is(usage.err, flag.ErrHelp):
		usage.fs.SetOutput(stdout)
		usage.fs.Usage()
		return 0
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "loader: %v\n\n", usage.err)
		usage.fs.SetOutput(stderr)
		usage.fs.Usage()
		return 2
	default:
		fmt.Fprintln(stderr, "loader:", err)
		return 1
	}
}

// usageError is a command line that a command cannot run: run prints it with the command's usage.
type usageError struct {
	err error
	fs  *flag.FlagSet
}

func (e *usageError) Error() string { return e.err.Error() }

// parseArgs parses a command's flags, printing nothing, and wants exactly want arguments after them, named names.
func parseArgs(fs *flag.FlagSet, args []string, want int, names string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return &usageError{err, fs}
	}
	switch {
	case fs.NArg() == want:
		return nil
	case want == 0 && fs.Name() == "loader":
		return &usageError{fmt.Errorf("%q is neither a command (%s) nor a flag; flags come after the command",
			fs.Arg(0), commandNames()), fs}
	case want == 0:
		return &usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0)), fs}
	case fs.NArg() < want:
		return &usageError{fmt.Errorf("%s needs %s", fs.Name(), names), fs}
	default:
		return &usageError{fmt.Errorf("%s takes one %s; unexpected argument %q (flags come before it)", fs.Name(),
			names, fs.Arg(want)), fs}
	}
}

func commandNames() string {
	return "import-inventory, import-chart"
}

func load(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loader", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage:
  loader [flags]                        validate the seeds and load them
  loader import-inventory [flags]       turn a report's activity inventory into activity seed records
  loader import-chart [flags] FILE      compare a newer treaty chart with the graph, then load it
(loader COMMAND -h describes a command)

Validates the seed files (and the treaty charts of their charts/ folder) and loads them into Neo4j beside the
current data, then switches to them in one transaction.

Flags:`)
		fs.PrintDefaults()
	}
	db := dbflags.Register(fs)
	seedsDir := fs.String("seeds", dbflags.Env("SEEDS_DIR", "seeds"), "folder of seed files (env SEEDS_DIR)")
	documents := registerDocuments(fs)
	dryRun := fs.Bool("dry-run", false, "validate the seeds and report what would be loaded, without touching Neo4j")
	wipe := fs.Bool("wipe", false, "write the knowledge graph afresh even when the database holds this version "+
		"already: readers see the old graph until the new one is switched to (other data in the database is kept)")
	shrink := registerShrink(fs)
	wait := fs.Duration("wait", 60*time.Second, "how long to wait for Neo4j to answer before giving up")
	if err := parseArgs(fs, args, 0, ""); err != nil {
		return err
	}

	folder, err := readSeeds(*seedsDir, *documents, nil)
	if err != nil {
		return err
	}
	seeds := folder.seeds
	printValid(out, seeds)
	if *dryRun {
		return nil
	}
	ctx := context.Background()
	st, err := openStore(ctx, db, *wait)
	if err != nil {
		return err
	}
	defer st.Close(ctx)
	return loadSeeds(ctx, out, st, seeds, *seedsDir, *wipe, shrink)
}

// registerDocuments registers -documents, the folder of the source documents the seeds cite.
func registerDocuments(fs *flag.FlagSet) *string {
	return fs.String("documents", dbflags.Env("DOCUMENTS_DIR", ""), "folder of the source documents, the files "+
		"sources.jsonl names, against which every locator of the seeds is checked (env DOCUMENTS_DIR; default "+
		"../shared/seeds beside the repository that holds the seed folder)")
}

// openDocuments opens the folder of the source documents: dir, or ../shared/seeds beside the folder that holds
// seedsDir (the repository) when dir is "". A folder that is not there is an error that says what to set.
// seedFolder is a seed folder read and validated, with the documents folder its locators were checked against.
type seedFolder struct {
	seeds     loader.Seeds
	replaced  string // the chart file a chart given to readSeeds took the place of ("" when none)
	documents iofs.FS
}

// readSeeds reads the seed folder, with chart in place of the chart of its treaty when not nil.
func readSeeds(seedsDir, documents string, chart *loader.Chart) (seedFolder, error) {
	docs, err := openDocuments(documents, seedsDir)
	if err != nil {
		return seedFolder{}, err
	}
	seeds, replaced, err := loader.ReadWith(os.DirFS(seedsDir), loader.ReadOptions{Documents: docs, Chart: chart})
	if err != nil {
		return seedFolder{}, fmt.Errorf("%s: %w", seedsDir, err)
	}
	return seedFolder{seeds, replaced, docs}, nil
}

func openDocuments(dir, seedsDir string) (iofs.FS, error) {
	if dir == "" {
		dir = filepath.Join(filepath.Dir(filepath.Clean(seedsDir)), "..", "shared", "seeds")
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("documents folder %s: not a folder (%v): the loader checks the seeds' locators "+
			"against the source documents; set -documents or DOCUMENTS_DIR to the folder that holds the files "+
			"sources.jsonl names (by default ../shared/seeds beside the repository)", dir, err)
	}
	return os.DirFS(dir), nil
}

// printValid says that the seeds are valid, how large they are, and what their report lists.
func printValid(out io.Writer, seeds loader.Seeds) {
	fmt.Fprintf(out, "seeds valid: %d nodes, %d relationships, version %s\n",
		len(seeds.Dataset.Nodes), len(seeds.Dataset.Relationships), seeds.Version)
	conflicts, warnings := seeds.Report.Conflicts, seeds.Report.Warnings
	if len(conflicts) == 0 {
		fmt.Fprintln(out, "no conflicts between the documents and the treaty charts")
	} else {
		fmt.Fprintf(out, "%d conflict(s) between the documents and the treaty charts (both loaded, each with a conflict property):\n", len(conflicts))
		for _, c := range conflicts {
			fmt.Fprintln(out, "  "+c.String())
		}
	}
	if len(warnings) == 0 {
		fmt.Fprintln(out, "no warnings")
	} else {
		fmt.Fprintf(out, "%d warning(s):\n", len(warnings))
		for _, w := range warnings {
			fmt.Fprintln(out, "  "+w.String())
		}
	}
}

// shrinkGuard is the shrink check a load runs against the current graph, by identity (loader.Seeds.CheckShrink):
// -max-shrink and -allow-shrink.
type shrinkGuard struct {
	maxShrink   *float64
	allowShrink *bool
}

func registerShrink(fs *flag.FlagSet) shrinkGuard {
	return shrinkGuard{
		maxShrink: fs.Float64("max-shrink", 20, "refuse a load that would delete more than this percentage of the ids "+
			"of a label, or of the relationships of a kind (a type between two labels), that the graph holds, whatever "+
			"the seeds hold in their place (an emptied, truncated or renamed seed file); a load that deletes the last "+
			"record of a seed file is refused too (a file cut at a line break)"),
		allowShrink: fs.Bool("allow-shrink", false, "load even when the shrink check refuses the seeds (see -max-shrink)"),
	}
}

// openStore connects to Neo4j, waits until it answers and applies the migrations.
func openStore(ctx context.Context, db *store.Config, wait time.Duration) (*store.Store, error) {
	if err := dbflags.Validate(db); err != nil {
		return nil, err
	}
	st, err := store.Open(*db)
	if err != nil {
		return nil, err
	}
	if err := waitReady(ctx, st, wait); err != nil {
		_ = st.Close(ctx)
		return nil, fmt.Errorf("neo4j at %s: %w", db.URI, err)
	}
	if err := st.Migrate(ctx); err != nil {
		_ = st.Close(ctx)
		return nil, err
	}
	return st, nil
}

// loadSeeds loads the seeds under the shrink guard and says what the load did; what names the seeds in messages.
func loadSeeds(ctx context.Context, out io.Writer, st *store.Store, seeds loader.Seeds, what string, wipe bool, guard shrinkGuard) error {
	checkShrink := func(current store.Keys) error {
		if *guard.allowShrink {
			return nil
		}
		if err := seeds.CheckShrink(current, *guard.maxShrink); err != nil {
			return fmt.Errorf("%s: %w\nnothing was loaded; if the seeds are right, load them with -allow-shrink", what, err)
		}
		return nil
	}
	// Large loads take minutes: say how far they are, every tenth.
	reported := 0
	progress := func(written, total int) {
		if tenth := written * 10 / total; tenth > reported {
			reported = tenth
			fmt.Fprintf(out, "written %d of %d nodes and relationships\n", written, total)
		}
	}
	report, err := st.Load(ctx, seeds.Dataset, seeds.Version, store.LoadOptions{Replace: wipe, Check: checkShrink, Progress: progress})
	if err != nil {
		return err
	}
	if report.Unchanged {
		fmt.Fprintf(out, "unchanged: the database already holds version %s\n", report.Version)
		return nil
	}
	fmt.Fprintf(out, "loaded version %s (was %q) into slot %d in %s (%s of it waiting for readers of the slot): "+
		"%d nodes and %d relationships written, %d and %d cleared from the slot\n",
		report.Version, report.PreviousVersion, report.Slot, report.Duration.Round(time.Millisecond),
		report.GraceWait.Round(time.Millisecond), report.NodesCreated, report.RelationshipsCreated,
		report.NodesDeleted, report.RelationshipsDeleted)
	if report.PreviousCleared {
		fmt.Fprintf(out, "cleared version %q from slot %d (%d nodes) once its readers' grace had passed: Neo4j holds one graph\n",
			report.PreviousVersion, 1-report.Slot, report.PreviousNodesDeleted)
	} else {
		fmt.Fprintf(out, "version %q is left in slot %d until the next load clears it\n", report.PreviousVersion, 1-report.Slot)
	}
	return nil
}

// waitReady retries Ping until Neo4j answers or the wait is over: a server that was just started may still be
// bringing its databases online. Refused credentials are reported at once: retrying them would lock the account.
func waitReady(ctx context.Context, st *store.Store, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := st.Ping(pingCtx)
		cancel()
		if store.RefusedCredentials(err) {
			return fmt.Errorf("%w: set NEO4J_USER and NEO4J_PASSWORD to that server's (not retried: Neo4j locks an "+
				"account after a few failed logins)", err)
		}
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(time.Second)
	}
}
