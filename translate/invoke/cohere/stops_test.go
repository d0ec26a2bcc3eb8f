package cohere

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTrimStop(t *testing.T) {
	for _, tc := range []struct {
		text  string
		stops []string
		want  string
	}{
		{"Red.\nEND", []string{"END"}, "Red.\n"},
		{"Red.\nEND", []string{"D", "\nEND", "ND"}, "Red."}, // the longest that ends it
		{"Red.", []string{"END"}, "Red."},
		{"END", []string{"END"}, ""},
		{"ND", []string{"END"}, "ND"},
		{"Red.", nil, "Red."},
	} {
		if got := trimStop(tc.text, tc.stops); got != tc.want {
			t.Errorf("trimStop(%q, %q) = %q, want %q", tc.text, tc.stops, got, tc.want)
		}
	}
}

// TestStopHold splits texts at every byte: what goes out, added up, is
// the text without the stop sequence it ends with, and no piece splits a
// character.
func TestStopHold(t *testing.T) {
	for _, tc := range []struct {
		text    string
		stops   []string
		stopped bool
		want    string
	}{
		{"Red, green — é and blue.\nEND", []string{"END", "\n"}, true, "Red, green — é and blue.\n"},
		{"Red, green — é and blue.\nEND", []string{"END"}, false, "Red, green — é and blue.\nEND"},
		{"日本語の文END", []string{"END", "文END"}, true, "日本語の"},
		{"short", []string{"a much longer stop sequence"}, true, "short"},
		{"no stops", nil, true, "no stops"},
	} {
		for cut := 0; cut <= len(tc.text); cut++ {
			for _, step := range []int{1, 2, 5, len(tc.text) + 1} {
				h := newStopHold(tc.stops)
				var got strings.Builder
				emit := func(b []byte) {
					if len(b) > 0 && !utf8.Valid(b) {
						t.Fatalf("%q cut at %d step %d: piece %q splits a character", tc.text, cut, step, b)
					}
					got.Write(b)
				}
				pieces := []string{tc.text[:cut]}
				for rest := tc.text[cut:]; rest != ""; {
					n := min(step, len(rest))
					pieces, rest = append(pieces, rest[:n]), rest[n:]
				}
				for _, p := range pieces {
					if utf8.ValidString(p) {
						emit(h.feed([]byte(p)))
					} else {
						// A piece may split a character: what goes out
						// must not.
						out := h.feed([]byte(p))
						if len(out) > 0 && !utf8.Valid(out) {
							t.Fatalf("%q: piece %q out of %q splits a character", tc.text, out, p)
						}
						got.Write(out)
					}
				}
				emit(h.flush(tc.stopped))
				if got.String() != tc.want {
					t.Fatalf("%q cut at %d step %d: %q, want %q", tc.text, cut, step, got.String(), tc.want)
				}
			}
		}
	}
}

func TestCohereName(t *testing.T) {
	var cs chatState
	for _, tc := range []struct{ name, want string }{
		{"get_weather", "get_weather"},
		{"GetWeather2", "GetWeather2"},
		{"get-weather", "get_weather_19a275db"},
		{"2fa-code", "t_2fa_code_"},
		{"a.b", "a_b_"},
	} {
		got := cs.cohereName(tc.name)
		if !strings.HasPrefix(got, tc.want) || !validName(got) {
			t.Errorf("cohereName(%q) = %q, want %q...", tc.name, got, tc.want)
		}
		if back := cs.clientName([]byte(got)); back != tc.name {
			t.Errorf("clientName(%q) = %q, want %q", got, back, tc.name)
		}
		if again := cs.cohereName(tc.name); again != got {
			t.Errorf("cohereName(%q) changed: %q then %q", tc.name, got, again)
		}
	}
	if cs.cohereName("get-weather") == cs.cohereName("get_weather") {
		t.Error("two tools meet in one name")
	}
}

func TestToolCallID(t *testing.T) {
	for _, tc := range []struct {
		generation string
		i          int
		want       string
	}{
		{"4807c924-9003-4d6b-8069-eda03962c465", 1, "call_4807c92490034d6b8069eda03962c465_1"},
		{"", 0, "call_0"},
		{"a_b!c" + strings.Repeat("x", 40), 2, "call_abc" + strings.Repeat("x", 29) + "_2"},
	} {
		if got := toolCallID([]byte(tc.generation), tc.i); got != tc.want {
			t.Errorf("toolCallID(%q, %d) = %q, want %q", tc.generation, tc.i, got, tc.want)
		}
	}
}
