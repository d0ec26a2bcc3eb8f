package fakeazure

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// checkAssertion verifies a client assertion the way Entra does for a
// certificate credential: a JWT whose header names the certificate by its
// thumbprint, signed with its key (PS256, or RS256), whose audience is the
// token endpoint, whose issuer and subject are the client ID, and which is
// valid now. Validity is judged by real time, not the fake's clock: it is
// the client's clock that stamped it.
func (s *Server) checkAssertion(assertion, tokenURL string) error {
	malformed := errors.New("AADSTS50027: JWT token is invalid or malformed.")
	parts := strings.Split(assertion, ".")
	if len(parts) != 3 {
		return malformed
	}
	var header struct {
		Alg     string `json:"alg"`
		X5t     string `json:"x5t"`
		X5tS256 string `json:"x5t#S256"`
	}
	var claims struct {
		Aud, Iss, Sub, Jti string
		Exp, Nbf           int64
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || decodeSegment(parts[0], &header) != nil || decodeSegment(parts[1], &claims) != nil {
		return malformed
	}
	if !s.thumbprintMatches(header.X5tS256, header.X5t) {
		return errors.New("AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.")
	}
	pub, ok := s.ClientCert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return errors.New("AADSTS700027: Client assertion contains an invalid signature.")
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	switch header.Alg {
	case "PS256":
		err = rsa.VerifyPSS(pub, crypto.SHA256, digest[:], sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto})
	case "RS256":
		err = rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig)
	default:
		err = errors.New("unsupported alg")
	}
	if err != nil {
		return errors.New("AADSTS700027: Client assertion contains an invalid signature.")
	}
	now := time.Now().Unix()
	switch {
	case claims.Aud != tokenURL:
		return errors.New("AADSTS700021: Client assertion audience claim does not match Realm issuer.")
	case claims.Iss != s.ClientID || claims.Sub != s.ClientID:
		return errors.New("AADSTS700023: Client assertion issuer and subject must be the client ID.")
	case claims.Jti == "":
		return errors.New("AADSTS700024: Client assertion has no jti.")
	case claims.Exp <= now || claims.Nbf > now+300:
		return errors.New("AADSTS700024: Client assertion is not within its valid time range.")
	}
	return nil
}

// thumbprintMatches reports whether the JWT header's thumbprint, SHA-256
// or the older SHA-1, is ClientCert's. MSAL encodes it in standard base64,
// the JWT specification in base64url: both are taken.
func (s *Server) thumbprintMatches(s256, s1 string) bool {
	sum256 := sha256.Sum256(s.ClientCert.Raw)
	sum1 := sha1.Sum(s.ClientCert.Raw)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding} {
		if s256 != "" && s256 == enc.EncodeToString(sum256[:]) || s1 != "" && s1 == enc.EncodeToString(sum1[:]) {
			return true
		}
	}
	return false
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
