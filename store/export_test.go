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
