package admission

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// checkVariables refuses the variable values that the GraphQL spec's input coercion refuses and gqlparser lets
// through: a string for an Int or a Float ("20" runs as 20 there), a fraction or a number beyond 32 bits for an
// Int, a number for a String, an enum value in the wrong case. So the cost walk and execution read the same
// numbers. A null or absent value is left to gqlgen's own coercion, which applies defaults and non-null rules; so
// are input types the schema does not know (validation refuses them). Errors read as gqlgen's variable errors do:
// extensions.code GRAPHQL_VALIDATION_FAILED, the variable in the path.
func checkVariables(schema *ast.Schema, op *ast.OperationDefinition, vars map[string]any) *gqlerror.Error {
	for _, def := range op.VariableDefinitions {
		path := ast.Path{ast.PathName("variable"), ast.PathName(def.Variable)}
		if err := checkInput(schema, def.Type, vars[def.Variable], path); err != nil {
			errcode.Set(err, errcode.ValidationFailed)
			return err
		}
	}
	return nil
}

// checkInput checks one input value, as decoded from JSON with numbers as json.Number, against typ.
func checkInput(schema *ast.Schema, typ *ast.Type, value any, path ast.Path) *gqlerror.Error {
	if value == nil {
		return nil
	}
	if typ.Elem != nil {
		list, isList := value.([]any)
		if !isList {
			return checkInput(schema, typ.Elem, value, path) // a single value stands for a list of one
		}
		for i, item := range list {
			if err := checkInput(schema, typ.Elem, item, append(path[:len(path):len(path)], ast.PathIndex(i))); err != nil {
				return err
			}
		}
		return nil
	}
	def := schema.Types[typ.NamedType]
	if def == nil {
		return nil
	}
	switch def.Kind {
	case ast.Scalar:
		return checkScalar(typ.NamedType, value, path)
	case ast.Enum:
		name, isString := value.(string)
		if !isString || def.EnumValues.ForName(name) == nil {
			return gqlerror.ErrorPathf(path, "%s is not a value of %s", describe(value), def.Name)
		}
	case ast.InputObject:
		fields, isObject := value.(map[string]any)
		if !isObject {
			return gqlerror.ErrorPathf(path, "%s is not an object: %s is an input object", describe(value), def.Name)
		}
		for name, field := range fields {
			if fieldDef := def.Fields.ForName(name); fieldDef != nil {
				if err := checkInput(schema, fieldDef.Type, field, append(path[:len(path):len(path)], ast.PathName(name))); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// checkScalar checks a value of a built-in scalar; custom scalars (Date) check their own input when unmarshalled.
func checkScalar(typeName string, value any, path ast.Path) *gqlerror.Error {
	number, isNumber := asNumber(value)
	switch typeName {
	case "Int":
		if !isNumber || number != math.Trunc(number) || number < math.MinInt32 || number > math.MaxInt32 {
			return gqlerror.ErrorPathf(path, "%s is not an Int: send a whole number from %d to %d, written as a JSON number",
				describe(value), math.MinInt32, math.MaxInt32)
		}
	case "Float":
		if !isNumber {
			return gqlerror.ErrorPathf(path, "%s is not a Float: send a JSON number", describe(value))
		}
	case "String":
		if _, isString := value.(string); !isString {
			return gqlerror.ErrorPathf(path, "%s is not a String: send a JSON string", describe(value))
		}
	case "Boolean":
		if _, isBool := value.(bool); !isBool {
			return gqlerror.ErrorPathf(path, "%s is not a Boolean: send true or false", describe(value))
		}
	case "ID":
		if _, isString := value.(string); !isString && (!isNumber || number != math.Trunc(number)) {
			return gqlerror.ErrorPathf(path, "%s is not an ID: send a JSON string", describe(value))
		}
	}
	return nil
}

// asNumber reads a JSON number as decoded by the transports (json.Number) or by encoding/json's defaults.
func asNumber(value any) (float64, bool) {
	switch n := value.(type) {
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}

// describe names a JSON value in an error without repeating a long input.
func describe(value any) string {
	switch v := value.(type) {
	case string:
		if len(v) > 20 {
			return "a string"
		}
		return fmt.Sprintf("the string %q", v)
	case bool:
		return fmt.Sprintf("%t", v)
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	if _, isNumber := asNumber(value); isNumber {
		return fmt.Sprintf("the number %v", value)
	}
	return "the value"
}
