package stepup

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/sessiongate/sessiongate"
)

// errorBody is the JSON body of non-challenge errors.
type errorBody struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description,omitempty"`
}

// WriteError is the default [ErrorHandler]. It maps err by its sentinel and
// never writes err's text:
//
//   - [sessiongate.ErrNoSession]: 401, WWW-Authenticate: Bearer (no error code);
//   - [sessiongate.ErrSessionNotFound], [sessiongate.ErrInvalidToken],
//     [sessiongate.ErrExpired], [sessiongate.ErrTooOld], [sessiongate.ErrUnknownKey]:
//     401 Bearer error="invalid_token";
//   - [sessiongate.ErrMalformedRequest]: 400 invalid_request;
//   - [sessiongate.ErrUnavailable]: 503 with Retry-After (from
//     [sessiongate.RetryAfter], rounded up, at least 1 second);
//   - a [*RequiredError]: the API challenge of [WriteChallenge];
//   - anything else, including [sessiongate.ErrMisconfigured]: 500 server_error.
//
// Every answer carries Cache-Control: no-store and Vary: Cookie.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var req *RequiredError
	switch {
	case errors.As(err, &req):
		WriteChallenge(w, req)
	case errors.Is(err, sessiongate.ErrUnavailable):
		w.Header().Set("Retry-After", retryAfterSeconds(sessiongate.RetryAfter(err)))
		writeJSON(w, http.StatusServiceUnavailable, errorBody{"temporarily_unavailable", "the session service is unavailable, retry later"})
	case errors.Is(err, sessiongate.ErrNoSession):
		w.Header().Set("WWW-Authenticate", "Bearer")
		writeJSON(w, http.StatusUnauthorized, errorBody{"unauthorized", "a session is required"})
	case errors.Is(err, sessiongate.ErrSessionNotFound), errors.Is(err, sessiongate.ErrInvalidToken),
		errors.Is(err, sessiongate.ErrExpired), errors.Is(err, sessiongate.ErrTooOld),
		errors.Is(err, sessiongate.ErrUnknownKey):
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="the session is not valid"`)
		writeJSON(w, http.StatusUnauthorized, errorBody{"invalid_token", "the session is not valid"})
	case errors.Is(err, sessiongate.ErrMalformedRequest):
		writeJSON(w, http.StatusBadRequest, errorBody{"invalid_request", "malformed credentials"})
	default:
		writeJSON(w, http.StatusInternalServerError, errorBody{"server_error", ""})
	}
}

func retryAfterSeconds(d time.Duration) string {
	secs := int64(math.Ceil(d.Seconds()))
	if secs < 1 {
		secs = 1
	}
	return strconv.FormatInt(secs, 10)
}
