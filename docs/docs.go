// Package docs holds the documentation the programs show: the Gizmo
// cookbook's recipes, which the web console offers as examples and a test
// runs against the corpus.
package docs

import (
	_ "embed"
	"regexp"
	"strings"
)

//go:embed gizmo.md
var gizmo string

// Recipe is one query of the Gizmo cookbook (docs/gizmo.md): a "## "
// section holding a ```js block, and the ```json block after "Expect:"
// that its answer must contain.
type Recipe struct {
	Title  string
	Query  string
	Expect string // empty when the section shows no expected answer
}

var (
	jsBlock     = regexp.MustCompile("(?s)```js\n(.*?)```")
	expectBlock = regexp.MustCompile("(?s)```js\n.*?```\\s*Expect:\\s*```json\n(.*?)```")
)

// Recipes lists the cookbook's recipes in order.
func Recipes() []Recipe {
	var rs []Recipe
	for _, sec := range strings.Split(gizmo, "\n## ")[1:] {
		title, _, _ := strings.Cut(sec, "\n")
		js := jsBlock.FindStringSubmatch(sec)
		if js == nil {
			continue
		}
		r := Recipe{Title: strings.TrimSpace(title), Query: js[1]}
		if exp := expectBlock.FindStringSubmatch(sec); exp != nil {
			r.Expect = exp[1]
		}
		rs = append(rs, r)
	}
	return rs
}
