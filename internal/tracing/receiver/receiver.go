// Package receiver is an OTLP/HTTP trace receiver that keeps the spans it is sent in memory, so that a test or the
// soak can check what a server exports: how many root spans, and which spans hang under which.
package receiver

import (
	"compress/gzip"
	"encoding/hex"
	"io"
	"net/http"
	"sync"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"
)

// Span is what the receiver keeps of one exported span.
type Span struct {
	TraceID, SpanID string
	ParentID        string // empty for a root span
	Name            string
	Start, End      time.Time
}

// Root says whether the span has no parent.
func (s Span) Root() bool { return s.ParentID == "" }

// Receiver answers POST /v1/traces in the OTLP/HTTP protobuf encoding (gzip or not), as OTLP exporters send it,
// and keeps every span. The zero value is ready to use; it is safe for concurrent use.
type Receiver struct {
	mu    sync.Mutex
	spans []Span
}

// maxExportBytes bounds one export request: the SDK's batches of 512 spans are far smaller.
const maxExportBytes = 16 << 20

// ServeHTTP keeps the spans of one export. A request that is not an OTLP protobuf export gets 400 or 404, so a
// misconfigured exporter is heard in its own logs.
func (r *Receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodPost || req.URL.Path != "/v1/traces" {
		http.NotFound(w, req)
		return
	}
	body := io.Reader(http.MaxBytesReader(w, req.Body, maxExportBytes))
	if req.Header.Get("Content-Encoding") == "gzip" {
		gz, err := gzip.NewReader(body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		defer gz.Close()
		body = gz
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var export coltracepb.ExportTraceServiceRequest
	if err := proto.Unmarshal(raw, &export); err != nil {
		http.Error(w, "not an OTLP protobuf trace export: "+err.Error(), http.StatusBadRequest)
		return
	}
	var got []Span
	for _, rs := range export.GetResourceSpans() {
		for _, ss := range rs.GetScopeSpans() {
			for _, s := range ss.GetSpans() {
				got = append(got, Span{
					TraceID: hex.EncodeToString(s.GetTraceId()), SpanID: hex.EncodeToString(s.GetSpanId()),
					ParentID: hex.EncodeToString(s.GetParentSpanId()), Name: s.GetName(),
					Start: time.Unix(0, int64(s.GetStartTimeUnixNano())), End: time.Unix(0, int64(s.GetEndTimeUnixNano())),
				})
			}
		}
	}
	r.mu.Lock()
	r.spans = append(r.spans, got...)
	r.mu.Unlock()
	reply, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{}) // an empty message always marshals
	w.Header().Set("Content-Type", "application/x-protobuf")
	_, _ = w.Write(reply)
}

// Spans returns a copy of every span received so far, in the order received.
func (r *Receiver) Spans() []Span {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Span(nil), r.spans...)
}
