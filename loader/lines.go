package loader

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// MaxLineBytes bounds one seed record. The longest real record is under 2 KB; a line far longer is a corrupted or
// wrong file, and refusing it early keeps memory bounded whatever the file holds.
const MaxLineBytes = 1 << 20

// maxNesting bounds how deep objects and arrays may nest in a record (real records nest three levels).
const maxNesting = 32

// line is one line of a seed file: its number (from 1) and its text without the line break. tooLong is set, and
// text is empty, when the line is longer than MaxLineBytes.
type line struct {
	number  int
	text    []byte
	tooLong bool
}

// scanLines calls each for every line of r, skipping over the rest of a line longer than MaxLineBytes instead of
// holding it. The text passed to each is only valid during the call.
func scanLines(r io.Reader, each func(line)) error {
	br := bufio.NewReaderSize(r, MaxLineBytes+1) // +1: a line of exactly MaxLineBytes still fits with its '\n'
	for number := 1; ; number++ {
		text, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			each(line{number: number, tooLong: true})
		} else if len(text) > 0 {
			each(line{number: number, text: bytes.TrimSuffix(text, []byte("\n"))})
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// decodeRecord decodes one line as a JSON object, numbers kept as json.Number. It refuses what encoding/json
// would accept silently and load wrongly: bytes that are not UTF-8 (it turns them into U+FFFD), escapes that decode
// to U+FFFD (a lone surrogate), a key given twice in one object (it keeps the last), and more than one value.
func decodeRecord(text []byte) (map[string]any, error) {
	if !utf8.Valid(text) {
		return nil, fmt.Errorf("invalid UTF-8 at column %d: save the file as UTF-8", invalidUTF8Column(text))
	}
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	first, err := dec.Token()
	if err != nil {
		return nil, errors.New(jsonProblem(err))
	}
	if first != json.Delim('{') {
		return nil, fmt.Errorf("want a JSON object, found %s", describeToken(first))
	}
	values, err := decodeObject(dec, 1)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("more than one JSON value on the line")
	}
	return values, nil
}

// decodeObject reads the members of an object whose '{' has been read, up to its '}'.
func decodeObject(dec *json.Decoder, depth int) (map[string]any, error) {
	out := map[string]any{}
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, errors.New(jsonProblem(err))
		}
		if tok == json.Delim('}') {
			return out, nil
		}
		key := tok.(string) // the decoder only yields a string or '}' where a key is expected
		if strings.ContainsRune(key, utf8.RuneError) {
			return nil, fmt.Errorf("key %q holds U+FFFD (a lone surrogate escape?)", key)
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("key %q appears twice in one object", key)
		}
		value, err := decodeValue(dec, depth, key)
		if err != nil {
			return nil, err
		}
		out[key] = value
	}
}

// decodeValue reads one value; key names it in messages.
func decodeValue(dec *json.Decoder, depth int, key string) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, errors.New(jsonProblem(err))
	}
	if _, ok := tok.(json.Delim); ok && depth >= maxNesting {
		return nil, fmt.Errorf("%s: nested more than %d levels deep", key, maxNesting)
	}
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return decodeObject(dec, depth+1)
		}
		list := []any{} // v is '[': the decoder yields no other delimiter where a value starts
		for dec.More() {
			item, err := decodeValue(dec, depth+1, key)
			if err != nil {
				return nil, err
			}
			list = append(list, item)
		}
		if _, err := dec.Token(); err != nil { // the closing ']'
			return nil, errors.New(jsonProblem(err))
		}
		return list, nil
	case string:
		if strings.ContainsRune(v, utf8.RuneError) {
			return nil, fmt.Errorf("%s: the text holds U+FFFD, the mark of text decoded wrongly before it reached the seeds", key)
		}
		return v, nil
	default:
		return v, nil // json.Number, bool or nil
	}
}

// invalidUTF8Column is the 1-based byte column of the first byte of text that is not UTF-8.
func invalidUTF8Column(text []byte) int {
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && size <= 1 {
			return i + 1
		}
		i += size
	}
	return 0
}

func describeToken(tok json.Token) string {
	switch tok.(type) {
	case json.Delim:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	default:
		return "null"
	}
}
