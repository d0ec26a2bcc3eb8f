package stability

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images"
)

// stableImage is the newer API's models: Stable Diffusion 3 and 3.5
// Large, Stable Image Core and Ultra. They take an aspect ratio, not a
// size, and answer images with a finish reason each.
type stableImage struct{}

const stableImageName = "Stability's Stable Diffusion 3 and Stable Image models on Bedrock"

func (stableImage) Body(req *images.Request, o *images.Options) ([]byte, *translate.Error) {
	native := req.Native
	if e := needPrompt(req); e != nil {
		return nil, e
	}
	if e := oneImage(req, o, stableImageName); e != nil {
		return nil, e
	}
	if e := noEffects(req, o, stableImageName); e != nil {
		return nil, e
	}
	if req.Style != nil {
		// Their style_preset is the model's own member, sent as it is.
		if e := o.Unsupported("style", stableImageName); e != nil {
			return nil, e
		}
	}
	dst := make([]byte, 0, 256+len(req.Prompt)+native.Size())
	dst = append(dst, '{')
	dst = images.AppendRaw(dst, "prompt", req.Prompt)
	if !req.Size.IsZero() && native.Get("aspect_ratio") == nil {
		ratio, ok := aspectRatio(req.Size)
		if !ok {
			return nil, translate.BadRequest("size", "size %s is not one %s make; they make %s, "+
				"or any WIDTHxHEIGHT in one of those aspect ratios", req.Size, stableImageName, ratioList)
		}
		dst = images.AppendString(dst, "aspect_ratio", ratio)
	}
	if req.OutputFormat != nil && native.Get("output_format") == nil {
		dst = images.AppendRaw(dst, "output_format", req.OutputFormat)
	}
	dst = images.AppendNative(dst, native)
	return append(dst, '}'), nil
}

// Answer reads {"seeds":[...],"finish_reasons":[null],"images":["..."]}:
// a finish reason other than null withholds the image at its index.
func (stableImage) Answer(body []byte, a *images.Answer) *translate.Error {
	if !images.Valid(body) {
		return images.Unreadable(stableImageName)
	}
	reasons, _ := images.Lookup(body, "finish_reasons")
	var withheld uint64 // by index; the models make one image, a few at most
	var failed string
	i := 0
	images.Items(reasons, func(r []byte) {
		if !images.IsNull(r) && i < 64 {
			withheld |= 1 << i
			if text := images.Text(r); len(text) > len("Filter") && text[:len("Filter")] == "Filter" {
				a.Filtered++
				a.Reason = text
			} else {
				failed = text
			}
		}
		i++
	})
	imgs, _ := images.Lookup(body, "images")
	i = 0
	images.Items(imgs, func(img []byte) {
		if (i >= 64 || withheld&(1<<i) == 0) && images.IsString(img) {
			a.Images = append(a.Images, img)
		}
		i++
	})
	if len(a.Images) == 0 && a.Filtered == 0 && failed != "" {
		return images.ModelFailed(stableImageName, failed)
	}
	return a.Check(stableImageName)
}
