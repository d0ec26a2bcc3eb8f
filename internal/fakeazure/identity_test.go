package fakeazure_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
)

// selfSigned is an RSA key and a certificate for it.
func selfSigned(t *testing.T) (*rsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return key, cert
}

// assertion signs claims with key (PS256), naming cert by thumbprint.
func assertion(t *testing.T, key *rsa.PrivateKey, cert *x509.Certificate, claims map[string]any) string {
	t.Helper()
	sum := sha256.Sum256(cert.Raw)
	h, _ := json.Marshal(map[string]string{"alg": "PS256", "typ": "JWT", "x5t#S256": base64.StdEncoding.EncodeToString(sum[:])})
	c, _ := json.Marshal(claims)
	signed := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	digest := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPSS(rand.Reader, key, crypto.SHA256, digest[:], nil)
	if err != nil {
		t.Fatal(err)
	}
	return signed + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// TestClientAssertions: the token endpoint takes an assertion only if the
// certificate's key signed it and its claims are right, and a federated
// token only if it is the one configured.
func TestClientAssertions(t *testing.T) {
	s := fakeazure.New(t)
	key, cert := selfSigned(t)
	otherKey, _ := selfSigned(t)
	s.ClientCert = cert
	tokenURL := s.URL + "/" + s.TenantID + "/oauth2/v2.0/token"
	now := time.Now().Unix()
	good := map[string]any{"aud": tokenURL, "iss": s.ClientID, "sub": s.ClientID, "jti": "1", "nbf": now, "exp": now + 600}
	with := func(k string, v any) map[string]any {
		c := map[string]any{}
		for k, v := range good {
			c[k] = v
		}
		c[k] = v
		return c
	}
	for _, tc := range []struct {
		name, assertion, typ string
		status               int
		want                 string
	}{
		{"signed", assertion(t, key, cert, good), "", 200, "fake-certificate-token-"},
		{"federated", s.FederatedToken, "", 200, "fake-workload-token-"},
		{"another key", assertion(t, otherKey, cert, good), "", 401, "AADSTS700027"},
		{"audience", assertion(t, key, cert, with("aud", "https://elsewhere/token")), "", 401, "AADSTS700021"},
		{"subject", assertion(t, key, cert, with("sub", "someone")), "", 401, "AADSTS700023"},
		{"expired", assertion(t, key, cert, with("exp", now-60)), "", 401, "AADSTS700024"},
		{"other federated token", "not.the.token", "", 401, "AADSTS50027"},
		{"assertion type", s.FederatedToken, "urn:other", 401, "AADSTS50027"},
	} {
		typ := tc.typ
		if typ == "" {
			typ = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
		}
		form := url.Values{"grant_type": {"client_credentials"}, "client_id": {s.ClientID}, "scope": {fakeazure.Scope + " openid profile offline_access"},
			"client_assertion_type": {typ}, "client_assertion": {tc.assertion}}
		resp, body := post(t, context.Background(), s, "/"+s.TenantID+"/oauth2/v2.0/token", "", form.Encode(),
			map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
		if resp.StatusCode != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s", tc.name, resp.StatusCode, body)
		}
	}
}

// TestManagedIdentityEndpoints: App Service's endpoint wants its secret
// header, IMDS its Metadata header; both want the resource, and know one
// user-assigned identity besides the system-assigned one.
func TestManagedIdentityEndpoints(t *testing.T) {
	s := fakeazure.New(t)
	resource := "https://cognitiveservices.azure.com"
	get := func(path string, q url.Values, h map[string]string) (int, string) {
		req, err := http.NewRequest(http.MethodGet, s.URL+path+"?"+q.Encode(), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, body := send(t, req, h)
		return resp.StatusCode, body
	}
	appService := map[string]string{"X-Identity-Header": s.IdentityHeader}
	imds := map[string]string{"Metadata": "true"}
	for _, tc := range []struct {
		name, path string
		q          url.Values
		h          map[string]string
		status     int
		want       string
	}{
		{"app service", fakeazure.IdentityPath, url.Values{"api-version": {"2019-08-01"}, "resource": {resource}}, appService, 200, `"expires_on":"`},
		{"user-assigned", fakeazure.IdentityPath, url.Values{"api-version": {"2019-08-01"}, "resource": {resource}, "client_id": {s.ManagedIdentityClientID}}, appService, 200, "fake-managed-identity-token-"},
		{"unknown identity", fakeazure.IdentityPath, url.Values{"api-version": {"2019-08-01"}, "resource": {resource}, "client_id": {"other"}}, appService, 400, "Identity not found"},
		{"no secret header", fakeazure.IdentityPath, url.Values{"api-version": {"2019-08-01"}, "resource": {resource}}, nil, 401, "X-IDENTITY-HEADER"},
		{"scope, not resource", fakeazure.IdentityPath, url.Values{"api-version": {"2019-08-01"}, "resource": {fakeazure.Scope}}, appService, 400, "AADSTS500011"},
		{"imds", fakeazure.IMDSPath, url.Values{"api-version": {"2018-02-01"}, "resource": {resource}}, imds, 200, `"expires_in":"3600"`},
		{"imds without metadata", fakeazure.IMDSPath, url.Values{"api-version": {"2018-02-01"}, "resource": {resource}}, nil, 400, "Required metadata header"},
	} {
		if status, body := get(tc.path, tc.q, tc.h); status != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s", tc.name, status, body)
		}
	}
	if n := s.Count(fakeazure.KindIdentity); n != 7 {
		t.Errorf("%d identity requests recorded", n)
	}
}
