package azure

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// maxDescribed bounds the text kept of a token failure: enough for the
// chain's account of every credential it tried.
const maxDescribed = 1000

// CredentialsError means an account has no usable credentials: one
// configured as a placeholder resolved to nothing, or no Entra token could
// be had. Its text names the account, the field or what Entra said, never
// a secret.
type CredentialsError struct {
	Account string
	// Kind is KindOpenAI or KindAI; empty means KindOpenAI.
	Kind string
	Err  error

	summary string // what went wrong, after the account's name and a separator
}

func (e *CredentialsError) Error() string {
	return e.Summary() + ": " + e.Err.Error()
}

// Summary is the error without its cause, for clients.
func (e *CredentialsError) Summary() string {
	kind := e.Kind
	if kind == "" {
		kind = KindOpenAI
	}
	return fmt.Sprintf("%s account %q%s", kind, e.Account, e.summary)
}

func (e *CredentialsError) Unwrap() error { return e.Err }

// errNoCredentials marks credentials configured as placeholders that
// resolved to nothing, or an identity the environment does not provide.
var errNoCredentials = errors.New("no credentials")

// describe turns a token failure into one line with no secret in it. A
// token endpoint's answer is summed up as its status, its error code and
// the first line of its description (AADSTS7000215: Invalid client secret
// provided...); anything else (the chain's account of what it tried, the
// Azure CLI's complaint) is kept as it is. Secrets are removed before the
// text is cut short, so no part of one can remain.
func describe(err error, secrets []string) error {
	msg := err.Error()
	var afe *azidentity.AuthenticationFailedError
	if errors.As(err, &afe) && afe.RawResponse != nil {
		msg = "the token endpoint answered HTTP " + strconv.Itoa(afe.RawResponse.StatusCode)
		var body struct {
			Code string `json:"error"`
			Desc string `json:"error_description"`
		}
		if b, rerr := runtime.Payload(afe.RawResponse); rerr == nil && json.Unmarshal(b, &body) == nil {
			if body.Code != "" {
				msg += " " + body.Code
			}
			if d, _, _ := strings.Cut(body.Desc, "\n"); strings.TrimSpace(d) != "" {
				msg += ": " + d
			}
		}
	}
	return errors.New(oneLine(scrub([]byte(msg), secrets), maxDescribed))
}
