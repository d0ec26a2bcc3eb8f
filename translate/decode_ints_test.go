package translate

import (
	"testing"
)

func TestParseIntNeverOverflows(t *testing.T) {
	for i, tc := range []struct {
		raw    string
		lo, hi int
		want   int
		ok     bool
	}{
		{"0", 0, 10, 0, true},
		{"10", 0, 10, 10, true},
		{"-1", -1, 10, -1, true},
		{"11", 0, 10, 0, false},
		{"99999999999999999999999999999", 0, MaxTokenCount, 0, false},
		{"-99999999999999999999999999999", -5, 5, 0, false},
		{"100000000", 0, MaxTokenCount, MaxTokenCount, true},
		{"100000001", 0, MaxTokenCount, 0, false},
	} {
		got, err := parseInt([]byte(tc.raw), "p", tc.lo, tc.hi)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("%d: parseInt(%s, %d, %d) = %d, %v", i, tc.raw, tc.lo, tc.hi, got, err)
		}
	}
}
