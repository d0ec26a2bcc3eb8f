package fakeazure

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// The request schemas of Azure AI model inference (api-version
// 2024-05-01-preview). Kept here, apart from the gateway's copy, so that a
// mistake in one shows up against the other.
var (
	aiChatSchema = []string{"messages", "model", "frequency_penalty", "presence_penalty", "temperature",
		"top_p", "max_tokens", "stop", "stream", "seed", "tools", "tool_choice", "response_format"}
	aiEmbeddingsSchema = []string{"input", "model", "dimensions", "encoding_format", "input_type"}
)

// serveAPI answers an Azure OpenAI or Azure AI call, checking what Azure
// checks, in the order it does.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, rt routed, body []byte) {
	if ok, msg := s.authorized(r, rt.kind); !ok {
		writeError(w, http.StatusUnauthorized, nil, msg)
		return
	}
	if !s.checkVersion(w, r, rt.kind) {
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		writeError(w, http.StatusUnsupportedMediaType, nil,
			`{"error":{"code":"UnsupportedMediaType","message":"The request Content-Type must be application/json."}}`)
		return
	}
	var members map[string]json.RawMessage
	keys, err := topLevelKeys(body)
	if err == nil {
		err = json.Unmarshal(body, &members)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, nil, `{"error":{"message":"We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)","type":"invalid_request_error","param":null,"code":null}}`)
		return
	}

	var reply Reply
	var found bool
	name := rt.deployment
	if rt.kind == KindAI {
		if !s.checkExtraParameters(w, r, rt.op, keys) {
			return
		}
		_ = json.Unmarshal(members["model"], &name)
		s.mu.Lock()
		if reply, found = s.models[name]; !found {
			reply, found = s.models[""]
		}
		s.mu.Unlock()
		if !found {
			writeError(w, http.StatusBadRequest, nil, `{"error":{"code":"unknown_model","message":"Unknown model: `+jsonText(name)+`","details":"Model `+jsonText(name)+` is not available"}}`)
			return
		}
	} else {
		s.mu.Lock()
		reply, found = s.deployments[name]
		s.mu.Unlock()
		if !found {
			writeError(w, http.StatusNotFound, nil, `{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}`)
			return
		}
		if !checkOpenAIParams(w, rt.op, members, reply) {
			return
		}
	}
	if reply.Delay > 0 && !s.watch.Sleep(r.Context(), reply.Delay) {
		return
	}
	if reply.Status != 0 && (reply.Status < 200 || reply.Status > 299) {
		writeError(w, reply.Status, reply.Header, reply.Body)
		return
	}
	var stream bool
	_ = json.Unmarshal(members["stream"], &stream)
	call := call{kind: rt.kind, op: rt.op, name: name, members: members, stream: stream && (rt.op == "chat/completions" || rt.op == "completions")}
	if call.stream {
		s.stream(w, r, reply, call)
		return
	}
	writeJSON(w, reply, reply.json(call))
}

// checkVersion answers a missing or unknown api-version the way each API
// does.
func (s *Server) checkVersion(w http.ResponseWriter, r *http.Request, kind string) bool {
	v := r.URL.Query().Get("api-version")
	if kind == KindOpenAI {
		switch {
		case v == "":
			writeError(w, http.StatusNotFound, nil, `{"error":{"code":"404","message":"Resource not found"}}`)
			return false
		case !slices.Contains(s.OpenAIVersions, v):
			writeError(w, http.StatusBadRequest, nil, `{"error":{"code":"BadRequest","message":"API version not supported"}}`)
			return false
		}
		return true
	}
	switch {
	case v == "":
		writeError(w, http.StatusBadRequest, nil, `{"error":{"code":"MissingApiVersionParameter","message":"The api-version query parameter (?api-version=) is required for all requests."}}`)
		return false
	case !slices.Contains(s.AIVersions, v):
		writeError(w, http.StatusBadRequest, nil, `{"error":{"code":"UnsupportedApiVersion","message":"The HTTP resource that matches the request URI does not support the API version '`+jsonText(v)+`'."}}`)
		return false
	}
	return true
}

// checkExtraParameters refuses members outside the schema unless the
// extra-parameters header is drop or pass-through, naming every one in
// body order, Python-list style, as Azure does.
func (s *Server) checkExtraParameters(w http.ResponseWriter, r *http.Request, op string, keys []string) bool {
	switch r.Header.Get("Extra-Parameters") {
	case "drop", "pass-through":
		return true
	}
	schema := aiChatSchema
	if op == "embeddings" {
		schema = aiEmbeddingsSchema
	}
	var extra []string
	for _, k := range keys {
		if !slices.Contains(schema, k) {
			extra = append(extra, "'"+k+"'")
		}
	}
	if len(extra) == 0 {
		return true
	}
	msg := "Extra parameters [" + strings.Join(extra, ", ") + "] are not allowed when extra-parameters is not set or set to be 'error'. Set extra-parameters to 'pass-through' to pass to the model."
	b, _ := json.Marshal(map[string]string{"detail": msg})
	writeError(w, http.StatusBadRequest, nil, string(b))
	return false
}

// checkOpenAIParams refuses what Azure OpenAI refuses of the parameters
// the gateway rewrites.
func checkOpenAIParams(w http.ResponseWriter, op string, members map[string]json.RawMessage, reply Reply) bool {
	if op != "chat/completions" {
		return true
	}
	if _, ok := members["stream_options"]; ok && string(members["stream"]) != "true" {
		writeError(w, http.StatusBadRequest, nil, `{"error":{"message":"The 'stream_options' parameter is only allowed when 'stream' is enabled.","type":"invalid_request_error","param":"stream_options","code":null}}`)
		return false
	}
	if _, ok := members["max_tokens"]; ok && reply.Reasoning {
		writeError(w, http.StatusBadRequest, nil, `{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}`)
		return false
	}
	return true
}

// topLevelKeys lists the keys of a JSON object in body order.
func topLevelKeys(body []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errNotObject
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, t.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

type notObjectError struct{}

func (notObjectError) Error() string { return "not a JSON object" }

var errNotObject error = notObjectError{}

// jsonText escapes s for the inside of a JSON string.
func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}
