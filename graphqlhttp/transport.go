package graphqlhttp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
)

// Transport is the gqlgen transport for GET and POST requests (add gqlgen's transport.Options before it for
// OPTIONS and HEAD). A POST must carry a JSON object as application/json; a GET carries query, operationName,
// variables and extensions in its query string. Both run what the schema validates: the service's schema has no
// Mutation or Subscription type, so GET is safe because validation refuses any operation but a query (a schema
// with mutations would need a GET check here, before execution). Requests it cannot read are refused with 400,
// 405, 406 or 415 and a code; GraphQL errors found before execution (parse, validation, variable coercion, limits)
// get 200 in application/json and 400 in application/graphql-response+json; a RATE_LIMITED refusal gets 429 and
// Retry-After in both.
type Transport struct{}

var _ graphql.Transport = Transport{}

// Supports takes every request but WebSocket upgrades, OPTIONS and HEAD, so that a wrong method gets this
// transport's 405 with a code rather than gqlgen's uncoded "transport not supported".
func (Transport) Supports(r *http.Request) bool {
	return r.Header.Get("Upgrade") == "" && r.Method != http.MethodOptions && r.Method != http.MethodHead
}

// Do reads the request, runs the operation and writes its response.
func (Transport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	w.Header().Add("Vary", "Accept") // shared caches must not give one client's media type to another
	media, ok := negotiate(r.Header.Get("Accept"))
	if !ok {
		WriteError(w, MediaJSON, http.StatusNotAcceptable, CodeNotAcceptable,
			"the Accept header allows neither application/graphql-response+json nor application/json")
		return
	}
	start := graphql.Now()
	var params *graphql.RawParams
	var refused *refusal
	switch r.Method {
	case http.MethodGet:
		params, refused = paramsFromQueryString(r.URL.RawQuery)
	case http.MethodPost:
		params, refused = paramsFromBody(r)
	default:
		w.Header().Set("Allow", "GET, POST, OPTIONS")
		refused = &refusal{http.StatusMethodNotAllowed, CodeBadRequest, "use GET or POST"}
	}
	if refused != nil {
		WriteError(w, media, refused.status, refused.code, refused.message)
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	ctx := r.Context()
	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		status := http.StatusOK
		if media == MediaGraphQLResponse {
			status = http.StatusBadRequest
		}
		if limited := rateLimitStatus(w, errs); limited != 0 {
			status = limited // in either media type: a client must hear it whatever it accepts
		}
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs)
		for _, e := range resp.Errors {
			// gqlgen's own checks of the parameters (an APQ extension of the wrong shape) carry no code.
			if e.Extensions["code"] == nil {
				if e.Extensions == nil {
					e.Extensions = map[string]any{}
				}
				e.Extensions["code"] = CodeBadRequest
			}
		}
		write(w, media, status, requestErrors{Errors: resp.Errors, Extensions: resp.Extensions})
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	writeResponse(w, media, http.StatusOK, responses(ctx))
}

// refusal is a request that cannot be read as a GraphQL request.
type refusal struct {
	status  int
	code    string
	message string
}

func badRequest(format string, args ...any) *refusal {
	return &refusal{http.StatusBadRequest, CodeBadRequest, fmt.Sprintf(format, args...)}
}

// paramsFromBody reads a POST: an application/json body (UTF-8, the only charset JSON allows) holding one JSON
// object.
func paramsFromBody(r *http.Request) (*graphql.RawParams, *refusal) {
	contentType := r.Header.Get("Content-Type")
	mediaType, mediaParams, err := mime.ParseMediaType(contentType)
	if contentType == "" || err != nil || mediaType != MediaJSON {
		return nil, &refusal{http.StatusUnsupportedMediaType, CodeUnsupportedMediaType,
			"send the request body as Content-Type: application/json"}
	}
	if charset, set := mediaParams["charset"]; set && !strings.EqualFold(charset, "utf-8") {
		return nil, &refusal{http.StatusUnsupportedMediaType, CodeUnsupportedMediaType,
			"the request body must be UTF-8 (charset=utf-8)"}
	}
	if r.Body == nil {
		return nil, badRequest("the request body is empty: send a JSON object with a query")
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, badRequest("could not read the request body")
	}
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return nil, badRequest("the request body is empty: send a JSON object with a query")
	case trimmed[0] == '[':
		return nil, badRequest("batched requests are not supported: send one JSON object per request")
	case trimmed[0] != '{':
		return nil, badRequest("the request body must be a JSON object with a query")
	}
	var fields map[string]json.RawMessage // names matched exactly, unlike a struct's fields
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if err := dec.Decode(&fields); err != nil {
		return nil, badRequest("the request body is not valid JSON%s", where(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, badRequest("the request body holds more than one JSON value")
	}
	return readParams(fields["query"], fields["documentId"], fields["operationName"], fields["variables"], fields["extensions"])
}

// paramsFromQueryString reads a GET: variables and extensions are JSON objects, URL-encoded.
func paramsFromQueryString(rawQuery string) (*graphql.RawParams, *refusal) {
	values, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, badRequest("the URL's query string is malformed")
	}
	// The query string holds text: a parameter is a JSON string when given, absent otherwise.
	text := func(name string) json.RawMessage {
		if !values.Has(name) {
			return nil
		}
		quoted, _ := json.Marshal(values.Get(name))
		return quoted
	}
	object := func(name string) json.RawMessage {
		if v := values.Get(name); v != "" {
			return json.RawMessage(v)
		}
		return nil
	}
	return readParams(text("query"), text("documentId"), text("operationName"), object("variables"), object("extensions"))
}

// ExtensionDocumentID is the key of params.Extensions under which the transport passes a request's documentId (a
// trusted document's id, such as "sha256:<hex>") to the server's extensions, which resolve it.
const ExtensionDocumentID = "documentId"

// readParams checks each parameter's JSON type: query, documentId and operationName strings, variables and
// extensions objects; null stands for absent. A query may be absent only when a documentId or an automatic
// persisted query names the document; both a query and a documentId is ambiguous and refused.
func readParams(query, documentID, operationName, variables, extensions json.RawMessage) (*graphql.RawParams, *refusal) {
	params := &graphql.RawParams{}
	if !decodeParam(query, &params.Query) {
		return nil, badRequest("the query parameter must be a string")
	}
	var id string
	if !decodeParam(documentID, &id) {
		return nil, badRequest("the documentId parameter must be a string")
	}
	if !decodeParam(operationName, &params.OperationName) {
		return nil, badRequest("the operationName parameter must be a string")
	}
	if !isObject(variables) || !decodeParam(variables, &params.Variables) {
		return nil, badRequest("the variables parameter must be a JSON object")
	}
	if !isObject(extensions) || !decodeParam(extensions, &params.Extensions) {
		return nil, badRequest("the extensions parameter must be a JSON object")
	}
	switch {
	case id != "" && params.Query != "":
		return nil, badRequest("send either query or documentId, not both")
	case id != "":
		if params.Extensions == nil {
			params.Extensions = map[string]any{}
		}
		params.Extensions[ExtensionDocumentID] = id
	case params.Query == "" && params.Extensions["persistedQuery"] == nil:
		return nil, badRequest("the query parameter is missing: send the GraphQL document as query, or a documentId")
	}
	return params, nil
}

// decodeParam decodes raw into dst, keeping numbers as json.Number as gqlgen expects; absent and null leave dst
// as it is.
func decodeParam(raw json.RawMessage, dst any) bool {
	if raw == nil || string(raw) == "null" {
		return true
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return dec.Decode(dst) == nil
}

func isObject(raw json.RawMessage) bool {
	trimmed := bytes.TrimSpace(raw)
	return len(trimmed) == 0 || string(trimmed) == "null" || trimmed[0] == '{'
}

// where says where JSON decoding failed, without naming Go types or repeating the input.
func where(err error) string {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return fmt.Sprintf(" (at byte %d)", syntax.Offset)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return " (it ends too early)"
	}
	return ""
}
