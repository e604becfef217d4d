package present_test

import (
	"bytes"
	"testing"

	"github.com/itkg/itkg/present"
)

func TestEscapeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain Café\tand\nlines", "plain Café\tand\nlines"},
		{"\x1b]0;title\a", `\x1b]0;title\x07`},
		{"nul\x00", `nul\x00`},
		{"c1 \u009b", `c1 \u009b`},
		{"bidi \u202eevil\u2066", `bidi \u202eevil\u2066`},
		{"zero\u200bwidth\ufeff", `zero\u200bwidth\ufeff`},
		{"bad \xff utf8", "bad \ufffd utf8"},
	}
	for _, tt := range tests {
		if got := present.EscapeText(tt.in); got != tt.want {
			t.Errorf("EscapeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
		var b bytes.Buffer
		present.TextWriter(&b).Write([]byte(tt.in))
		if b.String() != tt.want {
			t.Errorf("TextWriter wrote %q for %q, want %q", b.String(), tt.in, tt.want)
		}
	}
}
