package reqctx_test

import (
	"context"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/reqctx"
)

type stubRechecker struct{}

func (*stubRechecker) Recheck(context.Context, sessiongate.Freshness) (*sessiongate.Verification, error) {
	return nil, nil
}

type otherKey struct{}

type carrier = reqctx.Carrier[sessiongate.Session, sessiongate.Verification, stubRechecker]

// The carrier answers exactly as the root package's separate calls would,
// keeps the parent's other values and propagates its cancellation.
func TestCarrierMatchesSeparateCalls(t *testing.T) {
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), otherKey{}, "kept"))
	v := &sessiongate.Verification{Session: &sessiongate.Session{UserID: "user-test-1"}}
	rc := &stubRechecker{}
	var state struct {
		n int
		c carrier
	}
	ctx := state.c.Init(parent, v.Session, v, rc)

	if s, ok := sessiongate.FromContext(ctx); !ok || s != v.Session {
		t.Errorf("FromContext() = %v, %v; want the verification's session", s, ok)
	}
	if got, ok := sessiongate.VerificationFromContext(ctx); !ok || got != v {
		t.Errorf("VerificationFromContext() = %v, %v; want v", got, ok)
	}
	if got, ok := sessiongate.RecheckerFromContext(ctx); !ok || got != sessiongate.Rechecker(rc) {
		t.Errorf("RecheckerFromContext() = %v, %v; want rc", got, ok)
	}
	if got := ctx.Value(otherKey{}); got != "kept" {
		t.Errorf("Value(otherKey) = %v, want the parent's value", got)
	}
	child, stop := context.WithTimeout(ctx, time.Hour)
	defer stop()
	cancel()
	<-child.Done() // cancellation propagates through the carrier
	if ctx.Err() == nil {
		t.Error("Err() = nil after the parent was cancelled")
	}
}

// A later NewContext over the carrier wins, as with plain context values.
func TestCarrierShadowedByLaterValues(t *testing.T) {
	var c carrier
	first := &sessiongate.Session{UserID: "user-test-1"}
	ctx := c.Init(context.Background(), first, nil, nil)
	second := &sessiongate.Session{UserID: "user-test-2"}
	if s, _ := sessiongate.FromContext(sessiongate.NewContext(ctx, second)); s != second {
		t.Errorf("FromContext() = %v, want the later session", s)
	}
	if _, ok := sessiongate.RecheckerFromContext(ctx); ok {
		t.Error("RecheckerFromContext() ok with no rechecker carried")
	}
}
