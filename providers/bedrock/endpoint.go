package bedrock

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/aws/smithy-go/encoding/httpbinding"
)

// resolveEndpoint sets the base URL and path prefix requests are built on:
// the configured endpoint, else the AWS SDKs' environment variables for
// service endpoints, else the public regional endpoint. Errors never echo
// the endpoint, which might carry user info.
func (a *Account) resolveEndpoint(endpoint string) error {
	if endpoint == "" {
		endpoint = endpointFromEnv()
	}
	if endpoint == "" {
		host := "bedrock-runtime." + a.region + ".amazonaws.com"
		if strings.HasPrefix(a.region, "cn-") {
			host += ".cn"
		}
		a.baseURL, a.pathPrefix, a.rawPrefix = "https://"+host, "", ""
		return nil
	}
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("bedrock account %q: endpoint must be an absolute http or https URL", a.name)
	}
	if u.User != nil {
		return fmt.Errorf("bedrock account %q: endpoint must not contain user info", a.name)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return fmt.Errorf("bedrock account %q: endpoint must not have a query or fragment", a.name)
	}
	a.baseURL = u.Scheme + "://" + u.Host
	a.pathPrefix = strings.TrimRight(u.Path, "/")
	a.rawPrefix = strings.TrimRight(u.EscapedPath(), "/")
	return nil
}

// endpointFromEnv reads AWS_ENDPOINT_URL_BEDROCK_RUNTIME, then
// AWS_ENDPOINT_URL, as the AWS SDKs do, unless
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true.
func endpointFromEnv() string {
	if strings.EqualFold(os.Getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true") {
		return ""
	}
	if e := os.Getenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME"); e != "" {
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
