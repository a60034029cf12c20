package stytchtest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/stytchtest"
)

func TestTestControls(t *testing.T) {
	off := newServer(t)
	wantError(t, call(t, off, http.MethodPost, "/_emulator/advance?seconds=60", nil), http.StatusNotFound, "route_not_found")

	srv := newServer(t, stytchtest.WithTestControls())
	for _, tc := range []struct {
		name, query string
		status      int
		wantType    string
	}{
		{"missing", "", 400, "invalid_request"},
		{"fractional", "?seconds=1.5", 400, "invalid_request"},
		{"too far", "?seconds=999999999999", 400, "invalid_request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, call(t, srv, http.MethodPost, "/_emulator/advance"+tc.query, nil), tc.status, tc.wantType)
		})
	}
	wantError(t, callAs(t, srv, srv.ProjectID(), "wrong", http.MethodPost, "/_emulator/advance?seconds=60", nil),
		http.StatusUnauthorized, "unauthorized_credentials")
	wantError(t, call(t, srv, http.MethodGet, "/_emulator/advance?seconds=60", nil), http.StatusMethodNotAllowed, "method_not_allowed")
	r := call(t, srv, http.MethodPost, "/_emulator/advance?seconds=600", nil)
	wantOK(t, r)
	if want := t0.Add(10 * time.Minute); !srv.Now().Equal(want) || r.str("now") != "2025-03-01T10:10:00Z" {
		t.Errorf("Now = %v, answered %q; want %v", srv.Now(), r.str("now"), want)
	}
}
