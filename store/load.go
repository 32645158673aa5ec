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

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

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

// Counts returns how many nodes of each label and relationships of each type the current data holds (the pinned
// data for a context made by Pin).
func (s *Store) Counts(ctx context.Context) (cybercoop.Counts, error) {
	if _, ok := ctx.Value(pinKey{}).(pin); !ok {
		p, err := s.readVersion(ctx)
		if err != nil {
			return cybercoop.Counts{}, err
		}
		ctx = withPin(ctx, p)
	}
	return graphCounts(ctx, s.read)
}

// refusal carries the error of LoadOptions.Check out of Load unchanged.
type refusal struct{ err error }

func (r refusal) Error() string { return r.err.Error() }

// graphCounts counts the nodes per label and relationships per type of the context's slot, through run (s.read or
// s.write); a label or type the slot does not hold is left out.
func graphCounts(ctx context.Context, run func(context.Context, string, string, map[string]any) (*neo4j.EagerResult, error)) (cybercoop.Counts, error) {
	const countNodes = `
UNWIND $labels AS label
CALL (label) { MATCH (node:$(label)) RETURN count(node) AS n }
WITH label, n WHERE n > 0
RETURN label AS key, n`
	const countRelationships = `
MATCH (a)-[r]->() WHERE any(label IN labels(a) WHERE label IN $labels)
RETURN type(r) AS key, count(r) AS n`
	counts := cybercoop.Counts{Nodes: map[string]int{}, Relationships: map[string]int{}}
	params := map[string]any{"labels": labelsParam(graphLabels)}
	res, err := run(ctx, "count_nodes", countNodes, params)
	if err != nil {
		return counts, fmt.Errorf("count the graph: %w", err)
	}
	for _, rec := range res.Records {
		key, _ := rec.Get("key")
		n, _ := rec.Get("n")
		counts.Nodes[kindOfLabel(key.(string))] = int(n.(int64))
	}
	if res, err = run(ctx, "count_relationships", countRelationships, params); err != nil {
		return counts, fmt.Errorf("count the graph: %w", err)
	}
	for _, rec := range res.Records {
		key, _ := rec.Get("key")
		n, _ := rec.Get("n")
		counts.Relationships[key.(string)] = int(n.(int64))
	}
	return counts, nil
}

// Keys is what a graph holds by identity, rather than by count: the ids of its nodes per label and the ends of its
// relationships per kind, as a load's shrink check compares them with the dataset it is about to load
// (LoadOptions.Check). A relationship's ends are its start and end node ids; several relationships of a kind may
// join the same two nodes.
type Keys struct {
	Nodes         map[string][]string
	Relationships map[RelationshipKind][]Ends
	// LastIDs holds, per label, the id of the node the dataset listed last (the last record of a seed file), as the
	// load that wrote the graph kept it; a label is missing for graphs written before loads kept it.
	LastIDs map[string]string
}

// RelationshipKind is a relationship type with the labels of its start and end nodes: PART_OF from an Activity to
// a Project is another kind than PART_OF from an Organization to an Organization.
type RelationshipKind struct{ From, Type, To string }

// Ends are the ids of a relationship's start and end nodes.
type Ends struct{ From, To string }

// KeysOf returns the keys of a dataset, its last node of each label as LastIDs.
func KeysOf(data cybercoop.Dataset) Keys {
	keys := Keys{Nodes: map[string][]string{}, Relationships: map[RelationshipKind][]Ends{}, LastIDs: lastIDs(data)}
	for _, n := range data.Nodes {
		keys.Nodes[n.Label] = append(keys.Nodes[n.Label], n.ID)
	}
	for _, r := range data.Relationships {
		kind := RelationshipKind{r.FromLabel, r.Type, r.ToLabel}
		keys.Relationships[kind] = append(keys.Relationships[kind], Ends{r.FromID, r.ToID})
	}
	return keys
}

// Counts returns how many nodes of each label and relationships of each type the keys hold.
func (k Keys) Counts() cybercoop.Counts {
	c := cybercoop.Counts{Nodes: map[string]int{}, Relationships: map[string]int{}}
	for label, ids := range k.Nodes {
		c.Nodes[label] += len(ids)
	}
	for kind, ends := range k.Relationships {
		c.Relationships[kind.Type] += len(ends)
	}
	return c
}

// lastIDs returns the id of the last node of each label of data.
func lastIDs(data cybercoop.Dataset) map[string]string {
	last := map[string]string{}
	for _, n := range data.Nodes {
		last[n.Label] = n.ID
	}
	return last
}

// graphKeys reads the keys of the context's slot through run (s.read or s.write), and the last ids the data
// version keeps for it; a label or kind the slot does not hold is left out.
func graphKeys(ctx context.Context, run func(context.Context, string, string, map[string]any) (*neo4j.EagerResult, error)) (Keys, error) {
	const nodeIDs = `
UNWIND $labels AS label
CALL (label) { MATCH (node:$(label)) RETURN collect(node.id) AS ids }
WITH label, ids WHERE size(ids) > 0
RETURN label, ids`
	const relationshipEnds = `
UNWIND $labels AS label
CALL (label) {
  MATCH (a:$(label))-[r]->(b)
  RETURN type(r) AS type, [l IN labels(b) WHERE l IN $labels][0] AS to, collect([a.id, b.id]) AS ends
}
RETURN label AS from, type, to, ends`
	const lastIDsQuery = `MATCH (v:DataVersion {id: 'current'}) RETURN coalesce(v.lastIds, []) AS last`
	keys := Keys{Nodes: map[string][]string{}, Relationships: map[RelationshipKind][]Ends{}, LastIDs: map[string]string{}}
	params := map[string]any{"labels": labelsParam(graphLabels)}
	res, err := run(ctx, "node_ids", nodeIDs, params)
	if err != nil {
		return keys, fmt.Errorf("read the graph's ids: %w", err)
	}
	for _, rec := range res.Records {
		label, _ := rec.Get("label")
		ids, _ := rec.Get("ids")
		for _, id := range ids.([]any) {
			keys.Nodes[kindOfLabel(label.(string))] = append(keys.Nodes[kindOfLabel(label.(string))], id.(string))
		}
	}
	if res, err = run(ctx, "relationship_ends", relationshipEnds, params); err != nil {
		return keys, fmt.Errorf("read the graph's relationships: %w", err)
	}
	for _, rec := range res.Records {
		m := rec.AsMap()
		to, _ := m["to"].(string)
		kind := RelationshipKind{From: kindOfLabel(m["from"].(string)), Type: m["type"].(string), To: kindOfLabel(to)}
		for _, pair := range m["ends"].([]any) {
			ends := pair.([]any)
			from, _ := ends[0].(string)
			to, _ := ends[1].(string)
			keys.Relationships[kind] = append(keys.Relationships[kind], Ends{from, to})
		}
	}
	if res, err = run(ctx, "last_ids", lastIDsQuery, nil); err != nil {
		return keys, fmt.Errorf("read the graph's last ids: %w", err)
	}
	for _, rec := range res.Records {
		last, _ := rec.Get("last")
		for _, v := range last.([]any) {
			if label, id, ok := strings.Cut(v.(string), ":"); ok {
				keys.LastIDs[label] = id
			}
		}
	}
	return keys, nil
}

// writeDataset writes data into the context's slot, which is empty: the nodes, then the relationships, each batch
// in a transaction of its own, which must write every row of it.
func (s *Store) writeDataset(ctx context.Context, data cybercoop.Dataset, size int, l *lease, progress func(int, int), report *LoadReport) error {
	rows, total := 0, len(data.Nodes)+len(data.Relationships)
	done := func(batch int) {
		if rows += batch; progress != nil {
			progress(rows, total)
		}
	}
	for label, nodes := range nodeRows(data.Nodes) {
		query := fmt.Sprintf("UNWIND $rows AS row CREATE (x:%s) SET x = row.props RETURN count(x) AS written", label)
		for batch := range batches(nodes, size) {
			written, res, err := l.write(ctx, "write_nodes", query, map[string]any{"rows": batch})
			if err != nil {
				return fmt.Errorf("write %s nodes: %w", label, err)
			}
			if written != len(batch) {
				return fmt.Errorf("write %s nodes: %d of %d written", label, written, len(batch))
			}
			count(res.Summary, report)
			done(len(batch))
		}
	}
	for key, rels := range relationshipRows(data.Relationships) {
		// A relationship whose end is missing would be silently skipped by MATCH; count what was written instead.
		query := fmt.Sprintf(`
UNWIND $rows AS row
MATCH (a:%s {id: row.from})
MATCH (b:%s {id: row.to})
CREATE (a)-[r:%s]->(b) SET r = row.props
RETURN count(r) AS written`, key.from, key.to, key.kind)
		for batch := range batches(rels, size) {
			written, res, err := l.write(ctx, "write_relationships", query, map[string]any{"rows": batch})
			if err != nil {
				return fmt.Errorf("write %s relationships: %w", key.kind, err)
			}
			if written != len(batch) {
				return fmt.Errorf("write %s relationships from %s to %s: %d of %d found both ends",
					key.kind, key.from, key.to, written, len(batch))
			}
			count(res.Summary, report)
			done(len(batch))
		}
	}
	return nil
}

// loadLease is how long a load may hold the right to write the slot that is not current without renewing it. A
// load renews it every quarter of that, so a loader that died blocks the next load for at most this long.
const loadLease = 2 * time.Minute

// errLeaseLost is what a load that lost its lease stops with.
var errLeaseLost = errors.New("the load lease expired and another load took it over: this load stopped, writing nothing more")

// lease is a load's hold on the slot that is not current: one node, LoadLease {id: 'current'}, which holds the
// token of the load that holds it, when the hold ends unless renewed (until), and a fence: a number incremented
// at each claim. Every write of a load (lease.write) checks, in its own transaction and under the lease node's
// write lock, that the node still holds the load's token and fence, and writes nothing otherwise: a load that
// stalled past its lease, while another took the lease over, cannot write into the other's slot when it wakes.
type lease struct {
	s       *Store
	token   string
	fence   int64
	hold    time.Duration // how long the lease holds without renewal
	renewed time.Time
	pause   func(statement string) // LoadOptions.pause
}

// claim takes the lease (an expired one is taken over, with the next fence) and returns the current data version
// and the time since its switch (zero when it was never switched). The lease node is locked (written) before it
// is read, so two claims at once take turns: the second sees the first's token.
func (l *lease) claim(ctx context.Context) (pin, time.Duration, error) {
	const claim = `
MERGE (l:LoadLease {id: 'current'})
SET l._lock = true
REMOVE l._lock
WITH l, l.token IS NULL OR coalesce(l.until < datetime(), true) AS free
FOREACH (claimed IN CASE WHEN free THEN [true] ELSE [] END |
  SET l.fence = coalesce(l.fence, 0) + 1, l.token = $token, l.since = datetime(),
    l.until = datetime() + duration({milliseconds: $ms}))
WITH l, free
OPTIONAL MATCH (v:DataVersion {id: 'current'})
RETURN free AS claimed, l.fence AS fence, toString(l.since) AS since, toString(l.until) AS until,
  v.version AS version, coalesce(v.slot, 0) AS slot, v.projection AS projection,
  datetime().epochMillis - v.switchedAt.epochMillis AS sinceSwitch`
	// The first renewal may come after the grace wait: the lease covers it.
	ms := (l.hold + l.s.grace).Milliseconds()
	l.renewed = time.Now()
	res, err := l.s.writeAs(ctx, "load_lease", claim, map[string]any{"token": l.token, "ms": ms})
	if err != nil {
		return pin{}, 0, fmt.Errorf("take the load lease: %w", err)
	}
	m := res.Records[0].AsMap()
	if m["claimed"] != true {
		return pin{}, 0, fmt.Errorf("another load is running (since %v; its lease ends at %v unless it renews it): "+
			"nothing was written, load again once it has finished", m["since"], m["until"])
	}
	l.fence, _ = m["fence"].(int64)
	since, switched := m["sinceSwitch"].(int64)
	if !switched {
		// No load ever switched (an empty database, or one loaded before slots): nobody reads the other slot.
		return decodePin(m), l.s.grace, nil
	}
	return decodePin(m), time.Duration(since) * time.Millisecond, nil
}

// leaseHeld starts a statement that runs only while the lease is held: it write-locks the lease node (a property
// set and removed, which changes nothing), so that a claim cannot commit between this check and the statement's
// commit, then reads whether the node holds the load's token and fence.
const leaseHeld = `
MATCH (lease:LoadLease {id: 'current'})
SET lease._lock = true
REMOVE lease._lock
WITH lease.token = $leaseToken AND lease.fence = $leaseFence AS held
`

// leaseLockProperties is what leaseHeld adds to a statement's count of properties set: the lock's set and remove.
const leaseLockProperties = 2

// write runs a write statement of the load, in the slot of the context's pin, only while the lease is held, in
// the same transaction as the check: the statement runs after the check, and must end with RETURN ... AS written,
// one row, which write returns. It renews the lease first when a quarter of it has passed. When the lease is not
// held it writes nothing and fails with errLeaseLost.
func (l *lease) write(ctx context.Context, name, query string, params map[string]any) (int, *neo4j.EagerResult, error) {
	if err := l.keep(ctx); err != nil {
		return 0, nil, err
	}
	if l.pause != nil {
		l.pause(name)
	}
	fenced := leaseHeld + "CALL (held) {\n  WITH held WHERE held\n" + query + "\n}\nRETURN held, written"
	fencedParams := make(map[string]any, len(params)+2)
	maps.Copy(fencedParams, params)
	fencedParams["leaseToken"], fencedParams["leaseFence"] = l.token, l.fence
	res, err := l.s.write(ctx, name, fenced, fencedParams)
	if err != nil {
		return 0, nil, err
	}
	if len(res.Records) != 1 {
		return 0, nil, errLeaseLost // no lease node: something deleted it
	}
	held, _ := res.Records[0].Get("held")
	written, _ := res.Records[0].Get("written")
	if held != true {
		return 0, nil, errLeaseLost
	}
	n, _ := written.(int64)
	return int(n), res, nil
}

// keep renews the lease when a quarter of it has passed, and fails when another load has taken it over.
func (l *lease) keep(ctx context.Context) error {
	if time.Since(l.renewed) < l.hold/4 {
		return nil
	}
	const renew = `
MATCH (l:LoadLease {id: 'current'})
SET l._lock = true
REMOVE l._lock
WITH l WHERE l.token = $token AND l.fence = $fence
SET l.until = datetime() + duration({milliseconds: $ms})
RETURN count(l) AS held`
	renewed := time.Now()
	res, err := l.s.writeAs(ctx, "load_lease", renew, map[string]any{"token": l.token, "fence": l.fence,
		"ms": l.hold.Milliseconds()})
	if err != nil {
		return fmt.Errorf("renew the load lease: %w", err)
	}
	if held, _ := res.Records[0].Get("held"); held != int64(1) {
		return errLeaseLost
	}
	l.renewed = renewed
	return nil
}

// wait waits for d, renewing the lease as it goes.
func (l *lease) wait(ctx context.Context, d time.Duration) error {
	end := time.Now().Add(d)
	for {
		left := time.Until(end)
		if left <= 0 {
			return nil
		}
		timer := time.NewTimer(min(left, l.hold/4))
		select {
		case <-ctx.Done():
			timer.Stop()
			return classify(ctx, ctx.Err())
		case <-timer.C:
		}
		if err := l.keep(ctx); err != nil {
			return err
		}
	}
}

// indexWait bounds the wait for the indexes before a switch. The lease, renewed just before, holds for longer. A
// variable for the tests.
var indexWait = time.Minute

// awaitIndexes waits until every index is online and the eventually consistent full-text indexes have applied what
// the load committed: a search right after the switch would miss new names, and the HTTP layer would cache that
// answer for the whole version. It runs on the server the load wrote to, whose indexes the waits are about.
func (l *lease) awaitIndexes(ctx context.Context, slot int) error {
	const await = `
CALL db.awaitIndexes($seconds)
CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()`
	if err := l.keep(ctx); err != nil {
		return err
	}
	waitCtx, cancel := context.WithTimeout(ctx, indexWait)
	defer cancel()
	_, err := l.s.writeAs(waitCtx, "await_indexes", await, map[string]any{"seconds": int64(indexWait / time.Second)})
	if err != nil && ctx.Err() == nil && waitCtx.Err() != nil {
		return fmt.Errorf("the indexes of slot %d did not catch up within %v: not switched: %w", slot, indexWait, err)
	}
	if err != nil {
		return fmt.Errorf("wait for the indexes of slot %d: not switched: %w", slot, err)
	}
	return l.keep(ctx)
}

// switchTo makes p the current data version, if the lease is still held: the one transaction readers see. It
// keeps, with the version, the last id of each label of data (Keys.LastIDs).
func (l *lease) switchTo(ctx context.Context, p pin, data cybercoop.Dataset) error {
	const switchVersion = `
MERGE (v:DataVersion {id: 'current'})
SET v.previousProjection = v.projection, v.version = $version, v.slot = $slot, v.projection = $projection,
  v.switchedAt = datetime(), v.nodes = $nodes, v.relationships = $relationships, v.lastIds = $lastIds
REMOVE v.loadedAt // what loads before slots wrote instead of switchedAt
RETURN count(v) AS written`
	last := lastIDs(data)
	lastIds := make([]string, 0, len(last))
	for _, label := range slices.Sorted(maps.Keys(last)) {
		lastIds = append(lastIds, keyOf(label, last[label]))
	}
	_, _, err := l.write(ctx, "switch_version", switchVersion, map[string]any{"version": p.version,
		"slot": p.slot, "projection": p.projection, "nodes": len(data.Nodes), "relationships": len(data.Relationships),
		"lastIds": lastIds})
	if errors.Is(err, errLeaseLost) {
		return fmt.Errorf("%w: not switched", err)
	}
	if err != nil {
		return fmt.Errorf("switch to slot %d: %w", p.slot, err)
	}
	return nil
}

// release gives the lease up, if this load still holds it, even when ctx is cancelled; a lease that cannot be
// released expires. The lease node stays, with its fence.
func (l *lease) release(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	const release = `
MATCH (l:LoadLease {id: 'current'})
SET l._lock = true
REMOVE l._lock
WITH l WHERE l.token = $token AND l.fence = $fence
REMOVE l.token, l.since
SET l.until = datetime()`
	if _, err := l.s.writeAs(ctx, "load_lease", release, map[string]any{"token": l.token, "fence": l.fence}); err != nil {
		slog.Warn("the load lease is left until it expires", "error", err)
	}
}

// count adds what a statement run by lease.write wrote to report, but for the lock it took on the lease node.
func count(summary neo4j.ResultSummary, report *LoadReport) {
	c := summary.Counters()
	report.NodesCreated += c.NodesCreated()
	report.NodesDeleted += c.NodesDeleted()
	report.RelationshipsCreated += c.RelationshipsCreated()
	report.RelationshipsDeleted += c.RelationshipsDeleted()
	report.PropertiesSet += c.PropertiesSet() - leaseLockProperties
}

// checkDataset refuses labels and relationship types the store does not know, before anything is written.
func checkDataset(data cybercoop.Dataset) error {
	known := map[string]bool{}
	for _, label := range graphLabels {
		known[label] = true
	}
	for _, n := range data.Nodes {
		if !known[n.Label] {
			return cybercoop.Errorf(cybercoop.EINVALID, "node %q has unknown label %q", n.ID, n.Label)
		}
	}
	for _, r := range data.Relationships {
		if !known[r.FromLabel] || !known[r.ToLabel] || !relationshipType.MatchString(r.Type) {
			return cybercoop.Errorf(cybercoop.EINVALID, "relationship %s from %s %q to %s %q is not a known kind",
				r.Type, r.FromLabel, r.FromID, r.ToLabel, r.ToID)
		}
	}
	return nil
}

// nodeRows groups nodes by label, each row carrying every property to set: the node's own, its id and its sources.
func nodeRows(nodes []cybercoop.Node) map[string][]map[string]any {
	rows := map[string][]map[string]any{}
	for _, n := range nodes {
		props := make(map[string]any, len(n.Props)+3)
		for k, v := range n.Props {
			props[k] = v
		}
		props["id"] = n.ID
		if len(n.Sources) > 0 {
			props["sources"] = encodeSources(n.Sources)
		}
		rows[n.Label] = append(rows[n.Label], map[string]any{"id": n.ID, "props": props})
	}
	return rows
}

type relationshipKind struct{ from, kind, to string }

// relationshipRows groups relationships by type and end labels, as each group is one statement.
func relationshipRows(rels []cybercoop.Relationship) map[relationshipKind][]map[string]any {
	rows := map[relationshipKind][]map[string]any{}
	for _, r := range rels {
		props := make(map[string]any, len(r.Props)+1)
		for k, v := range r.Props {
			props[k] = v
		}
		if len(r.Sources) > 0 {
			props["sources"] = encodeSources(r.Sources)
		}
		k := relationshipKind{r.FromLabel, r.Type, r.ToLabel}
		rows[k] = append(rows[k], map[string]any{"from": r.FromID, "to": r.ToID, "props": props})
	}
	return rows
}

// batches yields rows in slices of at most size.
func batches(rows []map[string]any, size int) func(func([]map[string]any) bool) {
	return func(yield func([]map[string]any) bool) {
		for start := 0; start < len(rows); start += size {
			if !yield(rows[start:min(start+size, len(rows))]) {
				return
			}
		}
	}
}

// sourceSeparator joins a source id and a locator in the stored `sources` list property: Neo4j properties cannot
// hold maps, and "doc#place" reads like a link to a place in a document.
const sourceSeparator = "#"

func encodeSources(refs []cybercoop.SourceRef) []string {
	out := make([]string, len(refs))
	for i, ref := range refs {
		out[i] = ref.SourceID + sourceSeparator + ref.Locator
	}
	return out
}

func decodeSources(values []any) []cybercoop.SourceRef {
	out := make([]cybercoop.SourceRef, 0, len(values))
	for _, v := range values {
		s, _ := v.(string)
		id, locator, _ := strings.Cut(s, sourceSeparator)
		out = append(out, cybercoop.SourceRef{SourceID: id, Locator: locator})
	}
	return out
}
