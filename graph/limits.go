package graph

import (
	"context"
	"fmt"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// CodeComplexityLimit is the extensions.code of a query refused for its depth or cost.
const CodeComplexityLimit = "COMPLEXITY_LIMIT"

// limits refuses, before anything runs, operations nested deeper than MaxDepth or costing more than MaxCost. A
// field costs 1 plus the cost of its selections, times the number of items it can return: a list field its
// `first` or `limit` (given or default) or listGuess; the `nodes` and `edges` of a connection the connection's
// `first`. A connection's totalCount and pageInfo count once.
type limits struct {
	MaxDepth int
	MaxCost  int
}

const listGuess = 5

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = limits{}

// ExtensionName, Validate and MutateOperationContext make limits a gqlgen handler extension.

func (limits) ExtensionName() string                   { return "QueryLimits" }
func (limits) Validate(graphql.ExecutableSchema) error { return nil }
func (l limits) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	depth := selectionDepth(oc.Operation.SelectionSet)
	if depth > l.MaxDepth {
		return limitError("the query is %d levels deep; the limit is %d", depth, l.MaxDepth)
	}
	cost := selectionCost(oc.Operation.SelectionSet, oc.Variables, 1)
	if cost > l.MaxCost {
		return limitError("the query could cost %d; the limit is %d (lower `first` or ask for fewer nested lists)", cost, l.MaxCost)
	}
	return nil
}

func limitError(format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{Message: fmt.Sprintf(format, args...), Extensions: map[string]any{"code": CodeComplexityLimit}}
}

// selectionDepth counts nested fields, through fragments; introspection counts like any other query.
func selectionDepth(set ast.SelectionSet) int {
	deepest := 0
	for _, sel := range set {
		d := 0
		switch s := sel.(type) {
		case *ast.Field:
			d = 1 + selectionDepth(s.SelectionSet)
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				d = selectionDepth(s.Definition.SelectionSet)
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}

// selectionCost adds up the cost of a selection; pageSize is the `first` of the connection it belongs to.
func selectionCost(set ast.SelectionSet, vars map[string]any, pageSize int) int {
	total := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			first, hasFirst := intArgument(s, "first", vars)
			if !hasFirst {
				first, hasFirst = intArgument(s, "limit", vars)
			}
			first = max(first, 1)
			size := 1
			switch {
			case s.Name == "nodes" || s.Name == "edges":
				size = pageSize
			case s.Definition != nil && s.Definition.Type.Elem != nil && hasFirst:
				size = first
			case s.Definition != nil && s.Definition.Type.Elem != nil:
				size = listGuess
			}
			children := selectionCost(s.SelectionSet, vars, first)
			total = saturatingAdd(total, saturatingMul(1+children, size))
		case *ast.InlineFragment:
			total = saturatingAdd(total, selectionCost(s.SelectionSet, vars, pageSize))
		case *ast.FragmentSpread:
			if s.Definition != nil {
				total = saturatingAdd(total, selectionCost(s.Definition.SelectionSet, vars, pageSize))
			}
		}
	}
	return total
}

func intArgument(f *ast.Field, name string, vars map[string]any) (int, bool) {
	var value *ast.Value
	if arg := f.Arguments.ForName(name); arg != nil {
		value = arg.Value
	} else if f.Definition != nil {
		if def := f.Definition.Arguments.ForName(name); def != nil {
			value = def.DefaultValue
		}
	}
	if value == nil {
		return 0, false
	}
	v, err := value.Value(vars)
	if err != nil {
		return 0, false
	}
	switch n := v.(type) {
	case int64:
		return int(n), true
	case int:
		return n, true
	case string:
		i, err := strconv.Atoi(n)
		return i, err == nil
	}
	return 0, false
}

const maxCost = 1 << 30

func saturatingAdd(a, b int) int { return min(a+b, maxCost) }
func saturatingMul(a, b int) int {
	if a != 0 && b > maxCost/a {
		return maxCost
	}
	return min(a*b, maxCost)
}
