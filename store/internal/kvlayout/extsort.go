package kvlayout

import (
	"bufio"
	"bytes"
	"cmp"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// ExtSorter sorts key-value records by key with bounded memory: records
// gather in memory up to a limit, then go to a temporary file as a sorted
// run, and the runs are merged at the end. Records with equal keys keep
// the order they were added in, which the bulk writer relies on (a
// node's quad ids ascend; a subject's quads keep their input order).
type ExtSorter struct {
	dir    string // where runs go
	limit  int    // bytes of records held in memory before a spill
	arena  []byte // the records in memory, back to back
	recs   []rec  // their places in arena
	runs   []*os.File
	levels []int // per run: 0 for a spill, 1 for fanIn spills merged, …
	spills int   // runs written from memory, for tests
}

// rec places one record in the arena.
type rec struct {
	off        uint32
	klen, vlen uint32
}

func NewExtSorter(dir string, limit int) *ExtSorter {
	return &ExtSorter{dir: dir, limit: limit}
}

func (s *ExtSorter) key(r rec) []byte { return s.arena[r.off : r.off+r.klen] }

func (s *ExtSorter) val(r rec) []byte {
	return s.arena[r.off+r.klen : r.off+r.klen+r.vlen]
}

// add copies the record key → val in.
func (s *ExtSorter) add(key, val []byte) error {
	if len(s.arena)+len(key)+len(val) > s.limit && len(s.recs) > 0 {
		if err := s.spill(); err != nil {
			return err
		}
	}
	s.recs = append(s.recs, rec{off: uint32(len(s.arena)), klen: uint32(len(key)), vlen: uint32(len(val))})
	s.arena = append(append(s.arena, key...), val...)
	return nil
}

// sortMemory sorts the records in memory by key, equal keys in the order
// they were added (their places in the arena): as a stable sort does, in
// about half the time of slices.SortStableFunc.
func (s *ExtSorter) sortMemory() {
	slices.SortFunc(s.recs, func(a, b rec) int {
		if c := bytes.Compare(s.key(a), s.key(b)); c != 0 {
			return c
		}
		return cmp.Compare(a.off, b.off)
	})
}

// fanIn is how many runs of one size are merged into one bigger run, so
// that the files open stay few (fanIn for each size, sizes growing by
// fanIn) and each record is rewritten once per size.
const fanIn = 16

// spill writes the records in memory to a new run file, then merges the
// newest runs while fanIn of them have the same size.
func (s *ExtSorter) spill() error {
	s.sortMemory()
	mem := &source{mem: s}
	err := s.writeRun(func(emit func(k, v []byte) error) error {
		for {
			ok, err := mem.next()
			if !ok || err != nil {
				return err
			}
			if err := emit(mem.key, mem.val); err != nil {
				return err
			}
		}
	})
	s.arena, s.recs = s.arena[:0], s.recs[:0]
	if err != nil {
		return err
	}
	s.spills++
	s.levels = append(s.levels, 0)
	for n := len(s.levels); n >= fanIn && s.levels[n-fanIn] == s.levels[n-1]; n = len(s.levels) {
		// The newest runs, all of one size, are also the newest records:
		// merged in place, they keep the order of equal keys.
		level := s.levels[n-1]
		old := s.runs[n-fanIn:]
		s.runs, s.levels = s.runs[:n-fanIn:n-fanIn], s.levels[:n-fanIn]
		err := s.writeRun(func(emit func(k, v []byte) error) error { return merge(old, nil, emit) })
		for _, f := range old {
			f.Close()
		}
		if err != nil {
			return err
		}
		s.levels = append(s.levels, level+1)
	}
	return nil
}

// writeRun appends a run file holding the records fill emits, in order.
func (s *ExtSorter) writeRun(fill func(emit func(k, v []byte) error) error) error {
	f, err := os.CreateTemp(s.dir, "itkg-sort-run-*")
	if err != nil {
		return err
	}
	// Unlinked at once, the run is gone with the process, however it ends.
	os.Remove(f.Name())
	s.runs = append(s.runs, f)
	w := bufio.NewWriterSize(f, 1<<16)
	var hdr [2 * binary.MaxVarintLen32]byte
	err = fill(func(k, v []byte) error {
		n := binary.PutUvarint(hdr[:], uint64(len(k)))
		n += binary.PutUvarint(hdr[n:], uint64(len(v)))
		w.Write(hdr[:n])
		w.Write(k)
		_, err := w.Write(v)
		return err
	})
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return fmt.Errorf("writing a sort run: %w", err)
	}
	return nil
}

// close releases the run files and the memory.
func (s *ExtSorter) close() {
	for _, f := range s.runs {
		f.Close()
	}
	s.runs, s.levels, s.arena, s.recs = nil, nil, nil, nil
}

// each calls fn with every record in key order, records with equal keys
// in the order they were added. The slices are valid only during the call.
func (s *ExtSorter) each(fn func(key, val []byte) error) error {
	s.sortMemory()
	return merge(s.runs, s, fn)
}

// merge calls fn with the records of the run files and then of mem (which
// may be nil) in key order; among equal keys, runs before mem, each run
// in the order given.
func merge(runs []*os.File, mem *ExtSorter, fn func(key, val []byte) error) error {
	var srcs []*source
	for _, f := range runs {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		srcs = append(srcs, &source{r: bufio.NewReaderSize(f, 1<<16)})
	}
	if mem != nil {
		srcs = append(srcs, &source{mem: mem})
	}
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
	for h.Len() > 0 {
		src := (*h)[0]
		if err := fn(src.key, src.val); err != nil {
			return err
		}
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
	return nil
}

// groups calls fn with every distinct key, in key order, and the values
// added under it, in the order they were added: one key's values are held
// in memory at once. The slices are valid only during the call.
func (s *ExtSorter) groups(fn func(key []byte, vals [][]byte) error) error {
	var key, buf []byte
	var ends []int
	flush := func() error {
		if key == nil {
			return nil
		}
		vals := make([][]byte, len(ends))
		start := 0
		for i, end := range ends {
			vals[i] = buf[start:end]
			start = end
		}
		return fn(key, vals)
	}
	err := s.each(func(k, v []byte) error {
		if key == nil || !bytes.Equal(key, k) {
			if err := flush(); err != nil {
				return err
			}
			key, buf, ends = append(key[:0:0], k...), buf[:0], ends[:0]
		}
		buf = append(buf, v...)
		ends = append(ends, len(buf))
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// source is one sorted run being merged: a file, or the records in memory.
type source struct {
	r        *bufio.Reader
	mem      *ExtSorter
	i        int
	order    int // runs added earlier come first among equal keys
	key, val []byte
	buf      []byte // a file run's current record
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
	if n := int(klen + vlen); cap(s.buf) < n {
		s.buf = make([]byte, n, 2*n)
	} else {
		s.buf = s.buf[:n]
	}
	if _, err := io.ReadFull(s.r, s.buf); err != nil {
		return false, fmt.Errorf("reading a sort run: %w", err)
	}
	s.key, s.val = s.buf[:klen], s.buf[klen:]
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
