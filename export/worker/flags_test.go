package worker_test

import "flag"

// `make golden` passes -update to every package under export/; this one has
// no golden files, but must accept the flag.
var _ = flag.Bool("update", false, "rewrite golden files (none in this package)")
