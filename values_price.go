package llmgateway

import (
	"errors"
	"math"
	"strconv"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
)

// Price is US dollars per unit (a token, an image, a query), as LiteLLM writes them
// ("3e-06"), or a placeholder that resolves to one.
type Price struct {
	v   float64
	ph  string
	set bool
}

// PriceOf makes a literal price.
func PriceOf(v float64) Price { return Price{v: v, set: true} }

// IsSet reports whether the option was given.
func (v Price) IsSet() bool { return v.set || v.ph != "" }

func (v Price) MarshalJSON() ([]byte, error) {
	return marshalValue(v.ph, strconv.FormatFloat(v.v, 'g', -1, 64))
}

func (v *Price) UnmarshalJSON(b []byte) error {
	*v = Price{}
	return unmarshalValue(b, &v.ph, func(s string, _ bool) (err error) {
		v.set = true
		v.v, err = parsePrice(s)
		return err
	})
}

// Resolve returns the price, resolving a placeholder with repl; nil when
// the option is not set.
func (v Price) Resolve(repl *caddy.Replacer) (*float64, error) {
	if !v.IsSet() {
		return nil, nil
	}
	p := v.v
	if v.ph != "" {
		var err error
		if p, err = resolveValue(repl, v.ph, parsePrice); err != nil {
			return nil, err
		}
	}
	return &p, nil
}

func parsePrice(s string) (float64, error) {
	p, err := strconv.ParseFloat(s, 64)
	if err != nil || p < 0 || math.IsInf(p, 0) || math.IsNaN(p) {
		return 0, errors.New("not a price in US dollars (a number of zero or more)")
	}
	return p, nil
}

// priceArg reads a price option's argument; unit says what it is per, for
// the error.
func priceArg(d *caddyfile.Dispenser, option, unit string) (Price, error) {
	s, err := oneArg(d)
	if err != nil || isPlaceholder(s) {
		return Price{ph: s}, err
	}
	p, err := parsePrice(s)
	if err != nil {
		return Price{}, d.Errf("invalid %s %q: want US dollars %s", option, s, unit)
	}
	return PriceOf(p), nil
}
