package store

import (
	"reflect"
	"testing"

	"github.com/cybercoop/cybercoop"
)

// Every field of every kind of entity comes from a property read back: decoding a node that holds each of
// entityProperties fills every field, so a field whose property is missing from the list cannot go unnoticed.
func TestEntityProperties(t *testing.T) {
	for _, kind := range cybercoop.Kinds {
		t.Run(string(kind), func(t *testing.T) {
			p := props{}
			for _, name := range entityProperties[kind] {
				p[name] = "x"
			}
			for _, list := range []string{"aliases", "dateParts", "sources"} {
				if _, ok := p[list]; ok {
					p[list] = []any{"x"}
				}
			}
			for _, number := range []string{"number", "participants", "participatingCountries", "budgetEUR"} {
				if _, ok := p[number]; ok {
					p[number] = int64(1)
				}
			}
			v := reflect.ValueOf(decodeEntity(string(kind), p))
			for i := range v.NumField() {
				if v.Field(i).IsZero() {
					t.Errorf("%s.%s is not read from any of %v", kind, v.Type().Field(i).Name, entityProperties[kind])
				}
			}
		})
	}
}
