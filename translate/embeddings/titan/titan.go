// Package titan translates embeddings for Amazon Titan: Text Embeddings
// G1 (v1) and V2, and Multimodal Embeddings G1. Each call embeds one
// input.
//
// Request and answer bodies:
// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-mm.html
package titan

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

func init() {
	embeddings.Register("titan_embed_text_v1", textV1, "amazon.titan-embed-text-v1", "amazon.titan-embed-g1-text")
	embeddings.Register("titan_embed_text_v2", textV2, "amazon.titan-embed-text-v2")
	embeddings.Register("titan_embed_image", multimodal, "amazon.titan-embed-image-v1")
}

// family is one Titan embeddings model; they differ in what the body may
// say besides inputText.
type family struct {
	name string
	// dimensions the model offers; nil when it has one size.
	dimensions []int
	// normalize: the body takes "normalize" (V2).
	normalize bool
	// multimodal: images in "inputImage", the size in "embeddingConfig".
	multimodal bool
}

var (
	textV1     = &family{name: "Titan Text Embeddings G1"}
	textV2     = &family{name: "Titan Text Embeddings V2", dimensions: []int{256, 512, 1024}, normalize: true}
	multimodal = &family{name: "Titan Multimodal Embeddings G1", dimensions: []int{256, 384, 1024}, multimodal: true}
)

func (f *family) Name() string { return f.name }

func (f *family) Configure(o *embeddings.Options) error {
	if err := embeddings.ConfigureNone(o, f.name, true, !f.normalize); err != nil {
		return err
	}
	return embeddings.ConfigureDimensions(o, f.name, f.dimensions)
}

func (f *family) Check(req *embeddings.Request, o *embeddings.Options) ([]string, *translate.Error) {
	if err := embeddings.CheckInputs(req, f.name, embeddings.Accepts{Images: f.multimodal, TextWithImage: f.multimodal}); err != nil {
		return nil, err
	}
	refused := []string{"input_type", "truncate", "embedding_types"}
	if !f.normalize {
		refused = append(refused, "normalize")
	}
	if f.dimensions == nil {
		refused = append(refused, "dimensions")
	}
	dropped, err := embeddings.Refuse(req, o, f.name, refused...)
	if err != nil {
		return nil, err
	}
	return dropped, embeddings.CheckDimensions(req, f.name, f.dimensions)
}

// PerCall is 1: Titan embeds one input per call.
func (f *family) PerCall(*embeddings.Input) int { return 1 }

func (f *family) Body(dst []byte, req *embeddings.Request, o *embeddings.Options, inputs []embeddings.Input) []byte {
	in := &inputs[0]
	dst = append(dst, '{')
	if in.Text != nil {
		dst = append(dst, `"inputText":`...)
		dst = append(dst, in.Text...)
	}
	if in.Kind == embeddings.KindImage {
		dst = jsonw.AppendSep(dst)
		dst = append(dst, `"inputImage":"`...)
		dst = append(dst, in.Data...)
		dst = append(dst, '"')
	}
	dims := req.Dimensions
	if dims == 0 {
		dims = o.Dimensions
	}
	switch {
	case dims != 0 && f.multimodal:
		dst = append(dst, `,"embeddingConfig":{"outputEmbeddingLength":`...)
		dst = strconv.AppendInt(dst, int64(dims), 10)
		dst = append(dst, '}')
	case dims != 0:
		dst = append(dst, `,"dimensions":`...)
		dst = strconv.AppendInt(dst, int64(dims), 10)
	}
	normalize := req.Normalize
	if normalize == embeddings.Unset {
		normalize = o.Normalize
	}
	if f.normalize && normalize != embeddings.Unset {
		dst = append(dst, `,"normalize":`...)
		dst = strconv.AppendBool(dst, normalize == embeddings.True)
	}
	return append(dst, '}')
}

// Answer reads {"embedding":[...],"inputTextTokenCount":n}; V2 adds
// "embeddingsByType", which repeats the floats.
func (f *family) Answer(body []byte, _ *embeddings.Request, _ int, vecs [][]byte) ([][]byte, int, *translate.Error) {
	if err := embeddings.CheckAnswer(body); err != nil {
		return vecs, 0, err
	}
	var vec []byte
	tokens := -1
	m, _ := jsonw.ObjectMembers(body)
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		switch {
		case jsonw.KeyIs(k, "embedding"):
			vec = v
		case jsonw.KeyIs(k, "inputTextTokenCount"):
			if n, isCount := jsonw.Count(v); isCount {
				tokens = n
			}
		}
	}
	vec, ok := embeddings.Vector(vec)
	if !ok {
		return vecs, 0, embeddings.Unreadable()
	}
	return append(vecs, vec), tokens, nil
}
