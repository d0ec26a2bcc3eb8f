package translatetest

import (
	"encoding/base64"
	"testing"
)

// ChatBody is a realistic agent turn for benchmarks: system prompt, six
// turns with a tool round trip, two tools, and a 24 KiB image (32 KiB of
// base64).
func ChatBody(tb testing.TB) []byte {
	tb.Helper()
	raw := make([]byte, 24<<10)
	for i := range raw {
		raw[i] = byte(i * 7)
	}
	img := base64.StdEncoding.EncodeToString(raw) // 32 KiB of base64
	return []byte(`{
  "model": "claude-sonnet",
  "stream": true,
  "stream_options": {"include_usage": true},
  "max_tokens": 2048,
  "temperature": 0.3,
  "messages": [
    {"role": "system", "content": "You are a careful assistant for an operations team. Answer briefly, cite the tools you used, and never invent numbers.", "cache_control": {"type": "ephemeral"}},
    {"role": "user", "content": [
      {"type": "text", "text": "Here is a screenshot of our dashboard. Which region is failing?"},
      {"type": "image_url", "image_url": {"url": "data:image/png;base64,` + img + `"}}
    ]},
    {"role": "assistant", "content": "Let me check the status of the regions.", "tool_calls": [
      {"id": "call_9f2c1", "type": "function", "function": {"name": "region_status", "arguments": "{\"region\":\"eu-west-1\"}"}},
      {"id": "call_9f2c2", "type": "function", "function": {"name": "region_status", "arguments": "{\"region\":\"us-east-1\"}"}}
    ]},
    {"role": "tool", "tool_call_id": "call_9f2c1", "content": "{\"region\":\"eu-west-1\",\"status\":\"degraded\",\"error_rate\":0.12}"},
    {"role": "tool", "tool_call_id": "call_9f2c2", "content": "{\"region\":\"us-east-1\",\"status\":\"ok\",\"error_rate\":0.001}"},
    {"role": "assistant", "content": "eu-west-1 is degraded with a 12% error rate; us-east-1 is healthy."},
    {"role": "user", "content": "What changed in eu-west-1 in the last hour? Keep it short."}
  ],
  "tools": [
    {"type": "function", "function": {"name": "region_status", "description": "Current health of one region", "parameters": {"type": "object", "properties": {"region": {"type": "string", "description": "AWS region name"}}, "required": ["region"]}}},
    {"type": "function", "function": {"name": "deploy_log", "description": "Deployments in a region since a time", "parameters": {"type": "object", "properties": {"region": {"type": "string"}, "since": {"type": "string", "format": "date-time"}}, "required": ["region"]}}, "cache_control": {"type": "ephemeral"}}
  ],
  "tool_choice": "auto"
}`)
}
