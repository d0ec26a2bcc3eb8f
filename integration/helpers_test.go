package integration

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2/caddytest"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// The whole-server tests share one in-process Caddy (caddytest), so they
// load their own config each and must not run in parallel. Its ports are
// free ones TestMain finds: on fixed ports, a suite would load its
// configs into the Caddy of another suite running on the same machine.
var (
	gatewayBase string
	adminPort   int
	// globalOptions keep test servers off the well-known ports and away
	// from the system trust store.
	globalOptions string
)

// choosePorts finds free ports for the test server and sets the variables
// above.
func choosePorts() {
	var ports [3]int
	for i := range ports {
		ln, err := net.Listen("tcp", "localhost:0")
		if err != nil {
			panic(err)
		}
		defer ln.Close() // held until all three are found, so they differ
		ports[i] = ln.Addr().(*net.TCPAddr).Port
	}
	adminPort = ports[0]
	gatewayBase = fmt.Sprintf("http://localhost:%d", ports[1])
	globalOptions = fmt.Sprintf(`{
	admin localhost:%d
	http_port %d
	https_port %d
	grace_period 1ns
	skip_install_trust
	local_certs
}
`, ports[0], ports[1], ports[2])
}

// bedrockBlock is an account pointing at the fake with its credentials.
func bedrockBlock(fake *fakebedrock.Server) string {
	return fmt.Sprintf(`bedrock test {
			region %s
			access_key_id %s
			secret_access_key %s
			endpoint %s
		}`, fake.Region, fake.Creds.AccessKeyID, fake.Creds.SecretAccessKey, fake.URL)
}

// oldServerGone is how long a reload's previous server takes, at most, to
// close after the load returns (a few milliseconds with grace_period 1ns).
const oldServerGone = 30 * time.Millisecond

// startGateway loads a site on gatewayBase with the given site body.
func startGateway(t *testing.T, siteBody string) *caddytest.Tester {
	t.Helper()
	return startGatewayWithOptions(t, "", siteBody)
}

// startGatewayWithOptions also adds lines to the global options.
func startGatewayWithOptions(t *testing.T, options, siteBody string) *caddytest.Tester {
	t.Helper()
	isolateAWSEnv(t)
	tester := caddytest.NewTester(t).WithDefaultOverrides(caddytest.Config{
		AdminPort:          adminPort,
		TestRequestTimeout: 20 * time.Second,
	})
	opts := strings.Replace(globalOptions, "\n}", "\n\t"+options+"\n}", 1)
	tester.InitServer(opts+"\n"+gatewayBase+" {\n"+siteBody+"\n}\n", "caddyfile")
	// The previous config's server shares the listener and finishes
	// shutting down a moment after the load returns: a connection it
	// accepted in that moment is closed under the request, which fails
	// with EOF. Its kept-alive connections go the same way.
	time.Sleep(oldServerGone)
	http.DefaultClient.CloseIdleConnections()
	return tester
}

// standardSite is the gateway most tests use, in front of another app that
// gets every path the gateway does not serve.
func standardSite(t *testing.T, fake *fakebedrock.Server) string {
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "other app: "+r.URL.Path)
	}))
	t.Cleanup(app.Close)
	return `llm_gateway {
		` + bedrockBlock(fake) + `
		model claude bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0
		model r1 bedrock/us.deepseek.r1-v1:0
		model profiled bedrock/anthropic.claude-3-haiku-20240307-v1:0 {
			model_id arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123
		}
	}
	reverse_proxy ` + app.URL
}

func newClient(opts ...option.RequestOption) openai.Client {
	return openai.NewClient(append([]option.RequestOption{
		option.WithBaseURL(gatewayBase + "/v1/"),
		option.WithAPIKey("sk-client-key-must-not-leak"),
		option.WithMaxRetries(0),
	}, opts...)...)
}

// post sends a raw chat request and returns the response.
func post(t *testing.T, path, body string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, gatewayBase+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func readAll(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// streamChat streams a chat completion through client and adds up its
// chunks, as a client does, failing the test if the stream fails or
// gives no choice.
func streamChat(t *testing.T, client openai.Client, params openai.ChatCompletionNewParams) openai.ChatCompletionAccumulator {
	t.Helper()
	stream := client.Chat.Completions.NewStreaming(context.Background(), params)
	defer stream.Close()
	var acc openai.ChatCompletionAccumulator
	for stream.Next() {
		acc.AddChunk(stream.Current())
	}
	if err := stream.Err(); err != nil {
		t.Fatalf("stream %s: %v", params.Model, err)
	}
	if len(acc.Choices) == 0 {
		t.Fatalf("stream %s: no choice", params.Model)
	}
	return acc
}

// timedLine is one SSE line and when the client read it.
type timedLine struct {
	text string
	at   time.Duration
}

// readSSE reads an event stream line by line, noting arrival times.
func readSSE(t *testing.T, ctx context.Context, body io.Reader) []timedLine {
	t.Helper()
	start := time.Now()
	var lines []timedLine
	sc := bufio.NewScanner(body)
	for sc.Scan() {
		if sc.Text() != "" {
			lines = append(lines, timedLine{sc.Text(), time.Since(start)})
		}
		if ctx.Err() != nil {
			break
		}
	}
	return lines
}

// sseText joins the content of a chat stream's chunks.
func sseText(lines []timedLine) string {
	var text string
	for _, l := range lines {
		var chunk struct {
			Choices []struct {
				Delta struct {
					Content string `json:"content"`
				} `json:"delta"`
			} `json:"choices"`
		}
		data, ok := strings.CutPrefix(l.text, "data: ")
		if ok && json.Unmarshal([]byte(data), &chunk) == nil && len(chunk.Choices) > 0 {
			text += chunk.Choices[0].Delta.Content
		}
	}
	return text
}

// waitFor polls cond until it holds, failing the test after a few
// seconds: for what the gateway does on its own time (a health check, a
// place freed after a client left).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// costHeader carries what an answer cost.
const costHeader = "X-Llm-Gateway-Cost"

// Fixtures shared with the package's unit tests live with the fake.
const (
	converseText = fakebedrock.ConverseText
	converseTool = fakebedrock.ConverseTool
)

var (
	textStream         = fakebedrock.TextStream
	llamaReply         = fakebedrock.LlamaReply
	claudeInvokeStream = fakebedrock.ClaudeInvokeStream
	isolateAWSEnv      = fakebedrock.IsolateEnv
)

// TestMain keeps the in-process Caddy's autosave and certificate storage
// out of the developer's home directory and off ports in use, and has the
// gateway trust the fake Entra's certificate.
func TestMain(m *testing.M) {
	choosePorts()
	dir, err := os.MkdirTemp("", "llm-gateway-test")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CONFIG_HOME", dir+"/config")
	os.Setenv("XDG_DATA_HOME", dir+"/data")
	// The fake Entra is an https authority, as MSAL requires.
	untrust, err := fakeazure.TrustTestCertificates()
	if err != nil {
		panic(err)
	}
	code := m.Run()
	untrust()
	os.RemoveAll(dir)
	os.Exit(code)
}
