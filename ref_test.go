package cybercoop_test

import (
	"strings"
	"testing"

	"github.com/cybercoop/cybercoop"
)

func TestParseRef(t *testing.T) {
	ok := []struct {
		in   string
		want cybercoop.Kind
		ref  string
	}{
		{"country:gh", "", "country:gh"},
		{"Organization:interpol", "", "organization:interpol"},
		{"glacy-plus", cybercoop.KindProject, "project:glacy-plus"},
		{"project:glacy-plus", cybercoop.KindProject, "project:glacy-plus"},
		{" theme:cyberviolence ", "", "theme:cyberviolence"},
	}
	for _, tc := range ok {
		t.Run("OK "+tc.in, func(t *testing.T) {
			r, err := cybercoop.ParseRef(tc.in, tc.want)
			if err != nil || r.String() != tc.ref {
				t.Errorf("ParseRef(%q) = %s, %v; want %s", tc.in, r, err, tc.ref)
			}
		})
	}
	bad := []struct {
		in   string
		want cybercoop.Kind
		msg  string
	}{
		{"gh", "", "want kind:id"},
		{"planet:mars", "", `unknown kind "planet"`},
		{"country:", "", "nothing after the colon"},
		{"country:gh", cybercoop.KindProject, "is a country id, not a project id"},
	}
	for _, tc := range bad {
		t.Run("Err "+tc.in, func(t *testing.T) {
			_, err := cybercoop.ParseRef(tc.in, tc.want)
			if cybercoop.ErrorCode(err) != cybercoop.EINVALID || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("ParseRef(%q) error = %v, want invalid containing %q", tc.in, err, tc.msg)
			}
		})
	}
}
