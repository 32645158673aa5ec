package loader

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/cybercoop/cybercoop"
)

// DateRange is one span of time as a French source writes it: "10-13 octobre 2017", "mai-juin 2018",
// "28 octobre-3 novembre 2017". Label keeps what the source says of the part, e.g. "1re partie".
type DateRange struct {
	Start cybercoop.PartialDate
	End   cybercoop.PartialDate
	Label string
}

// frenchMonths maps month names and the abbreviations of the C-PROC tables ("jan 2014 – déc 2019") to numbers.
var frenchMonths = map[string]int{
	"janvier": 1, "jan": 1, "janv": 1,
	"février": 2, "fevrier": 2, "fév": 2, "fev": 2, "févr": 2,
	"mars": 3, "mar": 3,
	"avril": 4, "avr": 4,
	"mai":     5,
	"juin":    6,
	"juillet": 7, "juil": 7,
	"août": 8, "aout": 8,
	"septembre": 9, "sep": 9, "sept": 9,
	"octobre": 10, "oct": 10,
	"novembre": 11, "nov": 11,
	"décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}

// frenchMonth reads a month name or abbreviation whatever its case, accents ("decembre", "Aout") and final dot.
func frenchMonth(word string) (int, bool) {
	month, ok := foldedMonths[foldAccents(strings.ToLower(strings.TrimSuffix(word, ".")))]
	return month, ok
}

// foldedMonths is frenchMonths keyed without accents.
var foldedMonths = func() map[string]int {
	out := make(map[string]int, len(frenchMonths))
	for name, month := range frenchMonths {
		out[foldAccents(name)] = month
	}
	return out
}()

var (
	// ordinalMarkup is the superscript markup of the extracted text: "1 ^{er}", "1^{er}", "2 ^e", "4^e".
	ordinalMarkup = regexp.MustCompile(`\s*\^\s*\{?(er|re|e|ème|nd|de)\}?`)
	// partLabel is a trailing "(1re partie)" or "(première partie)".
	partLabel = regexp.MustCompile(`\s*\(([^()]*)\)\s*$`)
	// datePoint is "[day] [month] [year]": any part may be missing, the range fills them in.
	datePoint = regexp.MustCompile(`^(?:(\d{1,2})(?:er)?)?\s*([\p{L}]+\.?)?\s*(\d{4})?$`)
	// rangeSeparator splits the two ends of a range: a hyphen, an en dash or "au".
	rangeSeparator = regexp.MustCompile(`\s*[-–]\s*|\s+au\s+`)
)

// NormalizeOrdinals removes the superscript markup of ordinals: "4^e" becomes "4e", "1 ^{er}" becomes "1er".
func NormalizeOrdinals(s string) string {
	return ordinalMarkup.ReplaceAllString(s, "$1")
}

// ParseFrenchDates reads the dates of an inventory entry: one range, or several joined by " et ", each with an
// optional part label in parentheses. Every range ends with a year; its start takes the parts it omits from the
// end ("10-13 octobre 2017"). The error says which part could not be read.
func ParseFrenchDates(s string) ([]DateRange, error) {
	text := strings.Join(strings.Fields(NormalizeOrdinals(normalizeText(s))), " ")
	if text == "" {
		return nil, fmt.Errorf("no date")
	}
	var out []DateRange
	for _, part := range strings.Split(text, " et ") {
		label := ""
		if m := partLabel.FindStringSubmatch(part); m != nil {
			label = strings.TrimSpace(m[1])
			part = strings.TrimSpace(part[:len(part)-len(m[0])])
		}
		r, err := parseFrenchRange(part)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", part, err)
		}
		r.Label = label
		out = append(out, r)
	}
	return out, nil
}

type point struct{ day, month, year int }

func parseFrenchRange(s string) (DateRange, error) {
	ends := rangeSeparator.Split(s, -1)
	if len(ends) > 2 {
		return DateRange{}, fmt.Errorf("more than two ends in a range")
	}
	end, err := parsePoint(ends[len(ends)-1])
	if err != nil {
		return DateRange{}, err
	}
	if end.year == 0 {
		return DateRange{}, fmt.Errorf("no year")
	}
	if end.month == 0 && end.day != 0 {
		return DateRange{}, fmt.Errorf("a day without a month")
	}
	start := end
	if len(ends) == 2 {
		if start, err = parsePoint(ends[0]); err != nil {
			return DateRange{}, err
		}
		if start == (point{}) {
			return DateRange{}, fmt.Errorf("the range has no start")
		}
		// The start takes what it omits from the end: "10-13 octobre 2017", "28 octobre-3 novembre 2017".
		if start.month == 0 {
			if start.day != 0 && end.month == 0 {
				return DateRange{}, fmt.Errorf("a day without a month")
			}
			start.month = end.month
		}
		if start.year == 0 {
			start.year = end.year
			if start.month > end.month { // "décembre-janvier 2018" starts the year before
				start.year--
			}
		}
		if start.day != 0 && end.day == 0 || start.day == 0 && end.day != 0 && start.month != end.month {
			return DateRange{}, fmt.Errorf("one end has a day and the other not")
		}
	}
	from, err := partial(start)
	if err != nil {
		return DateRange{}, err
	}
	to, err := partial(end)
	if err != nil {
		return DateRange{}, err
	}
	if to.LastDay().Before(from.FirstDay()) {
		return DateRange{}, fmt.Errorf("ends (%s) before it starts (%s)", to, from)
	}
	return DateRange{Start: from, End: to}, nil
}

func parsePoint(s string) (point, error) {
	m := datePoint.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return point{}, fmt.Errorf("%q is not a date", s)
	}
	var p point
	if m[1] != "" {
		p.day, _ = strconv.Atoi(m[1]) // the pattern admits digits only
		if p.day == 0 {
			// 0 would otherwise read as "no day": "0 juin 2018" as the whole of June.
			return point{}, fmt.Errorf("day %s: days count from 1", m[1])
		}
	}
	if m[2] != "" {
		month, ok := frenchMonth(m[2])
		if !ok {
			return point{}, fmt.Errorf("%q is not a French month", m[2])
		}
		p.month = month
	}
	if m[3] != "" {
		p.year, _ = strconv.Atoi(m[3])
		if p.year < 1000 {
			// 0000 would otherwise read as "no year", and the range's end would lend it its own.
			return point{}, fmt.Errorf("year %s is not a real year", m[3])
		}
	}
	return p, nil
}

// partial checks that the point is a real date at its precision.
func partial(p point) (cybercoop.PartialDate, error) {
	text := fmt.Sprintf("%04d", p.year)
	if p.month != 0 {
		text += fmt.Sprintf("-%02d", p.month)
	}
	if p.day != 0 {
		text += fmt.Sprintf("-%02d", p.day)
	}
	return cybercoop.ParsePartialDate(text)
}
