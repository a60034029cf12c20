package middleware_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/sessiongate/sessiongate"
)

// requestAuthorizer is the method the rbac package finds on the request's
// Rechecker.
type requestAuthorizer interface {
	Authorize(ctx context.Context, resource, action string) (*sessiongate.Verification, error)
}

// TestAuthorizeWithoutAuthorizer: a Verifier that cannot confirm
// permissions makes the request's Authorize a misconfiguration, never a
// grant.
func TestAuthorizeWithoutAuthorizer(t *testing.T) {
	m := newMiddleware(t, &fakeVerifier{})
	var err error
	h := m.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc, _ := sessiongate.RecheckerFromContext(r.Context())
		a, ok := rc.(requestAuthorizer)
		if !ok {
			t.Fatal("the request's Rechecker has no Authorize method")
		}
		var v *sessiongate.Verification
		if v, err = a.Authorize(r.Context(), "documents", "write"); v != nil {
			t.Error("Authorize returned a verification")
		}
	}))
	serve(h, newRequest("GET", "/", "Authorization", "Bearer "+goodToken))
	if !errors.Is(err, sessiongate.ErrMisconfigured) {
		t.Errorf("Authorize() = %v, want ErrMisconfigured", err)
	}
}
