package llmgateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// defaultRemoteImageMaxSize is Bedrock's own limit per image.
const defaultRemoteImageMaxSize = 3_750_000

// imageFetcher downloads remote image_url images for models with
// allow_remote_images. The URL comes from a client, so it only dials public
// addresses: never loopback, private ranges or the instance metadata service.
type imageFetcher struct {
	client  *http.Client
	maxSize int64
}

func newImageFetcher(maxSize int64) *imageFetcher {
	if maxSize <= 0 {
		maxSize = defaultRemoteImageMaxSize
	}
	return newImageFetcherDialing(maxSize, refuseNonPublic)
}

func newImageFetcherDialing(maxSize int64, control func(network, address string, c syscall.RawConn) error) *imageFetcher {
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: control}
	transport := &http.Transport{
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 10 * time.Second,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       30 * time.Second,
	}
	return &imageFetcher{
		maxSize: maxSize,
		client: &http.Client{
			Transport: transport,
			Timeout:   30 * time.Second,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) >= 3 {
					return errors.New("too many redirects")
				}
				return checkImageURL(req.URL)
			},
		},
	}
}

// fetch downloads one image. Its errors are shown to the client, so they
// say what went wrong with the URL and nothing about the gateway.
func (f *imageFetcher) fetch(ctx context.Context, rawURL string) (string, []byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", nil, errors.New("not a valid URL")
	}
	if err := checkImageURL(u); err != nil {
		return "", nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", nil, errors.New("not a valid URL")
	}
	req.Header.Set("Accept", "image/*")
	resp, err := f.client.Do(req)
	if err != nil {
		var refused *refusedAddrError
		if errors.As(err, &refused) {
			return "", nil, refused
		}
		return "", nil, errors.New("could not download the image")
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", nil, fmt.Errorf("downloading the image answered HTTP %d", resp.StatusCode)
	}
	mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if !strings.HasPrefix(mediaType, "image/") {
		return "", nil, fmt.Errorf("the URL did not return an image (Content-Type %q)", mediaType)
	}
	if resp.ContentLength > f.maxSize {
		return "", nil, fmt.Errorf("the image is larger than %d bytes", f.maxSize)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, f.maxSize+1))
	if err != nil {
		return "", nil, errors.New("could not download the image")
	}
	if int64(len(data)) > f.maxSize {
		return "", nil, fmt.Errorf("the image is larger than %d bytes", f.maxSize)
	}
	return mediaType, data, nil
}

func (f *imageFetcher) close() { f.client.CloseIdleConnections() }

func checkImageURL(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("only http and https image URLs can be downloaded")
	}
	if u.User != nil {
		return errors.New("image URLs must not carry credentials")
	}
	return nil
}

type refusedAddrError struct{ ip net.IP }

func (e *refusedAddrError) Error() string {
	return "the image URL resolves to a non-public address (" + e.ip.String() + "), which the gateway does not fetch from"
}

// refuseNonPublic runs after DNS resolution, so a public name that resolves
// to a private address is refused too.
func refuseNonPublic(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip := net.ParseIP(host)
	if ip == nil || !isPublic(ip) {
		return &refusedAddrError{ip: ip}
	}
	return nil
}

func isPublic(ip net.IP) bool {
	return ip.IsGlobalUnicast() && !ip.IsPrivate() && !ip.IsLoopback() &&
		!ip.IsLinkLocalUnicast() && !ip.IsUnspecified() && !isSharedOrReserved(ip)
}

// isSharedOrReserved covers ranges net.IP has no predicate for:
// carrier-grade NAT (100.64/10) and IPv4 benchmarking/reserved space.
func isSharedOrReserved(ip net.IP) bool {
	v4 := ip.To4()
	if v4 == nil {
		return false
	}
	return (v4[0] == 100 && v4[1]&0xC0 == 64) || (v4[0] == 198 && v4[1]&0xFE == 18) || v4[0] >= 240 || v4[0] == 0
}
