package store

import (
	"encoding/binary"
	"fmt"
	"unsafe"

	bbolt "go.etcd.io/bbolt"
)

// bbolt's cursors trust the page tree: a damaged branch element that
// points back up the tree sends Cursor.First round a cycle for ever,
// growing its stack until memory runs out, and one pointing past the file
// faults. checkPages walks the tree of pages as bolt's file format lays it
// out (bbolt v1.3's page, element and meta layouts, in the machine's byte
// order, little-endian on every platform itkg builds for) before any
// cursor does, and reports such damage as an error: each page is reached
// once, within the file, from at most maxTreeDepth levels, and every
// element lies inside its page.

const (
	pageHeaderSize  = 16 // id uint64, flags uint16, count uint16, overflow uint32
	elementSize     = 16 // a branch or leaf element
	bucketHeaderLen = 16 // root pgid uint64, sequence uint64
	branchPageFlag  = 0x01
	leafPageFlag    = 0x02
	bucketLeafFlag  = 0x01
	// maxTreeDepth bounds a B+tree's height: bolt's trees of a few
	// gigabytes are under ten levels deep.
	maxTreeDepth = 64
)

// pageWalker checks the page trees of one read transaction.
type pageWalker struct {
	data     []byte // the file's pages up to the transaction's high water mark
	pageSize int
	seen     map[uint64]bool
}

// checkPages checks every page tree of the store as tx sees it.
func checkPages(db *bbolt.DB, tx *bbolt.Tx) error {
	info := db.Info()
	size := tx.Size()
	if info.PageSize <= 0 || size < int64(2*info.PageSize) {
		return fmt.Errorf("its size (%d bytes) holds no pages", size)
	}
	// info.Data is the address of bolt's memory map, which stays mapped
	// while tx is open.
	base := *(*unsafe.Pointer)(unsafe.Pointer(&info.Data))
	w := &pageWalker{
		data:     unsafe.Slice((*byte)(base), size),
		pageSize: info.PageSize,
		seen:     map[uint64]bool{},
	}
	// The meta page the transaction reads from is the one of its id.
	for m := 0; m < 2; m++ {
		meta := w.data[m*w.pageSize:]
		if binary.LittleEndian.Uint64(meta[64:]) != uint64(tx.ID()) {
			continue
		}
		root := binary.LittleEndian.Uint64(meta[32:])
		return w.tree(root, 0)
	}
	return fmt.Errorf("neither meta page is the one of transaction %d", tx.ID())
}

// tree checks the page id and, below it, its subtree at depth.
func (w *pageWalker) tree(id uint64, depth int) error {
	switch {
	case depth > maxTreeDepth:
		return fmt.Errorf("page %d lies more than %d levels down its tree", id, maxTreeDepth)
	case id < 2 || id >= uint64(len(w.data)/w.pageSize):
		return fmt.Errorf("a page reference (%d) points outside the file's %d pages", id, len(w.data)/w.pageSize)
	case w.seen[id]:
		return fmt.Errorf("page %d is reached twice (a cycle, or two parents)", id)
	}
	w.seen[id] = true
	start := int(id) * w.pageSize
	header := w.data[start:]
	if got := binary.LittleEndian.Uint64(header); got != id {
		return fmt.Errorf("page %d says it is page %d", id, got)
	}
	overflow := int(binary.LittleEndian.Uint32(header[12:]))
	end := start + (overflow+1)*w.pageSize
	if overflow < 0 || end > len(w.data) || end < start {
		return fmt.Errorf("page %d runs past the end of the file", id)
	}
	for o := 1; o <= overflow; o++ {
		w.seen[id+uint64(o)] = true
	}
	return w.page(w.data[start:end], fmt.Sprintf("page %d", id), depth)
}

// page checks the elements of one page (p holds it whole, overflow
// included), and the pages or inline buckets they lead to.
func (w *pageWalker) page(p []byte, where string, depth int) error {
	if len(p) < pageHeaderSize {
		return fmt.Errorf("%s is shorter than a page header", where)
	}
	flags := binary.LittleEndian.Uint16(p[8:])
	count := int(binary.LittleEndian.Uint16(p[10:]))
	if pageHeaderSize+count*elementSize > len(p) {
		return fmt.Errorf("%s lists %d elements, more than it holds", where, count)
	}
	for i := 0; i < count; i++ {
		at := pageHeaderSize + i*elementSize
		elem := p[at : at+elementSize]
		switch {
		case flags&branchPageFlag != 0:
			pos, ksize := int(binary.LittleEndian.Uint32(elem)), int(binary.LittleEndian.Uint32(elem[4:]))
			if at+pos+ksize > len(p) || pos < 0 || ksize < 0 {
				return fmt.Errorf("%s: element %d's key lies outside the page", where, i)
			}
			if err := w.tree(binary.LittleEndian.Uint64(elem[8:]), depth+1); err != nil {
				return err
			}
		case flags&leafPageFlag != 0:
			eflags := binary.LittleEndian.Uint32(elem)
			pos, ksize, vsize := int(binary.LittleEndian.Uint32(elem[4:])), int(binary.LittleEndian.Uint32(elem[8:])), int(binary.LittleEndian.Uint32(elem[12:]))
			vstart := at + pos + ksize
			if pos < 0 || ksize < 0 || vsize < 0 || vstart+vsize > len(p) {
				return fmt.Errorf("%s: element %d lies outside the page", where, i)
			}
			if eflags&bucketLeafFlag == 0 {
				continue
			}
			value := p[vstart : vstart+vsize]
			if len(value) < bucketHeaderLen {
				return fmt.Errorf("%s: element %d is a bucket too short for its header", where, i)
			}
			if root := binary.LittleEndian.Uint64(value); root != 0 {
				if err := w.tree(root, 0); err != nil {
					return err
				}
			} else if err := w.page(value[bucketHeaderLen:], where+" (an inline bucket)", depth+1); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s is neither a branch nor a leaf page (flags %#x)", where, flags)
		}
	}
	return nil
}
