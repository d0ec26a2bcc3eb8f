// Package cohere translates embeddings for Cohere Embed on Bedrock:
// English and Multilingual v3, and Embed v4. A call embeds up to 96
// texts, or images (one per call on v3).
//
// Request and answer bodies:
// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v3.html
// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v4.html
package cohere

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

func init() {
	embeddings.Register("cohere_embed_v3", v3, "cohere.embed-english-v3", "cohere.embed-multilingual-v3")
	embeddings.Register("cohere_embed_v4", v4, "cohere.embed-v4")
}

// family is one generation of Cohere Embed.
type family struct {
	name string
	// imagesPerCall: v3 embeds one image per call, v4 a batch.
	imagesPerCall int
	// dimensions v4 offers as output_dimension; nil on v3.
	dimensions []int
	// truncateStart and truncateEnd are the generation's words for
	// cutting a long input at its start or its end.
	truncateStart, truncateEnd string
}

var (
	v3 = &family{name: "Cohere Embed v3", imagesPerCall: 1, truncateStart: "START", truncateEnd: "END"}
	v4 = &family{name: "Cohere Embed v4", imagesPerCall: maxTexts, dimensions: []int{256, 512, 1024, 1536},
		truncateStart: "LEFT", truncateEnd: "RIGHT"}
)

// maxTexts is Bedrock's limit of texts per call.
const maxTexts = 96

// defaultInputType is what a request with no input_type, on a line
// with none, embeds as: documents to search, as LiteLLM sends.
const defaultInputType = "search_document"

var (
	inputTypes     = []string{"search_document", "search_query", "classification", "clustering"}
	embeddingTypes = []string{"float", "int8", "uint8", "binary", "ubinary"}
)

func (f *family) Name() string { return f.name }

func (f *family) Configure(o *embeddings.Options) error {
	if err := embeddings.ConfigureNone(o, f.name, false, true); err != nil {
		return err
	}
	if err := embeddings.CheckOneOf("input_type", o.InputType, f.name, inputTypes...); err != nil {
		return err
	}
	return embeddings.ConfigureDimensions(o, f.name, f.dimensions)
}

func (f *family) Check(req *embeddings.Request, o *embeddings.Options) ([]string, *translate.Error) {
	if err := embeddings.CheckInputs(req, f.name, embeddings.Accepts{Images: true}); err != nil {
		return nil, err
	}
	refused := []string{"normalize"}
	if f.dimensions == nil {
		refused = append(refused, "dimensions")
	}
	dropped, err := embeddings.Refuse(req, o, f.name, refused...)
	if err != nil {
		return nil, err
	}
	if err := embeddings.CheckDimensions(req, f.name, f.dimensions); err != nil {
		return nil, err
	}
	if err := embeddings.CheckOneOf("input_type", req.InputType, f.name, inputTypes...); err != nil {
		return nil, err
	}
	if f.truncate(req.Truncate) == "" && req.Truncate != "" {
		return nil, embeddings.CheckOneOf("truncate", req.Truncate, f.name, "NONE", f.truncateStart, f.truncateEnd)
	}
	switch {
	case len(req.EmbeddingTypes) > 1:
		return nil, translate.BadRequest("embedding_types", "'embedding_types' may name one type: "+
			"an OpenAI answer holds one vector per input")
	case len(req.EmbeddingTypes) == 1:
		return dropped, embeddings.CheckOneOf("embedding_types", req.EmbeddingTypes[0], f.name, embeddingTypes...)
	}
	return dropped, nil
}

// truncate is the generation's word for t, which may be either's; "" if
// t is neither.
func (f *family) truncate(t string) string {
	switch t {
	case "NONE":
		return t
	case "START", "LEFT":
		return f.truncateStart
	case "END", "RIGHT":
		return f.truncateEnd
	}
	return ""
}

func (f *family) PerCall(in *embeddings.Input) int {
	if in.Kind == embeddings.KindImage {
		return f.imagesPerCall
	}
	return maxTexts
}

// Body writes {"texts":[...]} or {"images":["data:..."]}, the input type
// and what the request adds. v3 embeds images under input_type "image".
func (f *family) Body(dst []byte, req *embeddings.Request, o *embeddings.Options, inputs []embeddings.Input) []byte {
	images := inputs[0].Kind == embeddings.KindImage
	if images {
		dst = append(dst, `{"images":[`...)
	} else {
		dst = append(dst, `{"texts":[`...)
	}
	for i := range inputs {
		if i > 0 {
			dst = append(dst, ',')
		}
		if images {
			dst = append(dst, `"data:image/`...)
			dst = append(dst, inputs[i].Format...)
			dst = append(dst, ";base64,"...)
			dst = append(dst, inputs[i].Data...)
			dst = append(dst, '"')
		} else {
			dst = append(dst, inputs[i].Text...)
		}
	}
	inputType := req.InputType
	switch {
	case images && f.imagesPerCall == 1:
		inputType = "image"
	case inputType == "" && o.InputType != "":
		inputType = o.InputType
	case inputType == "":
		inputType = defaultInputType
	}
	dst = append(dst, `],"input_type":`...)
	dst = jsonw.AppendString(dst, inputType)
	if t := f.truncate(req.Truncate); t != "" {
		dst = append(dst, `,"truncate":`...)
		dst = jsonw.AppendString(dst, t)
	}
	if len(req.EmbeddingTypes) == 1 {
		dst = append(dst, `,"embedding_types":[`...)
		dst = jsonw.AppendString(dst, req.EmbeddingTypes[0])
		dst = append(dst, ']')
	}
	dims := req.Dimensions
	if dims == 0 {
		dims = o.Dimensions
	}
	if dims != 0 && f.dimensions != nil {
		dst = append(dst, `,"output_dimension":`...)
		dst = strconv.AppendInt(dst, int64(dims), 10)
	}
	return append(dst, '}')
}
