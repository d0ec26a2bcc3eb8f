package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// buildCaddy builds the repository's own Caddy (cmd/caddy: the standard
// modules plus llm_gateway) with the repository's go.mod, exactly as its
// README says, so the gateway measured is this checkout's and the reverse
// proxy is the same binary's.
func buildCaddy(repo, dir string) (string, error) {
	if _, err := os.Stat(filepath.Join(repo, "cmd", "caddy", "main.go")); err != nil {
		return "", fmt.Errorf("-repo %s: no cmd/caddy in it: %v", repo, err)
	}
	bin := filepath.Join(dir, "caddy")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/caddy")
	cmd.Dir = repo
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building cmd/caddy: %v", err)
	}
	return bin, nil
}

// Both Caddyfiles share the global options: a loopback admin endpoint of
// their own (for /debug/pprof), no autosaved config, and no HTTPS.
const globalOptions = `{
	admin %s
	persist_config off
	auto_https off
}
`

// gatewayCaddyfile routes one alias to the fake as Bedrock (static keys,
// signed with SigV4 as for AWS) and one to it as Azure AI model inference.
func gatewayCaddyfile(admin, listen, fake string) string {
	return fmt.Sprintf(globalOptions+`
http://%s {
	bind 127.0.0.1
	llm_gateway {
		bedrock fake {
			region us-east-1
			access_key_id AKIDEXAMPLE
			secret_access_key wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
			endpoint http://%s
		}
		azure_ai fake {
			endpoint http://%s
			api_key bench
		}
		model %s bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0
		model %s azure_ai/%s
	}
}
`, admin, listen, fake, fake, bedrockAlias, azureAlias, fakeModel)
}

// proxyCaddyfile is the baseline: Caddy's reverse_proxy with its defaults,
// in front of the fake's OpenAI-shaped endpoint.
func proxyCaddyfile(admin, listen, fake string) string {
	return fmt.Sprintf(globalOptions+`
http://%s {
	bind 127.0.0.1
	reverse_proxy %s
}
`, admin, listen, fake)
}
