// Package graphqlhttp serves GraphQL over HTTP as the GraphQL-over-HTTP specification describes, as a gqlgen
// transport, and writes every HTTP-level refusal of the service in one shape.
//
// It replaces gqlgen's GET and POST transports, which answer parse and validation failures with 422 where
// application/json clients expect 200, accept a POST without a JSON content type, cannot answer in
// application/graphql-response+json without also sending "data": null, and echo a malformed body together with
// Go type names in their error messages. Here every refusal is a GraphQL-shaped error with a stable
// extensions.code, and nothing of the request is repeated back.
package graphqlhttp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Media types of GraphQL responses. MediaGraphQLResponse lets a client tell from the status code alone whether the
// request was understood; MediaJSON is the legacy one, answered with 200 whenever a GraphQL response is produced.
const (
	MediaJSON            = "application/json"
	MediaGraphQLResponse = "application/graphql-response+json"
)

// Codes of refusals made before any GraphQL work, in extensions.code.
const (
	CodeBadRequest           = "BAD_REQUEST"            // 400: malformed JSON, a batched array, a missing query, wrong parameter types.
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE" // 415: a POST body that is not application/json.
	CodeNotAcceptable        = "NOT_ACCEPTABLE"         // 406: an Accept header that allows no JSON media type.
	CodeBodyTooLarge         = "BODY_TOO_LARGE"         // 413: a body over the configured limit.
	CodeRateLimited          = "RATE_LIMITED"           // 429: the client spent its cost budget; Retry-After says when to come back.
)

// WriteError answers status with one GraphQL error carrying code, in media type (MediaJSON when empty). message
// must be safe to show: it never repeats the request.
func WriteError(w http.ResponseWriter, media string, status int, code, message string) {
	if media == "" {
		media = MediaJSON
	}
	write(w, media, status, requestErrors{Errors: []requestError{{Message: message, Extensions: map[string]any{"code": code}}}})
}

// RateLimited is the error of work refused because the client's budget does not hold its cost: code
// RATE_LIMITED and extensions.retryAfter, the seconds to wait, which the transport also sends as Retry-After
// with 429. A negative wait means the budget never holds it: the work costs more than a full one.
func RateLimited(cost int, wait time.Duration) *gqlerror.Error {
	message := fmt.Sprintf("rate limit: this costs %d, more than the client's budget can ever hold; ask for less", cost)
	extensions := map[string]any{"code": CodeRateLimited, "cost": cost}
	if wait >= 0 {
		seconds := RetryAfterSeconds(wait)
		message = fmt.Sprintf("rate limit: this costs %d, more than is left of the client's budget; retry in %d s", cost, seconds)
		extensions["retryAfter"] = seconds
	}
	return &gqlerror.Error{Message: message, Extensions: extensions}
}

// RetryAfterSeconds is a wait as the whole seconds of a Retry-After header, at least 1.
func RetryAfterSeconds(wait time.Duration) int {
	return max(1, int(math.Ceil(wait.Seconds())))
}

// rateLimitStatus is 429, with Retry-After set, when errs hold a RATE_LIMITED error; 0 otherwise.
func rateLimitStatus(w http.ResponseWriter, errs gqlerror.List) int {
	for _, e := range errs {
		if e.Extensions["code"] != CodeRateLimited {
			continue
		}
		if seconds, ok := e.Extensions["retryAfter"].(int); ok {
			w.Header().Set("Retry-After", strconv.Itoa(seconds))
		}
		return http.StatusTooManyRequests
	}
	return 0
}

// requestErrors is a response to a request that was refused before execution: it has no data entry at all, as
// the specification asks (a "data": null would say that execution started and failed).
type requestErrors struct {
	Errors     any            `json:"errors"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

type requestError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// write answers status with body encoded as JSON.
func write(w http.ResponseWriter, media string, status int, body any) {
	var b bytes.Buffer
	err := encode(&b, body)
	send(w, media, status, b.Bytes(), err)
}

// writeResponse answers status with a GraphQL response.
func writeResponse(w http.ResponseWriter, media string, status int, resp *graphql.Response) {
	encoded, err := encodeResponse(resp)
	send(w, media, status, encoded, err)
}

// send writes an encoded answer, or an internal error in its place if encoding failed.
func send(w http.ResponseWriter, media string, status int, encoded []byte, err error) {
	if err != nil {
		// Only a value json cannot represent fails here; the caller's message is replaced, never half-written.
		encoded = []byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`)
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(encoded) // the client is gone if this fails; nothing to do
}

// encodeResponse encodes resp as json.Marshal does, field for field, except that its data, which gqlgen's
// marshalers wrote as compact JSON, is copied as it is: json.Marshal would scan and compact it again, a sixth of
// the CPU of a large answer. Nothing is HTML-escaped (<, > and & stay as they are, as JSON allows).
func encodeResponse(resp *graphql.Response) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(resp.Data) + 64)
	b.WriteByte('{')
	if len(resp.Errors) > 0 {
		b.WriteString(`"errors":`)
		if err := encode(&b, resp.Errors); err != nil {
			return nil, err
		}
		b.WriteByte(',')
	}
	b.WriteString(`"data":`)
	if len(resp.Data) == 0 {
		b.WriteString("null")
	} else {
		b.Write(resp.Data)
	}
	// The optional fields after data, in the struct's order, as its omitempty tags leave them out.
	for _, f := range []struct {
		name  string
		value any
		set   bool
	}{
		{"label", resp.Label, resp.Label != ""},
		{"path", resp.Path, len(resp.Path) > 0},
		{"hasNext", resp.HasNext, resp.HasNext != nil},
		{"extensions", resp.Extensions, len(resp.Extensions) > 0},
	} {
		if !f.set {
			continue
		}
		b.WriteString(`,"` + f.name + `":`)
		if err := encode(&b, f.value); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// encode appends v to b as compact JSON without HTML escaping: a JSON answer is never read as HTML.
func encode(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	return nil
}
