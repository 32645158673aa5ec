package graph

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/internal/metrics"
)

// Versions is where an operation learns the data version it starts from without a round trip
// (dataversion.Refresher), and tells a newer version it has read.
type Versions interface {
	Current() string
	Observe(version string)
}

// runOperation runs each operation within the timeout, on fresh per-request loaders, from one data version, in a
// trace span, and records its outcome in the metrics.
//
// One data version: Neo4j reads at read-committed isolation, even inside one transaction, and an operation makes
// several store calls, so a load committing between two of them would give a response that mixes two versions.
// The operation therefore notes the version before its first read (the background refresher's, which costs
// nothing; a read from Neo4j when none is known yet) and reads it again from Neo4j after its last one. A load is one
// transaction that changes the version, so equal versions mean every read saw the same data; the only exception
// would be two loads within one operation going back to the first version. When the versions differ, the
// operation runs once more on fresh loaders from the new version; if the data changes again meanwhile (loads in
// quick succession), the answer is UNAVAILABLE, which clients retry. This costs one small read per uncached
// operation; one long read transaction per operation would not help (read-committed) and would hold a connection.
func runOperation(store Store, versions Versions, timeout time.Duration) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		opCtx := graphql.GetOperationContext(ctx)
		name := metrics.OperationLabel(opCtx.OperationName)
		if opCtx.Operation != nil && opCtx.Operation.Name != "" {
			name = metrics.OperationLabel(opCtx.Operation.Name)
		}
		ctx, span := tracer.Start(ctx, "graphql "+name, trace.WithAttributes(attribute.String("graphql.operation.name", name)))
		ctx, cancel := context.WithTimeout(markRunning(ctx), timeout)
		run := func(ctx context.Context) *graphql.Response {
			ctx = withLoaders(ctx, store)
			resp := next(ctx)(ctx)
			if resp == nil && ctx.Err() != nil {
				// gqlgen gives no response at all when the deadline passed before execution began.
				resp = errorResponse(ctx, cybercoop.Errorf(cybercoop.ETIMEOUT, "the request took too long and was stopped"))
			}
			return resp
		}
		answered := false
		return func(context.Context) *graphql.Response {
			if answered {
				return nil // one response per operation: no @defer or subscriptions
			}
			answered = true
			defer span.End()
			defer cancel()
			var resp *graphql.Response
			if opCtx.Operation != nil && opCtx.Operation.Operation == ast.Query && readsData(opCtx) {
				resp = runOnOneVersion(ctx, store, versions, run)
			} else {
				resp = run(ctx)
			}
			code := observe(ctx, resp)
			span.SetAttributes(attribute.String("graphql.outcome", code))
			return resp
		}
	}
}

// runOnOneVersion runs the operation, and once more if a load committed while it ran (see runOperation).
func runOnOneVersion(ctx context.Context, store Store, versions Versions, run func(context.Context) *graphql.Response) *graphql.Response {
	before := ""
	if versions != nil {
		before = versions.Current()
	}
	if before == "" {
		v, err := store.DataVersion(ctx)
		if err != nil {
			return errorResponse(ctx, err)
		}
		before = v
	}
	for attempt := 1; ; attempt++ {
		resp := run(ctx)
		if ctx.Err() != nil {
			return resp // out of time: the response says so already
		}
		after, err := store.DataVersion(ctx)
		if err != nil {
			return errorResponse(ctx, err)
		}
		if versions != nil {
			versions.Observe(after)
		}
		if after == before {
			return resp
		}
		if attempt == 2 {
			return errorResponse(ctx, cybercoop.Errorf(cybercoop.EUNAVAILABLE,
				"the data was being reloaded while the request ran; try again"))
		}
		metrics.OperationRerun()
		before = after
	}
}

// readsData reports whether an operation asks for anything but introspection, which needs no database.
func readsData(opCtx *graphql.OperationContext) bool {
	for _, field := range graphql.CollectFields(opCtx, opCtx.Operation.SelectionSet, []string{"Query"}) {
		switch field.Name {
		case "__schema", "__type", "__typename":
		default:
			return true
		}
	}
	return false
}

// errorResponse is a response holding one error, with the code and caller-safe message of err.
func errorResponse(ctx context.Context, err error) *graphql.Response {
	resp := graphql.ErrorResponse(ctx, "%s", cybercoop.ErrorMessage(err))
	resp.Errors[0].Extensions = map[string]any{"code": cybercoop.PublicCodes[cybercoop.ErrorCode(err)]}
	return resp
}

// observeRefusals records the responses given without running an operation: requests refused by parsing,
// validation or admission. Operations that run are recorded once by runOperation, even when they run twice.
func observeRefusals(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if !running(ctx) {
		observe(ctx, resp)
	}
	return resp
}

// observe records one response in the metrics and returns its outcome code: OK, or the code of its first error.
func observe(ctx context.Context, resp *graphql.Response) string {
	name := ""
	if graphql.HasOperationContext(ctx) {
		opCtx := graphql.GetOperationContext(ctx)
		name = opCtx.OperationName
		if opCtx.Operation != nil && opCtx.Operation.Name != "" {
			name = opCtx.Operation.Name
		}
	}
	code := "OK"
	if resp != nil {
		for i, err := range resp.Errors {
			errCode, _ := err.Extensions["code"].(string)
			if errCode == "" {
				errCode = "UNKNOWN"
			}
			limit, _ := err.Extensions["limit"].(string)
			metrics.GraphQLError(errCode, limit)
			if i == 0 {
				code = errCode
			}
		}
	}
	var elapsed time.Duration
	if started := graphql.GetStartTime(ctx); !started.IsZero() {
		elapsed = time.Since(started)
	}
	metrics.Operation(name, code, elapsed)
	return code
}

type runningKey struct{}

// markRunning tells observeRefusals that runOperation records this operation.
func markRunning(ctx context.Context) context.Context {
	return context.WithValue(ctx, runningKey{}, true)
}

func running(ctx context.Context) bool { return ctx.Value(runningKey{}) != nil }

var tracer = otel.Tracer("github.com/cybercoop/cybercoop/graph")
