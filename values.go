package llmgateway

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dustin/go-humanize"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
)

// Numeric options may be written as placeholders ({env.THINKING_BUDGET}),
// which are resolved at provision like every string value. A literal is
// parsed when the Caddyfile is adapted, so typos fail early, and appears in
// the JSON as a number; a placeholder stays a string until provision.
// The zero value of each type means "not set", which is not the same as
// a literal 0: "retries 0" on a model line overrides the block's retries.

// Int is a whole number, or a placeholder that resolves to one.
type Int struct {
	n   int64
	ph  string
	set bool
}

// Size is a byte count: a number of bytes, a size such as "20MiB", or a
// placeholder that resolves to either.
type Size struct {
	n   int64
	ph  string
	set bool
}

// Duration is a caddy.Duration ("30s", "1m30s", "1d"), or a placeholder
// that resolves to one.
type Duration struct {
	d   time.Duration
	ph  string
	set bool
}

// IntOf, SizeOf and DurationOf make literal values.
func IntOf(n int64) Int                   { return Int{n: n, set: true} }
func SizeOf(n int64) Size                 { return Size{n: n, set: true} }
func DurationOf(d time.Duration) Duration { return Duration{d: d, set: true} }

// IsSet reports whether the option was given.
func (v Int) IsSet() bool      { return v.set || v.ph != "" }
func (v Size) IsSet() bool     { return v.set || v.ph != "" }
func (v Duration) IsSet() bool { return v.set || v.ph != "" }

// Or returns v when it is set, else fallback: a model line's value over
// the block's.
func (v Int) Or(fallback Int) Int {
	if v.IsSet() {
		return v
	}
	return fallback
}

// Or returns v when it is set, else fallback.
func (v Duration) Or(fallback Duration) Duration {
	if v.IsSet() {
		return v
	}
	return fallback
}

func (v Int) MarshalJSON() ([]byte, error) { return marshalValue(v.ph, strconv.FormatInt(v.n, 10)) }
func (v Size) MarshalJSON() ([]byte, error) {
	return marshalValue(v.ph, strconv.FormatInt(v.n, 10))
}
func (v Duration) MarshalJSON() ([]byte, error) {
	if v.ph != "" {
		return json.Marshal(v.ph)
	}
	return json.Marshal(v.d.String())
}

func marshalValue(ph, literal string) ([]byte, error) {
	if ph != "" {
		return json.Marshal(ph)
	}
	return []byte(literal), nil
}

func (v *Int) UnmarshalJSON(b []byte) error {
	*v = Int{}
	return unmarshalValue(b, &v.ph, func(s string, _ bool) (err error) {
		v.set = true
		v.n, err = parseInt(s)
		return err
	})
}

func (v *Size) UnmarshalJSON(b []byte) error {
	*v = Size{}
	return unmarshalValue(b, &v.ph, func(s string, isString bool) (err error) {
		v.set = true
		if isString {
			v.n, err = parseSize(s)
			return err
		}
		if v.n, err = strconv.ParseInt(s, 10, 64); err != nil || v.n < 0 {
			return fmt.Errorf("want a byte count, got %s", s)
		}
		return nil
	})
}

func (v *Duration) UnmarshalJSON(b []byte) error {
	*v = Duration{}
	return unmarshalValue(b, &v.ph, func(s string, isString bool) (err error) {
		v.set = true
		if isString {
			v.d, err = parseDuration(s)
			return err
		}
		// A JSON number is nanoseconds, as with caddy.Duration.
		n, err := strconv.ParseInt(s, 10, 64)
		v.d = time.Duration(n)
		return err
	})
}

// unmarshalValue keeps a placeholder string in *ph and hands anything else,
// a JSON number's text or a string's value, to parse.
func unmarshalValue(b []byte, ph *string, parse func(s string, isString bool) error) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if isPlaceholder(s) {
			*ph = s
			return nil
		}
		return parse(s, true)
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("want a number or a placeholder string, got %s", b)
	}
	return parse(n.String(), false)
}

// Resolve returns the value, resolving a placeholder with repl.
func (v Int) Resolve(repl *caddy.Replacer) (int64, error) {
	if v.ph == "" {
		return v.n, nil
	}
	return resolveValue(repl, v.ph, parseInt)
}

// Resolve returns the byte count, resolving a placeholder with repl.
func (v Size) Resolve(repl *caddy.Replacer) (int64, error) {
	if v.ph == "" {
		return v.n, nil
	}
	return resolveValue(repl, v.ph, parseSize)
}

// Resolve returns the duration, resolving a placeholder with repl.
func (v Duration) Resolve(repl *caddy.Replacer) (time.Duration, error) {
	if v.ph == "" {
		return v.d, nil
	}
	return resolveValue(repl, v.ph, parseDuration)
}

// resolveValue resolves a placeholder and parses what it gives. It must
// not come out empty: an unset variable in a number is a mistake to
// report, not a zero.
func resolveValue[T any](repl *caddy.Replacer, ph string, parse func(string) (T, error)) (T, error) {
	var zero T
	s := strings.TrimSpace(repl.ReplaceAll(ph, ""))
	if s == "" {
		return zero, fmt.Errorf("%s resolved to nothing (is the variable set?)", ph)
	}
	v, err := parse(s)
	if err != nil {
		return zero, fmt.Errorf("%s resolved to %q: %v", ph, s, err)
	}
	return v, nil
}

func parseInt(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("not a whole number")
	}
	return n, nil
}

func parseSize(s string) (int64, error) {
	n, err := humanize.ParseBytes(s)
	if err != nil || n > 1<<62 {
		return 0, fmt.Errorf("not a size such as 20MiB")
	}
	return int64(n), nil
}

func parseDuration(s string) (time.Duration, error) {
	d, err := caddy.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("not a duration such as 30s")
	}
	return d, nil
}

// isPlaceholder reports whether s holds a runtime placeholder.
func isPlaceholder(s string) bool {
	i := strings.IndexByte(s, '{')
	return i >= 0 && strings.IndexByte(s[i:], '}') > 0
}

// The Caddyfile side: one argument of the current line, literal or
// placeholder. Errors name the option and the token.

func intArg(d *caddyfile.Dispenser, option string) (Int, error) {
	s, err := oneArg(d)
	if err != nil || isPlaceholder(s) {
		return Int{ph: s}, err
	}
	n, err := parseInt(s)
	if err != nil {
		return Int{}, d.Errf("invalid %s %q: want a whole number", option, s)
	}
	return IntOf(n), nil
}

func sizeArg(d *caddyfile.Dispenser, option string) (Size, error) {
	s, err := oneArg(d)
	if err != nil || isPlaceholder(s) {
		return Size{ph: s}, err
	}
	n, err := parseSize(s)
	if err != nil || n == 0 {
		return Size{}, d.Errf("invalid %s %q: want a size such as 20MiB", option, s)
	}
	return SizeOf(n), nil
}

func durationArg(d *caddyfile.Dispenser, option string) (Duration, error) {
	s, err := oneArg(d)
	if err != nil || isPlaceholder(s) {
		return Duration{ph: s}, err
	}
	v, err := parseDuration(s)
	if err != nil {
		return Duration{}, d.Errf("invalid %s %q: want a duration such as 30s", option, s)
	}
	return DurationOf(v), nil
}

func oneArg(d *caddyfile.Dispenser) (string, error) {
	var s string
	if !d.AllArgs(&s) {
		return "", d.ArgErr()
	}
	return s, nil
}
