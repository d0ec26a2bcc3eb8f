package amazon

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images"

func init() {
	images.Register("titan-image", family{titan}, "amazon.titan-image-generator")
	images.Register("nova-canvas", family{nova}, "amazon.nova-canvas")
}
