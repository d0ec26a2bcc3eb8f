package fakeazure

import (
	"os"
	"strings"
	"testing"
)

// IsolateEnv keeps the developer's Azure setup out of a test: it unsets,
// for the rest of the test, every variable azidentity reads to find an
// identity (AZURE_*, IDENTITY_*, MSI_*, IMDS_ENDPOINT, ...). Unset, not
// empty: azidentity tells the two apart.
func IsolateEnv(t testing.TB) {
	t.Helper()
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "AZURE_"), strings.HasPrefix(k, "IDENTITY_"), strings.HasPrefix(k, "MSI_"),
			k == "IMDS_ENDPOINT", k == "DEFAULT_IDENTITY_CLIENT_ID":
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
}
