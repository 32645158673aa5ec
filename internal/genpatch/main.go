// Command genpatch makes two changes to the executor gqlgen generates, which gqlgen has no setting for:
//
//   - Lists are marshalled through the graph package's marshalList, which marshals the elements in order unless one
//     waits on I/O (see internal/batch/marshal.go), instead of graphql.MarshalSliceConcurrently, which starts a goroutine
//     per element.
//   - Objects start with graph's noDeferredGroup instead of graphql.NewDeferredGroup, which builds the object's
//     path, a field set and a map for @defer, for every object of the answer. The service refuses @defer (see
//     admission/nodefer.go), so these would never be used.
//
// `go generate` runs it after gqlgen:
//
//	go run ./internal/genpatch graph/generated.go
//
// A file already patched is left as it is. It fails when the file has neither form of a call, so that a gqlgen
// release that generates otherwise is noticed.
package main

import (
	"bytes"
	"fmt"
	"os"
)

// patches are gqlgen's calls and what replaces them.
var patches = []struct{ generated, patched string }{
	{"graphql.MarshalSliceConcurrently(", "marshalList("},
	{"graphql.NewDeferredGroup(ctx)", "noDeferredGroup()"},
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: genpatch GENERATED.go")
		os.Exit(2)
	}
	if err := patch(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "genpatch:", err)
		os.Exit(1)
	}
}

func patch(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, p := range patches {
		if !bytes.Contains(src, []byte(p.generated)) && !bytes.Contains(src, []byte(p.patched)) {
			return fmt.Errorf("%s calls neither %s nor %s: gqlgen generates otherwise, see internal/genpatch", path, p.generated, p.patched)
		}
		src = bytes.ReplaceAll(src, []byte(p.generated), []byte(p.patched))
	}
	return os.WriteFile(path, src, 0o644)
}
