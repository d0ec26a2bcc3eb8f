package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/openai/openai-go/v3"
	"go.uber.org/goleak"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// Whole-server tests of POST /v1/embeddings on Bedrock: every embedding
// model of LiteLLM's Bedrock list from a model line, through the OpenAI
// SDK in both encodings, with the fake checking SigV4 and the bodies.

const (
	titanV2ID      = "amazon.titan-embed-text-v2:0"
	titanV1ID      = "amazon.titan-embed-text-v1"
	titanImageID   = "amazon.titan-embed-image-v1"
	cohereEnID     = "cohere.embed-english-v3"
	cohereMultiID  = "cohere.embed-multilingual-v3"
	cohereV4ID     = "us.cohere.embed-v4:0"
	novaEmbedID    = "amazon.nova-2-multimodal-embeddings-v1:0"
	titanV2Profile = "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/emb1"
)

func embeddingsSite(fake *fakebedrock.Server) string {
	return `llm_gateway {
		` + bedrockBlock(fake) + `
		model titan-v2 bedrock/` + titanV2ID + ` {
			dimensions 512
			normalize false
		}
		model titan-v1 bedrock/` + titanV1ID + `
		model titan-image bedrock/` + titanImageID + `
		model cohere-en bedrock/` + cohereEnID + `
		model cohere-multi bedrock/` + cohereMultiID + ` {
			input_type search_query
		}
		model cohere-v4 bedrock/` + cohereV4ID + `
		model nova-embed bedrock/` + novaEmbedID + `
		model titan-arn bedrock/` + titanV2Profile + ` {
			family titan_embed_text_v2
		}
	}`
}

// titanEmbedding answers a Titan call with a vector that tells its input
// apart: [len(inputText)+0.5, -0.25, 0.125], and one token per word, in
// the shape of the Titan Embeddings page's response.
func titanEmbedding(t *testing.T) fakebedrock.Reply {
	return fakebedrock.Reply{Answer: func(body []byte) fakebedrock.Reply {
		var req struct {
			InputText string `json:"inputText"`
		}
		if err := json.Unmarshal(body, &req); err != nil || req.InputText == "" {
			t.Errorf("Titan body %s", body)
		}
		words := len(strings.Fields(req.InputText))
		return fakebedrock.Reply{JSON: fmt.Sprintf(`{"embedding":[%d.5,-0.25,0.125],"inputTextTokenCount":%d,`+
			`"embeddingsByType":{"float":[%d.5,-0.25,0.125]}}`, len(req.InputText), words, len(req.InputText))}
	}}
}

// cohereEmbedding answers a Cohere call with one vector per text,
// [len(text)+0.5, 0.5], and the input token count in Bedrock's header.
func cohereEmbedding(t *testing.T) fakebedrock.Reply {
	return fakebedrock.Reply{Answer: func(body []byte) fakebedrock.Reply {
		var req struct {
			Texts []string `json:"texts"`
		}
		if err := json.Unmarshal(body, &req); err != nil || len(req.Texts) == 0 || len(req.Texts) > 96 {
			t.Errorf("Cohere body %s", body)
		}
		vecs := make([]string, len(req.Texts))
		for i, s := range req.Texts {
			vecs[i] = fmt.Sprintf("[%d.5,0.5]", len(s))
		}
		texts, _ := json.Marshal(req.Texts)
		return fakebedrock.Reply{
			JSON: `{"embeddings":[` + strings.Join(vecs, ",") + `],"id":"3d4c7f11-6f4e-4b53-bb5a-5b7e2c1d9a10",` +
				`"response_type":"embeddings_floats","texts":` + string(texts) + `}`,
			Header: http.Header{"X-Amzn-Bedrock-Input-Token-Count": {fmt.Sprint(len(req.Texts) * 2)}},
		}
	}}
}

func inputsOf(n int) []string {
	in := make([]string, n)
	for i := range in {
		in[i] = strings.Repeat("w ", i%7+1) + fmt.Sprint(i)
	}
	return in
}

func TestEmbeddingsTitanWithOpenAIClient(t *testing.T) {
	fake := fakebedrock.New(t)
	for _, id := range []string{titanV2ID, titanV1ID, titanV2Profile} {
		fake.Handle(id, titanEmbedding(t))
	}
	startGateway(t, embeddingsSite(fake))
	client := newClient()
	inputs := inputsOf(20)

	for _, tc := range []struct {
		alias, modelID string
		format         openai.EmbeddingNewParamsEncodingFormat
		body           string // what each upstream body holds besides inputText
	}{
		{"titan-v2", titanV2ID, openai.EmbeddingNewParamsEncodingFormatFloat, `"dimensions":512,"normalize":false`},
		{"titan-v2", titanV2ID, openai.EmbeddingNewParamsEncodingFormatBase64, `"dimensions":512,"normalize":false`},
		{"titan-v1", titanV1ID, openai.EmbeddingNewParamsEncodingFormatBase64, ""},
		{"titan-arn", titanV2Profile, openai.EmbeddingNewParamsEncodingFormatFloat, ""},
	} {
		t.Run(tc.alias+"/"+string(tc.format), func(t *testing.T) {
			before := len(fake.Requests())
			emb, err := client.Embeddings.New(context.Background(), openai.EmbeddingNewParams{
				Model: tc.alias, EncodingFormat: tc.format,
				Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: inputs},
			})
			if err != nil {
				t.Fatal(err)
			}
			if emb.Model != tc.alias || len(emb.Data) != len(inputs) {
				t.Fatalf("model %q, %d vectors", emb.Model, len(emb.Data))
			}
			words := 0
			for i, d := range emb.Data {
				want := []float64{float64(len(inputs[i])) + 0.5, -0.25, 0.125}
				if d.Index != int64(i) || !slices.Equal(d.Embedding, want) {
					t.Errorf("data[%d] = index %d %v, want %v", i, d.Index, d.Embedding, want)
				}
				words += len(strings.Fields(inputs[i]))
			}
			if emb.Usage.PromptTokens != int64(words) || emb.Usage.TotalTokens != int64(words) {
				t.Errorf("usage %+v, want %d tokens", emb.Usage, words)
			}
			calls := fake.Requests()[before:]
			if len(calls) != len(inputs) {
				t.Fatalf("%d upstream calls, want one per input", len(calls))
			}
			seen := make(map[string]bool)
			for _, c := range calls {
				var body map[string]json.RawMessage
				_ = json.Unmarshal(c.Body, &body)
				var text string
				_ = json.Unmarshal(body["inputText"], &text)
				seen[text] = true
				if c.ModelID != tc.modelID || c.Operation != "invoke" || !strings.Contains(string(c.Body), tc.body) ||
					len(body) != 1+strings.Count(tc.body, ":") {
					t.Errorf("upstream %s %s: %s", c.Operation, c.ModelID, c.Body)
				}
			}
			if len(seen) != len(inputs) {
				t.Errorf("the calls embedded %d distinct inputs, want %d", len(seen), len(inputs))
			}
		})
	}
}

func TestEmbeddingsCohereBatches(t *testing.T) {
	fake := fakebedrock.New(t)
	for _, id := range []string{cohereEnID, cohereMultiID} {
		fake.Handle(id, cohereEmbedding(t))
	}
	fake.Handle(cohereV4ID, fakebedrock.Reply{JSON: `{"id":"a1","embeddings":{"float":[[0.25,-0.5]]},` +
		`"response_type":"embeddings_by_type","texts":["hello"]}`, Header: http.Header{"X-Amzn-Bedrock-Input-Token-Count": {"1"}}})
	startGateway(t, embeddingsSite(fake))
	client := newClient()
	inputs := inputsOf(200)

	for _, tc := range []struct {
		alias, modelID, inputType string
	}{
		{"cohere-en", cohereEnID, "search_document"},
		{"cohere-multi", cohereMultiID, "search_query"},
	} {
		t.Run(tc.alias, func(t *testing.T) {
			before := len(fake.Requests())
			emb, err := client.Embeddings.New(context.Background(), openai.EmbeddingNewParams{
				Model: tc.alias, EncodingFormat: openai.EmbeddingNewParamsEncodingFormatBase64,
				Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: inputs},
			})
			if err != nil {
				t.Fatal(err)
			}
			for i, d := range emb.Data {
				if want := []float64{float64(len(inputs[i])) + 0.5, 0.5}; !slices.Equal(d.Embedding, want) {
					t.Fatalf("data[%d] = %v, want %v", i, d.Embedding, want)
				}
			}
			if len(emb.Data) != len(inputs) || emb.Usage.PromptTokens != 400 {
				t.Errorf("%d vectors, usage %+v", len(emb.Data), emb.Usage)
			}
			var sizes []int
			for _, c := range fake.Requests()[before:] {
				var body struct {
					Texts     []string `json:"texts"`
					InputType string   `json:"input_type"`
				}
				if err := json.Unmarshal(c.Body, &body); err != nil || body.InputType != tc.inputType || c.ModelID != tc.modelID {
					t.Errorf("upstream %s: %s", c.ModelID, c.Body)
				}
				sizes = append(sizes, len(body.Texts))
			}
			slices.Sort(sizes)
			if !slices.Equal(sizes, []int{8, 96, 96}) {
				t.Errorf("batches of %v, want 96, 96 and 8", sizes)
			}
		})
	}

	// A request's input_type and truncate win over the line's; Embed v4
	// answers by type, and a cross-region profile is called as it is.
	resp := post(t, "/v1/embeddings", `{"model":"cohere-v4","input":"hello","input_type":"classification","truncate":"END","dimensions":1024}`)
	if body := readAll(t, resp.Body); resp.StatusCode != 200 || !strings.Contains(body, `"embedding":[0.25,-0.5]`) ||
		!strings.Contains(body, `"prompt_tokens":1`) {
		t.Errorf("v4: status %d: %s", resp.StatusCode, body)
	}
	last := fake.Requests()[len(fake.Requests())-1]
	if want := `{"texts":["hello"],"input_type":"classification","truncate":"RIGHT","output_dimension":1024}`; last.ModelID != cohereV4ID || string(last.Body) != want {
		t.Errorf("v4 upstream %s: %s, want %s", last.ModelID, last.Body, want)
	}
}

// A tiny PNG, as a data URL.
const pngDataURL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="

func TestEmbeddingsMultimodal(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(titanImageID, fakebedrock.Reply{JSON: `{"embedding":[0.5,0.25],"inputTextTokenCount":3,"message":null}`})
	fake.Handle(novaEmbedID, fakebedrock.Reply{JSON: `{"embeddings":[{"embeddingType":"TEXT","embedding":[0.75,-0.125],"truncatedCharLength":5}]}`,
		Header: http.Header{"X-Amzn-Bedrock-Input-Token-Count": {"2"}}})
	startGateway(t, embeddingsSite(fake))
	b64 := strings.TrimPrefix(pngDataURL, "data:image/png;base64,")

	for _, tc := range []struct {
		name, body string
		bodies     []string // the upstream bodies, in order
	}{
		{"titan image and text", `{"model":"titan-image","input":[{"image":"` + pngDataURL + `","text":"a red dot"},"` + pngDataURL + `"],"dimensions":384}`,
			[]string{`{"inputText":"a red dot","inputImage":"` + b64 + `","embeddingConfig":{"outputEmbeddingLength":384}}`,
				`{"inputImage":"` + b64 + `","embeddingConfig":{"outputEmbeddingLength":384}}`}},
		{"nova text", `{"model":"nova-embed","input":"hello","input_type":"search_query"}`,
			[]string{`{"schemaVersion":"nova-multimodal-embed-v1","taskType":"SINGLE_EMBEDDING","singleEmbeddingParams":` +
				`{"embeddingPurpose":"GENERIC_RETRIEVAL","embeddingDimension":3072,"text":{"truncationMode":"END","value":"hello"}}}`}},
		{"nova image", `{"model":"nova-embed","input":[{"image":"` + b64 + `"}],"dimensions":1024}`,
			[]string{`{"schemaVersion":"nova-multimodal-embed-v1","taskType":"SINGLE_EMBEDDING","singleEmbeddingParams":` +
				`{"embeddingPurpose":"GENERIC_INDEX","embeddingDimension":1024,"image":{"format":"png","source":{"bytes":"` + b64 + `"}}}}`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(fake.Requests())
			resp := post(t, "/v1/embeddings", tc.body)
			if body := readAll(t, resp.Body); resp.StatusCode != 200 || strings.Count(body, `"object":"embedding"`) != len(tc.bodies) {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			var got []string
			for _, c := range fake.Requests()[before:] {
				got = append(got, string(c.Body))
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tc.bodies))
			if !slices.Equal(got, want) {
				t.Errorf("upstream bodies\n got %q\nwant %q", got, want)
			}
		})
	}
}

func TestEmbeddingsRequestErrors(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(titanV2ID, titanEmbedding(t))
	startGateway(t, embeddingsSite(fake))
	many := `"` + strings.Repeat(`x","`, 2048) + `x"`
	for _, tc := range []struct {
		body, param, message string
	}{
		{`{"model":"titan-v2","input":["a",[1,2,3]]}`, "input[1]", "'input[1]' is an array of token IDs; Titan Text Embeddings V2 embeds text, not tokens"},
		{`{"model":"titan-v2","input":[101,202]}`, "input", "'input' is an array of token IDs"},
		{`{"model":"titan-v2","input":[]}`, "input", "must not be an empty array"},
		{`{"model":"titan-v2","input":["a",""]}`, "input[1]", "'input[1]' must not be an empty string"},
		{`{"model":"titan-v2","input":[` + many + `]}`, "input", "at most 2048"},
		{`{"model":"titan-v2","input":"a","dimensions":300}`, "dimensions", "offers dimensions 256, 512, 1024, not 300"},
		{`{"model":"titan-v2","input":"a","encoding_format":"int8"}`, "encoding_format", "expected \"float\" or \"base64\""},
		{`{"model":"titan-v2","input":"a","input_type":"search_query"}`, "input_type", "not supported by Titan Text Embeddings V2"},
		{`{"model":"titan-v2","input":["` + pngDataURL + `"]}`, "input[0]", "is an image; Titan Text Embeddings V2 embeds text only"},
		{`{"model":"titan-v2","input":[{"text":"a"}]}`, "input[0].image", "has no 'image'"},
		{`{"model":"titan-v2","input":"a","temperature":1}`, "temperature", "not supported"},
		{`{"model":"titan-v2"}`, "input", "you must provide an input"},
	} {
		resp := post(t, "/v1/embeddings", tc.body)
		e := decodeError(t, resp)
		if resp.StatusCode != 400 || e.Error.Param == nil || *e.Error.Param != tc.param || !strings.Contains(e.Error.Message, tc.message) ||
			e.Error.Type != "invalid_request_error" {
			t.Errorf("%.80s: status %d, %+v", tc.body, resp.StatusCode, e.Error)
		}
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("%d upstream calls for refused requests", n)
	}
}

// TestEmbeddingsFanOutFailure: one failed call of a fan-out fails the
// request with that call's mapped error; the calls not yet made are not
// made, and no goroutine outlives the request.
func TestEmbeddingsFanOutFailure(t *testing.T) {
	fake := fakebedrock.New(t)
	var mu sync.Mutex
	calls := 0
	fake.Handle(titanV1ID, fakebedrock.Reply{Answer: func(body []byte) fakebedrock.Reply {
		mu.Lock()
		defer mu.Unlock()
		if calls++; calls == 3 {
			return fakebedrock.Reply{Status: 429, Message: "Too many requests, please wait before trying again.",
				Header: http.Header{"Connection": {"close"}}}
		}
		return fakebedrock.Reply{JSON: `{"embedding":[0.5],"inputTextTokenCount":1}`, Header: http.Header{"Connection": {"close"}}}
	}})
	startGateway(t, embeddingsSite(fake))
	// A call cancelled while its connection was being dialled leaves that
	// connection idle in the account's pool, which is no leak: only the
	// goroutines of idle connections (the pool's, and the fake's side)
	// are let through.
	leakOpts := []goleak.Option{goleak.IgnoreCurrent(), ignoreCaddyBackground,
		goleak.IgnoreAnyFunction("net/http.(*persistConn).readLoop"), goleak.IgnoreAnyFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreAnyFunction("net/http.(*conn).serve")}

	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	in, _ := json.Marshal(inputsOf(500))
	resp, err := client.Post(gatewayBase+"/v1/embeddings", "application/json", strings.NewReader(`{"model":"titan-v1","input":`+string(in)+`}`))
	if err != nil {
		t.Fatal(err)
	}
	e := decodeError(t, resp)
	if resp.StatusCode != 429 || e.Error.Type != "rate_limit_error" || resp.Header.Get("Retry-After") == "" {
		t.Errorf("status %d, %+v", resp.StatusCode, e.Error)
	}
	if n := len(fake.Requests()); n >= 100 {
		t.Errorf("%d of 500 calls were made after one failed", n)
	}
	client.CloseIdleConnections()
	goleak.VerifyNone(t, leakOpts...)
}

// TestEmbeddingsPoolFallsOver: an embeddings alias routes as a chat one
// does: a throttled line is left for the next.
func TestEmbeddingsPoolFallsOver(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(cohereEnID, fakebedrock.Reply{Status: 503, Message: "busy"})
	fake.Handle(cohereMultiID, cohereEmbedding(t))
	startGateway(t, `llm_gateway {
		`+bedrockBlock(fake)+`
		model embed bedrock/`+cohereEnID+` {
			order 0
		}
		model embed bedrock/`+cohereMultiID+` {
			order 1
		}
	}`)
	client := newClient()
	emb, err := client.Embeddings.New(context.Background(), openai.EmbeddingNewParams{
		Model: "embed", Input: openai.EmbeddingNewParamsInputUnion{OfString: openai.String("hello")},
	})
	if err != nil || len(emb.Data) != 1 || emb.Data[0].Embedding[0] != 5.5 || emb.Model != "embed" {
		t.Fatalf("%+v, %v", emb, err)
	}
	if n := len(filterModel(fake.Requests(), cohereEnID)); n != 1 {
		t.Errorf("the failing line had %d calls", n)
	}
}

// TestEmbeddingsMaxResponseBody: max_response_body bounds the answers of
// a fan-out together, since all their vectors are kept for the list: each
// Titan answer here is within it, twenty of them are not.
func TestEmbeddingsMaxResponseBody(t *testing.T) {
	fake := fakebedrock.New(t)
	fake.Handle(titanV1ID, titanEmbedding(t))
	startGateway(t, strings.Replace(embeddingsSite(fake), "llm_gateway {", "llm_gateway {\n\t\tmax_response_body 1KiB", 1))
	for _, tc := range []struct {
		inputs int
		status int
	}{{2, 200}, {20, 502}} {
		in, _ := json.Marshal(inputsOf(tc.inputs))
		resp := post(t, "/v1/embeddings", `{"model":"titan-v1","input":`+string(in)+`}`)
		if tc.status == 200 {
			if resp.StatusCode != 200 {
				t.Errorf("%d inputs: status %d, %+v", tc.inputs, resp.StatusCode, decodeError(t, resp).Error)
			}
			resp.Body.Close()
			continue
		}
		e := decodeError(t, resp)
		if resp.StatusCode != tc.status || e.Error.Code == nil || *e.Error.Code != "upstream_response_too_large" ||
			!strings.Contains(e.Error.Message, "(max_response_body)") {
			t.Errorf("%d inputs: status %d, %+v", tc.inputs, resp.StatusCode, e.Error)
		}
	}
}
