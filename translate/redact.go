package translate

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/textw"
)

// RedactCredentials hides credentials that a proxy in front of an upstream
// may echo back in an error text. The provider removes its own key and
// token before translate sees a reply, but it cannot know another
// request's Entra token or a key a proxy added, so the patterns that
// carry credentials are redacted here too:
//
//	api-key: <v>   api-key=<v>   "api-key": "<v>"   'api-key': '<v>'
//	Authorization: Bearer <v>    Ocp-Apim-Subscription-Key: <v>
//	Bearer <v>     (a token of at least 16 characters; shorter is prose)
//
// Names match in any case and as part of longer names (x-api-key), with
// api_key, apikey, subscription-key, access_token and client_secret
// besides. Each value becomes [REDACTED]. Text with nothing to redact is
// returned as it is, without allocating.
func RedactCredentials(s string) string {
	var b strings.Builder // used from the first redaction on
	done := -1            // s[:done] is in b
	// Every position is tried, those inside a value just redacted too: in
	// "api-key=api-key: <v>" the first value is a name, and <v> the secret.
	for i := 0; i < len(s); i++ {
		start, end := credentialAt(s, i)
		switch {
		case end <= start:
		case start < done: // overlaps the last redaction: extend it
			done = max(done, end)
		default:
			if done < 0 {
				b.Grow(len(s))
				done = 0
			}
			b.WriteString(s[done:start])
			b.WriteString(redactedValue)
			done = end
		}
	}
	if done < 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

const redactedValue = "[REDACTED]"

// credentialNames are the names whose value is a credential; lowercase.
var credentialNames = [...]string{
	"authorization", "api-key", "api_key", "apikey", "subscription-key", "access_token", "client_secret",
}

// minBareToken is the shortest token redacted after a bare "Bearer":
// credentials are longer (Azure keys have 32 characters, Entra tokens
// hundreds), while "Bearer token is missing" is a sentence.
const minBareToken = 16

// credentialAt returns where the credential value named at s[i] starts and
// ends, or end <= start when none is.
func credentialAt(s string, i int) (start, end int) {
	switch s[i] | 0x20 { // ASCII lowercase, for a quick first test
	case 'b':
		if !textw.HasPrefixFold(s[i:], "bearer") {
			return 0, 0
		}
		j := i + len("bearer")
		if k := skipBlanks(s, j); k > j {
			if e := credentialEnd(s, k); e-k >= minBareToken {
				return k, e
			}
		}
		return 0, 0
	case 'a', 's', 'c':
	default:
		return 0, 0
	}
	for _, name := range credentialNames {
		if !textw.HasPrefixFold(s[i:], name) {
			continue
		}
		j := skipQuotes(s, i+len(name))
		if j >= len(s) || s[j] != ':' && s[j] != '=' {
			return 0, 0
		}
		j = skipQuotes(s, j+1)
		if j < len(s) && s[j] == '[' {
			j = skipQuotes(s, j+1)
		}
		if name == "authorization" {
			j = skipScheme(s, j)
		}
		return j, credentialEnd(s, j)
	}
	return 0, 0
}

// credentialEnd returns the end of the credential at s[i]: a run of the
// characters of tokens and keys (RFC 7235 token68, with % for URL-encoded
// ones and \/ for JSON-escaped slashes).
func credentialEnd(s string, i int) int {
	for i < len(s) {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~+/=%", c) >= 0:
			i++
		case c == '\\' && i+1 < len(s) && s[i+1] == '/':
			i += 2
		default:
			return i
		}
	}
	return i
}

// skipQuotes skips what may stand between a name, its separator and its
// value: spaces, tabs, quotes and the backslashes that escape them.
func skipQuotes(s string, i int) int {
	for i < len(s) && strings.IndexByte(" \t\"'\\", s[i]) >= 0 {
		i++
	}
	return i
}

func skipBlanks(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// authSchemes are the HTTP authentication schemes that may come before a
// credential in an Authorization header; lowercase. They stay readable.
var authSchemes = [...]string{"bearer", "basic", "digest", "negotiate", "sharedkey", "token"}

// skipScheme skips an authentication scheme and the blanks after it.
func skipScheme(s string, i int) int {
	for _, scheme := range authSchemes {
		if textw.HasPrefixFold(s[i:], scheme) {
			if k := skipBlanks(s, i+len(scheme)); k > i+len(scheme) {
				return k
			}
		}
	}
	return i
}
