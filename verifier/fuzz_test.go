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
