package sessiongate_test

import (
	"context"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
)

type stubRechecker struct{}

func (stubRechecker) Recheck(context.Context, sessiongate.Freshness) (*sessiongate.Verification, error) {
	return nil, nil
}

type otherKey struct{}

func TestNewRequestContextMatchesSeparateCalls(t *testing.T) {
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), otherKey{}, "kept"))
	v := &sessiongate.Verification{Session: &sessiongate.Session{UserID: "user-test-1"}}
	rc := stubRechecker{}
	ctx := sessiongate.NewRequestContext(parent, v, rc)

	if s, ok := sessiongate.FromContext(ctx); !ok || s != v.Session {
		t.Errorf("FromContext() = %v, %v; want the verification's session", s, ok)
	}
	if got, ok := sessiongate.VerificationFromContext(ctx); !ok || got != v {
		t.Errorf("VerificationFromContext() = %v, %v; want v", got, ok)
	}
	if got, ok := sessiongate.RecheckerFromContext(ctx); !ok || got != rc {
		t.Errorf("RecheckerFromContext() = %v, %v; want rc", got, ok)
	}
	if got := ctx.Value(otherKey{}); got != "kept" {
		t.Errorf("Value(otherKey) = %v, want the parent's value", got)
	}
	child, stop := context.WithTimeout(ctx, time.Hour)
	defer stop()
	cancel()
	<-child.Done() // cancellation propagates through the request context
	if ctx.Err() == nil {
		t.Error("Err() = nil after the parent was cancelled")
	}
}

func TestNewRequestContextNil(t *testing.T) {
	outer := sessiongate.NewContext(context.Background(), &sessiongate.Session{UserID: "user-test-2"})
	ctx := sessiongate.NewRequestContext(outer, nil, nil)
	if s, ok := sessiongate.FromContext(ctx); !ok || s.UserID != "user-test-2" {
		t.Errorf("FromContext() = %v, %v; want the outer session", s, ok)
	}
	if _, ok := sessiongate.VerificationFromContext(ctx); ok {
		t.Error("VerificationFromContext() ok with a nil verification")
	}
	if _, ok := sessiongate.RecheckerFromContext(ctx); ok {
		t.Error("RecheckerFromContext() ok with a nil rechecker")
	}
}
