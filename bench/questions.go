// Package bench measures this service against the Neo4j GraphQL Library (the peer, bench/peer) over the same
// Neo4j: it reads the questions asked of both, checks that both answer with the same entities, drives both with
// autocannon and writes the results as a Markdown table. Questions the library has no counterpart for (the treaty
// fields) are asked of the service alone and held against a reference question's latency in the same run.
// bench/cmd/peer wires it together (`make bench-peer`).
package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Question is one question asked of both servers (the service's GraphQL document and the peer's equivalent), or
// of the service alone when the library has no counterpart of what it asks (ServiceOnly, Peer empty).
type Question struct {
	Name    string // file name without extension, e.g. "a-project-partners"
	Title   string // the documents' first comment line, e.g. "a) a project with its partners and funders (GLACY+)"
	Service string
	Peer    string
	// ServiceOnly marks a question the peer is not asked: its document's first line is "# service only: TITLE".
	ServiceOnly bool
}

// peerSuffix ends the peer's document of a question; the service's document ends in plain ".graphql".
const peerSuffix = ".peer.graphql"

// serviceOnlyMark begins the title comment of a question that only the service is asked, e.g.
// "# service only: i) a convention's Parties as of a date"; the title is what follows it.
const serviceOnlyMark = "service only:"

// LoadQuestions reads every NAME.graphql (the service's document) and NAME.peer.graphql (the peer's) in dir, in
// name order. A NAME.graphql whose first line is "# service only: TITLE" is a service-only question and must have
// no NAME.peer.graphql. A peer document without the service's, a service document without the peer's that is not
// marked service only, a marked one with a peer document, or a document without a title comment on its first
// line is an error.
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
			if t, ok := strings.CutPrefix(q.Title, serviceOnlyMark); ok {
				if q.Title = strings.TrimSpace(t); q.Title == "" {
					return nil, fmt.Errorf("%s: the first line must say what the question asks after %q", f, serviceOnlyMark)
				}
				q.ServiceOnly = true
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
		case q.ServiceOnly && q.Peer != "":
			return nil, fmt.Errorf("question %s: %s.graphql is marked %q but has %s%s for the peer", q.Name, q.Name, "# "+serviceOnlyMark, q.Name, peerSuffix)
		case !q.ServiceOnly && q.Peer == "":
			return nil, fmt.Errorf("question %s: %s.graphql has no %s%s for the peer (a question only the service is asked says %q on its first line)",
				q.Name, q.Name, q.Name, peerSuffix, "# "+serviceOnlyMark+" TITLE")
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
