package bedrock

import (
	"fmt"

	"github.com/aws/smithy-go/logging"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// sdkLogger carries what the AWS SDK logs (an IMDS fallback, an unreadable
// Date header, ...) into the account's zap logger. Without it the SDK
// writes plain-text lines to stderr, outside Caddy's structured logs.
type sdkLogger struct{ logger *zap.Logger }

// Logf logs the SDK's message at the level its classification names:
// Warn and Debug as such, anything else the SDK may add at Info.
func (l sdkLogger) Logf(classification logging.Classification, format string, v ...any) {
	level := zapcore.InfoLevel
	switch classification {
	case logging.Warn:
		level = zapcore.WarnLevel
	case logging.Debug:
		level = zapcore.DebugLevel
	}
	if c := l.logger.Check(level, "AWS SDK"); c != nil {
		// The SDK hands over a format string; this is the one place it is
		// expanded, and only when the entry is written.
		c.Write(zap.String("detail", fmt.Sprintf(format, v...)))
	}
}

var _ logging.Logger = sdkLogger{}
