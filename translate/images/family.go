package images

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/prefixreg"
)

// Family translates for the image models that share one native body.
// Implementations are stateless and safe for concurrent use.
type Family interface {
	// Body builds the InvokeModel body of a request.
	Body(req *Request, opts *Options) ([]byte, *translate.Error)
	// Answer reads the images out of a native answer into a.
	Answer(body []byte, a *Answer) *translate.Error
}

// Options are what a model line tells a family.
type Options struct {
	// ModelID is the model the line names (the target's, not model_id's
	// ARN), for per-model sizes and limits.
	ModelID string
	// DropParams drops OpenAI parameters the model cannot honour instead
	// of answering 400.
	DropParams bool
	// Dropped collects what DropParams dropped, for the log.
	Dropped []string
}

// Unsupported answers an OpenAI parameter the model cannot honour: 400,
// or, with drop_params, nothing, the parameter noted as dropped.
func (o *Options) Unsupported(param, model string) *translate.Error {
	if o.DropParams {
		o.Dropped = append(o.Dropped, param)
		return nil
	}
	return translate.Unsupported(param, model)
}

// families are the registered families.
var families = prefixreg.New[Family]("images")

// Register makes a family known by name (for a line's family option), and
// as the family of model IDs that start with one of idPrefixes (after any
// cross-region prefix). Families call it from init.
func Register(name string, f Family, idPrefixes ...string) {
	families.Register(name, f, idPrefixes...)
}

// ByName returns the family named name.
func ByName(name string) (Family, bool) { return families.ByName(name) }

// FamilyOf names the family of an image model ID, profile ID or
// foundation-model ARN; ok is false for any other model, and for ARNs
// that do not say which model they run.
func FamilyOf(modelID string) (name string, ok bool) { return families.FamilyOf(modelID) }

// Names lists the registered families, sorted.
func Names() []string { return families.Names() }
