package loader

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDecodeRecord(t *testing.T) {
	ok := []string{
		`{}`,
		`{"id":"a","n":1.5,"b":true,"z":null,"list":[1,"x",{"k":[]}],"o":{"id":"a"}}`,
		`{"title":"Conférence — Côte d'Ivoire \u00e9"}`,
		`{"a":{"k":1},"b":{"k":2}}`, // the same key in two objects is fine
	}
	for _, text := range ok {
		t.Run("OK "+text, func(t *testing.T) {
			if _, err := decodeRecord([]byte(text)); err != nil {
				t.Errorf("decodeRecord(%s) = %v", text, err)
			}
		})
	}

	bad := []struct{ name, text, want string }{
		{"ErrInvalidUTF8", "{\"title\":\"Conf\xe9rence\"}", "invalid UTF-8 at column 15"},
		{"ErrInvalidUTF8InAKey", "{\"t\xffitle\":\"x\"}", "invalid UTF-8 at column 4"},
		{"ErrLoneSurrogate", `{"title":"a\ud800b"}`, "title: the text holds U+FFFD"},
		{"ErrReplacementCharacter", `{"title":"Conf` + "\uFFFD" + `rence"}`, "title: the text holds U+FFFD"},
		{"ErrRepeatedKey", `{"id":"a","name":"x","id":"b"}`, `key "id" appears twice in one object`},
		{"ErrRepeatedKeyNested", `{"sources":[{"source":"doc","at":"1","at":"2"}]}`, `key "at" appears twice`},
		{"ErrRepeatedKeyEscaped", `{"id":"a","\u0069d":"b"}`, `key "id" appears twice`},
		{"ErrNotAnObject", `["a"]`, "want a JSON object, found an array"},
		{"ErrString", `"a"`, "want a JSON object, found a string"},
		{"ErrTwoValues", `{"id":"a"} {"id":"b"}`, "more than one JSON value on the line"},
		{"ErrTruncated", `{"id":"a",`, "malformed JSON: the line ends inside the record"},
		{"ErrSyntax", `{"id" "a"}`, "malformed JSON at column"},
		{"ErrTooDeep", `{"a":` + strings.Repeat("[", maxNesting+1) + strings.Repeat("]", maxNesting+1) + `}`, "a: nested more than 32 levels deep"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeRecord([]byte(tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("decodeRecord(%q) = %v, want an error containing %q", tc.text, err, tc.want)
			}
		})
	}
}

func TestScanLines(t *testing.T) {
	long := strings.Repeat("x", MaxLineBytes+1)
	exact := strings.Repeat("y", MaxLineBytes)
	input := "a\r\n\n" + long + "\nb\n" + exact + "\n" + long + long + "\nlast"
	type got struct {
		number  int
		text    string
		tooLong bool
	}
	var lines []got
	if err := scanLines(strings.NewReader(input), func(l line) {
		lines = append(lines, got{l.number, string(l.text), l.tooLong})
	}); err != nil {
		t.Fatal(err)
	}
	want := []got{{1, "a\r", false}, {2, "", false}, {3, "", true}, {4, "b", false}, {5, exact, false}, {6, "", true}, {7, "last", false}}
	if !reflect.DeepEqual(lines, want) {
		for _, l := range lines {
			t.Logf("line %d: %d bytes, tooLong %v", l.number, len(l.text), l.tooLong)
		}
		t.Errorf("scanLines gave %d lines, want 7 numbered 1 to 7 with lines 3 and 6 too long", len(lines))
	}
}

// FuzzDecodeRecord checks decodeRecord against encoding/json: what it accepts is valid UTF-8 and valid JSON and
// decodes to exactly what encoding/json gives; what encoding/json refuses, it refuses too.
func FuzzDecodeRecord(f *testing.F) {
	real, err := os.ReadFile("../seeds/activities-cproc-2018.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	for _, l := range bytes.SplitN(real, []byte("\n"), 4)[:3] {
		f.Add(l)
	}
	for _, s := range []string{`{}`, `{"a":1,"a":2}`, `{"a":[{"b":1,"b":2}]}`, "{\"a\":\"\xff\"}", `{"a":"\ud800"}`,
		`{"a":1}{}`, `[1]`, `{"a":[[[[]]]]}`, `{"a":-1.5e3,"b":null,"c":false}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		values, err := decodeRecord(text)
		var reference map[string]any
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.UseNumber()
		refErr := dec.Decode(&reference)
		if err != nil {
			return
		}
		if !utf8.Valid(text) || !json.Valid(text) {
			t.Fatalf("accepted %q: not valid UTF-8 JSON", text)
		}
		if refErr != nil || !reflect.DeepEqual(values, reference) {
			t.Fatalf("accepted %q as %#v; encoding/json gives %#v, %v", text, values, reference, refErr)
		}
	})
}
