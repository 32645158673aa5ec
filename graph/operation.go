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

// runOperation runs each operation within the timeout, on fresh per-request loaders, pinned to one data version, in
// a trace span, and records its outcome in the metrics.
//
// One data version: Neo4j reads at read-committed isolation, even inside one transaction, and an operation makes
// several store calls, so a load committing between two of them could mix two versions in one response. A load
// therefore writes its data beside the current data (the store's two slots) and switches in one small
// transaction, and the operation pins the version current when it starts (Store.Pin: the version the store read
// last, without a round trip) before its first read: every read of the operation goes to that version, which the
// next load leaves in place for longer than an operation may run. A context pinned already (by the HTTP layer,
// whose caches are keyed by the version) keeps its pin. Introspection needs no database and pins nothing.
func runOperation(store Store, timeout time.Duration) graphql.OperationMiddleware {
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
				if pinned, _, err := store.Pin(ctx); err != nil {
					resp = errorResponse(ctx, err)
				} else {
					resp = run(pinned)
				}
			} else {
				resp = run(ctx)
			}
			code := observe(ctx, resp)
			span.SetAttributes(attribute.String("graphql.outcome", code))
			return resp
		}
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
// validation or admission. Operations that run are recorded by runOperation.
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
