package verifier

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
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
	raw, err := r.get(ctx, strings.TrimSuffix(r.authURL, authenticatePath)+policyPath)
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

// get sends one GET with Basic auth within the per-call timeout and returns
// the body of a 200 answer.
func (r *Remote) get(ctx context.Context, url string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, misconfigured("build request: %v", err)
	}
	req.SetBasicAuth(r.projectID, r.secret)
	req.Header.Set("Accept", "application/json")
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, unavailable(0, "verifier: calling Stytch: %v", redactURLError(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseLen+1))
	switch {
	case err != nil:
		return nil, unavailable(0, "verifier: reading Stytch answer: %v", err)
	case len(raw) > maxResponseLen:
		return nil, unavailable(0, "verifier: Stytch answer too large")
	case resp.StatusCode == http.StatusOK:
		return raw, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return nil, classifyStatus(resp, raw, r.now())
	}
	var e apiError
	_ = json.Unmarshal(raw, &e)
	return nil, misconfigured("Stytch answered %d %s", resp.StatusCode, sanitizeType(e.ErrorType))
}
