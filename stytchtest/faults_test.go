package stytchtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/stytchtest"
)

func TestFaultStatus(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fault    stytchtest.Fault
		status   int
		wantType string
	}{
		{"429 default type", stytchtest.Fault{Status: 429}, 429, "too_many_requests"},
		{"503 default type", stytchtest.Fault{Status: 503}, 503, "internal_server_error"},
		{"500 default type", stytchtest.Fault{Status: 500}, 500, "internal_server_error"},
		{"404 default type", stytchtest.Fault{Status: 404}, 404, "session_not_found"},
		{"explicit type", stytchtest.Fault{Status: 401, ErrorType: "unauthorized_credentials"}, 401, "unauthorized_credentials"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			srv.InjectFault(stytchtest.EndpointAuthenticate, tc.fault)
			wantError(t, post(t, srv, authPath, map[string]any{"session_token": stytchtest.SandboxSessionToken}), tc.status, tc.wantType)
			// Other endpoints are unaffected.
			wantOK(t, callAs(t, srv, "", "", http.MethodGet, "/v1/sessions/jwks/"+srv.ProjectID(), nil))
		})
	}
}

func TestFaultRetryAfter(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(stytchtest.EndpointJWKS, stytchtest.Fault{Status: 503, RetryAfter: 1500 * time.Millisecond})
	r := call(t, srv, http.MethodGet, "/v1/sessions/jwks/"+srv.ProjectID(), nil)
	wantError(t, r, 503, "internal_server_error")
	if got := r.header.Get("Retry-After"); got != "2" {
		t.Errorf("Retry-After = %q, want 2", got)
	}
}

func TestFaultTimes(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(stytchtest.EndpointAuthenticate, stytchtest.Fault{Status: 503, Times: 2})
	body := map[string]any{"session_token": stytchtest.SandboxSessionToken}
	wantError(t, post(t, srv, authPath, body), 503, "internal_server_error")
	wantError(t, post(t, srv, authPath, body), 503, "internal_server_error")
	wantOK(t, post(t, srv, authPath, body))
	if got := srv.Requests(stytchtest.EndpointAuthenticate); got != 3 {
		t.Errorf("Requests = %d, want 3", got)
	}
}

func TestFaultUntilCleared(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(stytchtest.EndpointAuthenticate, stytchtest.Fault{Status: 429})
	body := map[string]any{"session_token": stytchtest.SandboxSessionToken}
	for range 3 {
		wantError(t, post(t, srv, authPath, body), 429, "too_many_requests")
	}
	srv.ClearFaults()
	wantOK(t, post(t, srv, authPath, body))
}

func TestFaultMalformedBody(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(stytchtest.EndpointAuthenticate, stytchtest.Fault{MalformedBody: true})
	resp, err := http.Post(srv.URL+authPath, "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Errorf("status = %d, want 200", resp.StatusCode)
	}
	var v any
	if json.Unmarshal(raw, &v) == nil {
		t.Errorf("body %q is valid JSON", raw)
	}
}

func TestFaultDropConnection(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(stytchtest.EndpointJWKS, stytchtest.Fault{DropConnection: true, Times: 1})
	resp, err := http.Get(srv.JWKSURL())
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got status %d, want a transport error", resp.StatusCode)
	}
	resp, err = http.Get(srv.JWKSURL())
	if err != nil {
		t.Fatalf("after the fault: %v", err)
	}
	resp.Body.Close()
}

func TestFaultLatencyDelaysAnswer(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(stytchtest.EndpointAuthenticate, stytchtest.Fault{Latency: 50 * time.Millisecond})
	start := time.Now()
	wantOK(t, post(t, srv, authPath, map[string]any{"session_token": stytchtest.SandboxSessionToken}))
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("answered after %v, want at least 50ms", d)
	}
}

func TestFaultLatencyHonoursContext(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(stytchtest.EndpointAuthenticate, stytchtest.Fault{Latency: time.Hour, Status: 503})
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+authPath, strings.NewReader(`{}`))
	_, err := http.DefaultClient.Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	// Close waits for the handler: it returns only because the latency
	// stopped when the request's context ended.
	done := make(chan struct{})
	go func() { srv.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the handler is still waiting out its latency")
	}
}

func TestFaultLatencyCancelledRequest(t *testing.T) {
	e, err := stytchtest.New(stytchtest.WithClock(fixedClock))
	if err != nil {
		t.Fatal(err)
	}
	e.InjectFault(stytchtest.EndpointJWKS, stytchtest.Fault{Latency: time.Hour})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, "/v1/sessions/jwks/"+e.ProjectID(), nil))
	if rec.Body.Len() != 0 {
		t.Errorf("a cancelled request got a body: %q", rec.Body)
	}
}

func TestRequestCounters(t *testing.T) {
	srv := newServer(t)
	uid, tok := newUserSession(t, srv, stytchtest.SessionSpec{})
	post(t, srv, authPath, map[string]any{"session_token": tok.SessionToken})
	post(t, srv, authPath, map[string]any{"session_token": "bad"})
	callAs(t, srv, "", "", http.MethodPost, authPath, map[string]any{})
	call(t, srv, http.MethodGet, "/v1/sessions?user_id="+uid, nil)
	callAs(t, srv, "", "", http.MethodGet, "/v1/sessions/jwks/"+srv.ProjectID(), nil)
	post(t, srv, "/v1/sessions/revoke", map[string]any{"session_id": tok.Session.SessionID})
	call(t, srv, http.MethodPost, "/v1/nope", nil)
	for ep, want := range map[stytchtest.Endpoint]int{
		stytchtest.EndpointAuthenticate: 3, stytchtest.EndpointSessions: 1, stytchtest.EndpointJWKS: 1,
		stytchtest.EndpointRevoke: 1, stytchtest.EndpointPasswords: 0, stytchtest.EndpointTOTPs: 0,
	} {
		if got := srv.Requests(ep); got != want {
			t.Errorf("Requests(%s) = %d, want %d", ep, got, want)
		}
	}
}
