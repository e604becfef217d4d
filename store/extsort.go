package store

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// extSorter sorts key-value records by key with bounded memory: records
// gather in memory up to a limit, then go to a temporary file as a sorted
// run, and the runs are merged at the end. Records with equal keys keep
// the order they were added in, which the bulk writer relies on (a
// node's quad ids ascend; a subject's quads keep their input order).
type extSorter struct {
	dir   string // where runs go
	limit int    // bytes of records held in memory before a spill
	arena []byte // the records in memory, back to back
	recs  []rec  // their places in arena
	runs  []*os.File
}

// rec places one record in the arena.
type rec struct {
	off        uint32
	klen, vlen uint32
}

func newExtSorter(dir string, limit int) *extSorter {
	return &extSorter{dir: dir, limit: limit}
}

func (s *extSorter) key(r rec) []byte { return s.arena[r.off : r.off+r.klen] }

func (s *extSorter) val(r rec) []byte {
	return s.arena[r.off+r.klen : r.off+r.klen+r.vlen]
}

// add copies the record key → val in.
func (s *extSorter) add(key, val []byte) error {
	if len(s.arena)+len(key)+len(val) > s.limit && len(s.recs) > 0 {
		if err := s.spill(); err != nil {
			return err
		}
	}
	s.recs = append(s.recs, rec{off: uint32(len(s.arena)), klen: uint32(len(key)), vlen: uint32(len(val))})
	s.arena = append(append(s.arena, key...), val...)
	return nil
}

func (s *extSorter) sortMemory() {
	slices.SortStableFunc(s.recs, func(a, b rec) int { return bytes.Compare(s.key(a), s.key(b)) })
}

// spill writes the records in memory to a new run file.
func (s *extSorter) spill() error {
	s.sortMemory()
	f, err := os.CreateTemp(s.dir, "itkg-sort-run-*")
	if err != nil {
		return err
	}
	// Unlinked at once, the run is gone with the process, however it ends.
	os.Remove(f.Name())
	s.runs = append(s.runs, f)
	w := bufio.NewWriterSize(f, 1<<16)
	var hdr [2 * binary.MaxVarintLen32]byte
	for _, r := range s.recs {
		n := binary.PutUvarint(hdr[:], uint64(r.klen))
		n += binary.PutUvarint(hdr[n:], uint64(r.vlen))
		w.Write(hdr[:n])
		w.Write(s.key(r))
		if _, err := w.Write(s.val(r)); err != nil {
			return fmt.Errorf("writing a sort run: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("writing a sort run: %w", err)
	}
	s.arena, s.recs = s.arena[:0], s.recs[:0]
	return nil
}

// close releases the run files.
func (s *extSorter) close() {
	for _, f := range s.runs {
		f.Close()
	}
	s.runs = nil
}

// each calls fn with every distinct key, in key order, and the values
// added under it, in the order they were added. The slices are valid only
// during the call.
func (s *extSorter) each(fn func(key []byte, vals [][]byte) error) error {
	s.sortMemory()
	var srcs []*source
	for _, f := range s.runs {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		srcs = append(srcs, &source{r: bufio.NewReaderSize(f, 1<<16)})
	}
	// The records still in memory were added last: they come last among
	// equal keys.
	srcs = append(srcs, &source{mem: s})
	h := &sources{}
	for i, src := range srcs {
		src.order = i
		ok, err := src.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Push(h, src)
		}
	}
	var key []byte
	var vals [][]byte
	flush := func() error {
		if key == nil {
			return nil
		}
		return fn(key, vals)
	}
	for h.Len() > 0 {
		src := (*h)[0]
		if key == nil || !bytes.Equal(key, src.key) {
			if err := flush(); err != nil {
				return err
			}
			key, vals = append(key[:0:0], src.key...), vals[:0]
		}
		vals = append(vals, append([]byte(nil), src.val...))
		ok, err := src.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return flush()
}

// source is one sorted run being merged: a file, or the records in memory.
type source struct {
	r        *bufio.Reader
	mem      *extSorter
	i        int
	order    int // runs added earlier come first among equal keys
	key, val []byte
}

func (s *source) next() (bool, error) {
	if s.mem != nil {
		if s.i >= len(s.mem.recs) {
			return false, nil
		}
		r := s.mem.recs[s.i]
		s.i++
		s.key, s.val = s.mem.key(r), s.mem.val(r)
		return true, nil
	}
	klen, err := binary.ReadUvarint(s.r)
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reading a sort run: %w", err)
	}
	vlen, err := binary.ReadUvarint(s.r)
	if err != nil {
		return false, fmt.Errorf("reading a sort run: %w", io.ErrUnexpectedEOF)
	}
	buf := make([]byte, klen+vlen)
	if _, err := io.ReadFull(s.r, buf); err != nil {
		return false, fmt.Errorf("reading a sort run: %w", err)
	}
	s.key, s.val = buf[:klen], buf[klen:]
	return true, nil
}

type sources []*source

func (h sources) Len() int { return len(h) }
func (h sources) Less(i, j int) bool {
	if c := bytes.Compare(h[i].key, h[j].key); c != 0 {
		return c < 0
	}
	return h[i].order < h[j].order
}
func (h sources) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *sources) Push(x any)   { *h = append(*h, x.(*source)) }
func (h *sources) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
