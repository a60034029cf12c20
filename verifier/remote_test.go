package verifier

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stytchtest"
)

func tokenCred(tok string) sessiongate.Credentials { return sessiongate.Credentials{Token: tok} }

func TestRemoteVerifyToken(t *testing.T) {
	e := newEnv(t)
	r := e.remote()
	v, err := r.Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
	wantErr(t, err, nil)
	if v.Source != sessiongate.SourceRemote || v.Session.SessionID != e.tokens.Session.SessionID {
		t.Errorf("got %q %q, want remote %q", v.Source, v.Session.SessionID, e.tokens.Session.SessionID)
	}
	if v.JWT == "" || v.Token != "" {
		t.Errorf("JWT = %q, Token = %q; want a fresh JWT and no token (unchanged)", v.JWT, v.Token)
	}
	if !v.ConfirmedAt.Equal(epoch) {
		t.Errorf("ConfirmedAt = %v, want %v", v.ConfirmedAt, epoch)
	}
	t.Run("by JWT returns the token", func(t *testing.T) {
		v, err := r.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), anyAge)
		wantErr(t, err, nil)
		if v.Token != e.tokens.SessionToken {
			t.Errorf("Token = %q, want the session token", v.Token)
		}
	})
	t.Run("no credentials", func(t *testing.T) {
		_, err := r.Verify(t.Context(), sessiongate.Credentials{}, anyAge)
		wantErr(t, err, sessiongate.ErrNoSession)
	})
}

// security.md §2 category D: the remote API misbehaving never reads as
// "session gone".
func TestCategoryDRemoteFaults(t *testing.T) {
	cases := map[string]struct {
		fault stytchtest.Fault
		want  error
		retry time.Duration
	}{
		"503":             {stytchtest.Fault{Status: 503}, sessiongate.ErrUnavailable, 0},
		"500":             {stytchtest.Fault{Status: 500}, sessiongate.ErrUnavailable, 0},
		"429 retry-after": {stytchtest.Fault{Status: 429, RetryAfter: 7 * time.Second}, sessiongate.ErrUnavailable, 7 * time.Second},
		"timeout":         {stytchtest.Fault{Latency: 2 * time.Second}, sessiongate.ErrUnavailable, 0},
		"malformed body":  {stytchtest.Fault{MalformedBody: true}, sessiongate.ErrUnavailable, 0},
		"dropped":         {stytchtest.Fault{DropConnection: true}, sessiongate.ErrUnavailable, 0},
		"400 bad token":   {stytchtest.Fault{Status: 400, ErrorType: "invalid_session_token"}, sessiongate.ErrInvalidToken, 0},
		"401 session":     {stytchtest.Fault{Status: 401, ErrorType: "session_unauthorized"}, sessiongate.ErrSessionNotFound, 0},
		"401 credentials": {stytchtest.Fault{Status: 401, ErrorType: "unauthorized_credentials"}, sessiongate.ErrMisconfigured, 0},
		"404 route":       {stytchtest.Fault{Status: 404, ErrorType: "route_not_found"}, sessiongate.ErrMisconfigured, 0},
		"403":             {stytchtest.Fault{Status: 403, ErrorType: "session_authorization_error"}, sessiongate.ErrPermissionDenied, 0},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			r := e.remote(WithTimeout(100*time.Millisecond), WithRetries(0))
			e.srv.InjectFault(stytchtest.EndpointAuthenticate, c.fault)
			_, err := r.Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
			wantErr(t, err, c.want)
			if c.want == sessiongate.ErrUnavailable && isErr(err, sessiongate.ErrSessionNotFound) {
				t.Error("an outage was reported as session not found")
			}
			if got := sessiongate.RetryAfter(err); got != c.retry {
				t.Errorf("RetryAfter = %v, want %v", got, c.retry)
			}
		})
	}
}

func TestRemoteRetries(t *testing.T) {
	for name, c := range map[string]struct {
		fault     stytchtest.Fault
		wantCalls int
		want      error
	}{
		"5xx retried once":   {stytchtest.Fault{Status: 502, Times: 1}, 2, nil},
		"drop retried":       {stytchtest.Fault{DropConnection: true, Times: 1}, 2, nil},
		"4xx never retried":  {stytchtest.Fault{Status: 400, ErrorType: "invalid_session_token", Times: 1}, 1, sessiongate.ErrInvalidToken},
		"429 never retried":  {stytchtest.Fault{Status: 429, Times: 1}, 1, sessiongate.ErrUnavailable},
		"budget of one only": {stytchtest.Fault{Status: 503, Times: 2}, 2, sessiongate.ErrUnavailable},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			r := e.remote(WithRetries(1))
			e.srv.InjectFault(stytchtest.EndpointAuthenticate, c.fault)
			_, err := r.Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
			wantErr(t, err, c.want)
			if got := e.srv.Requests(stytchtest.EndpointAuthenticate); got != c.wantCalls {
				t.Errorf("upstream calls = %d, want %d", got, c.wantCalls)
			}
		})
	}
	t.Run("retry budget drains in an outage", func(t *testing.T) {
		e := newEnv(t)
		r := e.remote(WithRetries(1))
		e.srv.InjectFault(stytchtest.EndpointAuthenticate, stytchtest.Fault{Status: 503})
		for range 40 {
			_, err := r.Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
			wantErr(t, err, sessiongate.ErrUnavailable)
		}
		if got := e.srv.Requests(stytchtest.EndpointAuthenticate); got > 40+14 {
			t.Errorf("40 failing calls made %d upstream requests, want at most %d", got, 40+14)
		}
	})
}

func TestRemoteWrongSecretIsMisconfigured(t *testing.T) {
	e := newEnv(t)
	r, err := NewRemote(e.srv.ProjectID(), "secret-test-wrong", e.opts()...)
	wantErr(t, err, nil)
	_, err = r.Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
	wantErr(t, err, sessiongate.ErrMisconfigured)
}

func TestRemoteRevokedSessionRejected(t *testing.T) {
	e := newEnv(t)
	r := e.remote()
	wantErr(t, e.srv.Revoke(e.tokens.Session.SessionID), nil)
	for name, c := range map[string]sessiongate.Credentials{
		"token": tokenCred(e.tokens.SessionToken), "jwt": jwtCred(e.tokens.SessionJWT),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := r.Verify(t.Context(), c, anyAge)
			wantErr(t, err, sessiongate.ErrSessionNotFound)
		})
	}
}

// TestRemoteBurstCoalesced: 1,000 concurrent checks of one token make one
// upstream call.
func TestRemoteBurstCoalesced(t *testing.T) {
	e := newEnv(t)
	r := e.remote()
	e.srv.InjectFault(stytchtest.EndpointAuthenticate, stytchtest.Fault{Latency: time.Second, Times: 1})
	start := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	jwts := map[string]int{}
	for range 1000 {
		wg.Go(func() {
			<-start
			v, err := r.Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
			if err != nil {
				t.Errorf("Verify: %v", err)
				return
			}
			mu.Lock()
			jwts[v.JWT]++
			mu.Unlock()
		})
	}
	close(start)
	wg.Wait()
	if got := e.srv.Requests(stytchtest.EndpointAuthenticate); got != 1 {
		t.Errorf("upstream calls = %d, want 1", got)
	}
	if len(jwts) != 1 {
		t.Errorf("callers got %d distinct JWTs, want 1 shared answer", len(jwts))
	}
}

// TestRemoteAnswerForAnotherSession: a 200 that does not belong to the
// credential sent is an outage, never an acceptance.
func TestRemoteAnswerForAnotherSession(t *testing.T) {
	e := newEnv(t)
	other := e.session(stytchtest.SessionSpec{})
	canned := func(token, jwt string, s sessiongate.Session) []byte {
		b, _ := json.Marshal(map[string]any{"status_code": 200, "request_id": "r", "session": s, "session_token": token, "session_jwt": jwt})
		return b
	}
	cases := map[string]struct {
		sent sessiongate.Credentials
		body []byte
	}{
		"other token":           {tokenCred(e.tokens.SessionToken), canned(other.SessionToken, other.SessionJWT, other.Session)},
		"other session for jwt": {jwtCred(e.tokens.SessionJWT), canned(other.SessionToken, other.SessionJWT, other.Session)},
		"jwt of other session":  {tokenCred(e.tokens.SessionToken), canned(e.tokens.SessionToken, other.SessionJWT, e.tokens.Session)},
		"no jwt":                {tokenCred(e.tokens.SessionToken), canned(e.tokens.SessionToken, "", e.tokens.Session)},
		"no session":            {tokenCred(e.tokens.SessionToken), []byte(`{"status_code":200,"session_token":"x"}`)},
		"not JSON":              {tokenCred(e.tokens.SessionToken), []byte(`<html>`)},
		"session ids malformed": {tokenCred(e.tokens.SessionToken), canned(e.tokens.SessionToken, e.tokens.SessionJWT, sessiongate.Session{SessionID: "x", UserID: "y"})},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(c.body) }))
			defer srv.Close()
			r, err := NewRemote(e.srv.ProjectID(), "s", WithBaseURL(srv.URL), WithClock(e.srv.Now))
			wantErr(t, err, nil)
			_, err = r.Verify(t.Context(), c.sent, anyAge)
			wantErr(t, err, sessiongate.ErrUnavailable)
			srv.CloseClientConnections()
		})
	}
}

func TestRemoteRevoke(t *testing.T) {
	e := newEnv(t)
	r := e.remote()
	wantErr(t, r.Revoke(t.Context(), tokenCred(e.tokens.SessionToken)), nil)
	_, err := r.Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
	wantErr(t, err, sessiongate.ErrSessionNotFound)
	wantErr(t, r.Revoke(t.Context(), tokenCred(e.tokens.SessionToken)), sessiongate.ErrSessionNotFound)
	e.srv.InjectFault(stytchtest.EndpointRevoke, stytchtest.Fault{Status: 503})
	wantErr(t, r.Revoke(t.Context(), tokenCred(e.tokens.SessionToken)), sessiongate.ErrUnavailable)
	wantErr(t, r.Revoke(t.Context(), sessiongate.Credentials{}), sessiongate.ErrNoSession)
}

func TestRemoteCache(t *testing.T) {
	e := newEnv(t)
	r := e.remote(WithRemoteCacheTTL(30 * time.Second))
	calls := func() int { return e.srv.Requests(stytchtest.EndpointAuthenticate) }
	v, err := r.Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
	wantErr(t, err, nil)
	v2, err := r.Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
	wantErr(t, err, nil)
	if calls() != 1 || v2.Source != sessiongate.SourceCache || !v2.ConfirmedAt.Equal(v.ConfirmedAt) {
		t.Errorf("second check: calls=%d Source=%q, want 1 call and a cache hit", calls(), v2.Source)
	}
	_, err = r.Verify(t.Context(), tokenCred(e.tokens.SessionToken), sessiongate.ConfirmWithServer())
	wantErr(t, err, nil)
	if calls() != 2 {
		t.Errorf("ConfirmWithServer used the cache (calls=%d)", calls())
	}
	wantErr(t, e.srv.Revoke(e.tokens.Session.SessionID), nil)
	e.srv.Advance(31 * time.Second)
	_, err = r.Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
	wantErr(t, err, sessiongate.ErrSessionNotFound)
}

func TestConfigValidation(t *testing.T) {
	pid := stytchtest.DefaultProjectID
	bad := map[string][]Option{
		"base URL with path": {WithBaseURL("https://example.com/api")},
		"base URL no scheme": {WithBaseURL("example.com")},
		"ftp base":           {WithBaseURL("ftp://example.com")},
		"leeway negative":    {WithLeeway(-time.Second)},
		"leeway huge":        {WithLeeway(time.Hour)},
		"nil clock":          {WithClock(nil)},
		"nil client":         {WithHTTPClient(nil)},
		"retries":            {WithRetries(9)},
		"cache negative":     {WithCacheSize(-1)},
		"timeout zero":       {WithTimeout(0)},
		"refresh too fast":   {WithRefreshInterval(time.Millisecond)},
		"max age negative":   {WithMaxTokenAge(-1)},
	}
	for name, opts := range bad {
		t.Run(name, func(t *testing.T) {
			if _, err := New(t.Context(), pid, "s", opts...); err == nil {
				t.Error("New accepted a bad option")
			}
		})
	}
	for name, id := range map[string]string{"empty": "", "no prefix": "test-1", "bad chars": "project-test-<x>"} {
		t.Run("project id "+name, func(t *testing.T) {
			if _, err := NewRemote(id, "s"); err == nil {
				t.Error("NewRemote accepted a bad project id")
			}
		})
	}
	if _, err := NewRemote(pid, ""); err == nil {
		t.Error("NewRemote accepted an empty secret")
	}
	o, err := buildOptions("project-live-1", nil, forBoth)
	wantErr(t, err, nil)
	if o.baseURL != liveBaseURL {
		t.Errorf("live project base URL = %q, want %q", o.baseURL, liveBaseURL)
	}
}
