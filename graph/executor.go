package graph

import (
	"github.com/99designs/gqlgen/graphql"

	"github.com/cybercoop/cybercoop/internal/batch"
)

// The calls internal/genpatch puts in generated.go in place of gqlgen's own.

// marshalList stands for graphql.MarshalSliceConcurrently: lists are marshalled in order until an element waits on
// a loader (batch.MarshalList).
var marshalList = batch.MarshalList

// noDeferredGroup stands for graphql.NewDeferredGroup, which builds an object's path, a field set and a map for
// its deferred fields: admission refuses @defer, so there are none, and the empty group is never read.
func noDeferredGroup() graphql.DeferredGroup { return graphql.DeferredGroup{} }
