package stability

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images"

func init() {
	images.Register("sdxl", sdxl{}, "stability.stable-diffusion-xl")
	images.Register("stable-image", stableImage{},
		"stability.sd3-", "stability.stable-image-core", "stability.stable-image-ultra")
}
