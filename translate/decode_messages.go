package translate

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// The messages array is decoded by hand. It holds most of a request's
// bytes (base64 images and documents run to megabytes), and encoding/json
// re-validates every value it hands to a custom decoder, so with content
// unions nested three deep each image was read seven times. The body has
// already passed jsonw.Valid, so the walkers here only skip and slice, and
// each string is copied once.

func decodeMessages(raw []byte) ([]Message, *Error) {
	if raw[0] != '[' {
		return nil, BadRequest("messages", "invalid value for 'messages': expected array, got %s", kindOf(raw))
	}
	msgs := make([]Message, 0, 8)
	err := eachElement(raw, func(i int, v []byte) *Error {
		msgs = append(msgs, Message{})
		return decodeMessage(&msgs[len(msgs)-1], v, "messages["+strconv.Itoa(i)+"]")
	})
	return msgs, err
}

func decodeMessage(m *Message, raw []byte, param string) *Error {
	if raw[0] != '{' {
		return typeError(param, "object", raw)
	}
	return eachMember(raw, func(key, v []byte) *Error {
		var err *Error
		switch string(key) {
		case "role":
			m.Role, err = decodeString(v, param+".role")
		case "content":
			err = decodeContent(&m.Content, v, param+".content")
		case "name":
			m.Name, err = decodeString(v, param+".name")
		case "tool_call_id":
			m.ToolCallID, err = decodeString(v, param+".tool_call_id")
		case "tool_calls":
			err = unmarshalAt(v, &m.ToolCalls, param+".tool_calls")
		case "thinking_blocks":
			err = unmarshalAt(v, &m.ThinkingBlocks, param+".thinking_blocks")
		case "cache_control":
			err = unmarshalAt(v, &m.CacheControl, param+".cache_control")
		}
		return err
	})
}

func decodeContent(c *Content, raw []byte, param string) *Error {
	*c = Content{}
	switch raw[0] {
	case 'n':
		return nil
	case '"':
		var err *Error
		c.Text, err = decodeString(raw, param)
		return err
	case '[':
		c.IsParts = true
		return eachElement(raw, func(i int, v []byte) *Error {
			c.Parts = append(c.Parts, ContentPart{})
			return decodePart(&c.Parts[len(c.Parts)-1], v, param+"["+strconv.Itoa(i)+"]")
		})
	}
	return BadRequest(param, "%s: content must be a string or an array of content parts, got %s", param, kindOf(raw))
}

func decodePart(p *ContentPart, raw []byte, param string) *Error {
	if raw[0] != '{' {
		return typeError(param, "object", raw)
	}
	return eachMember(raw, func(key, v []byte) *Error {
		var err *Error
		switch string(key) {
		case "type":
			p.Type, err = decodeString(v, param+".type")
		case "text":
			p.Text, err = decodeString(v, param+".text")
		case "image_url":
			p.ImageURL, err = decodeImageURL(v, param+".image_url")
		case "file":
			p.File, err = decodeFile(v, param+".file")
		case "cache_control":
			err = unmarshalAt(v, &p.CacheControl, param+".cache_control")
		}
		return err
	})
}

// decodeImageURL accepts {"url": ...} or, as LiteLLM does, a bare URL.
func decodeImageURL(raw []byte, param string) (*ImageURL, *Error) {
	u := new(ImageURL)
	var err *Error
	switch raw[0] {
	case 'n':
		return nil, nil
	case '"':
		u.URL, err = decodeString(raw, param)
		return u, err
	case '{':
		err = eachMember(raw, func(key, v []byte) *Error {
			var err *Error
			switch string(key) {
			case "url":
				u.URL, err = decodeString(v, param+".url")
			case "detail":
				u.Detail, err = decodeString(v, param+".detail")
			case "format":
				u.Format, err = decodeString(v, param+".format")
			}
			return err
		})
		return u, err
	}
	return nil, typeError(param, "object or string", raw)
}

func decodeFile(raw []byte, param string) (*FilePart, *Error) {
	if raw[0] == 'n' {
		return nil, nil
	}
	if raw[0] != '{' {
		return nil, typeError(param, "object", raw)
	}
	f := new(FilePart)
	err := eachMember(raw, func(key, v []byte) *Error {
		var err *Error
		switch string(key) {
		case "file_data":
			f.FileData, err = decodeString(v, param+".file_data")
		case "file_id":
			f.FileID, err = decodeString(v, param+".file_id")
		case "filename":
			f.Filename, err = decodeString(v, param+".filename")
		case "format":
			f.Format, err = decodeString(v, param+".format")
		}
		return err
	})
	return f, err
}

// decodeString decodes a JSON string (null is ""). Strings without escapes
// and non-ASCII bytes, such as base64 data, are copied once without further
// decoding; others go through encoding/json for exact semantics.
func decodeString(raw []byte, param string) (string, *Error) {
	switch raw[0] {
	case 'n':
		return "", nil
	case '"':
	default:
		return "", typeError(param, "string", raw)
	}
	inner := raw[1 : len(raw)-1]
	for _, b := range inner {
		if b == '\\' || b >= utf8.RuneSelf {
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return "", invalidValue(param, err)
			}
			return s, nil
		}
	}
	return string(inner), nil
}

// unmarshalAt decodes a small value with encoding/json, naming param in errors.
func unmarshalAt(raw []byte, v any, param string) *Error {
	if err := json.Unmarshal(raw, v); err != nil {
		return invalidValue(param, err)
	}
	return nil
}

func typeError(param, want string, raw []byte) *Error {
	return BadRequest(param, "invalid value for '%s': expected %s, got %s", param, want, kindOf(raw))
}

// kindOf names the JSON type of a valid value.
func kindOf(raw []byte) string {
	switch raw[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}
