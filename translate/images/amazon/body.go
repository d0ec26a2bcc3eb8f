package amazon

import (
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images"
)

// family is the Titan Image and Nova Canvas body, for one of the models.
type family struct{ m *model }

// Members of the request that go into the task's parameters or its
// imageGenerationConfig rather than to the top level.
const (
	memberTask   = "taskType"
	memberConfig = "imageGenerationConfig"
)

func (f family) Body(req *images.Request, o *images.Options) ([]byte, *translate.Error) {
	native := req.Native
	taskType := native.Get(memberTask)
	if taskType != nil && !images.IsString(taskType) {
		return nil, translate.BadRequest(memberTask, "'taskType' must be a string, such as \"TEXT_IMAGE\"")
	}
	t := lookupTask(taskType)
	if e := f.check(req, o, t); e != nil {
		return nil, e
	}
	dst := make([]byte, 0, 256+len(req.Prompt)+native.Size())
	dst = append(dst, '{')
	if taskType == nil {
		dst = images.AppendString(dst, memberTask, textImage)
	} else {
		dst = images.AppendRaw(dst, memberTask, taskType)
	}
	skip := [6]string{memberTask}
	if t != nil {
		var e *translate.Error
		if dst, e = f.appendParams(dst, req, t); e != nil {
			return nil, e
		}
		skip[1] = t.params
		if t.text {
			skip[2] = "negativeText"
		}
		if t.config {
			if dst, e = f.appendConfig(dst, req, o); e != nil {
				return nil, e
			}
			skip[3], skip[4], skip[5] = memberConfig, "cfgScale", "seed"
		}
	}
	dst = images.AppendNative(dst, native, skip[:]...)
	return append(dst, '}'), nil
}

// check refuses (or drops) what the model cannot do for the task.
func (f family) check(req *images.Request, o *images.Options, t *task) *translate.Error {
	if req.N > MaxImages {
		return translate.BadRequest("n", "%s makes at most %d images per request: 'n' must be from 1 to %d", f.m.name, MaxImages, MaxImages)
	}
	var refused []string
	if req.Style != nil && (!f.m.style || t == nil || t.name != textImage) {
		refused = append(refused, "style")
	}
	if req.Format > images.FormatPNG { // both answer PNG
		refused = append(refused, "output_format")
	}
	if t != nil && !t.config {
		if req.N > 1 {
			refused = append(refused, "n")
		}
		if !req.Size.IsZero() {
			refused = append(refused, "size")
		}
		if req.Quality >= images.QualityStandard {
			refused = append(refused, "quality")
		}
	}
	for _, p := range append(refused, req.Effects...) {
		if e := o.Unsupported(p, f.m.name); e != nil {
			return e
		}
	}
	return nil
}

// appendParams writes the task's parameters: the request's own object,
// with the prompt as its text, negativeText and (Nova, text to image) the
// style added where it has none.
func (f family) appendParams(dst []byte, req *images.Request, t *task) ([]byte, *translate.Error) {
	own := req.Native.Get(t.params)
	if own != nil && !images.IsObject(own) {
		return nil, translate.BadRequest(t.params, "'%s' must be an object", t.params)
	}
	if !t.text {
		if own != nil {
			dst = images.AppendRaw(dst, t.params, own)
		}
		return dst, nil
	}
	prompt := req.Prompt
	if images.Has(own, "text") {
		prompt = nil
	} else if prompt == nil && t.needsText {
		return nil, translate.BadRequest("prompt", "you must provide a prompt")
	}
	dst = images.AppendRaw(dst, t.params, nil)
	dst = append(dst, '{')
	if prompt != nil {
		dst = images.AppendRaw(dst, "text", prompt)
	}
	if neg := req.Native.Get("negativeText"); neg != nil && !images.Has(own, "negativeText") {
		dst = images.AppendRaw(dst, "negativeText", neg)
	}
	if req.Style != nil && f.m.style && !images.Has(own, "style") {
		dst = images.AppendRaw(dst, "style", req.Style)
	}
	dst = images.AppendMembers(dst, own)
	return append(dst, '}'), nil
}

// appendConfig writes imageGenerationConfig: the request's own object,
// and numberOfImages from n, width and height from size, quality, and
// cfgScale and seed given at the top level, where it has none of them.
func (f family) appendConfig(dst []byte, req *images.Request, o *images.Options) ([]byte, *translate.Error) {
	own := req.Native.Get(memberConfig)
	if own != nil && !images.IsObject(own) {
		return nil, translate.BadRequest(memberConfig, "'imageGenerationConfig' must be an object")
	}
	start := len(dst)
	dst = images.AppendRaw(dst, memberConfig, nil)
	dst = append(dst, '{')
	open := len(dst)
	if req.N > 0 && !images.Has(own, "numberOfImages") {
		dst = images.AppendInt(dst, "numberOfImages", req.N)
	}
	if !req.Size.IsZero() && !images.Has(own, "width") && !images.Has(own, "height") {
		if !f.m.fits(req.Size) {
			return nil, translate.BadRequest("size", "size %s is not one %s makes; it makes %s", req.Size, f.m.name, f.m.sizes)
		}
		dst = images.AppendInt(dst, "width", req.Size.W)
		dst = images.AppendInt(dst, "height", req.Size.H)
	}
	if q := quality(req.Quality); q != "" && !images.Has(own, "quality") {
		dst = images.AppendString(dst, "quality", q)
	}
	for _, k := range [...]string{"cfgScale", "seed"} {
		if v := req.Native.Get(k); v != nil && !images.Has(own, k) {
			dst = images.AppendRaw(dst, k, v)
		}
	}
	dst = images.AppendMembers(dst, own)
	if len(dst) == open && own == nil {
		return dst[:start], nil // nothing asked for: the model's defaults
	}
	return append(dst, '}'), nil
}

// quality maps OpenAI's qualities to the models' two.
func quality(q images.Quality) string {
	switch q {
	case images.QualityStandard:
		return "standard"
	case images.QualityPremium:
		return "premium"
	}
	return ""
}
