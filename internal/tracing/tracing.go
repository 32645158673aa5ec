// Package tracing sends OpenTelemetry traces (one span per GraphQL operation, one per Neo4j statement) to an OTLP
// collector when the standard OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT variable is set.
// Otherwise it starts nothing, and the spans the other packages open are no-ops.
//
// Background work (the readiness probe every 0.5 s, the data-version refresh every second) runs under a context
// marked by Background: its statements would otherwise each be a root span, about 260,000 a day per replica that
// no user asked for. Only one background root in BackgroundSampleEvery is recorded.
package tracing

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// BackgroundSampleEvery is how many background root spans are started for one that is recorded: at the probe's and
// the refresh's pace, about 260 a day per replica instead of 260,000, enough to see what that work costs.
const BackgroundSampleEvery = 1000

type backgroundKey struct{}

// Background marks ctx as the context of background work. A span started under it without a parent span is a
// background root, recorded only once in BackgroundSampleEvery (the first one included); spans with a parent, such
// as a request's statements, are not affected.
func Background(ctx context.Context) context.Context {
	return context.WithValue(ctx, backgroundKey{}, true)
}

// Enabled reports whether the environment names an OTLP endpoint for traces.
func Enabled() bool {
	return os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
}

// Start installs the OTLP/HTTP exporter configured by the standard OTEL_* variables (endpoint, headers, timeout,
// OTEL_SERVICE_NAME, sampling through OTEL_TRACES_SAMPLER) when Enabled, and returns the function that flushes and
// stops it. When not Enabled it does nothing and returns a no-op.
func Start(ctx context.Context) (shutdown func(context.Context) error, err error) {
	if !Enabled() {
		return func(context.Context) error { return nil }, nil
	}
	if p := os.Getenv("OTEL_EXPORTER_OTLP_PROTOCOL"); p != "" && p != "http/protobuf" {
		return nil, fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL=%q: only http/protobuf is supported", p)
	}
	exporter, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("OTLP trace exporter: %w", err)
	}
	// service.name is "cybercoop" unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES say otherwise.
	res, err := resource.New(ctx, resource.WithAttributes(attribute.String("service.name", "cybercoop")),
		resource.WithFromEnv(), resource.WithTelemetrySDK())
	if err != nil {
		return nil, fmt.Errorf("OpenTelemetry resource: %w", err)
	}
	provider := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter), sdktrace.WithResource(res))
	// The SDK keeps its own sampler (OTEL_TRACES_SAMPLER); the background roots are left out before it is asked.
	otel.SetTracerProvider(quietProvider{TracerProvider: provider, roots: new(atomic.Uint64)})
	return provider.Shutdown, nil
}

// quietProvider hands out tracers that keep one background root span in BackgroundSampleEvery.
type quietProvider struct {
	*sdktrace.TracerProvider
	roots *atomic.Uint64 // background roots started, by every tracer of the provider
}

// Tracer returns the SDK's tracer, made quiet about background roots.
func (p quietProvider) Tracer(name string, opts ...trace.TracerOption) trace.Tracer {
	return quietTracer{Tracer: p.TracerProvider.Tracer(name, opts...), roots: p.roots}
}

type quietTracer struct {
	trace.Tracer
	roots *atomic.Uint64
}

// Start starts a span, except for background roots other than one in BackgroundSampleEvery: those get the
// context's no-op span, which records and exports nothing.
func (t quietTracer) Start(ctx context.Context, name string, opts ...trace.SpanStartOption) (context.Context, trace.Span) {
	if ctx.Value(backgroundKey{}) != nil && !trace.SpanContextFromContext(ctx).IsValid() &&
		t.roots.Add(1)%BackgroundSampleEvery != 1 {
		return ctx, trace.SpanFromContext(ctx)
	}
	return t.Tracer.Start(ctx, name, opts...)
}
