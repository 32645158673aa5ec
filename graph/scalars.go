package graph

import (
	"io"
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
