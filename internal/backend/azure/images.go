package azurebackend

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images"
)

// Image answers are billed as LiteLLM bills Azure's DALL-E: per image, at
// the price of its size and quality ("azure/<quality>/<W>-x-<H>/<model>").
// Azure's answer says neither, so both come from the request.

// imageBilling is what an answer of n images is billed by: the request's
// size and quality, or OpenAI's defaults for DALL-E 3, which LiteLLM
// assumes too (1024x1024, standard). A size of "auto" prices by no size.
func imageBilling(members []translate.Member, n int) backend.Billing {
	if n == 0 {
		return backend.Billing{}
	}
	b := backend.Billing{Images: n, Width: 1024, Height: 1024, Quality: "standard"}
	for _, m := range members {
		switch m.Key {
		case "size":
			if s, ok := images.ParseSize(m.Value); ok {
				b.Width, b.Height = s.W, s.H
			}
		case "quality":
			if q := quality(m.Value); q != "" {
				b.Quality = q
			}
		}
	}
	return b
}

// quality reads the raw "quality" literal; "" when it names none. The
// values OpenAI documents come back without allocating.
func quality(v []byte) string {
	if len(v) < 3 || v[0] != '"' || v[len(v)-1] != '"' {
		return ""
	}
	switch q := v[1 : len(v)-1]; string(q) {
	case "standard":
		return "standard"
	case "hd":
		return "hd"
	case "low":
		return "low"
	case "medium":
		return "medium"
	case "high":
		return "high"
	case "auto":
		return "auto"
	default:
		return string(q)
	}
}
