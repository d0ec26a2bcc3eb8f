package stability

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images"
)

// oneImage checks n: Stability's models on Bedrock make one image per
// request.
func oneImage(req *images.Request, o *images.Options, model string) *translate.Error {
	if req.N <= 1 {
		return nil
	}
	if o.DropParams {
		o.Dropped = append(o.Dropped, "n")
		return nil
	}
	e := translate.BadRequest("n", "%s makes one image per request: 'n' must be 1; "+
		"set drop_params on the model to get one image instead", model)
	e.Code = "unsupported_parameter"
	return e
}

// noEffects refuses (or drops) the OpenAI parameters no Stability model
// on Bedrock honours: a premium quality, and the GPT image parameters.
func noEffects(req *images.Request, o *images.Options, model string) *translate.Error {
	if req.Quality == images.QualityPremium {
		if e := o.Unsupported("quality", model); e != nil {
			return e
		}
	}
	for _, p := range req.Effects {
		if e := o.Unsupported(p, model); e != nil {
			return e
		}
	}
	return nil
}

func needPrompt(req *images.Request) *translate.Error {
	if req.Prompt == nil {
		return translate.BadRequest("prompt", "you must provide a prompt")
	}
	return nil
}
