package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// demoProcess is the demo started through run, as `go run ./examples/demo`
// starts it, on a free loopback port with the in-process emulator.
type demoProcess struct {
	URL      string
	Emulator string
	stderr   *syncBuffer
}

// startDemo runs the demo until the test ends and returns its URLs. The
// demo's log goes to the test log when the test fails.
func startDemo(t *testing.T, args ...string) *demoProcess {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := newLineWatcher()
	p := &demoProcess{stderr: &syncBuffer{}}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), noEnv, out, p.stderr)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run() after shutdown = %v, want nil", err)
		}
		if t.Failed() {
			t.Logf("demo log:\n%s", p.stderr.String())
		}
	})
	select {
	case p.Emulator = <-out.emulator:
	case err := <-done:
		t.Fatalf("demo exited before listening: %v\n%s", err, p.stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatal("demo did not print its emulator address within 30s")
	}
	select {
	case p.URL = <-out.demo:
	case err := <-done:
		t.Fatalf("demo exited before listening: %v\n%s", err, p.stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatal("demo did not print its address within 30s")
	}
	if _, err := url.Parse(p.URL); err != nil || !strings.HasPrefix(p.URL, "http://127.0.0.1:") {
		t.Fatalf("demo URL = %q, want http://127.0.0.1:PORT", p.URL)
	}
	return p
}

func noEnv(string) string { return "" }

// lineWatcher is the demo's stdout: it reports the two "listening" lines.
type lineWatcher struct {
	mu       sync.Mutex
	partial  []byte
	emulator chan string
	demo     chan string
}

func newLineWatcher() *lineWatcher {
	return &lineWatcher{emulator: make(chan string, 1), demo: make(chan string, 1)}
}

func (w *lineWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.partial = append(w.partial, p...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := string(w.partial[:i])
		w.partial = w.partial[i+1:]
		if u, ok := strings.CutPrefix(line, "emulator listening on "); ok {
			w.emulator <- u
		} else if u, ok := strings.CutPrefix(line, "demo listening on "); ok {
			w.demo <- u
		} else {
			return len(p), errors.New("unexpected stdout line: " + line)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the demo's logger and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var _ io.Writer = (*syncBuffer)(nil)
