package graph

import (
	"sort"
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr string
	}{
		{"", Date{}, ""},
		{"2023", Date{2023, 0, 0}, ""},
		{"2023-05", Date{2023, 5, 0}, ""},
		{"2023-05-13", Date{2023, 5, 13}, ""},
		{"2024-02-29", Date{2024, 2, 29}, ""},
		{"2023-02-29", Date{}, `invalid date "2023-02-29": day 29 out of range`},
		{"2023-13-40", Date{}, `invalid date "2023-13-40": month 13 out of range`},
		{"2023-00", Date{}, `invalid date "2023-00": month 0 out of range`},
		{"23-05", Date{}, `invalid date "23-05": want YYYY, YYYY-MM or YYYY-MM-DD`},
		{"May 2023", Date{}, `invalid date "May 2023": want YYYY, YYYY-MM or YYYY-MM-DD`},
		{"2023-5-1", Date{}, `invalid date "2023-5-1": want YYYY, YYYY-MM or YYYY-MM-DD`},
		{"0000", Date{}, `invalid date "0000": year out of range`},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseDate(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if got.String() != tt.in {
			t.Errorf("ParseDate(%q).String() = %q, want the input back", tt.in, got.String())
		}
	}
}

func TestDateOrder(t *testing.T) {
	in := []string{"2023-05-13", "2022", "2023", "", "2023-05", "2023-01-01", "2023-01"}
	want := []string{"2022", "2023", "2023-01", "2023-01-01", "2023-05", "2023-05-13", ""}
	ds := make([]Date, len(in))
	for i, s := range in {
		ds[i] = MustDate(s)
	}
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Compare(ds[j]) < 0 })
	for i, d := range ds {
		if d.String() != want[i] {
			t.Fatalf("sorted = %v, want %v", ds, want)
		}
	}
}

func TestDateOverlaps(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"2016", "2016-05", true},
		{"1997", "1998", false},
		{"2023-05", "2023-05-31", true},
		{"2023-05", "2023-06-01", false},
		{"", "2023", false},
	}
	for _, tt := range tests {
		if got := MustDate(tt.a).Overlaps(MustDate(tt.b)); got != tt.want {
			t.Errorf("%q.Overlaps(%q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
