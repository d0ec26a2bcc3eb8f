package stability

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images"
)

// sdxl is Stable Diffusion XL (v0.8 and v1.0): text_prompts in, artifacts
// out.
type sdxl struct{}

const sdxlName = "Stable Diffusion XL on Bedrock"

// sdxlSizes are SDXL 1.0's sizes, all of about one megapixel.
var sdxlSizes = []images.Size{{W: 1024, H: 1024}, {W: 1152, H: 896}, {W: 1216, H: 832}, {W: 1344, H: 768},
	{W: 1536, H: 640}, {W: 640, H: 1536}, {W: 768, H: 1344}, {W: 832, H: 1216}, {W: 896, H: 1152}}

func (sdxl) Body(req *images.Request, o *images.Options) ([]byte, *translate.Error) {
	native := req.Native
	if e := oneImage(req, o, sdxlName); e != nil {
		return nil, e
	}
	if e := noEffects(req, o, sdxlName); e != nil {
		return nil, e
	}
	if req.Format > images.FormatPNG { // SDXL answers PNG only
		if e := o.Unsupported("output_format", sdxlName); e != nil {
			return nil, e
		}
	}
	dst := make([]byte, 0, 256+len(req.Prompt)+native.Size())
	dst = append(dst, '{')
	if prompts := native.Get("text_prompts"); prompts != nil {
		// The model's own prompts, weights and all, win over 'prompt'.
		dst = images.AppendRaw(dst, "text_prompts", prompts)
	} else {
		if e := needPrompt(req); e != nil {
			return nil, e
		}
		dst = images.AppendRaw(dst, "text_prompts", nil)
		dst = append(dst, `[{"text":`...)
		dst = append(dst, req.Prompt...)
		dst = append(dst, `,"weight":1}`...)
		if neg := native.Get("negative_prompt"); images.IsString(neg) {
			dst = append(dst, `,{"text":`...)
			dst = append(dst, neg...)
			dst = append(dst, `,"weight":-1}`...)
		}
		dst = append(dst, ']')
	}
	if !req.Size.IsZero() && native.Get("width") == nil && native.Get("height") == nil {
		if !sdxlFits(o.ModelID, req.Size) {
			return nil, sdxlSizeError(o.ModelID, req.Size)
		}
		dst = images.AppendInt(dst, "width", req.Size.W)
		dst = images.AppendInt(dst, "height", req.Size.H)
	}
	if req.Style != nil && native.Get("style_preset") == nil {
		dst = images.AppendRaw(dst, "style_preset", req.Style)
	}
	dst = images.AppendNative(dst, native, "text_prompts", "negative_prompt")
	return append(dst, '}'), nil
}

// sdxlFits reports whether SDXL makes size: 1.0 one of its list; 0.8
// sides in steps of 64 from 128 to 1536, for Bedrock to judge the rest.
func sdxlFits(modelID string, s images.Size) bool {
	if isSDXL08(modelID) {
		return s.W%64 == 0 && s.H%64 == 0 && s.W >= 128 && s.H >= 128 && s.W <= 1536 && s.H <= 1536
	}
	for _, ok := range sdxlSizes {
		if s == ok {
			return true
		}
	}
	return false
}

func sdxlSizeError(modelID string, s images.Size) *translate.Error {
	if isSDXL08(modelID) {
		return translate.BadRequest("size", "size %s is not one Stable Diffusion XL 0.8 makes: "+
			"width and height must be multiples of 64 from 128 to 1536", s)
	}
	return translate.BadRequest("size", "size %s is not one Stable Diffusion XL makes; it makes %s", s, images.List(sdxlSizes))
}

// isSDXL08 spots SDXL 0.8 (stable-diffusion-xl-v0), whose sizes are
// free; any other ID, ARNs included, is held to 1.0's list.
func isSDXL08(modelID string) bool {
	const v0 = "stable-diffusion-xl-v0"
	return len(modelID) >= len(v0) && modelID[len(modelID)-len(v0):] == v0
}

func (sdxl) Answer(body []byte, a *images.Answer) *translate.Error {
	if !images.Valid(body) {
		return images.Unreadable(sdxlName)
	}
	artifacts, _ := images.Lookup(body, "artifacts")
	var failed string
	images.Items(artifacts, func(art []byte) {
		reason, _ := images.Lookup(art, "finishReason")
		switch {
		case images.Is(reason, "CONTENT_FILTERED"):
			a.Filtered++
		case images.Is(reason, "ERROR"):
			failed = "finishReason ERROR"
		default:
			if img, ok := images.Lookup(art, "base64"); ok && images.IsString(img) {
				a.Images = append(a.Images, img)
			}
		}
	})
	if len(a.Images) == 0 && a.Filtered == 0 && failed != "" {
		return images.ModelFailed(sdxlName, failed)
	}
	return a.Check(sdxlName)
}
