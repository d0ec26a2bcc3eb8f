package llmgateway

import (
	"net/http"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
)

// endpoint is one of the paths the gateway answers. The model endpoints
// have the values of the backend.Endpoint a backend is asked to serve.
type endpoint uint8

const (
	endpointNone        = endpoint(backend.NoEndpoint)
	endpointChat        = endpoint(backend.Chat)
	endpointCompletions = endpoint(backend.Completions)
	endpointEmbeddings  = endpoint(backend.Embeddings)
	endpointImages      = endpoint(backend.Images)
	endpointRerank      = endpoint(backend.Rerank)
)

// The endpoints no backend serves.
const (
	endpointModels = endpointRerank + 1 + iota
	endpointModel
	endpointHealth
	endpointBedrockNative
	endpointCount
)

// endpointSpec is what the handler needs to know of an endpoint: adding
// one is adding its entry here and its serve function.
type endpointSpec struct {
	path    string // without the /v1 prefix; a trailing / takes an id
	methods []string
	// what names the endpoint in errors about models that cannot serve it.
	what string
	// metric names it in the metrics; endpoints without one (the model
	// list, health) are not accounted for as requests to a model.
	metric string
	serve  func(g *Gateway, w http.ResponseWriter, r *http.Request, id string)
}

var (
	postOnly = []string{http.MethodPost}
	getOnly  = []string{http.MethodGet, http.MethodHead}
)

// endpoints is filled in init: its serve functions read it back.
var endpoints [endpointCount]endpointSpec

func init() {
	endpoints = [endpointCount]endpointSpec{
		endpointChat: {path: "/chat/completions", methods: postOnly, metric: "chat", what: "/v1/chat/completions",
			serve: func(g *Gateway, w http.ResponseWriter, r *http.Request, _ string) { g.serveChat(w, r) }},
		endpointCompletions: {path: "/completions", methods: postOnly, metric: "completions", what: "/v1/completions",
			serve: func(g *Gateway, w http.ResponseWriter, r *http.Request, _ string) { g.serveCompletions(w, r) }},
		endpointEmbeddings: {path: "/embeddings", methods: postOnly, metric: "embeddings", what: "/v1/embeddings",
			serve: func(g *Gateway, w http.ResponseWriter, r *http.Request, _ string) {
				g.servePassThrough(w, r, endpointEmbeddings)
			}},
		endpointImages: {path: "/images/generations", methods: postOnly, metric: "images", what: "/v1/images/generations",
			serve: func(g *Gateway, w http.ResponseWriter, r *http.Request, _ string) {
				g.servePassThrough(w, r, endpointImages)
			}},
		endpointRerank: {path: "/rerank", methods: postOnly, metric: "rerank", what: "/v1/rerank",
			serve: func(g *Gateway, w http.ResponseWriter, r *http.Request, _ string) {
				g.servePassThrough(w, r, endpointRerank)
			}},
		endpointModels: {path: "/models", methods: getOnly,
			serve: func(g *Gateway, w http.ResponseWriter, _ *http.Request, _ string) { g.serveModels(w) }},
		endpointModel: {path: "/models/", methods: getOnly,
			serve: func(g *Gateway, w http.ResponseWriter, _ *http.Request, id string) { g.serveModel(w, id) }},
		endpointHealth: {path: "/health", methods: getOnly,
			serve: func(g *Gateway, w http.ResponseWriter, _ *http.Request, _ string) { g.serveHealth(w) }},
		endpointBedrockNative: {path: bedrockPrefix, methods: postOnly, metric: "bedrock",
			serve: func(g *Gateway, w http.ResponseWriter, r *http.Request, _ string) { g.serveBedrockNative(w, r) }},
	}
	for ep := endpointChat; ep < endpointCount; ep++ {
		if p := endpoints[ep].path; strings.HasSuffix(p, "/") {
			prefixEndpoints = append(prefixEndpoints, ep)
		} else {
			endpointPaths[p] = ep
		}
	}
}

// endpointPaths finds an endpoint by its exact path; prefixEndpoints are
// those whose path ends in '/' and takes what follows.
var (
	endpointPaths   = make(map[string]endpoint)
	prefixEndpoints []endpoint
)

func (ep endpoint) metricName() string { return endpoints[ep].metric }

// matchEndpoint recognises the gateway's paths, with or without /v1. For
// a path that takes an id (GET /v1/models/{id}) it also returns the id,
// already unescaped by net/http.
func matchEndpoint(path string) (endpoint, string) {
	if strings.HasPrefix(path, "/v1/") {
		path = path[len("/v1"):]
	}
	if ep, ok := endpointPaths[path]; ok {
		return ep, ""
	}
	for _, ep := range prefixEndpoints {
		if id, ok := strings.CutPrefix(path, endpoints[ep].path); ok && id != "" {
			return ep, id
		}
	}
	return endpointNone, ""
}
