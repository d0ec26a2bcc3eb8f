package bedrockbackend

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images"
	_ "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images/families"
)

// Image generation (POST /v1/images/generations) on Bedrock's image
// models, through InvokeModel with each family's native body.

func init() {
	registerBedrockTask(backend.Images, lookupImages, images.Names)
}

// lookupImages serves the lines whose model is an image model: by the
// line's family option, or by the model ID.
func lookupImages(t taskTarget) (taskHandler, bool) {
	name := t.family
	if name == "" {
		var ok bool
		if name, ok = images.FamilyOf(t.modelID); !ok {
			return nil, false
		}
	}
	f, ok := images.ByName(name)
	if !ok {
		return nil, false
	}
	return &imagesTask{family: f, name: name, opts: images.Options{ModelID: t.modelID, DropParams: t.line.DropParams}}, true
}

// imagesTask serves one image model line.
type imagesTask struct {
	family images.Family
	name   string
	opts   images.Options
}

func (h *imagesTask) serve(c *backend.Call, b *bedrockLine, members []translate.Member) (backend.Reply, *translate.Error) {
	req, terr := images.ParseRequest(members)
	if terr != nil {
		return backend.Reply{}, terr
	}
	opts := h.opts
	body, terr := h.family.Body(&req, &opts)
	if terr != nil {
		return backend.Reply{}, terr
	}
	backend.LogDropped(b.env.Logger, b.alias, opts.Dropped)
	b.logRequest("invoke", false, body)
	resp, err := b.acct.Invoke(c.Context(), b.modelID, false, body)
	raw, terr := taskAnswer(c, b, resp, err)
	if terr != nil {
		return backend.Reply{}, terr
	}
	a := images.Answer{Images: make([][]byte, 0, max(req.N, 1))}
	if terr := h.family.Answer(raw, &a); terr != nil {
		if terr.Code != "content_policy_violation" {
			b.env.Logger.Error("unreadable Bedrock image answer", zap.String("model", b.alias), zap.String("family", h.name), zap.Int("bytes", len(raw)))
		}
		return backend.Reply{}, terr
	}
	if a.Filtered > 0 {
		if ce := b.env.Logger.Check(zapcore.InfoLevel, "content filter withheld some images"); ce != nil {
			ce.Write(zap.String("model", b.alias), zap.Int("answered", len(a.Images)), zap.String("reason", a.Reason))
		}
	}
	created := time.Now().Unix()
	bill := imageBilling(&req, len(a.Images))
	if len(a.Images) == 1 {
		// The image, a megabyte or more, goes out from Bedrock's buffer.
		return backend.Reply{Parts: [3][]byte{images.AppendHead(nil, created), a.Images[0], []byte(images.Tail)}, Bill: bill}, nil
	}
	return backend.Reply{Parts: [3][]byte{images.AppendAnswer(make([]byte, 0, images.AnswerSize(&a)), created, &a)}, Bill: bill}, nil
}

// imageBilling is what LiteLLM bills the images of a request by: how many
// came back, their size (1024x1024 when the request names none, as
// LiteLLM assumes), and the step class of Stable Diffusion XL's prices,
// "max-steps" when the request's own steps are more than 50.
func imageBilling(req *images.Request, n int) backend.Billing {
	b := backend.Billing{Images: n, Width: 1024, Height: 1024, Quality: "50-steps"}
	if !req.Size.IsZero() {
		b.Width, b.Height = req.Size.W, req.Size.H
	}
	if steps, err := strconv.ParseFloat(string(req.Native.Get("steps")), 64); err == nil && steps > 50 {
		b.Quality = "max-steps"
	}
	return b
}

// imageProbe is a body no image model takes: an array, not an object.
var imageProbe = []byte(`[]`)

// healthCheck never makes an image, which costs money: it sends a body
// Bedrock refuses. Bedrock checks the signature, the IAM permission, the
// model's access and its throughput before it validates the body, so the
// refusal of the body itself ("Malformed input request") proves all an
// image call needs short of the image, at no cost. Any other answer (a
// denied permission, an unknown model, a throttle) fails the check.
func (h *imagesTask) healthCheck(ctx context.Context, b *bedrockLine) error {
	resp, err := b.acct.Invoke(ctx, b.modelID, false, imageProbe)
	if err == nil {
		backend.DrainAndClose(resp.Body)
		return nil
	}
	var apiErr *bedrock.APIError
	if errors.As(err, &apiErr) && apiErr.Type == "ValidationException" &&
		strings.Contains(strings.ToLower(apiErr.Message), "malformed input request") {
		return nil
	}
	return err
}
