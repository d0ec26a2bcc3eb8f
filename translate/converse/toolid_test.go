package converse

import (
	"strings"
	"testing"
)

func TestBedrockToolID(t *testing.T) {
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
		if got := validToolID(tc.id); got != tc.valid {
			t.Errorf("%d: validToolID(%q) = %v", i, tc.id, got)
		}
		got := bedrockToolID(tc.id)
		if tc.valid {
			if got != tc.id {
				t.Errorf("%d: valid id %q mapped to %q", i, tc.id, got)
			}
			continue
		}
		if !validToolID(got) || !strings.HasPrefix(got, toolIDPrefix) || len(got) != mappedToolIDLen {
			t.Errorf("%d: %q mapped to %q, which Bedrock refuses", i, tc.id, got)
		}
		if again := bedrockToolID(tc.id); again != got {
			t.Errorf("%d: mapping is not deterministic: %q, then %q", i, got, again)
		}
		if other := bedrockToolID(tc.id + "x"); other == got {
			t.Errorf("%d: %q and %q map alike", i, tc.id, tc.id+"x")
		}
	}
}

func TestStateToolID(t *testing.T) {
	var st State
	if got := st.ClientToolID("tooluse_new"); got != "tooluse_new" {
		t.Errorf("unknown id changed to %q", got)
	}
	long := "call_" + strings.Repeat("9", 80)
	for i, id := range []string{"functions.f:0", long, "ok_id"} {
		mapped := st.toolID(id)
		if st.toolID(id) != mapped {
			t.Errorf("%d: %q mapped twice differently", i, id)
		}
		if got := st.ClientToolID(mapped); got != id {
			t.Errorf("%d: ClientToolID(%q) = %q, want %q", i, mapped, got, id)
		}
	}
	if len(st.toolIDs) != 2 {
		t.Errorf("recorded %d mappings, want 2 (valid ids are not recorded)", len(st.toolIDs))
	}
}
