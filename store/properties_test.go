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

func TestSelectedProperties(t *testing.T) {
	for _, tc := range []struct {
		kind   cybercoop.Kind
		fields []string
		want   []string
	}{
		{cybercoop.KindActivity, []string{"id", "title", "countries"}, []string{"id", "title"}},
		{cybercoop.KindActivity, []string{"datePrecision", "label", "sources"}, []string{"id", "dateParts", "start", "end", "title", "sources"}},
		{cybercoop.KindOrganization, []string{"label", "organizationKind"}, []string{"id", "acronym", "name", "kind"}},
		{cybercoop.KindCountry, []string{"__typename", "slug", "kind"}, []string{"id"}},
		{cybercoop.KindCountry, []string{"name", "somethingNew"}, nil},
	} {
		if got := SelectedProperties(tc.kind, tc.fields); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("SelectedProperties(%s, %v) = %v, want %v", tc.kind, tc.fields, got, tc.want)
		}
	}
}
