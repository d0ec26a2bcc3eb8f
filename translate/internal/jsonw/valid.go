package jsonw

import "unicode/utf8"

// Valid reports whether b is exactly one valid JSON value, with the same
// answer as json.Valid, which accepts invalid UTF-8 inside strings. It
// exists for speed: request bodies are mostly long strings (base64 images
// and documents), and this reads string bodies with a table lookup per
// ASCII byte instead of json.Valid's state machine, several times faster.
// FuzzValid holds it to json.Valid.
func Valid(b []byte) bool { return Check(b).Fault == OK }

// MaxNesting is encoding/json's limit, so both accept the same inputs.
const MaxNesting = 10000

// Fault is what Check found wrong with its input's structure.
type Fault uint8

const (
	OK      Fault = iota // exactly one JSON value
	Syntax               // not exactly one JSON value
	TooDeep              // objects and arrays nested deeper than MaxNesting
)

// Verdict is Check's verdict.
type Verdict struct {
	Fault Fault
	// At is the offset where the fault was found.
	At int
	// BadUTF8 is the offset of the first invalid UTF-8 sequence inside a
	// string, key or value, or -1. It is no fault of structure, which is
	// judged past it, so that Fault keeps json.Valid's answer.
	BadUTF8 int
}

// Check is Valid that also says why it failed, and where strings hold
// invalid UTF-8, at no extra cost for ASCII: non-ASCII bytes, which the
// table sends aside, are checked a run at a time.
func Check(b []byte) Verdict {
	s := scan{b: b, badUTF8: -1}
	i, ok := s.value(SkipSpace(b, 0), 0)
	if ok {
		if i = SkipSpace(b, i); i != len(b) {
			ok = false
		}
	}
	if !ok && s.fault == OK {
		s.fault, s.at = Syntax, i
	}
	return Verdict{Fault: s.fault, At: s.at, BadUTF8: s.badUTF8}
}

// scan is one run of Check. Its methods return the index after what they
// read, and false at the first fault.
type scan struct {
	b       []byte
	fault   Fault // set here only for faults other than syntax
	at      int
	badUTF8 int
}

// plainStringByte marks the ASCII bytes that stand for themselves inside
// a string.
var plainStringByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func (s *scan) value(i, depth int) (int, bool) {
	b := s.b
	if i >= len(b) {
		return i, false
	}
	switch c := b[i]; c {
	case '"':
		return validString(b, i, &s.badUTF8)
	case '{':
		return s.object(i, depth+1)
	case '[':
		return s.array(i, depth+1)
	case 't':
		return validLiteral(b, i, "true")
	case 'f':
		return validLiteral(b, i, "false")
	case 'n':
		return validLiteral(b, i, "null")
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			return validNumber(b, i)
		}
	}
	return i, false
}

func (s *scan) tooDeep(i, depth int) bool {
	if depth <= MaxNesting {
		return false
	}
	s.fault, s.at = TooDeep, i
	return true
}

func (s *scan) object(i, depth int) (int, bool) {
	b := s.b
	if s.tooDeep(i, depth) {
		return i, false
	}
	i = SkipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, true
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return i, false
		}
		var ok bool
		if i, ok = validString(b, i, &s.badUTF8); !ok {
			return i, false
		}
		i = SkipSpace(b, i)
		if i >= len(b) || b[i] != ':' {
			return i, false
		}
		if i, ok = s.value(SkipSpace(b, i+1), depth); !ok {
			return i, false
		}
		i = SkipSpace(b, i)
		switch {
		case i >= len(b):
			return i, false
		case b[i] == '}':
			return i + 1, true
		case b[i] != ',':
			return i, false
		}
		i = SkipSpace(b, i+1)
	}
}

func (s *scan) array(i, depth int) (int, bool) {
	b := s.b
	if s.tooDeep(i, depth) {
		return i, false
	}
	i = SkipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return i + 1, true
	}
	for {
		var ok bool
		if i, ok = s.value(i, depth); !ok {
			return i, false
		}
		i = SkipSpace(b, i)
		switch {
		case i >= len(b):
			return i, false
		case b[i] == ']':
			return i + 1, true
		case b[i] != ',':
			return i, false
		}
		i = SkipSpace(b, i+1)
	}
}

// validString reads the string literal at i, noting in *badUTF8 the
// offset of the first invalid UTF-8 sequence if it is the first seen.
func validString(b []byte, i int, badUTF8 *int) (int, bool) {
	for i++; i < len(b); {
		if plainStringByte[b[i]] {
			i++
			continue
		}
		switch b[i] {
		case '"':
			return i + 1, true
		case '\\':
			if i+1 >= len(b) {
				return i, false
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) || !isHex(b[i+5]) {
					return i, false
				}
				i += 6
			default:
				return i, false
			}
		default:
			if b[i] < utf8.RuneSelf { // a control character
				return i, false
			}
			i = skipNonASCII(b, i, badUTF8)
		}
	}
	return i, false
}

// skipNonASCII returns the end of the run of non-ASCII bytes at i, noting
// the first invalid UTF-8 sequence in it as validString does. Every byte
// of a UTF-8 sequence longer than one byte is non-ASCII, so the run is
// valid exactly when utf8.Valid says so.
func skipNonASCII(b []byte, i int, badUTF8 *int) int {
	j := i + 1
	for j < len(b) && b[j] >= utf8.RuneSelf {
		j++
	}
	if *badUTF8 < 0 && !utf8.Valid(b[i:j]) {
		for k := i; k < j; {
			r, size := utf8.DecodeRune(b[k:j])
			if r == utf8.RuneError && size == 1 {
				*badUTF8 = k
				break
			}
			k += size
		}
	}
	return j
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func validLiteral(b []byte, i int, lit string) (int, bool) {
	if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
		return i, false
	}
	return i + len(lit), true
}

// validNumber checks -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validNumber(b []byte, i int) (int, bool) {
	if b[i] == '-' {
		i++
	}
	switch {
	case i >= len(b):
		return i, false
	case b[i] == '0':
		i++
	case b[i] >= '1' && b[i] <= '9':
		i = skipDigits(b, i)
	default:
		return i, false
	}
	if i < len(b) && b[i] == '.' {
		j := skipDigits(b, i+1)
		if j == i+1 {
			return j, false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := skipDigits(b, i)
		if j == i {
			return j, false
		}
		i = j
	}
	return i, true
}

func skipDigits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}
