package export

import (
	"context"
	"encoding/xml"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/store"
)

// Neighbourhood bounds: depth as in the API; at most maxNodes entities in one file.
const (
	defaultNodes = 200
	maxNodes     = 500
)

// NeighborhoodGraphML writes the entities within depth hops of id (1 to 3, default 1) and the relationships among
// them as GraphML, with each entity's label and kind and each relationship's type and sources. limit (default 200,
// at most 500) bounds the entities; a cut graph says so in the graph's `truncated` attribute.
func NeighborhoodGraphML(ctx context.Context, w io.Writer, st Store, q url.Values) error {
	id := strings.TrimSpace(q.Get("id"))
	if id == "" {
		return cybercoop.Errorf(cybercoop.EINVALID, "id: give the entity at the centre, e.g. id=country:gh")
	}
	ref, err := cybercoop.ParseRef(id, "")
	if err != nil {
		return err
	}
	depth, err := intParam(q, "depth", 1, 1, 3)
	if err != nil {
		return err
	}
	limit, err := intParam(q, "limit", defaultNodes, 1, maxNodes)
	if err != nil {
		return err
	}
	// The search as the API's neighborhood field weighs it, then each entity with its relationships.
	if err := charge(ctx, 200+depth*limit/2+limit*rowCost); err != nil {
		return err
	}
	g, err := st.Neighborhood(ctx, ref, depth, limit, store.Selection{})
	if err != nil {
		return err
	}
	doc := graphML{
		XMLNS: "http://graphml.graphdrawing.org/xmlns",
		Keys: []graphMLKey{
			{ID: "label", For: "node", Name: "label", Type: "string"},
			{ID: "kind", For: "node", Name: "kind", Type: "string"},
			{ID: "sources", For: "node", Name: "sources", Type: "string"},
			{ID: "type", For: "edge", Name: "type", Type: "string"},
			{ID: "edge_sources", For: "edge", Name: "sources", Type: "string"},
			{ID: "truncated", For: "graph", Name: "truncated", Type: "boolean"},
		},
		Graph: graphMLGraph{ID: ref.String(), EdgeDefault: "directed",
			Data: []graphMLData{{Key: "truncated", Value: strconv.FormatBool(g.Truncated)}}},
	}
	for _, n := range g.Nodes {
		doc.Graph.Nodes = append(doc.Graph.Nodes, graphMLNode{ID: n.Ref().String(), Data: []graphMLData{
			{Key: "label", Value: n.DisplayName()},
			{Key: "kind", Value: strings.ToLower(string(n.Ref().Kind))},
			{Key: "sources", Value: locators(n.Provenance())},
		}})
	}
	for i, e := range g.Edges {
		doc.Graph.Edges = append(doc.Graph.Edges, graphMLEdge{ID: "e" + strconv.Itoa(i), Source: e.From.String(),
			Target: e.To.String(), Data: []graphMLData{{Key: "type", Value: e.Type}, {Key: "edge_sources", Value: locators(e.Sources)}}})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return enc.Close()
}

func intParam(q url.Values, name string, fallback, lowest, highest int) (int, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return fallback, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lowest || n > highest {
		return 0, cybercoop.Errorf(cybercoop.EINVALID, "%s %q: want a whole number from %d to %d", name, v, lowest, highest)
	}
	return n, nil
}

// The GraphML document (http://graphml.graphdrawing.org/): keys declare the attributes, data elements hold them.
type graphML struct {
	XMLName xml.Name     `xml:"graphml"`
	XMLNS   string       `xml:"xmlns,attr"`
	Keys    []graphMLKey `xml:"key"`
	Graph   graphMLGraph `xml:"graph"`
}

type graphMLKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type graphMLGraph struct {
	ID          string        `xml:"id,attr"`
	EdgeDefault string        `xml:"edgedefault,attr"`
	Data        []graphMLData `xml:"data"`
	Nodes       []graphMLNode `xml:"node"`
	Edges       []graphMLEdge `xml:"edge"`
}

type graphMLNode struct {
	ID   string        `xml:"id,attr"`
	Data []graphMLData `xml:"data"`
}

type graphMLEdge struct {
	ID     string        `xml:"id,attr"`
	Source string        `xml:"source,attr"`
	Target string        `xml:"target,attr"`
	Data   []graphMLData `xml:"data"`
}

type graphMLData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}
