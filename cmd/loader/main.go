// Command loader validates the seed files and loads them into Neo4j.
//
//	loader [flags]                     validate seeds/ and load it beside the current data, then switch to it in one
//	                                   step (nothing changes if anything fails)
//	loader -dry-run                    validate only, print what would be loaded
//	loader -wipe                       load even when the database holds this version already
//	loader -allow-shrink               load even when a label or relationship type would lose over -max-shrink %
//	loader import-inventory [flags] F  turn a C-PROC activity inventory into activity seed records, for review
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/cmd/internal/dbflags"
	"github.com/cybercoop/cybercoop/loader"
	"github.com/cybercoop/cybercoop/store"
)

func main() {
	run := load
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "import-inventory" {
		run, args = importInventory, args[1:]
	}
	if err := run(args); err != nil {
		fmt.Fprintln(os.Stderr, "loader:", err)
		os.Exit(1)
	}
}

func load(args []string) error {
	fs := flag.NewFlagSet("loader", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: loader [flags]\n\nValidates the seed files and loads them into Neo4j beside the current data, then switches to\nthem in one transaction.\n\nFlags:")
		fs.PrintDefaults()
	}
	db := dbflags.Register(fs)
	seedsDir := fs.String("seeds", dbflags.Env("SEEDS_DIR", "seeds"), "folder of seed files (env SEEDS_DIR)")
	dryRun := fs.Bool("dry-run", false, "validate the seeds and report what would be loaded, without touching Neo4j")
	wipe := fs.Bool("wipe", false, "write the knowledge graph afresh even when the database holds this version "+
		"already: readers see the old graph until the new one is switched to (other data in the database is kept)")
	maxShrink := fs.Float64("max-shrink", 20, "refuse a load that would delete more than this percentage of the nodes "+
		"of a label, or of the relationships of a type, that the graph holds (an emptied or truncated seed file)")
	allowShrink := fs.Bool("allow-shrink", false, "load even when the graph would shrink by more than -max-shrink")
	wait := fs.Duration("wait", 60*time.Second, "how long to wait for Neo4j to answer before giving up")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}

	seeds, err := loader.Read(os.DirFS(*seedsDir))
	if err != nil {
		return fmt.Errorf("%s: %w", *seedsDir, err)
	}
	fmt.Printf("seeds valid: %d nodes, %d relationships, version %s\n",
		len(seeds.Dataset.Nodes), len(seeds.Dataset.Relationships), seeds.Version)
	if *dryRun {
		return nil
	}

	if err := dbflags.Validate(db); err != nil {
		return err
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	ctx := context.Background()
	defer st.Close(ctx)
	if err := waitReady(ctx, st, *wait); err != nil {
		return fmt.Errorf("neo4j at %s: %w", db.URI, err)
	}
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	checkShrink := func(current cybercoop.Counts) error {
		if *allowShrink {
			return nil
		}
		if err := seeds.CheckShrink(current, *maxShrink); err != nil {
			return fmt.Errorf("%s: %w\nnothing was loaded; if the seeds are right, load them with -allow-shrink", *seedsDir, err)
		}
		return nil
	}
	// Large loads take minutes: say how far they are, every tenth.
	reported := 0
	progress := func(written, total int) {
		if tenth := written * 10 / total; tenth > reported {
			reported = tenth
			fmt.Printf("written %d of %d nodes and relationships\n", written, total)
		}
	}
	report, err := st.Load(ctx, seeds.Dataset, seeds.Version, store.LoadOptions{Replace: *wipe, Check: checkShrink, Progress: progress})
	if err != nil {
		return err
	}
	if report.Unchanged {
		fmt.Printf("unchanged: the database already holds version %s\n", report.Version)
		return nil
	}
	fmt.Printf("loaded version %s (was %q) into slot %d in %s (%s of it waiting for readers of the slot): "+
		"%d nodes and %d relationships written, %d and %d cleared from the slot\n",
		report.Version, report.PreviousVersion, report.Slot, report.Duration.Round(time.Millisecond),
		report.GraceWait.Round(time.Millisecond), report.NodesCreated, report.RelationshipsCreated,
		report.NodesDeleted, report.RelationshipsDeleted)
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

// importInventory parses an inventory text (a whole report is fine: it starts at the first month heading) and
// writes one activity record per entry to standard output, resolving names against the seed set.
func importInventory(args []string) error {
	fs := flag.NewFlagSet("import-inventory", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: loader import-inventory [flags] FILE > seeds/activities-NAME.jsonl\n\n"+
			"Turns a C-PROC activity inventory into activity seed records for review. Lines it cannot read are\n"+
			"reported with their numbers and nothing is written.\n\nFlags:")
		fs.PrintDefaults()
	}
	seedsDir := fs.String("seeds", dbflags.Env("SEEDS_DIR", "seeds"), "folder of seed files whose names to resolve against")
	sourceID := fs.String("source", "", "id of the source document in sources.jsonl (required)")
	prefix := fs.String("prefix", "", "prefix of the activity ids, e.g. cproc-2018 (required)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() != 1 || *sourceID == "" || *prefix == "" {
		fs.Usage()
		return errors.New("import-inventory needs -source, -prefix and one FILE")
	}
	seeds, err := loader.Read(os.DirFS(*seedsDir))
	if err != nil {
		return fmt.Errorf("%s: %w", *seedsDir, err)
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	records, err := loader.ReadInventory(f, fs.Arg(0), loader.NewGazetteer(seeds), *sourceID, *prefix)
	if err != nil {
		return err
	}
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)
	for _, rec := range records {
		if err := out.Encode(rec); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "import-inventory: %d activities\n", len(records))
	return nil
}
