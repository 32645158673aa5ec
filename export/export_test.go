package export

import (
	"bytes"
	"encoding/csv"
	"net/url"
	"testing"

	"github.com/cybercoop/cybercoop"
)

func TestCSVCells(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"PlainText", "Semaine de la cybersécurité", "Semaine de la cybersécurité"},
		{"FormulaIsQuoted", "=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"},
		{"PlusMinusAt", "+1", "'+1"},
		{"DateIsNotAFormula", "2017-10-23", "2017-10-23"},
		{"CommasAndQuotesSurvive", `Accra, "Ghana"`, `Accra, "Ghana"`},
		{"Empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			w := newCSV(&b)
			w.row(tc.in, "x")
			if err := w.flush(); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&b).ReadAll()
			if err != nil || len(rows) != 1 || rows[0][0] != tc.want {
				t.Errorf("cell %q reads back as %q (%v), want %q", tc.in, rows, err, tc.want)
			}
		})
	}
}

// A file starts with the UTF-8 byte order mark, then the header row, so that Excel reads the accents right.
func TestCSVStartsWithByteOrderMark(t *testing.T) {
	var b bytes.Buffer
	w := newCSV(&b)
	w.header("id", "title")
	w.row("activity:1", "Semaine de la cybersécurité")
	if err := w.flush(); err != nil {
		t.Fatal(err)
	}
	if want := "\uFEFFid,title\r\nactivity:1,Semaine de la cybersécurité\r\n"; b.String() != want {
		t.Errorf("file is %q, want %q", b.String(), want)
	}
}

// FuzzExportParameters: whatever the query string, parsing it gives a filter or an EINVALID error, never a panic.
func FuzzExportParameters(f *testing.F) {
	for _, seed := range []string{"country=country:gh", "country=project:x&from=2018-13", "of=gh&via=ACTIVITY,nope",
		"types=country&from=2018&to=2018-06", "id=&depth=99", "country=%00&text=%FF", "of=:&types=,,,"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		for _, parse := range []func() error{
			func() error { _, err := activityFilter(q); return err },
			func() error { _, err := collaboratorQuery(q); return err },
			func() error { _, err := intParam(q, "depth", 1, 1, 3); return err },
		} {
			if err := parse(); err != nil && cybercoop.ErrorCode(err) != cybercoop.EINVALID {
				t.Fatalf("%q: %v is not an EINVALID error", raw, err)
			}
		}
	})
}
