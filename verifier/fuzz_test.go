package verifier

import (
	"strings"
	"testing"
)

// FuzzVerifyToken feeds arbitrary strings through the whole local path
// (gate, header, key lookup, signature, claims): it must never panic, and
// every error must wrap a root sentinel and never echo the token.
func FuzzVerifyToken(f *testing.F) {
	k := mustKey(f, strongKey)
	l := staticLocal(f, &k.PublicKey)
	genuine := signWith(f, k, staticHeader(), stytchClaims(epoch.Unix()))
	f.Add(genuine)
	seg := strings.Split(genuine, ".")
	f.Add(seg[0] + "." + seg[1] + ".")
	f.Add(seg[0] + "." + seg[1] + "." + seg[2] + "=")
	f.Fuzz(func(t *testing.T, tok string) {
		v, err := l.Verify(t.Context(), jwtCred(tok), anyAge)
		if err == nil {
			if v == nil || v.Session == nil || v.Session.SessionID == "" {
				t.Fatalf("accepted without a session: %+v", v)
			}
			return
		}
		if !isClassified(err) {
			t.Fatalf("unclassified error: %v", err)
		}
		if len(tok) >= 16 && strings.Contains(err.Error(), tok) {
			t.Fatal("error echoes the token")
		}
	})
}

// FuzzDecodeClaims feeds arbitrary payloads to the claim decoder and checks.
func FuzzDecodeClaims(f *testing.F) {
	l := staticLocal(f, &mustKey(f, strongKey).PublicKey)
	f.Add([]byte(jsonOf(stytchClaims(epoch.Unix()))))
	f.Add([]byte(`{"iss":1,"iss":2}`))
	f.Add([]byte(`{"https://stytch.com/session":{"id":"session-test-1","ID":"x"}}`))
	f.Fuzz(func(t *testing.T, payload []byte) {
		rc, err := parseClaims(string(payload))
		if err != nil {
			if !isClassified(err) {
				t.Fatalf("parseClaims: unclassified error %v", err)
			}
			return
		}
		if _, err := l.checkClaims(rc, epoch); err != nil && !isClassified(err) {
			t.Fatalf("checkClaims: unclassified error %v", err)
		}
	})
}
