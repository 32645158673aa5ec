// Package bench measures this service against the Neo4j GraphQL Library (the peer, bench/peer) over the same
// Neo4j: it reads the questions asked of both, checks that both answer with the same entities, drives both with
// autocannon and writes the results as a Markdown table. bench/cmd/peer wires it together (`make bench-peer`).
package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Question is one question asked of both servers: the service's GraphQL document and the peer's equivalent.
type Question struct {
	Name    string // file name without extension, e.g. "a-project-partners"
	Title   string // the documents' first comment line, e.g. "a) a project with its partners and funders (GLACY+)"
	Service string
	Peer    string
}

// peerSuffix ends the peer's document of a question; the service's document ends in plain ".graphql".
const peerSuffix = ".peer.graphql"

// LoadQuestions reads every NAME.graphql (the service's document) and NAME.peer.graphql (the peer's) in dir, in
// name order. A document without its counterpart, or without a title comment on its first line, is an error.
func LoadQuestions(dir string) ([]Question, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.graphql"))
	if err != nil {
		return nil, err
	}
	docs := map[string]*Question{}
	for _, f := range files {
		base := filepath.Base(f)
		name, isPeer := strings.CutSuffix(base, peerSuffix)
		if !isPeer {
			name = strings.TrimSuffix(base, ".graphql")
		}
		text, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		q := docs[name]
		if q == nil {
			q = &Question{Name: name}
			docs[name] = q
		}
		if isPeer {
			q.Peer = string(text)
		} else {
			q.Service = string(text)
			if q.Title, err = title(string(text)); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
		}
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("no questions (*.graphql) in %s", dir)
	}
	var out []Question
	for _, q := range docs {
		switch {
		case q.Service == "":
			return nil, fmt.Errorf("question %s: %s%s has no %s.graphql for the service", q.Name, q.Name, peerSuffix, q.Name)
		case q.Peer == "":
			return nil, fmt.Errorf("question %s: %s.graphql has no %s%s for the peer", q.Name, q.Name, q.Name, peerSuffix)
		}
		out = append(out, *q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// title is the text of a document's first line, a "# ..." comment.
func title(doc string) (string, error) {
	first, _, _ := strings.Cut(doc, "\n")
	t, ok := strings.CutPrefix(strings.TrimSpace(first), "#")
	if !ok || strings.TrimSpace(t) == "" {
		return "", fmt.Errorf("the first line must be a comment saying what the question asks")
	}
	return strings.TrimSpace(t), nil
}
