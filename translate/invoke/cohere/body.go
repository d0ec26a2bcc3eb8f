package cohere

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// body writes a native request body member by member. It remembers the
// keys written, so that a member the client forwards as it is cannot
// repeat one the gateway built: Bedrock would read one of the two, and
// the client could not tell which.
type body struct {
	buf  []byte
	keys []string
}

func newBody(size int) *body {
	return &body{buf: append(make([]byte, 0, size), '{'), keys: make([]string, 0, 16)}
}

// key starts the member k.
func (b *body) key(k string) {
	b.keys = append(b.keys, k)
	b.buf = jsonw.AppendSep(b.buf)
	b.buf = jsonw.AppendString(b.buf, k)
	b.buf = append(b.buf, ':')
}

func (b *body) has(k string) bool {
	for _, have := range b.keys {
		if have == k {
			return true
		}
	}
	return false
}

func (b *body) str(k, v string) {
	b.key(k)
	b.buf = jsonw.AppendString(b.buf, v)
}

func (b *body) raw(k string, v []byte) {
	b.key(k)
	b.buf = append(b.buf, v...)
}

func (b *body) int(k string, n int) {
	b.key(k)
	b.buf = strconv.AppendInt(b.buf, int64(n), 10)
}

// strings writes a list of strings, leaving out empty ones, which can
// never match and which Bedrock refuses; nothing when none is left.
func (b *body) strings(k string, list []string) {
	first := true
	for _, s := range list {
		if s == "" {
			continue
		}
		if first {
			b.key(k)
			b.buf = append(b.buf, '[')
			first = false
		} else {
			b.buf = append(b.buf, ',')
		}
		b.buf = jsonw.AppendString(b.buf, s)
	}
	if !first {
		b.buf = append(b.buf, ']')
	}
}

// forward writes the members the client meant for the model as they
// are (k, documents, truncate, ...), refusing one the gateway built.
func (b *body) forward(extras []translate.Member, family string) *translate.Error {
	for _, m := range extras {
		if b.has(m.Key) {
			return translate.BadRequest(m.Key, "'%s' is set by the gateway for %s models from the OpenAI parameters; send those instead", m.Key, family)
		}
		b.raw(m.Key, m.Value)
	}
	return nil
}

func (b *body) bytes() []byte { return append(b.buf, '}') }
