package sessiongate_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
)

func TestContextRoundTrip(t *testing.T) {
	ctx := context.Background()
	if s, ok := sessiongate.FromContext(ctx); ok || s != nil {
		t.Fatalf("FromContext(empty) = %v, %v; want nil, false", s, ok)
	}
	if s, ok := sessiongate.FromContext(sessiongate.NewContext(ctx, nil)); ok || s != nil {
		t.Fatalf("FromContext(nil session) = %v, %v; want nil, false", s, ok)
	}
	want := &sessiongate.Session{SessionID: "session-test-1"}
	got, ok := sessiongate.FromContext(sessiongate.NewContext(ctx, want))
	if !ok || got != want {
		t.Fatalf("FromContext = %v, %v; want %v, true", got, ok, want)
	}
	type foreignKey struct{}
	if s, ok := sessiongate.FromContext(context.WithValue(ctx, foreignKey{}, want)); ok {
		t.Fatalf("a foreign key leaked into FromContext: %v", s)
	}
}

func TestMustFromContext(t *testing.T) {
	want := &sessiongate.Session{SessionID: "session-test-1"}
	if got := sessiongate.MustFromContext(sessiongate.NewContext(context.Background(), want)); got != want {
		t.Fatalf("MustFromContext = %v, want %v", got, want)
	}
	for name, ctx := range map[string]context.Context{
		"empty":       context.Background(),
		"nil session": sessiongate.NewContext(context.Background(), nil),
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil {
					t.Error("MustFromContext did not panic")
				}
			}()
			sessiongate.MustFromContext(ctx)
		})
	}
}

func TestVerificationContextCarriesSession(t *testing.T) {
	v := &sessiongate.Verification{Session: &sessiongate.Session{SessionID: "s"}, Source: sessiongate.SourceRemote}
	ctx := sessiongate.NewVerificationContext(context.Background(), v)
	if got, ok := sessiongate.VerificationFromContext(ctx); !ok || got != v {
		t.Fatalf("VerificationFromContext = %v, %v", got, ok)
	}
	if s, ok := sessiongate.FromContext(ctx); !ok || s != v.Session {
		t.Fatalf("FromContext after NewVerificationContext = %v, %v", s, ok)
	}
	if _, ok := sessiongate.RecheckerFromContext(ctx); ok {
		t.Fatal("RecheckerFromContext found a rechecker nobody stored")
	}
}

type recheckFunc func(context.Context, sessiongate.Freshness) (*sessiongate.Verification, error)

func (f recheckFunc) Recheck(ctx context.Context, fr sessiongate.Freshness) (*sessiongate.Verification, error) {
	return f(ctx, fr)
}

func TestRecheckerContext(t *testing.T) {
	var asked sessiongate.Freshness
	r := recheckFunc(func(_ context.Context, f sessiongate.Freshness) (*sessiongate.Verification, error) {
		asked = f
		return nil, sessiongate.ErrSessionNotFound
	})
	ctx := sessiongate.NewRecheckContext(context.Background(), r)
	got, ok := sessiongate.RecheckerFromContext(ctx)
	if !ok {
		t.Fatal("RecheckerFromContext found nothing")
	}
	if _, err := got.Recheck(ctx, sessiongate.ConfirmWithServer()); !errors.Is(err, sessiongate.ErrSessionNotFound) {
		t.Fatalf("Recheck error = %v", err)
	}
	if d, set := asked.MaxAge(); !set || d != 0 {
		t.Fatalf("rechecker got MaxAge() = %v, %v; want 0, true", d, set)
	}
}

func TestFreshness(t *testing.T) {
	var zero sessiongate.Freshness
	if _, set := zero.MaxAge(); set {
		t.Error("zero Freshness is set")
	}
	if d, set := sessiongate.MaxTokenAge(-time.Second).MaxAge(); !set || d != 0 {
		t.Errorf("MaxTokenAge(-1s) = %v, %v; want 0, true", d, set)
	}
}

func TestUnavailableError(t *testing.T) {
	cause := errors.New("dial tcp: connection refused")
	err := fmt.Errorf("verify: %w", &sessiongate.UnavailableError{RetryAfter: 3 * time.Second, Err: cause})
	if !errors.Is(err, sessiongate.ErrUnavailable) || !errors.Is(err, cause) {
		t.Fatalf("errors.Is failed for %v", err)
	}
	if errors.Is(err, sessiongate.ErrSessionNotFound) {
		t.Fatal("unavailable must never read as session not found")
	}
	if got := sessiongate.RetryAfter(err); got != 3*time.Second {
		t.Fatalf("RetryAfter = %v", got)
	}
	if got := sessiongate.RetryAfter(sessiongate.ErrInvalidToken); got != 0 {
		t.Fatalf("RetryAfter(non-unavailable) = %v", got)
	}
	if (&sessiongate.UnavailableError{}).Error() == "" {
		t.Fatal("empty message")
	}
	if (sessiongate.Credentials{}).Empty() != true || (sessiongate.Credentials{Token: "x"}).Empty() {
		t.Fatal("Credentials.Empty wrong")
	}
}
