package bedrock

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/aws/smithy-go/encoding/httpbinding"
)

// base is where an endpoint's requests go: scheme and host, and a path
// prefix both unescaped and as it goes on the wire.
type base struct {
	url, prefix, rawPrefix string
}

// resolveEndpoint sets the base URL and path prefix requests are built on:
// the configured endpoint, else the AWS SDKs' environment variables for
// service endpoints, else the public regional endpoint. Errors never echo
// the endpoint, which might carry user info.
func (a *Account) resolveEndpoint(endpoint string) error {
	b, err := a.endpointBase("endpoint", endpoint, "BEDROCK_RUNTIME", "bedrock-runtime")
	a.baseURL, a.pathPrefix, a.rawPrefix = b.url, b.prefix, b.rawPrefix
	return err
}

// resolveAgentEndpoint sets where the agent runtime's requests (Rerank)
// go: agent_endpoint, else endpoint, so that one proxy configured for
// both serves both, else as for the runtime with the agent runtime's own
// environment variable and host.
func (a *Account) resolveAgentEndpoint(agentEndpoint, endpoint string) error {
	if agentEndpoint == "" {
		agentEndpoint = endpoint
	}
	var err error
	a.agent, err = a.endpointBase("agent_endpoint", agentEndpoint, "BEDROCK_AGENT_RUNTIME", "bedrock-agent-runtime")
	return err
}

// endpointBase parses the endpoint an option configures, or the one the
// environment gives the service (AWS_ENDPOINT_URL_<service>), or builds
// the public regional one on host prefix.
func (a *Account) endpointBase(option, endpoint, service, hostPrefix string) (base, error) {
	if endpoint == "" {
		endpoint = endpointFromEnv(service)
	}
	if endpoint == "" {
		host := hostPrefix + "." + a.region + ".amazonaws.com"
		if strings.HasPrefix(a.region, "cn-") {
			host += ".cn"
		}
		return base{url: "https://" + host}, nil
	}
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return base{}, fmt.Errorf("bedrock account %q: %s must be an absolute http or https URL", a.name, option)
	}
	if u.User != nil {
		return base{}, fmt.Errorf("bedrock account %q: %s must not contain user info", a.name, option)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return base{}, fmt.Errorf("bedrock account %q: %s must not have a query or fragment", a.name, option)
	}
	return base{
		url:       u.Scheme + "://" + u.Host,
		prefix:    strings.TrimRight(u.Path, "/"),
		rawPrefix: strings.TrimRight(u.EscapedPath(), "/"),
	}, nil
}

// endpointFromEnv reads AWS_ENDPOINT_URL_<service> (BEDROCK_RUNTIME,
// BEDROCK_AGENT_RUNTIME), then AWS_ENDPOINT_URL, as the AWS SDKs do,
// unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true.
func endpointFromEnv(service string) string {
	if strings.EqualFold(os.Getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true") {
		return ""
	}
	if e := os.Getenv("AWS_ENDPOINT_URL_" + service); e != "" {
		return e
	}
	return os.Getenv("AWS_ENDPOINT_URL")
}

// setModelPath points u at {prefix}/model/{modelID}/{op}. The model ID is
// escaped like the AWS SDK escapes path labels, so ':' and '/' in IDs and
// ARNs go out as %3A and %2F. RawPath carries that wire form; the signer
// escapes it once more for the canonical URI, which is what Bedrock
// verifies against.
func (a *Account) setModelPath(u *url.URL, modelID, op string) {
	u.Path = a.pathPrefix + "/model/" + modelID + "/" + op
	u.RawPath = a.rawPrefix + "/model/" + httpbinding.EscapePath(modelID, true) + "/" + op
}

// reservedHeaders are owned by the request builder or the signer. Besides
// breaking requests, letting config set the signer's own headers would
// make it write into slices shared between requests.
var reservedHeaders = map[string]bool{
	"Accept":               true,
	"Authorization":        true,
	"Connection":           true,
	"Content-Length":       true,
	"Content-Type":         true,
	"Host":                 true,
	"Transfer-Encoding":    true,
	"X-Amz-Content-Sha256": true,
	"X-Amz-Date":           true,
	"X-Amz-Security-Token": true,
}
