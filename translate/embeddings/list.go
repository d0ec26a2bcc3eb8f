package embeddings

import (
	"encoding/base64"
	"encoding/binary"
	"math"
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// ListSize is enough room for the list of vecs in either encoding:
// base64 of float32 is shorter than any number's text but "0".
func ListSize(vecs [][]byte) int {
	n := 256
	for _, v := range vecs {
		n += len(v) + 64
	}
	return n
}

// AppendList appends OpenAI's answer: the vectors in input order, as
// arrays of numbers or, with b64, as base64 of their little-endian
// float32s (what the OpenAI SDKs ask for and decode), then the usage.
func AppendList(dst []byte, vecs [][]byte, b64 bool, model string, tokens int) ([]byte, *translate.Error) {
	dst = append(dst, `{"object":"list","data":[`...)
	var scratch []byte
	for i, v := range vecs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"object":"embedding","index":`...)
		dst = strconv.AppendInt(dst, int64(i), 10)
		dst = append(dst, `,"embedding":`...)
		if !b64 {
			dst = append(dst, v...)
		} else {
			var ok bool
			if scratch, ok = float32s(scratch[:0], v); !ok {
				return dst, Unreadable()
			}
			dst = append(dst, '"')
			dst = base64.StdEncoding.AppendEncode(dst, scratch)
			dst = append(dst, '"')
		}
		dst = append(dst, '}')
	}
	dst = append(dst, `],"model":`...)
	dst = jsonw.AppendString(dst, model)
	dst = append(dst, `,"usage":{"prompt_tokens":`...)
	dst = strconv.AppendInt(dst, int64(tokens), 10)
	dst = append(dst, `,"total_tokens":`...)
	dst = strconv.AppendInt(dst, int64(tokens), 10)
	return append(dst, "}}"...), nil
}

// float32s appends the little-endian float32 of each number of the
// array vec.
func float32s(dst, vec []byte) ([]byte, bool) {
	items, _ := jsonw.ArrayItems(vec)
	for v, ok := items.Next(); ok; v, ok = items.Next() {
		f, err := strconv.ParseFloat(string(v), 32)
		if err != nil {
			return dst, false
		}
		dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(float32(f)))
	}
	return dst, true
}
