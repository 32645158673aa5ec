package admission

import (
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator/core"
)

// The service answers every operation in one JSON response: it has no multipart transport for the incremental
// delivery of @defer. gqlgen's schema declares @defer all the same, and would accept it and leave the deferred
// fields null, an answer that looks complete and is not; the validation rule below refuses it instead, with a
// message that says why (@stream is not declared: validation refuses it as an unknown directive). The executor can
// then skip what it builds for @defer on every object (graph's noDeferredGroup, internal/genpatch).

// noIncrementalDelivery refuses @defer wherever it is written.
var noIncrementalDelivery = core.Rule{Name: "NoIncrementalDelivery", RuleFunc: func(observers *core.Events, addError core.AddErrFunc) {
	observers.OnDirective(func(_ *core.Walker, d *ast.Directive) {
		if d.Name == "defer" {
			addError(core.Message(`The @defer directive is not supported: this endpoint sends each answer whole, in one response.`),
				core.At(d.Position))
		}
	})
}}
