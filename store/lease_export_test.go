package store

import (
	"context"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cybercoop/cybercoop"
)

// WithLease returns opts with a load lease of d, renewed every quarter of it, and pause called before each write
// statement of the load, named (clear_slot, stage_collaborations, write_nodes, write_relationships, stage_routes,
// switch_version, drop_collaborations), once the lease has been renewed if it was due: where a stalled loader stops.
func (s *Store) WithLease(opts LoadOptions, d time.Duration, pause func(statement string)) LoadOptions {
	opts.lease, opts.pause = d, pause
	return opts
}

// ExpireLease makes the load lease look expired, as it is once its holder has not renewed it in time.
func (s *Store) ExpireLease(ctx context.Context) error {
	_, err := s.writeAs(ctx, "expire_lease", `
MATCH (l:LoadLease {id: 'current'}) SET l.until = datetime() - duration({seconds: 1})`, nil)
	return err
}

// DeleteStagedParties deletes up to n of the parties staged by a load that has not switched (those of no token the
// data version names), with their relationships, as something else than the load might, and returns how many.
func (s *Store) DeleteStagedParties(ctx context.Context, n int) (int, error) {
	res, err := s.writeAs(ctx, "delete_staged", `
OPTIONAL MATCH (v:DataVersion {id: 'current'})
MATCH (p:Party)-[]-() WHERE NOT coalesce(p.token IN [v.projection, v.previousProjection], false)
WITH DISTINCT p LIMIT $n
DETACH DELETE p
RETURN count(*) AS deleted`, map[string]any{"n": n})
	if err != nil {
		return 0, err
	}
	deleted, _ := res.Records[0].Get("deleted")
	return int(deleted.(int64)), nil
}

// StrayParties counts the parties of no token the data version names: staged by a load that has not switched, or
// left by one that failed.
func (s *Store) StrayParties(ctx context.Context) (int, error) {
	res, err := s.writeAs(ctx, "stray_parties", `
OPTIONAL MATCH (v:DataVersion {id: 'current'})
MATCH (p:Party) WHERE NOT coalesce(p.token IN [v.projection, v.previousProjection], false)
RETURN count(p) AS stray`, nil)
	if err != nil {
		return 0, err
	}
	stray, _ := res.Records[0].Get("stray")
	return int(stray.(int64)), nil
}

// AddStrayParties writes n parties under a token no data version names, as loads that failed long ago may have
// left them: the next load's cleanup deletes them.
func (s *Store) AddStrayParties(ctx context.Context, n int) error {
	_, err := s.writeAs(ctx, "add_stray", `
UNWIND range(1, $n) AS i
CREATE (:Party {key: 'stray|' + i, token: 'stray'})`, map[string]any{"n": n})
	return err
}

// CheckDerived checks that the current data version's collaborations projection and route map hold exactly what
// a load of data writes.
func (s *Store) CheckDerived(ctx context.Context, data cybercoop.Dataset) error {
	p, err := s.readVersion(ctx)
	if err != nil {
		return err
	}
	return s.checkStaged(ctx, p.projection, stagedOf(projectCollaborations(data), mapRoutes(data)))
}

// HoldStrayParty write-locks one of the stray parties (AddStrayParties) in a transaction of its own until release
// is called: a statement that deletes it waits for that, and with it the rest of its transaction.
func (s *Store) HoldStrayParty(ctx context.Context) (release func(), err error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite})
	tx, err := session.BeginTransaction(ctx)
	if err != nil {
		_ = session.Close(ctx)
		return nil, err
	}
	res, err := tx.Run(ctx, "MATCH (p:Party {token: 'stray'}) WITH p LIMIT 1 SET p.held = true RETURN count(p) AS held", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	release = func() {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		_ = session.Close(context.WithoutCancel(ctx))
	}
	if err != nil {
		release()
		return nil, err
	}
	return release, nil
}
