package bench

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Answer is what a GraphQL response says, reduced to what both servers must agree on: the entities it names,
// normalised to "kind:slug" (the service's global ids; the peer's labels and ids), and the totals it counts.
type Answer struct {
	Entities []string // sorted, distinct
	Totals   []int    // every totalCount, in document order
}

// Normalize reads a GraphQL response body. Every object with a string "id" is an entity: an id holding a colon is
// already global (the service's "country:gh"); otherwise the object's "__typename" or "kind" gives its label
// (the peer's {"__typename": "Country", "id": "gh"}). A response with errors, without data, or naming an entity
// whose kind cannot be told is an error.
func Normalize(body []byte) (Answer, error) {
	var resp struct {
		Data   any `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		return Answer{}, fmt.Errorf("response is not JSON: %w", err)
	}
	if len(resp.Errors) > 0 {
		msgs := make([]string, len(resp.Errors))
		for i, e := range resp.Errors {
			msgs[i] = e.Message
		}
		return Answer{}, fmt.Errorf("response has errors: %s", strings.Join(msgs, "; "))
	}
	if resp.Data == nil {
		return Answer{}, fmt.Errorf("response has no data")
	}
	seen := map[string]bool{}
	var a Answer
	if err := walk(resp.Data, seen, &a); err != nil {
		return Answer{}, err
	}
	for id := range seen {
		a.Entities = append(a.Entities, id)
	}
	sort.Strings(a.Entities)
	return a, nil
}

func walk(v any, seen map[string]bool, a *Answer) error {
	switch v := v.(type) {
	case []any:
		for _, item := range v {
			if err := walk(item, seen, a); err != nil {
				return err
			}
		}
	case map[string]any:
		if id, ok := v["id"].(string); ok {
			global, err := globalID(id, v)
			if err != nil {
				return err
			}
			seen[global] = true
		}
		if n, ok := v["totalCount"].(float64); ok {
			a.Totals = append(a.Totals, int(n))
		}
		// Visit fields in a fixed order so that Totals keeps the document's nesting order whatever the map order.
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if err := walk(v[k], seen, a); err != nil {
				return err
			}
		}
	}
	return nil
}

func globalID(id string, object map[string]any) (string, error) {
	if strings.Contains(id, ":") {
		return id, nil
	}
	for _, field := range []string{"__typename", "kind"} {
		if kind, ok := object[field].(string); ok && kind != "" {
			return strings.ToLower(kind) + ":" + id, nil
		}
	}
	return "", fmt.Errorf("entity %q has neither a global id nor __typename or kind to tell its label", id)
}

// Compare says how two answers differ, or returns nil when they name the same entities and the same totals. An
// answer naming no entity at all is an error too: a question that finds nothing compares nothing.
func Compare(service, peer Answer) error {
	if len(service.Entities) == 0 {
		return fmt.Errorf("the service's answer names no entity")
	}
	var problems []string
	if only := missing(service.Entities, peer.Entities); len(only) > 0 {
		problems = append(problems, "only the service names "+brief(only))
	}
	if only := missing(peer.Entities, service.Entities); len(only) > 0 {
		problems = append(problems, "only the peer names "+brief(only))
	}
	if !slices.Equal(service.Totals, peer.Totals) {
		problems = append(problems, fmt.Sprintf("totals differ: service %v, peer %v", service.Totals, peer.Totals))
	}
	if len(problems) > 0 {
		return fmt.Errorf("answers differ: %s", strings.Join(problems, "; "))
	}
	return nil
}

// missing lists the items of a (sorted) absent from b (sorted).
func missing(a, b []string) []string {
	var out []string
	for _, x := range a {
		if _, found := slices.BinarySearch(b, x); !found {
			out = append(out, x)
		}
	}
	return out
}

func brief(ids []string) string {
	const shown = 5
	if len(ids) <= shown {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:shown], ", "), len(ids)-shown)
}

// CheckServiceOnly reads the service's answer to a question that only the service is asked: an answer with
// errors, without data, or naming no entity at all (a question that finds nothing times nothing) is an error.
func CheckServiceOnly(body []byte) error {
	a, err := Normalize(body)
	if err != nil {
		return err
	}
	if len(a.Entities) == 0 {
		return fmt.Errorf("the service's answer names no entity")
	}
	return nil
}
