package main

import (
	"fmt"
	"os"
	"testing"

	"github.com/itkg/itkg/internal/fixture"
)

// TestMain builds the itkg-render helper once, so the commands that draw
// maps run the real helper as installed users do.
func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "itkg-cmd-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	helper, err := fixture.BuildRenderHelper(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	os.Setenv("ITKG_RENDER", helper)
	return m.Run()
}
