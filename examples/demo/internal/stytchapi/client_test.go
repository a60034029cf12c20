package stytchapi_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"go.uber.org/goleak"

	"github.com/sessiongate/sessiongate/examples/demo/internal/stytchapi"
	"github.com/sessiongate/sessiongate/stytchtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func newClient(t *testing.T, url, projectID, secret string) *stytchapi.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return stytchapi.New(url+"/", projectID, secret, &http.Client{Transport: tr})
}

func TestPasswordsAndTOTP(t *testing.T) {
	srv := stytchtest.NewServer(t)
	c := newClient(t, srv.URL, srv.ProjectID(), srv.Secret())
	ctx := context.Background()

	created, err := c.CreatePassword(ctx, "ada@example.com", "correct horse battery", 60)
	if err != nil {
		t.Fatalf("CreatePassword() error = %v", err)
	}
	if created.UserID == "" || created.SessionToken == "" || created.SessionJWT == "" || created.Session.SessionID == "" {
		t.Fatalf("CreatePassword() = %+v, want user, token, JWT and session", created)
	}
	login, err := c.AuthenticatePassword(ctx, "ada@example.com", "correct horse battery", 60)
	if err != nil || login.UserID != created.UserID {
		t.Fatalf("AuthenticatePassword() = %+v, %v; want user %s", login, err, created.UserID)
	}
	totp, err := c.CreateTOTP(ctx, created.UserID)
	if err != nil || totp.Secret == "" {
		t.Fatalf("CreateTOTP() = %+v, %v; want a secret", totp, err)
	}
	code, err := srv.TOTPCode(created.UserID)
	if err != nil {
		t.Fatal(err)
	}
	up, err := c.AuthenticateTOTP(ctx, created.UserID, code, created.SessionToken)
	if err != nil {
		t.Fatalf("AuthenticateTOTP() error = %v", err)
	}
	if up.Session.SessionID != created.Session.SessionID {
		t.Errorf("AuthenticateTOTP() session = %s, want the same session %s", up.Session.SessionID, created.Session.SessionID)
	}
	if _, ok := up.Session.Factor("totp"); !ok {
		t.Errorf("session factors = %+v, want a totp factor", up.Session.AuthenticationFactors)
	}
}

func TestErrors(t *testing.T) {
	srv := stytchtest.NewServer(t)
	c := newClient(t, srv.URL, srv.ProjectID(), srv.Secret())
	ctx := context.Background()
	if _, err := c.CreatePassword(ctx, "ada@example.com", "correct horse battery", 60); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name          string
		call          func() error
		wantType      string
		wantTemporary bool
	}{
		{"duplicate email", func() error {
			_, err := c.CreatePassword(ctx, "ada@example.com", "correct horse battery", 60)
			return err
		}, "duplicate_email", false},
		{"wrong password", func() error {
			_, err := c.AuthenticatePassword(ctx, "ada@example.com", "wrong password", 60)
			return err
		}, "unauthorized_credentials", false},
		{"bad secret", func() error {
			_, err := newClient(t, srv.URL, srv.ProjectID(), "wrong").CreateTOTP(ctx, "user-x")
			return err
		}, "unauthorized_credentials", false},
		{"unreachable", func() error {
			dead := httptest.NewServer(http.NotFoundHandler())
			dead.Close()
			_, err := newClient(t, dead.URL, "p", "s").CreateTOTP(ctx, "user-x")
			return err
		}, stytchapi.TypeUnreachable, true},
		{"not JSON", func() error {
			bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "<html>oops</html>", http.StatusBadGateway)
			}))
			defer bad.Close()
			_, err := newClient(t, bad.URL, "p", "s").CreateTOTP(ctx, "user-x")
			return err
		}, stytchapi.TypeMalformed, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var e *stytchapi.Error
			if !errors.As(err, &e) {
				t.Fatalf("error = %v, want *stytchapi.Error", err)
			}
			if e.Type != tc.wantType || e.Temporary() != tc.wantTemporary {
				t.Errorf("error = %s (temporary %v), want %s (temporary %v)", e.Type, e.Temporary(), tc.wantType, tc.wantTemporary)
			}
			if !stytchapi.IsType(err, tc.wantType) {
				t.Errorf("IsType(err, %q) = false, want true", tc.wantType)
			}
		})
	}
}

func TestSetUserRoles(t *testing.T) {
	srv := stytchtest.NewServer(t, stytchtest.WithRBACPolicy([]byte(`{"roles": [{"role_id": "stytch_user"}, {"role_id": "editor"}]}`)))
	c := newClient(t, srv.URL, srv.ProjectID(), srv.Secret())
	ctx := context.Background()
	created, err := c.CreatePassword(ctx, "ada@example.com", "correct horse battery", 60)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetUserRoles(ctx, created.UserID, []string{"editor"}); err != nil {
		t.Fatalf("SetUserRoles() error = %v", err)
	}
	s, ok := srv.Session(created.Session.SessionID)
	if !ok || !slices.Contains(s.Roles, "editor") {
		t.Fatalf("session roles after SetUserRoles = %v (found %v); want editor", s.Roles, ok)
	}
	if err := c.SetUserRoles(ctx, created.UserID, nil); err != nil {
		t.Fatalf("SetUserRoles(nil) error = %v", err)
	}
	if s, _ := srv.Session(created.Session.SessionID); slices.Contains(s.Roles, "editor") {
		t.Errorf("session roles after clearing = %v, want no editor", s.Roles)
	}
	var e *stytchapi.Error
	if err := c.SetUserRoles(ctx, "user-test-00000000-0000-0000-0000-000000000000", []string{"editor"}); !errors.As(err, &e) || e.StatusCode != http.StatusNotFound {
		t.Errorf("SetUserRoles(unknown user) = %v, want a 404 Error", err)
	}
}
