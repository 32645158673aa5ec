package admission

import (
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/cybercoop/cybercoop/internal/bytecache"
)

var _ graphql.Cache[string] = (*bytecache.Cache[string])(nil)

// parsedBytesPerToken is how many bytes of memory a parsed and validated document holds per token of its text,
// measured on the example queries and on documents of many short fields (TestParsedDocumentWeight keeps it
// honest). The parsed-query cache weighs a document by it.
const parsedBytesPerToken = 300

// parsedWeight is the memory a parsed document is counted for in the parsed-query cache.
func parsedWeight(query string, _ *ast.QueryDocument) int {
	return len(query) + countTokens(query, len(query))*parsedBytesPerToken
}
