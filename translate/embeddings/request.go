package embeddings

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Limits of one request, checked before any upstream call.
const (
	// MaxInputs is OpenAI's own limit of inputs per request.
	MaxInputs = 2048
	// MaxTextBytes bounds the text of all inputs together: about 500k
	// tokens, above OpenAI's 300k tokens per request, so no request
	// OpenAI takes is refused, while a body of text cannot fan out into
	// thousands of upstream calls of megabytes each.
	MaxTextBytes = 2 << 20
	// MaxDimensions bounds the dimensions parameter: no Bedrock model
	// offers more than 3072.
	MaxDimensions = 16384
)

// Request is an embeddings request, parsed once. Its inputs alias the
// request body, which must outlive it.
type Request struct {
	Inputs []Input
	// Single is set when input was one string or one token array, so
	// errors name "input", not "input[0]".
	Single bool
	// Base64 asks for encoding_format "base64".
	Base64 bool

	// Parameters some families take; zero when absent.
	Dimensions     int
	InputType      string
	Normalize      Bool
	Truncate       string
	EmbeddingTypes []string

	// Dropped lists unknown parameters dropped under drop_params.
	Dropped []string
}

// Bool is a boolean parameter that may be absent.
type Bool uint8

// Bool values.
const (
	Unset Bool = iota
	False
	True
)

// Parse reads an embeddings request from its members. provider names the
// upstream in the 400 for an unknown parameter, which dropParams drops
// instead.
func Parse(members []translate.Member, provider string, dropParams bool) (*Request, *translate.Error) {
	req := new(Request)
	var haveInput bool
	for _, m := range members {
		var err *translate.Error
		switch m.Key {
		case "model", "user":
		case "input":
			haveInput = true
			err = req.parseInput(m.Value)
		case "encoding_format":
			var f string
			if f, err = stringParam(m.Value, "encoding_format"); err == nil {
				switch f {
				case "", "float":
				case "base64":
					req.Base64 = true
				default:
					err = translate.BadRequest("encoding_format", "invalid value for 'encoding_format': %q (expected \"float\" or \"base64\")", f)
				}
			}
		case "dimensions":
			req.Dimensions, err = countParam(m.Value, "dimensions", 1, MaxDimensions)
		case "input_type":
			req.InputType, err = stringParam(m.Value, "input_type")
		case "truncate":
			req.Truncate, err = stringParam(m.Value, "truncate")
		case "normalize":
			req.Normalize, err = boolParam(m.Value, "normalize")
		case "embedding_types":
			req.EmbeddingTypes, err = stringsParam(m.Value, "embedding_types")
		default:
			switch {
			case translate.GatewayField(m.Key):
			case dropParams:
				req.Dropped = append(req.Dropped, m.Key)
			default:
				err = translate.Unsupported(m.Key, provider)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if !haveInput || len(req.Inputs) == 0 {
		return nil, translate.BadRequest("input", "you must provide an input: a string, an array of strings, or an array of objects with 'image'")
	}
	return req, nil
}

// Param names input i in errors.
func (r *Request) Param(i int) string {
	if r.Single {
		return "input"
	}
	return itemParam(i)
}

func stringParam(raw []byte, param string) (string, *translate.Error) {
	if jsonw.IsNull(raw) {
		return "", nil
	}
	if !jsonw.IsString(raw) {
		return "", translate.BadRequest(param, "invalid type for '%s': expected a string", param)
	}
	var buf [64]byte
	return string(jsonw.AppendUnquoted(buf[:0], raw)), nil
}

func stringsParam(raw []byte, param string) ([]string, *translate.Error) {
	if jsonw.IsNull(raw) {
		return nil, nil
	}
	items, ok := jsonw.ArrayItems(raw)
	if !ok {
		return nil, translate.BadRequest(param, "invalid type for '%s': expected an array of strings", param)
	}
	var out []string
	for v, ok := items.Next(); ok; v, ok = items.Next() {
		s, err := stringParam(v, param)
		if err != nil || s == "" {
			return nil, translate.BadRequest(param, "invalid type for '%s': expected an array of strings", param)
		}
		out = append(out, s)
	}
	return out, nil
}

func boolParam(raw []byte, param string) (Bool, *translate.Error) {
	switch string(raw) {
	case "null":
		return Unset, nil
	case "true":
		return True, nil
	case "false":
		return False, nil
	}
	return Unset, translate.BadRequest(param, "invalid type for '%s': expected a boolean", param)
}

// countParam reads a positive integer parameter within [lo, hi]; null is 0.
func countParam(raw []byte, param string, lo, hi int) (int, *translate.Error) {
	if jsonw.IsNull(raw) {
		return 0, nil
	}
	n, ok := jsonw.Count(raw)
	if !ok || n < lo || n > hi {
		return 0, translate.BadRequest(param, "invalid value for '%s': expected an integer between %d and %d, got %s",
			param, lo, hi, shorten(raw))
	}
	return n, nil
}

// shorten quotes a client's value in an error, cut short.
func shorten(raw []byte) string {
	const max = 32
	if len(raw) > max {
		return string(raw[:max]) + "…"
	}
	return string(raw)
}
