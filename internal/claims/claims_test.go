package claims

import (
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
)

func TestFromSessionTruncatesToSeconds(t *testing.T) {
	at := time.Date(2025, 3, 1, 10, 0, 0, 370383000, time.FixedZone("x", 3600))
	s := &sessiongate.Session{
		SessionID: "session-test-1", StartedAt: at, LastAccessedAt: at, ExpiresAt: at.Add(time.Hour),
		AuthenticationFactors: []sessiongate.AuthenticationFactor{{Type: sessiongate.FactorTOTP, LastAuthenticatedAt: at}},
	}
	c := FromSession(s)
	if c.StartedAt != "2025-03-01T09:00:00Z" || c.ExpiresAt != "2025-03-01T10:00:00Z" {
		t.Errorf("timestamps = %q, %q", c.StartedAt, c.ExpiresAt)
	}
	if got := c.AuthenticationFactors[0].LastAuthenticatedAt; got.Nanosecond() != 0 || got.Location() != time.UTC {
		t.Errorf("factor time not truncated to UTC seconds: %v", got)
	}
	if c.Roles == nil {
		t.Error("roles must encode as [] not null")
	}
	if s.AuthenticationFactors[0].LastAuthenticatedAt.Nanosecond() == 0 {
		t.Error("FromSession modified its input")
	}
	if Timestamp(time.Time{}) != "" {
		t.Error("zero time must format as empty")
	}
}

func TestReservedNames(t *testing.T) {
	for _, n := range []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti"} {
		if !IsRegistered(n) {
			t.Errorf("IsRegistered(%q) = false", n)
		}
	}
	for _, n := range []string{"ISS", "plan", ""} {
		if IsRegistered(n) {
			t.Errorf("IsRegistered(%q) = true", n)
		}
	}
	if !IsStytch(SessionClaim) || !IsStytch("https://stytch.com/organization") || IsStytch("https://example.com/x") {
		t.Error("IsStytch wrong")
	}
}
