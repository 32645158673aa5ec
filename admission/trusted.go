package admission

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/cybercoop/cybercoop/graphqlhttp"
)

// TrustedDocuments are the documents registered in the binary (package web/documents), which clients call by id.
type TrustedDocuments interface {
	// Lookup gives the text of the document with this id, and whether it is registered.
	Lookup(id string) (text string, ok bool)
	// Registered says whether text is exactly a registered document.
	Registered(text string) bool
}

// Codes of the refusals of trusted documents, in extensions.code.
const (
	CodeDocumentNotFound     = "DOCUMENT_NOT_FOUND"     // a documentId that names no registered document
	CodeTrustedDocumentsOnly = "TRUSTED_DOCUMENTS_ONLY" // a document that is not registered, on an endpoint that runs registered ones only
)

// trustedDocuments puts the text of the document a request names by documentId (graphqlhttp passes it in the
// extensions) in its query, before admission and the caches see it. With only set, it refuses any document that is
// not registered, whether sent as text or by an automatic persisted query's hash.
type trustedDocuments struct {
	documents TrustedDocuments
	only      bool
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = trustedDocuments{}

// ExtensionName and Validate make trustedDocuments a gqlgen handler extension.
func (trustedDocuments) ExtensionName() string                   { return "TrustedDocuments" }
func (trustedDocuments) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters resolves the documentId, or refuses the request.
func (t trustedDocuments) MutateOperationParameters(_ context.Context, params *graphql.RawParams) *gqlerror.Error {
	if id, named := params.Extensions[graphqlhttp.ExtensionDocumentID]; named {
		idText, _ := id.(string)
		text, ok := t.documents.Lookup(idText)
		if !ok {
			return codedError(CodeDocumentNotFound, "no registered document has this documentId; the ids are the sha256 of the files in web/documents")
		}
		params.Query = text
		delete(params.Extensions, "persistedQuery") // one way of naming the document is enough
		return nil
	}
	if t.only && (params.Query == "" || !t.documents.Registered(params.Query)) {
		return codedError(CodeTrustedDocumentsOnly, "this endpoint runs registered documents only: send a documentId")
	}
	return nil
}

func codedError(code, message string) *gqlerror.Error {
	return &gqlerror.Error{Message: message, Extensions: map[string]any{"code": code}}
}
