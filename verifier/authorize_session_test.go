package verifier

import (
	"testing"

	"github.com/sessiongate/sessiongate"
)

// TestAuthorizeSession: the session middleware's form of Authorize returns
// Stytch's confirmed session with a fresh JWT, and Stytch's refusal as
// ErrPermissionDenied.
func TestAuthorizeSession(t *testing.T) {
	e := authzEnv(t)
	r := e.remote()
	v, err := r.AuthorizeSession(t.Context(), tokenCred(e.tokens.SessionToken), "documents", "write")
	if err != nil {
		t.Fatal(err)
	}
	if v == nil || v.Session == nil || v.Source != sessiongate.SourceRemote || v.JWT == "" || v.Session.SessionID != e.tokens.Session.SessionID {
		t.Fatalf("AuthorizeSession() = %+v, want the confirmed session with a fresh JWT", v)
	}
	if v, err := r.AuthorizeSession(t.Context(), tokenCred(e.tokens.SessionToken), "documents", "delete"); v != nil || !isErr(err, sessiongate.ErrPermissionDenied) {
		t.Errorf("AuthorizeSession(delete) = %v, %v; want ErrPermissionDenied", v, err)
	}
}
