package verifier_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/cookie"
	"github.com/sessiongate/sessiongate/middleware"
	"github.com/sessiongate/sessiongate/stytchtest"
	"github.com/sessiongate/sessiongate/verifier"
)

// answerEdit changes a sessions/authenticate answer's session object and
// the claims of its fresh JWT (re-signed by the emulator).
type answerEdit func(session, claims map[string]any, now time.Time)

// rewritingProxy forwards everything to st and applies edit to every 200
// answer of POST /v1/sessions/authenticate: an upstream that answers 200
// for a session inconsistent with itself, which the emulator alone never does.
func rewritingProxy(t *testing.T, st *stytchtest.Server, edit answerEdit) *httptest.Server {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{}}
	t.Cleanup(client.CloseIdleConnections)
	p := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		out, _ := http.NewRequestWithContext(r.Context(), r.Method, st.URL+r.URL.RequestURI(), r.Body)
		out.Header = r.Header.Clone()
		resp, err := client.Do(out)
		if err != nil {
			http.Error(w, "proxy: "+err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if r.URL.Path == "/v1/sessions/authenticate" && resp.StatusCode == http.StatusOK {
			body = rewriteAnswer(t, st, body, edit)
		}
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(body)
	}))
	t.Cleanup(p.Close)
	return p
}

func rewriteAnswer(t *testing.T, st *stytchtest.Server, body []byte, edit answerEdit) []byte {
	var answer map[string]any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&answer); err != nil {
		t.Errorf("proxy: answer is not JSON: %v", err)
		return body
	}
	seg := strings.Split(answer["session_jwt"].(string), ".")
	var header, claims map[string]any
	for i, dst := range []*map[string]any{&header, &claims} {
		raw, _ := base64.RawURLEncoding.DecodeString(seg[i])
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		if err := d.Decode(dst); err != nil {
			t.Errorf("proxy: JWT segment %d: %v", i, err)
		}
	}
	edit(answer["session"].(map[string]any), claims, st.Now())
	answer["session_jwt"] = st.SignJWT(header, claims)
	out, _ := json.Marshal(answer)
	return out
}

// jwtSession is the session claim of a JWT's claims.
func jwtSession(claims map[string]any) map[string]any {
	return claims["https://stytch.com/session"].(map[string]any)
}

// TestRemoteAnswerConsistency pins issue 16 finding 4 through the public
// API: the hybrid verifier behind the middleware, a request with only the
// session token cookie (so the answer comes from the API), and an API that
// answers 200 with a session inconsistent with itself. An answer whose own
// expires_at has passed means the session is gone (401); an answer that
// cannot be trusted (ids outside Stytch's shape, a session that starts or
// was used in the future, a case-variant key, ids of another session) is
// "cannot decide" (503, cookies kept).
func TestRemoteAnswerConsistency(t *testing.T) {
	const uuid = "0b6c1b1e-4f1a-4c55-9d1e-2b7f4e2a9c10"
	format := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	cases := []struct {
		name string
		edit answerEdit
		want int
	}{
		{"untouched", func(map[string]any, map[string]any, time.Time) {}, http.StatusOK},
		{"expired an hour ago", func(s, _ map[string]any, now time.Time) {
			s["expires_at"] = format(now.Add(-time.Hour))
		}, http.StatusUnauthorized},
		{"started an hour ahead", func(s, c map[string]any, now time.Time) {
			s["started_at"] = format(now.Add(time.Hour))
			jwtSession(c)["started_at"] = format(now.Add(time.Hour))
		}, http.StatusServiceUnavailable},
		{"last accessed an hour ahead", func(s, c map[string]any, now time.Time) {
			s["last_accessed_at"] = format(now.Add(time.Hour))
			jwtSession(c)["last_accessed_at"] = format(now.Add(time.Hour))
		}, http.StatusServiceUnavailable},
		{"user id not in Stytch's shape", func(s, c map[string]any, _ time.Time) {
			s["user_id"], c["sub"] = "user-evil", "user-evil"
		}, http.StatusServiceUnavailable},
		{"session id not in Stytch's shape", func(s, c map[string]any, _ time.Time) {
			s["session_id"], jwtSession(c)["id"] = "session-evil", "session-evil"
		}, http.StatusServiceUnavailable},
		{"case-variant key in the session", func(s, _ map[string]any, _ time.Time) {
			s["Session_ID"] = s["session_id"] // read by exact name, as in a JWT (F10)
		}, http.StatusServiceUnavailable},
		{"another user", func(s, _ map[string]any, _ time.Time) {
			s["user_id"] = "user-test-" + uuid
		}, http.StatusServiceUnavailable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
			st := stytchtest.NewServer(t, stytchtest.WithClock(func() time.Time { return start }))
			uid, err := st.CreateUser("ada@example.com", "correct horse battery staple 42")
			if err != nil {
				t.Fatal(err)
			}
			tok, err := st.CreateSession(uid, stytchtest.SessionSpec{})
			if err != nil {
				t.Fatal(err)
			}
			proxy := rewritingProxy(t, st, tc.edit)
			client := &http.Client{Transport: &http.Transport{}}
			t.Cleanup(client.CloseIdleConnections)
			v, err := verifier.New(t.Context(), st.ProjectID(), st.Secret(),
				verifier.WithBaseURL(proxy.URL), verifier.WithClock(st.Now), verifier.WithHTTPClient(client))
			if err != nil {
				t.Fatal(err)
			}
			mw, err := middleware.New(v, middleware.WithClock(st.Now))
			if err != nil {
				t.Fatal(err)
			}
			app := mw.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") }))
			r := httptest.NewRequest("GET", "https://app.example/account", nil)
			r.AddCookie(&http.Cookie{Name: cookie.DefaultTokenName, Value: tok.SessionToken})
			w := httptest.NewRecorder()
			app.ServeHTTP(w, r)
			if w.Code != tc.want {
				t.Fatalf("status = %d, want %d", w.Code, tc.want)
			}
			if tc.want == http.StatusServiceUnavailable && len(w.Result().Cookies()) != 0 {
				t.Errorf("a 503 wrote cookies %v, want them kept", w.Result().Cookies())
			}
		})
	}
}
