package main

import (
	"fmt"
	"net"
	"sync"
	"time"
)

// heldMeasure is the memory one target spends per open stream.
type heldMeasure struct {
	failures
	Streams   int     `json:"streams"`
	ServerKiB float64 `json:"server_rss_kib_per_stream"`
	FakeKiB   float64 `json:"fake_rss_kib_per_stream"`
	OpenSecs  float64 `json:"open_seconds"`
	TTFT      float64 `json:"ttft_p50_ms"`
}

// runHeld opens n streams through t and keeps them open, each after its
// first content event arrived, and measures how much the server's resident
// memory grew per stream. Each measurement gets fresh processes: a process
// that already served the throughput cells has freed heap to reuse, and
// would look cheaper than it is.
func runHeld(dir, caddyBin string, t target, n int) (heldMeasure, error) {
	m := heldMeasure{Streams: n}
	st, err := startStack(dir, caddyBin)
	if err != nil {
		return m, err
	}
	defer st.stop()
	// A few streams first, so that what a process allocates once (pools,
	// lazily built tables) is not counted per stream; a light load, so
	// that it leaves little garbage to be collected during the
	// measurement and make the growth look smaller.
	warm := runCell(st, t, cell{stream: true, clients: 4}, options{duration: 300 * time.Millisecond}, "")
	if warm.Errors > 0 {
		return m, fmt.Errorf("warming %s: %s", t.name, warm.FirstError)
	}
	if err := st.setHold(true); err != nil {
		return m, err
	}
	time.Sleep(time.Second) // the warm-up's connections wind down
	server := t.server(st)
	pids := []int{server.pid(), st.fake.pid()}
	before := readAll(pids)

	addr := server.addr
	req := rawRequest(addr, requestBody(t.model, true))
	t0 := now()
	conns, ttft, fails := openHeld(addr, req, n)
	m.OpenSecs = (now() - t0).Seconds()
	time.Sleep(time.Second) // every stream is in its steady state
	after := readAll(pids)
	for _, c := range conns {
		c.Close()
	}
	m.failures = fails
	m.TTFT = ms(percentile(ttft, 50))
	if held := len(conns); held > 0 {
		m.ServerKiB = float64(after[0].rss-before[0].rss) / 1024 / float64(held)
		m.FakeKiB = float64(after[1].rss-before[1].rss) / 1024 / float64(held)
	}
	return m, nil
}

// openHeld opens n streams, 64 at a time, and returns their connections,
// open, with the time each took to its first content.
func openHeld(addr string, req []byte, n int) ([]net.Conn, []time.Duration, failures) {
	var (
		mu    sync.Mutex
		conns []net.Conn
		ttft  []time.Duration
		fails failures
		next  = make(chan struct{}, n)
		wg    sync.WaitGroup
	)
	for range n {
		next <- struct{}{}
	}
	close(next)
	for range min(64, n) {
		wg.Go(func() {
			for range next {
				cl := &client{addr: addr, held: true}
				s, err := cl.do(req, true)
				mu.Lock()
				if err == nil && s.ttft > 0 {
					conns = append(conns, cl.conn)
					ttft = append(ttft, s.ttft)
				} else {
					fails.note(fmt.Errorf("no first content: %v", err))
					if cl.conn != nil {
						cl.conn.Close()
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return conns, ttft, fails
}

// heldStreams measures every target, over the rounds, in rotating order.
func heldStreams(dir, caddyBin string, o options, log func(string)) (map[string][]heldMeasure, error) {
	out := map[string][]heldMeasure{}
	for round := range o.rounds {
		for k := range targets {
			t := targets[(k+round)%len(targets)]
			m, err := runHeld(dir, caddyBin, t, o.held)
			if err != nil {
				return nil, err
			}
			out[t.name] = append(out[t.name], m)
			log(fmt.Sprintf("round %d  held %-5d  %-16s %6.1f KiB/stream  errors %d",
				round+1, o.held, t.name, m.ServerKiB, m.Errors))
		}
	}
	return out, nil
}
