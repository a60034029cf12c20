package verifier

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/sessiongate/sessiongate"
)

// Paths of the RBAC policy endpoint and of the authenticate endpoint the
// remote verifier's base URL is read back from.
const (
	policyPath       = "/v1/rbac/policy"
	authenticatePath = "/v1/sessions/authenticate"
)

// policyResponse is the part of a GET /v1/rbac/policy answer we use.
type policyResponse struct {
	StatusCode int             `json:"status_code"`
	Policy     json.RawMessage `json:"policy"`
}

// FetchPolicy fetches the project's RBAC policy, as [Remote.FetchPolicy] does.
// It is the Fetcher the rbac package's policy cache expects.
func (v *Verifier) FetchPolicy(ctx context.Context) ([]byte, error) {
	return v.remote.FetchPolicy(ctx)
}

// FetchPolicy fetches the project's RBAC policy from Stytch (GET
// /v1/rbac/policy with the project's Basic credentials) and returns the raw
// JSON of the answer's policy object, for rbac.ParsePolicy; the policy's
// own shape is not checked here. It makes one attempt within the per-call
// timeout ([WithTimeout]) and does not retry: its caller, a policy cache,
// keeps the last good policy and tries again later.
//
// Errors: network errors, timeouts, 5xx, 429 (with Retry-After) and answers
// without a policy object are an [*sessiongate.UnavailableError]; 401 and
// any other status wrap ErrMisconfigured (wrong credentials, or RBAC not
// available to the project).
func (r *Remote) FetchPolicy(ctx context.Context) ([]byte, error) {
	raw, err := r.attemptPolicy(ctx)
	if err != nil {
		return nil, err
	}
	var resp policyResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		return nil, unavailable(0, "verifier: malformed RBAC policy answer: %v", err)
	}
	if resp.StatusCode != http.StatusOK || len(resp.Policy) == 0 || string(resp.Policy) == "null" {
		return nil, unavailable(0, "verifier: RBAC policy answer has no policy")
	}
	return resp.Policy, nil
}

// attemptPolicy makes the one GET of FetchPolicy. A refusal that is not an
// outage (any 4xx but 429, however the session endpoints would read it) is
// a misconfiguration: the policy endpoint says nothing about a session.
func (r *Remote) attemptPolicy(ctx context.Context) ([]byte, error) {
	raw, err, _ := r.attempt(ctx, http.MethodGet, strings.TrimSuffix(r.authURL, authenticatePath)+policyPath, nil)
	r.count(ctx, err)
	if err != nil && !errors.Is(err, sessiongate.ErrUnavailable) {
		return nil, misconfigured("the RBAC policy endpoint refused the request: %v", err)
	}
	return raw, err
}
