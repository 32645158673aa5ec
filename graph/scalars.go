package graph

import (
	"io"
	"math"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"github.com/cybercoop/cybercoop"
)

// Date is the GraphQL Date scalar: a partial ISO 8601 date ("2018", "2018-06", "2018-06-30").
type Date = cybercoop.PartialDate

// MarshalDate writes a Date as its ISO text.
func MarshalDate(d cybercoop.PartialDate) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(d.String())) })
}

// UnmarshalDate reads a Date, refusing anything that is not a real date at its precision.
func UnmarshalDate(v any) (cybercoop.PartialDate, error) {
	s, ok := v.(string)
	if !ok {
		return cybercoop.PartialDate{}, cybercoop.Errorf(cybercoop.EINVALID, "a Date is a string such as \"2018-06\", got %T", v)
	}
	d, err := cybercoop.ParsePartialDate(s)
	if err != nil {
		return d, cybercoop.Errorf(cybercoop.EINVALID, "%v", err)
	}
	return d, nil
}

// Float is the GraphQL Float scalar written in plain decimal notation: a budget of EUR 13.35 million is
// 13350000, not 1.335e+07 as gqlgen's default writes it, which people and spreadsheets misread.
type Float = float64

// MarshalFloat writes f without an exponent; NaN and infinities, which JSON cannot hold, are written as null.
func MarshalFloat(f float64) graphql.Marshaler {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return graphql.Null
	}
	return graphql.WriterFunc(func(w io.Writer) { _, _ = io.WriteString(w, strconv.FormatFloat(f, 'f', -1, 64)) })
}

// UnmarshalFloat reads a Float as gqlgen does.
func UnmarshalFloat(v any) (float64, error) { return graphql.UnmarshalFloat(v) }
