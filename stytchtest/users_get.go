package stytchtest

import (
	"net/http"
	"strings"
)

// EndpointUserGet is GET /v1/users/{user_id}, for [Emulator.InjectFault].
const EndpointUserGet Endpoint = "users/get"

// userGetPrefix is the path prefix of GET /v1/users/{user_id}.
const userGetPrefix = "/v1/users/"

// userGetRoute returns the route of GET /v1/users/{user_id} when path is
// one: a single id segment after the prefix.
func userGetRoute(path string) (route, bool) {
	rest, ok := strings.CutPrefix(path, userGetPrefix)
	if !ok || rest == "" || strings.Contains(rest, "/") {
		return route{}, false
	}
	return route{EndpointUserGet, http.MethodGet, (*Emulator).serveUserGet}, true
}

// userGetResponse is Stytch's answer to GET /v1/users/{user_id}: the user
// object's fields at the top level, next to request_id and status_code.
type userGetResponse struct {
	ok
	userJSON
}

// serveUserGet answers the user, or 404 user_not_found for an id the
// emulator does not store (the sandbox user included, as for GET
// /v1/sessions).
func (e *Emulator) serveUserGet(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, userGetPrefix)
	e.mu.Lock()
	_, known := e.users[id]
	var u userJSON
	if known {
		u = e.userJSONLocked(id)
	}
	e.mu.Unlock()
	if !known {
		writeError(w, errUserNotFound)
		return
	}
	writeJSON(w, http.StatusOK, userGetResponse{ok: success(), userJSON: u})
}
