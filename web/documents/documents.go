// Package documents holds the GraphQL documents the workbench and the embeds send, the trusted documents: the
// build of web/ bundles the same files (build.mjs), and the server runs them by id
// (GET /graphql?documentId=sha256:<hex>), so a partner's page never sends query text and a locked-down
// deployment can refuse any other query.
package documents

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"slices"
	"strings"
)

//go:embed *.graphql
var files embed.FS

// IDPrefix starts every document id: the hash function, as the GraphQL-over-HTTP persisted documents draft writes.
const IDPrefix = "sha256:"

// Registry holds documents by id.
type Registry struct {
	byID map[string]string
}

// Trusted is the registry of the files of this package, read once at start.
var Trusted = load()

func load() Registry {
	byID := map[string]string{}
	names, err := fs.Glob(files, "*.graphql")
	if err != nil {
		panic(err) // the pattern is constant and valid
	}
	for _, name := range names {
		text, err := files.ReadFile(name)
		if err != nil {
			panic(err) // embedded files are always readable
		}
		byID[ID(string(text))] = string(text)
	}
	return Registry{byID: byID}
}

// ID is the id of a document: "sha256:" and the hex SHA-256 of its exact text.
func ID(text string) string {
	sum := sha256.Sum256([]byte(text))
	return IDPrefix + hex.EncodeToString(sum[:])
}

// Lookup gives the text of a registered document by id; ok is false for an unknown id. A bare hex hash (as APQ
// clients send) stands for "sha256:" and that hash.
func (r Registry) Lookup(id string) (text string, ok bool) {
	if !strings.Contains(id, ":") {
		id = IDPrefix + id
	}
	text, ok = r.byID[strings.ToLower(id)]
	return text, ok
}

// Registered says whether text is exactly the text of a registered document.
func (r Registry) Registered(text string) bool {
	_, ok := r.byID[ID(text)]
	return ok
}

// IDs lists the ids of the registered documents.
func (r Registry) IDs() []string {
	ids := make([]string, 0, len(r.byID))
	for id := range r.byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
