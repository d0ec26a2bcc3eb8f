package llmgateway

import (
	"sync/atomic"
	"time"
)

// minuteBudget counts what a deployment spent in the current minute, for
// rpm and tpm. The minute and the count share one atomic word, so that a
// count is never carried into, or lost from, the minute it belongs to:
// with a separate reset, a request admitted as a minute turned could be
// counted in neither, and the next minute admit one too many.
type minuteBudget struct{ w atomic.Uint64 }

// The word holds the minute (Unix seconds / 60, modulo 2^minuteBits: only
// whether it is the current one matters) above a 40-bit count.
const (
	countBits  = 40
	countMask  = 1<<countBits - 1
	minuteBits = 64 - countBits
)

// minuteOf is t's minute as a budget word keeps it.
func minuteOf(t time.Time) uint64 {
	return uint64(t.Unix()/60) & (1<<minuteBits - 1)
}

// spent is the count in minute m.
func (b *minuteBudget) spent(m uint64) int64 {
	_, n := current(b.w.Load(), m)
	return n
}

// take counts one more in minute m if that stays within limit.
func (b *minuteBudget) take(m uint64, limit int64) bool {
	for {
		w := b.w.Load()
		cm, n := current(w, m)
		if n >= limit {
			return false
		}
		if b.w.CompareAndSwap(w, cm<<countBits|uint64(n+1)) {
			return true
		}
	}
}

// add counts n more in minute m.
func (b *minuteBudget) add(m uint64, n int64) {
	for {
		w := b.w.Load()
		cm, c := current(w, m)
		if b.w.CompareAndSwap(w, cm<<countBits|uint64(min(c+n, countMask))) {
			return
		}
	}
}

// current is the minute a count at m goes into, and its count so far,
// given the word w: m, with w's count if w is m's and none if w is older;
// w's own minute and count if w is newer, as when a request read the
// clock just before the minute turned and counts after another already
// turned it. A minute never goes back, so no budget is spent twice. The
// zero word, never written, is no minute's.
func current(w, m uint64) (minute uint64, count int64) {
	wm := w >> countBits
	switch ahead := (wm - m) & (1<<minuteBits - 1); {
	case w == 0:
	case ahead == 0:
		return m, int64(w & countMask)
	case ahead < 1<<(minuteBits-1):
		return wm, int64(w & countMask)
	}
	return m, 0
}
