package sessionjwt

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
)

func TestGenuineTokenChecks(t *testing.T) {
	k := mustKey(t)
	tok := signRaw(t, k, jsonOf(t, testHeader()), jsonOf(t, testClaims()))
	r, err := verifyAll(tok, k, epoch)
	if err != nil {
		t.Fatalf("verifyAll() error = %v, want nil", err)
	}
	s := r.Session
	if s.SessionID != testSession || s.UserID != testUser {
		t.Errorf("ids = %q/%q, want %q/%q", s.SessionID, s.UserID, testSession, testUser)
	}
	if r.IssuedAt != epoch.Unix() || r.Expiry != epoch.Unix()+300 {
		t.Errorf("iat/exp = %d/%d, want %d/%d", r.IssuedAt, r.Expiry, epoch.Unix(), epoch.Unix()+300)
	}
	if len(s.AuthenticationFactors) != 1 || s.AuthenticationFactors[0].EmailFactor == nil || s.CustomClaims != nil {
		t.Errorf("session = %+v, want one email factor and no custom claims", s)
	}
}

func TestIDShapes(t *testing.T) {
	const uuid = "9a4e1c55-3f0e-4b8e-8c1d-6a2b7d3e9f00"
	tests := []struct {
		id         string
		user, sess bool
	}{
		{"user-test-" + uuid, true, false},
		{"user-live-" + uuid, true, false},
		{"session-test-" + uuid, false, true},
		{"session-live-" + uuid, false, true},
		{"user-evil", false, false},
		{"user-test-1", false, false},
		{"user-prod-" + uuid, false, false},
		{"user-test-" + strings.ToUpper(uuid), false, false},
		{"user-test-" + uuid + "0", false, false},
		{"user-test-" + uuid[:35], false, false},
		{"user-test-" + strings.ReplaceAll(uuid, "-", "_"), false, false},
		{"user-test-9a4e1c55-3f0e-4b8e-8c1d-6a2b7d3e9fzz", false, false},
		{"member-test-" + uuid, false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if got := IsUserID(tt.id); got != tt.user {
				t.Errorf("IsUserID(%q) = %v, want %v", tt.id, got, tt.user)
			}
			if got := IsSessionID(tt.id); got != tt.sess {
				t.Errorf("IsSessionID(%q) = %v, want %v", tt.id, got, tt.sess)
			}
		})
	}
}

// TestCheckIDsAndSessionTimes pins issue 11 item 7: a correctly signed
// token with ids outside Stytch's shape, or a session that starts or was
// last used after now + leeway, is invalid.
func TestCheckIDsAndSessionTimes(t *testing.T) {
	k := mustKey(t)
	later := func(d time.Duration) string { return epoch.Add(d).Format(time.RFC3339) }
	cases := []struct {
		name string
		edit func(c map[string]any)
		want error
	}{
		{"sub user-evil", func(c map[string]any) { c["sub"] = "user-evil" }, sessiongate.ErrInvalidToken},
		{"sub without uuid", func(c map[string]any) { c["sub"] = "user-test-1" }, sessiongate.ErrInvalidToken},
		{"session id evil", func(c map[string]any) { session(c)["id"] = "session-evil" }, sessiongate.ErrInvalidToken},
		{"session id of a user", func(c map[string]any) { session(c)["id"] = testUser }, sessiongate.ErrInvalidToken},
		{"started_at an hour ahead", func(c map[string]any) { session(c)["started_at"] = later(time.Hour) }, sessiongate.ErrInvalidToken},
		{"last_accessed_at an hour ahead", func(c map[string]any) { session(c)["last_accessed_at"] = later(time.Hour) }, sessiongate.ErrInvalidToken},
		{"started_at past leeway", func(c map[string]any) { session(c)["started_at"] = later(6 * time.Second) }, sessiongate.ErrInvalidToken},
		{"started_at at leeway", func(c map[string]any) { session(c)["started_at"] = later(5 * time.Second) }, nil},
		{"live ids", func(c map[string]any) {
			c["sub"] = strings.Replace(testUser, "-test-", "-live-", 1)
			session(c)["id"] = strings.Replace(testSession, "-test-", "-live-", 1)
		}, nil},
		{"expired and started in the future", func(c map[string]any) {
			c["iat"], c["nbf"], c["exp"] = epoch.Unix()-600, epoch.Unix()-600, epoch.Unix()-300
			session(c)["started_at"] = later(time.Hour)
		}, sessiongate.ErrInvalidToken},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := testClaims()
			tc.edit(c)
			_, err := verifyAll(signRaw(t, k, jsonOf(t, testHeader()), jsonOf(t, c)), k, epoch)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("verifyAll() error = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestCheckSession(t *testing.T) {
	good := func() *sessiongate.Session {
		return &sessiongate.Session{SessionID: testSession, UserID: testUser,
			StartedAt: epoch.Add(-time.Hour), LastAccessedAt: epoch, ExpiresAt: epoch.Add(time.Hour)}
	}
	cases := []struct {
		name string
		edit func(s *sessiongate.Session)
		want error
	}{
		{"consistent", func(*sessiongate.Session) {}, nil},
		{"no expires_at", func(s *sessiongate.Session) { s.ExpiresAt = time.Time{} }, nil},
		{"expired an hour ago", func(s *sessiongate.Session) { s.ExpiresAt = epoch.Add(-time.Hour) }, sessiongate.ErrExpired},
		{"expires now", func(s *sessiongate.Session) { s.ExpiresAt = epoch }, sessiongate.ErrExpired},
		{"started in the future", func(s *sessiongate.Session) { s.StartedAt = epoch.Add(time.Hour) }, sessiongate.ErrInvalidToken},
		{"accessed in the future", func(s *sessiongate.Session) { s.LastAccessedAt = epoch.Add(6 * time.Second) }, sessiongate.ErrInvalidToken},
		{"user id evil", func(s *sessiongate.Session) { s.UserID = "user-evil" }, sessiongate.ErrInvalidToken},
		{"session id evil", func(s *sessiongate.Session) { s.SessionID = "session-test-1" }, sessiongate.ErrInvalidToken},
		{"too many roles", func(s *sessiongate.Session) { s.Roles = make([]string, maxRoles+1) }, sessiongate.ErrInvalidToken},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := good()
			tc.edit(s)
			err := CheckSession(s, epoch, 5*time.Second)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("CheckSession() error = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestPeek(t *testing.T) {
	k := mustKey(t)
	tok := signRaw(t, k, []byte(`{"alg":"none"}`), jsonOf(t, testClaims()))
	sid, sub, err := Peek(tok)
	if err != nil || sid != testSession || sub != testUser {
		t.Fatalf("Peek() = %q, %q, %v; want %q, %q, nil", sid, sub, err, testSession, testUser)
	}
	if _, _, err := Peek(tok + "="); !errors.Is(err, sessiongate.ErrInvalidToken) {
		t.Errorf("Peek(padded) error = %v, want ErrInvalidToken", err)
	}
}

func TestCompactCap(t *testing.T) {
	seg := strings.Repeat("A", MaxLength-4)
	if err := CheckCompact(seg + ".B.C"); err != nil {
		t.Errorf("CheckCompact(%d bytes) error = %v, want nil", MaxLength, err)
	}
	if err := CheckCompact(seg + "A.B.C"); !errors.Is(err, sessiongate.ErrInvalidToken) {
		t.Errorf("CheckCompact(%d bytes) error = %v, want ErrInvalidToken", MaxLength+1, err)
	}
}

// TestTrailingBytesRejected: a payload is one object and nothing but
// whitespace after it; a NUL byte once passed for the end of the input.
func TestTrailingBytesRejected(t *testing.T) {
	k := mustKey(t)
	genuine := jsonOf(t, testClaims())
	genuine = genuine[:len(genuine):len(genuine)] // each append below copies
	for name, payload := range map[string][]byte{
		"NUL":    append(genuine, 0),
		"letter": append(genuine, 'x'),
		"object": append(genuine, []byte("{}")...),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := verifyAll(signRaw(t, k, jsonOf(t, testHeader()), payload), k, epoch)
			if !errors.Is(err, sessiongate.ErrInvalidToken) {
				t.Fatalf("verifyAll() error = %v, want ErrInvalidToken", err)
			}
		})
	}
	if _, err := verifyAll(signRaw(t, k, jsonOf(t, testHeader()), append(genuine, " \n"...)), k, epoch); err != nil {
		t.Errorf("trailing whitespace: error = %v, want nil", err)
	}
}
