package fakeazure

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// assertionType is the client_assertion_type of both assertion flows.
const assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// serveMetadata is Entra's OpenID configuration for a tenant, which MSAL
// reads to find the token endpoint.
func (s *Server) serveMetadata(w http.ResponseWriter, r *http.Request, tenant string) {
	if tenant != s.TenantID {
		tokenError(w, http.StatusBadRequest, "invalid_tenant", "AADSTS90002: Tenant '"+tenant+"' not found.")
		return
	}
	base := baseURL(r) + "/" + tenant
	b, _ := json.Marshal(map[string]any{
		"token_endpoint":         base + "/oauth2/v2.0/token",
		"authorization_endpoint": base + "/oauth2/v2.0/authorize",
		"issuer":                 base + "/v2.0",
		"token_endpoint_auth_methods_supported": []string{
			"client_secret_post", "private_key_jwt", "client_secret_basic"},
	})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(b)
}

// serveToken is Entra's v2.0 token endpoint for the client-credentials
// grant, with the AADSTS errors Entra gives for each mistake. The client
// proves itself with a secret, or with a client assertion: a JWT signed
// with ClientCert's key, or the workload identity's federated token.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request, tenant string, body []byte) {
	s.mu.Lock()
	failWith, scripted := s.tokenStatus, s.tokenBody
	s.mu.Unlock()
	if scripted != "" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(failWith)
		_, _ = io.WriteString(w, scripted)
		return
	}
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
	default:
		flow, code, desc := s.clientAuth(form, secret, baseURL(r)+r.URL.Path)
		switch {
		case flow == "":
			tokenError(w, http.StatusUnauthorized, code, desc)
		case !validScope(form.Get("scope")):
			tokenError(w, http.StatusBadRequest, "invalid_scope", "AADSTS70011: The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid.")
		default:
			s.writeToken(w, flow)
		}
	}
}

// clientAuth checks how the client proved itself and names the flow, or
// returns Entra's error code and description.
func (s *Server) clientAuth(form url.Values, secret, tokenURL string) (flow, code, desc string) {
	assertion := form.Get("client_assertion")
	switch {
	case assertion == "":
		if !equal(secret, s.ClientSecret) {
			return "", "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + s.ClientID + "'."
		}
		return FlowSecret, "", ""
	case form.Get("client_assertion_type") != assertionType:
		return "", "invalid_request", "AADSTS50027: JWT token is invalid or malformed: client_assertion_type must be " + assertionType + "."
	case s.FederatedToken != "" && equal(assertion, s.FederatedToken):
		return FlowWorkload, "", ""
	case s.ClientCert == nil:
		return "", "invalid_client", "AADSTS700213: No matching federated identity record found for presented assertion subject."
	}
	if err := s.checkAssertion(assertion, tokenURL); err != nil {
		return "", "invalid_client", err.Error()
	}
	return FlowCertificate, "", ""
}

// validScope accepts the Azure AI services scope, alone or with the OpenID
// scopes MSAL adds to every request.
func validScope(scope string) bool {
	found := false
	for _, sc := range strings.Fields(scope) {
		switch sc {
		case Scope:
			found = true
		case "openid", "offline_access", "profile":
		default:
			return false
		}
	}
	return found
}

func (s *Server) writeToken(w http.ResponseWriter, flow string) {
	tok, _ := s.IssueToken(flow)
	secs := int64(s.life() / time.Second)
	b, _ := json.Marshal(map[string]any{
		"token_type": "Bearer", "expires_in": secs, "ext_expires_in": secs, "access_token": tok,
	})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(b)
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

// baseURL is the scheme and host the request was sent to.
func baseURL(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}
