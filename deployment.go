package llmgateway

import (
	"strconv"
	"strings"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/clock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/pricing"
)

// deployment is one model line: an upstream that can serve its alias, the
// line's limits and policy, and the live state the router reads.
type deployment struct {
	// Deployment is what an attempt's Call reads: the alias, index,
	// provider, account and timeouts.
	backend.Deployment
	upstreamModel string
	backend       backend.Backend

	weight        int
	order         int
	maxConcurrent int64 // 0: unlimited
	rpm, tpm      int64 // 0: unlimited
	policy        policy

	fallbacks        []string
	contextFallbacks []string
	contentFallbacks []string

	stateKey string
	state    *deploymentState
	metrics  *deploymentMetrics

	// price is what the line's tokens, queries and images cost; priced is
	// false when neither the price table nor the line prices its tokens.
	price  pricing.Entry
	priced bool
	// imagePrices are an image line's prices by size and quality.
	imagePrices pricing.ImagePrices
	// tableMode is the mode the price table gives the line's model
	// (LiteLLM's "chat", "embedding", ...), "" when it has none.
	tableMode string
	// answeredBy is the X-LLM-Gateway-Model header value, rendered once.
	answeredBy string
}

// unavailable says why a deployment is out of rotation at t, or "".
func (d *deployment) unavailable(t time.Time) string {
	s := d.state
	switch {
	case d.failingChecks():
		return "unhealthy"
	case s.coolingDown(t):
		return "cooling down"
	case d.maxConcurrent > 0 && s.inFlight.Load() >= d.maxConcurrent:
		return "max_concurrent reached"
	}
	if d.rpm > 0 && s.requests.spent(minuteOf(t)) >= d.rpm {
		return "rpm spent"
	}
	if d.tpm > 0 && s.tokens.spent(minuteOf(t)) >= d.tpm {
		return "tpm spent"
	}
	return ""
}

// failingChecks reports whether the deployment fails its active health
// checks. The verdict lives in state a reload keeps; a config that does
// not check the deployment ignores it, since nothing would clear it.
func (d *deployment) failingChecks() bool {
	return d.policy.healthCheck > 0 && d.state.unhealthy.Load()
}

// acquire takes a place for one attempt within max_concurrent and rpm; it
// fails when another request took the last one first.
func (d *deployment) acquire(t time.Time) bool {
	s := d.state
	if n := s.inFlight.Add(1); d.maxConcurrent > 0 && n > d.maxConcurrent {
		s.inFlight.Add(-1)
		return false
	}
	if d.rpm > 0 && !s.requests.take(minuteOf(t), d.rpm) {
		s.inFlight.Add(-1)
		return false
	}
	return true
}

// release gives the place back, counting the tokens the attempt used in
// the minute it ended.
func (d *deployment) release(tokens int) {
	d.state.inFlight.Add(-1)
	if d.tpm > 0 && tokens > 0 {
		d.state.tokens.add(minuteOf(clock.Now()), int64(tokens))
	}
}

// availableAgain is the earliest time after t the deployment may be back
// in rotation, for Retry-After when none is: the end of its cooldown, or
// of the minute whose budget it spent; a second from t when it is at
// max_concurrent, since a place may free up any moment and Retry-After
// counts whole seconds; zero when only a passing health check brings it
// back.
func (d *deployment) availableAgain(t time.Time) time.Time {
	s := d.state
	switch {
	case d.failingChecks():
		return time.Time{}
	case s.coolingDown(t):
		return time.Unix(0, s.cooldownUntil.Load())
	case (d.rpm > 0 && s.requests.spent(minuteOf(t)) >= d.rpm) || (d.tpm > 0 && s.tokens.spent(minuteOf(t)) >= d.tpm):
		return endOfMinute(t)
	case d.maxConcurrent > 0 && s.inFlight.Load() >= d.maxConcurrent:
		return t.Add(time.Second)
	}
	return time.Time{}
}

// describe renders the X-LLM-Gateway-Model value: the alias that answered
// and which of its deployments, so a client can tell a fallback's answer.
func (d *deployment) describe() string {
	var b strings.Builder
	b.WriteString(d.Alias)
	b.WriteString("; deployment=")
	b.WriteString(strconv.Itoa(d.Index))
	b.WriteString("; provider=")
	b.WriteString(d.Provider)
	b.WriteString("; account=")
	b.WriteString(d.Account)
	b.WriteString("; upstream_model=")
	b.WriteString(d.upstreamModel)
	return b.String()
}

// serves reports whether the deployment answers ep: what its backend
// serves, narrowed for an Azure line by the mode the price table gives its
// model. An Azure deployment's kind is otherwise unknown, and a request
// its model cannot answer is better refused at once, naming the endpoints
// it does serve, than sent to fail upstream. A model the table does not
// know, or gives a mode no endpoint matches, keeps what its backend serves.
func (d *deployment) serves(ep endpoint) bool {
	if !d.backend.Serves(backend.Endpoint(ep)) {
		return false
	}
	if d.Provider != providerAzure && d.Provider != providerAzureAI {
		return true
	}
	switch d.tableMode {
	case "chat":
		return ep == endpointChat || ep == endpointCompletions
	case "completion":
		return ep == endpointCompletions
	case "embedding":
		return ep == endpointEmbeddings
	case "image_generation":
		return ep == endpointImages
	}
	return true
}
