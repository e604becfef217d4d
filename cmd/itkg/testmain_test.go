package main

import (
	"fmt"
	"os"
	"testing"

	"github.com/itkg/itkg/internal/fixture"
)

// itkgBin is this command, built once for the tests that run it as a
// process.
var itkgBin string

// TestMain builds the itkg-render helper once, so the commands that draw
// maps run the real helper as installed users do, and itkg itself.
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
	os.Chmod(dir, 0o755) // the fault tests run itkg as another user too
	helper, err := fixture.BuildRenderHelper(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	os.Setenv("ITKG_RENDER", helper)
	if itkgBin, err = fixture.BuildCommand(dir, "itkg"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}
