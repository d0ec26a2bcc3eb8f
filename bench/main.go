// Command bench compares the gateway with Caddy's plain reverse_proxy, on
// loopback and offline: it builds the repository's Caddy, starts a fake
// Bedrock and OpenAI-shaped upstream, the gateway and a reverse proxy in
// front of it, drives each with its own HTTP/1.1 load generator and prints
// a markdown table. Run it from this folder: go run .
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "fake" {
		fs := flag.NewFlagSet("fake", flag.ExitOnError)
		listen := fs.String("listen", "127.0.0.1:0", "address to serve on")
		_ = fs.Parse(os.Args[2:])
		if err := runFake(*listen); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	var o options
	flag.IntVar(&o.rounds, "rounds", 3, "rounds; each number reported is the median over them")
	flag.DurationVar(&o.duration, "duration", 3*time.Second, "measured time per target and cell in a round")
	flag.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured load before each measurement")
	clients := flag.String("clients", "1,64", "comma-separated numbers of concurrent clients")
	kinds := flag.String("kinds", "json,stream", "comma-separated kinds of answer measured: json, stream")
	flag.IntVar(&o.held, "held", 2000, "streams held open for the memory cell; 0 skips it")
	jsonOut := flag.String("json", "", "also write the raw numbers to this file")
	caddyBin := flag.String("caddy", "", "a Caddy binary with llm_gateway to use instead of building ../cmd/caddy")
	repo := flag.String("repo", "..", "the repository whose cmd/caddy is built")
	flag.StringVar(&o.pprofDir, "pprof", "", "save CPU profiles of both Caddy processes (first round) to this folder")
	flag.Parse()
	for f := range strings.SplitSeq(*clients, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("-clients: bad number %q", f)
		}
		o.clients = append(o.clients, n)
	}
	for f := range strings.SplitSeq(*kinds, ",") {
		switch strings.TrimSpace(f) {
		case "json":
			o.kinds = append(o.kinds, false)
		case "stream":
			o.kinds = append(o.kinds, true)
		default:
			return fmt.Errorf("-kinds: %q is neither json nor stream", f)
		}
	}
	if o.rounds < 1 || o.duration <= 0 {
		return errors.New("-rounds and -duration must be positive")
	}
	if o.pprofDir != "" {
		if err := os.MkdirAll(o.pprofDir, 0o755); err != nil {
			return err
		}
	}
	log := func(s string) { fmt.Fprintln(os.Stderr, s) }

	dir, err := os.MkdirTemp("", "llm-gateway-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	r := &results{Machine: readMachine(), Options: map[string]any{
		"rounds": o.rounds, "duration": o.duration.String(), "warmup": o.warmup.String(),
		"clients": o.clients, "kinds": *kinds, "held": o.held,
	}}
	bin := *caddyBin
	if bin == "" {
		log("building cmd/caddy ...")
		if bin, err = buildCaddy(*repo, dir); err != nil {
			return err
		}
	}

	st, err := startStack(dir, bin)
	if err != nil {
		return err
	}
	r.Rounds = throughput(st, o, log)
	st.stop()
	r.Median = map[string]map[string]measure{}
	for c, byTarget := range r.Rounds {
		r.Median[c] = map[string]measure{}
		for t, ms := range byTarget {
			r.Median[c][t] = median(ms)
		}
	}
	for _, stream := range o.kinds {
		for _, n := range o.clients {
			r.Cells = append(r.Cells, cell{stream, n}.String())
		}
	}
	if o.held > 0 {
		if r.Held, err = heldStreams(dir, bin, o, log); err != nil {
			return err
		}
		r.HeldMed = map[string]heldMeasure{}
		for t, hs := range r.Held {
			r.HeldMed[t] = medianHeld(hs)
		}
	}
	r.Machine.LoadEnd = loadAverage()

	for _, c := range r.Cells {
		for _, t := range targets {
			if m := r.Median[c][t.name]; m.Errors > 0 {
				r.Failures = append(r.Failures, fmt.Sprintf("%s, %s: %d errors, first: %s", c, t.name, m.Errors, m.FirstError))
			}
		}
	}
	for _, t := range targets {
		if m := r.HeldMed[t.name]; m.Errors > 0 {
			r.Failures = append(r.Failures, fmt.Sprintf("held streams, %s: %d errors, first: %s", t.name, m.Errors, m.FirstError))
		}
	}
	writeTable(os.Stdout, r)
	if *jsonOut != "" {
		if err := writeJSON(*jsonOut, r); err != nil {
			return err
		}
	}
	if o.pprofDir != "" {
		abs, _ := filepath.Abs(o.pprofDir)
		log("profiles in " + abs + " (numbers of the profiled first round include the profiler's cost)")
	}
	if len(r.Failures) > 0 {
		for _, f := range r.Failures {
			log(f)
		}
		return fmt.Errorf("%d cells had failed responses: their numbers do not count", len(r.Failures))
	}
	return nil
}
