package fakeazure

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// AzCLI is a fake Azure CLI: an `az` executable, first on PATH, that
// prints what `az account get-access-token -o json` prints for a logged-in
// user. Like the real one, which answers from its own token cache, it
// hands out the same token until SetToken changes it.
type AzCLI struct {
	dir string
	s   *Server
}

// FakeAzCLI writes the fake az into a temporary directory, puts that
// directory first on PATH for the rest of the test, and has it print a
// token the server issued.
func (s *Server) FakeAzCLI(t testing.TB) *AzCLI {
	t.Helper()
	a := &AzCLI{dir: t.TempDir(), s: s}
	// The script records its arguments, then prints the token file.
	script := "#!/bin/sh\necho \"$@\" >> '" + a.path("calls") + "'\ncat '" + a.path("token.json") + "'\n"
	if err := os.WriteFile(a.path("az"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	a.SetToken(t)
	t.Setenv("PATH", a.dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return a
}

// SetToken makes az hand out a newly issued token, as after an az login,
// and returns it.
func (a *AzCLI) SetToken(t testing.TB) string {
	t.Helper()
	tok, exp := a.s.IssueToken(FlowCLI)
	b, _ := json.Marshal(map[string]any{
		"accessToken":  tok,
		"expiresOn":    exp.Local().Format("2006-01-02 15:04:05.000000"),
		"expires_on":   exp.Unix(),
		"subscription": "00000000-0000-4000-8000-00000000cccc",
		"tenant":       a.s.TenantID,
		"tokenType":    "Bearer",
	})
	if err := os.WriteFile(a.path("token.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	return tok
}

// Calls returns the arguments of each run of az so far.
func (a *AzCLI) Calls() []string {
	b, _ := os.ReadFile(a.path("calls"))
	if len(b) == 0 {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func (a *AzCLI) path(name string) string { return filepath.Join(a.dir, name) }
