package llmgateway

import (
	"math"
	"testing"
	"time"
)

// TestSelectors: each policy's choices over many draws, compared with the
// share of each deployment it should give. The random policies are held
// to wide margins (10,000 draws put one standard deviation under 0.005).
func TestSelectors(t *testing.T) {
	const draws = 10_000
	ms := func(n ...int) []int64 {
		out := make([]int64, len(n))
		for i, v := range n {
			out[i] = int64(time.Duration(v) * time.Millisecond)
		}
		return out
	}
	for i, tc := range []struct {
		name       string
		routing    string
		weights    []int
		inFlight   []int64
		latency    []int64
		candidates mask
		want       []float64
	}{
		{name: "weighted by weight", routing: "weighted", weights: []int{3, 1},
			candidates: maskOf(0, 1), want: []float64{0.75, 0.25}},
		{name: "weighted among candidates only", routing: "weighted", weights: []int{1, 5, 1, 2},
			candidates: maskOf(0, 2, 3), want: []float64{0.25, 0, 0.25, 0.5}},
		{name: "weighted single", routing: "weighted", weights: []int{1, 1, 1},
			candidates: maskOf(2), want: []float64{0, 0, 1}},
		{name: "least busy", routing: "least_busy", weights: []int{1, 1, 1}, inFlight: []int64{3, 1, 2},
			candidates: maskOf(0, 1, 2), want: []float64{0, 1, 0}},
		{name: "least busy ties at random", routing: "least_busy", weights: []int{1, 1, 1, 1}, inFlight: []int64{2, 0, 1, 0},
			candidates: maskOf(0, 1, 2, 3), want: []float64{0, 0.5, 0, 0.5}},
		{name: "least busy among candidates", routing: "least_busy", weights: []int{1, 1, 1}, inFlight: []int64{3, 0, 2},
			candidates: maskOf(0, 2), want: []float64{0, 0, 1}},
		{name: "latency lowest, one in ten explores", routing: "latency", weights: []int{1, 1, 1}, latency: ms(30, 10, 20),
			candidates: maskOf(0, 1, 2), want: []float64{0.1 / 3, 0.9 + 0.1/3, 0.1 / 3}},
		{name: "latency unmeasured first", routing: "latency", weights: []int{1, 1, 1}, latency: ms(20, 10, 0),
			candidates: maskOf(0, 1, 2), want: []float64{0.1 / 3, 0.1 / 3, 0.9 + 0.1/3}},
		{name: "latency among candidates", routing: "latency", weights: []int{1, 1, 1}, latency: ms(30, 10, 20),
			candidates: maskOf(0, 2), want: []float64{0.05, 0, 0.95}},
		{name: "latency single, no exploring", routing: "latency", weights: []int{1, 1}, latency: ms(90, 10),
			candidates: maskOf(0), want: []float64{1, 0}},
		{name: "ordered first candidate", routing: "ordered", weights: []int{1, 1, 1},
			candidates: maskOf(1, 2), want: []float64{0, 1, 0}},
	} {
		p := handPool(tc.routing, tc.weights...)
		for j, d := range p.deployments {
			if tc.inFlight != nil {
				d.state.inFlight.Store(tc.inFlight[j])
			}
			if tc.latency != nil {
				d.state.latency.Store(tc.latency[j])
			}
		}
		counts := make([]int, len(p.deployments))
		for range draws {
			j := p.selector.choose(p, tc.candidates)
			if !tc.candidates.has(j) {
				t.Fatalf("%d %s: chose %d, not a candidate", i, tc.name, j)
			}
			counts[j]++
		}
		for j, want := range tc.want {
			if got := float64(counts[j]) / draws; math.Abs(got-want) > 0.03 {
				t.Errorf("%d %s: deployment %d chosen %.3f of the time, want %.3f (%v)", i, tc.name, j, got, want, counts)
			}
		}
	}
}
