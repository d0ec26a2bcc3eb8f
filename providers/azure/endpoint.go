package azure

import (
	"fmt"
	"net/url"
	"strings"
)

// parseEndpoint splits an endpoint into its base URL (scheme and host) and
// path prefix, unescaped and as sent on the wire, without a trailing
// slash. It says what is wrong but never echoes the endpoint, which might
// carry user info.
func parseEndpoint(endpoint string) (base, prefix, rawPrefix string, err error) {
	if endpoint == "" {
		return "", "", "", fmt.Errorf("endpoint is required")
	}
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "", "", fmt.Errorf("endpoint must be an absolute https (or http) URL")
	}
	if u.User != nil {
		return "", "", "", fmt.Errorf("endpoint must not contain user info")
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", "", "", fmt.Errorf("endpoint must not have a query or fragment")
	}
	return u.Scheme + "://" + u.Host, strings.TrimRight(u.Path, "/"), strings.TrimRight(u.EscapedPath(), "/"), nil
}

// escapeSegment escapes s as one path segment: everything but RFC 3986's
// unreserved characters is percent-encoded, so that no deployment name can
// add a path segment, a query or a fragment, or be read differently by a
// proxy on the way.
func escapeSegment(s string) string {
	const hex = "0123456789ABCDEF"
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b = append(b, c)
		} else {
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}

func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// validSegment refuses names that are empty or dot segments, which a
// proxy could resolve against the path even when escaped.
func validSegment(s string) bool { return s != "" && s != "." && s != ".." }

// validToken reports whether s is a plain token (an API version, a tenant
// ID or domain): letters, digits, '-', '.' and '_'.
func validToken(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !unreserved(c) || c == '~' {
			return false
		}
	}
	return s != ""
}

// reservedHeaders are set by the request builder; configuring them would
// break requests or leak credentials in ways the gateway cannot see.
var reservedHeaders = map[string]bool{
	"Accept":            true,
	"Api-Key":           true,
	"Authorization":     true,
	"Connection":        true,
	"Content-Length":    true,
	"Content-Type":      true,
	"Extra-Parameters":  true,
	"Host":              true,
	"Transfer-Encoding": true,
}
