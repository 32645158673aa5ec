package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"strings"

	"github.com/cybercoop/cybercoop/cmd/internal/dbflags"
	"github.com/cybercoop/cybercoop/loader"
)

// importInventory reads the activity inventory of a source's document (a whole report: the inventory starts at its
// first month heading) and writes one activity record per entry to out, citing the document's lines and resolving
// names against the seed set. Nothing is written unless every line of the inventory is read.
func importInventory(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("import-inventory", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: loader import-inventory -source ID -prefix PREFIX [FILE] > seeds/activities-NAME.jsonl

Reads the document of source ID (its file in sources.jsonl, from the documents folder) from its first month heading
on, and writes one activity record per entry for review: id PREFIX-N and locator "annex, line N", N the entry's line
in the document. PREFIX is the one the seeds' activities of that source have (cproc-2018- for cproc-report-2018), or
for a report no activity cites yet, a new one. FILE, when given, must be that document itself: an extract would
number its lines otherwise. Every line of the inventory becomes a record or an error naming its line; on any error,
or when an activity of the seeds from that source is not given again, nothing is written and the status is 1.

Flags:`)
		fs.PrintDefaults()
	}
	seedsDir := fs.String("seeds", dbflags.Env("SEEDS_DIR", "seeds"), "folder of seed files whose names to resolve against")
	documents := registerDocuments(fs)
	sourceID := fs.String("source", "", "id of the source in sources.jsonl whose document holds the inventory (required)")
	prefix := fs.String("prefix", "", "prefix of the activity ids, e.g. cproc-2018- (required)")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return &usageError{err, fs}
	}
	if fs.NArg() > 1 {
		return &usageError{fmt.Errorf("import-inventory takes at most one FILE; unexpected argument %q (flags come "+
			"before it)", fs.Arg(1)), fs}
	}
	if *sourceID == "" || *prefix == "" {
		return &usageError{errors.New("import-inventory needs -source and -prefix"), fs}
	}
	folder, err := readSeeds(*seedsDir, *documents, nil)
	if err != nil {
		return err
	}
	seeds, docs := folder.seeds, folder.documents
	file, err := loader.CheckImport(seeds, *sourceID, *prefix)
	if err != nil {
		return err
	}
	data, err := iofs.ReadFile(docs, file)
	if err != nil {
		return fmt.Errorf("-source %s: %w", *sourceID, err)
	}
	if given := fs.Arg(0); given != "" {
		other, err := os.ReadFile(given)
		if err != nil {
			return err
		}
		if !bytes.Equal(other, data) {
			return fmt.Errorf("%s is not the document of %s (%s in the documents folder): the records cite the "+
				"lines of that document; leave FILE out, or put the new report into the documents folder and "+
				"sources.jsonl", given, *sourceID, file)
		}
	}
	records, err := loader.ReadInventory(bytes.NewReader(data), file, loader.NewGazetteer(seeds), *sourceID, *prefix)
	if err != nil {
		return err
	}
	if missing := loader.MissingFromImport(seeds, *sourceID, records); len(missing) > 0 {
		return fmt.Errorf("%s: the seeds hold %d activities from %s that the import does not give (%s): their "+
			"lines are no longer read as entries, or the ids' prefix is not %s", file, len(missing), *sourceID,
			strings.Join(missing[:min(len(missing), 10)], ", "), *prefix)
	}
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for _, rec := range records {
		if err := enc.Encode(rec); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "import-inventory: %d activities from %s (%s)\n", len(records), *sourceID, file)
	return nil
}
