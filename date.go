package cybercoop

import (
	"fmt"
	"strconv"
	"time"
)

// PartialDate is a calendar date known to the year, the month or the day, as sources state them ("jan 2014",
// "juin 2018", "26 octobre 2017"). Its text form is ISO 8601 with reduced precision: "2014", "2014-01", "2017-10-26".
type PartialDate struct {
	Year  int
	Month int // 0 when only the year is known.
	Day   int // 0 when only the year or the month is known.
}

// ParsePartialDate reads "YYYY", "YYYY-MM" or "YYYY-MM-DD" and checks the date exists. The error says which part
// is wrong.
func ParsePartialDate(s string) (PartialDate, error) {
	var d PartialDate
	var err error
	switch len(s) {
	case 4, 7, 10:
	default:
		return d, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	if d.Year, err = digits(s[0:4]); err != nil || d.Year < 1000 {
		return PartialDate{}, fmt.Errorf("date %q: year must be four digits", s)
	}
	if len(s) >= 7 {
		if s[4] != '-' {
			return PartialDate{}, fmt.Errorf("date %q: want '-' after the year", s)
		}
		if d.Month, err = digits(s[5:7]); err != nil || d.Month < 1 || d.Month > 12 {
			return PartialDate{}, fmt.Errorf("date %q: month must be 01 to 12", s)
		}
	}
	if len(s) == 10 {
		if s[7] != '-' {
			return PartialDate{}, fmt.Errorf("date %q: want '-' after the month", s)
		}
		if d.Day, err = digits(s[8:10]); err != nil || d.Day < 1 || d.Day > daysIn(d.Year, d.Month) {
			return PartialDate{}, fmt.Errorf("date %q: day must be 01 to %02d", s, daysIn(d.Year, d.Month))
		}
	}
	return d, nil
}

// digits parses a run of ASCII digits; strconv.Atoi alone would accept a sign.
func digits(s string) (int, error) {
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%q is not a number", s)
		}
	}
	return strconv.Atoi(s)
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String returns the ISO 8601 text with the precision the date has.
func (d PartialDate) String() string {
	switch {
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	default:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
}

// FirstDay is the earliest day the date can mean: 2018-06 starts on 2018-06-01.
func (d PartialDate) FirstDay() time.Time {
	return time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC)
}

// LastDay is the latest day the date can mean: 2018-06 ends on 2018-06-30.
func (d PartialDate) LastDay() time.Time {
	switch {
	case d.Month == 0:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	case d.Day == 0:
		return time.Date(d.Year, time.Month(d.Month), daysIn(d.Year, d.Month), 0, 0, 0, 0, time.UTC)
	default:
		return d.FirstDay()
	}
}

// DaysBetween counts the days from one ISO date (2006-01-02) to another; false when either is not one.
func DaysBetween(from, to string) (int, bool) {
	a, errA := time.Parse(time.DateOnly, from)
	b, errB := time.Parse(time.DateOnly, to)
	if errA != nil || errB != nil {
		return 0, false
	}
	return int(b.Sub(a).Hours() / 24), true
}
