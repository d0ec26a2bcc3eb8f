package translate

// FailureKind says what a failed call means for the rest of the request:
// whether another deployment, a fallback model or a fresh credential may
// succeed where this one failed. The error mappers set it; the router
// reads it.
type FailureKind uint8

const (
	// FailFinal: the request itself is at fault (400, 404, 413, a denied
	// permission) or the failure says nothing another upstream could do
	// better. Answer it.
	FailFinal FailureKind = iota
	// FailThrottled: a rate or quota limit. Cool the deployment down and
	// try another.
	FailThrottled
	// FailUnavailable: the upstream or its model failed, is not ready, or
	// could not be reached. Try another.
	FailUnavailable
	// FailTimeout: the upstream took too long. Try another.
	FailTimeout
	// FailCredentials: the gateway's own credentials were refused (401,
	// 403). Fetch fresh ones and try the same deployment once more; no
	// other deployment is tried, as for any 401 or 403.
	FailCredentials
	// FailContextWindow: the prompt is too long for the model. A model
	// with a larger context window may take it.
	FailContextWindow
	// FailContentPolicy: a content filter refused the prompt. A model
	// with another policy may take it.
	FailContentPolicy
)

// Retryable reports whether another deployment of the same model may
// succeed.
func (k FailureKind) Retryable() bool {
	return k == FailThrottled || k == FailUnavailable || k == FailTimeout
}
