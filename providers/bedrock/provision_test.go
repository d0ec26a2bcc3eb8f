package bedrock

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"go.uber.org/zap"
)

func TestProvisionErrors(t *testing.T) {
	isolateAWS(t)
	tests := []struct {
		name    string
		account Account
		want    string
	}{
		{"key id without secret", Account{Region: "us-east-1", AccessKeyID: "AKID"}, "must be set together"},
		{"secret without key id", Account{Region: "us-east-1", SecretAccessKey: "s3cr3t"}, "must be set together"},
		{"token without keys", Account{Region: "us-east-1", SessionToken: "tok"}, "session_token requires"},
		{"web identity without role", Account{Region: "us-east-1", WebIdentityTokenFile: "/token"}, "requires role_arn"},
		{"missing region", Account{}, `bedrock account "prod": no region: set region`},
		{"bad region", Account{Region: "us-east-1.example.com/x"}, "invalid region"},
		{"relative endpoint", Account{Region: "us-east-1", Endpoint: "/bedrock"}, "endpoint must be an absolute http or https URL"},
		{"endpoint scheme", Account{Region: "us-east-1", Endpoint: "ftp://example.com"}, "endpoint must be an absolute http or https URL"},
		{"endpoint unparsable", Account{Region: "us-east-1", Endpoint: "https://exa mple.com:x"}, "endpoint must be an absolute http or https URL"},
		{"endpoint user info", Account{Region: "us-east-1", Endpoint: "https://user:s3cr3t@example.com"}, "must not contain user info"},
		{"endpoint query", Account{Region: "us-east-1", Endpoint: "https://example.com/?a=b"}, "query or fragment"},
		{"agent endpoint scheme", Account{Region: "us-east-1", AgentEndpoint: "ftp://example.com"}, "agent_endpoint must be an absolute http or https URL"},
		{"agent endpoint user info", Account{Region: "us-east-1", AgentEndpoint: "https://user:s3cr3t@example.com"}, "agent_endpoint must not contain user info"},
		{"agent endpoint fragment", Account{Region: "us-east-1", AgentEndpoint: "https://example.com/#x"}, "agent_endpoint must not have a query or fragment"},
		{"reserved header", Account{Region: "us-east-1", Headers: http.Header{"authorization": {"x"}}}, "Authorization is set by the gateway"},
		{"bad header value", Account{Region: "us-east-1", Headers: http.Header{"X-A": {"s3cr3t\n"}}}, "invalid value for X-A"},
		{"unknown profile", Account{Region: "us-east-1", Profile: "nope"}, "loading AWS config"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.account.Provision(context.Background(), "prod", nil, zap.NewNop())
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), `"prod"`) {
				t.Errorf("error %q, want it to name the account and contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error leaks a secret: %q", err)
			}
		})
	}
}

func TestProvisionRegionAndEndpoint(t *testing.T) {
	tests := []struct {
		name       string
		env        map[string]string
		account    Account
		wantRegion string
		wantBase   string
		wantPrefix [2]string // unescaped, raw
	}{
		{name: "configured", account: Account{Region: "us-west-2"},
			wantRegion: "us-west-2", wantBase: "https://bedrock-runtime.us-west-2.amazonaws.com"},
		{name: "from AWS_REGION", env: map[string]string{"AWS_REGION": "eu-west-1"},
			wantRegion: "eu-west-1", wantBase: "https://bedrock-runtime.eu-west-1.amazonaws.com"},
		{name: "config beats env", env: map[string]string{"AWS_REGION": "eu-west-1"}, account: Account{Region: "ap-south-1"},
			wantRegion: "ap-south-1", wantBase: "https://bedrock-runtime.ap-south-1.amazonaws.com"},
		{name: "china", account: Account{Region: "cn-north-1"},
			wantRegion: "cn-north-1", wantBase: "https://bedrock-runtime.cn-north-1.amazonaws.com.cn"},
		{name: "endpoint with prefix", account: Account{Region: "us-east-1", Endpoint: "http://proxy.internal:8080/bedrock/v%2F1/"},
			wantRegion: "us-east-1", wantBase: "http://proxy.internal:8080", wantPrefix: [2]string{"/bedrock/v/1", "/bedrock/v%2F1"}},
		{name: "service endpoint from env", env: map[string]string{"AWS_ENDPOINT_URL_BEDROCK_RUNTIME": "https://vpce.example:8443", "AWS_ENDPOINT_URL": "https://all.example"},
			account: Account{Region: "us-east-1"}, wantRegion: "us-east-1", wantBase: "https://vpce.example:8443"},
		{name: "global endpoint from env", env: map[string]string{"AWS_ENDPOINT_URL": "https://all.example/p"},
			account: Account{Region: "us-east-1"}, wantRegion: "us-east-1", wantBase: "https://all.example", wantPrefix: [2]string{"/p", "/p"}},
		{name: "endpoint env ignored", env: map[string]string{"AWS_ENDPOINT_URL": "https://all.example", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"},
			account: Account{Region: "us-east-1"}, wantRegion: "us-east-1", wantBase: "https://bedrock-runtime.us-east-1.amazonaws.com"},
		{name: "configured endpoint beats env", env: map[string]string{"AWS_ENDPOINT_URL_BEDROCK_RUNTIME": "https://vpce.example"},
			account: Account{Region: "us-east-1", Endpoint: "https://mine.example"}, wantRegion: "us-east-1", wantBase: "https://mine.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateAWS(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			a := provision(t, &tt.account)
			if a.ResolvedRegion() != tt.wantRegion || a.baseURL != tt.wantBase ||
				a.pathPrefix != tt.wantPrefix[0] || a.rawPrefix != tt.wantPrefix[1] {
				t.Errorf("region %q base %q prefix %q %q", a.ResolvedRegion(), a.baseURL, a.pathPrefix, a.rawPrefix)
			}
			if a.Name() != "test" {
				t.Errorf("Name() = %q", a.Name())
			}
		})
	}
}

func TestProvisionAgentEndpoint(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     map[string]string
		account Account
		want    string
	}{
		{name: "default", account: Account{Region: "us-west-2"}, want: "https://bedrock-agent-runtime.us-west-2.amazonaws.com"},
		{name: "china", account: Account{Region: "cn-north-1"}, want: "https://bedrock-agent-runtime.cn-north-1.amazonaws.com.cn"},
		{name: "configured", account: Account{Region: "us-west-2", Endpoint: "https://runtime.example", AgentEndpoint: "https://agent.example/p/"},
			want: "https://agent.example/p"},
		{name: "endpoint serves both", account: Account{Region: "us-west-2", Endpoint: "https://proxy.example/bedrock"},
			env: map[string]string{"AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME": "https://env.example"}, want: "https://proxy.example/bedrock"},
		{name: "service env", account: Account{Region: "us-west-2"},
			env:  map[string]string{"AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME": "https://agent-env.example", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": "https://runtime-env.example"},
			want: "https://agent-env.example"},
		{name: "global env", account: Account{Region: "us-west-2"},
			env: map[string]string{"AWS_ENDPOINT_URL": "https://all.example"}, want: "https://all.example"},
		{name: "env ignored", account: Account{Region: "us-west-2"},
			env:  map[string]string{"AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME": "https://agent-env.example", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"},
			want: "https://bedrock-agent-runtime.us-west-2.amazonaws.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			isolateAWS(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			if got := provision(t, &tc.account).AgentEndpointURL(); got != tc.want {
				t.Errorf("agent endpoint %s, want %s", got, tc.want)
			}
		})
	}
}

func TestProvisionResolvesPlaceholdersWithoutChangingConfig(t *testing.T) {
	isolateAWS(t)
	vars := map[string]string{
		"{env.REGION}": "eu-central-1",
		"{env.KEY}":    "AKIDRESOLVED",
		"{env.SECRET}": "resolved-secret",
		"{env.TOKEN}":  "resolved-token",
		"{env.URL}":    "https://vpce.example.com/prefix",
		"{env.HDR}":    "resolved-header",
	}
	resolve := func(s string) string {
		if v, ok := vars[s]; ok {
			return v
		}
		return s
	}
	a := &Account{
		Region:          "{env.REGION}",
		AccessKeyID:     "{env.KEY}",
		SecretAccessKey: "{env.SECRET}",
		SessionToken:    "{env.TOKEN}",
		Endpoint:        "{env.URL}",
		Headers:         http.Header{"x-tenant": {"{env.HDR}", "plain"}},
	}
	before := *a
	before.Headers = a.Headers.Clone()
	if err := a.Provision(context.Background(), "p", resolve, nil); err != nil {
		t.Fatal(err)
	}
	defer a.Cleanup()

	if a.Region != before.Region || a.AccessKeyID != before.AccessKeyID || a.SecretAccessKey != before.SecretAccessKey ||
		a.SessionToken != before.SessionToken || a.Endpoint != before.Endpoint || !reflect.DeepEqual(a.Headers, before.Headers) {
		t.Errorf("exported fields changed: %+v", a)
	}
	creds, err := a.credentials(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if creds.AccessKeyID != "AKIDRESOLVED" || creds.SecretAccessKey != "resolved-secret" || creds.SessionToken != "resolved-token" {
		t.Errorf("credentials not resolved: key %q", creds.AccessKeyID)
	}
	if a.ResolvedRegion() != "eu-central-1" || a.baseURL != "https://vpce.example.com" || a.pathPrefix != "/prefix" {
		t.Errorf("region %q base %q prefix %q", a.ResolvedRegion(), a.baseURL, a.pathPrefix)
	}
	if got := a.headers["X-Tenant"]; !reflect.DeepEqual(got, []string{"resolved-header", "plain"}) {
		t.Errorf("headers = %v", a.headers)
	}
}
