package fakeazure

import (
	"encoding/pem"
	"net/http/httptest"
	"os"
	"path/filepath"
)

// TrustTestCertificates makes clients that verify against the system roots
// — azidentity's, the gateway's — trust the certificate every httptest TLS
// server presents, AuthorityURL's included, through the standard
// SSL_CERT_FILE. Go reads the system roots once, when first needed: call
// it from TestMain, before any TLS handshake. The cleanup removes the
// file.
func TrustTestCertificates() (cleanup func(), err error) {
	srv := httptest.NewTLSServer(nil)
	cert := srv.Certificate()
	srv.Close()
	dir, err := os.MkdirTemp("", "fakeazure-roots")
	if err != nil {
		return nil, err
	}
	file := filepath.Join(dir, "roots.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o600); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	os.Setenv("SSL_CERT_FILE", file)
	return func() { os.RemoveAll(dir) }, nil
}
