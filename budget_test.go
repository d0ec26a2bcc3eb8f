package llmgateway

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestMinuteBudget(t *testing.T) {
	at := time.Date(2026, 12, 1, 12, 0, 30, 0, time.UTC)
	m, next, last := minuteOf(at), minuteOf(at.Add(time.Minute)), minuteOf(at.Add(-time.Minute))
	var b minuteBudget
	for i := range 3 {
		if !b.take(m, 3) {
			t.Fatalf("take %d of 3 refused", i+1)
		}
	}
	if b.take(m, 3) || b.spent(m) != 3 {
		t.Errorf("a fourth take of 3 admitted, or spent %d", b.spent(m))
	}
	if b.spent(last) != 3 {
		t.Errorf("a clock read just before the minute turned sees %d, want this minute's 3", b.spent(last))
	}
	if b.spent(next) != 0 || !b.take(next, 3) || b.spent(next) != 1 {
		t.Errorf("the next minute starts at %d", b.spent(next))
	}
	// A request that read the clock in the old minute counts in the new
	// one, rather than turning the budget back.
	if !b.take(m, 3) || b.spent(next) != 2 || b.spent(m) != 2 {
		t.Errorf("a late take of the old minute: next minute spent %d", b.spent(next))
	}
	b.add(next, countMask)
	if b.spent(next) != countMask {
		t.Errorf("add does not saturate: %d", b.spent(next))
	}
	// Wrapping: the minute after the last one the word can hold is newer.
	var w minuteBudget
	top := uint64(1<<minuteBits - 1)
	w.add(top, 5)
	if w.spent(0) != 0 || w.spent(top-1) != 5 {
		t.Errorf("across the wrap: spent(0) %d, spent(top-1) %d", w.spent(0), w.spent(top-1))
	}
}

// TestMinuteBudgetRace: however takes of one minute and the next
// interleave, the two minutes together admit at most twice the limit
// (a late take of the first minute counts in the second).
func TestMinuteBudgetRace(t *testing.T) {
	const limit, workers, tries = 50, 8, 200
	m := minuteOf(time.Now())
	var b minuteBudget
	var admitted [2]atomic.Int64
	var wg sync.WaitGroup
	for g := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range tries {
				// Half the workers turn to the next minute midway, as
				// requests do when the clock turns under them.
				k := 0
				if g%2 == 1 && i >= tries/2 {
					k = 1
				}
				if b.take(m+uint64(k), limit) {
					admitted[k].Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if a0, a1 := admitted[0].Load(), admitted[1].Load(); a0+a1 > 2*limit || a1 > limit || b.spent(m+1) > limit {
		t.Errorf("admitted %d asking for the first minute and %d for the second, limit %d a minute", a0, a1, limit)
	}
}

// setSpent makes b hold n spent in t's minute, whatever it held.
func setSpent(b *minuteBudget, t time.Time, n int64) {
	b.w.Store(minuteOf(t)<<countBits | uint64(n))
}
