package cybercoop_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// generated is Go's marker of a generated file (go help generate).
var generated = regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)

// TestPackageDocs fails for any package of the module whose non-test files carry no package doc comment, so that
// each package says its one job to a newcomer (issue 28). Generated-only packages, node_modules and testdata are
// left out; a package doc may sit in any file of the package, generated ones included.
func TestPackageDocs(t *testing.T) {
	files := map[string][]string{} // directory → its non-test Go files
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != "." && (name == "node_modules" || name == "testdata" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			files[filepath.Dir(path)] = append(files[filepath.Dir(path)], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("found %d packages; the walk is not seeing the module", len(files))
	}
	for dir, paths := range files {
		documented, handWritten := false, false
		for _, path := range paths {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.PackageClauseOnly|parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			documented = documented || f.Doc != nil
			handWritten = handWritten || !generated.Match(src)
		}
		if handWritten && !documented {
			t.Errorf("package %s has no package doc comment: add one (// Package NAME ...) saying its one job", dir)
		}
	}
}
