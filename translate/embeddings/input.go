package embeddings

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Kind is what an input holds.
type Kind uint8

// Input kinds.
const (
	KindText   Kind = iota // a string
	KindImage              // an image, with or without text
	KindTokens             // an array of token IDs
)

// Input is one item of "input".
type Input struct {
	Kind Kind
	// Text is the input's text as the JSON string literal the client
	// sent, quotes included: families write it into their bodies as it
	// is, with no decoding. Nil for an image without text.
	Text []byte
	// Format ("png", "jpeg", "gif" or "webp") and Data (base64) are an
	// image's.
	Format string
	Data   []byte
}

func itemParam(i int) string { return "input[" + strconv.Itoa(i) + "]" }

// parseInput reads the "input" member: a string, an array of token IDs,
// or an array of strings, token arrays and image objects.
func (r *Request) parseInput(raw []byte) *translate.Error {
	switch {
	case jsonw.IsNull(raw):
		return nil
	case raw[0] == '"':
		r.Single = true
		in, err := textInput(raw, "input")
		r.Inputs = append(r.Inputs, in)
		return err
	case raw[0] == '{':
		r.Single = true
		in, err := objectInput(raw, "input")
		r.Inputs = append(r.Inputs, in)
		return err
	case raw[0] != '[':
		return translate.BadRequest("input", "invalid type for 'input': expected a string or an array")
	}
	n := countItems(raw)
	switch {
	case n == 0:
		return translate.BadRequest("input", "'input' must not be an empty array")
	case n > MaxInputs:
		return translate.BadRequest("input", "'input' has %d items; at most %d are allowed per request", n, MaxInputs)
	}
	items, _ := jsonw.ArrayItems(raw)
	first, _ := items.Next()
	if first[0] == '-' || (first[0] >= '0' && first[0] <= '9') {
		// One input given as token IDs.
		r.Single = true
		r.Inputs = append(r.Inputs, Input{Kind: KindTokens})
		return checkTokens(raw, "input")
	}
	r.Inputs = make([]Input, 0, n)
	text := 0
	items, _ = jsonw.ArrayItems(raw)
	for v, ok := items.Next(); ok; v, ok = items.Next() {
		param := itemParam(len(r.Inputs))
		var in Input
		var err *translate.Error
		switch v[0] {
		case '"':
			in, err = textInput(v, param)
		case '{':
			in, err = objectInput(v, param)
		case '[':
			in, err = Input{Kind: KindTokens}, checkTokens(v, param)
		default:
			err = translate.BadRequest(param, "invalid type for '%s': expected a string, an array of token IDs, "+
				"or an object with 'image'", param)
		}
		if err != nil {
			return err
		}
		if text += len(in.Text); text > MaxTextBytes {
			return translate.BadRequest("input", "the texts of 'input' exceed %d bytes in all; send them in several requests", MaxTextBytes)
		}
		r.Inputs = append(r.Inputs, in)
	}
	return nil
}

// countItems counts the elements of a JSON array.
func countItems(raw []byte) int {
	items, _ := jsonw.ArrayItems(raw)
	n := 0
	for _, ok := items.Next(); ok; _, ok = items.Next() {
		n++
	}
	return n
}

// textInput reads a string input: text, or an image as a data URL.
func textInput(lit []byte, param string) (Input, *translate.Error) {
	if len(lit) == 2 {
		return Input{}, translate.BadRequest(param, "'%s' must not be an empty string", param)
	}
	if len(lit) > MaxTextBytes {
		return Input{}, translate.BadRequest(param, "'%s' exceeds %d bytes", param, MaxTextBytes)
	}
	if img, ok, err := dataURLInput(lit, param); ok || err != nil {
		return img, err
	}
	return Input{Kind: KindText, Text: lit}, nil
}

// objectInput reads {"image": "<data URL or base64>", "text": "..."}.
func objectInput(obj []byte, param string) (Input, *translate.Error) {
	in := Input{Kind: KindImage}
	var image []byte
	m, _ := jsonw.ObjectMembers(obj)
	for k, v, ok := m.Next(); ok; k, v, ok = m.Next() {
		switch {
		case jsonw.KeyIs(k, "image") && jsonw.IsString(v):
			image = v
		case jsonw.KeyIs(k, "text") && jsonw.IsString(v) && len(v) > 2:
			in.Text = v
		case jsonw.KeyIs(k, "image"), jsonw.KeyIs(k, "text"):
			p := param + "." + string(jsonw.AppendUnquoted(nil, k))
			return Input{}, translate.BadRequest(p, "invalid value for '%s': expected a non-empty string", p)
		default:
			p := param + "." + string(jsonw.AppendUnquoted(nil, k))
			return Input{}, translate.BadRequest(p, "unknown member '%s': an input object takes 'image' and 'text'", p)
		}
	}
	if image == nil {
		return Input{}, translate.BadRequest(param+".image", "'%s' has no 'image': an input object takes 'image' "+
			"(a data URL or base64) and, optionally, 'text'", param)
	}
	img, ok, err := dataURLInput(image, param+".image")
	switch {
	case err != nil:
		return Input{}, err
	case !ok:
		if img, err = bareImage(image, param+".image"); err != nil {
			return Input{}, err
		}
	}
	in.Format, in.Data = img.Format, img.Data
	return in, nil
}

// checkTokens checks an array of token IDs.
func checkTokens(arr []byte, param string) *translate.Error {
	items, _ := jsonw.ArrayItems(arr)
	i := 0
	for v, ok := items.Next(); ok; v, ok = items.Next() {
		if _, isCount := jsonw.Count(v); !isCount {
			p := param + "[" + strconv.Itoa(i) + "]"
			return translate.BadRequest(p, "invalid value for '%s': expected a token ID (a non-negative integer)", p)
		}
		i++
	}
	if i == 0 {
		return translate.BadRequest(param, "'%s' must not be an empty array", param)
	}
	return nil
}
