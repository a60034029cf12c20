package stytchtest

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// controlRoute is one method of one test-control path of [WithTestControls].
type controlRoute struct {
	method string
	handle func(*Emulator, http.ResponseWriter, *http.Request)
}

// controlRoutes are the test-control paths of [WithTestControls].
var controlRoutes = map[string][]controlRoute{
	"/_emulator/advance": {{http.MethodPost, (*Emulator).serveAdvance}},
	"/_emulator/faults": {
		{http.MethodPost, (*Emulator).serveInjectFault},
		{http.MethodDelete, (*Emulator).serveClearFaults},
	},
	"/_emulator/keys/rotate": {{http.MethodPost, (*Emulator).serveRotateKey}},
	"/_emulator/keys/remove": {{http.MethodPost, (*Emulator).serveRemoveKey}},
	"/_emulator/jwks/extra":  {{http.MethodPost, (*Emulator).serveExtraKey}},
	"/_emulator/outbox":      {{http.MethodGet, (*Emulator).serveOutbox}},
	"/_emulator/requests":    {{http.MethodGet, (*Emulator).serveRequests}},
	"/_emulator/reset":       {{http.MethodPost, (*Emulator).serveReset}},
}

// controlState is the emulator state only the test controls change. The
// emulator's mu guards it.
type controlState struct {
	// initial is the first signing key, which reset restores.
	initial *signingKey
	// initialPolicy is the RBAC policy New set, which reset restores.
	initialPolicy *rbacPolicy
	// extra are the JWKS entries of POST /_emulator/jwks/extra, after the
	// signing keys; they never sign anything.
	extra []extraKey
	// outbox holds the messages "sent", oldest first.
	outbox []Message
}

// serveControl serves r when it is a test control and the controls are on,
// and reports whether it did. Controls are not counted by [Emulator.Requests]
// and faults never apply to them.
func (e *Emulator) serveControl(w http.ResponseWriter, r *http.Request) bool {
	if !e.controls {
		return false
	}
	rts, ok := controlRoutes[r.URL.Path]
	if !ok {
		return false
	}
	if err := bufferBody(r); err != nil {
		writeError(w, err)
		return true
	}
	i := slices.IndexFunc(rts, func(rt controlRoute) bool { return rt.method == r.Method })
	if i < 0 {
		allowed := make([]string, len(rts))
		for j, rt := range rts {
			allowed[j] = rt.method
		}
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		writeError(w, errMethodNotAllowed)
		return true
	}
	if !e.controlAuthorized(r) {
		writeError(w, errUnauthorized)
		return true
	}
	rts[i].handle(e, w, r)
	return true
}

// controlAuthorized lets a request without credentials through, so scripts
// need no secret, and refuses one with wrong credentials, so a misconfigured
// client notices.
func (e *Emulator) controlAuthorized(r *http.Request) bool {
	return r.Header.Get("Authorization") == "" || e.authorized(r)
}

// apiEndpoints returns the endpoints of every served API route, sorted.
func apiEndpoints() []Endpoint {
	eps := []Endpoint{EndpointJWKS, EndpointUserGet, EndpointUserUpdate, EndpointUsersDelete}
	for _, rt := range routes {
		eps = append(eps, rt.endpoint)
	}
	slices.Sort(eps)
	return slices.Compact(eps)
}

// knownEndpoint reports whether ep names a served API route.
func knownEndpoint(ep Endpoint) bool {
	_, found := slices.BinarySearch(apiEndpoints(), ep)
	return found
}

// requestsResponse is the answer of GET /_emulator/requests.
type requestsResponse struct {
	ok
	Requests map[Endpoint]int `json:"requests"`
}

func (e *Emulator) serveRequests(w http.ResponseWriter, _ *http.Request) {
	eps := apiEndpoints()
	counts := make(map[Endpoint]int, len(eps))
	e.mu.Lock()
	for _, ep := range eps {
		counts[ep] = e.counts[ep]
	}
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, requestsResponse{ok: success(), Requests: counts})
}

// resetResponse is the answer of POST /_emulator/reset.
type resetResponse struct {
	ok
	Now time.Time `json:"now"`
}

func (e *Emulator) serveReset(w http.ResponseWriter, _ *http.Request) {
	e.mu.Lock()
	e.resetLocked()
	now := e.Now()
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, resetResponse{ok: success(), Now: now})
}

// resetLocked forgets every user, session, fault, request count, message and
// extra key, moves the clock back to the base clock and the JWKS back to the
// first signing key. The configuration stays. The caller holds e.mu.
func (e *Emulator) resetLocked() {
	e.offset.Store(0)
	e.rotations = 0
	e.current, e.listed = e.ctl.initial, []*signingKey{e.ctl.initial}
	e.users, e.emails = map[string]*user{}, map[string]string{}
	e.sessions, e.tokens = map[string]*session{}, map[string]string{}
	e.faults, e.counts = map[Endpoint]*Fault{}, map[Endpoint]int{}
	e.ctl.extra, e.ctl.outbox = nil, nil
	e.links = map[string]*magicLink{}
	e.otp = otpState{}
	e.policy = e.ctl.initialPolicy
	e.addSandboxSession()
}
