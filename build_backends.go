package llmgateway

import (
	"fmt"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	azurebackend "github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend/azure"
	bedrockbackend "github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend/bedrock"
)

// Each provider's builder turns a resolved model line into its backend
// package's input, after the checks that need the line's whole config,
// and picks the account the line calls.

func buildAzureOpenAIBackend(g *Gateway, line *modelLine) (backend.Backend, error) {
	if err := refuseBedrockOptions(line); err != nil {
		return nil, err
	}
	acct, err := pickAccount(providerAzure, g.Azure, line.account)
	if err != nil {
		return nil, err
	}
	return azurebackend.NewOpenAI(g.env, azureLine(line), acct), nil
}

func buildAzureAIBackend(g *Gateway, line *modelLine) (backend.Backend, error) {
	if err := refuseBedrockOptions(line); err != nil {
		return nil, err
	}
	acct, err := pickAccount(providerAzureAI, g.AzureAI, line.account)
	if err != nil {
		return nil, err
	}
	return azurebackend.NewAI(g.env, azureLine(line), acct), nil
}

func azureLine(line *modelLine) azurebackend.Line {
	return azurebackend.Line{Alias: line.alias, Model: line.target.modelID, DropParams: line.DropParams}
}

// refuseBedrockOptions refuses, on an Azure line, the options only
// Bedrock lines take (a JSON config skips the Caddyfile's check).
func refuseBedrockOptions(line *modelLine) error {
	switch {
	case line.ModelID != "":
		return fmt.Errorf("model_id applies to bedrock targets only")
	case line.AllowRemoteImages:
		// Azure fetches image URLs itself.
		return fmt.Errorf("allow_remote_images applies to bedrock targets only")
	case line.ThinkingBudget.IsSet() || line.UserContinueMessage != "":
		return fmt.Errorf("thinking and user_continue_message apply to bedrock targets only")
	}
	return nil
}

// buildBedrockBackend makes a bedrock/... line's backend: an account's,
// or a converse_like server's.
func buildBedrockBackend(g *Gateway, line *modelLine) (backend.Backend, error) {
	l := bedrockLine(line)
	if line.target.api == apiConverseLike {
		switch {
		case line.Account != "":
			return nil, fmt.Errorf("a converse_like line calls its api_base, not an account: remove account")
		case line.ModelID != "":
			return nil, fmt.Errorf("model_id applies to Bedrock accounts, not to converse_like lines")
		}
		l.APIBase, l.APIKey, l.Headers = line.apiBase, line.apiKey, line.headers
		return bedrockbackend.NewConverseLike(g.env, l)
	}
	if line.APIBase != "" || line.APIKey != "" || len(line.Headers) > 0 {
		return nil, fmt.Errorf("api_base, api_key and header apply to bedrock/converse_like/ targets only")
	}
	acct, err := pickAccount(providerBedrock, g.Bedrock, line.account)
	if err != nil {
		return nil, err
	}
	return bedrockbackend.New(g.env, l, acct)
}

// bedrockLine is what a line tells its Bedrock backend.
func bedrockLine(line *modelLine) *bedrockbackend.Line {
	return &bedrockbackend.Line{
		Alias:               line.alias,
		TargetModel:         line.target.modelID,
		ModelID:             line.modelID,
		Converse:            line.target.api == apiConverse,
		Invoke:              line.target.api == apiInvoke,
		Family:              line.family,
		RouteFamily:         line.target.family,
		DropParams:          line.DropParams,
		UserContinueMessage: line.continueMsg,
		ThinkingBudget:      line.thinkingBudget,
		RemoteImages:        line.AllowRemoteImages,
		ImageMaxSize:        line.imageMaxSize,
		Embedding:           line.embedding,
	}
}
