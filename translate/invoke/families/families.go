// Package families registers every InvokeModel family with package
// invoke. Importing it is how the gateway knows them all; adding a
// family is adding its folder under translate/invoke and its line here.
package families

import (
	_ "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/ai21"
	_ "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/amazon"
	_ "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/anthropic"
	_ "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/cohere"
	_ "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/deepseek"
	_ "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/llama"
	_ "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/invoke/mistral"
)
