package llmgateway

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/azure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
)

func TestUnmarshalCaddyfile(t *testing.T) {
	for i, tc := range []struct {
		input string
		want  *Gateway
	}{
		{
			input: `llm_gateway {
				max_request_body 1MiB
				bedrock prod {
					region us-east-1
					access_key_id {env.AWS_ACCESS_KEY_ID}
					secret_access_key {env.AWS_SECRET_ACCESS_KEY}
					session_token {env.AWS_SESSION_TOKEN}
					profile dev
					role_arn arn:aws:iam::123456789012:role/r
					role_session_name gw
					web_identity_token_file /token
					endpoint http://localhost:9999/base
					header X-A one
					header X-A two
				}
				model claude bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0 {
					account prod
					model_id arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x
					drop_params
					thinking 2048
					user_continue_message "Please continue"
					allow_remote_images 1MB
				}
				model r1 bedrock/converse/us.deepseek.r1-v1:0
			}`,
			want: &Gateway{
				MaxRequestBody: SizeOf(1 << 20),
				Bedrock: map[string]*bedrock.Account{"prod": {
					Region:               "us-east-1",
					AccessKeyID:          "{env.AWS_ACCESS_KEY_ID}",
					SecretAccessKey:      "{env.AWS_SECRET_ACCESS_KEY}",
					SessionToken:         "{env.AWS_SESSION_TOKEN}",
					Profile:              "dev",
					RoleARN:              "arn:aws:iam::123456789012:role/r",
					RoleSessionName:      "gw",
					WebIdentityTokenFile: "/token",
					Endpoint:             "http://localhost:9999/base",
					Headers:              http.Header{"X-A": {"one", "two"}},
				}},
				Models: []*Model{
					{
						Alias: "claude", Target: "bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0",
						Account: "prod", ModelID: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x",
						DropParams: true, ThinkingBudget: IntOf(2048), UserContinueMessage: "Please continue",
						AllowRemoteImages: true, RemoteImageMaxSize: SizeOf(1_000_000),
					},
					{Alias: "r1", Target: "bedrock/converse/us.deepseek.r1-v1:0"},
				},
			},
		},
		{
			// Accounts may follow the models that use them; a lone account
			// may go unnamed.
			input: `llm_gateway {
				model a bedrock/amazon.nova-lite-v1:0
				bedrock {
					region eu-west-1
				}
			}`,
			want: &Gateway{
				Bedrock: map[string]*bedrock.Account{"default": {Region: "eu-west-1"}},
				Models:  []*Model{{Alias: "a", Target: "bedrock/amazon.nova-lite-v1:0"}},
			},
		},
		{
			input: `llm_gateway {
				bedrock a
				model x bedrock/arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc {
					allow_remote_images
				}
			}`,
			want: &Gateway{
				Bedrock: map[string]*bedrock.Account{"a": {}},
				Models: []*Model{{Alias: "x", Target: "bedrock/arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc",
					AllowRemoteImages: true}},
			},
		},
		{
			input: `llm_gateway {
				azure oai {
					endpoint https://res.openai.azure.com
					api_key {env.AZURE_API_KEY}
					api_version 2024-12-01-preview
					header X-Team ml
				}
				azure entra {
					endpoint https://res.openai.azure.com
					tenant_id t
					client_id c
					client_secret {env.AZURE_CLIENT_SECRET}
				}
				azure_ai {
					endpoint https://llama.eastus2.models.ai.azure.com
					api_key {env.LLAMA_KEY}
					extra_parameters pass-through
				}
				model gpt4o azure/gpt-4o {
					account oai
				}
				model llama3 azure_ai/Meta-Llama-3-70B-Instruct
			}`,
			want: &Gateway{
				Azure: map[string]*azure.OpenAIAccount{
					"oai": {Endpoint: "https://res.openai.azure.com", Credentials: azure.Credentials{APIKey: "{env.AZURE_API_KEY}"}, APIVersion: "2024-12-01-preview",
						Headers: http.Header{"X-Team": {"ml"}}},
					"entra": {Endpoint: "https://res.openai.azure.com", Credentials: azure.Credentials{TenantID: "t", ClientID: "c", ClientSecret: "{env.AZURE_CLIENT_SECRET}"}},
				},
				AzureAI: map[string]*azure.AIAccount{"default": {Endpoint: "https://llama.eastus2.models.ai.azure.com",
					Credentials: azure.Credentials{APIKey: "{env.LLAMA_KEY}"}, ExtraParameters: "pass-through"}},
				Models: []*Model{
					{Alias: "gpt4o", Target: "azure/gpt-4o", Account: "oai"},
					{Alias: "llama3", Target: "azure_ai/Meta-Llama-3-70B-Instruct"},
				},
			},
		},
		{
			// Prices keep LiteLLM's names, literal or placeholders.
			input: `llm_gateway {
				bedrock
				model sd3 bedrock/stability.sd3-large-v1:0 {
					input_cost_per_token 3e-06
					output_cost_per_token {env.OUT}
					output_cost_per_image 0.04
					input_cost_per_query {env.PER_QUERY}
					base_model stability.sd3-large-v1:0
				}
			}`,
			want: &Gateway{
				Bedrock: map[string]*bedrock.Account{"default": {}},
				Models: []*Model{{Alias: "sd3", Target: "bedrock/stability.sd3-large-v1:0", Cost: Cost{
					InputCostPerToken: PriceOf(3e-06), OutputCostPerToken: Price{ph: "{env.OUT}"},
					OutputCostPerImage: PriceOf(0.04), InputCostPerQuery: Price{ph: "{env.PER_QUERY}"},
					BaseModel: "stability.sd3-large-v1:0",
				}}},
			},
		},
		{
			// Placeholders are accepted in every value; what they hide is
			// checked when they are resolved, at provision.
			input: `llm_gateway {
				max_request_body {env.GW_MAX_BODY}
				max_response_body 1GiB
				bedrock a
				bedrock b
				model {env.GW_ALIAS} bedrock/{env.GW_MODEL} {
					account {env.GW_ACCOUNT}
					thinking {env.GW_BUDGET}
					allow_remote_images {env.GW_IMAGE_SIZE}
				}
				model any {env.GW_TARGET}
			}`,
			want: &Gateway{
				MaxRequestBody:  Size{ph: "{env.GW_MAX_BODY}"},
				MaxResponseBody: SizeOf(1 << 30),
				Bedrock:         map[string]*bedrock.Account{"a": {}, "b": {}},
				Models: []*Model{
					{Alias: "{env.GW_ALIAS}", Target: "bedrock/{env.GW_MODEL}", Account: "{env.GW_ACCOUNT}",
						ThinkingBudget: Int{ph: "{env.GW_BUDGET}"}, AllowRemoteImages: true, RemoteImageMaxSize: Size{ph: "{env.GW_IMAGE_SIZE}"}},
					{Alias: "any", Target: "{env.GW_TARGET}"},
				},
			},
		},
	} {
		g := new(Gateway)
		if err := g.UnmarshalCaddyfile(caddyfile.NewTestDispenser(tc.input)); err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if !reflect.DeepEqual(g, tc.want) {
			t.Errorf("%d: got\n%+v\nwant\n%+v", i, g, tc.want)
			for n, a := range g.Bedrock {
				t.Logf("account %s: %+v", n, *a)
			}
			for _, m := range g.Models {
				t.Logf("model: %+v", *m)
			}
		}
	}
}

// TestUnmarshalCaddyfileErrors checks each misuse is refused with an error
// that names the bad token and its line.
func TestUnmarshalCaddyfileErrors(t *testing.T) {
	for i, tc := range []struct {
		input string
		want  []string // substrings of the error
	}{
		{"llm_gateway extra {\n}", []string{"Testfile:1", "wrong argument count"}},
		{"llm_gateway {\n\tbogus\n}", []string{"Testfile:2", `unknown subdirective "bogus"`}},
		{"llm_gateway {\n\tmax_request_body lots\n}", []string{"Testfile:2", `invalid max_request_body "lots"`}},
		{"llm_gateway {\n\tmax_request_body\n}", []string{"Testfile:2", "wrong argument count"}},
		{"llm_gateway {\n\tmax_response_body 0\n}", []string{"Testfile:2", `invalid max_response_body "0"`}},
		{"llm_gateway {\n\tazure a\n\tmodel m azure/{env.D} {\n\t\tthinking {env.B}\n\t}\n}", []string{"Testfile:4", "thinking applies to bedrock targets only"}},
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/x {\n\t\tthinking lots\n\t}\n}", []string{"Testfile:4", `invalid thinking budget "lots"`}},
		{"llm_gateway {\n\tbedrock a b {\n\t}\n}", []string{"Testfile:2", "wrong argument count"}},
		{"llm_gateway {\n\tbedrock a {\n\t\tregion\n\t}\n}", []string{"Testfile:3", "wrong argument count"}},
		{"llm_gateway {\n\tbedrock a {\n\t\tregion a b\n\t}\n}", []string{"Testfile:3", "wrong argument count"}},
		{"llm_gateway {\n\tbedrock a {\n\t\tregion a\n\t\tregion b\n\t}\n}", []string{"Testfile:4", "region is set twice"}},
		{"llm_gateway {\n\tbedrock a {\n\t\tagent_endpoint\n\t}\n}", []string{"Testfile:3", "wrong argument count"}},
		{"llm_gateway {\n\tbedrock a {\n\t\tagent_endpoint http://a\n\t\tagent_endpoint http://b\n\t}\n}", []string{"Testfile:4", "agent_endpoint is set twice"}},
		{"llm_gateway {\n\tbedrock a {\n\t\tsecret sauce\n\t}\n}", []string{"Testfile:3", `unknown bedrock subdirective "secret"`}},
		{"llm_gateway {\n\tbedrock a {\n\t\theader X-A\n\t}\n}", []string{"Testfile:3", "wrong argument count"}},
		{"llm_gateway {\n\tbedrock a\n\tbedrock a\n}", []string{"Testfile:3", `bedrock account "a" is defined twice`}},
		{"llm_gateway {\n\tbedrock\n\tmodel\n}", []string{"Testfile:3", "wrong argument count"}},
		{"llm_gateway {\n\tbedrock\n\tmodel m\n}", []string{"Testfile:3", `model "m": missing target`, "bedrock/<modelId>"}},
		{"llm_gateway {\n\tbedrock\n\tmodel m us.deepseek.r1-v1:0\n}", []string{"Testfile:3", "no provider prefix", "did you mean bedrock/us.deepseek.r1-v1:0"}},
		{"llm_gateway {\n\tbedrock\n\tmodel m openai/gpt-4o\n}", []string{"Testfile:3", `unknown provider "openai"`, "bedrock/converse/<modelId>"}},
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/converse/invoke/x\n}", []string{"Testfile:3", `"invoke/x" is not a Bedrock model ID or ARN`}},
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/converse/\n}", []string{"Testfile:3", "missing model ID"}},
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/x/y\n}", []string{"Testfile:3", `unknown bedrock route "x"`}},
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/a extra\n}", []string{"Testfile:3", "wrong argument count"}},
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/a {\n\t\tnope\n\t}\n}", []string{"Testfile:4", `unknown model subdirective "nope"`}},
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/a {\n\t\tdrop_params yes\n\t}\n}", []string{"Testfile:4", "wrong argument count"}},
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/a {\n\t\tthinking 512\n\t}\n}", []string{"Testfile:4", `invalid thinking budget "512"`, "1024"}},
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/a {\n\t\tallow_remote_images big\n\t}\n}", []string{"Testfile:4", `invalid allow_remote_images size "big"`}},
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/a {\n\t\taccount\n\t}\n}", []string{"Testfile:4", "wrong argument count"}},
		{"llm_gateway {\n\tbedrock a\n\tmodel m bedrock/a {\n\t\taccount b\n\t}\n}", []string{"Testfile:3", `unknown bedrock account "b"`, "configured: a"}},
		{"llm_gateway {\n\tmodel m bedrock/a\n}", []string{"Testfile:2", "no bedrock account configured"}},
		{"llm_gateway {\n\tbedrock a\n\tbedrock b\n\tmodel m bedrock/a\n}", []string{"Testfile:4", "several bedrock accounts", "a, b"}},
		{"llm_gateway {\n\tazure a {\n\t\tregion x\n\t}\n}", []string{"Testfile:3", `unknown azure subdirective "region"`}},
		{"llm_gateway {\n\tazure a {\n\t\tapi_key\n\t}\n}", []string{"Testfile:3", "wrong argument count"}},
		{"llm_gateway {\n\tazure a {\n\t\tapi_key x\n\t\tapi_key y\n\t}\n}", []string{"Testfile:4", "azure api_key is set twice"}},
		{"llm_gateway {\n\tazure a\n\tazure a\n}", []string{"Testfile:3", `azure account "a" is defined twice`}},
		{"llm_gateway {\n\tazure_ai a {\n\t\textra_parameters maybe\n\t}\n}", []string{"Testfile:4", "extra_parameters must be pass-through, drop or error"}},
		{"llm_gateway {\n\tazure_ai a {\n\t\tregion x\n\t}\n}", []string{"Testfile:3", `unknown azure_ai subdirective "region"`}},
		{"llm_gateway {\n\tbedrock a\n\tmodel m azure/gpt-4o {\n\t\taccount a\n\t}\n}", []string{"Testfile:3", `unknown azure account "a"`, "configured: none"}},
		{"llm_gateway {\n\tazure a\n\tmodel m azure/\n}", []string{"Testfile:3", "missing deployment name"}},
		{"llm_gateway {\n\tazure_ai a\n\tmodel m azure_ai/\n}", []string{"Testfile:3", "missing model name"}},
		{"llm_gateway {\n\tazure a\n\tmodel m azure/gpt-4o {\n\t\tmodel_id arn:x\n\t}\n}", []string{"Testfile:4", `model "m": model_id applies to bedrock targets only`}},
		{"llm_gateway {\n\tazure_ai a\n\tmodel m azure_ai/Phi-4 {\n\t\tthinking 2048\n\t}\n}", []string{"Testfile:4", "thinking applies to bedrock targets only"}},
		{"llm_gateway {\n\tbedrock a\n\tbedrock b\n\tmodel m bedrock/x {\n\t\taccount a\n\t\taccount b\n\t}\n}", []string{"Testfile:6", `model "m": account is set twice`}},
		{"llm_gateway {\n\tbedrock a\n\tmodel m bedrock/x {\n\t\tdrop_params\n\t\tdrop_params\n\t}\n}", []string{"Testfile:5", "drop_params is set twice"}},
		// Prices name the option, the bad value and the unit.
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/x {\n\t\toutput_cost_per_image cheap\n\t}\n}", []string{"Testfile:4", `invalid output_cost_per_image "cheap"`, "per image, such as 0.04"}},
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/x {\n\t\tinput_cost_per_query -0.002\n\t}\n}", []string{"Testfile:4", `invalid input_cost_per_query "-0.002"`, "per query, such as 0.002"}},
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/x {\n\t\tinput_cost_per_token NaN\n\t}\n}", []string{"Testfile:4", `invalid input_cost_per_token "NaN"`, "per token"}},
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/x {\n\t\toutput_cost_per_image\n\t}\n}", []string{"Testfile:4", "wrong argument count"}},
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/x {\n\t\tinput_cost_per_query 0.001 0.002\n\t}\n}", []string{"Testfile:4", "wrong argument count"}},
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/x {\n\t\toutput_cost_per_image 0.04\n\t\toutput_cost_per_image 0.05\n\t}\n}", []string{"Testfile:5", "output_cost_per_image is set twice"}},
		{"llm_gateway {\n\tbedrock\n\tmodel m bedrock/x {\n\t\tbase_model\n\t}\n}", []string{"Testfile:4", "wrong argument count"}},
		// Azure credentials: a conflict is named at the line that makes it.
		{"llm_gateway {\n\tazure a {\n\t\tapi_key k\n\t\tmanaged_identity\n\t}\n}", []string{"Testfile:4", `azure "a": api_key and managed_identity cannot both be set`}},
		{"llm_gateway {\n\tazure_ai a {\n\t\tazure_cli\n\t\tapi_key {env.K}\n\t}\n}", []string{"Testfile:4", `azure_ai "a": api_key and azure_cli cannot both be set`}},
		{"llm_gateway {\n\tazure a {\n\t\tclient_secret s\n\t\tclient_certificate /c.pem\n\t}\n}", []string{"Testfile:4", "client_secret and client_certificate cannot both be set"}},
		{"llm_gateway {\n\tazure a {\n\t\tworkload_identity\n\t\tmanaged_identity\n\t}\n}", []string{"Testfile:4", "managed_identity and workload_identity cannot both be set"}},
		{"llm_gateway {\n\tazure a {\n\t\tclient_id c\n\t\tmanaged_identity\n\t}\n}", []string{"Testfile:4", "client_id does not apply to managed_identity", "as managed_identity's argument"}},
		{"llm_gateway {\n\tazure a {\n\t\tmanaged_identity\n\t\ttenant_id t\n\t}\n}", []string{"Testfile:4", "tenant_id does not apply to managed_identity"}},
		{"llm_gateway {\n\tazure a {\n\t\tclient_secret s\n\t\tclient_certificate_password p\n\t}\n}", []string{"Testfile:4", "client_certificate_password does not apply to client_secret"}},
		{"llm_gateway {\n\tazure a {\n\t\tmanaged_identity a b\n\t}\n}", []string{"Testfile:3", "wrong argument count"}},
		{"llm_gateway {\n\tazure a {\n\t\tmanaged_identity\n\t\tmanaged_identity c\n\t}\n}", []string{"Testfile:4", "azure managed_identity is set twice"}},
		{"llm_gateway {\n\tazure a {\n\t\tworkload_identity yes\n\t}\n}", []string{"Testfile:3", "wrong argument count"}},
		{"llm_gateway {\n\tazure a {\n\t\tazure_cli\n\t\tazure_cli\n\t}\n}", []string{"Testfile:4", "azure azure_cli is set twice"}},
		{"llm_gateway {\n\tazure a {\n\t\tclient_certificate\n\t}\n}", []string{"Testfile:3", "wrong argument count"}},
		{"llm_gateway {\n\tazure a {\n\t\tclient_certificate_password p\n\t\tclient_certificate_password q\n\t}\n}", []string{"Testfile:4", "client_certificate_password is set twice"}},
	} {
		err := new(Gateway).UnmarshalCaddyfile(caddyfile.NewTestDispenser(tc.input))
		if err == nil {
			t.Errorf("%d: no error for %q", i, tc.input)
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%d: error %q does not contain %q", i, err, want)
			}
		}
	}
}

func FuzzUnmarshalCaddyfile(f *testing.F) {
	f.Add("llm_gateway {\n\tbedrock prod {\n\t\tregion us-east-1\n\t\theader X-A b\n\t}\n\tmodel a bedrock/us.deepseek.r1-v1:0 {\n\t\taccount prod\n\t\tthinking 2048\n\t}\n}")
	f.Add("llm_gateway {\n\tmax_request_body 1MB\n\tmodel m bedrock/invoke/x\n}")
	f.Add("llm_gateway {\n\tazure oai {\n\t\tendpoint https://r.openai.azure.com\n\t\tapi_key k\n\t}\n\tazure_ai {\n\t\textra_parameters drop\n\t}\n\tmodel a azure/gpt-4o {\n\t\taccount oai\n\t}\n\tmodel b azure_ai/Phi-4\n}")
	f.Add("llm_gateway {\n\tazure mi {\n\t\tmanaged_identity {env.MI}\n\t}\n\tazure aks {\n\t\tclient_id c\n\t\tworkload_identity\n\t}\n\tazure_ai {\n\t\ttenant_id t\n\t\tclient_id c\n\t\tclient_certificate /c.pfx\n\t\tclient_certificate_password p\n\t}\n\tazure cli {\n\t\tazure_cli\n\t}\n}")
	f.Add("llm_gateway {\n\tbedrock {\n\t\tendpoint {env.X}\n\t}\n\tmodel m bedrock/arn:aws:bedrock:us-east-1:1:application-inference-profile/a { allow_remote_images 1kB }\n}")
	f.Add("llm_gateway {\n\tmax_request_body {env.B}\n\tmax_response_body 1GiB\n\tbedrock\n\tmodel {env.A} bedrock/{env.M} {\n\t\tthinking {env.T}\n\t\tallow_remote_images {env.S}\n\t}\n}")
	f.Fuzz(func(t *testing.T, input string) {
		tokens, err := caddyfile.Tokenize([]byte(input), "Fuzzfile")
		if err != nil {
			return
		}
		d := caddyfile.NewDispenser(tokens)
		g := new(Gateway)
		if err := g.UnmarshalCaddyfile(d); err != nil {
			return
		}
		// An accepted config has well-formed targets and known accounts,
		// as far as placeholders let the Caddyfile tell.
		for _, m := range g.Models {
			if _, err := targetProvider(m.Target); err != nil {
				t.Fatalf("accepted bad target %q: %v", m.Target, err)
			}
			if err := g.checkAccount(m); err != nil {
				t.Fatalf("accepted model %q with bad account: %v", m.Alias, err)
			}
		}
		// It adapts to JSON that loads back as the same config: nothing
		// the Caddyfile said is lost or changed on the way to Caddy.
		raw, err := json.Marshal(g)
		if err != nil {
			t.Fatalf("config does not marshal: %v", err)
		}
		back := new(Gateway)
		if err := json.Unmarshal(raw, back); err != nil {
			t.Fatalf("adapted JSON does not load: %v\n%s", err, raw)
		}
		if !reflect.DeepEqual(normalized(g), normalized(back)) {
			t.Fatalf("round trip changed the config:\n%s\n%+v\n%+v", raw, g, back)
		}
	})
}

// normalized gives empty maps and headers one form: JSON's omitempty
// cannot tell an empty map from a missing one, and neither can Caddy.
func normalized(g *Gateway) *Gateway {
	c := *g
	if len(c.Bedrock) == 0 {
		c.Bedrock = nil
	}
	if len(c.Azure) == 0 {
		c.Azure = nil
	}
	if len(c.AzureAI) == 0 {
		c.AzureAI = nil
	}
	for _, a := range c.Bedrock {
		if len(a.Headers) == 0 {
			a.Headers = nil
		}
	}
	return &c
}
