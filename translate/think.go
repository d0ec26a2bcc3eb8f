package translate

// Reasoning models served as plain chat models (DeepSeek R1 on Azure AI
// serverless, Qwen QwQ, ...) put their reasoning in the content, between
// <think> and </think> at the very start of the answer. OpenAI-compatible
// clients expect it apart, in reasoning_content, which is where Bedrock's
// reasoning goes too. ThinkSplitter moves it there, in one piece or chunk
// by chunk: a tag may be split across any number of stream chunks, and
// only what could still be a partial tag (plus whitespace that may turn
// out to be trailing) is held back.
//
// The rules, applied byte by byte so that any split of the text gives the
// same result as the whole text:
//   - Whitespace before <think> is dropped; text that does not start with
//     <think> (after whitespace) is content, untouched, whitespace included.
//   - Whitespace right after <think> and right before </think> is dropped:
//     the reasoning is the text between the tags, trimmed.
//   - Whitespace right after </think> is dropped; the rest is content.
//   - Tags anywhere else are ordinary text.
//   - A reasoning never closed (the answer was cut off) is reasoning to the
//     end, trailing whitespace dropped.

const (
	thinkOpenTag  = "<think>"
	thinkCloseTag = "</think>"
)

type thinkMode uint8

const (
	thinkStart thinkMode = iota // nothing but whitespace seen yet
	thinkOpen                   // after <think>, skipping whitespace
	thinkIn                     // inside the reasoning
	thinkClose                  // after </think>, skipping whitespace
	thinkPass                   // everything is content
)

// ThinkSplitter splits one choice's text. The zero value is ready.
type ThinkSplitter struct {
	mode thinkMode
	// pending is held back: whitespace, then from tagAt a prefix of the
	// tag that may be arriving.
	pending []byte
	tagAt   int
}

// Passing reports whether every further byte is content as it is.
func (t *ThinkSplitter) Passing() bool { return t.mode == thinkPass && len(t.pending) == 0 }

// Feed appends the reasoning and content parts of text to r and c.
func (t *ThinkSplitter) Feed(r, c, text []byte) (rOut, cOut []byte) {
	for i := 0; i < len(text); {
		switch t.mode {
		case thinkPass:
			return r, append(c, text[i:]...)
		case thinkOpen, thinkClose:
			if thinkSpace(text[i]) {
				i++
				continue
			}
			if t.mode == thinkOpen {
				t.mode = thinkIn
			} else {
				t.mode = thinkPass
			}
		case thinkStart:
			var ok bool
			if i, ok = t.tag(text, i, thinkOpenTag); ok {
				t.mode, t.pending, t.tagAt = thinkOpen, t.pending[:0], 0
				continue
			}
			if i < len(text) {
				// Not a think tag: everything held is content after all.
				c = append(c, t.pending...)
				t.mode, t.pending, t.tagAt = thinkPass, t.pending[:0], 0
			}
		case thinkIn:
			if len(t.pending) > 0 || text[i] == '<' || thinkSpace(text[i]) {
				var ok bool
				if i, ok = t.tag(text, i, thinkCloseTag); ok {
					// The whitespace before the tag was trailing: dropped.
					t.mode, t.pending, t.tagAt = thinkClose, t.pending[:0], 0
					continue
				}
				if i < len(text) {
					r = append(r, t.pending...)
					t.pending, t.tagAt = t.pending[:0], 0
				}
				continue
			}
			j := i + 1
			for j < len(text) && text[j] != '<' && !thinkSpace(text[j]) {
				j++
			}
			r = append(r, text[i:j]...)
			i = j
		}
	}
	return r, c
}

// tag consumes whitespace and a prefix of tag from text[i:] into pending.
// It returns where it stopped and whether the whole tag is now held. When
// it stops before the end of text, the byte there cannot continue what is
// held: the caller releases pending and goes on from there.
func (t *ThinkSplitter) tag(text []byte, i int, tag string) (int, bool) {
	for ; i < len(text); i++ {
		b := text[i]
		n := len(t.pending) - t.tagAt // tag bytes held
		switch {
		case n == 0 && thinkSpace(b):
			t.pending = append(t.pending, b)
			t.tagAt = len(t.pending)
		case b == tag[n]:
			t.pending = append(t.pending, b)
			if n+1 == len(tag) {
				return i + 1, true
			}
		default:
			return i, false
		}
	}
	return i, false
}

// Flush appends what is held at the end of the text and stops splitting.
func (t *ThinkSplitter) Flush(r, c []byte) (rOut, cOut []byte) {
	switch t.mode {
	case thinkStart:
		c = append(c, t.pending...)
	case thinkIn:
		if len(t.pending) > t.tagAt {
			// A partial close tag is text; the whitespace before it is
			// not trailing then.
			r = append(r, t.pending...)
		}
	}
	t.mode, t.pending, t.tagAt = thinkPass, t.pending[:0], 0
	return r, c
}

func thinkSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\r' || b == '\t' }
