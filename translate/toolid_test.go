package translate

import (
	"strings"
	"testing"
)

func TestUpstreamToolID(t *testing.T) {
	for i, tc := range []struct {
		id    string
		valid bool
	}{
		{"call_abc123", true},
		{"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", true},
		{"toolu_01A09q90qw90lq917835lq9", true},
		{"a-b_C", true},
		{strings.Repeat("x", 64), true},
		{strings.Repeat("x", 65), false},
		{"", false},
		{"functions.get_weather:0", false},
		{"call 1", false},
		{"call/1", false},
		{"cällé", false},
		{"id\x00", false},
	} {
		if got := ValidToolID(tc.id); got != tc.valid {
			t.Errorf("%d: ValidToolID(%q) = %v", i, tc.id, got)
		}
		got := UpstreamToolID(tc.id)
		if tc.valid {
			if got != tc.id {
				t.Errorf("%d: valid id %q mapped to %q", i, tc.id, got)
			}
			continue
		}
		if !ValidToolID(got) || !strings.HasPrefix(got, toolIDPrefix) || len(got) != mappedToolIDLen {
			t.Errorf("%d: %q mapped to %q, which upstreams refuse", i, tc.id, got)
		}
		if again := UpstreamToolID(tc.id); again != got {
			t.Errorf("%d: mapping is not deterministic: %q, then %q", i, got, again)
		}
		if other := UpstreamToolID(tc.id + "x"); other == got {
			t.Errorf("%d: %q and %q map alike", i, tc.id, tc.id+"x")
		}
	}
}

func TestToolIDs(t *testing.T) {
	var ids ToolIDs
	if got := ids.Client("tooluse_new"); got != "tooluse_new" {
		t.Errorf("unknown id changed to %q", got)
	}
	long := "call_" + strings.Repeat("9", 80)
	for i, id := range []string{"functions.f:0", long, "ok_id"} {
		mapped := ids.Upstream(id)
		if ids.Upstream(id) != mapped {
			t.Errorf("%d: %q mapped twice differently", i, id)
		}
		if got := ids.Client(mapped); got != id {
			t.Errorf("%d: Client(%q) = %q, want %q", i, mapped, got, id)
		}
	}
	if len(ids) != 2 {
		t.Errorf("recorded %d mappings, want 2 (valid ids are not recorded)", len(ids))
	}
}
