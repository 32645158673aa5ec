package store

import (
	"context"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/cybercoop/cybercoop"
)

// Hit is one search result.
type Hit struct {
	Score float64
	Node  cybercoop.Entity
}

// searchQuery asks the full-text index, keeps the kinds asked for and returns the best hits.
const searchQuery = `
CALL db.index.fulltext.queryNodes('entity_names', $query) YIELD node, score
WHERE any(l IN labels(node) WHERE l IN $kinds)
RETURN node {.*, labels: labels(node)} AS n, score ORDER BY score DESC, n.id LIMIT $limit`

// Search finds entities whose names, French names, acronyms, aliases or titles contain every word of text,
// ignoring accents and case; a word also matches as the start of a longer one. The text is reduced to its words
// before it reaches Lucene, so no input can be read as query syntax. Empty text is an EINVALID error.
func (s *Store) Search(ctx context.Context, text string, kinds []cybercoop.Kind, limit int) ([]Hit, error) {
	query := luceneQuery(text)
	if query == "" {
		return nil, cybercoop.Errorf(cybercoop.EINVALID, "search text %q has no letters or digits", text)
	}
	if len(kinds) == 0 {
		kinds = cybercoop.Kinds
	}
	labels := make([]string, 0, len(kinds))
	for _, k := range kinds {
		label, err := kindLabel(k)
		if err != nil {
			return nil, err
		}
		labels = append(labels, label)
	}
	res, err := s.read(ctx, "search", searchQuery, map[string]any{"query": query, "kinds": labels, "limit": limit})
	if err != nil {
		return nil, wrap(err, "search %q", text)
	}
	hits := make([]Hit, 0, len(res.Records))
	for _, rec := range res.Records {
		n, _ := rec.Get("n")
		score, _ := rec.Get("score")
		hits = append(hits, Hit{Score: score.(float64), Node: decodeNode(n)})
	}
	return hits, nil
}

// luceneQuery turns free text into a Lucene query of its words: every word must match, exactly (ranked higher)
// or as a prefix. Words hold letters and digits only, so nothing in them is Lucene syntax; "AND", "OR" and "NOT"
// are lower-cased so they are words too.
func luceneQuery(text string) string {
	// An apostrophe inside a word stays, as the index's tokenizer keeps "l'ex" whole; it is no Lucene syntax.
	words := strings.FieldsFunc(strings.ToLower(strings.ReplaceAll(text, "’", "'")), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	var clauses []string
	for _, w := range words {
		w = strings.Trim(w, "'")
		if w == "" || stopWords[w] || len(clauses) == 16 { // a search box, not a document
			continue
		}
		// Lucene does not analyse prefix terms, so fold accents here as the index's analyser does.
		clauses = append(clauses, "("+w+"^2 OR "+foldAccents(w)+"*)")
	}
	return strings.Join(clauses, " AND ")
}

// stopWords are left out of searches: the index drops such words, so requiring them would match nothing.
var stopWords = map[string]bool{"a": true, "an": true, "and": true, "or": true, "not": true, "the": true, "of": true,
	"in": true, "on": true, "for": true, "to": true, "de": true, "du": true, "des": true, "la": true, "le": true,
	"les": true, "et": true, "en": true, "au": true, "aux": true, "à": true, "pour": true, "sur": true, "dans": true}

// foldAccents drops diacritics: "nigéria" becomes "nigeria".
func foldAccents(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
