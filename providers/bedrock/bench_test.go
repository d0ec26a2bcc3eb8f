package bedrock

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"go.uber.org/zap"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// BenchmarkConverseSign measures what the gateway adds per call before the
// network: credentials lookup, request building and SigV4 signing.
func BenchmarkConverseSign(b *testing.B) {
	isolateAWS(b)
	a := &Account{Region: "us-east-1", AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret", SessionToken: "token"}
	if err := a.Provision(context.Background(), "bench", nil, zap.NewNop()); err != nil {
		b.Fatal(err)
	}
	defer a.Cleanup()
	a.client = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})}
	body := []byte(`{"messages":[{"role":"user","content":[{"text":"` + strings.Repeat("x", 1024) + `"}]}]}`)
	ctx := context.Background()

	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		resp, err := a.Converse(ctx, profileARN, true, body)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}
