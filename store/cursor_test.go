package store_test

import (
	"encoding/base64"
	"strconv"
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/store"
)

func TestDecodeCursor(t *testing.T) {
	encode := func(text string) string { return base64.RawURLEncoding.EncodeToString([]byte(text)) }
	for _, offset := range []int{0, 19, store.MaxCursorOffset} {
		if got, id, err := store.DecodeCursor(store.EncodeCursor(offset)); err != nil || got != offset || id != "" {
			t.Errorf("round trip of %d: %d, %q, %v", offset, got, id, err)
		}
		for _, want := range []string{"cproc-2018-630", "cproc-2018-630~10", "a:b"} {
			if got, id, err := store.DecodeCursor(store.EncodeItemCursor(offset, want)); err != nil || got != offset || id != want {
				t.Errorf("round trip of %d, %q: %d, %q, %v", offset, want, got, id, err)
			}
		}
	}
	for name, cursor := range map[string]string{
		"ErrOverflow":        encode("o:9223372036854775807"),
		"ErrBeyondAnyList":   encode("o:99999999999"),
		"ErrJustOverLimit":   encode("o:" + strconv.Itoa(store.MaxCursorOffset+1)),
		"ErrNegative":        encode("o:-1"),
		"ErrPadded":          base64.StdEncoding.EncodeToString([]byte("o:10")), // "bzoxMA=="
		"ErrNoPrefix":        encode("19"),
		"ErrLongCursorText":  encode("o:" + string(make([]byte, 5000))),
		"ErrEmptyID":         encode("o:10:"),
		"ErrLongID":          encode("o:10:" + strings.Repeat("x", 201)),
		"ErrIDWithoutOffset": encode("o::cproc-2018-630"),
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := store.DecodeCursor(cursor)
			if cybercoop.ErrorCode(err) != cybercoop.EINVALID || len(cybercoop.ErrorMessage(err)) > 100 {
				t.Errorf("DecodeCursor: %v, want a short EINVALID error", err)
			}
		})
	}
}
