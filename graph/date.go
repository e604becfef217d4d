package graph

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date known to the precision a source gives: a year, a
// year and month, or a full day. The zero Date means "no date".
type Date struct {
	Year  int
	Month int // 0 when only the year is known
	Day   int // 0 when only the year and month are known
}

// ParseDate parses an ISO date with optional month and day: "2023",
// "2023-05" or "2023-05-13". The empty string gives the zero Date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 {
		return Date{}, fmt.Errorf("invalid date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	widths := []int{4, 2, 2}
	var nums [3]int
	for i, p := range parts {
		if len(p) != widths[i] {
			return Date{}, fmt.Errorf("invalid date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Date{}, fmt.Errorf("invalid date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		nums[i] = n
	}
	d := Date{Year: nums[0], Month: nums[1], Day: nums[2]}
	if d.Year < 1 {
		return Date{}, fmt.Errorf("invalid date %q: year out of range", s)
	}
	if len(parts) >= 2 && (d.Month < 1 || d.Month > 12) {
		return Date{}, fmt.Errorf("invalid date %q: month %d out of range", s, d.Month)
	}
	if len(parts) == 3 {
		last := time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if d.Day < 1 || d.Day > last {
			return Date{}, fmt.Errorf("invalid date %q: day %d out of range", s, d.Day)
		}
	}
	return d, nil
}

// MustDate is ParseDate for literals known to be valid; it panics otherwise.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d.Year == 0 }

// String formats d in ISO form at its own precision.
func (d Date) String() string {
	switch {
	case d.IsZero():
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	default:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
}

// First is the first day d may stand for: 2023 gives 2023-01-01.
func (d Date) First() time.Time {
	m, day := max(d.Month, 1), max(d.Day, 1)
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// Last is the last day d may stand for: 2023 gives 2023-12-31.
func (d Date) Last() time.Time {
	switch {
	case d.Month == 0:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	case d.Day == 0:
		return time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC)
	default:
		return d.First()
	}
}

// Compare orders dates chronologically by their first day, and a coarser
// date before a finer one that starts on the same day (2023 before
// 2023-01 before 2023-01-01), so timelines read from the general to the
// specific. The zero Date sorts last.
func (d Date) Compare(e Date) int {
	switch {
	case d.IsZero() && e.IsZero():
		return 0
	case d.IsZero():
		return 1
	case e.IsZero():
		return -1
	}
	if c := d.First().Compare(e.First()); c != 0 {
		return c
	}
	return d.precision() - e.precision()
}

func (d Date) precision() int {
	switch {
	case d.Month == 0:
		return 1
	case d.Day == 0:
		return 2
	default:
		return 3
	}
}

// Overlaps reports whether the periods d and e may stand for share a day.
// 2016 and 2016-05 overlap; 1997 and 1998 do not.
func (d Date) Overlaps(e Date) bool {
	if d.IsZero() || e.IsZero() {
		return false
	}
	return !d.Last().Before(e.First()) && !e.Last().Before(d.First())
}
