package stytchtest

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
)

// userUpdateRoute returns the route of PUT /v1/users/{user_id} when path
// is one: a single id segment after the prefix.
func userUpdateRoute(path string) (route, bool) {
	rest, ok := strings.CutPrefix(path, userGetPrefix)
	if !ok || rest == "" || strings.Contains(rest, "/") {
		return route{}, false
	}
	return route{EndpointUserUpdate, http.MethodPut, (*Emulator).serveUpdateUser}, true
}

// maxRoles caps the roles assigned to one user.
const maxRoles = 64

var errInvalidRoles = newError(400, "invalid_roles",
	"roles must be a list of at most 64 non-empty role ids.")

// SetUserRoles replaces the roles assigned to the user userID, as
// PUT /v1/users/{user_id} with roles does. The user keeps [DefaultRole]
// either way. Its live sessions carry the new roles from now on: in API
// answers and in every JWT minted afterwards. It fails for an unknown user
// and for more than 64 roles or an empty role id.
func (e *Emulator) SetUserRoles(userID string, roles []string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.setRolesLocked(userID, roles); err != nil {
		return err
	}
	return nil
}

// setRolesLocked assigns roles to the user and its live sessions. The
// caller holds e.mu.
func (e *Emulator) setRolesLocked(userID string, roles []string) *apiError {
	u, ok := e.users[userID]
	if !ok {
		return errUserNotFound
	}
	if len(roles) > maxRoles || slices.Contains(roles, "") {
		return errInvalidRoles
	}
	u.roles = slices.Clone(roles)
	all := e.userRolesLocked(userID)
	for _, s := range e.sessions {
		if s.s.UserID == userID {
			s.s.Roles = slices.Clone(all)
		}
	}
	return nil
}

// userRolesLocked is the user's roles as Stytch lists them: [DefaultRole],
// then the assigned ones, without repeats. The caller holds e.mu.
func (e *Emulator) userRolesLocked(userID string) []string {
	out := []string{DefaultRole}
	if u, ok := e.users[userID]; ok {
		for _, r := range u.roles {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// methodAllowed reports whether method is in allow, a route's method or
// an Allow-style list such as "GET, PUT".
func methodAllowed(allow, method string) bool {
	for m := range strings.SplitSeq(allow, ", ") {
		if m == method {
			return true
		}
	}
	return false
}

// createUserRequest is the part of POST /v1/users the emulator applies.
type createUserRequest struct {
	Email string   `json:"email"`
	Roles []string `json:"roles"`
}

// createUserResponse is the answer of POST /v1/users.
type createUserResponse struct {
	ok
	UserID  string   `json:"user_id"`
	EmailID string   `json:"email_id"`
	Status  string   `json:"status"`
	PhoneID string   `json:"phone_id"`
	User    userJSON `json:"user"`
}

var errEmailRequired = newError(400, "invalid_email", "The emulator creates users with an email address.")

// serveCreateUser creates a user without a password (it signs in with
// factors added later).
func (e *Emulator) serveCreateUser(w http.ResponseWriter, r *http.Request) {
	var req createUserRequest
	if err := decodeBody(r, &req); err != nil {
		writeError(w, err)
		return
	}
	if req.Email == "" {
		writeError(w, errEmailRequired)
		return
	}
	e.mu.Lock()
	u, err := e.createUserLocked(req.Email, unusablePassword())
	if err == nil {
		u.passwordID = ""
		if err = e.setRolesLocked(u.id, req.Roles); err != nil {
			_ = e.deleteUserLocked(u.id)
		}
	}
	if err != nil {
		e.mu.Unlock()
		writeError(w, err)
		return
	}
	out := createUserResponse{ok: success(), UserID: u.id, EmailID: u.emailID, Status: "active", User: e.userJSONLocked(u.id)}
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

// unusablePassword is a random password nobody knows, for users created
// without one.
func unusablePassword() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// updateUserRequest is the part of PUT /v1/users/{user_id} the emulator
// applies: roles, when present, replace the assigned roles.
type updateUserRequest struct {
	Roles *[]string `json:"roles"`
}

// updateUserResponse is the answer of PUT /v1/users/{user_id}.
type updateUserResponse struct {
	ok
	UserID        string      `json:"user_id"`
	Emails        []emailJSON `json:"emails"`
	PhoneNumbers  []phoneJSON `json:"phone_numbers"`
	CryptoWallets []struct{}  `json:"crypto_wallets"`
	User          userJSON    `json:"user"`
}

// serveUpdateUser serves PUT /v1/users/{user_id}: roles, when present,
// replace the assigned roles.
func (e *Emulator) serveUpdateUser(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, userGetPrefix)
	var req updateUserRequest
	if err := decodeBody(r, &req); err != nil {
		writeError(w, err)
		return
	}
	e.mu.Lock()
	_, ok := e.users[id]
	var err *apiError
	switch {
	case !ok:
		err = errUserNotFound
	case req.Roles != nil:
		err = e.setRolesLocked(id, *req.Roles)
	}
	u := e.userJSONLocked(id)
	e.mu.Unlock()
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, updateUserResponse{
		ok: success(), UserID: id, Emails: u.Emails, PhoneNumbers: u.PhoneNumbers,
		CryptoWallets: u.CryptoWallets, User: u,
	})
}
