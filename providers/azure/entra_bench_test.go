package azure

import (
	"context"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/fakeazure"
)

// BenchmarkCachedToken is what a request pays for its Entra token once
// one is cached: the gateway's own cache, an atomic load.
func BenchmarkCachedToken(b *testing.B) {
	e := benchSource(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.token(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAzidentityCachedToken is what it would pay asking azidentity
// each time, which answers from MSAL's cache under a per-credential lock:
// why the gateway keeps a cache in front of it.
func BenchmarkAzidentityCachedToken(b *testing.B) {
	e := benchSource(b)
	ctx := context.Background()
	opts := policy.TokenRequestOptions{Scopes: []string{Scope}}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.cred.GetToken(ctx, opts); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchSource is a client-secret source with a token already cached, in
// front of the fake Entra.
func benchSource(b *testing.B) *entraSource {
	s := fakeazure.New(b)
	e := provision(b, entraAccount(b, s)).c.entra
	if _, err := e.token(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	return e
}
