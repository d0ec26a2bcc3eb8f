package cohere

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// tools writes the client's function tools as Cohere's: {"name",
// "description", "parameter_definitions": {"<name>": {"description",
// "type", "required"}}}. Command R takes no tool choice: "auto" is what
// it does, "none" sends no tools, and a forced choice ("required", a
// named function) is refused, or dropped with drop_params.
func (c *conversation) tools(b *body) *translate.Error {
	req := c.req
	if len(req.Tools) == 0 {
		return nil
	}
	if ch := req.ToolChoice; ch != nil {
		switch ch.Mode {
		case "none":
			return nil
		case "required", "function":
			if err := c.r.unsupported("tool_choice"); err != nil {
				return err
			}
		}
	}
	b.key("tools")
	b.buf = append(b.buf, '[')
	for i := range req.Tools {
		if i > 0 {
			b.buf = append(b.buf, ',')
		}
		var err *translate.Error
		if b.buf, err = c.tool(b.buf, i, &req.Tools[i]); err != nil {
			return err
		}
	}
	b.buf = append(b.buf, ']')
	return nil
}

func (c *conversation) tool(dst []byte, i int, t *translate.Tool) ([]byte, *translate.Error) {
	param := "tools[" + strconv.Itoa(i) + "]"
	if t.Type != "function" && t.Type != "" {
		return dst, translate.BadRequest(param+".type", "%s.type: unsupported tool type %q (only function tools are supported)", param, t.Type)
	}
	f := &t.Function
	if !openAIName(f.Name) {
		return dst, translate.BadRequest(param+".function.name", "%s.function.name: %q must be 1 to 64 letters, digits, underscores or hyphens", param, f.Name)
	}
	schema := []byte(f.Parameters)
	if len(schema) > 0 && !jsonw.IsNull(schema) && !jsonw.IsObject(schema) {
		return dst, translate.BadRequest(param+".function.parameters", "%s.function.parameters must be a JSON schema object", param)
	}
	dst = append(dst, `{"name":`...)
	dst = jsonw.AppendString(dst, c.names.cohereName(f.Name))
	dst = append(dst, `,"description":`...)
	dst = jsonw.AppendString(dst, f.Description)
	dst = append(dst, `,"parameter_definitions":`...)
	dst = appendDefinitions(dst, schema)
	return append(dst, '}'), nil
}

// appendDefinitions writes a JSON schema's properties as Cohere's
// parameter definitions, in the schema's order. Cohere's types are
// Python's (str, int, float, bool, List[str], Dict); what a type cannot
// say (an enum, a format, an object's own properties) goes after the
// property's description as the property's JSON schema, so the model
// still reads it.
func appendDefinitions(dst, schema []byte) []byte {
	dst = append(dst, '{')
	props, _ := jsonw.Lookup(schema, "properties")
	required, _ := jsonw.Lookup(schema, "required")
	m, _ := jsonw.ObjectMembers(props)
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		dst = jsonw.AppendKey(dst, k)
		dst = append(dst, `{"description":`...)
		dst = jsonw.AppendString(dst, describe(v))
		dst = append(dst, `,"type":`...)
		dst = jsonw.AppendString(dst, pythonType(v))
		dst = append(dst, `,"required":`...)
		dst = strconv.AppendBool(dst, listed(required, k))
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

// describe is a property's description, and its schema when the schema
// says more than a type and a description.
func describe(prop []byte) string {
	var desc []byte
	more := false
	m, _ := jsonw.ObjectMembers(prop)
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		switch {
		case jsonw.KeyIs(k, "description"):
			desc = jsonw.AppendUnquoted(desc, v)
		case jsonw.KeyIs(k, "type"), jsonw.KeyIs(k, "title"):
		default:
			more = true
		}
	}
	if more {
		if len(desc) > 0 {
			desc = append(desc, ' ')
		}
		desc = append(desc, "JSON schema: "...)
		desc = jsonw.AppendCompact(desc, prop)
	}
	return string(desc)
}

// pythonType names a property's JSON schema type the way Cohere's
// parameter definitions do. A property of several types takes its first
// that is not null; one of none is a string.
func pythonType(prop []byte) string {
	t, _ := jsonw.Lookup(prop, "type")
	if items, ok := jsonw.ArrayItems(t); ok {
		t = nil
		for v, more := items.Next(); more; v, more = items.Next() {
			if string(v) != `"null"` {
				t = v
				break
			}
		}
	}
	switch string(t) {
	case `"integer"`:
		return "int"
	case `"number"`:
		return "float"
	case `"boolean"`:
		return "bool"
	case `"object"`:
		return "Dict"
	case `"array"`:
		if items, ok := jsonw.Lookup(prop, "items"); ok && jsonw.IsObject(items) {
			return "List[" + pythonType(items) + "]"
		}
		return "List"
	}
	return "str"
}

// listed reports whether the JSON array of strings list holds the key
// literal k.
func listed(list, k []byte) bool {
	items, ok := jsonw.ArrayItems(list)
	if !ok {
		return false
	}
	var key, item [64]byte
	want := jsonw.AppendUnquoted(key[:0], k)
	for v, more := items.Next(); more; v, more = items.Next() {
		if string(jsonw.AppendUnquoted(item[:0], v)) == string(want) {
			return true
		}
	}
	return false
}

// openAIName checks a tool name by OpenAI's rule: 1 to 64 letters,
// digits, underscores or hyphens.
func openAIName(name string) bool {
	if len(name) == 0 || len(name) > 64 {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !nameByte(name[i]) && name[i] != '-' {
			return false
		}
	}
	return true
}
