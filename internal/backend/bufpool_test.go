package backend

import "testing"

func TestBufPool(t *testing.T) {
	pool := BufPool{size: 16, max: 64}
	p := pool.Get()
	if len(*p) != 0 || cap(*p) < 16 {
		t.Fatalf("a new buffer has length %d and room %d", len(*p), cap(*p))
	}
	grown := append((*p)[:0], make([]byte, 40)...)
	pool.Put(p, grown)
	if len(*p) != 0 || cap(*p) != cap(grown) {
		t.Errorf("a returned buffer keeps length %d and room %d, want 0 and %d", len(*p), cap(*p), cap(grown))
	}
	// One that grew past max is dropped, and the pointer left alone.
	q := pool.Get()
	before := *q
	pool.Put(q, make([]byte, 0, 128))
	if cap(*q) != cap(before) {
		t.Error("a buffer past max was kept")
	}
	pool.Put(nil, nil) // a stream that never took one
}
