package store

import (
	"context"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/cybercoop/cybercoop"
)

// Hit is one search result.
type Hit struct {
	Score float64
	Node  cybercoop.Entity
}

// searchQuery asks the full-text index, keeps the kinds asked for, and returns the best hits, exact matches of
// a whole name first: Lucene ranks a longer name that repeats the word ("CyberSouth+" and its aliases) above the
// name itself, so the exact ones are looked for among the index's first exactMatchWindow hits. Each group stays in
// the index's order. Each hit is read with the properties of its kind that properties names. The hits come in one
// record, a list in their order: a record per hit costs the driver a message each, and it reads each one racing the
// request's deadline with a goroutine.
func searchQuery(properties map[cybercoop.Kind][]string) string {
	return `
CALL db.index.fulltext.queryNodes('entity_names', $query, {limit: $indexLimit}) YIELD node, score
WHERE $anyKind OR any(l IN labels(node) WHERE l IN $kinds)
WITH node, score ORDER BY score DESC, node.id LIMIT $window
WITH node, score, $wanted IN coalesce(node.searchNames, []) AS exact
ORDER BY exact DESC, score DESC, node.id LIMIT $limit
RETURN collect([` + withLabelsAnd("node", properties, "") + `, score]) AS hits`
}

// exactMatchWindow is how many of the index's best hits are searched for an exact name match.
const exactMatchWindow = 50

// MaxSearchWord is the longest word a search takes, in characters: longer than any name in the graph, and short
// enough that no word makes Lucene's prefix automaton expensive.
const MaxSearchWord = 64

// Search finds entities whose names, French names, acronyms, aliases or titles contain every word of text,
// ignoring accents and case; a word also matches as the start of a longer one. The text is reduced to its words
// before it reaches Lucene, so no input can be read as query syntax. Text without words, or with a word over
// MaxSearchWord characters, is an EINVALID error; errors quote at most the start of the text. Hits are read with
// the properties sel names.
func (s *Store) Search(ctx context.Context, text string, kinds []cybercoop.Kind, limit int, sel Selection) ([]Hit, error) {
	query, err := textQuery("search", text)
	if err != nil {
		return nil, err
	}
	if len(kinds) == 0 {
		kinds = cybercoop.Kinds
	}
	labels := make(labelsParam, 0, len(kinds))
	for _, k := range kinds {
		label, err := kindLabel(k)
		if err != nil {
			return nil, err
		}
		labels = append(labels, label)
	}
	// The index holds only the graph's kinds: with all of them asked for, no label is checked per hit, and Lucene
	// itself keeps only the window's best hits (so the cost does not grow with the number of matches); with some
	// kinds, every hit is read to find enough of them.
	anyKind, window := containsAll(kinds, cybercoop.Kinds), max(limit, exactMatchWindow)
	indexLimit := math.MaxInt32
	if anyKind {
		indexLimit = window
	}
	res, err := s.read(ctx, "search", searchQuery(sel.Properties), map[string]any{"query": query, "kinds": labels, "anyKind": anyKind,
		"window": window, "indexLimit": indexLimit, "limit": limit, "wanted": comparable(text)})
	if err != nil {
		return nil, wrap(err, "search %q", shorten(text))
	}
	list, _ := res.Records[0].Get("hits")
	hits := make([]Hit, 0, len(list.([]any)))
	for _, h := range list.([]any) {
		pair := h.([]any) // [node, score]
		hits = append(hits, Hit{Score: pair[1].(float64), Node: decodeNode(pair[0])})
	}
	return hits, nil
}

// containsAll reports whether every one of want is in kinds.
func containsAll(kinds, want []cybercoop.Kind) bool {
	for _, k := range want {
		if !slices.Contains(kinds, k) {
			return false
		}
	}
	return true
}

// comparable reduces a name to what a search compares: lower case, no accents, single spaces.
func comparable(s string) string {
	return strings.Join(strings.Fields(foldAccents(strings.ToLower(s))), " ")
}

// searchWords splits free text into lower-case words of letters and digits. An apostrophe inside a word stays, as
// the index's tokenizer keeps "l'ex" whole; it is no Lucene syntax.
func searchWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(strings.ReplaceAll(text, "’", "'")), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}

// textQuery turns user text into the Lucene query of its words. Text without words, or with a word over
// MaxSearchWord characters, is an EINVALID error that names the text as what and quotes at most its start.
func textQuery(what, text string) (string, error) {
	words := searchWords(text)
	for _, w := range words {
		if n := utf8.RuneCountInString(w); n > MaxSearchWord {
			return "", cybercoop.Errorf(cybercoop.EINVALID, "%s word %q is %d characters long; the longest allowed is %d",
				what, shorten(w), n, MaxSearchWord)
		}
	}
	query := luceneQuery(words)
	if query == "" {
		return "", cybercoop.Errorf(cybercoop.EINVALID, "%s text %q has no letters or digits", what, shorten(text))
	}
	return query, nil
}

// luceneQuery turns words into a Lucene query: every word must match, exactly (ranked higher) or as a prefix.
// Words hold letters and digits only, so nothing in them is Lucene syntax; "AND", "OR" and "NOT" are lower-cased
// so they are words too.
func luceneQuery(words []string) string {
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

// shorten keeps the first 40 characters of user text for a message or a log line.
func shorten(text string) string {
	const keep = 40
	if utf8.RuneCountInString(text) <= keep {
		return text
	}
	return string([]rune(text)[:keep]) + "…"
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
