package azure

import (
	"os"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"golang.org/x/net/http/httpguts"
)

// Environment variables of Azure's own credential chain.
const (
	envTenantID = "AZURE_TENANT_ID"
	envClientID = "AZURE_CLIENT_ID"
)

// setupAuth resolves the account's credentials and sets up how its
// requests authenticate: an API key's headers, or an Entra token source.
// It contacts nothing. Credentials that resolve to nothing, or an
// identity the environment lacks, leave the account without credentials
// (its requests fail) rather than stop the gateway.
func (c *conn) setupAuth(cr *Credentials, resolve func(string) string) error {
	if err := cr.Conflict(); err != nil {
		return c.errorf("%v", err)
	}
	var kind string
	if ks := cr.kinds(); len(ks) == 1 {
		kind = ks[0]
	}
	switch kind {
	case credAPIKey:
		return c.useKey(resolve(cr.APIKey))
	case credSecret:
		tenant, id, secret := resolve(cr.TenantID), resolve(cr.ClientID), resolve(cr.ClientSecret)
		if secret == "" {
			return c.deferCredentials("its client_secret resolved to nothing")
		}
		if err := c.checkApplication(tenant, id, credSecret); err != nil {
			return err
		}
		return c.useFlow(secretFlow(tenant, id, secret), true, secret)
	case credCertificate:
		return c.useCertificate(cr, resolve)
	case credIdentity:
		id := resolve(cr.ManagedIdentity.ClientID)
		switch {
		case id == "" && cr.ManagedIdentity.ClientID != "":
			return c.deferCredentials("its managed_identity client ID resolved to nothing")
		case id != "" && !validToken(id):
			return c.errorf("managed_identity client ID must be letters, digits, '-', '.' or '_'")
		}
		return c.useFlow(identityFlow(id), false)
	case credWorkload:
		return c.useWorkload(cr, resolve)
	case credCLI:
		return c.useFlow(cliFlow(), false)
	}
	switch {
	case cr.TenantID != "" || cr.ClientID != "":
		return c.errorf("tenant_id and client_id need client_secret, client_certificate or workload_identity")
	case cr.ClientCertificatePassword != "":
		return c.errorf("client_certificate_password needs client_certificate")
	}
	// What the chain may find in the environment is kept out of errors.
	return c.useFlow(defaultFlow(), true, os.Getenv("AZURE_CLIENT_SECRET"), os.Getenv("AZURE_CLIENT_CERTIFICATE_PASSWORD"))
}

func (c *conn) useKey(key string) error {
	switch {
	case key == "":
		return c.deferCredentials("its api_key resolved to nothing")
	case !httpguts.ValidHeaderFieldValue(key):
		return c.errorf("api_key has characters a header cannot carry")
	}
	c.apiKey = []string{key}
	if c.kind == KindAI {
		c.bearer = []string{"Bearer " + key}
	}
	c.secrets = []string{key}
	c.logProvisioned(credAPIKey)
	return nil
}

func (c *conn) useCertificate(cr *Credentials, resolve func(string) string) error {
	path, password := resolve(cr.ClientCertificate), resolve(cr.ClientCertificatePassword)
	switch {
	case path == "":
		return c.deferCredentials("its client_certificate resolved to nothing")
	case password == "" && cr.ClientCertificatePassword != "":
		return c.deferCredentials("its client_certificate_password resolved to nothing")
	}
	tenant, id := resolve(cr.TenantID), resolve(cr.ClientID)
	if err := c.checkApplication(tenant, id, credCertificate); err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return c.errorf("client_certificate: %v", err)
	}
	certs, key, err := azidentity.ParseCertificates(data, []byte(password))
	if err != nil {
		return c.errorf("client_certificate %s: %v", path, err)
	}
	return c.useFlow(certificateFlow(tenant, id, certs, key), true, password)
}

// useWorkload reads what the AKS workload identity webhook sets; tenant_id
// and client_id override it.
func (c *conn) useWorkload(cr *Credentials, resolve func(string) string) error {
	tenant, id, file := resolve(cr.TenantID), resolve(cr.ClientID), os.Getenv(EnvFederatedTokenFile)
	if tenant == "" {
		tenant = os.Getenv(envTenantID)
	}
	if id == "" {
		id = os.Getenv(envClientID)
	}
	switch {
	case file == "":
		return c.deferCredentials("workload_identity needs " + EnvFederatedTokenFile + ", which is not set")
	case tenant == "":
		return c.deferCredentials("workload_identity needs tenant_id or " + envTenantID)
	case id == "":
		return c.deferCredentials("workload_identity needs client_id or " + envClientID)
	}
	if err := c.checkApplication(tenant, id, credWorkload); err != nil {
		return err
	}
	return c.useFlow(workloadFlow(tenant, id, file), true)
}

// checkApplication checks an application's tenant and client IDs.
func (c *conn) checkApplication(tenant, id, kind string) error {
	var missing []string
	if tenant == "" {
		missing = append(missing, "tenant_id")
	}
	if id == "" {
		missing = append(missing, "client_id")
	}
	switch {
	case len(missing) > 0:
		return c.errorf("tenant_id, client_id and %s must be set together (missing or empty: %s)", kind, strings.Join(missing, ", "))
	case !validToken(tenant):
		return c.errorf("tenant_id must be a directory ID or domain")
	case !validToken(id):
		return c.errorf("client_id has invalid characters")
	}
	return nil
}

// useFlow sets up a token source for f; withAuthority when f talks to
// Entra itself, which AZURE_AUTHORITY_HOST may move. secrets are kept out
// of error texts.
func (c *conn) useFlow(f flow, withAuthority bool, secrets ...string) error {
	authority := DefaultAuthorityHost
	if withAuthority {
		var err error
		if authority, err = authorityHost(); err != nil {
			return c.errorf("%v", err)
		}
	}
	for _, s := range secrets {
		if s != "" {
			c.secrets = append(c.secrets, s)
		}
	}
	e, err := newEntraSource(c.name, c.kind, f, tokenOptions(c.transport, authority), c.secrets, c.logger)
	if err != nil {
		return c.errorf("%v", err)
	}
	c.entra = e
	c.logProvisioned(f.name)
	return nil
}
