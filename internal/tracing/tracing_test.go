package tracing

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"go.opentelemetry.io/otel"
)

func TestStart(t *testing.T) {
	ctx := context.Background()

	t.Run("OK nothing started without an endpoint", func(t *testing.T) {
		t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "")
		t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "")
		before := otel.GetTracerProvider()
		shutdown, err := Start(ctx)
		if err != nil || otel.GetTracerProvider() != before {
			t.Fatalf("Start() = %v, provider replaced: %v; want nothing started", err, otel.GetTracerProvider() != before)
		}
		if err := shutdown(ctx); err != nil {
			t.Error(err)
		}
	})

	t.Run("ErrProtocol only http/protobuf", func(t *testing.T) {
		t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1")
		t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
		if _, err := Start(ctx); err == nil || !strings.Contains(err.Error(), "http/protobuf") {
			t.Errorf("Start() = %v, want an error naming the supported protocol", err)
		}
	})

	t.Run("OK spans reach the collector", func(t *testing.T) {
		var received atomic.Int64
		collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == "/v1/traces" {
				received.Add(1)
			}
		}))
		defer collector.Close()
		t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)
		before := otel.GetTracerProvider()
		t.Cleanup(func() { otel.SetTracerProvider(before) })
		shutdown, err := Start(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, span := otel.Tracer("test").Start(ctx, "graphql Test")
		span.End()
		if err := shutdown(ctx); err != nil { // flushes
			t.Fatal(err)
		}
		if received.Load() == 0 {
			t.Error("the collector received no trace export")
		}
	})
}
