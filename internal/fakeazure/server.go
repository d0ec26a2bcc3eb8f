// Package fakeazure is an in-process stand-in for Azure OpenAI, Azure AI
// model inference, the Microsoft Entra ID token endpoint and the managed
// identity endpoints, for tests. Its Entra takes a client secret, a client
// assertion signed with a certificate, or a workload identity's federated
// token; its managed identity answers App Service (IDENTITY_ENDPOINT) and
// IMDS requests; FakeAzCLI puts a fake `az` on PATH. Like the real
// services it checks the api-key (or a token it issued and that has not
// expired on its clock), the api-version, and,
// for Azure AI, refuses body members outside the API's schema unless the
// extra-parameters header says drop or pass-through, with the error Azure
// sends. It streams SSE chunks shaped like Azure's (the prompt-filter
// chunk first, content_filter_results on every chunk, a usage chunk when
// asked for), one flush per chunk, and records every request.
package fakeazure

import (
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/disconnect"
)

// Defaults the server starts with. They are made up, never real secrets.
const (
	DefaultKey          = "fake-azure-api-key-0123456789abcdef"
	DefaultTenantID     = "00000000-0000-4000-8000-00000000aaaa"
	DefaultClientID     = "00000000-0000-4000-8000-00000000bbbb"
	DefaultClientSecret = "fake~client~secret~0123456789"
	// DefaultFederatedToken stands for the service account token AKS
	// writes to AZURE_FEDERATED_TOKEN_FILE.
	DefaultFederatedToken = "fake.federated-token.0123456789"
	// DefaultIdentityHeader is the App Service managed identity secret.
	DefaultIdentityHeader = "fake-identity-header-0123456789"
	// Scope is the only scope the token endpoint grants.
	Scope = "https://cognitiveservices.azure.com/.default"
)

// Kinds of request, as in Request.Kind.
const (
	KindOpenAI = "azure"    // /openai/deployments/{deployment}/...
	KindAI     = "azure_ai" // {prefix}/chat/completions, {prefix}/embeddings
	KindToken  = "token"    // /{tenant}/oauth2/v2.0/token
	// KindMetadata is Entra's OpenID configuration, which MSAL reads
	// before its first token request.
	KindMetadata = "metadata" // /{tenant}/v2.0/.well-known/openid-configuration
	// KindIdentity is a managed identity token request: App Service's
	// (IdentityPath) or IMDS's (IMDSPath).
	KindIdentity = "identity"
)

// Paths of the managed identity endpoints: App Service's IDENTITY_ENDPOINT
// is URL+IdentityPath; IMDS is http://169.254.169.254+IMDSPath.
const (
	IdentityPath = "/msi/token"
	IMDSPath     = "/metadata/identity/oauth2/token"
)

// servers numbers the servers of a process, for unique identities.
var servers atomic.Int64

// Server is a fake Azure. Set the exported fields before sending requests;
// they are read without locking.
type Server struct {
	// URL is the base URL: the endpoint of an Azure OpenAI account, of a
	// serverless Azure AI account, or with "/models" of a Foundry one.
	URL string
	// AuthorityURL is the same server over https, for AZURE_AUTHORITY_HOST:
	// MSAL talks to https authorities only. Clients trust its certificate
	// through TrustTestCertificates.
	AuthorityURL string
	// Key is the only API key accepted.
	Key string
	// OpenAIVersions and AIVersions are the api-version values accepted.
	OpenAIVersions []string
	AIVersions     []string
	// TenantID, ClientID and ClientSecret are the only client credentials
	// the token endpoint accepts.
	TenantID, ClientID, ClientSecret string
	// TokenLifetime is the life of issued tokens. Default: 1 hour.
	TokenLifetime time.Duration
	// ClientCert is the certificate whose key must sign client assertions
	// (the client certificate flow); nil refuses them.
	ClientCert *x509.Certificate
	// FederatedToken is the only federated token (workload identity) the
	// token endpoint takes as a client assertion; "" refuses them.
	FederatedToken string
	// IdentityHeader is the secret App Service's managed identity endpoint
	// requires in X-IDENTITY-HEADER.
	IdentityHeader string
	// ManagedIdentityClientID is the user-assigned identity the managed
	// identity endpoints know, unique to each server: MSAL caches managed
	// identity tokens process-wide by client ID. A request without
	// client_id gets the system-assigned identity.
	ManagedIdentityClientID string

	srv    *httptest.Server
	tls    *httptest.Server
	watch  *disconnect.Watch
	seq    atomic.Int64
	conns  atomic.Int64
	closed atomic.Int64

	mu          sync.Mutex
	deployments map[string]Reply
	models      map[string]Reply
	requests    []Request
	offset      time.Duration        // the fake clock: real time plus offset
	tokens      map[string]time.Time // issued token → expiry on the fake clock
	tokenStatus int                  // non-zero: the token endpoint fails with it
	tokenBody   string               // with tokenStatus: the scripted reply
}

// Request is one request as the server received it.
type Request struct {
	// Kind is KindOpenAI, KindAI or KindToken; "" if the path matched none.
	Kind   string
	Method string
	// Path is the unescaped path; RawPath the path as sent on the wire.
	Path    string
	RawPath string
	// Deployment is the unescaped Azure OpenAI deployment; Operation is
	// chat/completions, embeddings or images/generations.
	Deployment string
	Operation  string
	Query      url.Values
	Header     http.Header
	Body       []byte
}

// BodyMap decodes the body as a JSON object, nil if it is none.
func (r Request) BodyMap() map[string]json.RawMessage {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(r.Body, &m)
	return m
}

// New starts a fake Azure that is closed when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{
		Key:                     DefaultKey,
		OpenAIVersions:          []string{"2024-10-21", "2024-12-01-preview", "2025-01-01-preview", "2025-04-01-preview"},
		AIVersions:              []string{"2024-05-01-preview", "2024-08-01-preview", "2025-04-01"},
		TenantID:                DefaultTenantID,
		ClientID:                DefaultClientID,
		ClientSecret:            DefaultClientSecret,
		TokenLifetime:           time.Hour,
		FederatedToken:          DefaultFederatedToken,
		IdentityHeader:          DefaultIdentityHeader,
		ManagedIdentityClientID: fmt.Sprintf("00000000-0000-4000-8000-%012x", servers.Add(1)),
		watch:                   disconnect.New(),
		deployments:             make(map[string]Reply),
		models:                  make(map[string]Reply),
		tokens:                  make(map[string]time.Time),
	}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	s.srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		switch st {
		case http.StateNew:
			s.conns.Add(1)
		case http.StateClosed, http.StateHijacked:
			s.closed.Add(1)
		}
	}
	s.srv.Start()
	s.tls = httptest.NewTLSServer(http.HandlerFunc(s.serveHTTP))
	s.URL, s.AuthorityURL = s.srv.URL, s.tls.URL
	t.Cleanup(func() {
		s.watch.Close()
		s.srv.Close()
		s.tls.Close()
	})
	return s
}

// Conns is how many connections the plain-HTTP server accepted so far,
// and ClosedConns how many of them have closed.
func (s *Server) Conns() int64 { return s.conns.Load() }

// ClosedConns: see Conns.
func (s *Server) ClosedConns() int64 { return s.closed.Load() }

// HandleDeployment scripts the reply of an Azure OpenAI deployment, for
// every operation. A later call replaces it.
func (s *Server) HandleDeployment(deployment string, r Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deployments[deployment] = r
}

// HandleModel scripts the reply of Azure AI model inference for requests
// whose body names model. The reply for "" answers any model, as a
// serverless endpoint (which serves one model whatever the body says) does.
func (s *Server) HandleModel(model string, r Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.models[model] = r
}

// Requests returns a copy of every request received so far, in order,
// rejected ones and token requests included.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		r.Header = r.Header.Clone()
		r.Query = cloneValues(r.Query)
		r.Body = append([]byte(nil), r.Body...)
		out[i] = r
	}
	return out
}

// Canceled receives one value each time a reply is cut short because the
// client went away, so tests can prove that a disconnect reaches upstream.
func (s *Server) Canceled() <-chan struct{} { return s.watch.Canceled() }

// Now is the time on the fake's clock, by which tokens expire.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return time.Now().Add(s.offset)
}

// Advance moves the fake's clock forward: tokens issued earlier expire
// sooner, as if d had passed, while the client's clock stands still.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offset += d
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Apim-Request-Id", fmt.Sprintf("00000000-0000-4000-8000-%012x", s.seq.Add(1)))
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return // the client went away mid-body
	}
	rt := route(r.URL.EscapedPath())
	s.record(Request{
		Kind:       rt.kind,
		Method:     r.Method,
		Path:       r.URL.Path,
		RawPath:    r.URL.EscapedPath(),
		Deployment: rt.deployment,
		Operation:  rt.op,
		Query:      r.URL.Query(),
		Header:     r.Header.Clone(),
		Body:       body,
	})
	switch {
	case rt.kind == KindToken:
		s.serveToken(w, r, rt.tenant, body)
	case rt.kind == KindMetadata:
		s.serveMetadata(w, r, rt.tenant)
	case rt.kind == KindIdentity:
		s.serveIdentity(w, r, r.URL.Path == IMDSPath)
	case rt.kind == "" || r.Method != http.MethodPost:
		writeError(w, http.StatusNotFound, nil, `{"error":{"code":"404","message":"Resource not found"}}`)
	default:
		s.serveAPI(w, r, rt, body)
	}
}

type routed struct {
	kind, deployment, op, tenant string
}

// route reads an escaped path. Anything before /openai/deployments/ or
// before the operation is a prefix (a proxy's, or Foundry's /models).
func route(escaped string) routed {
	switch escaped {
	case IdentityPath, IMDSPath:
		return routed{kind: KindIdentity}
	}
	if before, after, ok := strings.Cut(escaped, "/v2.0/.well-known/openid-configuration"); ok && after == "" {
		if tenant, err := url.PathUnescape(strings.TrimPrefix(before, "/")); err == nil && tenant != "" && !strings.Contains(tenant, "/") {
			return routed{kind: KindMetadata, tenant: tenant}
		}
		return routed{}
	}
	if before, after, ok := strings.Cut(escaped, "/oauth2/v2.0/token"); ok && after == "" {
		if tenant, err := url.PathUnescape(strings.TrimPrefix(before, "/")); err == nil && tenant != "" && !strings.Contains(tenant, "/") {
			return routed{kind: KindToken, tenant: tenant}
		}
		return routed{}
	}
	if _, rest, ok := strings.Cut(escaped, "/openai/deployments/"); ok {
		seg, op, _ := strings.Cut(rest, "/")
		dep, err := url.PathUnescape(seg)
		if err != nil || dep == "" {
			return routed{}
		}
		switch op {
		case "chat/completions", "embeddings", "images/generations", "completions":
			return routed{kind: KindOpenAI, deployment: dep, op: op}
		}
		return routed{}
	}
	for _, op := range []string{"chat/completions", "embeddings"} {
		if strings.HasSuffix(escaped, "/"+op) {
			return routed{kind: KindAI, op: op}
		}
	}
	return routed{}
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
