package store

import (
	"context"

	"github.com/cybercoop/cybercoop"
)

// DirectCollaborators answers q from the activities themselves, as a windowed query does, ignoring the
// collaborations projection: the reference the projection is tested against.
func (s *Store) DirectCollaborators(ctx context.Context, q CollaboratorQuery) (List[cybercoop.Collaborator], error) {
	return s.collaborators(ctx, q, false)
}

// ForgetSwitch makes the database look as if no load had ever switched slots, as an empty one or one loaded
// before slots does.
func (s *Store) ForgetSwitch(ctx context.Context) error {
	_, err := s.writeAs(ctx, "forget_switch", `MATCH (v:DataVersion {id: 'current'}) REMOVE v.switchedAt`, nil)
	return err
}

// GraphPaths answers Paths from the graph itself, ignoring the route map: the reference the map is tested
// against.
func (s *Store) GraphPaths(ctx context.Context, from, to cybercoop.Ref, maxHops, limit int) ([]Path, error) {
	return s.findPaths(ctx, from, to, maxHops, limit, Period{}, Selection{}, "")
}

// RouteMap is the token of the route map Paths reads for the current data version, "" for none.
func (s *Store) RouteMap(ctx context.Context) (string, error) {
	p, err := s.pinOf(ctx)
	return routeMapOf(p), err
}
