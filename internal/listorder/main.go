// Command listorder makes gqlgen's generated executor marshal lists through the graph package's marshalList,
// which marshals the elements in order unless one waits on I/O (see graph/marshal.go), instead of
// graphql.MarshalSliceConcurrently, which starts a goroutine per element. gqlgen has no setting for it, so
// `go generate` runs this after gqlgen:
//
//	go run ./internal/listorder graph/generated.go
//
// A file already rewritten is left as it is. It fails when the file has neither call, so that a gqlgen release that
// marshals lists otherwise is noticed.
package main

import (
	"bytes"
	"fmt"
	"os"
)

const (
	concurrent = "graphql.MarshalSliceConcurrently("
	inOrder    = "marshalList("
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: listorder GENERATED.go")
		os.Exit(2)
	}
	if err := rewrite(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "listorder:", err)
		os.Exit(1)
	}
}

func rewrite(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Contains(src, []byte(concurrent)) {
		if bytes.Contains(src, []byte(inOrder)) {
			return nil
		}
		return fmt.Errorf("%s calls no %s: gqlgen's list marshalling has changed, see graph/marshal.go", path, concurrent)
	}
	out := bytes.ReplaceAll(src, []byte(concurrent), []byte(inOrder))
	return os.WriteFile(path, out, 0o644)
}
