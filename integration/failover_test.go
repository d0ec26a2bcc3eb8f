package integration

import (
	"testing"
	"time"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakebedrock"
)

// TestWhatFailsOver: a failure before the answer that another deployment
// may not have (throttling, an unavailable or failing upstream, a model
// timeout) moves the request on; one that is the request's own (400,
// 403, 404, 413) is answered as it is, never retried, whatever retries
// allows.
func TestWhatFailsOver(t *testing.T) {
	clock := useFakeClock(t)
	east, west, site := twoRegions(t, "routing ordered\n\t\tretries 2", "")
	west.Handle(claudeID, fakebedrock.Reply{JSON: converseText})
	startGateway(t, site)

	for i, tc := range []struct {
		status    int
		errorType string
		want      int // the client's status
	}{
		{429, "ThrottlingException", 200},
		{400, "ServiceQuotaExceededException", 200},
		{500, "InternalServerException", 200},
		{503, "ServiceUnavailableException", 200},
		{429, "ModelNotReadyException", 200},
		{408, "ModelTimeoutException", 200},
		{424, "ModelErrorException", 200},
		{400, "ValidationException", 400},
		{403, "AccessDeniedException", 403},
		{404, "ResourceNotFoundException", 404},
		{413, "RequestEntityTooLargeException", 413},
	} {
		clock.Advance(time.Hour) // past any cooldown
		eastBefore, westBefore := len(east.Requests()), len(west.Requests())
		east.Handle(claudeID, fakebedrock.Reply{Status: tc.status, ErrorType: tc.errorType, Message: "no"})
		resp, body := chatOnce(t, "claude", false)
		if resp.StatusCode != tc.want {
			t.Errorf("%d %s: status %d: %s", i, tc.errorType, resp.StatusCode, body)
		}
		wantWest := 0
		if tc.want == 200 {
			wantWest = 1
		}
		if e, w := len(east.Requests())-eastBefore, len(west.Requests())-westBefore; e != 1 || w != wantWest {
			t.Errorf("%d %s: east had %d requests, west %d; want 1 and %d", i, tc.errorType, e, w, wantWest)
		}
	}
}

// TestTimeoutsFailOver: an attempt that times out before its first byte
// reached the client, waiting for the response headers or for a stream's
// first event, is tried on another deployment.
func TestTimeoutsFailOver(t *testing.T) {
	east, west, site := twoRegions(t, "routing ordered\n\t\tfirst_byte_timeout 200ms\n\t\tidle_timeout 200ms", "")
	east.Handle(claudeID, fakebedrock.Reply{JSON: converseText, Delay: 5 * time.Second})
	west.Handle(claudeID, fakebedrock.Reply{JSON: converseText, Events: textStream(0, "Hello", " from", " west")})
	startGateway(t, site)

	start := time.Now()
	if got := answeredBy(t, "claude", false); got != "west" || time.Since(start) > 2*time.Second {
		t.Errorf("answered by %q after %v", got, time.Since(start))
	}
	// The stream's headers come at once, its first event too late.
	late := textStream(0, "Too", " late")
	late[0].Delay = 5 * time.Second
	east.Handle(claudeID, fakebedrock.Reply{Events: late})
	start = time.Now()
	if got := collectStream(t, newClient(), "claude"); got.text != "Hello from west" || got.err != nil || time.Since(start) > 2*time.Second {
		t.Errorf("stream %+v after %v", got, time.Since(start))
	}
	if n := len(east.Requests()); n != 2 {
		t.Errorf("east had %d requests", n)
	}
}
