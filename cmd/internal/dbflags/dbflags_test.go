package dbflags

import (
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop/store"
)

func TestValidate(t *testing.T) {
	for _, uri := range []string{"bolt://127.0.0.1:7687", "neo4j://cluster.example:7687", "neo4j+s://abcd.databases.neo4j.io"} {
		t.Run("OK "+uri, func(t *testing.T) {
			if err := Validate(&store.Config{URI: uri, User: "neo4j", Database: "neo4j"}); err != nil {
				t.Error(err)
			}
		})
	}
	for name, tc := range map[string]struct {
		cfg  store.Config
		want string
	}{
		"ErrScheme":   {store.Config{URI: "http://127.0.0.1:7474", User: "neo4j", Database: "neo4j"}, "scheme must be"},
		"ErrNoHost":   {store.Config{URI: "bolt://", User: "neo4j", Database: "neo4j"}, "no host"},
		"ErrNoUser":   {store.Config{URI: DefaultURI, Database: "neo4j"}, "NEO4J_USER"},
		"ErrNoDBName": {store.Config{URI: DefaultURI, User: "neo4j"}, "NEO4J_DATABASE"},
	} {
		t.Run(name, func(t *testing.T) {
			if err := Validate(&tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
