package backend

import "sync"

// A stream holds a read buffer and an output buffer for its life; taking
// them from pools rather than allocating them per request spares the
// clearing and collecting of some 20 KiB a request, which on a busy
// gateway costs more than the transcoding they serve.
var (
	// ReadBufs are a stream's read buffers.
	ReadBufs = BufPool{size: 16 << 10, max: 64 << 10}
	// OutBufs are a stream's output buffers, the router's.
	OutBufs = BufPool{size: 4 << 10, max: 64 << 10}
)

// BufPool pools byte slices of at least size bytes; slices that grew past
// max are dropped, so one huge answer does not stay pinned.
type BufPool struct {
	p         sync.Pool
	size, max int
}

// Get returns an empty slice with at least the pool's size of room; the
// pointer goes back with Put.
func (b *BufPool) Get() *[]byte {
	if v, ok := b.p.Get().(*[]byte); ok {
		return v
	}
	buf := make([]byte, 0, b.size)
	return &buf
}

// Put returns buf, emptied, with whatever room it grew to.
func (b *BufPool) Put(p *[]byte, buf []byte) {
	if p == nil || (b.max > 0 && cap(buf) > b.max) {
		return
	}
	*p = buf[:0]
	b.p.Put(p)
}
