package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	bbolt "go.etcd.io/bbolt"
)

// Checksums catch a damaged value, but not a record that damage hides: a
// key changed (a lookup of the old key then finds nothing), a page's
// count of its records lowered, a branch page that no longer leads to a
// leaf. A store with itkg's mark records how many records each of its
// top-level buckets holds (countsBucket), and is verified whole, every
// checksum, every count, and that every record is found by its key, before
// it is first read after it changed:
// the verification is remembered in a file beside the store holding the
// store file's identity (device, inode, size, modification and change
// times), so that later commands skip it.

var countsBucket = []byte("itkg-counts")

const verifiedPrefix = "itkg verified "

// countRecords returns the number of records under each top-level bucket
// but countsBucket, nested buckets' records included.
func countRecords(tx *bbolt.Tx) (map[string]uint64, error) {
	counts := map[string]uint64{}
	err := tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
		if string(name) == string(countsBucket) {
			return nil
		}
		n, err := walkCount(b, nil)
		counts[string(name)] = n
		return err
	})
	return counts, err
}

// walkCount counts the records of b and of the buckets nested in it,
// calling check with each record when it is not nil.
func walkCount(b *bbolt.Bucket, check func(k, v []byte)) (uint64, error) {
	var n uint64
	c := b.Cursor()
	var seek *bbolt.Cursor
	if check != nil {
		seek = b.Cursor()
	}
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if seek != nil {
			// A walk of the leaves misses damage to the branch pages above
			// them, which then misdirect a lookup: a record the walk finds
			// must be found by its key too.
			if sk, _ := seek.Seek(k); !bytes.Equal(sk, k) {
				return 0, fmt.Errorf("a record (key %q) cannot be found by its key", clip(k))
			}
		}
		if v == nil {
			if nested := b.Bucket(k); nested != nil {
				m, err := walkCount(nested, check)
				if err != nil {
					return 0, err
				}
				n += m
				continue
			}
		}
		n++
		if check != nil {
			check(k, v)
		}
	}
	return n, nil
}

// writeCounts records the number of records of each bucket of a store
// just written.
func writeCounts(kv *boltKV) error {
	return kv.db.Update(func(btx *bbolt.Tx) error {
		counts, err := countRecords(btx)
		if err != nil {
			return err
		}
		b, err := btx.CreateBucketIfNotExists(countsBucket)
		if err != nil {
			return err
		}
		for name, n := range counts {
			if err := b.Put([]byte(name), withSum([]byte(name), binary.AppendUvarint(nil, n))); err != nil {
				return err
			}
		}
		return nil
	})
}

// dropCounts deletes the record of counts, for a write in place.
func dropCounts(kv *boltKV) error {
	return kv.db.Update(func(tx *bbolt.Tx) error {
		if tx.Bucket(countsBucket) == nil {
			return nil
		}
		return tx.DeleteBucket(countsBucket)
	})
}

// verifyAll reads every record of a store with itkg's mark, checking its
// checksum, and compares the number of records of each bucket with the
// counts the store holds: a *DamagedError names the first difference.
// It panics (damage) on a failed checksum; Verify recovers.
func verifyAll(kv *boltKV, where string) error {
	// Damage can point a page reference past the end of the file: the
	// fault is then a panic Verify recovers, not the end of the process.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return kv.db.View(func(tx *bbolt.Tx) error {
		// The page tree first: a cursor would loop for ever on a cycle.
		if err := checkPages(kv.db, tx); err != nil {
			return &DamagedError{Where: where, Err: err}
		}
		check := func(k, v []byte) { checked(where, k, v) }
		counts := map[string]uint64{}
		err := tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
			n, err := walkCount(b, check)
			counts[string(name)] = n
			return err
		})
		if err != nil {
			var damaged *DamagedError
			if !errors.As(err, &damaged) {
				err = &DamagedError{Where: where, Err: err}
			}
			return err
		}
		cb := tx.Bucket(countsBucket)
		if cb == nil {
			return nil // appended to in place: no counts to compare
		}
		recorded := 0
		err = cb.ForEach(func(name, v []byte) error {
			recorded++
			want, k := binary.Uvarint(checked(where, name, v))
			if k <= 0 {
				return &DamagedError{Where: where, Err: errors.New("its record of counts is malformed")}
			}
			if got := counts[string(name)]; got != want {
				return &DamagedError{Where: where, Err: fmt.Errorf("bucket %q holds %d records, %d were written", clip(name), got, want)}
			}
			return nil
		})
		if err == nil && recorded != len(counts)-1 {
			err = &DamagedError{Where: where, Err: fmt.Errorf("it holds %d buckets, %d were written", len(counts)-1, recorded)}
		}
		return err
	})
}

// fileStamp identifies the contents of the file at path as the system
// sees them: any write to it changes the stamp.
func fileStamp(path string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return "", errors.New("no file identity on this system")
	}
	return fmt.Sprintf("dev %d ino %d size %d mtime %d.%09d ctime %d.%09d", st.Dev, st.Ino, st.Size,
		st.Mtim.Sec, st.Mtim.Nsec, st.Ctim.Sec, st.Ctim.Nsec), nil
}

// verifiedFile is where the verification of the store at path is
// remembered.
func verifiedFile(path string) string { return path + ".verified" }

// racyWindow is how long after a store's last change its note of
// verification is not trusted. File times advance in coarse steps (a
// clock tick, or a second on some file systems), so a write in the same
// step as the verification leaves the stamp unchanged; as in git's "racily
// clean" index, a note made within the window of the file's own time
// proves nothing, and the store is verified again.
const racyWindow = 2 * time.Second

// verifiedBefore reports whether the store at path was verified whole as
// it is now: the note names the file's current stamp, and was written well
// after the file's last change.
func verifiedBefore(path string) bool {
	stamp, err := fileStamp(path)
	if err != nil {
		return false
	}
	note := verifiedFile(path)
	b, err := os.ReadFile(note)
	if err != nil || string(b) != verifiedPrefix+stamp+"\n" {
		return false
	}
	fi, err1 := os.Stat(path)
	ni, err2 := os.Stat(note)
	return err1 == nil && err2 == nil && ni.ModTime().Sub(fi.ModTime()) > racyWindow
}

// rememberVerified notes that the store at path was verified whole as it
// is now; best effort (a read-only directory verifies every time), and
// never over a file that is not such a note.
func rememberVerified(path string) {
	stamp, err := fileStamp(path)
	if err != nil {
		return
	}
	note := verifiedFile(path)
	if b, err := os.ReadFile(note); err == nil && !strings.HasPrefix(string(b), verifiedPrefix) {
		return
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return
	}
	tmp := note + ".tmp"
	if err := os.WriteFile(tmp, []byte(verifiedPrefix+stamp+"\n"), 0o644); err != nil {
		os.Remove(tmp)
		return
	}
	if os.Rename(tmp, note) != nil {
		os.Remove(tmp)
	}
}
