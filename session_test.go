package sessiongate_test

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
)

func TestSessionJSONRoundTrip(t *testing.T) {
	for _, file := range []string{"testdata/session.json", "testdata/session_minimal.json"} {
		t.Run(file, func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields() // every wire field has a Go field
			var s sessiongate.Session
			if err := dec.Decode(&s); err != nil {
				t.Fatalf("decode: %v", err)
			}
			out, err := json.Marshal(&s)
			if err != nil {
				t.Fatal(err)
			}
			var want, got any
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip changed the session:\n got %s\nwant %s", out, raw)
			}
		})
	}
}

func TestGoldenFactorsUseKnownEnums(t *testing.T) {
	s := loadSession(t, "testdata/session.json")
	if len(s.AuthenticationFactors) != 41 {
		t.Fatalf("golden has %d factors, want one per detail object (41)", len(s.AuthenticationFactors))
	}
	for i, f := range s.AuthenticationFactors {
		if !f.Type.Known() {
			t.Errorf("factor %d: type %q unknown", i, f.Type)
		}
		if !f.DeliveryMethod.Known() {
			t.Errorf("factor %d: delivery method %q unknown", i, f.DeliveryMethod)
		}
	}
}

func TestEnumsAreComplete(t *testing.T) {
	if got := len(sessiongate.FactorTypes()); got != 14 {
		t.Errorf("FactorTypes() has %d values, Stytch documents 14", got)
	}
	if got := len(sessiongate.DeliveryMethods()); got != 44 {
		t.Errorf("DeliveryMethods() has %d values, Stytch documents 44", got)
	}
	if sessiongate.FactorType("TOTP").Known() {
		t.Error(`FactorType("TOTP").Known() = true; enum matching must be exact`)
	}
	if sessiongate.DeliveryMethod("SMS").Known() {
		t.Error(`DeliveryMethod("SMS").Known() = true; enum matching must be exact`)
	}
}

func TestSessionFactor(t *testing.T) {
	t0 := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	s := &sessiongate.Session{AuthenticationFactors: []sessiongate.AuthenticationFactor{
		{Type: sessiongate.FactorTOTP, LastAuthenticatedAt: t0},
		{Type: sessiongate.FactorPassword, LastAuthenticatedAt: t0.Add(time.Minute)},
		{Type: sessiongate.FactorTOTP, LastAuthenticatedAt: t0.Add(2 * time.Minute)},
	}}
	tests := []struct {
		name   string
		s      *sessiongate.Session
		typ    sessiongate.FactorType
		want   time.Time
		wantOK bool
	}{
		{"latest of two", s, sessiongate.FactorTOTP, t0.Add(2 * time.Minute), true},
		{"single", s, sessiongate.FactorPassword, t0.Add(time.Minute), true},
		{"absent", s, sessiongate.FactorWebAuthn, time.Time{}, false},
		{"nil session", nil, sessiongate.FactorTOTP, time.Time{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.s.LastAuthenticated(tc.typ)
			if ok != tc.wantOK || !got.Equal(tc.want) {
				t.Errorf("LastAuthenticated(%q) = %v, %v; want %v, %v", tc.typ, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestSessionExpired(t *testing.T) {
	exp := time.Date(2025, 3, 1, 11, 0, 0, 0, time.UTC)
	s := &sessiongate.Session{ExpiresAt: exp}
	if s.Expired(exp.Add(-time.Second)) {
		t.Error("Expired one second before expiry")
	}
	if !s.Expired(exp) {
		t.Error("not Expired at expires_at")
	}
	if (&sessiongate.Session{}).Expired(exp) {
		t.Error("a session without expires_at reported Expired")
	}
}

func loadSession(t *testing.T, file string) *sessiongate.Session {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var s sessiongate.Session
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}
