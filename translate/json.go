package translate

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"

// AppendString appends s to dst as a JSON string literal: no reflection,
// no allocation beyond growing dst. Invalid UTF-8 becomes U+FFFD, as in
// encoding/json; HTML characters are left alone (OpenAI does not escape
// them).
func AppendString(dst []byte, s string) []byte { return jsonw.AppendString(dst, s) }
