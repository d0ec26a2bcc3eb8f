package mistral

import "testing"

func TestToolID(t *testing.T) {
	for _, tc := range []struct {
		id   string
		kept bool
	}{
		{"aB3xK9mP2", true},
		{"123456789", true},
		{"call_Wz9pq1Ke7sTx", false},
		{"adN1ifNCSJy4bpwrpJt5tw", false}, // Mistral Large 24.02's own
		{"aB3xK9mP", false},
		{"aB3xK9mP2X", false},
		{"aB3xK9m_2", false},
		{"functions.top_song:0", false},
		{"", false},
	} {
		got := mistralToolID(tc.id)
		if (got == tc.id) != tc.kept {
			t.Errorf("%q → %q", tc.id, got)
		}
		if !validToolID(got) {
			t.Errorf("%q → %q, which Mistral refuses", tc.id, got)
		}
		if again := mistralToolID(tc.id); again != got {
			t.Errorf("%q → %q, then %q", tc.id, got, again)
		}
	}
	if mistralToolID("call_1") == mistralToolID("call_2") {
		t.Error("two ids map to one")
	}

	// The state maps the ids it changed back, and only those.
	var st state
	sent := st.toolID("call_1")
	if st.toolID("aB3xK9mP2") != "aB3xK9mP2" || st.clientToolID(sent) != "call_1" || st.clientToolID("Qx7rT2vLm") != "Qx7rT2vLm" || len(st.toolIDs) != 1 {
		t.Errorf("state %+v", st)
	}
}
