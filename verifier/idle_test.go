package verifier

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/stytchtest"
)

// TestIdleConnectionsClosedWithContext: a verifier that built its own HTTP
// client closes the client's idle keep-alive connections when its context
// ends, so that no connection goroutine outlives it (goleak in users'
// tests, graceful shutdown). A client passed with WithHTTPClient is the
// caller's and keeps its connections.
func TestIdleConnectionsClosedWithContext(t *testing.T) {
	own := func(ctx context.Context, emu *stytchtest.Emulator, url string) *Verifier {
		v, err := New(ctx, emu.ProjectID(), emu.Secret(), WithBaseURL(url))
		wantErr(t, err, nil)
		return v
	}
	if !idleClosedOnCancel(t, 5*time.Second, own) {
		t.Fatal("idle connection still open 5 s after the verifier's context ended")
	}
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	passed := func(ctx context.Context, emu *stytchtest.Emulator, url string) *Verifier {
		v, err := New(ctx, emu.ProjectID(), emu.Secret(), WithBaseURL(url), WithHTTPClient(&http.Client{Transport: tr}))
		wantErr(t, err, nil)
		return v
	}
	if idleClosedOnCancel(t, 300*time.Millisecond, passed) { // the own client closes in milliseconds
		t.Fatal("the verifier closed the connections of a client passed with WithHTTPClient")
	}
}

// idleClosedOnCancel builds a verifier with newV against an emulator,
// loads its keys (leaving one idle keep-alive connection), ends its
// context and reports whether the server saw the connection close within
// grace.
func idleClosedOnCancel(t *testing.T, grace time.Duration, newV func(context.Context, *stytchtest.Emulator, string) *Verifier) bool {
	t.Helper()
	emu, err := stytchtest.New()
	wantErr(t, err, nil)
	closed := make(chan struct{}, 8)
	srv := httptest.NewUnstartedServer(emu)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateClosed {
			closed <- struct{}{}
		}
	}
	srv.Start()
	defer srv.Close()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	v := newV(ctx, emu, srv.URL)
	wantErr(t, v.Refresh(ctx), nil)
	select {
	case <-closed:
		t.Fatal("connection closed before the context ended")
	default:
	}
	cancel()
	select {
	case <-closed:
		return true
	case <-time.After(grace):
		return false
	}
}
