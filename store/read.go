package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/cybercoop/cybercoop"
)

// props reads the properties of a node or relationship returned as a map projection.
type props map[string]any

func (p props) str(key string) string {
	s, _ := p[key].(string)
	return s
}

// optStr returns nil when the property is absent: no source states it.
func (p props) optStr(key string) *string {
	if s, ok := p[key].(string); ok {
		return &s
	}
	return nil
}

func (p props) float(key string) *float64 {
	switch v := p[key].(type) {
	case float64:
		return &v
	case int64:
		f := float64(v)
		return &f
	}
	return nil
}

func (p props) strs(key string) []string {
	list, _ := p[key].([]any)
	out := make([]string, 0, len(list))
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func (p props) sources() []cybercoop.SourceRef {
	list, _ := p["sources"].([]any)
	return decodeSources(list)
}

// collect runs a read query whose records have one map column "n" and decodes each with decode.
func collect[T any](ctx context.Context, s *Store, query string, params map[string]any, decode func(props) T) ([]T, error) {
	res, err := s.read(ctx, query, params)
	if err != nil {
		return nil, err
	}
	return decodeAll(res, decode), nil
}

func decodeAll[T any](res *neo4j.EagerResult, decode func(props) T) []T {
	out := make([]T, 0, len(res.Records))
	for _, record := range res.Records {
		m, _ := record.Get("n")
		p, _ := m.(map[string]any)
		out = append(out, decode(p))
	}
	return out
}

// one returns the single element of found, or an ENOTFOUND error naming what was looked for.
func one[T any](found []T, kind, id string) (T, error) {
	var zero T
	if len(found) == 0 {
		return zero, cybercoop.Errorf(cybercoop.ENOTFOUND, "no %s has id %q", kind, id)
	}
	return found[0], nil
}

// wrap adds what was being read to an error, keeping the chain intact.
func wrap(err error, format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), err)
}
