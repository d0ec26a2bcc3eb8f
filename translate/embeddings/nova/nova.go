// Package nova translates embeddings for Amazon Nova Multimodal
// Embeddings: one text or image per call, in the SINGLE_EMBEDDING task.
//
// Request and answer bodies:
// https://docs.aws.amazon.com/nova/latest/userguide/embeddings-schema.html
package nova

import (
	"slices"
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

func init() {
	embeddings.Register("nova_embed", family{}, "amazon.nova-2-multimodal-embeddings")
}

type family struct{}

const name = "Nova Multimodal Embeddings"

var dimensions = []int{256, 384, 1024, 3072}

// The body requires a purpose and a dimension; these are the model's
// own defaults for an index of documents.
const (
	defaultPurpose    = "GENERIC_INDEX"
	defaultDimensions = 3072
)

// purposes maps the input types OpenAI-style clients send (Cohere's
// words) to Nova's embeddingPurpose; Nova's own values pass as they are.
var purposes = map[string]string{
	"search_document": "GENERIC_INDEX",
	"search_query":    "GENERIC_RETRIEVAL",
	"classification":  "CLASSIFICATION",
	"clustering":      "CLUSTERING",
}

var novaPurposes = []string{"GENERIC_INDEX", "GENERIC_RETRIEVAL", "TEXT_RETRIEVAL", "IMAGE_RETRIEVAL",
	"VIDEO_RETRIEVAL", "DOCUMENT_RETRIEVAL", "AUDIO_RETRIEVAL", "CLASSIFICATION", "CLUSTERING"}

// inputTypes are the input types taken, in the order errors list them.
var inputTypes = slices.Concat([]string{"search_document", "search_query", "classification", "clustering"}, novaPurposes)

func (family) Name() string { return name }

func (family) Configure(o *embeddings.Options) error {
	if err := embeddings.ConfigureNone(o, name, false, true); err != nil {
		return err
	}
	if err := checkInputType(o.InputType); err != nil {
		return err
	}
	return embeddings.ConfigureDimensions(o, name, dimensions)
}

func (family) Check(req *embeddings.Request, o *embeddings.Options) ([]string, *translate.Error) {
	if err := embeddings.CheckInputs(req, name, embeddings.Accepts{Images: true}); err != nil {
		return nil, err
	}
	dropped, err := embeddings.Refuse(req, o, name, "normalize", "embedding_types")
	if err != nil {
		return nil, err
	}
	if err := embeddings.CheckDimensions(req, name, dimensions); err != nil {
		return nil, err
	}
	if err := checkInputType(req.InputType); err != nil {
		return nil, err
	}
	return dropped, embeddings.CheckOneOf("truncate", req.Truncate, name, "NONE", "START", "END")
}

// purpose is Nova's embeddingPurpose for an input type, "" for none.
func purpose(inputType string) string {
	if p, ok := purposes[inputType]; ok {
		return p
	}
	if slices.Contains(novaPurposes, inputType) {
		return inputType
	}
	return ""
}

// checkInputType refuses an input type with no purpose.
func checkInputType(inputType string) *translate.Error {
	if inputType == "" || purpose(inputType) != "" {
		return nil
	}
	return embeddings.CheckOneOf("input_type", inputType, name, inputTypes...)
}

// PerCall is 1: a synchronous call embeds one input.
func (family) PerCall(*embeddings.Input) int { return 1 }

func (family) Body(dst []byte, req *embeddings.Request, o *embeddings.Options, inputs []embeddings.Input) []byte {
	in := &inputs[0]
	p := purpose(req.InputType)
	if p == "" {
		p = purpose(o.InputType)
	}
	if p == "" {
		p = defaultPurpose
	}
	dims := req.Dimensions
	if dims == 0 {
		dims = o.Dimensions
	}
	if dims == 0 {
		dims = defaultDimensions
	}
	dst = append(dst, `{"schemaVersion":"nova-multimodal-embed-v1","taskType":"SINGLE_EMBEDDING","singleEmbeddingParams":{"embeddingPurpose":`...)
	dst = jsonw.AppendString(dst, p)
	dst = append(dst, `,"embeddingDimension":`...)
	dst = strconv.AppendInt(dst, int64(dims), 10)
	if in.Kind == embeddings.KindImage {
		dst = append(dst, `,"image":{"format":"`...)
		dst = append(dst, in.Format...)
		dst = append(dst, `","source":{"bytes":"`...)
		dst = append(dst, in.Data...)
		return append(dst, `"}}}}`...)
	}
	// truncationMode is required: END keeps what a long text starts with.
	truncate := req.Truncate
	if truncate == "" {
		truncate = "END"
	}
	dst = append(dst, `,"text":{"truncationMode":`...)
	dst = jsonw.AppendString(dst, truncate)
	dst = append(dst, `,"value":`...)
	dst = append(dst, in.Text...)
	return append(dst, "}}}"...)
}

// Answer reads {"embeddings":[{"embeddingType":"TEXT","embedding":[...]}]}.
// The answer counts no tokens: Bedrock's headers do.
func (family) Answer(body []byte, _ *embeddings.Request, _ int, vecs [][]byte) ([][]byte, int, *translate.Error) {
	if err := embeddings.CheckAnswer(body); err != nil {
		return vecs, 0, err
	}
	list, _ := jsonw.Lookup(body, "embeddings")
	items, ok := jsonw.ArrayItems(list)
	if !ok {
		return vecs, 0, embeddings.Unreadable()
	}
	first, _ := items.Next()
	raw, _ := jsonw.Lookup(first, "embedding")
	vec, ok := embeddings.Vector(raw)
	if !ok {
		return vecs, 0, embeddings.Unreadable()
	}
	return append(vecs, vec), -1, nil
}
