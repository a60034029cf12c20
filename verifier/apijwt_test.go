package verifier

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate"
)

// upstreamRewriting serves e's emulator through a proxy that passes the
// session_jwt of every sessions/authenticate answer through edit, and
// returns the proxy's URL.
func upstreamRewriting(t *testing.T, e *env, edit func(jwt string) string) string {
	t.Helper()
	u, err := url.Parse(e.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.Transport = tr
	rp.ModifyResponse = func(res *http.Response) error {
		if res.Request.URL.Path != "/v1/sessions/authenticate" || res.StatusCode != http.StatusOK {
			return nil
		}
		raw, err := io.ReadAll(res.Body)
		res.Body.Close()
		var body map[string]any
		if err == nil {
			err = json.Unmarshal(raw, &body)
		}
		if err != nil {
			return err
		}
		body["session_jwt"] = edit(body["session_jwt"].(string))
		raw, _ = json.Marshal(body)
		res.Body = io.NopCloser(bytes.NewReader(raw))
		res.ContentLength = int64(len(raw))
		res.Header.Set("Content-Length", strconv.Itoa(len(raw)))
		return nil
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return srv.URL
}

// flipSignature changes the first character of a JWT's signature.
func flipSignature(jwt string) string {
	i := strings.LastIndexByte(jwt, '.') + 1
	c := byte('A')
	if jwt[i] == 'A' {
		c = 'B'
	}
	return jwt[:i] + string(c) + jwt[i+1:]
}

// TestAPIJWTVerifiedBeforeHandedBack (issue 16, finding 3): the fresh JWT
// of an authenticate answer is handed back only when it verifies like a
// client's JWT; otherwise it is dropped and counted, and the answer's
// session stands.
func TestAPIJWTVerifiedBeforeHandedBack(t *testing.T) {
	e := newEnv(t)
	resign := func(sign func(h, c map[string]any) string, edit func(h, c map[string]any)) func(string) string {
		return func(jwt string) string {
			h, c := decodePart(t, jwt, 0), decodePart(t, jwt, 1)
			edit(h, c)
			return sign(h, c)
		}
	}
	outsider := func(h, c map[string]any) string { return signWith(t, mustKey(t, strongKey), h, c) }
	cases := []struct {
		name   string
		edit   func(string) string
		handed bool
	}{
		{"untouched", func(jwt string) string { return jwt }, true},
		{"signature flipped", flipSignature, false},
		{"key outside the JWKS, listed kid", resign(outsider, func(map[string]any, map[string]any) {}), false},
		{"key outside the JWKS, new kid", resign(outsider, func(h, _ map[string]any) { h["kid"] = "jwk-test-evil" }), false},
		{"foreign audience", resign(e.srv.SignJWT, func(_, c map[string]any) { c["aud"] = []string{"project-test-other"} }), false},
		{"expired", resign(e.srv.SignJWT, func(_, c map[string]any) {
			iat := c["iat"].(float64) - 400
			c["iat"], c["nbf"], c["exp"] = iat, iat, iat+300
		}), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var sent string
			base := upstreamRewriting(t, e, func(jwt string) string { sent = tc.edit(jwt); return sent })
			v, err := New(t.Context(), e.srv.ProjectID(), e.srv.Secret(), append(e.opts(), WithBaseURL(base))...)
			wantErr(t, err, nil)
			wantErr(t, v.Refresh(t.Context()), nil)
			got, err := v.Verify(t.Context(), tokenCred(e.tokens.SessionToken), anyAge)
			wantErr(t, err, nil)
			if got.Session.SessionID != e.tokens.Session.SessionID || got.Source != sessiongate.SourceRemote {
				t.Errorf("session %q from %q, want the API's", got.Session.SessionID, got.Source)
			}
			_, cached := v.VerifyCached(sent, anyAge)
			rejected := v.Stats().APIJWTsRejected
			if tc.handed {
				if got.JWT != sent || !cached || rejected != 0 {
					t.Errorf("JWT handed back %v, cached %v, rejected %d; want it handed back and cached", got.JWT == sent, cached, rejected)
				}
				return
			}
			if got.JWT != "" || cached || rejected != 1 {
				t.Errorf("JWT handed back %v, cached %v, rejected %d; want it dropped and counted once", got.JWT != "", cached, rejected)
			}
		})
	}
}

// TestAPIJWTNamingAnotherSession: a fresh JWT that verifies but names
// another session or user than the answer discredits the answer.
func TestAPIJWTNamingAnotherSession(t *testing.T) {
	e := newEnv(t)
	v := e.hybrid()
	for name, s := range map[string]sessiongate.Session{
		"other session": {SessionID: "session-test-other", UserID: e.userID},
		"other user":    {SessionID: e.tokens.Session.SessionID, UserID: "user-test-other"},
	} {
		res := &sessiongate.Verification{Session: &s, JWT: e.tokens.SessionJWT}
		if err := v.checkAPIJWT(t.Context(), res); !isErr(err, sessiongate.ErrUnavailable) {
			t.Errorf("%s: checkAPIJWT = %v, want unavailable", name, err)
		}
	}
	res := &sessiongate.Verification{Session: &e.tokens.Session, JWT: e.tokens.SessionJWT}
	wantErr(t, v.checkAPIJWT(t.Context(), res), nil)
}
