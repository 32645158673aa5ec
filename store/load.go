package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cybercoop/cybercoop"
)

// graphLabels are the node labels the knowledge graph is made of, in slot 0 (slot.go). Load refuses any other, and
// clears only these (of the slot it writes), so nothing else in the database is ever deleted by a load.
var graphLabels = []string{"Source", "Convention", "Project", "Organization", "Country", "Activity", "Theme", "Goal"}

// relationshipType is what a relationship type must look like before it is written into a statement: Cypher
// cannot take labels or types as parameters, and these come from the loader's code, never from users.
var relationshipType = regexp.MustCompile(`^[A-Z][A-Z_]*$`)

// batchSize bounds the rows written or deleted in one transaction of a load: large enough that 100,000 activities
// take a few transactions, small enough that one stays a few megabytes and the largest graphs fit Neo4j's heap.
const batchSize = 20000

// LoadReport says what a load did.
type LoadReport struct {
	Version         string
	PreviousVersion string
	Unchanged       bool // the database already held this version: nothing was written.
	Slot            int  // the slot the data is in after the load
	GraceWait       time.Duration
	Nodes           int
	Relationships   int
	NodesCreated    int
	NodesDeleted    int // cleared from the slot the load wrote: what a load that stopped before clearing left there
	// PreviousCleared says the slot switched away from was cleared once its grace had passed (PreviousNodesDeleted
	// nodes), so that the database holds one graph; false with LoadOptions.KeepPrevious or when the load stopped
	// before, which leaves it to the next load.
	PreviousCleared      bool
	PreviousNodesDeleted int
	RelationshipsCreated int
	RelationshipsDeleted int
	PropertiesSet        int
	Duration             time.Duration
}

// DataVersion returns the version stamp of the data: the pinned one for a context made by Pin, else the current
// one, read from the database (and remembered for Pin); "" when nothing has been loaded.
func (s *Store) DataVersion(ctx context.Context) (string, error) {
	if p, ok := ctx.Value(pinKey{}).(pin); ok {
		return p.version, nil
	}
	p, err := s.readVersion(ctx)
	return p.version, err
}

// LoadOptions change what Load does.
type LoadOptions struct {
	// Replace writes the dataset even when the database holds its version already.
	Replace bool
	// Check, when set, is given what the current slot holds, by identity (its ids and relationship ends), before
	// anything is written; an error from it stops the load with nothing written.
	Check func(current Keys) error
	// BatchSize is the most rows written or deleted in one transaction; zero means 20,000.
	BatchSize int
	// Progress, when set, hears after each batch of the graph how many of its nodes and relationships are written.
	Progress func(written, total int)
	// KeepPrevious returns right after the switch, leaving the slot switched away from to the next load, which
	// clears it before writing; by default Load waits out its grace and clears it.
	KeepPrevious bool

	// lease is how long the load lease holds without renewal; zero means loadLease. Tests shorten it.
	lease time.Duration
	// pause, when set, is called before each write statement, named, once the lease has been renewed if it was
	// due: where a stalled loader stops, between its last look at the lease and its write. Tests stop a load there.
	pause func(statement string)
}

// Load makes the database hold exactly the given dataset, stamped with version. It writes the slot that is not
// current (see slot.go): it clears it, writes the nodes, then the relationships, in transactions of at most
// BatchSize rows each, checks that the slot holds what the dataset holds, and then switches to it in one small
// transaction. Readers see the old data until that commit and the new data after it. Once Config.SwitchGrace has
// passed after the switch, so that readers pinned to the old data have finished, it clears the slot switched away
// from (unless opts.KeepPrevious): between loads the database holds one graph. A load that fails or is cancelled
// midway leaves the current data and version as they were (the next load clears what it wrote). Before clearing
// the slot it writes, Load waits until Config.SwitchGrace has passed since the last switch, for a load that stopped
// before clearing the slot it switched away from. One load runs at a time: a load meanwhile fails, saying so. Every write of a load checks,
// in its own transaction, that the load still holds the load lease (see lease); a load that stalled until another
// took the lease over fails, saying so, writing nothing more and deleting nothing but what it staged itself. Each
// write counts what it wrote, and Load does not switch to a slot, projection or route map that holds less than the
// dataset gives. When the database already holds version (and opts.Replace is not set), Load writes nothing and
// reports Unchanged.
func (s *Store) Load(ctx context.Context, data cybercoop.Dataset, version string, opts LoadOptions) (LoadReport, error) {
	started := time.Now()
	report := LoadReport{Version: version, Nodes: len(data.Nodes), Relationships: len(data.Relationships)}
	if err := checkDataset(data); err != nil {
		return report, err
	}
	data = withDerived(data)
	res, err := s.writeAs(ctx, "data_version", versionQuery, nil)
	if err != nil {
		return report, fmt.Errorf("load dataset %s: read data version: %w", version, err)
	}
	var current pin
	keepsLastIDs := false
	if len(res.Records) > 0 {
		current = decodePin(res.Records[0].AsMap())
		keepsLastIDs, _ = res.Records[0].AsMap()["keepsLastIds"].(bool)
	}
	report.PreviousVersion, report.Slot = current.version, current.slot
	// A projection of an older format (or none: loaded before it existed) is written by a load of the same data, and
	// so is a version whose last ids (Keys.LastIDs) were not kept: the shrink check of the next load needs them.
	if current.version == version && !opts.Replace && strings.HasPrefix(current.projection, derivedFormat) && keepsLastIDs {
		report.Unchanged = true
		report.Duration = time.Since(started)
		return report, nil
	}
	err = s.stage(ctx, data, version, opts, &report)
	report.Duration = time.Since(started)
	if refused, ok := errors.AsType[refusal](err); ok {
		return report, refused.err
	}
	if err != nil {
		return report, fmt.Errorf("load dataset %s: %w", version, err)
	}
	return report, nil
}

// versionQuery reads the data version node; a database loaded before slots has no slot, which means slot 0.
const versionQuery = `
MATCH (v:DataVersion {id: 'current'})
RETURN v.version AS version, coalesce(v.slot, 0) AS slot, v.projection AS projection,
  v.lastIds IS NOT NULL AS keepsLastIds`

// stage writes data into the slot that is not current, under the load lease, and switches to it. Every write is
// fenced by the lease (see lease.write): a load that has lost it writes nothing more, and then deletes only the
// projection it staged itself.
func (s *Store) stage(ctx context.Context, data cybercoop.Dataset, version string, opts LoadOptions, report *LoadReport) (err error) {
	l := &lease{s: s, token: fmt.Sprintf("load-%d", time.Now().UnixNano()), hold: cmp.Or(opts.lease, loadLease),
		pause: opts.pause}
	current, sinceSwitch, err := l.claim(ctx)
	if err != nil {
		return err
	}
	defer l.release(ctx)
	report.PreviousVersion, report.Slot = current.version, current.slot
	if opts.Check != nil {
		keys, err := graphKeys(withPin(ctx, current), s.write)
		if err != nil {
			return err
		}
		if err := l.keep(ctx); err != nil {
			return err
		}
		if err := opts.Check(keys); err != nil {
			return refusal{err}
		}
	}
	if wait := s.grace - sinceSwitch; wait > 0 {
		report.GraceWait = wait
		if err := l.wait(ctx, wait); err != nil {
			return fmt.Errorf("wait for readers of slot %d: %w", 1-current.slot, err)
		}
	}
	target := pin{version: version, slot: 1 - current.slot}
	ctx = withPin(ctx, target)
	size := cmp.Or(opts.BatchSize, batchSize)
	if err := s.clearSlot(ctx, size, l, report); err != nil {
		return fmt.Errorf("clear slot %d: %w", target.slot, err)
	}
	// The collaborations projection and the route map are written under a token of their own (collaborations.go);
	// the switch points the data version at it. A load that fails deletes what it staged under its token; one that
	// switched deletes the projections no reader uses any more, while it holds the lease.
	target.projection = fmt.Sprintf("%s%d", derivedFormat, time.Now().UnixNano())
	defer func() {
		if err != nil {
			if dropErr := s.dropOwnProjection(context.WithoutCancel(ctx), target.projection); dropErr != nil {
				slog.Warn("this load's collaborations are left in the database until the next load", "error", dropErr)
			}
		}
	}()
	proj, routes := projectCollaborations(data), mapRoutes(data)
	if err := s.stageCollaborations(ctx, proj, target.projection, size, l); err != nil {
		return err
	}
	if err := s.writeDataset(ctx, data, size, l, opts.Progress, report); err != nil {
		return err
	}
	// A batch retried by the driver after its commit was lost would have written twice: never switch to that.
	written, err := graphCounts(ctx, s.write)
	if err != nil {
		return err
	}
	if want := data.Counts(); !maps.Equal(written.Nodes, want.Nodes) || !maps.Equal(written.Relationships, want.Relationships) {
		return fmt.Errorf("slot %d holds %v after writing, the dataset %v: not switched", target.slot, written, want)
	}
	if err := s.stageRoutes(ctx, routes, target.projection, size, l); err != nil {
		return err
	}
	if err := s.checkStaged(ctx, target.projection, stagedOf(proj, routes)); err != nil {
		return fmt.Errorf("%w: not switched", err)
	}
	if err := l.awaitIndexes(ctx, target.slot); err != nil {
		return err
	}
	if err := l.switchTo(ctx, target, data); err != nil {
		return err
	}
	s.remember(target, time.Now())
	report.Slot = target.slot
	if err := s.dropStaleCollaborations(ctx, l); err != nil {
		slog.Warn("stale collaborations are left in the database until the next load", "error", err)
	}
	if opts.KeepPrevious {
		return nil
	}
	if err := s.retire(ctx, current, size, l, report); err != nil {
		slog.Warn("the data switched away from is left in the database until the next load", "slot", current.slot, "error", err)
	}
	return nil
}

// retire waits out the grace of the slot a load switched away from, renewing the lease, then deletes that slot's
// graph and the collaborations projection and route map its readers used, still under the lease: no other load can
// start meanwhile, and a load that stops before the end leaves the rest to the next load.
func (s *Store) retire(ctx context.Context, previous pin, size int, l *lease, report *LoadReport) error {
	report.GraceWait += s.grace
	if err := l.wait(ctx, s.grace); err != nil {
		return err
	}
	var cleared LoadReport
	err := s.clearSlot(withPin(ctx, previous), size, l, &cleared)
	report.PreviousNodesDeleted = cleared.NodesDeleted
	if err != nil {
		return fmt.Errorf("clear slot %d: %w", previous.slot, err)
	}
	const forget = `
MATCH (v:DataVersion {id: 'current'})
REMOVE v.previousProjection
RETURN count(v) AS written`
	if _, _, err := l.write(ctx, "forget_previous_projection", forget, nil); err != nil {
		return err
	}
	if err := s.dropStaleCollaborations(ctx, l); err != nil {
		return err
	}
	report.PreviousCleared = true
	return nil
}

// clearSlot deletes the graph of the context's slot, a batch of nodes and their relationships per transaction.
// Activities go first: the other nodes then keep few relationships, so no transaction deletes a hub's thousands.
func (s *Store) clearSlot(ctx context.Context, size int, l *lease, report *LoadReport) error {
	for _, label := range clearOrder {
		query := fmt.Sprintf("MATCH (x:%s) WITH x LIMIT $rows DETACH DELETE x RETURN count(*) AS written", label)
		for {
			deleted, res, err := l.write(ctx, "clear_slot", query, map[string]any{"rows": size})
			if err != nil {
				return err
			}
			count(res.Summary, report)
			if deleted == 0 {
				break
			}
		}
	}
	return nil
}

// clearOrder is graphLabels with activities first.
var clearOrder = append([]string{"Activity"}, slices.DeleteFunc(slices.Clone(graphLabels), func(l string) bool { return l == "Activity" })...)

// refusal carries the error of LoadOptions.Check out of Load unchanged.
type refusal struct{ err error }

func (r refusal) Error() string { return r.err.Error() }
