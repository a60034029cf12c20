package stytchtest

import (
	"net/http"

	"github.com/sessiongate/sessiongate"
)

func (e *Emulator) serveOTPAuthenticate(w http.ResponseWriter, r *http.Request) {
	data, err := readBody(r)
	if err != nil {
		writeError(w, err)
		return
	}
	req, err := parseOTPAuth(data)
	if err != nil {
		writeError(w, err)
		return
	}
	c, f, err := e.proveOTP(req.MethodID, normalizeCode(req.Code))
	if err != nil {
		writeError(w, err)
		return
	}
	creds := sessionCreds{token: req.SessionToken, jwt: req.SessionJWT}
	ch := change{duration: req.SessionDurationMinutes, claims: req.SessionCustomClaims, factor: &f}
	out, err := e.authenticateFactor(c.userID, creds, ch)
	if err != nil {
		e.restoreOTP(c) // a refused request does not use the passcode up
		writeError(w, err)
		return
	}
	e.mu.Lock()
	if c.delivery == sessiongate.DeliverySMS && c.methodID != SandboxPhoneID {
		e.addPhoneLocked(c.to, c.userID, c.methodID)
	}
	resp := magicLinkAuthResponse{ok: success(), UserID: c.userID, MethodID: c.methodID, User: e.userJSONLocked(c.userID)}
	e.mu.Unlock()
	if out != nil { // the user rendered after the phone joined it
		resp.SessionToken, resp.SessionJWT, resp.Session = out.token, out.jwt, &out.session
	}
	writeJSON(w, http.StatusOK, resp)
}

// proveOTP checks code for methodID: the sandbox methods take the sandbox
// code, the others their live passcode.
func (e *Emulator) proveOTP(methodID, code string) (*otpCode, sessiongate.AuthenticationFactor, *apiError) {
	if c, ok := sandboxOTP(methodID); ok {
		if code != SandboxOTPCode {
			return nil, sessiongate.AuthenticationFactor{}, errOTPWrongCode
		}
		return c, c.factor(e.Now()), nil
	}
	return e.consumeOTP(methodID, code)
}

// namedUser is the user a send request names by user_id or session.
type namedUser struct {
	userID  string
	session *target // nil when the request names no session
}

// parseNamed checks the session credentials of req, without the lock.
func (e *Emulator) parseNamed(req otpSendRequest) (namedUser, *apiError) {
	n := namedUser{userID: req.UserID}
	c := sessionCreds{token: req.SessionToken, jwt: req.SessionJWT}
	if c.present() {
		t, err := e.target(c)
		if err != nil {
			return n, err
		}
		n.session = &t
	}
	return n, nil
}

// resolveLocked returns the id of the user n names, or "" when it names
// none. The caller holds e.mu.
func (n namedUser) resolveLocked(e *Emulator) (string, *apiError) {
	id := n.userID
	if id != "" {
		if _, ok := e.users[id]; !ok {
			return "", errUserNotFound
		}
	}
	if n.session != nil {
		s, err := e.findLocked(*n.session)
		if err != nil {
			return "", err
		}
		if id != "" && s.s.UserID != id {
			return "", errOTPUserMismatch
		}
		id = s.s.UserID
	}
	return id, nil
}

// check fails unless n names no user or the user owner. The caller holds e.mu.
func (n namedUser) check(e *Emulator, owner string) *apiError {
	id, err := n.resolveLocked(e)
	if err != nil {
		return err
	}
	if id != "" && id != owner {
		return errOTPUserMismatch
	}
	return nil
}
