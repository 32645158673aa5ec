package loader

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/runenames"
)

// The checks of the text the seeds hold and the inventories give: what a reader refuses in a title or a name, and how
// names are compared.

// foldAccents removes the accents of s: "Décembre" is "Decembre", and so is its decomposed form (NFD).
func foldAccents(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// invisible are the characters that show nothing and are not spaces: the format characters (zero-width space and
// joiners, soft hyphen, byte-order mark) and the fillers of a few scripts.
func invisible(r rune) bool {
	switch r {
	case '\u115F', '\u1160', '\u3164', '\uFFA0', '\u2800':
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// spaceLike separates words: a space of any kind (no-break, narrow no-break, figure, ideographic, ...) or a
// zero-width one.
func spaceLike(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200B' || r == '\u2060' || r == '\uFEFF'
}

// bidiControl reports the characters that change the order text is displayed in without showing: embeddings,
// overrides, isolates and marks. In a name they make it read otherwise than it is stored (U+202E reverses it).
func bidiControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069' || r == '\u200E' || r == '\u200F' ||
		r == '\u061C'
}

var controlNames = map[rune]string{0: "NUL", 7: "BEL", 8: "BACKSPACE", '\t': "TAB", '\n': "LINE FEED", '\v': "LINE TABULATION",
	'\f': "FORM FEED", '\r': "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}

// describeRune names a character in messages: "U+202E (RIGHT-TO-LEFT OVERRIDE)".
func describeRune(r rune) string {
	name := controlNames[r]
	if name == "" {
		name = runenames.Name(r)
	}
	if name == "" || strings.HasPrefix(name, "<") {
		return fmt.Sprintf("U+%04X", r)
	}
	return fmt.Sprintf("U+%04X (%s)", r, name)
}

// textProblem says what is wrong with a text value of the seeds, "" when nothing is: it is empty or blank, holds a
// control character (NUL, BEL, a line break, a tab, ...), a line or paragraph separator or a bidirectional control,
// or nothing but invisible characters.
func textProblem(s string) string {
	visible := false
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			return fmt.Sprintf("holds a line break, %s: a text of the seeds is one line", describeRune(r))
		case unicode.IsControl(r):
			return fmt.Sprintf("holds the control character %s: write the text without it", describeRune(r))
		case bidiControl(r):
			return fmt.Sprintf("holds %s, a bidirectional control that makes the text display otherwise than it "+
				"reads: write the text without it", describeRune(r))
		case !unicode.IsSpace(r) && !invisible(r):
			visible = true
		}
	}
	switch {
	case strings.TrimSpace(s) == "":
		return "want a non-empty string"
	case !visible:
		return "holds only invisible characters (such as U+200B, ZERO WIDTH SPACE): want visible text"
	}
	return ""
}

// normalizeText is how the seeds' text is stored and compared: in Unicode's composed form (NFC), so that a name
// typed in decomposed form ("Azerbai\u0308djan") is the same name as the documents'.
func normalizeText(s string) string {
	return norm.NFC.String(s)
}
