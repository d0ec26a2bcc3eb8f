package bedrock

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestReadAPIError(t *testing.T) {
	long := strings.Repeat("é", 1000) // 2000 bytes of two-byte runes
	tests := []struct {
		name   string
		header http.Header
		body   string
		want   APIError
		text   string
	}{
		{
			name:   "header type and message",
			header: http.Header{"X-Amzn-Errortype": {"ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"}},
			body:   `{"message":"The provided model identifier is invalid."}`,
			want:   APIError{Status: 400, Type: "ValidationException", Message: "The provided model identifier is invalid.", Operation: actionInvoke},
			text:   "bedrock: upstream status 400 ValidationException: The provided model identifier is invalid.",
		},
		{
			name: "body __type and Message",
			body: `{"__type":"com.amazon.coral.service#AccessDeniedException","Message":"Authorization header is missing"}`,
			want: APIError{Status: 400, Type: "AccessDeniedException", Message: "Authorization header is missing", Operation: actionInvoke},
			text: "bedrock: upstream status 400 AccessDeniedException: Authorization header is missing (the call needs IAM permission bedrock:InvokeModel)",
		},
		{
			name:   "retry after",
			header: http.Header{"X-Amzn-Errortype": {"ThrottlingException"}, "Retry-After": {"2"}},
			body:   `{"message":"slow down"}`,
			want:   APIError{Status: 400, Type: "ThrottlingException", Message: "slow down", RetryAfter: "2", Operation: actionInvoke},
		},
		{
			name: "not json",
			body: "  <html>Bad Gateway</html>\n",
			want: APIError{Status: 400, Message: "<html>Bad Gateway</html>", Operation: actionInvoke},
			text: "bedrock: upstream status 400: <html>Bad Gateway</html>",
		},
		{
			name: "long raw body is bounded",
			body: long,
			want: APIError{Status: 400, Message: long[:maxErrorMessage], Operation: actionInvoke},
		},
		{
			name: "empty",
			want: APIError{Status: 400, Operation: actionInvoke},
			text: "bedrock: upstream status 400",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := &closeRecorder{Reader: strings.NewReader(tt.body)}
			resp := &http.Response{StatusCode: 400, Header: tt.header, Body: body}
			if resp.Header == nil {
				resp.Header = http.Header{}
			}
			got := readAPIError(resp, actionInvoke)
			if *got != tt.want {
				t.Errorf("got %+v\nwant %+v", *got, tt.want)
			}
			if tt.text != "" && got.Error() != tt.text {
				t.Errorf("Error() = %q\nwant      %q", got.Error(), tt.text)
			}
			if !body.closed {
				t.Error("body not closed")
			}
		})
	}
}

func TestReadAPIErrorReadsAtMost64KiB(t *testing.T) {
	body := &closeRecorder{Reader: io.LimitReader(zeros{}, 10<<20)}
	readAPIError(&http.Response{StatusCode: 500, Header: http.Header{}, Body: body}, actionInvoke)
	if body.read > maxErrorBody {
		t.Errorf("read %d bytes", body.read)
	}
}

type closeRecorder struct {
	io.Reader
	read   int
	closed bool
}

func (c *closeRecorder) Read(p []byte) (int, error) {
	n, err := c.Reader.Read(p)
	c.read += n
	return n, err
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
