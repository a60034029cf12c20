package stytchtest

import (
	"io"
	"net/http"
	"strconv"
	"time"
)

// Endpoint names one API endpoint of the emulator, for [Emulator.InjectFault]
// and [Emulator.Requests].
type Endpoint string

// The emulated endpoints.
const (
	EndpointAuthenticate          Endpoint = "sessions/authenticate"  // POST /v1/sessions/authenticate
	EndpointRevoke                Endpoint = "sessions/revoke"        // POST /v1/sessions/revoke
	EndpointSessions              Endpoint = "sessions"               // GET /v1/sessions?user_id=
	EndpointJWKS                  Endpoint = "sessions/jwks"          // GET /v1/sessions/jwks/{project_id}
	EndpointPasswords             Endpoint = "passwords"              // POST /v1/passwords
	EndpointPasswordsAuthenticate Endpoint = "passwords/authenticate" // POST /v1/passwords/authenticate
	EndpointTOTPs                 Endpoint = "totps"                  // POST /v1/totps
	EndpointTOTPsAuthenticate     Endpoint = "totps/authenticate"     // POST /v1/totps/authenticate
	EndpointRBACPolicy            Endpoint = "rbac/policy"            // GET /v1/rbac/policy
	EndpointUsers                 Endpoint = "users"                  // POST /v1/users
	EndpointUserUpdate            Endpoint = "users/update"           // PUT /v1/users/{user_id}
)

// Fault describes how an endpoint misbehaves. The parts combine in this
// order: wait Latency (or until the request's context is done, which ends the
// request without an answer), then drop the connection, or answer a
// malformed body, or answer Body, or answer Status with Stytch's error
// envelope. A fault with only Latency delays the normal answer.
type Fault struct {
	// Status is the HTTP status of the answer, such as 429 or 503.
	Status int
	// ErrorType is the envelope's error_type; default derived from Status
	// (too_many_requests for 429, internal_server_error for 5xx, ...).
	ErrorType string
	// RetryAfter, when positive, is sent as a Retry-After header in seconds.
	RetryAfter time.Duration
	// Latency delays the answer; it ends early when the request's context is done.
	Latency time.Duration
	// MalformedBody answers a truncated JSON body, with Status (default 200).
	MalformedBody bool
	// Body, when not empty, is answered as is (as application/json), with
	// Status (default 200), instead of Stytch's error envelope.
	Body string
	// DropConnection closes the connection without an answer. When the
	// ResponseWriter cannot be hijacked (HTTP/2, httptest.ResponseRecorder)
	// the handler panics with http.ErrAbortHandler, which net/http servers
	// treat as an aborted response.
	DropConnection bool
	// Times is how many requests the fault affects; 0 means until
	// [Emulator.ClearFaults].
	Times int
}

// InjectFault makes the next requests to ep fail as f says, replacing any
// fault already set on ep. Requests are counted by [Emulator.Requests] either way.
func (e *Emulator) InjectFault(ep Endpoint, f Fault) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults[ep] = &f
}

// ClearFaults removes every injected fault.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	clear(e.faults)
}

// Requests returns how many requests ep has received, including failed ones.
func (e *Emulator) Requests(ep Endpoint) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.counts[ep]
}

func (e *Emulator) count(ep Endpoint) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.counts[ep]++
}

// takeFault returns the fault for ep and consumes one of its Times.
func (e *Emulator) takeFault(ep Endpoint) (Fault, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f, ok := e.faults[ep]
	if !ok {
		return Fault{}, false
	}
	if f.Times > 0 {
		f.Times--
		if f.Times == 0 {
			delete(e.faults, ep)
		}
	}
	return *f, true
}

// applyFault acts out f and reports whether the request is answered.
func applyFault(w http.ResponseWriter, r *http.Request, f Fault) bool {
	if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		defer t.Stop()
		select {
		case <-r.Context().Done():
			return true
		case <-t.C:
		}
	}
	if f.RetryAfter > 0 {
		secs := int((f.RetryAfter + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	switch {
	case f.DropConnection:
		dropConnection(w)
	case f.MalformedBody:
		writeRaw(w, f.Status, `{"request_id":"request-id-test-`)
	case f.Body != "":
		writeRaw(w, f.Status, f.Body)
	case f.Status != 0:
		writeError(w, newError(f.Status, faultErrorType(f), http.StatusText(f.Status)+"."))
	default:
		return false
	}
	return true
}

// writeRaw answers body as JSON with status (default 200).
func writeRaw(w http.ResponseWriter, status int, body string) {
	if status == 0 {
		status = http.StatusOK
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func faultErrorType(f Fault) string {
	switch {
	case f.ErrorType != "":
		return f.ErrorType
	case f.Status == http.StatusTooManyRequests:
		return "too_many_requests"
	case f.Status >= 500:
		return "internal_server_error"
	case f.Status == http.StatusNotFound:
		return "session_not_found"
	case f.Status == http.StatusUnauthorized:
		return "unauthorized_credentials"
	default:
		return "invalid_request"
	}
}

// dropConnection closes the client connection without an answer.
func dropConnection(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
		return
	}
	panic(http.ErrAbortHandler) // the server aborts the response without logging
}
