package verifier

import (
	"context"
	"encoding/json"

	"github.com/sessiongate/sessiongate"
)

// Verdict is Stytch's answer to an RBAC authorization check that passed.
type Verdict struct {
	// GrantingRoles are the session's roles that grant the permission.
	GrantingRoles []string
	// Verification is the session as Stytch confirmed it (Source remote),
	// with the fresh JWT to hand back to the client.
	Verification *sessiongate.Verification
}

// Authorize asks Stytch whether c's session is live and may take action on
// resource: sessions/authenticate with authorization_check, so the answer
// reflects revocations and role changes at once. Concurrent checks of the
// same (credential, resource, action) share one upstream call. The session's
// lifetime is not changed.
//
// It returns an error wrapping ErrPermissionDenied when Stytch refuses the
// permission (403 session_authorization_error), and otherwise the errors of
// [Remote.Verify]. An empty resource or action is a misconfiguration. A 200
// answer without a positive verdict is treated as Stytch misbehaving
// (unavailable), never as a grant.
func (r *Remote) Authorize(ctx context.Context, c sessiongate.Credentials, resource, action string) (*Verdict, error) {
	switch {
	case c.Empty():
		return nil, sessiongate.ErrNoSession
	case resource == "" || action == "":
		return nil, misconfigured("empty resource or action in an authorization check")
	}
	if err := checkCredential(c); err != nil {
		return nil, err
	}
	key := "authz\x00" + credentialKey(c) + "\x00" + resource + "\x00" + action
	v, err := coalesced(ctx, r, key, func(fctx context.Context) (*authorizeResult, error) {
		return r.authorizeOnce(fctx, c, resource, action)
	})
	if err != nil {
		return nil, err
	}
	return &Verdict{
		GrantingRoles: append([]string(nil), v.grantingRoles...),
		Verification:  v.res.verification(c, sessiongate.SourceRemote),
	}, nil
}

// Authorize asks Stytch about c's session and permission; see [Remote.Authorize].
func (v *Verifier) Authorize(ctx context.Context, c sessiongate.Credentials, resource, action string) (*Verdict, error) {
	return v.remote.Authorize(ctx, c, resource, action)
}

// authorizeResult is what one upstream authorization call established.
type authorizeResult struct {
	res           *remoteResult
	grantingRoles []string
}

// verdictResponse is the verdict member of an authenticate answer.
type verdictResponse struct {
	Verdict *struct {
		Authorized    bool     `json:"authorized"`
		GrantingRoles []string `json:"granting_roles"`
	} `json:"verdict"`
}

func (r *Remote) authorizeOnce(ctx context.Context, c sessiongate.Credentials, resource, action string) (*authorizeResult, error) {
	body := map[string]any{
		"authorization_check": map[string]string{"resource_id": resource, "action": action},
	}
	if c.Token != "" {
		body["session_token"] = c.Token
	} else {
		body["session_jwt"] = c.JWT
	}
	raw, err := r.post(ctx, r.authURL, body)
	if err != nil {
		return nil, err
	}
	res, err := r.decodeAuthenticate(raw, c)
	if err != nil {
		return nil, err
	}
	var vr verdictResponse
	if err := json.Unmarshal(raw, &vr); err != nil || vr.Verdict == nil || !vr.Verdict.Authorized {
		return nil, unavailable(0, "verifier: Stytch answer has no positive verdict")
	}
	if len(vr.Verdict.GrantingRoles) > maxGrantingRoles {
		return nil, unavailable(0, "verifier: Stytch answer too large")
	}
	return &authorizeResult{res: res, grantingRoles: vr.Verdict.GrantingRoles}, nil
}

// maxGrantingRoles caps the granting roles of a verdict, like the roles of
// a session.
const maxGrantingRoles = 256
