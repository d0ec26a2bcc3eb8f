package llmgateway

import "net/http"

// sseWriter writes server-sent events and flushes each one, so chunks reach
// the client as they are produced, through Caddy's encode handler too. The
// headers go out with the first event.
type sseWriter struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	started bool
}

func newSSEWriter(w http.ResponseWriter) *sseWriter {
	// Caddy's response writers are not http.Flushers themselves; the
	// ResponseController finds the flusher through their Unwrap methods.
	return &sseWriter{w: w, rc: http.NewResponseController(w)}
}

func (s *sseWriter) start() {
	h := s.w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // tell nginx-style proxies in front not to buffer
	h.Del("Content-Length")
	s.w.WriteHeader(http.StatusOK)
	s.started = true
}

// send writes b (one or more complete events) and flushes.
func (s *sseWriter) send(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if !s.started {
		s.start()
	}
	if _, err := s.w.Write(b); err != nil {
		return err
	}
	return s.rc.Flush()
}
