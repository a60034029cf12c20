package sessionredis

import (
	"bufio"
	"io"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// redisServer is a redis-server process on a loopback port, without
// persistence, that a test can stop and start again on the same port.
type redisServer struct {
	t       testing.TB
	port    int
	cmd     *exec.Cmd
	drained chan struct{}
}

// startRedis starts Debian's redis-server on a free loopback port and
// stops it when the test ends. scripts/test installs it when missing.
func startRedis(t testing.TB) *redisServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &redisServer{t: t, port: l.Addr().(*net.TCPAddr).Port}
	l.Close()
	r.start()
	t.Cleanup(r.stop)
	return r
}

func (r *redisServer) addr() string { return "127.0.0.1:" + strconv.Itoa(r.port) }

// start runs the server and returns once it accepts connections.
func (r *redisServer) start() {
	r.t.Helper()
	r.cmd = exec.Command("redis-server", "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--loglevel", "notice")
	out, err := r.cmd.StdoutPipe()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		r.t.Fatalf("redis-server (install Debian's redis-server; scripts/test does): %v", err)
	}
	sc, ready := bufio.NewScanner(out), false
	for !ready && sc.Scan() {
		ready = strings.Contains(sc.Text(), "Ready to accept connections")
	}
	if !ready {
		r.cmd.Process.Kill()
		r.cmd.Wait()
		r.t.Fatalf("redis-server on port %d did not start", r.port)
	}
	r.drained = make(chan struct{})
	go func() { defer close(r.drained); io.Copy(io.Discard, out) }()
}

// stop ends the server and waits for it; safe to call twice.
func (r *redisServer) stop() {
	if r.cmd == nil {
		return
	}
	r.cmd.Process.Kill()
	<-r.drained
	r.cmd.Wait()
	r.cmd = nil
}
