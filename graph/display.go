package graph

import (
	"strconv"
	"strings"
)

// Period is how every output writes a fact's date or period: its date
// ("2023-02-14"), its period ("2021..2024", "2022-05..", "..2023-02"), with
// "~" before it when the date is approximate ("~..2023-02"); "" for an
// undated fact, which each output names its own way.
func (f *Fact) Period() string {
	return FormatPeriod(f.Date.String(), f.Start.String(), f.End.String(), f.Approximate)
}

// FormatPeriod is Period for dates already written as text, as the views
// commands print carry them.
func FormatPeriod(date, start, end string, approximate bool) string {
	var s string
	switch {
	case date != "":
		s = date
	case start != "" && end != "":
		s = start + ".." + end
	case start != "":
		s = start + ".."
	case end != "":
		s = ".." + end
	default:
		return ""
	}
	if approximate {
		s = "~" + s
	}
	return s
}

// FormatAmount is how every output writes a fact's amount: thousands
// separated, without needless decimals ("5,000,000", "33.3", "-1,200").
func FormatAmount(a float64) string {
	s := strconv.FormatFloat(a, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// Plural is word as it reads for n of it: "fact" for one, "facts",
// "entities", "people"; the one rule every output counts with.
func Plural(n int, word string) string {
	if n == 1 {
		return word
	}
	switch word {
	case "person":
		return "people"
	case "media", "infrastructure":
		return word
	}
	if strings.HasSuffix(word, "y") && !strings.HasSuffix(word, "ey") {
		return strings.TrimSuffix(word, "y") + "ies"
	}
	return word + "s"
}

// Count is n and word as it reads for n: "1 fact", "3 entities".
func Count(n int, word string) string { return strconv.Itoa(n) + " " + Plural(n, word) }
