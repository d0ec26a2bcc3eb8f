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
	resp, err := http.Get(gatewayBase + "/v1/models")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Data []struct {
			ID        string   `json:"id"`
			Endpoints []string `json:"endpoints"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
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
