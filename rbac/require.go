package rbac

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/sessiongate/sessiongate"
)

// Check decides whether the session in ctx (put there by the session
// middleware) may take action on resource under the current policy. It
// returns nil when it may, an error wrapping [sessiongate.ErrPermissionDenied]
// when it may not, [sessiongate.ErrNoSession] when ctx carries no session,
// and the errors of [Cache.Policy] (wrapping [sessiongate.ErrUnavailable])
// when no policy is usable. An allowed check does not allocate.
func (c *Cache) Check(ctx context.Context, resource, action string) error {
	s, ok := sessiongate.FromContext(ctx)
	if !ok {
		return fmt.Errorf("rbac: %w", sessiongate.ErrNoSession)
	}
	p, err := c.Policy(ctx)
	if err != nil {
		return err
	}
	if !Allows(s, p, resource, action) {
		return fmt.Errorf("rbac: %w: %q on %q", sessiongate.ErrPermissionDenied, action, resource)
	}
	return nil
}

// RequirePermission returns middleware that lets a request through only
// when its session may take action on resource ([Cache.Check]). Install it
// after the session middleware, which puts the verified session in the
// request's context. A refusal is answered without calling next:
//
//   - permission denied: 403, WWW-Authenticate: Bearer error="insufficient_scope",
//     and {"error": "insufficient_scope", "error_description", "resource", "action"};
//   - no session in the context: 401 login_required;
//   - no usable policy: 503 temporarily_unavailable with Retry-After (fail closed).
//
// Every refusal carries Cache-Control: no-store and Vary: Cookie. It panics
// when resource or action is empty, and when the returned function is
// given a nil handler: both happen when the chain is built, never per request.
func (c *Cache) RequirePermission(resource, action string) func(http.Handler) http.Handler {
	if resource == "" || action == "" {
		panic("rbac: RequirePermission needs a resource and an action")
	}
	return func(next http.Handler) http.Handler {
		if next == nil {
			panic("rbac: RequirePermission: nil handler")
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := c.Check(r.Context(), resource, action); err != nil {
				writeRefusal(w, err, resource, action)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// writeRefusal answers a failed check by its sentinel, never writing err.
func writeRefusal(w http.ResponseWriter, err error, resource, action string) {
	switch {
	case errors.Is(err, sessiongate.ErrPermissionDenied):
		writeInsufficientScope(w, resource, action)
	case errors.Is(err, sessiongate.ErrNoSession):
		w.Header().Set("WWW-Authenticate", "Bearer")
		writeProblem(w, http.StatusUnauthorized, `{"error":"login_required","error_description":"a session is required"}`)
	case errors.Is(err, sessiongate.ErrUnavailable):
		w.Header().Set("Retry-After", retryAfterSeconds(err))
		writeProblem(w, http.StatusServiceUnavailable,
			`{"error":"temporarily_unavailable","error_description":"the permission policy is unavailable; retry later"}`)
	default:
		writeProblem(w, http.StatusInternalServerError, `{"error":"server_error","error_description":"internal error"}`)
	}
}

// writeInsufficientScope is the one place a permission denial is written
// (403 insufficient_scope, RFC 6750 §3.1), so that the shared HTTP contract
// can take it over.
func writeInsufficientScope(w http.ResponseWriter, resource, action string) {
	w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_scope"`)
	body := `{"error":"insufficient_scope","error_description":"the session lacks the permission",` +
		`"resource":` + quoteJSON(resource) + `,"action":` + quoteJSON(action) + `}`
	writeProblem(w, http.StatusForbidden, body)
}

func writeProblem(w http.ResponseWriter, status int, body string) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Add("Vary", "Cookie")
	w.WriteHeader(status)
	w.Write([]byte(body + "\n"))
}
