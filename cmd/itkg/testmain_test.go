package main

import (
	"os"
	"testing"

	"github.com/itkg/itkg/internal/fixture"
)

// itkgBin is this command, built once for the tests that run it as a
// process.
var itkgBin string

// TestMain builds the itkg-render helper, so the commands that draw maps
// run the real helper as installed users do, and itkg itself.
func TestMain(m *testing.M) {
	os.Exit(fixture.Main(m, func(p map[string]string) {
		os.Setenv("ITKG_RENDER", p["itkg-render"])
		itkgBin = p["itkg"]
	}, "itkg-render", "itkg"))
}
