// Package prefixreg is the registry the translate packages keep their
// model families in: each family by name, and as the family of the Bedrock
// model IDs that start with its prefixes.
package prefixreg

import (
	"sort"
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/bedrockruntime"
)

// Registry holds the families of one kind. Families register from init;
// lookups after that are read-only and safe for concurrent use.
type Registry[F any] struct {
	kind     string // for panics: "invoke", "images", "embeddings"
	families map[string]F
	prefixes []prefix
}

type prefix struct{ prefix, family string }

// New returns an empty registry; kind names it in panics.
func New[F any](kind string) *Registry[F] {
	return &Registry[F]{kind: kind, families: map[string]F{}}
}

// Register makes a family known by name, and as the family of model IDs
// that start with one of idPrefixes (after any cross-region prefix).
func (r *Registry[F]) Register(name string, f F, idPrefixes ...string) {
	if _, dup := r.families[name]; dup {
		panic(r.kind + ": family " + name + " registered twice")
	}
	r.families[name] = f
	for _, p := range idPrefixes {
		for _, q := range r.prefixes {
			if q.prefix == p {
				panic(r.kind + ": model ID prefix " + p + " claimed by " + q.family + " and " + name)
			}
		}
		r.prefixes = append(r.prefixes, prefix{p, name})
	}
	// Longest first: "cohere.command-r" before "cohere.command".
	sort.Slice(r.prefixes, func(i, j int) bool { return len(r.prefixes[i].prefix) > len(r.prefixes[j].prefix) })
}

// ByName returns the family named name.
func (r *Registry[F]) ByName(name string) (F, bool) {
	f, ok := r.families[name]
	return f, ok
}

// Names lists the registered families, sorted.
func (r *Registry[F]) Names() []string {
	names := make([]string, 0, len(r.families))
	for n := range r.families {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// FamilyOf names the family of a model ID, profile ID or ARN: from the
// ID after any cross-region prefix, or from the model an ARN names after
// its last '/' (foundation-model and cross-region profile ARNs). ok is
// false when nothing in the ID says, as for provisioned, imported and
// application-profile ARNs.
func (r *Registry[F]) FamilyOf(modelID string) (name string, ok bool) {
	id := bedrockruntime.BaseModelID(modelID)
	if id == "" {
		return "", false
	}
	for _, p := range r.prefixes {
		if strings.HasPrefix(id, p.prefix) {
			return p.family, true
		}
	}
	return "", false
}
