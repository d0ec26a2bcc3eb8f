package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// target is one way of reaching the fake's answer.
type target struct {
	name  string
	model string
	// server is the process whose CPU and memory the row reports.
	server func(*stack) *proc
}

const proxyTarget = "reverse_proxy"

var targets = []target{
	{"fake direct", fakeModel, func(s *stack) *proc { return s.fake }},
	{proxyTarget, fakeModel, func(s *stack) *proc { return s.proxy }},
	{"gateway bedrock", bedrockAlias, func(s *stack) *proc { return s.gateway }},
	{"gateway azure", azureAlias, func(s *stack) *proc { return s.gateway }},
}

// cell is one workload: JSON or streaming, at a number of clients.
type cell struct {
	stream  bool
	clients int
}

func (c cell) String() string {
	kind := "json"
	if c.stream {
		kind = "stream"
	}
	return fmt.Sprintf("%s ×%d", kind, c.clients)
}

// failures counts failed responses: one is enough to disqualify a cell,
// and the first says what went wrong.
type failures struct {
	Errors     int    `json:"errors"`
	FirstError string `json:"first_error,omitempty"`
}

func (f *failures) note(err error) {
	f.add(failures{Errors: 1, FirstError: err.Error()})
}

func (f *failures) add(g failures) {
	f.Errors += g.Errors
	if f.FirstError == "" {
		f.FirstError = g.FirstError
	}
}

// measure is one target in one cell in one round.
type measure struct {
	failures
	Requests  int     `json:"requests"`
	RPS       float64 `json:"rps"`
	P50       float64 `json:"p50_ms"`
	P99       float64 `json:"p99_ms"`
	TTFB      float64 `json:"ttfb_p50_ms,omitempty"`
	TTFT      float64 `json:"ttft_p50_ms,omitempty"`
	ServerCPU float64 `json:"server_cpu_us_per_req"`
	FakeCPU   float64 `json:"fake_cpu_us_per_req"`
	LoadCPU   float64 `json:"loadgen_cpu_us_per_req"`
	PeakRSS   float64 `json:"server_peak_rss_mib"`
	FakeConns int     `json:"fake_new_conns"`
}

// options are the command line's.
type options struct {
	rounds   int
	duration time.Duration
	warmup   time.Duration
	clients  []int
	// kinds are the streaming modes measured: false for JSON, true for
	// streams.
	kinds    []bool
	held     int
	pprofDir string
}

// window is the measured part of a load run, in now() time; zero while
// unset, so clients can read it without locking.
type window struct {
	start, end atomic.Int64
}

func (w *window) contains(t time.Duration) bool {
	s, e := w.start.Load(), w.end.Load()
	return s != 0 && int64(t) >= s && (e == 0 || int64(t) <= e)
}

// recorder holds one client's samples; merged after the run.
type recorder struct {
	total, ttfb, ttft []time.Duration
	failures
}

// runCell runs clients against t for the warm-up and then the measured
// window, and returns what the window saw.
func runCell(st *stack, t target, c cell, o options, profile string) measure {
	addr := t.server(st).addr
	req := rawRequest(addr, requestBody(t.model, c.stream))
	var win window
	var stop atomic.Bool
	recs := make([]recorder, c.clients)
	var wg sync.WaitGroup
	for i := range recs {
		wg.Go(func() {
			r := &recs[i]
			r.total = make([]time.Duration, 0, 4096)
			if c.stream {
				r.ttfb = make([]time.Duration, 0, 4096)
				r.ttft = make([]time.Duration, 0, 4096)
			}
			cl := &client{addr: addr}
			for !stop.Load() {
				s, err := cl.do(req, c.stream)
				if err != nil {
					r.note(err)
					time.Sleep(10 * time.Millisecond) // no busy loop on a broken target
					continue
				}
				if win.contains(now()) {
					r.total = append(r.total, s.total)
					if c.stream {
						r.ttfb = append(r.ttfb, s.ttfb)
						r.ttft = append(r.ttft, s.ttft)
					}
				}
			}
			if cl.conn != nil {
				cl.conn.Close()
			}
		})
	}

	time.Sleep(o.warmup)
	server := t.server(st)
	pids := []int{server.pid(), st.fake.pid(), os.Getpid()}
	for _, pid := range pids {
		resetPeak(pid)
	}
	before := readAll(pids)
	conns0 := st.fakeConns()
	var prof sync.WaitGroup
	if profile != "" && server.admin != "" {
		prof.Go(func() { saveProfile(server.admin, profile, o.duration) })
	}
	t0 := now()
	win.start.Store(int64(t0))
	time.Sleep(o.duration)
	t1 := now()
	win.end.Store(int64(t1))
	after := readAll(pids)
	conns1 := st.fakeConns()
	stop.Store(true)
	wg.Wait()
	prof.Wait()

	var m measure
	var total, ttfb, ttft []time.Duration
	for _, r := range recs {
		total = append(total, r.total...)
		ttfb = append(ttfb, r.ttfb...)
		ttft = append(ttft, r.ttft...)
		m.add(r.failures)
	}
	m.Requests = len(total)
	m.RPS = float64(len(total)) / (t1 - t0).Seconds()
	m.P50, m.P99 = ms(percentile(total, 50)), ms(percentile(total, 99))
	if c.stream {
		m.TTFB, m.TTFT = ms(percentile(ttfb, 50)), ms(percentile(ttft, 50))
	}
	perReq := func(i int) float64 {
		if m.Requests == 0 {
			return 0
		}
		return float64(after[i].cpu-before[i].cpu) / float64(time.Microsecond) / float64(m.Requests)
	}
	m.ServerCPU, m.FakeCPU, m.LoadCPU = perReq(0), perReq(1), perReq(2)
	m.PeakRSS = float64(after[0].hwm) / (1 << 20)
	m.FakeConns = conns1 - conns0
	return m
}

func readAll(pids []int) []procStat {
	out := make([]procStat, len(pids))
	for i, pid := range pids {
		out[i], _ = readProc(pid)
	}
	return out
}

// percentile is the nearest-rank percentile of d (sorted in place).
func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	i := (len(d)*p + 99) / 100
	return d[max(i-1, 0)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// saveProfile fetches a CPU profile of a Caddy process from its admin
// endpoint while the window runs.
func saveProfile(admin, path string, d time.Duration) {
	secs := max(int(d.Seconds()), 1)
	resp, err := http.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", admin, secs))
	if err != nil {
		fmt.Fprintf(os.Stderr, "profile %s: %v\n", path, err)
		return
	}
	defer resp.Body.Close()
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "profile %s: %v\n", path, err)
		return
	}
	defer f.Close()
	_, _ = f.ReadFrom(resp.Body)
}

// profileName is where a cell's profile goes, or "" for none: Caddy
// targets are profiled in the first round only, since profiling costs CPU.
func profileName(o options, round int, c cell, t target) string {
	if o.pprofDir == "" || round != 0 || t.name == "fake direct" {
		return ""
	}
	name := strings.NewReplacer(" ", "-", "×", "x").Replace(c.String() + "-" + t.name)
	return filepath.Join(o.pprofDir, name+".pb.gz")
}

// throughput runs every cell for every target over the rounds. Within a
// round the targets go in turn, and the order rotates from round to round,
// so a slow spell of the machine does not always fall on the same target.
func throughput(st *stack, o options, log func(string)) map[string]map[string][]measure {
	var cells []cell
	for _, stream := range o.kinds {
		for _, n := range o.clients {
			cells = append(cells, cell{stream, n})
		}
	}
	out := map[string]map[string][]measure{}
	for round := range o.rounds {
		for ci, c := range cells {
			if out[c.String()] == nil {
				out[c.String()] = map[string][]measure{}
			}
			for k := range targets {
				t := targets[(k+round+ci)%len(targets)]
				m := runCell(st, t, c, o, profileName(o, round, c, t))
				out[c.String()][t.name] = append(out[c.String()][t.name], m)
				log(fmt.Sprintf("round %d  %-10s  %-16s %8.0f req/s  p50 %.3f ms  errors %d",
					round+1, c, t.name, m.RPS, m.P50, m.Errors))
			}
		}
	}
	return out
}
