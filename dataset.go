package cybercoop

// Dataset is the whole knowledge graph as the loader hands it to the store: nodes and relationships, each with the
// properties to set. The store writes it beside the current data and switches to it in one step; the loader builds
// it from the seed files.
type Dataset struct {
	Nodes         []Node
	Relationships []Relationship
}

// Node is one node to write. Label is one of the labels the store knows; ID is unique within the label.
type Node struct {
	Label   string
	ID      string
	Props   map[string]any
	Sources []SourceRef
}

// Relationship is one relationship to write between two nodes named by label and id. Several relationships of one
// type may join the same two nodes (two accession events of a country, say).
type Relationship struct {
	Type      string
	FromLabel string
	FromID    string
	ToLabel   string
	ToID      string
	Props     map[string]any
	Sources   []SourceRef
}

// Counts are how many nodes a graph holds per label and how many relationships per type.
type Counts struct {
	Nodes         map[string]int
	Relationships map[string]int
}

// Counts counts the dataset's nodes per label and relationships per type.
func (d Dataset) Counts() Counts {
	c := Counts{Nodes: map[string]int{}, Relationships: map[string]int{}}
	for _, n := range d.Nodes {
		c.Nodes[n.Label]++
	}
	for _, r := range d.Relationships {
		c.Relationships[r.Type]++
	}
	return c
}
