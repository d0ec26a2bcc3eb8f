package llmgateway

import (
	"fmt"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	azurebackend "github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend/azure"
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
