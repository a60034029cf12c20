package sessiongate_test

import (
	"context"
	"fmt"
	"time"

	"github.com/sessiongate/sessiongate"
)

func ExampleSession_LastAuthenticated() {
	now := time.Date(2025, 3, 1, 10, 10, 0, 0, time.UTC)
	s := &sessiongate.Session{AuthenticationFactors: []sessiongate.AuthenticationFactor{
		{Type: sessiongate.FactorPassword, DeliveryMethod: sessiongate.DeliveryKnowledge, LastAuthenticatedAt: now.Add(-time.Hour)},
		{Type: sessiongate.FactorTOTP, DeliveryMethod: sessiongate.DeliveryAuthenticatorApp, LastAuthenticatedAt: now.Add(-3 * time.Minute)},
	}}
	if at, ok := s.LastAuthenticated(sessiongate.FactorTOTP); ok {
		fmt.Println("TOTP", now.Sub(at), "ago")
	}
	_, ok := s.LastAuthenticated(sessiongate.FactorWebAuthn)
	fmt.Println("WebAuthn used:", ok)
	// Output:
	// TOTP 3m0s ago
	// WebAuthn used: false
}

func ExampleFromContext() {
	ctx := sessiongate.NewContext(context.Background(), &sessiongate.Session{UserID: "user-test-1"})
	if s, ok := sessiongate.FromContext(ctx); ok {
		fmt.Println(s.UserID)
	}
	_, ok := sessiongate.FromContext(context.Background())
	fmt.Println(ok)
	// Output:
	// user-test-1
	// false
}

// Behind the session middleware's RequireSession a handler can take the
// session without the ok check.
func ExampleMustFromContext() {
	ctx := sessiongate.NewContext(context.Background(), &sessiongate.Session{UserID: "user-test-1"})
	fmt.Println(sessiongate.MustFromContext(ctx).UserID)
	// Output: user-test-1
}
