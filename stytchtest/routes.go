package stytchtest

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// route is one API endpoint.
type route struct {
	endpoint Endpoint
	method   string
	handle   func(*Emulator, http.ResponseWriter, *http.Request)
}

const jwksPrefix = "/v1/sessions/jwks/"

var routes = map[string]route{
	"/v1/sessions/authenticate":  {EndpointAuthenticate, http.MethodPost, (*Emulator).serveAuthenticate},
	"/v1/sessions/revoke":        {EndpointRevoke, http.MethodPost, (*Emulator).serveRevoke},
	"/v1/sessions":               {EndpointSessions, http.MethodGet, (*Emulator).serveSessions},
	"/v1/passwords":              {EndpointPasswords, http.MethodPost, (*Emulator).servePasswords},
	"/v1/passwords/authenticate": {EndpointPasswordsAuthenticate, http.MethodPost, (*Emulator).servePasswordsAuthenticate},
	"/v1/totps":                  {EndpointTOTPs, http.MethodPost, (*Emulator).serveTOTPs},
	"/v1/totps/authenticate":     {EndpointTOTPsAuthenticate, http.MethodPost, (*Emulator).serveTOTPsAuthenticate},
	"/v1/rbac/policy":            {EndpointRBACPolicy, http.MethodGet, (*Emulator).serveRBACPolicy},
	"/v1/users":                  {EndpointUsers, http.MethodPost, (*Emulator).serveCreateUser},
}

// advancePath is the test-control route of [WithTestControls].
const advancePath = "/_emulator/advance"

// findRoute returns the route serving path.
func (e *Emulator) findRoute(path string) (route, bool) {
	if e.controls && path == advancePath {
		return route{endpointAdvance, http.MethodPost, (*Emulator).serveAdvance}, true
	}
	if rest, ok := strings.CutPrefix(path, jwksPrefix); ok && rest != "" && !strings.Contains(rest, "/") {
		return route{EndpointJWKS, http.MethodGet, (*Emulator).serveJWKS}, true
	}
	if rest, ok := strings.CutPrefix(path, usersPrefix); ok && rest != "" && !strings.Contains(rest, "/") {
		return route{EndpointUser, methodsGetPut, (*Emulator).serveUser}, true
	}
	rt, ok := routes[path]
	return rt, ok
}

// authorized checks Basic project_id:secret in constant time.
func (e *Emulator) authorized(r *http.Request) bool {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return false
	}
	u1, u2 := sha256.Sum256([]byte(user)), sha256.Sum256([]byte(e.projectID))
	p1, p2 := sha256.Sum256([]byte(pass)), sha256.Sum256([]byte(e.secret))
	return subtle.ConstantTimeCompare(u1[:], u2[:])&subtle.ConstantTimeCompare(p1[:], p2[:]) == 1
}
