package llama

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Body builds the body: {"prompt", the limit, "temperature", "top_p",
// "stop" where the family takes it, then the extra members in the
// request's order}. What the client did not set is left out, for the
// model's own default.
func (s *Spec) Body(prompt string, p *Params) []byte {
	size := len(prompt) + len(prompt)/8 + 128 // room for escapes and the parameters
	for _, m := range p.Extra {
		size += len(m.Key) + len(m.Value) + 4
	}
	dst := append(make([]byte, 0, size), `{"prompt":`...)
	dst = jsonw.AppendString(dst, prompt)
	if p.MaxTokens != nil {
		dst = appendKey(dst, s.MaxTokens)
		dst = strconv.AppendInt(dst, int64(*p.MaxTokens), 10)
	}
	if p.Temperature != nil {
		dst = appendKey(dst, "temperature")
		dst = strconv.AppendFloat(dst, *p.Temperature, 'g', -1, 64)
	}
	if p.TopP != nil {
		dst = appendKey(dst, "top_p")
		dst = strconv.AppendFloat(dst, *p.TopP, 'g', -1, 64)
	}
	if len(p.Stop) > 0 {
		dst = append(dst, `,"stop":[`...)
		for i, stop := range p.Stop {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = jsonw.AppendString(dst, stop)
		}
		dst = append(dst, ']')
	}
	for _, m := range p.Extra {
		dst = appendKey(dst, m.Key)
		dst = append(dst, m.Value...)
	}
	return append(dst, '}')
}

func appendKey(dst []byte, key string) []byte {
	dst = append(dst, ',')
	dst = jsonw.AppendString(dst, key)
	return append(dst, ':')
}
