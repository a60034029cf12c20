package stytchtest_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/sessiongate/sessiongate/stytchtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// t0 is the fixed base time of the tests' emulators.
var t0 = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return t0 }

// newServer starts an emulator on the fixed clock.
func newServer(t *testing.T, opts ...stytchtest.Option) *stytchtest.Server {
	t.Helper()
	return stytchtest.NewServer(t, append([]stytchtest.Option{stytchtest.WithClock(fixedClock)}, opts...)...)
}

// reply is a decoded API answer.
type reply struct {
	status int
	header http.Header
	body   map[string]any
}

// String is the body, shortened for failure messages.
func (r reply) String() string {
	b, _ := json.Marshal(r.body)
	if len(b) > 400 {
		return string(b[:400]) + "..."
	}
	return string(b)
}

func (r reply) str(key string) string { s, _ := r.body[key].(string); return s }

func (r reply) obj(key string) map[string]any { m, _ := r.body[key].(map[string]any); return m }

// call sends method path with body (a string is sent raw, anything else as
// JSON) and Basic credentials of srv.
func call(t *testing.T, srv *stytchtest.Server, method, path string, body any) reply {
	t.Helper()
	return callAs(t, srv, srv.ProjectID(), srv.Secret(), method, path, body)
}

func callAs(t *testing.T, srv *stytchtest.Server, user, pass, method, path string, body any) reply {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := reply{status: resp.StatusCode, header: resp.Header}
	if err := json.Unmarshal(raw, &out.body); err != nil {
		t.Fatalf("%s %s: body is not a JSON object: %q", method, path, raw)
	}
	return out
}

func post(t *testing.T, srv *stytchtest.Server, path string, body any) reply {
	t.Helper()
	return call(t, srv, http.MethodPost, path, body)
}

// wantError checks an error answer: HTTP status, the envelope's fields.
func wantError(t *testing.T, r reply, status int, errorType string) {
	t.Helper()
	if r.status != status || r.str("error_type") != errorType {
		t.Fatalf("got %d %q, want %d %q (body %v)", r.status, r.str("error_type"), status, errorType, r)
	}
	if got := r.body["status_code"]; got != float64(status) {
		t.Errorf("status_code = %v, want %d", got, status)
	}
	for _, k := range []string{"request_id", "error_message", "error_url"} {
		if r.str(k) == "" {
			t.Errorf("error envelope lacks %s: %v", k, r.body)
		}
	}
}

// wantOK checks a success answer.
func wantOK(t *testing.T, r reply) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status = %d, want 200 (body %v)", r.status, r)
	}
	if r.body["status_code"] != float64(200) || !strings.HasPrefix(r.str("request_id"), "request-id-test-") {
		t.Errorf("success body lacks status_code 200 or request_id: %v", r.body)
	}
}

// newUserSession creates a user and a session on srv.
func newUserSession(t *testing.T, srv *stytchtest.Server, spec stytchtest.SessionSpec) (string, stytchtest.Tokens) {
	t.Helper()
	uid, err := srv.CreateUser(strings.ReplaceAll(t.Name(), "/", ".")+"@example.com", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := srv.CreateSession(uid, spec)
	if err != nil {
		t.Fatal(err)
	}
	return uid, tok
}

// decodeJWT returns a JWT's header and payload, unverified.
func decodeJWT(t *testing.T, token string) (header, payload map[string]any) {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("JWT has %d parts", len(parts))
	}
	for i, dst := range []*map[string]any{&header, &payload} {
		raw, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			t.Fatal(err)
		}
	}
	return header, payload
}
