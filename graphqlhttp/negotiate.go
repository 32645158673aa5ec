package graphqlhttp

import (
	"mime"
	"strconv"
	"strings"
)

// negotiate picks the response media type from an Accept header: application/graphql-response+json when the
// client prefers it, application/json when it prefers that, names a wildcard, or sends no Accept at all (as older
// clients do). ok is false when the header allows neither.
func negotiate(accept string) (media string, ok bool) {
	if strings.TrimSpace(accept) == "" {
		return MediaJSON, true
	}
	bestQ, best := 0.0, ""
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, set := params["q"]; set {
			if q, err = strconv.ParseFloat(v, 64); err != nil || q < 0 || q > 1 {
				continue
			}
		}
		var candidate string
		switch mediaType {
		case MediaGraphQLResponse, MediaJSON:
			candidate = mediaType
		case "*/*", "application/*":
			candidate = MediaJSON
		default:
			continue
		}
		// On equal weight the type the client named explicitly wins over a wildcard, and the newer type over
		// application/json.
		if q > bestQ || (q == bestQ && q > 0 && candidate == MediaGraphQLResponse) {
			bestQ, best = q, candidate
		}
	}
	return best, best != ""
}
