package azure

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
)

// newCertificate makes an RSA key and a self-signed certificate for it,
// and writes both to a PEM file, as an application's certificate
// credential is kept.
func newCertificate(t *testing.T) (*x509.Certificate, string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "caddy-llm-gateway test client"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	data := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})...)
	return cert, writeFile(t, "client.pem", data)
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// okFake is a fake Azure whose gpt-4o deployment answers, with the
// environment cleared of the developer's Azure settings.
func okFake(t *testing.T) *fakeazure.Server {
	s := fakeazure.New(t)
	s.HandleDeployment("gpt-4o", fakeazure.Reply{Text: "ok"})
	isolateAzureEnv(t, s)
	return s
}

// checkReuse posts n times and checks that every call carried the same
// token of flow, which took one request of kind (KindToken, KindIdentity).
// It returns that request.
func checkReuse(t *testing.T, s *fakeazure.Server, a *OpenAIAccount, n int, flow, kind string) fakeazure.Request {
	t.Helper()
	for range n {
		postOK(t, a)
	}
	checkBearer(t, s, flow)
	var got []fakeazure.Request
	for _, r := range s.Requests() {
		if r.Kind == kind {
			got = append(got, r)
		}
	}
	if len(got) != 1 {
		t.Fatalf("%d %s requests for %d calls, want 1", len(got), kind, n)
	}
	return got[0]
}

// form is a token request's form.
func form(r fakeazure.Request) url.Values {
	f, _ := url.ParseQuery(string(r.Body))
	return f
}

// checkBearer fails unless every API request carried a token of flow,
// the same one.
func checkBearer(t *testing.T, s *fakeazure.Server, flow string) {
	t.Helper()
	reqs := apiRequests(s)
	if len(reqs) == 0 {
		t.Fatal("no API request")
	}
	first := reqs[0].Header.Get("Authorization")
	for i, r := range reqs {
		auth := r.Header.Get("Authorization")
		if !strings.HasPrefix(auth, "Bearer fake-"+flow+"-token-") || auth != first || r.Header.Get("Api-Key") != "" {
			t.Errorf("request %d: Authorization %q (first %q), api-key %q", i, auth, first, r.Header.Get("Api-Key"))
		}
	}
}

// TestClientCertificate: the gateway signs a client assertion with the
// certificate's key; the fake Entra checks the signature against the
// certificate, the thumbprint, and the audience, issuer and subject.
func TestClientCertificate(t *testing.T) {
	s := okFake(t)
	cert, path := newCertificate(t)
	s.ClientCert = cert
	a := provision(t, &OpenAIAccount{Endpoint: s.URL, Credentials: Credentials{
		TenantID: s.TenantID, ClientID: s.ClientID, ClientCertificate: path}})
	tr := checkReuse(t, s, a, 2, fakeazure.FlowCertificate, fakeazure.KindToken)
	if f := form(tr); f.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" ||
		strings.Count(f.Get("client_assertion"), ".") != 2 || f.Has("client_secret") {
		t.Errorf("token request %v", f)
	}

	// A certificate the application does not have is refused by Entra.
	_, otherPath := newCertificate(t)
	other := provision(t, &OpenAIAccount{Endpoint: s.URL, Credentials: Credentials{
		TenantID: s.TenantID, ClientID: s.ClientID, ClientCertificate: otherPath}})
	_, err := other.Post(t.Context(), "gpt-4o", OpChat, []byte(chatBody), false)
	var credErr *CredentialsError
	if !errors.As(err, &credErr) || !strings.Contains(err.Error(), "AADSTS700027") ||
		!strings.Contains(credErr.Summary(), "tenant_id, client_id and client_certificate") {
		t.Errorf("unknown certificate: %v", err)
	}
}

// TestClientCertificatePKCS12: a password-protected .p12 (made with
// openssl pkcs12 -export) works, its password given as a placeholder; a
// wrong password stops provisioning without showing it.
func TestClientCertificatePKCS12(t *testing.T) {
	const password = "fake-p12-password"
	data, err := os.ReadFile("testdata/client.p12")
	if err != nil {
		t.Fatal(err)
	}
	certs, _, err := azidentity.ParseCertificates(data, []byte(password))
	if err != nil {
		t.Fatal(err)
	}
	s := okFake(t)
	s.ClientCert = certs[0]
	for _, pw := range []string{password, "wrong-password"} {
		t.Setenv("P12_PASSWORD", pw)
		resolve := func(v string) string { return strings.ReplaceAll(v, "{env.P12_PASSWORD}", os.Getenv("P12_PASSWORD")) }
		a := &OpenAIAccount{Endpoint: s.URL, Credentials: Credentials{TenantID: s.TenantID, ClientID: s.ClientID,
			ClientCertificate: "testdata/client.p12", ClientCertificatePassword: "{env.P12_PASSWORD}"}}
		err := a.Provision(t.Context(), "test", resolve, nil)
		t.Cleanup(a.Cleanup)
		if pw != password {
			if err == nil || !strings.Contains(err.Error(), "client_certificate testdata/client.p12") || strings.Contains(err.Error(), pw) {
				t.Errorf("wrong password: %v", err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		postOK(t, a)
		checkBearer(t, s, fakeazure.FlowCertificate)
	}
}

// TestWorkloadIdentity: the federated token AKS writes is sent as the
// client assertion, for the application in AZURE_CLIENT_ID unless
// client_id overrides it.
func TestWorkloadIdentity(t *testing.T) {
	s := okFake(t)
	t.Setenv(EnvFederatedTokenFile, writeFile(t, "azure-identity-token", []byte(s.FederatedToken)))
	t.Setenv("AZURE_TENANT_ID", s.TenantID)
	t.Setenv("AZURE_CLIENT_ID", "00000000-0000-4000-8000-0000000000ff") // another application
	a := provision(t, &OpenAIAccount{Endpoint: s.URL, Credentials: Credentials{WorkloadIdentity: true, ClientID: s.ClientID}})
	tr := checkReuse(t, s, a, 2, fakeazure.FlowWorkload, fakeazure.KindToken)
	if f := form(tr); f.Get("client_assertion") != s.FederatedToken || f.Get("client_id") != s.ClientID ||
		f.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
		t.Errorf("token request %v", f)
	}

	// Without the override, AZURE_CLIENT_ID is the application.
	b := provision(t, &OpenAIAccount{Endpoint: s.URL, Credentials: Credentials{WorkloadIdentity: true}})
	_, err := b.Post(t.Context(), "gpt-4o", OpChat, []byte(chatBody), false)
	if err == nil || !strings.Contains(err.Error(), "AADSTS700016") {
		t.Errorf("AZURE_CLIENT_ID: %v", err)
	}
}
