package integration

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
)

// TestAzureEndpointsByModel: an Azure deployment serves what the price
// table says its model is (LiteLLM's mode): /v1/models lists that, and a
// request on another endpoint is refused before it reaches Azure. A
// deployment the table does not know serves every endpoint Azure has.
func TestAzureEndpointsByModel(t *testing.T) {
	fake := fakeazure.New(t)
	startGateway(t, azureSite(t, fake))
	list := listModels(t)
	chat := []string{"/v1/chat/completions", "/v1/completions"}
	all := []string{"/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/images/generations"}
	want := map[string][]string{
		"gpt4o":     chat,                       // azure/gpt-4o: chat
		"llama3":    chat,                       // azure_ai/Meta-Llama-3-70B-Instruct: chat
		"embed":     {"/v1/embeddings"},         // azure/text-embedding-3-small: embedding
		"dalle":     {"/v1/images/generations"}, // priced by size and quality: images
		"gpt-entra": all,                        // a deployment name the table does not know
	}
	seen := 0
	for _, m := range list.Data {
		if w, ok := want[m.ID]; ok {
			seen++
			if !slices.Equal(m.Endpoints, w) {
				t.Errorf("%s serves %v, want %v", m.ID, m.Endpoints, w)
			}
		}
	}
	if seen != len(want) {
		t.Fatalf("/v1/models lists %d of the %d aliases checked", seen, len(want))
	}

	before := len(fake.Requests())
	r := post(t, "/v1/chat/completions", `{"model":"embed","messages":[{"role":"user","content":"hi"}]}`)
	if body := readAll(t, r.Body); r.StatusCode != 400 || !strings.Contains(body, "does not serve /v1/chat/completions; it serves /v1/embeddings") ||
		!strings.Contains(body, `"code":"unsupported_model"`) {
		t.Errorf("chat on an embedding deployment: status %d: %s", r.StatusCode, body)
	}
	if len(fake.Requests()) != before {
		t.Error("the refused request reached Azure")
	}
}

// TestAzureImageEndpointsWithOwnPrice: a line's own output_cost_per_image
// changes what its images cost, not what its model is: a DALL-E deployment
// with one still serves image generation only, and base_model may name a
// model the table keys by size and quality alone.
func TestAzureImageEndpointsWithOwnPrice(t *testing.T) {
	fake := fakeazure.New(t)
	t.Setenv("TEST_AZURE_KEY", fake.Key)
	startGateway(t, `llm_gateway {
		azure oai {
			endpoint `+fake.URL+`
			api_key {env.TEST_AZURE_KEY}
		}
		model dalle-own azure/dall-e-3 {
			output_cost_per_image 0.05
		}
		model otters-own azure/otters {
			base_model azure/dall-e-3
			output_cost_per_image 0.05
		}
	}`)
	list := listModels(t)
	if len(list.Data) != 2 {
		t.Fatalf("/v1/models lists %d aliases, want 2", len(list.Data))
	}
	for _, m := range list.Data {
		if !slices.Equal(m.Endpoints, []string{"/v1/images/generations"}) {
			t.Errorf("%s serves %v, want image generation only", m.ID, m.Endpoints)
		}
	}
}

// modelList is /v1/models: each alias with the endpoints it serves.
type modelList struct {
	Data []struct {
		ID        string   `json:"id"`
		Endpoints []string `json:"endpoints"`
	} `json:"data"`
}

func listModels(t *testing.T) modelList {
	t.Helper()
	resp, err := http.Get(gatewayBase + "/v1/models")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list modelList
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	return list
}
