package translate

import (
	"encoding/json"
	"strconv"
)

// NoEffect reports whether an OpenAI parameter's value asks for nothing
// beyond what every model does anyway: n 1, logprobs false, a zero
// presence or frequency penalty, text-only modalities. An upstream that
// cannot honour one of these parameters still takes it at such a value,
// which clients often send explicitly. Any other parameter has an effect.
func NoEffect(key string, value []byte) bool {
	switch key {
	case "n":
		f, err := strconv.ParseFloat(string(value), 64)
		return err == nil && f == 1
	case "logprobs":
		return string(value) == "false"
	case "presence_penalty", "frequency_penalty":
		f, err := strconv.ParseFloat(string(value), 64)
		return err == nil && f == 0
	case "modalities":
		return textModalityOnly(value)
	}
	return false
}

// textModalityOnly reports whether modalities is ["text"] (or empty),
// which every model honours.
func textModalityOnly(v []byte) bool {
	var mods []string
	if err := json.Unmarshal(v, &mods); err != nil {
		return false
	}
	for _, m := range mods {
		if m != "text" {
			return false
		}
	}
	return true
}
