package embeddings

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// What families check, the same way for each: which inputs they embed,
// which parameters they take, which dimensions they offer.

// Accepts says which inputs a family embeds besides text.
type Accepts struct {
	Images bool
	// TextWithImage: one input may carry both, embedded as one vector.
	TextWithImage bool
}

// CheckInputs refuses the inputs a family cannot embed, naming the first.
func CheckInputs(req *Request, name string, a Accepts) *translate.Error {
	for i := range req.Inputs {
		in := &req.Inputs[i]
		param := req.Param(i)
		switch {
		case in.Kind == KindTokens:
			return translate.BadRequest(param, "'%s' is an array of token IDs; %s embeds text, not tokens: send strings", param, name)
		case in.Kind == KindImage && !a.Images:
			return translate.BadRequest(param, "'%s' is an image; %s embeds text only", param, name)
		case in.Kind == KindImage && in.Text != nil && !a.TextWithImage:
			return translate.BadRequest(param, "'%s' has both an image and a text; %s embeds one or the other per input: "+
				"send them as two inputs", param, name)
		}
	}
	return nil
}

// Refuse answers 400 for each parameter of params that the request sets,
// or, under drop_params, clears it and lists it in dropped.
func Refuse(req *Request, o *Options, name string, params ...string) (dropped []string, err *translate.Error) {
	for _, p := range params {
		if !req.has(p) {
			continue
		}
		if !o.DropParams {
			return nil, translate.Unsupported(p, name)
		}
		req.clear(p)
		dropped = append(dropped, p)
	}
	return dropped, nil
}

func (r *Request) has(param string) bool {
	switch param {
	case "dimensions":
		return r.Dimensions != 0
	case "input_type":
		return r.InputType != ""
	case "normalize":
		return r.Normalize != Unset
	case "truncate":
		return r.Truncate != ""
	case "embedding_types":
		return r.EmbeddingTypes != nil
	}
	return false
}

func (r *Request) clear(param string) {
	switch param {
	case "dimensions":
		r.Dimensions = 0
	case "input_type":
		r.InputType = ""
	case "normalize":
		r.Normalize = Unset
	case "truncate":
		r.Truncate = ""
	case "embedding_types":
		r.EmbeddingTypes = nil
	}
}

// CheckDimensions refuses dimensions a family does not offer.
func CheckDimensions(req *Request, name string, offered []int) *translate.Error {
	if req.Dimensions == 0 || slices.Contains(offered, req.Dimensions) {
		return nil
	}
	return translate.BadRequest("dimensions", "%s offers dimensions %s, not %d", name, listInts(offered), req.Dimensions)
}

// CheckOneOf refuses a string parameter outside the values a family takes.
func CheckOneOf(param, value, name string, values ...string) *translate.Error {
	if value == "" || slices.Contains(values, value) {
		return nil
	}
	return translate.BadRequest(param, "invalid value for '%s': %s takes %s, not %q", param, name, strings.Join(values, ", "), value)
}

// ConfigureDimensions checks a model line's dimensions.
func ConfigureDimensions(o *Options, name string, offered []int) error {
	if o.Dimensions == 0 || slices.Contains(offered, o.Dimensions) {
		return nil
	}
	if offered == nil {
		return fmt.Errorf("dimensions: %s has one size of vector", name)
	}
	return fmt.Errorf("dimensions: %s offers %s, not %d", name, listInts(offered), o.Dimensions)
}

// ConfigureNone refuses the options a family does not take at all.
func ConfigureNone(o *Options, name string, inputType, normalize bool) error {
	switch {
	case inputType && o.InputType != "":
		return fmt.Errorf("input_type: %s takes no input type", name)
	case normalize && o.Normalize != Unset:
		return fmt.Errorf("normalize applies to Titan Text Embeddings V2 only, not to %s", name)
	}
	return nil
}

func listInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
