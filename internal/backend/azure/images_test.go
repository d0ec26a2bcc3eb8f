package azurebackend

import (
	"testing"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/internal/backend"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

func TestImageBilling(t *testing.T) {
	member := func(k, v string) translate.Member { return translate.Member{Key: k, Value: []byte(v)} }
	prompt := member("prompt", `"An otter"`)
	for _, tc := range []struct {
		name    string
		members []translate.Member
		n       int
		want    backend.Billing
	}{
		{"DALL-E 3's defaults", []translate.Member{prompt}, 1, backend.Billing{Images: 1, Width: 1024, Height: 1024, Quality: "standard"}},
		{"size and quality asked", []translate.Member{prompt, member("size", `"1792x1024"`), member("quality", `"hd"`)}, 1,
			backend.Billing{Images: 1, Width: 1792, Height: 1024, Quality: "hd"}},
		{"images answered, not asked", []translate.Member{prompt, member("n", "3")}, 2, backend.Billing{Images: 2, Width: 1024, Height: 1024, Quality: "standard"}},
		{"gpt-image quality", []translate.Member{member("quality", `"medium"`), member("size", `"1536x1024"`)}, 1,
			backend.Billing{Images: 1, Width: 1536, Height: 1024, Quality: "medium"}},
		{"auto size prices by no size", []translate.Member{member("size", `"auto"`)}, 1, backend.Billing{Images: 1, Quality: "standard"}},
		{"null quality and size", []translate.Member{member("size", "null"), member("quality", "null")}, 1,
			backend.Billing{Images: 1, Width: 1024, Height: 1024, Quality: "standard"}},
		{"a quality OpenAI does not name", []translate.Member{member("quality", `"premium"`)}, 1,
			backend.Billing{Images: 1, Width: 1024, Height: 1024, Quality: "premium"}},
		{"no image bills tokens", []translate.Member{prompt}, 0, backend.Billing{}},
	} {
		if got := imageBilling(tc.members, tc.n); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestImageBillingAllocatesNothing(t *testing.T) {
	members := []translate.Member{{Key: "size", Value: []byte(`"1024x1792"`)}, {Key: "quality", Value: []byte(`"hd"`)}}
	if n := testing.AllocsPerRun(100, func() { imageBilling(members, 1) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}
