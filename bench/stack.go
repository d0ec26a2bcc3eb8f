package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// proc is a server process the benchmark started and measures.
type proc struct {
	name    string
	cmd     *exec.Cmd
	addr    string // where it serves, host:port
	admin   string // Caddy's admin endpoint, host:port; empty for the fake
	logPath string
	exited  chan struct{}
}

func (p *proc) pid() int { return p.cmd.Process.Pid }

// stop asks the process to exit, and kills it if it has not within 5 s.
func (p *proc) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// start runs cmd with its output in logPath. The child is killed if the
// benchmark dies, so no server outlives a run.
func start(name string, cmd *exec.Cmd, logPath string) (*proc, error) {
	log, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	if cmd.Stdout == nil {
		cmd.Stdout = log
	}
	cmd.Stderr = log
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, fmt.Errorf("starting %s: %v", name, err)
	}
	p := &proc{name: name, cmd: cmd, logPath: logPath, exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		log.Close()
		close(p.exited)
	}()
	return p, nil
}

// startFake runs this binary as the fake upstream and reads the address
// it listens on from its first line of output.
func startFake(dir string) (*proc, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "fake")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p, err := start("fake", cmd, filepath.Join(dir, "fake.log"))
	if err != nil {
		return nil, err
	}
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(out).ReadString('\n')
		line <- s
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case s := <-line:
		addr, ok := strings.CutPrefix(strings.TrimSpace(s), "listening ")
		if !ok {
			p.stop()
			return nil, fmt.Errorf("the fake did not start: %q (see %s)", s, p.logPath)
		}
		p.addr = addr
		return p, nil
	case <-time.After(10 * time.Second):
		p.stop()
		return nil, errors.New("the fake did not start within 10 s")
	}
}

// startCaddy writes a Caddyfile made by caddyfile(admin, listen) and runs
// Caddy on it, waiting until both the admin endpoint and the site answer.
func startCaddy(dir, bin, name string, caddyfile func(admin, listen string) string) (*proc, error) {
	admin, err := freeAddr()
	if err != nil {
		return nil, err
	}
	site, err := freeAddr()
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(site)
	conf := filepath.Join(dir, name+".Caddyfile")
	if err := os.WriteFile(conf, []byte(caddyfile(admin, ":"+port)), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "run", "--config", conf, "--adapter", "caddyfile")
	// Caddy's data and config directories (certificates, autosave) stay
	// in the run's temporary directory.
	cmd.Env = append(os.Environ(),
		"XDG_DATA_HOME="+filepath.Join(dir, "data"),
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"AWS_EC2_METADATA_DISABLED=true")
	p, err := start(name, cmd, filepath.Join(dir, name+".log"))
	if err != nil {
		return nil, err
	}
	p.addr, p.admin = site, admin
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-p.exited:
			return nil, fmt.Errorf("%s exited at start:\n%s", name, tail(p.logPath))
		default:
		}
		if ready(admin, site) {
			return p, nil
		}
		if time.Now().After(deadline) {
			p.stop()
			return nil, fmt.Errorf("%s did not start within 30 s:\n%s", name, tail(p.logPath))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func ready(admin, site string) bool {
	resp, err := http.Get("http://" + admin + "/config/")
	if err != nil {
		return false
	}
	resp.Body.Close()
	c, err := net.Dial("tcp", site)
	if err != nil {
		return false
	}
	c.Close()
	return resp.StatusCode == http.StatusOK
}

// freeAddr picks a free loopback port. Another process could take it before
// Caddy binds it; Caddy then fails to start and says so.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// tail is the end of a log, for an error message.
func tail(path string) string {
	b, _ := os.ReadFile(path)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// stack is one set of processes: the fake, the gateway in front of it and
// the reverse proxy in front of it.
type stack struct {
	fake, gateway, proxy *proc
}

func startStack(dir, caddyBin string) (*stack, error) {
	s := &stack{}
	var err error
	if s.fake, err = startFake(dir); err != nil {
		return nil, err
	}
	fake := s.fake.addr
	s.gateway, err = startCaddy(dir, caddyBin, "gateway", func(admin, listen string) string {
		return gatewayCaddyfile(admin, listen, fake)
	})
	if err == nil {
		s.proxy, err = startCaddy(dir, caddyBin, "reverse_proxy", func(admin, listen string) string {
			return proxyCaddyfile(admin, listen, fake)
		})
	}
	if err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

func (s *stack) stop() {
	for _, p := range []*proc{s.gateway, s.proxy, s.fake} {
		if p != nil {
			p.stop()
		}
	}
}

// setHold switches the fake's held streams on or off.
func (s *stack) setHold(on bool) error {
	v := "0"
	if on {
		v = "1"
	}
	resp, err := http.Post("http://"+s.fake.addr+"/_bench/hold?on="+v, "text/plain", nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// fakeConns is how many connections the fake has accepted, to see whether
// a proxy reuses its upstream connections. Its own connection is kept
// alive from one call to the next, so it counts once, before any window.
func (s *stack) fakeConns() int {
	resp, err := http.Get("http://" + s.fake.addr + "/_bench/conns")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	n, err := strconv.Atoi(string(b))
	if err != nil {
		return -1
	}
	return n
}
