package llmgateway

import (
	"fmt"
	"strconv"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"

	bedrockbackend "github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend/bedrock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/embeddings"
)

// The model options of embedding lines (input_type, normalize,
// dimensions): read from the Caddyfile, resolved, and checked against the
// line's model family at provision, so a line cannot set one its model
// does not take.

// boolArg reads an optional true or false; the bare subdirective is true.
func boolArg(d *caddyfile.Dispenser, option string) (bool, error) {
	if !d.NextArg() {
		return true, nil
	}
	v, err := strconv.ParseBool(d.Val())
	if err != nil {
		return false, d.Errf("invalid %s %q: want true or false", option, d.Val())
	}
	if d.NextArg() {
		return false, d.ArgErr()
	}
	return v, nil
}

// resolveEmbeddingOptions fills a line's embedding options and checks
// them against its model: options on a line whose model embeds nothing
// are a mistake worth an error.
func resolveEmbeddingOptions(line *modelLine, repl *caddy.Replacer) error {
	m := line.Model
	o := embeddings.Options{ModelID: line.target.modelID, InputType: repl.ReplaceAll(m.InputType, ""), DropParams: m.DropParams}
	if m.Normalize != nil {
		o.Normalize = embeddings.False
		if *m.Normalize {
			o.Normalize = embeddings.True
		}
	}
	if m.Dimensions.IsSet() {
		n, err := m.Dimensions.Resolve(repl)
		if err != nil {
			return fmt.Errorf("dimensions: %v", err)
		}
		if n < 1 || n > embeddings.MaxDimensions {
			return fmt.Errorf("dimensions must be between 1 and %d, not %d", embeddings.MaxDimensions, n)
		}
		o.Dimensions = int(n)
	}
	line.embedding = o
	set := o.InputType != "" || o.Normalize != embeddings.Unset || o.Dimensions != 0
	if line.target.provider != providerBedrock || line.target.api == apiConverse || line.target.api == apiConverseLike {
		if set {
			return fmt.Errorf("input_type, normalize and dimensions apply to Bedrock embedding models only")
		}
		return nil
	}
	f, ok := bedrockbackend.EmbeddingFamily(line.target.modelID, line.family)
	switch {
	case !ok && set:
		return fmt.Errorf("input_type, normalize and dimensions apply to embedding models; %q is not one", line.target.modelID)
	case !ok:
		return nil
	}
	return f.Configure(&line.embedding)
}
