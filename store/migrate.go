package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed schema/*.cypher
var schemaFiles embed.FS

// Migrate creates the constraints and indexes the loader and the API rely on, for both slots (slot.go): a
// statement about labels of the graph runs once per slot, its labels and name suffixed, any other once. Every
// statement says IF NOT EXISTS, so running it again changes nothing.
func (s *Store) Migrate(ctx context.Context) error {
	names, err := fs.Glob(schemaFiles, "schema/*.cypher")
	if err != nil {
		return fmt.Errorf("list schema files: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		text, err := schemaFiles.ReadFile(name)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		for i, stmt := range schemaStatements(string(text)) {
			for slot := range 2 {
				stmt, ok, err := schemaStatement(stmt, slot)
				if err != nil {
					return fmt.Errorf("%s statement %d, slot %d: %w", name, i+1, slot, err)
				}
				if !ok {
					continue
				}
				if _, err := s.writeAs(ctx, "migrate", stmt, nil); err != nil {
					return fmt.Errorf("%s statement %d, slot %d: %w", name, i+1, slot, err)
				}
			}
		}
	}
	// Index creation returns before the index is populated; wait so the first queries can use it.
	if _, err := s.writeAs(ctx, "await_indexes", "CALL db.awaitIndexes(300)", nil); err != nil {
		return fmt.Errorf("wait for indexes: %w", err)
	}
	return nil
}

// schemaStatements splits a .cypher file into statements, dropping // comment lines.
func schemaStatements(text string) []string {
	var kept []string
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "//") {
			kept = append(kept, line)
		}
	}
	var stmts []string
	for _, stmt := range strings.Split(strings.Join(kept, "\n"), ";") {
		if stmt = strings.TrimSpace(stmt); stmt != "" {
			stmts = append(stmts, stmt)
		}
	}
	return stmts
}
