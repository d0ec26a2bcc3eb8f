// Package familytest holds what the tests of the InvokeModel families
// share: requests translated and compared with golden bodies, answers
// with golden OpenAI answers, the table of refused requests, and
// recorded streams, encoded as Bedrock sends them and transcoded frame by
// frame as the handler does. Only tests import it.
//
// The files live in the calling package's testdata: request/ and text/
// (<name>.json and <name>.golden.json), response/ (<name>.json and
// <name>.golden.json), stream/ (<name>.events.json and <name>.golden.sse)
// and fuzz/. Run go test -update to rewrite the golden files, then review
// the diff.
package familytest

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke"
)

// The id and creation time of every answer written in tests.
const (
	ID      = "chatcmpl-0123456789"
	Created = 1700000000
)

// Family returns a registered family, as a line names it.
func Family(tb testing.TB, name string) invoke.Family {
	tb.Helper()
	f, ok := invoke.ByName(name)
	if !ok {
		tb.Fatalf("family %q is not registered", name)
	}
	return f
}
