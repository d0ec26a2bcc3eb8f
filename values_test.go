package llmgateway

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
)

// TestValueJSON: literals stay typed in the JSON, placeholders stay
// strings until provision, and both survive a round trip.
func TestValueJSON(t *testing.T) {
	type config struct {
		I Int      `json:"i,omitzero"`
		S Size     `json:"s,omitzero"`
		D Duration `json:"d,omitzero"`
	}
	for i, tc := range []struct {
		in, out string
	}{
		{`{"i":2048,"s":1048576,"d":"1m30s"}`, `{"i":2048,"s":1048576,"d":"1m30s"}`},
		{`{"s":"20MiB","d":1000000000}`, `{"s":20971520,"d":"1s"}`},
		{`{"i":"{env.A}","s":"{env.B}","d":"{env.C}"}`, `{"i":"{env.A}","s":"{env.B}","d":"{env.C}"}`},
		{`{}`, `{}`},
	} {
		var c config
		if err := json.Unmarshal([]byte(tc.in), &c); err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		out, err := json.Marshal(c)
		if err != nil || string(out) != tc.out {
			t.Errorf("%d: %s, %v; want %s", i, out, err, tc.out)
		}
	}
	for i, in := range []string{`{"i":"x"}`, `{"i":1.5}`, `{"s":-1}`, `{"s":"big"}`, `{"d":"soon"}`, `{"i":true}`} {
		var c config
		if err := json.Unmarshal([]byte(in), &c); err == nil {
			t.Errorf("%d: %s accepted", i, in)
		}
	}
}

func TestValueResolve(t *testing.T) {
	t.Setenv("GW_N", " 42 ")
	t.Setenv("GW_D", "2m")
	t.Setenv("GW_S", "1KiB")
	repl := caddy.NewReplacer()
	n, err := Int{ph: "{env.GW_N}"}.Resolve(repl)
	if err != nil || n != 42 {
		t.Errorf("Int: %d, %v", n, err)
	}
	d, err := Duration{ph: "{env.GW_D}"}.Resolve(repl)
	if err != nil || d != 2*time.Minute {
		t.Errorf("Duration: %v, %v", d, err)
	}
	s, err := Size{ph: "{env.GW_S}"}.Resolve(repl)
	if err != nil || s != 1024 {
		t.Errorf("Size: %d, %v", s, err)
	}
	if _, err := (Int{ph: "{env.GW_UNSET_X}"}).Resolve(repl); err == nil {
		t.Error("an unset variable resolved to a number")
	}
}

func TestValueCaddyfileArgs(t *testing.T) {
	d := caddyfile.NewTestDispenser("x 2048\nx {env.B}\nx 1.5\nx")
	for i, want := range []struct {
		v  Int
		ok bool
	}{{IntOf(2048), true}, {Int{ph: "{env.B}"}, true}, {Int{}, false}, {Int{}, false}} {
		d.Next()
		v, err := intArg(d, "x")
		if (err == nil) != want.ok || v != want.v {
			t.Errorf("%d: %v, %v", i, v, err)
		}
	}
}
