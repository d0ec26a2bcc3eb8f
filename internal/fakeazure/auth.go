package fakeazure

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Bodies Azure answers authentication failures with.
const (
	bodyBadKey   = `{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}`
	bodyBadToken = `{"error":{"code":"401","message":"Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}}`
)

// FailTokens makes the token endpoint answer every request with status
// and Entra's error for it (401 invalid_client, 400 invalid_request,
// 5xx temporarily_unavailable); 0 restores normal service.
func (s *Server) FailTokens(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenStatus = status
}

// TokenRequests counts the requests the token endpoint received.
func (s *Server) TokenRequests() int {
	n := 0
	for _, r := range s.Requests() {
		if r.Kind == KindToken {
			n++
		}
	}
	return n
}

// authorized checks the request's credentials the way its kind of
// endpoint does: Azure OpenAI takes the api-key header or an Entra token;
// Azure AI takes the key as api-key or as a bearer token.
func (s *Server) authorized(r *http.Request, kind string) (ok bool, body string) {
	if k := r.Header.Get("Api-Key"); k != "" {
		return equal(k, s.Key), bodyBadKey
	}
	bearer, isBearer := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch {
	case !isBearer:
		return false, bodyBadKey
	case kind == KindAI:
		return equal(bearer, s.Key), bodyBadKey
	}
	s.mu.Lock()
	exp, issued := s.tokens[bearer]
	now := time.Now().Add(s.offset)
	s.mu.Unlock()
	return issued && now.Before(exp), bodyBadToken
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// serveToken is Entra's v2.0 token endpoint for the client-credentials
// grant, with the AADSTS errors Entra gives for each mistake.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request, tenant string, body []byte) {
	s.mu.Lock()
	failWith := s.tokenStatus
	s.mu.Unlock()
	form, err := url.ParseQuery(string(body))
	if r.Method != http.MethodPost || err != nil {
		tokenError(w, http.StatusBadRequest, "invalid_request", "AADSTS900561: The endpoint only accepts POST requests.")
		return
	}
	clientID, secret := form.Get("client_id"), form.Get("client_secret")
	if id, sec, ok := r.BasicAuth(); ok { // client_secret_basic
		clientID, secret = id, sec
	}
	switch {
	case failWith >= 500:
		tokenError(w, failWith, "temporarily_unavailable", "AADSTS50196: The server is temporarily unavailable.")
	case failWith != 0:
		tokenError(w, failWith, "invalid_client", "AADSTS7000222: The provided client secret keys for app '"+clientID+"' are expired.")
	case tenant != s.TenantID:
		tokenError(w, http.StatusBadRequest, "invalid_request", "AADSTS90002: Tenant '"+tenant+"' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.")
	case form.Get("grant_type") != "client_credentials":
		tokenError(w, http.StatusBadRequest, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.")
	case clientID != s.ClientID:
		tokenError(w, http.StatusBadRequest, "unauthorized_client", "AADSTS700016: Application with identifier '"+clientID+"' was not found in the directory.")
	case !equal(secret, s.ClientSecret):
		tokenError(w, http.StatusUnauthorized, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '"+clientID+"'.")
	case form.Get("scope") != Scope:
		tokenError(w, http.StatusBadRequest, "invalid_scope", "AADSTS70011: The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid.")
	default:
		life := s.TokenLifetime
		if life <= 0 {
			life = time.Hour
		}
		s.mu.Lock()
		tok := fmt.Sprintf("fake-entra-token-%d-%d", len(s.tokens)+1, s.seq.Add(1))
		s.tokens[tok] = time.Now().Add(s.offset).Add(life)
		s.mu.Unlock()
		secs := int64(life / time.Second)
		b, _ := json.Marshal(map[string]any{
			"token_type": "Bearer", "expires_in": secs, "ext_expires_in": secs, "access_token": tok,
		})
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(b)
	}
}

func tokenError(w http.ResponseWriter, status int, code, desc string) {
	b, _ := json.Marshal(map[string]any{
		"error":             code,
		"error_description": desc + "\r\nTrace ID: 0000aaaa-0000-4000-8000-000000000000\r\nCorrelation ID: 0000bbbb-0000-4000-8000-000000000000\r\nTimestamp: 2026-01-01 00:00:00Z",
		"error_codes":       []int{aadstsCode(desc)},
		"timestamp":         "2026-01-01 00:00:00Z",
	})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func aadstsCode(desc string) int {
	d, _, _ := strings.Cut(strings.TrimPrefix(desc, "AADSTS"), ":")
	n, _ := strconv.Atoi(d)
	return n
}
