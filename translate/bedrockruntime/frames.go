package bedrockruntime

import (
	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate/internal/jsonw"
)

// Reading the frames of Bedrock's event streams, which ConverseStream and
// InvokeModelWithResponseStream share.

// HeaderString returns a string header's value, or "".
func HeaderString(h eventstream.Headers, name string) string {
	for i := range h {
		if h[i].Name == name {
			if v, ok := h[i].Value.(eventstream.StringValue); ok {
				return string(v)
			}
			return ""
		}
	}
	return ""
}

// exceptionMessage reads {"message":"..."} from an exception payload; a
// payload that is not such an object is taken as the message itself.
func exceptionMessage(payload []byte) string {
	if jsonw.Valid(payload) {
		if v, ok := jsonw.Lookup(payload, "message"); ok && jsonw.IsString(v) {
			return string(jsonw.AppendUnquoted(nil, v))
		}
		if v, ok := jsonw.Lookup(payload, "Message"); ok && jsonw.IsString(v) {
			return string(jsonw.AppendUnquoted(nil, v))
		}
	}
	const max = 512
	if len(payload) > max {
		payload = payload[:max]
	}
	return string(payload)
}

// FrameError returns the error that msg, a frame of :message-type
// messageType, reports in the context f: an "exception" frame with
// :exception-type and the message in its payload, or an "error" frame
// with :error-code and :error-message. Other frames report none (nil).
func FrameError(messageType string, msg *eventstream.Message, f Failure) *translate.Error {
	switch messageType {
	case "exception":
		return StreamError(HeaderString(msg.Headers, ":exception-type"), exceptionMessage(msg.Payload), f)
	case "error":
		return StreamError(HeaderString(msg.Headers, ":error-code"), HeaderString(msg.Headers, ":error-message"), f)
	}
	return nil
}
