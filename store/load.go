package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cybercoop/cybercoop"
)

// graphLabels are the node labels the knowledge graph is made of. Load refuses any other, and stale-data removal
// touches only these, so nothing else in the database is ever deleted by a load.
var graphLabels = []string{"Source", "Convention", "Project", "Organization", "Country", "Activity", "Theme", "Goal"}

// relationshipType is what a relationship type must look like before it is written into a statement: Cypher
// cannot take labels or types as parameters, and these come from the loader's code, never from users.
var relationshipType = regexp.MustCompile(`^[A-Z][A-Z_]*$`)

// batchSize bounds the rows sent in one statement: large enough that 100,000 activities take a few statements, small
// enough that one message stays a few megabytes.
const batchSize = 20000

// LoadReport says what a load did.
type LoadReport struct {
	Version              string
	PreviousVersion      string
	Unchanged            bool // the database already held this version: nothing was written.
	Nodes                int
	Relationships        int
	NodesCreated         int
	NodesDeleted         int
	RelationshipsCreated int
	RelationshipsDeleted int
	PropertiesSet        int
	Duration             time.Duration
}

// DataVersion returns the version stamp of the loaded data, or "" when nothing has been loaded.
func (s *Store) DataVersion(ctx context.Context) (string, error) {
	res, err := s.read(ctx, "data_version", "MATCH (v:DataVersion {id: 'current'}) RETURN v.version AS version", nil)
	if err != nil {
		return "", fmt.Errorf("read data version: %w", err)
	}
	if len(res.Records) == 0 {
		return "", nil
	}
	version, _ := res.Records[0].Get("version")
	text, _ := version.(string)
	return text, nil
}

// LoadOptions change what Load does before it writes.
type LoadOptions struct {
	// Replace deletes the whole knowledge graph and writes the dataset afresh, in the load's transaction: readers
	// see the old graph until it commits, then the new one, never an empty graph in between.
	Replace bool
	// Check, when set, is given what the graph holds before anything is written, inside the load's transaction; an
	// error from it stops the load with nothing written. It may run more than once (the transaction is retried).
	Check func(current cybercoop.Counts) error
}

// Load makes the database hold exactly the given dataset, stamped with version, in one transaction: either all of
// it is written and what the dataset no longer has is removed, or nothing changes. When the database already holds
// version (and opts.Replace is not set), it writes nothing and reports Unchanged.
func (s *Store) Load(ctx context.Context, data cybercoop.Dataset, version string, opts LoadOptions) (LoadReport, error) {
	started := time.Now()
	report := LoadReport{Version: version, Nodes: len(data.Nodes), Relationships: len(data.Relationships)}
	if err := checkDataset(data); err != nil {
		return report, err
	}
	data = withDerived(data)
	// The collaborations projection is written before the load's transaction, which switches to it (see
	// collaborations.go), unless this version is loaded already with a current projection.
	projection := ""
	current, err := s.projectionCurrent(ctx, version)
	if err != nil {
		return report, err
	}
	if !current || opts.Replace {
		if projection, err = s.stageCollaborations(ctx, data); err != nil {
			return report, err
		}
		defer func() {
			if err := s.dropStaleCollaborations(context.WithoutCancel(ctx)); err != nil {
				slog.Warn("stale collaborations are left in the database until the next load", "error", err)
			}
		}()
	}
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite})
	defer session.Close(ctx)
	_, err = session.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		report.NodesCreated, report.NodesDeleted, report.RelationshipsCreated = 0, 0, 0
		report.RelationshipsDeleted, report.PropertiesSet = 0, 0
		previous, err := currentVersion(ctx, tx)
		if err != nil {
			return nil, err
		}
		report.PreviousVersion = previous
		if previous == version && !opts.Replace {
			report.Unchanged = true
			if projection == "" {
				return nil, nil
			}
			return nil, run(ctx, tx, "MATCH (v:DataVersion {id: 'current'}) SET v.projection = $projection",
				map[string]any{"projection": projection}, &LoadReport{})
		}
		if projection == "" {
			return nil, errors.New("another load changed the data meanwhile: load again")
		}
		current, err := graphCounts(ctx, tx)
		if err != nil {
			return nil, err
		}
		if opts.Check != nil {
			if err := opts.Check(current); err != nil {
				return nil, refusal{err}
			}
		}
		fresh := len(current.Nodes) == 0
		if opts.Replace && !fresh {
			if err := run(ctx, tx, deleteGraph, map[string]any{"labels": graphLabels}, &report); err != nil {
				return nil, fmt.Errorf("delete the old graph: %w", err)
			}
			fresh = true
		}
		return nil, writeDataset(ctx, tx, data, version, projection, fresh, &report)
	})
	report.Duration = time.Since(started)
	if refused, ok := errors.AsType[refusal](err); ok {
		return report, refused.err
	}
	if err != nil {
		return report, fmt.Errorf("load dataset %s: %w", version, classify(ctx, err))
	}
	return report, nil
}

// Counts returns how many nodes of each label and relationships of each type the knowledge graph holds.
func (s *Store) Counts(ctx context.Context) (cybercoop.Counts, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeRead})
	defer session.Close(ctx)
	counts, err := neo4j.ExecuteRead(ctx, session, func(tx neo4j.ManagedTransaction) (cybercoop.Counts, error) {
		return graphCounts(ctx, tx)
	})
	return counts, classify(ctx, err)
}

// refusal carries the error of LoadOptions.Check out of the transaction unchanged (and unretried: the driver
// retries only its own transient errors).
type refusal struct{ err error }

func (r refusal) Error() string { return r.err.Error() }

// deleteGraph deletes the knowledge graph's nodes and their relationships, leaving anything else in the database.
const deleteGraph = `
MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels)
DETACH DELETE n`

// graphCounts counts the knowledge graph's nodes per label and relationships per type; a label or type the graph
// does not hold is left out.
func graphCounts(ctx context.Context, tx neo4j.ManagedTransaction) (cybercoop.Counts, error) {
	const countNodes = `
UNWIND $labels AS label
CALL (label) { MATCH (node:$(label)) RETURN count(node) AS n }
WITH label, n WHERE n > 0
RETURN label AS key, n`
	const countRelationships = `
MATCH (a)-[r]->() WHERE any(label IN labels(a) WHERE label IN $labels)
RETURN type(r) AS key, count(r) AS n`
	counts := cybercoop.Counts{Nodes: map[string]int{}, Relationships: map[string]int{}}
	for query, into := range map[string]map[string]int{countNodes: counts.Nodes, countRelationships: counts.Relationships} {
		res, err := tx.Run(ctx, query, map[string]any{"labels": graphLabels})
		if err != nil {
			return counts, fmt.Errorf("count the graph: %w", err)
		}
		records, err := res.Collect(ctx)
		if err != nil {
			return counts, fmt.Errorf("count the graph: %w", err)
		}
		for _, rec := range records {
			key, _ := rec.Get("key")
			n, _ := rec.Get("n")
			into[key.(string)] = int(n.(int64))
		}
	}
	return counts, nil
}

func currentVersion(ctx context.Context, tx neo4j.ManagedTransaction) (string, error) {
	res, err := tx.Run(ctx, "OPTIONAL MATCH (v:DataVersion {id: 'current'}) RETURN v.version AS version", nil)
	if err != nil {
		return "", err
	}
	record, err := res.Single(ctx)
	if err != nil {
		return "", err
	}
	version, _ := record.Get("version")
	s, _ := version.(string)
	return s, nil
}

// writeDataset makes the graph hold exactly data. Nodes keep their identity across loads (MERGE on id; CREATE into
// an empty graph, which is much faster), and nodes an earlier load wrote but data no longer holds are deleted.
// Relationships have no identity of their own: they are all deleted and written again, which also keeps apart
// several relationships between the same two nodes (two accession events, say). The data version stamp names the
// collaborations projection staged for it.
func writeDataset(ctx context.Context, tx neo4j.ManagedTransaction, data cybercoop.Dataset, version, projection string, fresh bool, report *LoadReport) error {
	write := "MERGE"
	if fresh {
		write = "CREATE"
	}
	for label, rows := range nodeRows(data.Nodes, version) {
		query := fmt.Sprintf("UNWIND $rows AS row %s (n:%s {id: row.id}) SET n = row.props", write, label)
		for batch := range batches(rows) {
			if err := run(ctx, tx, query, map[string]any{"rows": batch}, report); err != nil {
				return fmt.Errorf("write %s nodes: %w", label, err)
			}
		}
	}
	if !fresh {
		const removeStaleNodes = `
MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) AND n.loadVersion <> $version
DETACH DELETE n`
		params := map[string]any{"labels": graphLabels, "version": version}
		if err := run(ctx, tx, removeStaleNodes, params, report); err != nil {
			return fmt.Errorf("remove stale nodes: %w", err)
		}
		const removeRelationships = `
MATCH (n)-[r]->() WHERE any(label IN labels(n) WHERE label IN $labels)
DELETE r`
		if err := run(ctx, tx, removeRelationships, params, report); err != nil {
			return fmt.Errorf("remove relationships: %w", err)
		}
	}
	for key, rows := range relationshipRows(data.Relationships) {
		// A relationship whose end is missing would be silently skipped by MATCH; count what was written instead.
		query := fmt.Sprintf(`
UNWIND $rows AS row
MATCH (a:%s {id: row.from})
MATCH (b:%s {id: row.to})
CREATE (a)-[r:%s]->(b) SET r = row.props
RETURN count(r) AS written`, key.from, key.to, key.kind)
		for batch := range batches(rows) {
			res, err := tx.Run(ctx, query, map[string]any{"rows": batch})
			if err != nil {
				return fmt.Errorf("write %s relationships: %w", key.kind, err)
			}
			record, err := res.Single(ctx)
			if err != nil {
				return fmt.Errorf("write %s relationships: %w", key.kind, err)
			}
			if written, _ := record.Get("written"); written != int64(len(batch)) {
				return fmt.Errorf("write %s relationships from %s to %s: %d of %d found both ends",
					key.kind, key.from, key.to, written, len(batch))
			}
			summary, err := res.Consume(ctx)
			if err != nil {
				return err
			}
			count(summary, report)
		}
	}
	const stamp = `
MERGE (v:DataVersion {id: 'current'})
SET v.version = $version, v.loadedAt = datetime(), v.nodes = $nodes, v.relationships = $relationships,
  v.projection = $projection`
	params := map[string]any{"version": version, "nodes": len(data.Nodes), "relationships": len(data.Relationships),
		"projection": projection}
	if _, err := tx.Run(ctx, stamp, params); err != nil {
		return fmt.Errorf("stamp data version: %w", err)
	}
	return nil
}

func run(ctx context.Context, tx neo4j.ManagedTransaction, query string, params map[string]any, report *LoadReport) error {
	res, err := tx.Run(ctx, query, params)
	if err != nil {
		return err
	}
	summary, err := res.Consume(ctx)
	if err != nil {
		return err
	}
	count(summary, report)
	return nil
}

func count(summary neo4j.ResultSummary, report *LoadReport) {
	c := summary.Counters()
	report.NodesCreated += c.NodesCreated()
	report.NodesDeleted += c.NodesDeleted()
	report.RelationshipsCreated += c.RelationshipsCreated()
	report.RelationshipsDeleted += c.RelationshipsDeleted()
	report.PropertiesSet += c.PropertiesSet()
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

// nodeRows groups nodes by label, each row carrying every property to set: the node's own, its id, its sources
// and the version that wrote it.
func nodeRows(nodes []cybercoop.Node, version string) map[string][]map[string]any {
	rows := map[string][]map[string]any{}
	for _, n := range nodes {
		props := make(map[string]any, len(n.Props)+3)
		for k, v := range n.Props {
			props[k] = v
		}
		props["id"], props["loadVersion"] = n.ID, version
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

// batches yields rows in slices of at most batchSize.
func batches(rows []map[string]any) func(func([]map[string]any) bool) {
	return func(yield func([]map[string]any) bool) {
		for start := 0; start < len(rows); start += batchSize {
			if !yield(rows[start:min(start+batchSize, len(rows))]) {
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
