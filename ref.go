package cybercoop

import (
	"strings"
)

// Kind is the kind of an entity; its name is the Neo4j label.
type Kind string

// The kinds of entity in the graph.
const (
	KindCountry      Kind = "Country"
	KindOrganization Kind = "Organization"
	KindProject      Kind = "Project"
	KindConvention   Kind = "Convention"
	KindActivity     Kind = "Activity"
	KindTheme        Kind = "Theme"
	KindGoal         Kind = "Goal"
	KindSource       Kind = "Source"
)

// Kinds lists every kind, in the order search results and documentation use.
var Kinds = []Kind{KindCountry, KindOrganization, KindProject, KindConvention, KindActivity, KindTheme, KindGoal, KindSource}

// Ref names one entity across kinds. Its text form, the global id of the API, is "kind:id" in lower case:
// "country:gh", "organization:interpol", "project:glacy-plus".
type Ref struct {
	Kind Kind
	ID   string
}

func (r Ref) String() string { return strings.ToLower(string(r.Kind)) + ":" + r.ID }

// Name is the kind as the API's EntityKind enum names it: COUNTRY, ORGANIZATION, ...
func (k Kind) Name() string { return strings.ToUpper(string(k)) }

// NotFound is the ENOTFOUND error for an entity that does not exist: "no country has id \"xx\"".
func NotFound(r Ref) *Error {
	return Errorf(ENOTFOUND, "no %s has id %q", strings.ToLower(string(r.Kind)), r.ID)
}

// ParseRef reads a global id. With want set, a bare id ("glacy-plus") is taken as that kind and a global id of
// another kind is refused. The error is an EINVALID *Error that says what a global id looks like.
func ParseRef(s string, want Kind) (Ref, error) {
	prefix, id, found := strings.Cut(strings.TrimSpace(s), ":")
	if !found {
		if want == "" {
			return Ref{}, Errorf(EINVALID, "id %q: want kind:id, e.g. country:gh or project:glacy-plus", s)
		}
		prefix, id = string(want), prefix
	}
	for _, k := range Kinds {
		if strings.EqualFold(prefix, string(k)) {
			if want != "" && k != want {
				return Ref{}, Errorf(EINVALID, "id %q is a %s id, not a %s id", s, strings.ToLower(string(k)), strings.ToLower(string(want)))
			}
			if id == "" {
				return Ref{}, Errorf(EINVALID, "id %q has nothing after the colon", s)
			}
			return Ref{Kind: k, ID: id}, nil
		}
	}
	return Ref{}, Errorf(EINVALID, "id %q: unknown kind %q (kinds: country, organization, project, convention, activity, theme, goal, source)", s, prefix)
}
