package ai21

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"

// object writes a JSON object member by member. The request bodies are
// written by hand rather than marshalled: most of a body is the client's
// own raw values (numbers, schemas), copied as they came.
type object struct{ b []byte }

func newObject(size int) object { return object{b: append(make([]byte, 0, size), '{')} }

// key starts a member.
func (o *object) key(k string) {
	o.b = jsonw.AppendSep(o.b)
	o.b = jsonw.AppendString(o.b, k)
	o.b = append(o.b, ':')
}

// raw adds a member whose value is valid JSON as it is.
func (o *object) raw(k string, v []byte) {
	o.key(k)
	o.b = append(o.b, v...)
}

// str adds a string member.
func (o *object) str(k, v string) {
	o.key(k)
	o.b = jsonw.AppendString(o.b, v)
}

// strings adds an array of strings.
func (o *object) strings(k string, vs []string) {
	o.key(k)
	o.b = append(o.b, '[')
	for i, v := range vs {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = jsonw.AppendString(o.b, v)
	}
	o.b = append(o.b, ']')
}

// close ends the object and returns it.
func (o *object) close() []byte { return append(o.b, '}') }
