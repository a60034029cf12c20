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

	"/v1/magic_links/email/login_or_create": {EndpointMagicLinksLoginOrCreate, http.MethodPost, (*Emulator).serveMagicLinkLoginOrCreate},
	"/v1/magic_links/email/send":            {EndpointMagicLinksSend, http.MethodPost, (*Emulator).serveMagicLinkSend},
	"/v1/magic_links/authenticate":          {EndpointMagicLinksAuthenticate, http.MethodPost, (*Emulator).serveMagicLinkAuthenticate},

	"/v1/otps/sms/send":              {EndpointOTPsSMSSend, http.MethodPost, (*Emulator).serveOTPSMSSend},
	"/v1/otps/sms/login_or_create":   {EndpointOTPsSMSLoginOrCreate, http.MethodPost, (*Emulator).serveOTPSMSLoginOrCreate},
	"/v1/otps/email/send":            {EndpointOTPsEmailSend, http.MethodPost, (*Emulator).serveOTPEmailSend},
	"/v1/otps/email/login_or_create": {EndpointOTPsEmailLoginOrCreate, http.MethodPost, (*Emulator).serveOTPEmailLoginOrCreate},
	"/v1/otps/authenticate":          {EndpointOTPsAuthenticate, http.MethodPost, (*Emulator).serveOTPAuthenticate},
	"/v1/totps/recover":              {EndpointTOTPsRecover, http.MethodPost, (*Emulator).serveTOTPsRecover},
	"/v1/totps/recovery_codes":       {EndpointTOTPsRecoveryCodes, http.MethodPost, (*Emulator).serveTOTPsRecoveryCodes},

	"/v1/rbac/policy": {EndpointRBACPolicy, http.MethodGet, (*Emulator).serveRBACPolicy},
	"/v1/users":       {EndpointUsers, http.MethodPost, (*Emulator).serveCreateUser},
}

// findRoute returns the route serving method path. Only /v1/users/{user_id}
// has a route per method (GET, PUT, DELETE); elsewhere a wrong method finds
// the route and gets 405.
func (e *Emulator) findRoute(path, method string) (route, bool) {
	if rest, ok := strings.CutPrefix(path, jwksPrefix); ok && rest != "" && !strings.Contains(rest, "/") {
		return route{EndpointJWKS, http.MethodGet, (*Emulator).serveJWKS}, true
	}
	if rt, ok := routes[path]; ok {
		return rt, true
	}
	switch method {
	case http.MethodDelete:
		return userDeleteRoute(path) // DELETE /v1/users/{user_id} (users_delete.go)
	case http.MethodPut:
		return userUpdateRoute(path) // PUT /v1/users/{user_id} (users_http.go)
	}
	return userGetRoute(path) // GET /v1/users/{user_id} (users_get.go)
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
