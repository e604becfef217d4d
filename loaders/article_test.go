package loaders

import "testing"

func TestArticleText(t *testing.T) {
	tests := []struct{ raw, want string }{
		{`push for [legitimacy \(https://x.example/a\)](https://x.example/a) and`, `push for legitimacy and`},
		{`see [the report](https://x.example/r).`, `see the report.`},
		{`**external operations attack** (<https://x.example/b>) in Shiraz`, `external operations attack in Shiraz`},
		{`**May 13, 2022:** Taliban`, `May 13, 2022: Taliban`},
	}
	for _, tt := range tests {
		if got := ArticleText(tt.raw); got != tt.want {
			t.Errorf("ArticleText(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

// TestQuoteSpans checks that a quote found only inside words is refused:
// "e" and "nd th" occur in any English text but quote nothing.
func TestQuoteSpans(t *testing.T) {
	text := NormalizeQuote("Iran and the Taliban held talks in Tehran.")
	tests := []struct {
		quote string
		want  bool
	}{
		{"Iran and the Taliban held talks", true},
		{"the Taliban held talks in Tehran.", true},
		{"e", false},
		{"nd th", false},
		{"Taliban held tal", false},
		{"an and the", false},
	}
	for _, tt := range tests {
		if got := containsWholeWords(text, NormalizeQuote(tt.quote)); got != tt.want {
			t.Errorf("containsWholeWords(%q) = %v, want %v", tt.quote, got, tt.want)
		}
	}
}
