package store_test

import (
	"encoding/base64"
	"strconv"
	"testing"

	"github.com/cybercoop/cybercoop"
	"github.com/cybercoop/cybercoop/store"
)

func TestDecodeCursor(t *testing.T) {
	encode := func(text string) string { return base64.RawURLEncoding.EncodeToString([]byte(text)) }
	for _, offset := range []int{0, 19, store.MaxCursorOffset} {
		if got, err := store.DecodeCursor(store.EncodeCursor(offset)); err != nil || got != offset {
			t.Errorf("round trip of %d: %d, %v", offset, got, err)
		}
	}
	for name, cursor := range map[string]string{
		"ErrOverflow":       encode("o:9223372036854775807"),
		"ErrBeyondAnyList":  encode("o:99999999999"),
		"ErrJustOverLimit":  encode("o:" + strconv.Itoa(store.MaxCursorOffset+1)),
		"ErrNegative":       encode("o:-1"),
		"ErrPadded":         base64.StdEncoding.EncodeToString([]byte("o:10")), // "bzoxMA=="
		"ErrNoPrefix":       encode("19"),
		"ErrLongCursorText": encode("o:" + string(make([]byte, 5000))),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := store.DecodeCursor(cursor)
			if cybercoop.ErrorCode(err) != cybercoop.EINVALID || len(cybercoop.ErrorMessage(err)) > 100 {
				t.Errorf("DecodeCursor: %v, want a short EINVALID error", err)
			}
		})
	}
}
