package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/cybercoop/cybercoop"
)

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
