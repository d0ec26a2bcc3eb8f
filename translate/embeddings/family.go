package embeddings

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/prefixreg"
)

// Family translates for one family of Bedrock embedding models.
// Implementations are stateless and safe for concurrent use.
type Family interface {
	// Name names the models in errors ("Titan Text Embeddings V2").
	Name() string
	// Configure checks a model line's options, once, at provision.
	Configure(o *Options) error
	// Check refuses the inputs and parameters the family cannot take,
	// before any call; parameters it can do without are dropped instead
	// under drop_params, and returned.
	Check(req *Request, o *Options) (dropped []string, err *translate.Error)
	// PerCall is how many inputs of in's kind one call may carry.
	PerCall(in *Input) int
	// Body appends the body of the call that embeds inputs.
	Body(dst []byte, req *Request, o *Options, inputs []Input) []byte
	// Answer appends to vecs the vectors of a call's answer for n
	// inputs, in order. tokens is the input tokens the answer counts, or
	// -1 when it counts none (Bedrock's headers then do).
	Answer(body []byte, req *Request, n int, vecs [][]byte) (_ [][]byte, tokens int, err *translate.Error)
}

// Options are what a model line tells a family.
type Options struct {
	// ModelID is the target's model ID, for per-model limits.
	ModelID string
	// InputType, Normalize and Dimensions are the line's defaults for
	// requests that do not set input_type, normalize or dimensions.
	InputType  string
	Normalize  Bool
	Dimensions int
	// DropParams drops parameters the model cannot take instead of
	// answering 400.
	DropParams bool
}

// families are the registered families.
var families = prefixreg.New[Family]("embeddings")

// Register makes a family known by name (for a model line's family
// option) and as the family of the model IDs that start with one of
// idPrefixes, after any ARN or cross-region prefix. Families call it from
// init.
func Register(name string, f Family, idPrefixes ...string) {
	families.Register(name, f, idPrefixes...)
}

// ByName returns the family registered as name.
func ByName(name string) (Family, bool) { return families.ByName(name) }

// Lookup returns the family of a model ID, profile ID or model ARN.
func Lookup(modelID string) (Family, bool) {
	name, ok := families.FamilyOf(modelID)
	if !ok {
		return nil, false
	}
	return families.ByName(name)
}

// Names lists the registered families, sorted.
func Names() []string { return families.Names() }

// Span is one call's inputs: Inputs[Lo:Hi].
type Span struct{ Lo, Hi int }

// Plan splits a request's inputs into calls: runs of inputs of one kind,
// each as long as the family takes in one call, in input order.
func Plan(f Family, inputs []Input) []Span {
	spans := make([]Span, 0, len(inputs)/f.PerCall(&inputs[0])+1)
	for lo := 0; lo < len(inputs); {
		limit := f.PerCall(&inputs[lo])
		hi := lo + 1
		for hi < len(inputs) && hi-lo < limit && inputs[hi].Kind == inputs[lo].Kind {
			hi++
		}
		spans = append(spans, Span{lo, hi})
		lo = hi
	}
	return spans
}
