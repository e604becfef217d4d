package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"runtime/debug"

	"github.com/dop251/goja"
)

// Checksums on the values of bolt stores (see boltKV). bbolt keeps no
// checksums on its pages, so a flipped bit in a value used to reach the
// reader as data: a quote with a changed word, a blank name. Each value is
// followed by the CRC-32C (Castagnoli, computed in hardware on amd64 and
// arm64) of its key and itself.

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

const sumSize = 4

func sumOf(k, v []byte) uint32 {
	return crc32.Update(crc32.Checksum(k, castagnoli), castagnoli, v)
}

// withSum returns v followed by its checksum.
func withSum(k, v []byte) []byte {
	out := make([]byte, len(v), len(v)+sumSize)
	copy(out, v)
	return binary.BigEndian.AppendUint32(out, sumOf(k, v))
}

// checked returns a copy of v without its checksum; when the checksum
// does not match, it panics with errDamaged (see damage).
func checked(where string, k, v []byte) []byte {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	n := len(v) - sumSize
	if n < 0 || binary.BigEndian.Uint32(v[n:]) != sumOf(k, v[:n]) {
		damage(where, fmt.Errorf("a record (key %q) fails its checksum", clip(k)))
	}
	return append([]byte(nil), v[:n]...)
}

// clip shortens a key for a message.
func clip(k []byte) []byte {
	if len(k) > 40 {
		return k[:40]
	}
	return k
}

// damage stops a read that met damage. Reads reach the store through
// Cayley, which discards errors on many of its paths (a value it cannot
// read becomes no value), so the read panics instead, and the panic is
// recovered where the command or the request began (Recovered). Gizmo runs
// its script in a goroutine of Cayley's own, where only a panic carrying a
// JavaScript value is recovered (goja turns it into the script's
// exception, and Cayley's Gizmo returns the error inside): the panic
// carries such a value, holding the *DamagedError.
func damage(where string, err error) {
	panic(goja.New().ToValue(&DamagedError{Where: where, Err: err}))
}

// Recovered returns the *DamagedError a recovered panic value p carries,
// or nil.
func Recovered(p any) *DamagedError {
	switch v := p.(type) {
	case *DamagedError:
		return v
	case goja.Value:
		if d, ok := v.Export().(*DamagedError); ok {
			return d
		}
	case error:
		var d *DamagedError
		if errors.As(v, &d) {
			return d
		}
	}
	return nil
}

// guard runs a read of kv's pages, turning what damage there does to it
// (one of bbolt's assertions, a memory fault) into damage's panic, and
// noting that kv is damaged.
func guard(kv *boltKV, read func()) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if p := recover(); p != nil {
			kv.damaged.Store(true)
			if Recovered(p) != nil {
				panic(p)
			}
			damage(kv.db.Path(), fmt.Errorf("reading its pages: %v", p))
		}
	}()
	read()
}

// Damaged reports whether a read of the store met damage since it was
// opened: a server reopens (or rebuilds) such a store.
func (s *Store) Damaged() bool {
	kv, ok := s.kv.(*boltKV)
	return ok && kv.damaged.Load()
}
