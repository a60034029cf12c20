package stepup

import (
	"errors"
	"net/http"

	"github.com/sessiongate/sessiongate/internal/httpcontract"
)

// WriteError is the default error handler ([WithErrorHandler]). It answers exactly like the
// session middleware's WriteError method, mapping err by
// its sentinel and never writing err's text:
//
//   - [sessiongate.ErrNoSession]: 401, WWW-Authenticate: Bearer realm="app" (no error code), login_required;
//   - [sessiongate.ErrSessionNotFound], [sessiongate.ErrInvalidToken],
//     [sessiongate.ErrExpired], [sessiongate.ErrTooOld], [sessiongate.ErrUnknownKey]:
//     401, Bearer realm="app", error="invalid_token";
//   - [sessiongate.ErrMalformedRequest]: 400 invalid_request;
//   - [sessiongate.ErrPermissionDenied]: 403, Bearer realm="app",
//     error="insufficient_scope";
//   - [sessiongate.ErrUnavailable]: 503 with Retry-After (from
//     [sessiongate.RetryAfter] rounded up, else 5 seconds);
//   - a [*RequiredError]: the challenge of [WriteChallenge]; another error
//     wrapping [sessiongate.ErrStepUpRequired]: 401, Bearer realm="app",
//     error="insufficient_user_authentication";
//   - anything else, including [sessiongate.ErrMisconfigured]: 500 server_error.
//
// When the session middleware verified the request (its Rechecker is in
// the request's context), its realm and default Retry-After replace "app"
// and 5 seconds. Every answer carries Cache-Control: no-store and Vary:
// Cookie; a HEAD request gets no body.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var req *RequiredError
	if errors.As(err, &req) {
		writeChallenge(w, r, req)
		return
	}
	httpcontract.AddVaryCookie(w.Header())
	httpcontract.Of(r).WriteError(w, r, err)
}
