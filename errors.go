package cybercoop

import (
	"errors"
	"fmt"
)

// Error codes shared by every layer. The API maps each to a GraphQL extensions.code, the CLI to a message.
const (
	EINVALID     = "invalid"     // the caller's input is wrong; the message says how.
	ENOTFOUND    = "not_found"   // no entity has the requested id.
	EUNAVAILABLE = "unavailable" // Neo4j cannot be reached or is not ready.
	ETIMEOUT     = "timeout"     // the request ran out of time.
	EINTERNAL    = "internal"    // anything else: logged, never shown in detail.
)

// PublicCodes are the codes callers see for each error code: the GraphQL extensions.code, and the code of the
// HTTP layer's error bodies (exports), so that one kind of error has one name wherever it is shown.
var PublicCodes = map[string]string{
	EINVALID:     "BAD_USER_INPUT",
	ENOTFOUND:    "NOT_FOUND",
	EUNAVAILABLE: "UNAVAILABLE",
	ETIMEOUT:     "TIMEOUT",
	EINTERNAL:    "INTERNAL",
}

// Error is an error meant to be shown to the caller: Message is safe to display, Code says what kind it is.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and a formatted, caller-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL when there is none.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the caller-safe message of the first *Error in err's chain, or "internal error".
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
