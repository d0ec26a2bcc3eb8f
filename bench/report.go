package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
)

// machine is what the numbers were measured on.
type machine struct {
	CPU       string `json:"cpu"`
	Cores     int    `json:"cores"`
	Kernel    string `json:"kernel"`
	Go        string `json:"go"`
	LoadStart string `json:"load_average_start"`
	LoadEnd   string `json:"load_average_end"`
}

func readMachine() machine {
	m := machine{Cores: runtime.NumCPU(), Go: runtime.Version()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	m.LoadStart = loadAverage()
	return m
}

// loadAverage is the 1, 5 and 15 minute load average: other work on the
// machine during a run shows here.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

// results is everything a run measured, as -json writes it.
type results struct {
	Machine  machine                         `json:"machine"`
	Options  map[string]any                  `json:"options"`
	Cells    []string                        `json:"cells"`
	Rounds   map[string]map[string][]measure `json:"rounds"`
	Median   map[string]map[string]measure   `json:"median"`
	Held     map[string][]heldMeasure        `json:"held_rounds,omitempty"`
	HeldMed  map[string]heldMeasure          `json:"held_median,omitempty"`
	Failures []string                        `json:"failures,omitempty"`
}

// medianOf is the median of f over xs.
func medianOf[T any](xs []T, f func(T) float64) float64 {
	v := make([]float64, len(xs))
	for i, x := range xs {
		v[i] = f(x)
	}
	slices.Sort(v)
	switch {
	case len(v) == 0:
		return 0
	case len(v)%2 == 1:
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// median takes each number's median over the rounds on its own; errors
// are summed, since one failed response in any round is a failure.
func median(ms []measure) measure {
	var out measure
	for _, m := range ms {
		out.Requests += m.Requests
		out.add(m.failures)
	}
	out.RPS = medianOf(ms, func(m measure) float64 { return m.RPS })
	out.P50 = medianOf(ms, func(m measure) float64 { return m.P50 })
	out.P99 = medianOf(ms, func(m measure) float64 { return m.P99 })
	out.TTFB = medianOf(ms, func(m measure) float64 { return m.TTFB })
	out.TTFT = medianOf(ms, func(m measure) float64 { return m.TTFT })
	out.ServerCPU = medianOf(ms, func(m measure) float64 { return m.ServerCPU })
	out.FakeCPU = medianOf(ms, func(m measure) float64 { return m.FakeCPU })
	out.LoadCPU = medianOf(ms, func(m measure) float64 { return m.LoadCPU })
	out.PeakRSS = medianOf(ms, func(m measure) float64 { return m.PeakRSS })
	out.FakeConns = int(medianOf(ms, func(m measure) float64 { return float64(m.FakeConns) }))
	return out
}

func medianHeld(hs []heldMeasure) heldMeasure {
	var out heldMeasure
	for _, h := range hs {
		out.Streams = h.Streams
		out.add(h.failures)
	}
	out.ServerKiB = medianOf(hs, func(h heldMeasure) float64 { return h.ServerKiB })
	out.FakeKiB = medianOf(hs, func(h heldMeasure) float64 { return h.FakeKiB })
	out.OpenSecs = medianOf(hs, func(h heldMeasure) float64 { return h.OpenSecs })
	out.TTFT = medianOf(hs, func(h heldMeasure) float64 { return h.TTFT })
	return out
}

// writeTable prints the markdown the README's Performance section holds.
func writeTable(w io.Writer, r *results) {
	m := r.Machine
	fmt.Fprintf(w, "Machine: %s, %d cores, Linux %s, %s; load average %s at the start, %s at the end.\n",
		m.CPU, m.Cores, m.Kernel, m.Go, m.LoadStart, m.LoadEnd)
	o := r.Options
	fmt.Fprintf(w, "Run: %v rounds of %v per target and cell after %v of warm-up; clients %v; %v held streams; each number the median of the rounds.\n\n",
		o["rounds"], o["duration"], o["warmup"], o["clients"], o["held"])
	if k, _ := o["kinds"].(string); k != "" && k != "json,stream" {
		fmt.Fprintf(w, "Kinds measured: %s only.\n\n", k)
	}
	fmt.Fprintln(w, "| cell | target | req/s | ×rp | p50 ms | p99 ms | TTFB p50 ms | TTFT p50 ms | server CPU µs/req | ×rp | fake CPU µs/req | loadgen CPU µs/req | server peak RSS MiB | new upstream conns | errors |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, c := range r.Cells {
		rp := r.Median[c][proxyTarget]
		for _, t := range targets {
			x := r.Median[c][t.name]
			ttfb, ttft := "", ""
			if strings.HasPrefix(c, "stream") {
				ttfb, ttft = fmt.Sprintf("%.3f", x.TTFB), fmt.Sprintf("%.3f", x.TTFT)
			}
			fmt.Fprintf(w, "| %s | %s | %.0f | %s | %.3f | %.3f | %s | %s | %.1f | %s | %.1f | %.1f | %.0f | %d | %d |\n",
				c, t.name, x.RPS, ratio(x.RPS, rp.RPS), x.P50, x.P99, ttfb, ttft,
				x.ServerCPU, ratio(x.ServerCPU, rp.ServerCPU), x.FakeCPU, x.LoadCPU, x.PeakRSS, x.FakeConns, x.Errors)
		}
	}
	if len(r.HeldMed) > 0 {
		rp := r.HeldMed[proxyTarget]
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| held streams | target | server RSS KiB/stream | ×rp | fake RSS KiB/stream | TTFT p50 ms | open all s | errors |")
		fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|--:|--:|")
		for _, t := range targets {
			x := r.HeldMed[t.name]
			fmt.Fprintf(w, "| %d | %s | %.1f | %s | %.1f | %.3f | %.2f | %d |\n",
				x.Streams, t.name, x.ServerKiB, ratio(x.ServerKiB, rp.ServerKiB), x.FakeKiB, x.TTFT, x.OpenSecs, x.Errors)
		}
	}
	fmt.Fprintln(w)
	writeChecks(w, r)
}

func ratio(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// check is one of the targets the performance issue set, for the gateway
// against reverse_proxy in the same run.
type check struct {
	name   string
	cells  func(cell string) bool
	value  func(gw, rp measure) float64
	limit  float64
	unit   string // "×" for a ratio, " ms" for a difference
	atMost bool   // the value must not exceed the limit (else not fall below it)
}

var checks = []check{
	{"throughput ≥ 0.8×", anyCell, func(g, rp measure) float64 { return g.RPS / rp.RPS }, 0.8, "×", false},
	{"server CPU per request ≤ 1.3×", anyCell, func(g, rp measure) float64 { return g.ServerCPU / rp.ServerCPU }, 1.3, "×", true},
	{"added p50 at 1 client ≤ 0.1 ms", oneClient, func(g, rp measure) float64 { return g.P50 - rp.P50 }, 0.1, " ms", true},
	// Latencies are checked at 1 client: with 64 clients each waiting for
	// its answer before asking again, latency is clients / throughput,
	// which the throughput check covers.
	{"stream TTFB at 1 client ≤ +0.2 ms", oneClientStream, func(g, rp measure) float64 { return g.TTFB - rp.TTFB }, 0.2, " ms", true},
	{"stream time to first token at 1 client ≤ +0.2 ms", oneClientStream, func(g, rp measure) float64 { return g.TTFT - rp.TTFT }, 0.2, " ms", true},
}

func anyCell(string) bool           { return true }
func oneClient(c string) bool       { return strings.HasSuffix(c, "×1") }
func oneClientStream(c string) bool { return oneClient(c) && strings.HasPrefix(c, "stream") }

// worst is the check's worst value over the cells it covers, and where;
// at is empty when the run had no such cell.
func (k check) worst(r *results, gateway string) (v float64, at string) {
	for _, c := range r.Cells {
		if !k.cells(c) {
			continue
		}
		x := k.value(r.Median[c][gateway], r.Median[c][proxyTarget])
		if at == "" || k.atMost && x > v || !k.atMost && x < v {
			v, at = x, c
		}
	}
	return v, at
}

// writeChecks prints each check's worst cell for each gateway target, and
// whether it meets the target.
func writeChecks(w io.Writer, r *results) {
	gateways := []string{"gateway bedrock", "gateway azure"}
	fmt.Fprintln(w, "| target (against reverse_proxy, worst cell) | gateway bedrock | gateway azure |")
	fmt.Fprintln(w, "|---|---|---|")
	for _, k := range checks {
		fmt.Fprintf(w, "| %s |", k.name)
		for _, g := range gateways {
			v, at := k.worst(r, g)
			if at == "" {
				fmt.Fprint(w, " not measured |")
				continue
			}
			format := "%.2f%s (%s) %s"
			if k.unit != "×" {
				format = "%+.3f%s (%s) %s"
			}
			fmt.Fprintf(w, " "+format+" |", v, k.unit, at, verdict(k.atMost && v <= k.limit || !k.atMost && v >= k.limit))
		}
		fmt.Fprintln(w)
	}
	if len(r.HeldMed) > 0 {
		rp := r.HeldMed[proxyTarget].ServerKiB
		fmt.Fprint(w, "| RSS per held stream ≤ reverse_proxy's |")
		for _, g := range gateways {
			x := r.HeldMed[g].ServerKiB
			fmt.Fprintf(w, " %.1f KiB (rp %.1f) %s |", x, rp, verdict(x <= rp))
		}
		fmt.Fprintln(w)
	}
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}

func writeJSON(path string, r *results) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
