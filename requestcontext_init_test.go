package sessiongate_test

import (
	"context"
	"testing"

	"github.com/sessiongate/sessiongate"
)

func TestRequestContextInitMatchesNewRequestContext(t *testing.T) {
	parent := context.WithValue(context.Background(), otherKey{}, "kept")
	v := &sessiongate.Verification{Session: &sessiongate.Session{UserID: "user-test-3"}}
	var state struct {
		n   int
		ctx sessiongate.RequestContext
	}
	ctx := state.ctx.Init(parent, v, stubRechecker{})
	if s, ok := sessiongate.FromContext(ctx); !ok || s != v.Session {
		t.Errorf("FromContext() = %v, %v; want the verification's session", s, ok)
	}
	if got, ok := sessiongate.VerificationFromContext(ctx); !ok || got != v {
		t.Errorf("VerificationFromContext() = %v, %v; want v", got, ok)
	}
	if got, ok := sessiongate.RecheckerFromContext(ctx); !ok || got != (stubRechecker{}) {
		t.Errorf("RecheckerFromContext() = %v, %v; want the rechecker", got, ok)
	}
	if got := ctx.Value(otherKey{}); got != "kept" {
		t.Errorf("Value(otherKey) = %v, want the parent's value", got)
	}
}
