package llmgateway

import "sync"

// A stream holds a read buffer and an output buffer for its life; taking
// them from pools rather than allocating them per request spares the
// clearing and collecting of some 20 KiB a request, which on a busy
// gateway costs more than the transcoding they serve.
var (
	readBufs = bufPool{size: 16 << 10}
	outBufs  = bufPool{size: 4 << 10, max: 64 << 10}
)

// bufPool pools byte slices of at least size bytes; slices that grew past
// max are dropped, so one huge answer does not stay pinned.
type bufPool struct {
	p         sync.Pool
	size, max int
}

// get returns an empty slice with at least the pool's size of room; the
// pointer goes back with put.
func (b *bufPool) get() *[]byte {
	if v, ok := b.p.Get().(*[]byte); ok {
		return v
	}
	buf := make([]byte, 0, b.size)
	return &buf
}

// put returns buf, emptied, with whatever room it grew to.
func (b *bufPool) put(p *[]byte, buf []byte) {
	if p == nil || (b.max > 0 && cap(buf) > b.max) {
		return
	}
	*p = buf[:0]
	b.p.Put(p)
}
