package stepup_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stepup"
)

// TestPathVariants registers a protected route on http.ServeMux and checks
// that no variant of its path reaches the handler without the policy.
func TestPathVariants(t *testing.T) {
	p := mustNew(t, stepup.AnyOf(totp), stepup.Within(5*time.Minute), stepup.WithClock(clock))
	var tbl stepup.Table
	mux := http.NewServeMux()
	reached := 0
	tbl.Handle(mux, "POST /transfer", p, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached++
		w.WriteHeader(http.StatusNoContent)
	}))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	// Like the session middleware: a verified session without TOTP.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := localVerification(session(fac(password, "1", t0)), t0)
		mux.ServeHTTP(w, r.WithContext(sessiongate.NewVerificationContext(r.Context(), v)))
	}))
	defer srv.Close()
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	const (
		challenged = "challenged"
		notFound   = "404"
		redirected = "307 to /transfer"
	)
	for _, tc := range []struct{ path, want string }{
		{"/transfer", challenged},
		{"/transfer?x=1", challenged},
		{"/%74ransfer", challenged}, // decoded to /transfer before routing
		{"/transfer/", notFound},
		{"//transfer", "307 to /"}, // the request-target parses as authority "transfer"
		{"/a/../transfer", redirected},
		{"/./transfer", redirected},
		{"/transfer/.", redirected},
		{"/Transfer", notFound},
		{"/TRANSFER", notFound},
		{"/transfer%2F", notFound},
		{"/transfer%2f", notFound},
		{"/%2Ftransfer", notFound},
		{"/transfer;x", notFound},
		{"/transfer%00", notFound},
		{"/transfer%20", notFound},
	} {
		t.Run(strings.ReplaceAll(tc.path, "/", "|"), func(t *testing.T) {
			if got := outcome(t, client, srv.URL, tc.path); got != tc.want {
				t.Errorf("POST %s: %s, want %s", tc.path, got, tc.want)
			}
		})
	}
	if reached != 0 {
		t.Errorf("handler reached %d times, want 0", reached)
	}
	if got := tbl.String(); !strings.Contains(got, "POST /transfer") {
		t.Errorf("Table.String() = %q, want the route listed", got)
	}
}

// outcome sends POST path verbatim and classifies the answer.
func outcome(t *testing.T, client *http.Client, base, path string) string {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "POST", base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.URL.Opaque = path // send the path exactly as written
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusUnauthorized &&
		strings.Contains(resp.Header.Get("WWW-Authenticate"), "insufficient_user_authentication"):
		return "challenged"
	case resp.StatusCode == http.StatusNotFound:
		return "404"
	case resp.StatusCode == http.StatusTemporaryRedirect:
		return "307 to " + resp.Header.Get("Location")
	}
	return resp.Status
}
