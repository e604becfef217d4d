package queries_test

import (
	"context"
	"errors"
	"testing"

	"github.com/itkg/itkg/internal/fixture"
	"github.com/itkg/itkg/queries"
	"github.com/itkg/itkg/storeread"
)

// TestFieldErrors checks that a filter's mistakes name their field as
// data, not as a command-line flag, and that each front end can name it
// its own way.
func TestFieldErrors(t *testing.T) {
	s := fixture.Bolt(t, fixture.FixtureData())
	r := queries.FromStore(storeread.New(s.QS).WithIndexes(s))
	flag := queries.Naming{
		Field:   func(f, _ string) string { return "--" + f },
		Setting: func(f, v string) string { return "--" + f + " " + v },
	}
	param := queries.Naming{
		Field:   func(f, v string) string { return f + "=" + v },
		Setting: func(f, v string) string { return f + "=" + v },
	}
	for _, tc := range []struct {
		name     string
		spec     queries.FilterSpec
		field    string
		cli, web string
	}{
		{"BadDate", queries.FilterSpec{Since: "2023-13"}, "since", `--since: invalid date "2023-13": month 13 out of range`, `since=2023-13: invalid date "2023-13": month 13 out of range`},
		{"UnknownTheme", queries.FilterSpec{Theme: "watr"}, "theme", `--theme: unknown theme "watr" (themes: empty, security, water)`, `theme=watr: unknown theme "watr" (themes: empty, security, water)`},
		{"UnknownEntity", queries.FilterSpec{Entity: "lowlnd"}, "entity", `--entity: no entity named "lowlnd"; did you mean "lowland"?`, `entity=lowlnd: no entity named "lowlnd"; did you mean "lowland"?`},
		{"ExcludedPredicate", queries.FilterSpec{Exclude: []string{"loves"}}, "exclude-predicate", `--exclude-predicate: unknown predicate "loves"`, `exclude-predicate=loves: unknown predicate "loves"`},
		{"Period", queries.FilterSpec{Since: "2024", Until: "2023-06"}, "", `--since 2024 is after --until 2023-06`, `since=2024 is after until=2023-06`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := r.Filter(context.Background(), tc.spec)
			if err == nil {
				t.Fatal("no error")
			}
			var fe *queries.FieldError
			if tc.field != "" && (!errors.As(err, &fe) || fe.Field != tc.field) {
				t.Errorf("error %v is not a *FieldError of field %q", err, tc.field)
			}
			if got := queries.Describe(err, flag); got != tc.cli {
				t.Errorf("on the command line: %q, want %q", got, tc.cli)
			}
			if got := queries.Describe(err, param); got != tc.web {
				t.Errorf("on the web: %q, want %q", got, tc.web)
			}
		})
	}
}
