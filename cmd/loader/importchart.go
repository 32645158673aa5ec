package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/cmd/internal/dbflags"
	"github.com/cybercoop/cybercoop/loader"
	"github.com/cybercoop/cybercoop/store"
)

// importChart validates a newer treaty chart, says how it differs from the graph loaded now, and loads the seeds
// with it in place of the chart of the same treaty.
func importChart(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("import-chart", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: loader import-chart [flags] FILE

FILE is a newer treaty chart of the same shape as one of seeds/charts/: which treaty comes from its file name's
prefix (ets185-, cets224-, ets189-, uncc-) or its "# treaty:" header (ETS No. 185, CETS No. 224, ETS No. 189, United
Nations Convention against Cybercrime). It is validated like the seeds (every problem listed by line, nothing
loaded on any), its changes against the graph loaded in Neo4j are printed (new signatures, ratifications and
accessions, changed dates, rows no longer there), then the seeds are loaded with FILE in place of the chart of the
same treaty, under the same shrink check as a load, and switched to. The seed folder is not changed: put FILE into
its charts/ folder, in place of the old chart, so that the next load keeps it.

Flags:`)
		fs.PrintDefaults()
	}
	db := dbflags.Register(fs)
	seedsDir := fs.String("seeds", dbflags.Env("SEEDS_DIR", "seeds"), "folder of seed files (env SEEDS_DIR)")
	documents := registerDocuments(fs)
	dryRun := fs.Bool("dry-run", false, "validate FILE and print its changes against the graph, without loading it")
	shrink := registerShrink(fs)
	wait := fs.Duration("wait", 60*time.Second, "how long to wait for Neo4j to answer before giving up")
	if err := parseArgs(fs, args, 1, "FILE (the newer chart)"); err != nil {
		return err
	}
	file := fs.Arg(0)
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	chart, err := loader.ReadChart(file, data)
	if err != nil {
		return err
	}
	folder, err := readSeeds(*seedsDir, *documents, chart)
	if err != nil {
		return fmt.Errorf("with %s: %w", file, err)
	}
	seeds, replaced := folder.seeds, folder.replaced
	place := fmt.Sprintf("beside the other charts (%s has no %s chart)", filepath.Join(*seedsDir, loader.ChartsDir), chart.Short())
	if replaced != "" {
		place = "in place of " + filepath.Join(*seedsDir, replaced)
	}
	fmt.Fprintf(out, "%s: the %s chart (convention:%s), status as of %s, %d rows, %s\n", file, chart.Short(),
		chart.ConventionID, chart.StatusAsOf, len(chart.Rows), place)
	printValid(out, seeds)

	ctx := context.Background()
	st, err := openStore(ctx, db, *wait)
	if err != nil {
		return err
	}
	defer st.Close(ctx)
	ctx, version, err := st.Pin(ctx)
	if err != nil {
		return err
	}
	current, err := accessionEvents(ctx, st, chart.ConventionID)
	if err != nil {
		return err
	}
	changes := loader.ChartChanges(chart, current, seeds)
	fmt.Fprintf(out, "%d change(s) to the %s chart against the graph loaded now (version %q):\n", len(changes),
		chart.Short(), version)
	for _, c := range changes {
		fmt.Fprintln(out, "  "+c.String())
	}
	if *dryRun {
		return nil
	}
	if err := loadSeeds(context.Background(), out, st, seeds, fmt.Sprintf("%s with %s", *seedsDir, file), false, shrink); err != nil {
		return err
	}
	if replaced != "" {
		fmt.Fprintf(out, "the graph holds %s in place of %s; put it into the seed folder in its place, so that the "+
			"next load keeps it\n", file, filepath.Join(*seedsDir, replaced))
	} else {
		fmt.Fprintf(out, "the graph holds %s; put it into %s, so that the next load keeps it\n", file,
			filepath.Join(*seedsDir, loader.ChartsDir))
	}
	return nil
}

// accessionEvents reads the ACCESSION steps to a convention in the graph loaded now (the store's one read of them,
// which the API uses too) as the relationships the loader writes, for ChartChanges to compare with a newer chart.
func accessionEvents(ctx context.Context, st *store.Store, conventionID string) ([]cybercoop.Relationship, error) {
	ref := cybercoop.Ref{Kind: cybercoop.KindConvention, ID: conventionID}
	found, err := st.Accessions(ctx, []cybercoop.Ref{ref})
	if err != nil {
		return nil, fmt.Errorf("read the accession events of convention %q: %w", conventionID, err)
	}
	var out []cybercoop.Relationship
	for _, a := range found[ref].Steps {
		props := map[string]any{"status": a.Status}
		for key, value := range map[string]*string{"date": a.Date, "entryIntoForce": a.EntryIntoForce} {
			if value != nil {
				props[key] = *value
			}
		}
		out = append(out, cybercoop.Relationship{Type: "ACCESSION", FromLabel: string(a.Party.Kind), FromID: a.Party.ID,
			ToLabel: "Convention", ToID: conventionID, Props: props, Sources: a.Sources})
	}
	return out, nil
}
