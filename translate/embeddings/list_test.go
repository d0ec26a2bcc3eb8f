package embeddings

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestAppendListBase64 checks the base64 encoding against OpenAI's
// definition: the little-endian bytes of each value as a float32.
func TestAppendListBase64(t *testing.T) {
	vecs := [][]byte{[]byte(`[0.5,-0.25,1e-3,3.4028235e38]`), []byte(`[-0.0123456789, 12, 0]`)}
	want := [][]float32{{0.5, -0.25, 1e-3, math.MaxFloat32}, {-0.0123456789, 12, 0}}
	for _, b64 := range []bool{false, true} {
		out, err := AppendList(nil, vecs, b64, "embed", 7)
		if err != nil {
			t.Fatal(err)
		}
		var list struct {
			Object string `json:"object"`
			Data   []struct {
				Object    string          `json:"object"`
				Index     int             `json:"index"`
				Embedding json.RawMessage `json:"embedding"`
			} `json:"data"`
			Model string         `json:"model"`
			Usage map[string]int `json:"usage"`
		}
		if err := json.Unmarshal(out, &list); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		if list.Object != "list" || list.Model != "embed" || list.Usage["prompt_tokens"] != 7 || list.Usage["total_tokens"] != 7 || len(list.Data) != 2 {
			t.Errorf("%s", out)
		}
		for i, d := range list.Data {
			var got []float32
			if b64 {
				var s string
				_ = json.Unmarshal(d.Embedding, &s)
				raw, err := base64.StdEncoding.DecodeString(s)
				if err != nil || len(raw)%4 != 0 {
					t.Fatalf("%q: %v", s, err)
				}
				for j := 0; j < len(raw); j += 4 {
					got = append(got, math.Float32frombits(binary.LittleEndian.Uint32(raw[j:])))
				}
			} else if err := json.Unmarshal(d.Embedding, &got); err != nil {
				t.Fatal(err)
			}
			if d.Index != i || d.Object != "embedding" || len(got) != len(want[i]) {
				t.Fatalf("b64 %v: data[%d] = %+v", b64, i, d)
			}
			for j := range got {
				if got[j] != want[i][j] {
					t.Errorf("b64 %v: data[%d][%d] = %v, want %v", b64, i, j, got[j], want[i][j])
				}
			}
		}
	}
	if _, err := AppendList(nil, [][]byte{[]byte(`[1e99]`)}, true, "m", 0); err == nil {
		t.Error("a value beyond float32 was encoded")
	}
}

// benchVecs are n vectors of dims values, written as Bedrock writes them.
func benchVecs(n, dims int) [][]byte {
	vec := []byte("[" + strings.Repeat("-0.012345678,", dims-1) + "0.5]")
	vecs := make([][]byte, n)
	for i := range vecs {
		vecs[i] = vec
	}
	return vecs
}

func BenchmarkAppendList(b *testing.B) {
	vecs := benchVecs(100, 1024)
	for _, b64 := range []bool{false, true} {
		b.Run(map[bool]string{false: "float", true: "base64"}[b64], func(b *testing.B) {
			b.ReportAllocs()
			dst := make([]byte, 0, ListSize(vecs))
			for b.Loop() {
				dst, _ = AppendList(dst[:0], vecs, b64, "embed", 1200)
			}
		})
	}
}
