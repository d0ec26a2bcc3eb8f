package fakeazure

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// API versions MSAL sends to each managed identity endpoint.
const (
	identityAPIVersion = "2019-08-01" // App Service
	imdsAPIVersion     = "2018-02-01"
)

// serveIdentity is a managed identity endpoint: App Service's, which wants
// the X-IDENTITY-HEADER secret, or IMDS's, which wants Metadata: true.
// Both take the resource (the audience without /.default) and, for a
// user-assigned identity, its client_id, and answer with expires_on in
// Unix seconds.
func (s *Server) serveIdentity(w http.ResponseWriter, r *http.Request, imds bool) {
	q := r.URL.Query()
	version := identityAPIVersion
	if imds {
		version = imdsAPIVersion
	}
	clientID := q.Get("client_id")
	s.mu.Lock()
	failWith := s.tokenStatus
	s.mu.Unlock()
	switch {
	case failWith != 0:
		identityError(w, failWith, "temporarily_unavailable", "The managed identity endpoint is unavailable.")
	case r.Method != http.MethodGet:
		identityError(w, http.StatusMethodNotAllowed, "invalid_request", "Only GET is allowed.")
	case imds && r.Header.Get("Metadata") != "true":
		identityError(w, http.StatusBadRequest, "invalid_request", "Required metadata header not specified")
	case !imds && !equal(r.Header.Get("X-Identity-Header"), s.IdentityHeader):
		identityError(w, http.StatusUnauthorized, "invalid_request", "The X-IDENTITY-HEADER is missing or wrong.")
	case q.Get("api-version") != version:
		identityError(w, http.StatusBadRequest, "invalid_request", "Invalid API version.")
	case q.Get("resource") != strings.TrimSuffix(Scope, "/.default"):
		identityError(w, http.StatusBadRequest, "invalid_resource", "AADSTS500011: The resource principal named "+q.Get("resource")+" was not found in the tenant.")
	case clientID != "" && clientID != s.ManagedIdentityClientID:
		identityError(w, http.StatusBadRequest, "invalid_request", "Identity not found")
	default:
		tok, exp := s.IssueToken(FlowIdentity)
		reply := map[string]any{
			"access_token": tok,
			"expires_on":   strconv.FormatInt(exp.Unix(), 10),
			"resource":     q.Get("resource"),
			"token_type":   "Bearer",
		}
		if imds {
			reply["expires_in"] = strconv.FormatInt(int64(s.life()/time.Second), 10)
		}
		if clientID != "" {
			reply["client_id"] = clientID
		}
		b, _ := json.Marshal(reply)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(b)
	}
}

func identityError(w http.ResponseWriter, status int, code, desc string) {
	b, _ := json.Marshal(map[string]string{"error": code, "error_description": desc})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
