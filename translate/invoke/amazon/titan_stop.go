package amazon

import (
	"strings"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// titanStop picks the stopSequences Titan takes. Bedrock holds them to
// one sequence, which must be "User:" or a run of "|" (it answers
// anything else with "string does not match pattern ^(\|+|User:)$"), so
// any other stop is refused here with a 400 that says so, or, with
// drop_params, left out: the first sequence Titan takes is kept. Empty
// strings can never match and are skipped.
func (p *params) titanStop(stop []string) (string, *translate.Error) {
	kept := ""
	for _, s := range stop {
		switch {
		case s == "":
		case kept == "" && titanStopOK(s):
			kept = s
		case !p.drop:
			e := translate.BadRequest("stop", "%s models take a single stop sequence, \"User:\" or a run of \"|\", so %q cannot be sent; remove it, or set drop_params on the model to leave it out", titanName, s)
			e.Code = "unsupported_parameter"
			return "", e
		default:
			p.note("stop")
		}
	}
	return kept, nil
}

// titanStopOK reports whether Bedrock takes s as a Titan stop sequence.
func titanStopOK(s string) bool {
	return s == "User:" || strings.Trim(s, "|") == ""
}
