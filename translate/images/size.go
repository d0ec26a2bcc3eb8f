package images

import (
	"strconv"
	"strings"
)

// Size is an image size in pixels; the zero Size asks for the model's
// default.
type Size struct{ W, H int }

// maxSide bounds what ParseSize accepts, far above any model's sides, so
// that products of sides cannot overflow.
const maxSide = 99999

// ParseSize reads the raw "size" literal: "auto" (the zero Size) or
// "<width>x<height>".
func ParseSize(lit []byte) (Size, bool) {
	if isString(lit, "auto") {
		return Size{}, true
	}
	if len(lit) < 5 || lit[0] != '"' || lit[len(lit)-1] != '"' {
		return Size{}, false
	}
	w, h, ok := strings.Cut(string(lit[1:len(lit)-1]), "x")
	if !ok {
		return Size{}, false
	}
	s := Size{side(w), side(h)}
	return s, s.W > 0 && s.H > 0
}

// side reads one side: 1 to 5 digits, not zero.
func side(s string) int {
	if len(s) == 0 || len(s) > 5 {
		return 0
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// IsZero reports whether no size was asked for.
func (s Size) IsZero() bool { return s.W == 0 }

func (s Size) String() string { return strconv.Itoa(s.W) + "x" + strconv.Itoa(s.H) }

// List formats sizes for an error message: "1024x1024, 1152x896, ...".
func List(sizes []Size) string {
	var b strings.Builder
	for i, s := range sizes {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s.String())
	}
	return b.String()
}
