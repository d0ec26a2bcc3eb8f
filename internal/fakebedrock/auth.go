package fakebedrock

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"time"
)

const (
	sigAlgorithm = "AWS4-HMAC-SHA256"
	amzDateFmt   = "20060102T150405Z"
	maxSkew      = 5 * time.Minute // what AWS tolerates
	signingName  = "bedrock"
)

// Messages AWS sends for these failures.
const (
	msgNoAuth       = "Authorization header is missing"
	msgBadToken     = "The security token included in the request is invalid."
	msgBadSig       = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	msgIncomplete   = "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters, and an X-Amz-Date header."
	msgWrongRegion  = "Credential should be scoped to a valid region."
	msgWrongService = "Credential should be scoped to correct service: 'bedrock'."
)

// authenticate checks the request's SigV4 signature by signing an identical
// request with the server's credentials and comparing the results, so it
// agrees with AWS on everything the SDK signer covers (canonical path
// escaping, signed headers, payload hash).
func (s *Server) authenticate(r *http.Request, body []byte) *apiError {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return &apiError{Status: http.StatusForbidden, Type: "AccessDeniedException",
			Namespace: nsCoral, Message: msgNoAuth, UpperMessage: true}
	}
	if key, ok := strings.CutPrefix(auth, "Bearer "); ok {
		// An Amazon Bedrock API key.
		if s.APIKey == "" || subtle.ConstantTimeCompare([]byte(key), []byte(s.APIKey)) != 1 {
			return &apiError{Status: http.StatusForbidden, Type: "UnrecognizedClientException", Message: msgBadToken}
		}
		return nil
	}
	a, ok := parseAuthorization(auth)
	date, err := time.Parse(amzDateFmt, r.Header.Get("X-Amz-Date"))
	if !ok || err != nil {
		return &apiError{Status: http.StatusForbidden, Type: "IncompleteSignatureException", Message: msgIncomplete}
	}
	if a.accessKeyID != s.Creds.AccessKeyID ||
		r.Header.Get("X-Amz-Security-Token") != s.Creds.SessionToken {
		return &apiError{Status: http.StatusForbidden, Type: "UnrecognizedClientException", Message: msgBadToken}
	}
	if a.region != s.Region {
		return &apiError{Status: http.StatusForbidden, Type: "InvalidSignatureException", Message: msgWrongRegion}
	}
	if a.service != signingName {
		return &apiError{Status: http.StatusForbidden, Type: "InvalidSignatureException", Message: msgWrongService}
	}
	if now := time.Now().UTC(); date.Before(now.Add(-maxSkew)) || date.After(now.Add(maxSkew)) {
		return &apiError{Status: http.StatusForbidden, Type: "InvalidSignatureException",
			Message: "Signature expired: " + date.Format(amzDateFmt) + " is now earlier than " +
				now.Add(-maxSkew).Format(amzDateFmt) + " (" + now.Format(amzDateFmt) + " - 5 min.)"}
	}

	want, err := s.expectedAuthorization(r, body, a.signedHeaders, date)
	if err != nil || subtle.ConstantTimeCompare([]byte(want), []byte(auth)) != 1 {
		return &apiError{Status: http.StatusForbidden, Type: "InvalidSignatureException", Message: msgBadSig}
	}
	return nil
}

type authorization struct {
	accessKeyID, region, service string
	signedHeaders                []string
}

// parseAuthorization splits
// "AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex".
func parseAuthorization(h string) (authorization, bool) {
	rest, ok := strings.CutPrefix(h, sigAlgorithm+" ")
	if !ok {
		return authorization{}, false
	}
	var a authorization
	var cred, sig string
	for part := range strings.SplitSeq(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "Credential":
			cred = v
		case "SignedHeaders":
			if v != "" {
				a.signedHeaders = strings.Split(v, ";")
			}
		case "Signature":
			sig = v
		}
	}
	scope := strings.Split(cred, "/")
	if len(scope) != 5 || scope[4] != "aws4_request" || sig == "" || len(a.signedHeaders) == 0 {
		return authorization{}, false
	}
	a.accessKeyID, a.region, a.service = scope[0], scope[2], scope[3]
	return a, true
}

// expectedAuthorization signs a copy of r holding only the headers the
// client said it signed, with the path exactly as it came over the wire.
func (s *Server) expectedAuthorization(r *http.Request, body []byte, signed []string, at time.Time) (string, error) {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	u := &url.URL{
		Scheme:   scheme,
		Host:     r.Host,
		Path:     r.URL.Path,
		RawPath:  r.URL.EscapedPath(),
		RawQuery: r.URL.RawQuery,
	}
	req := &http.Request{
		Method: r.Method,
		URL:    u,
		Host:   r.Host,
		Header: make(http.Header, len(signed)),
	}
	for _, name := range signed {
		switch name {
		case "host": // the signer takes it from Host
			continue
		case "content-length": // and this from ContentLength
			req.ContentLength = r.ContentLength
			continue
		}
		if vs := r.Header.Values(name); len(vs) > 0 {
			req.Header[textproto.CanonicalMIMEHeaderKey(name)] = vs
		}
	}
	err := s.signer.SignHTTP(r.Context(), s.Creds, req, payloadHash(body), signingName, s.Region, at)
	return req.Header.Get("Authorization"), err
}

func payloadHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}
