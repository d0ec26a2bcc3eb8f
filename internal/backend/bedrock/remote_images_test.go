package bedrockbackend

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
)

func TestImageFetcherRefusesNonPublicAddresses(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write([]byte("\x89PNG"))
	}))
	defer srv.Close()
	f := newImageFetcher(0)
	defer f.close()
	for _, u := range []string{srv.URL + "/cat.png", "http://169.254.169.254/latest/meta-data/", "http://[::1]:1/x.png", "http://10.0.0.1/x.png"} {
		_, _, err := f.fetch(context.Background(), u)
		var refused *refusedAddrError
		if !errors.As(err, &refused) {
			t.Errorf("%s: error %v, want a refused address", u, err)
		} else if strings.Contains(err.Error(), "127.0.0.1") || strings.Contains(err.Error(), "169.254") {
			t.Errorf("%s: the error names the address: %v", u, err)
		}
	}
	for _, u := range []string{"file:///etc/passwd", "ftp://example.com/x.png", "https://user:pw@example.com/x.png", "::"} {
		if _, _, err := f.fetch(context.Background(), u); err == nil {
			t.Errorf("%s: fetched", u)
		}
	}
}

func TestIsPublic(t *testing.T) {
	for ip, want := range map[string]bool{
		"93.184.216.34": true, "2606:2800:220:1:248:1893:25c8:1946": true,
		"127.0.0.1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false, "169.254.169.254": false,
		"100.64.0.1": false, "0.0.0.0": false, "::1": false, "fe80::1": false, "fd00::1": false, "240.0.0.1": false,
		"198.18.0.1": false, "224.0.0.1": false,
		"64:ff9b::a00:5": false, "64:ff9b::5db8:d822": true, "64:ff9b:1::a00:5": false, "2002:a00:5::1": false,
		"2002:5db8:d822::1": true, "::ffff:10.0.0.1": false,
	} {
		if got := isPublic(net.ParseIP(ip)); got != want {
			t.Errorf("isPublic(%s) = %v, want %v", ip, got, want)
		}
	}
}

func TestImageFetcherLimits(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/cat.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	mux.HandleFunc("/big.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write([]byte(strings.Repeat("x", 2000)))
	})
	mux.HandleFunc("/page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html>"))
	})
	mux.HandleFunc("/gone.png", http.NotFound)
	mux.HandleFunc("/loop.png", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop.png", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	allowAll := func(string, string, syscall.RawConn) error { return nil }
	f := newImageFetcherDialing(1000, allowAll)
	defer f.close()

	mediaType, data, err := f.fetch(context.Background(), srv.URL+"/cat.png")
	if err != nil || mediaType != "image/png" || string(data) != "\x89PNG\r\n\x1a\n" {
		t.Errorf("cat.png: %q %q %v", mediaType, data, err)
	}
	for path, want := range map[string]string{
		"/big.png":   "larger than 1000 bytes",
		"/page.html": "did not return an image",
		"/gone.png":  "HTTP 404",
		"/loop.png":  "could not download",
	} {
		if _, _, err := f.fetch(context.Background(), srv.URL+path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", path, err, want)
		}
	}
}

func TestImageFetcherPerRequestLimits(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write([]byte(strings.Repeat("x", 100)))
	}))
	defer srv.Close()
	f := newImageFetcherDialing(1000, func(string, string, syscall.RawConn) error { return nil })
	defer f.close()

	fetch := f.forRequest(context.Background(), 1<<20)
	for i := 0; i < maxRemoteImages; i++ {
		if _, _, err := fetch(srv.URL + "/a.png"); err != nil {
			t.Fatalf("image %d: %v", i, err)
		}
	}
	if _, _, err := fetch(srv.URL + "/a.png"); err == nil || !strings.Contains(err.Error(), "at most 20 remote images") {
		t.Errorf("image 21: %v", err)
	}

	fetch = f.forRequest(context.Background(), 250)
	for i, wantErr := range []bool{false, false, true} {
		if _, _, err := fetch(srv.URL + "/a.png"); (err != nil) != wantErr {
			t.Errorf("image %d of a 250-byte budget: %v", i, err)
		}
	}
}
