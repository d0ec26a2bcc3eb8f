package mistral

import (
	"slices"
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// Who errors name: Unsupported says a parameter "is not supported by"
// them, content errors that they "take text only".
const (
	promptModels = "Mistral 7B and Mixtral"
	chatModels   = "Mistral Large and Small"
)

// builder writes one native request body, member by member, straight
// into bytes: the bodies are small and flat, and every value is either
// the client's (already valid JSON) or a string the builder quotes.
type builder struct {
	opts   *invoke.Options
	st     *invoke.State
	fam    *state
	models string // promptModels or chatModels
	out    []byte
}

func newBuilder(opts *invoke.Options, models string, size int) *builder {
	fam := &state{}
	return &builder{
		opts:   opts,
		st:     &invoke.State{Family: fam},
		fam:    fam,
		models: models,
		out:    append(make([]byte, 0, size+256), '{'),
	}
}

// key starts the member k.
func (b *builder) key(k string) {
	b.out = jsonw.AppendSep(b.out)
	b.out = jsonw.AppendString(b.out, k)
	b.out = append(b.out, ':')
}

// done closes the body and hands it over with its state.
func (b *builder) done() ([]byte, *invoke.State, *translate.Error) {
	return append(b.out, '}'), b.st, nil
}

// drop records a parameter left out of the body, once.
func (b *builder) drop(param string) {
	if !slices.Contains(b.st.Dropped, param) {
		b.st.Dropped = append(b.st.Dropped, param)
	}
}

// unsupported refuses param, or drops it under drop_params.
func (b *builder) unsupported(param string) *translate.Error {
	if !b.opts.DropParams {
		return translate.Unsupported(param, b.models+" models")
	}
	b.drop(param)
	return nil
}

// sampling writes max_tokens, temperature, top_p and stop, which both
// bodies name as OpenAI does. No max_tokens is made up when the client
// sent none: Mistral's models need none, and Bedrock's default (512 for
// 7B Instruct and Mixtral, 8192 for Large and Small) cannot overrun the
// context window as the model's maximum could with a long prompt.
func (b *builder) sampling(max *int, maxParam string, temperature, topP *float64, stop []string) *translate.Error {
	if max != nil {
		if *max < 1 {
			return translate.OutOfRange(maxParam, 1, translate.MaxTokenCount, strconv.Itoa(*max))
		}
		b.key("max_tokens")
		b.out = strconv.AppendInt(b.out, int64(*max), 10)
	}
	if temperature != nil {
		b.key("temperature")
		b.out = strconv.AppendFloat(b.out, *temperature, 'g', -1, 64)
	}
	if topP != nil {
		b.key("top_p")
		b.out = strconv.AppendFloat(b.out, *topP, 'g', -1, 64)
	}
	started := false
	for _, s := range stop {
		// An empty stop sequence can never match; Bedrock refuses it.
		if s == "" {
			continue
		}
		if !started {
			b.key("stop")
			b.out = append(b.out, '[')
			started = true
		} else {
			b.out = append(b.out, ',')
		}
		b.out = jsonw.AppendString(b.out, s)
	}
	if started {
		b.out = append(b.out, ']')
	}
	return nil
}

// maxTokensParam names the parameter a chat request's token limit came
// from.
func maxTokensParam(req *translate.ChatRequest) string {
	if req.MaxCompletionTokens != nil {
		return "max_completion_tokens"
	}
	return "max_tokens"
}
