package fakeazure

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Bodies Azure answers authentication failures with.
const (
	bodyBadKey   = `{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}`
	bodyBadToken = `{"error":{"code":"401","message":"Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}}`
)

// Flows that issue tokens, the middle of each token's text
// (fake-<flow>-token-<n>), so tests can tell which flow a token came from.
const (
	FlowSecret      = "secret"
	FlowCertificate = "certificate"
	FlowWorkload    = "workload"
	FlowIdentity    = "managed-identity"
	FlowCLI         = "cli"
)

// FailTokens makes the token endpoint answer every request with status
// and Entra's error for it (401 invalid_client, 400 invalid_request,
// 5xx temporarily_unavailable); 0 restores normal service.
func (s *Server) FailTokens(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenStatus = status
}

// ScriptTokens makes the token endpoint answer every request with status
// and body as they are, for replies no real endpoint would give; an empty
// body restores normal service.
func (s *Server) ScriptTokens(status int, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenStatus, s.tokenBody = status, body
}

// TokenRequests counts the requests the Entra token endpoint received.
func (s *Server) TokenRequests() int { return s.Count(KindToken) }

// Count counts the requests of one kind received so far.
func (s *Server) Count(kind string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Kind == kind {
			n++
		}
	}
	return n
}

// IssueToken makes a token the fake Azure accepts until TokenLifetime has
// passed on its clock, as the token endpoints do, and returns it with its
// expiry. A fake az hands out tokens made this way.
func (s *Server) IssueToken(flow string) (string, time.Time) {
	life := s.life()
	s.mu.Lock()
	defer s.mu.Unlock()
	tok := fmt.Sprintf("fake-%s-token-%d-%d", flow, len(s.tokens)+1, s.seq.Add(1))
	exp := time.Now().Add(s.offset).Add(life)
	s.tokens[tok] = exp
	return tok, exp
}

// life is TokenLifetime, or its default.
func (s *Server) life() time.Duration {
	if s.TokenLifetime <= 0 {
		return time.Hour
	}
	return s.TokenLifetime
}

// authorized checks the request's credentials the way its kind of
// endpoint does: Azure OpenAI takes the api-key header or an Entra token;
// Azure AI takes the key as api-key or as a bearer token, or (Foundry) an
// Entra token.
func (s *Server) authorized(r *http.Request, kind string) (ok bool, body string) {
	if k := r.Header.Get("Api-Key"); k != "" {
		return equal(k, s.Key), bodyBadKey
	}
	bearer, isBearer := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch {
	case !isBearer:
		return false, bodyBadKey
	case kind == KindAI && equal(bearer, s.Key):
		return true, ""
	}
	s.mu.Lock()
	exp, issued := s.tokens[bearer]
	now := time.Now().Add(s.offset)
	s.mu.Unlock()
	if kind == KindAI && !issued {
		return false, bodyBadKey
	}
	return issued && now.Before(exp), bodyBadToken
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }
