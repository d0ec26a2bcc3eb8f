package images

import (
	"unicode/utf8"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Request is an OpenAI image generation request, read from the top-level
// members of its body. String values that go to the model as they are
// (Prompt, Style, OutputFormat) are kept as their raw JSON literals.
type Request struct {
	// Prompt is the raw string literal of "prompt", nil when absent.
	Prompt []byte
	// N is the number of images asked for; 0 when absent.
	N int
	// Size is the "size" asked for; zero when absent or "auto".
	Size Size
	// Quality is what "quality" asks for.
	Quality Quality
	// Style is the raw string literal of "style", nil when absent.
	Style []byte
	// OutputFormat is the raw string literal of "output_format", nil when
	// absent; Format is what it names.
	OutputFormat []byte
	Format       Format
	// Effects lists the OpenAI-only parameters the request gives a value
	// with an effect, which no Bedrock model honours (background,
	// moderation, complexity, output_compression, partial_images,
	// frame_count, frame_duration_ms).
	Effects []string
	// Native are the members that are no OpenAI parameter: the model's
	// own (taskType, colorGuidedGenerationParams, cfg_scale, ...), passed
	// to it as they are.
	Native Members
}

// Quality is what the "quality" parameter asks for.
type Quality uint8

const (
	QualityUnset    Quality = iota
	QualityAuto             // "auto": the model's default
	QualityStandard         // "standard", "low", "medium"
	QualityPremium          // "hd", "high", "premium"
)

// Format is the image format "output_format" names.
type Format uint8

const (
	FormatUnset Format = iota
	FormatPNG
	FormatJPEG
	FormatWebP
)

// Limits of the request, OpenAI's own.
const (
	MaxImages       = 10
	MaxPromptLength = 32000 // characters
)

// ParseRequest reads an image generation request from the members of its
// body. Members the gateway itself reads (model, api_key, ...) are
// skipped; members that are no OpenAI parameter are kept in Native.
func ParseRequest(members []translate.Member) (Request, *translate.Error) {
	var r Request
	for _, m := range members {
		if m.Key == "model" || translate.GatewayField(m.Key) {
			continue
		}
		if terr := r.read(m); terr != nil {
			return Request{}, terr
		}
	}
	return r, nil
}

// read reads one member.
func (r *Request) read(m translate.Member) *translate.Error {
	v := m.Value
	switch m.Key {
	case "prompt":
		if !jsonw.IsString(v) {
			return translate.BadRequest("prompt", "'prompt' must be a string")
		}
		if len(v) == 2 {
			return translate.BadRequest("prompt", "'prompt' must not be empty")
		}
		if len(v) > MaxPromptLength+2 && promptLength(v) > MaxPromptLength {
			return translate.BadRequest("prompt", "'prompt' is longer than %d characters", MaxPromptLength)
		}
		r.Prompt = v
	case "n":
		if jsonw.IsNull(v) {
			return nil
		}
		n, ok := jsonw.Count(v)
		if !ok || n < 1 || n > MaxImages {
			return translate.BadRequest("n", "'n' must be an integer from 1 to %d", MaxImages)
		}
		r.N = n
	case "size":
		if jsonw.IsNull(v) {
			return nil
		}
		s, ok := ParseSize(v)
		if !ok {
			return translate.BadRequest("size", "'size' must be \"auto\" or WIDTHxHEIGHT in pixels, such as \"1024x1024\"")
		}
		r.Size = s
	case "quality":
		return r.readQuality(v)
	case "style":
		if jsonw.IsNull(v) {
			return nil
		}
		if !jsonw.IsString(v) || len(v) == 2 {
			return translate.BadRequest("style", "'style' must be a non-empty string")
		}
		r.Style = v
	case "response_format":
		return readResponseFormat(v)
	case "output_format":
		return r.readFormat(v)
	case "stream":
		if string(v) == "true" {
			return translate.BadRequest("stream", "streaming image generation is not available for Bedrock image models; "+
				"remove 'stream' to get the whole answer")
		}
	case "user", "safety_identifier":
		// An end-user id for OpenAI's abuse monitoring: nothing on Bedrock
		// takes it, and it asks for nothing the model does.
	case "background", "moderation", "complexity":
		if !isString(v, "auto") && !jsonw.IsNull(v) {
			r.Effects = append(r.Effects, m.Key)
		}
	case "output_compression", "partial_images", "frame_count", "frame_duration_ms":
		if !jsonw.IsNull(v) && !(m.Key == "partial_images" && string(v) == "0") {
			r.Effects = append(r.Effects, m.Key)
		}
	default:
		r.Native = append(r.Native, m)
	}
	return nil
}

func (r *Request) readQuality(v []byte) *translate.Error {
	switch {
	case jsonw.IsNull(v):
	case isString(v, "auto"):
		r.Quality = QualityAuto
	case isString(v, "standard"), isString(v, "low"), isString(v, "medium"):
		r.Quality = QualityStandard
	case isString(v, "hd"), isString(v, "high"), isString(v, "premium"):
		r.Quality = QualityPremium
	default:
		return translate.BadRequest("quality", "'quality' must be one of auto, standard, hd, low, medium, high or premium")
	}
	return nil
}

func (r *Request) readFormat(v []byte) *translate.Error {
	switch {
	case jsonw.IsNull(v):
		return nil
	case isString(v, "png"):
		r.Format = FormatPNG
	case isString(v, "jpeg"):
		r.Format = FormatJPEG
	case isString(v, "webp"):
		r.Format = FormatWebP
	default:
		return translate.BadRequest("output_format", "'output_format' must be one of png, jpeg or webp")
	}
	r.OutputFormat = v
	return nil
}

// readResponseFormat accepts b64_json only: Bedrock answers with the
// images' bytes, and the gateway keeps nothing it could serve a URL from.
func readResponseFormat(v []byte) *translate.Error {
	switch {
	case jsonw.IsNull(v), isString(v, "b64_json"):
		return nil
	case isString(v, "url"):
		e := translate.BadRequest("response_format", "response_format 'url' is not available for Bedrock image models: "+
			"Bedrock returns the images themselves, and the gateway stores none to link to; use 'b64_json'")
		e.Code = "unsupported_parameter"
		return e
	}
	return translate.BadRequest("response_format", "'response_format' must be 'b64_json' (or 'url', which Bedrock image models do not offer)")
}

// isString reports whether the raw value v is the string literal of s.
func isString(v []byte, s string) bool {
	return len(v) == len(s)+2 && v[0] == '"' && string(v[1:len(v)-1]) == s
}

// promptLength counts the characters of a long prompt literal.
func promptLength(lit []byte) int {
	return utf8.RuneCount(jsonw.AppendUnquoted(nil, lit))
}

// Members are the top-level members of a body.
type Members []translate.Member

// Get returns the raw value of key, or nil.
func (ms Members) Get(key string) []byte {
	for _, m := range ms {
		if m.Key == key {
			return m.Value
		}
	}
	return nil
}

// Size is the length of the members as JSON, to size a body.
func (ms Members) Size() int {
	n := 0
	for _, m := range ms {
		n += len(m.Key) + len(m.Value) + 4
	}
	return n
}
