package translate

import "encoding/json"

// decodeHead decodes model, stream and stream_options, which chat and text
// completions read alike, into the fields given; handled is false for any
// other member. Both endpoints share it so that a request routes and
// streams the same whichever of the two it came in by.
func decodeHead(m Member, model *string, stream, includeUsage *bool) (handled bool, err *Error) {
	var jerr error
	switch m.Key {
	case "model":
		if jerr = json.Unmarshal(m.Value, model); jerr == nil && *model == "" {
			return true, BadRequest("model", "'model' must not be empty")
		}
	case "stream":
		jerr = unmarshalNullable(m.Value, stream)
	case "stream_options":
		var so struct {
			IncludeUsage bool `json:"include_usage"`
		}
		jerr = unmarshalNullable(m.Value, &so)
		*includeUsage = so.IncludeUsage
	default:
		return false, nil
	}
	if jerr != nil {
		return true, invalidValue(m.Key, jerr)
	}
	return true, nil
}
