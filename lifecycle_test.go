package sessiongate_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
)

// plainRechecker rechecks but manages nothing.
type plainRechecker struct{}

func (plainRechecker) Recheck(context.Context, sessiongate.Freshness) (*sessiongate.Verification, error) {
	return nil, nil
}

// fullLifecycle is a Rechecker that also manages sessions.
type fullLifecycle struct{ plainRechecker }

func (fullLifecycle) Extend(context.Context, time.Duration) (*sessiongate.Verification, error) {
	return nil, nil
}
func (fullLifecycle) SetClaims(context.Context, map[string]any) (*sessiongate.Verification, error) {
	return nil, nil
}
func (fullLifecycle) DeleteClaims(context.Context, ...string) (*sessiongate.Verification, error) {
	return nil, nil
}
func (fullLifecycle) User(context.Context) (*sessiongate.User, error) { return nil, nil }
func (fullLifecycle) Sessions(context.Context) ([]sessiongate.ActiveSession, error) {
	return nil, nil
}
func (fullLifecycle) RevokeSession(context.Context, string) error      { return nil }
func (fullLifecycle) RevokeOtherSessions(context.Context) (int, error) { return 0, nil }

// The Lifecycle is the context's Rechecker, when it is one.
func TestLifecycleFromContext(t *testing.T) {
	ctx := context.Background()
	if _, ok := sessiongate.LifecycleFromContext(ctx); ok {
		t.Error("LifecycleFromContext(empty) ok")
	}
	if _, ok := sessiongate.LifecycleFromContext(sessiongate.NewRecheckContext(ctx, plainRechecker{})); ok {
		t.Error("a Rechecker that manages nothing is a Lifecycle")
	}
	if _, ok := sessiongate.LifecycleFromContext(sessiongate.NewRecheckContext(ctx, fullLifecycle{})); !ok {
		t.Error("a Rechecker that is a Lifecycle was not found")
	}
}

func TestReservedClaimError(t *testing.T) {
	err := error(&sessiongate.ReservedClaimError{Name: "exp"})
	if !errors.Is(err, sessiongate.ErrMalformedRequest) || errors.Is(err, sessiongate.ErrInvalidToken) {
		t.Errorf("ReservedClaimError wraps the wrong sentinel: %v", err)
	}
	if !strings.Contains(err.Error(), `"exp"`) {
		t.Errorf("Error() = %q, want the claim name", err)
	}
}
