package bedrockbackend

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

// DefaultRemoteImageMaxSize is Bedrock's own limit per image.
const DefaultRemoteImageMaxSize = 3_750_000

// imageFetcher downloads remote image_url images for models with
// allow_remote_images. The URL comes from a client, so it only dials public
// addresses: never loopback, private ranges or the instance metadata service.
type imageFetcher struct {
	client  *http.Client
	maxSize int64
}

func newImageFetcher(maxSize int64) *imageFetcher {
	if maxSize <= 0 {
		maxSize = DefaultRemoteImageMaxSize
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

// maxRemoteImages is Bedrock's own limit of images per request.
const maxRemoteImages = 20

// forRequest returns the FetchImage of one request: at most
// maxRemoteImages downloads, and no more than maxTotal bytes in all, so a
// body of URLs cannot make the gateway hold far more than a body of images.
func (f *imageFetcher) forRequest(ctx context.Context, maxTotal int64) func(string) (string, []byte, error) {
	var count int
	var total int64
	return func(rawURL string) (string, []byte, error) {
		if count == maxRemoteImages {
			return "", nil, fmt.Errorf("a request may name at most %d remote images", maxRemoteImages)
		}
		count++
		mediaType, data, err := f.fetch(ctx, rawURL)
		if err != nil {
			return "", nil, err
		}
		if total += int64(len(data)); total > maxTotal {
			return "", nil, fmt.Errorf("the remote images of this request exceed %d bytes in all", maxTotal)
		}
		return mediaType, data, nil
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

// refusedAddrError is shown to the client without the address: naming it
// would let clients map the gateway's internal DNS.
type refusedAddrError struct{ ip net.IP }

func (e *refusedAddrError) Error() string {
	return "the image URL resolves to a non-public address, which the gateway does not fetch from"
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
	if v4 := embeddedIPv4(ip); v4 != nil {
		ip = v4
	}
	return ip.IsGlobalUnicast() && !ip.IsPrivate() && !ip.IsLoopback() &&
		!ip.IsLinkLocalUnicast() && !ip.IsUnspecified() && !isSharedOrReserved(ip)
}

// embeddedIPv4 returns the IPv4 address an IPv6 translation address
// reaches: NAT64 (64:ff9b::/96, 64:ff9b:1::/48) and 6to4 (2002::/16). On
// an IPv6-only host behind NAT64, 64:ff9b::a00:5 is 10.0.0.5.
func embeddedIPv4(ip net.IP) net.IP {
	ip16 := ip.To16()
	if ip16 == nil || ip.To4() != nil {
		return nil
	}
	switch {
	case ip16[0] == 0x00 && ip16[1] == 0x64 && ip16[2] == 0xff && ip16[3] == 0x9b:
		return net.IPv4(ip16[12], ip16[13], ip16[14], ip16[15])
	case ip16[0] == 0x20 && ip16[1] == 0x02:
		return net.IPv4(ip16[2], ip16[3], ip16[4], ip16[5])
	}
	return nil
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
