package translate

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"

// anyObjectSchema is the schema of a json_object answer; never written.
var anyObjectSchema = []byte(`{"type":"object"}`)

// Schema returns the JSON schema response_format asks the answer to
// follow: {"type":"object"} for json_object (and for a json_schema without
// one), the client's schema for json_schema; nil for text and for no
// response_format. Upstreams without a JSON mode implement it as a tool
// the model must call with that schema.
func (rf *ResponseFormat) Schema() ([]byte, *Error) {
	if rf == nil {
		return nil, nil
	}
	switch rf.Type {
	case "text":
		return nil, nil
	case "json_object":
		return anyObjectSchema, nil
	case "json_schema":
		if rf.JSONSchema == nil {
			return nil, BadRequest("response_format.json_schema", "'response_format.json_schema' is required when type is json_schema")
		}
		s := rf.JSONSchema.Schema
		if len(s) == 0 || jsonw.IsNull(s) {
			return anyObjectSchema, nil
		}
		if !jsonw.IsObject(s) {
			return nil, BadRequest("response_format.json_schema.schema", "'response_format.json_schema.schema' must be a JSON object")
		}
		return s, nil
	}
	return nil, BadRequest("response_format.type", "invalid value for 'response_format.type': %q (expected text, json_object or json_schema)", rf.Type)
}
