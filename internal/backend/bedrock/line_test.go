package bedrockbackend

import (
	"testing"

	"go.uber.org/zap"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
)

// TestNewConverse: a line whose model Converse serves gets a Converse
// backend with the line's options.
func TestNewConverse(t *testing.T) {
	line := &Line{Alias: "r1", TargetModel: "us.deepseek.r1-v1:0", ModelID: "us.deepseek.r1-v1:0", ThinkingBudget: 4096}
	b, err := New(&backend.Env{Logger: zap.NewNop()}, line, &bedrock.Account{Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	c, ok := b.(*converseBackend)
	if !ok {
		t.Fatalf("backend %T, want a Converse one", b)
	}
	if c.opts.DefaultThinkingBudget != 4096 {
		t.Errorf("thinking budget %d", c.opts.DefaultThinkingBudget)
	}
}
