package llmgateway

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/clock"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/azure"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/providers/bedrock"
)

// serveHealth answers GET /health: liveness, without calling any
// upstream, and the state of every alias's deployments as the router sees
// it. It answers 200 while the gateway runs; "status" says "degraded" when
// some alias has no deployment available.
func (g *Gateway) serveHealth(w http.ResponseWriter) {
	t := clock.Now()
	type limit struct {
		Limit int64 `json:"limit"`
		Used  int64 `json:"used"`
	}
	type deploymentHealth struct {
		Deployment    int        `json:"deployment"`
		Provider      string     `json:"provider"`
		Account       string     `json:"account"`
		UpstreamModel string     `json:"upstream_model"`
		Available     bool       `json:"available"`
		Reason        string     `json:"reason,omitempty"`
		CoolingUntil  *time.Time `json:"cooling_down_until,omitempty"`
		InFlight      int64      `json:"in_flight"`
		MaxConcurrent int64      `json:"max_concurrent,omitempty"`
		RPM           *limit     `json:"rpm,omitempty"`
		TPM           *limit     `json:"tpm,omitempty"`
		LatencyMS     float64    `json:"latency_ms,omitempty"`
		Healthy       *bool      `json:"healthy,omitempty"`
		LastCheck     *time.Time `json:"last_health_check,omitempty"`
		CheckError    string     `json:"health_check_error,omitempty"`
		LastFailure   string     `json:"last_failure,omitempty"`
	}
	type aliasHealth struct {
		Alias       string             `json:"alias"`
		Available   bool               `json:"available"`
		Deployments []deploymentHealth `json:"deployments"`
	}
	out := struct {
		Status string        `json:"status"`
		Models []aliasHealth `json:"models"`
	}{Status: "ok"}
	for _, alias := range g.aliases {
		p := g.pools[alias]
		ah := aliasHealth{Alias: alias}
		for _, d := range p.deployments {
			s := d.state
			dh := deploymentHealth{
				Deployment: d.Index, Provider: d.Provider, Account: d.Account, UpstreamModel: d.upstreamModel,
				InFlight: s.inFlight.Load(), MaxConcurrent: d.maxConcurrent,
				LatencyMS: float64(s.latency.Load()) / 1e6,
			}
			dh.Reason = d.unavailable(t)
			dh.Available = dh.Reason == ""
			ah.Available = ah.Available || dh.Available
			if s.coolingDown(t) {
				until := time.Unix(0, s.cooldownUntil.Load()).UTC()
				dh.CoolingUntil = &until
			}
			if d.rpm > 0 {
				dh.RPM = &limit{d.rpm, s.requests.spent(minuteOf(t))}
			}
			if d.tpm > 0 {
				dh.TPM = &limit{d.tpm, s.tokens.spent(minuteOf(t))}
			}
			s.mu.Lock()
			dh.LastFailure = s.lastFailure
			if d.policy.healthCheck > 0 {
				healthy := !s.unhealthy.Load()
				dh.Healthy = &healthy
				if !s.lastCheck.IsZero() {
					at := s.lastCheck.UTC()
					dh.LastCheck = &at
				}
				dh.CheckError = s.checkError
			}
			s.mu.Unlock()
			ah.Deployments = append(ah.Deployments, dh)
		}
		if !ah.Available {
			out.Status = "degraded"
		}
		out.Models = append(out.Models, ah)
	}
	body, _ := json.Marshal(out)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, body)
}

// healthChecker runs the active health checks of one config's
// deployments, one goroutine per checked deployment, until stop.
type healthChecker struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// startHealthChecks starts the checks of the deployments that ask for
// them; it returns nil when none does.
func startHealthChecks(deployments []*deployment, logger *zap.Logger) *healthChecker {
	var checked []*deployment
	for _, d := range deployments {
		if d.policy.healthCheck > 0 {
			checked = append(checked, d)
		}
	}
	if len(checked) == 0 {
		return nil
	}
	hc := new(healthChecker)
	ctx, cancel := context.WithCancel(context.Background())
	hc.cancel = cancel
	for _, d := range checked {
		hc.wg.Add(1)
		go hc.run(ctx, d, logger)
	}
	return hc
}

func (hc *healthChecker) stop() {
	if hc == nil {
		return
	}
	hc.cancel()
	hc.wg.Wait()
}

// run checks d at once, then every interval.
func (hc *healthChecker) run(ctx context.Context, d *deployment, logger *zap.Logger) {
	defer hc.wg.Done()
	interval := d.policy.healthCheck
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		checkOnce(ctx, d, min(interval, maxCheckTime), logger)
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// maxCheckTime bounds one health check.
const maxCheckTime = 30 * time.Second

// checkOnce makes one check and records its verdict. Throttling says the
// upstream is there and busy, not broken: it leaves the verdict as it was.
func checkOnce(ctx context.Context, d *deployment, limit time.Duration, logger *zap.Logger) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	err := d.backend.HealthCheck(ctx)
	cancel()
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return // the config is going away
	}
	if isThrottled(err) {
		return
	}
	s := d.state
	s.mu.Lock()
	s.lastCheck = clock.Now()
	s.checkError = checkErrorText(err)
	s.mu.Unlock()
	was := s.unhealthy.Swap(err != nil)
	switch {
	case err != nil && !was:
		logger.Warn("deployment failed its health check; out of rotation", zap.String("model", d.Alias),
			zap.Int("deployment", d.Index), zap.String("account", d.Account), zap.Error(err))
	case err == nil && was:
		logger.Info("deployment passed its health check; back in rotation", zap.String("model", d.Alias),
			zap.Int("deployment", d.Index), zap.String("account", d.Account))
	}
}

// checkErrorText says what a failed check met, for /health, which anyone
// who can reach the gateway may read: the upstream's status and error
// type, or that it was unreachable; the full error is in the log.
func checkErrorText(err error) string {
	var be *bedrock.APIError
	var ae *azure.APIError
	var bc *bedrock.CredentialsError
	var ac *azure.CredentialsError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &be):
		return "the upstream answered " + strconv.Itoa(be.Status) + " " + be.Type
	case errors.As(err, &ae):
		return "the upstream answered " + strconv.Itoa(ae.Status)
	case errors.As(err, &bc):
		return bc.Summary()
	case errors.As(err, &ac):
		return ac.Summary()
	case errors.Is(err, context.DeadlineExceeded):
		return "no answer within " + maxCheckTime.String()
	}
	return "the upstream could not be reached"
}

func isThrottled(err error) bool {
	var be *bedrock.APIError
	var ae *azure.APIError
	return (errors.As(err, &be) && be.Status == http.StatusTooManyRequests) ||
		(errors.As(err, &ae) && ae.Status == http.StatusTooManyRequests)
}
