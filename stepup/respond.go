package stepup

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/sessiongate/sessiongate"
)

// defaultRetryAfter is sent with 503 when the upstream gave no Retry-After.
const defaultRetryAfter = 5 * time.Second

// errorBody is the JSON body of non-challenge errors.
type errorBody struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
}

// problem is how one error class is answered.
type problem struct {
	status    int
	code      string
	desc      string
	challenge string // WWW-Authenticate, when any
}

// classify maps err to the same answers as the session middleware's
// defaults (codes, texts, realm "app"), most specific first.
func classify(err error) problem {
	const realm = `Bearer realm="app"`
	invalid := realm + `, error="invalid_token"`
	switch {
	case errors.Is(err, sessiongate.ErrUnavailable):
		return problem{http.StatusServiceUnavailable, "temporarily_unavailable", "the session service is unavailable; retry later", ""}
	case errors.Is(err, sessiongate.ErrMisconfigured):
		return problem{http.StatusInternalServerError, "server_error", "the server cannot verify sessions", ""}
	case errors.Is(err, sessiongate.ErrMalformedRequest):
		return problem{http.StatusBadRequest, "invalid_request", "the request's session credentials are malformed or ambiguous", realm + `, error="invalid_request"`}
	case errors.Is(err, sessiongate.ErrNoSession):
		return problem{http.StatusUnauthorized, "login_required", "a session is required", realm}
	case errors.Is(err, sessiongate.ErrSessionNotFound):
		return problem{http.StatusUnauthorized, "invalid_token", "the session has ended", invalid}
	case errors.Is(err, sessiongate.ErrExpired):
		return problem{http.StatusUnauthorized, "invalid_token", "the session credential has expired", invalid}
	case errors.Is(err, sessiongate.ErrTooOld):
		return problem{http.StatusUnauthorized, "invalid_token", "the session must be confirmed again", invalid}
	case errors.Is(err, sessiongate.ErrUnknownKey), errors.Is(err, sessiongate.ErrInvalidToken):
		return problem{http.StatusUnauthorized, "invalid_token", "the session credential is invalid", invalid}
	}
	return problem{http.StatusInternalServerError, "server_error", "internal error", ""}
}

// WriteError is the default [ErrorHandler]. It answers like the session
// middleware's defaults, mapping err by its sentinel and never writing
// err's text:
//
//   - [sessiongate.ErrNoSession]: 401, WWW-Authenticate: Bearer realm="app" (no error code), login_required;
//   - [sessiongate.ErrSessionNotFound], [sessiongate.ErrInvalidToken],
//     [sessiongate.ErrExpired], [sessiongate.ErrTooOld], [sessiongate.ErrUnknownKey]:
//     401, Bearer realm="app", error="invalid_token";
//   - [sessiongate.ErrMalformedRequest]: 400 invalid_request;
//   - [sessiongate.ErrUnavailable]: 503 with Retry-After (from
//     [sessiongate.RetryAfter] rounded up, else 5 seconds);
//   - a [*RequiredError]: the challenge of [WriteChallenge];
//   - anything else, including [sessiongate.ErrMisconfigured]: 500 server_error.
//
// Every answer carries Cache-Control: no-store and Vary: Cookie. To share a
// customised middleware's answers exactly (realm, Retry-After), pass its
// WriteError method to [WithErrorHandler].
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var req *RequiredError
	if errors.As(err, &req) {
		WriteChallenge(w, req)
		return
	}
	p := classify(err)
	if p.challenge != "" {
		w.Header().Set("WWW-Authenticate", p.challenge)
	}
	if p.status == http.StatusServiceUnavailable {
		d := sessiongate.RetryAfter(err)
		if d <= 0 {
			d = defaultRetryAfter
		}
		w.Header().Set("Retry-After", strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10))
	}
	writeJSON(w, p.status, errorBody{p.code, p.desc})
}
