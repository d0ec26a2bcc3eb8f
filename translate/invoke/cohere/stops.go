package cohere

import "unicode/utf8"

// Command's text may end with the stop sequence that ended it (Cohere's
// generate API keeps it; OpenAI's never does), so the gateway cuts a stop
// sequence off the end of an answer that stopped at one. An answer that
// does not end with one loses nothing, so this holds whichever way
// Bedrock's Command behaves.

// trimStop cuts the longest of stops that ends text off it.
func trimStop[T string | []byte](text T, stops []string) T {
	cut := 0
	for _, s := range stops {
		if len(s) > cut && len(text) >= len(s) && string(text[len(text)-len(s):]) == s {
			cut = len(s)
		}
	}
	return text[:len(text)-cut]
}

// longest is the length of the longest stop sequence.
func longest(stops []string) int {
	n := 0
	for _, s := range stops {
		n = max(n, len(s))
	}
	return n
}

// stopHold holds back the end of a streamed text that may yet turn out
// to be the stop sequence that ends it. The zero value holds nothing
// back.
type stopHold struct {
	stops []string
	hold  int // bytes held back: the longest stop sequence
	held  []byte
}

func newStopHold(stops []string) stopHold {
	return stopHold{stops: stops, hold: longest(stops)}
}

// feed appends text to what is held and returns what may go out now:
// all but the last hold bytes, cut where a character starts, so that no
// character is split between two chunks. The result is valid until the
// next call.
func (h *stopHold) feed(text []byte) []byte {
	if h.hold == 0 {
		return text
	}
	h.held = append(h.held, text...)
	n := len(h.held) - h.hold
	for n > 0 && !utf8.RuneStart(h.held[n]) {
		n--
	}
	if n <= 0 {
		return nil
	}
	// The bytes going out are copied behind the ones kept: held keeps
	// its array, so the stream allocates nothing once it has grown.
	out := append(h.held[len(h.held):], h.held[:n]...)
	k := copy(h.held, h.held[n:])
	h.held = h.held[:k]
	return out
}

// flush returns what is held when the text ends; stopped says it ended
// at a stop sequence, which is cut off.
func (h *stopHold) flush(stopped bool) []byte {
	out := h.held
	h.held = h.held[:0]
	if stopped {
		out = trimStop(out, h.stops)
	}
	return out
}
