// Package families registers every image model family with package
// images: import it for its side effect.
package families

import (
	_ "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images/amazon"
	_ "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images/stability"
)
