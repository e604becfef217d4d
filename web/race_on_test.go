//go:build race

package web

// raceEnabled: the race detector slows every request several times over.
const raceEnabled = true
