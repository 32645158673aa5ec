package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

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
