package stytchtest

import (
	"net/http"
	"strings"
)

// EndpointUsersDelete is DELETE /v1/users/{user_id}.
const EndpointUsersDelete Endpoint = "users/delete"

// usersPrefix starts the paths of the user object endpoints.
const usersPrefix = "/v1/users/"

// userDeleteRoute returns the route of DELETE /v1/users/{user_id} when path
// names a user.
func userDeleteRoute(path string) (route, bool) {
	id, ok := strings.CutPrefix(path, usersPrefix)
	if !ok || id == "" || strings.Contains(id, "/") {
		return route{}, false
	}
	return route{EndpointUsersDelete, http.MethodDelete, (*Emulator).serveUserDelete}, true
}

// userDeleteResponse is the answer of DELETE /v1/users/{user_id}.
type userDeleteResponse struct {
	ok
	UserID string `json:"user_id"`
}

func (e *Emulator) serveUserDelete(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, usersPrefix)
	e.mu.Lock()
	err := e.deleteUserLocked(id)
	e.mu.Unlock()
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, userDeleteResponse{ok: success(), UserID: id})
}

// DeleteUser deletes the user userID, as DELETE /v1/users/{user_id} does:
// its sessions are revoked, and its magic links, passcodes, phone numbers
// and TOTP registration are forgotten. It fails for an unknown user.
func (e *Emulator) DeleteUser(userID string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.deleteUserLocked(userID); err != nil {
		return err
	}
	return nil
}

// deleteUserLocked deletes the user id and everything that authenticates
// as it. The caller holds e.mu.
func (e *Emulator) deleteUserLocked(id string) *apiError {
	u, ok := e.users[id]
	if !ok {
		return errUserNotFound
	}
	delete(e.users, id)
	if u.email != "" {
		delete(e.emails, u.email)
	}
	for _, s := range e.sessions {
		if s.s.UserID == id && !s.sandbox {
			e.forgetLocked(s)
		}
	}
	for token, l := range e.links {
		if l.userID == id {
			delete(e.links, token)
		}
	}
	for _, p := range e.otp.userPhones[id] {
		delete(e.otp.phones, p.number)
	}
	delete(e.otp.userPhones, id)
	for method, c := range e.otp.codes {
		if c.userID == id {
			delete(e.otp.codes, method)
		}
	}
	return nil
}
