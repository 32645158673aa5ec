// Package dbflags reads the Neo4j connection settings shared by every command from flags, with the environment
// variables as defaults, and validates them with messages that say what to set.
package dbflags

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/cybercoop/cybercoop/store"
)

// Defaults match the server that scripts/neo4j.sh starts.
const (
	DefaultURI      = "bolt://127.0.0.1:7687"
	DefaultUser     = "neo4j"
	DefaultPassword = "cybercoop-dev"
	DefaultDatabase = "neo4j"
)

// Register adds -neo4j-uri, -neo4j-user, -neo4j-password, -neo4j-database and -switch-grace to fs and returns the
// config they fill.
func Register(fs *flag.FlagSet) *store.Config {
	cfg := &store.Config{}
	fs.StringVar(&cfg.URI, "neo4j-uri", Env("NEO4J_URI", DefaultURI),
		"Neo4j URI: bolt:// for one server, neo4j:// or neo4j+s:// for a cluster or Aura (env NEO4J_URI)")
	fs.StringVar(&cfg.User, "neo4j-user", Env("NEO4J_USER", DefaultUser), "Neo4j user (env NEO4J_USER)")
	fs.StringVar(&cfg.Password, "neo4j-password", Env("NEO4J_PASSWORD", DefaultPassword),
		"Neo4j password (env NEO4J_PASSWORD; prefer the environment, flags show in process lists)")
	fs.StringVar(&cfg.Database, "neo4j-database", Env("NEO4J_DATABASE", DefaultDatabase),
		"Neo4j database name (env NEO4J_DATABASE)")
	grace := store.DefaultSwitchGrace
	if v := Env("SWITCH_GRACE", ""); v != "" {
		var err error
		if grace, err = time.ParseDuration(v); err != nil {
			grace = -1 // Validate says so
		}
	}
	fs.DurationVar(&cfg.SwitchGrace, "switch-grace", grace, "how long the data a load switched away from stays readable "+
		"for the requests pinned to it; a load waits for it before clearing that data (env SWITCH_GRACE)")
	return cfg
}

// Validate says exactly which setting is wrong.
func Validate(cfg *store.Config) error {
	u, err := url.Parse(cfg.URI)
	if err != nil {
		return fmt.Errorf("NEO4J_URI %q is not a URI: %v", cfg.URI, err)
	}
	switch u.Scheme {
	case "bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc":
	default:
		return fmt.Errorf("NEO4J_URI %q: scheme must be bolt, bolt+s, bolt+ssc, neo4j, neo4j+s or neo4j+ssc", cfg.URI)
	}
	if u.Host == "" {
		return fmt.Errorf("NEO4J_URI %q has no host", cfg.URI)
	}
	if cfg.User == "" {
		return errors.New("NEO4J_USER is empty")
	}
	if cfg.Database == "" {
		return errors.New("NEO4J_DATABASE is empty")
	}
	if cfg.SwitchGrace < 0 {
		return errors.New("SWITCH_GRACE must be a duration such as 15s")
	}
	return nil
}

// Env returns the environment variable key, or fallback when it is unset or empty.
func Env(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
