package llmgateway

import "math/rand/v2"

// selector is a routing policy: it chooses one of the candidates (a
// non-empty set of available deployments of one order) of a pool. It is
// called on every attempt, so it reads only atomics and allocates nothing.
type selector interface {
	choose(p *pool, candidates mask) int
}

// selectors are the routing policies by the name a Caddyfile gives them.
var selectors = map[string]selector{
	"weighted":   weightedSelector{},
	"least_busy": leastBusySelector{},
	"latency":    latencySelector{},
	"ordered":    orderedSelector{},
}

// weightedSelector picks at random in proportion to weight: LiteLLM's
// simple-shuffle, and the default.
type weightedSelector struct{}

func (weightedSelector) choose(p *pool, c mask) int {
	total := 0
	for m := c; m != 0; m &= m - 1 {
		total += p.deployments[m.nth(0)].weight
	}
	r := rand.IntN(total)
	for m := c; m != 0; m &= m - 1 {
		i := m.nth(0)
		if r -= p.deployments[i].weight; r < 0 {
			return i
		}
	}
	return c.nth(0)
}

// leastBusySelector picks the deployment with the fewest requests in
// flight; ties are broken at random, so an idle pool still spreads load.
type leastBusySelector struct{}

func (leastBusySelector) choose(p *pool, c mask) int {
	best, ties := -1, 0
	var least int64
	for m := c; m != 0; m &= m - 1 {
		i := m.nth(0)
		n := p.deployments[i].state.inFlight.Load()
		switch {
		case best < 0 || n < least:
			best, least, ties = i, n, 1
		case n == least:
			// Reservoir sampling: each tie ends up chosen with equal chance.
			if ties++; rand.IntN(ties) == 0 {
				best = i
			}
		}
	}
	return best
}

// latencySelector picks the deployment with the lowest recent time to
// first byte. One attempt in exploreOneIn goes elsewhere at random, and a
// deployment with no sample yet is tried first, so a region that was slow
// once is measured again rather than avoided for good.
type latencySelector struct{}

const exploreOneIn = 10

func (latencySelector) choose(p *pool, c mask) int {
	if c.count() > 1 && rand.IntN(exploreOneIn) == 0 {
		return c.nth(rand.IntN(c.count()))
	}
	best := -1
	var lowest int64
	for m := c; m != 0; m &= m - 1 {
		i := m.nth(0)
		l := p.deployments[i].state.latency.Load()
		if l == 0 {
			return i
		}
		if best < 0 || l < lowest {
			best, lowest = i, l
		}
	}
	return best
}

// orderedSelector picks the first available deployment in line order (the
// pool already keeps only the lowest order): LiteLLM's order.
type orderedSelector struct{}

func (orderedSelector) choose(_ *pool, c mask) int { return c.nth(0) }
