package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// itkg's mark on the stores it writes, so that it replaces only those: a
// read command rebuilds a damaged cache, and a build or load replaces the
// store, but neither may replace a file someone else made and named by
// mistake (notes, a quad file, another program's database).
//
// On a bolt file the mark is in the file's header, which bbolt keeps in
// two copies (pages 0 and 1), each with its own checksum: the header's
// `flags` word, which bbolt v1.3 neither uses nor checks but copies into
// every header it writes, holds boltMark. Being in the header, the mark is
// read without opening the file with bbolt (which writes to an empty file
// on open) and survives damage anywhere else in the file, so a damaged
// store of itkg's is still known as one and rebuilt. Stores written before
// the mark carry their record on <itkg:store> (Info) instead; such a bolt
// file is opened read-only and accepted when it has that record.
//
// A leveldb store is a link PATH → PATH.gen-N that itkg makes: a path
// that is not such a link was not made by itkg.
const boltMark uint32 = 'i'<<24 | 't'<<16 | 'k'<<8 | 'g'

// The bolt header, for the record (bbolt v1.3.11's page and meta): a
// 16-byte page header, then magic, version, page size and flags (4 bytes
// each, in the machine's byte order), the root bucket (16), the free
// list, high water mark and transaction id (8 each), and an FNV-64a
// checksum of the 64 bytes before it.
const (
	boltMagic       = 0xED0CDAED
	boltVersion     = 2
	metaOffset      = 16
	metaFlagsAt     = metaOffset + 12
	metaChecksumAt  = metaOffset + 56
	metaEnd         = metaChecksumAt + 8
	defaultPageSize = 4096
)

// ForeignError says the path names something itkg did not write, which it
// will neither read as a store nor replace.
type ForeignError struct {
	Where string
	What  string // what it is, e.g. "a text file"
}

func (e *ForeignError) Error() string {
	if e.What == "empty" {
		return fmt.Sprintf("%s is empty (0 bytes): a damaged store, or a file itkg did not write; itkg replaces only stores it wrote: delete it if it is yours, or name another --db", e.Where)
	}
	return fmt.Sprintf("%s is not an itkg store (%s); itkg replaces only stores it wrote: move it away, or name another --db", e.Where, e.What)
}

// boltKind is what sniffing a path found.
type boltKind int

const (
	boltMissing  boltKind = iota // nothing at the path
	boltMarked                   // a bolt file with itkg's mark
	boltUnmarked                 // a bolt file without it: another program's, or an itkg store older than the mark
)

// sniffBolt reads the header of the file at path, without opening it as a
// database: a *ForeignError for anything that is not a bolt file.
func sniffBolt(path string) (boltKind, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return boltMissing, nil
	}
	if err != nil {
		return 0, err
	}
	if info.IsDir() {
		return 0, &ForeignError{Where: path, What: "a directory"}
	}
	if !info.Mode().IsRegular() {
		return 0, &ForeignError{Where: path, What: "not a regular file"}
	}
	if info.Size() == 0 {
		return 0, &ForeignError{Where: path, What: "empty"}
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return 0, err
	}
	head = head[:n]
	kind, found := boltUnmarked, false
	for _, off := range metaOffsets(head) {
		buf := make([]byte, metaEnd)
		if _, err := f.ReadAt(buf, off); err != nil {
			continue
		}
		flags, ok := readMeta(buf)
		if !ok {
			continue
		}
		found = true
		if flags == boltMark {
			kind = boltMarked
		}
	}
	if !found {
		return 0, &ForeignError{Where: path, What: describe(head)}
	}
	return kind, nil
}

// metaOffsets are where the header's two copies may be: page 0, and page 1
// at the page size page 0 records or, when page 0 is damaged, at the page
// sizes bbolt uses.
func metaOffsets(head []byte) []int64 {
	offs := []int64{0}
	if len(head) >= metaEnd {
		if ps := binary.NativeEndian.Uint32(head[metaOffset+8:]); ps >= 1024 && ps <= 1<<16 && ps&(ps-1) == 0 {
			offs = append(offs, int64(ps))
		}
	}
	for _, ps := range []int64{int64(os.Getpagesize()), defaultPageSize, 16384, 65536} {
		if !contains(offs, ps) {
			offs = append(offs, ps)
		}
	}
	return offs
}

func contains(xs []int64, x int64) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// readMeta checks a copy of the header (page header included) and returns
// its flags word.
func readMeta(b []byte) (flags uint32, ok bool) {
	m := b[metaOffset:]
	if binary.NativeEndian.Uint32(m) != boltMagic || binary.NativeEndian.Uint32(m[4:]) != boltVersion {
		return 0, false
	}
	h := fnv.New64a()
	h.Write(b[metaOffset:metaChecksumAt])
	if h.Sum64() != binary.NativeEndian.Uint64(b[metaChecksumAt:]) {
		return 0, false
	}
	return binary.NativeEndian.Uint32(b[metaFlagsAt:]), true
}

// describe names what a file that is not a bolt file looks like.
func describe(head []byte) string {
	if utf8.Valid(trimPartialRune(head)) && !strings.ContainsRune(string(head), 0) {
		return "a text file"
	}
	return "not a bolt file"
}

// trimPartialRune drops a rune cut by the end of a sniffed prefix.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}

// markBolt writes itkg's mark into both copies of the header of the
// closed bolt file at path.
func markBolt(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	head := make([]byte, metaEnd)
	if _, err := f.ReadAt(head, 0); err != nil {
		f.Close()
		return fmt.Errorf("marking %s: %w", path, err)
	}
	pageSize := int64(binary.NativeEndian.Uint32(head[metaOffset+8:]))
	for _, off := range []int64{0, pageSize} {
		buf := make([]byte, metaEnd)
		if _, err := f.ReadAt(buf, off); err != nil {
			f.Close()
			return fmt.Errorf("marking %s: %w", path, err)
		}
		if _, ok := readMeta(buf); !ok {
			f.Close()
			return fmt.Errorf("marking %s: its header at %d is not bbolt's", path, off)
		}
		binary.NativeEndian.PutUint32(buf[metaFlagsAt:], boltMark)
		h := fnv.New64a()
		h.Write(buf[metaOffset:metaChecksumAt])
		binary.NativeEndian.PutUint64(buf[metaChecksumAt:], h.Sum64())
		if _, err := f.WriteAt(buf[metaOffset:], off+metaOffset); err != nil {
			f.Close()
			return fmt.Errorf("marking %s: %w", path, err)
		}
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// managedLevel checks that a leveldb store's path is a link to one of
// itkg's generations, or missing.
func managedLevel(path string) error {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if info.Mode()&fs.ModeSymlink == 0 {
		if info.IsDir() {
			return &ForeignError{Where: path, What: "a directory itkg did not make"}
		}
		return &ForeignError{Where: path, What: "a file, where itkg keeps a link to its leveldb directories"}
	}
	target, err := os.Readlink(path)
	if err != nil {
		return err
	}
	if filepath.Dir(target) != "." || !strings.HasPrefix(target, filepath.Base(path)+genInfix) {
		return &ForeignError{Where: path, What: fmt.Sprintf("a link to %s, not to one of itkg's leveldb directories", target)}
	}
	return nil
}

// IsStore reports whether path names the local store opts names (its bolt
// file or leveldb link, or what the link points to), so that a command
// writing a file can refuse to write over the store it reads.
func (o Options) IsStore(path string) bool {
	o, err := o.resolve()
	if err != nil || (o.Backend != Bolt && o.Backend != LevelDB) {
		return false
	}
	abs := func(p string) string {
		if a, err := filepath.Abs(p); err == nil {
			return a
		}
		return filepath.Clean(p)
	}
	if abs(path) == abs(o.Addr) {
		return true
	}
	a, errA := os.Stat(path)
	b, errB := os.Stat(o.Addr)
	return errA == nil && errB == nil && os.SameFile(a, b)
}
