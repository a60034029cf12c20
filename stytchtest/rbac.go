package stytchtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// DefaultRole is the role every consumer user holds. It is listed first in
// user.roles, session.roles and the JWT session claim's roles.
const DefaultRole = "stytch_user"

// rbacPolicy is the policy object of GET /v1/rbac/policy.
type rbacPolicy struct {
	Roles     []rbacRole     `json:"roles"`
	Resources []rbacResource `json:"resources"`
	Scopes    []rbacScope    `json:"scopes"`
}

type rbacRole struct {
	RoleID      string           `json:"role_id"`
	Description string           `json:"description"`
	Permissions []rbacPermission `json:"permissions"`
}

type rbacPermission struct {
	ResourceID string   `json:"resource_id"`
	Actions    []string `json:"actions"`
}

type rbacResource struct {
	ResourceID  string   `json:"resource_id"`
	Description string   `json:"description"`
	Actions     []string `json:"actions"`
}

type rbacScope struct {
	Scope       string           `json:"scope"`
	Description string           `json:"description"`
	Permissions []rbacPermission `json:"permissions"`
}

// defaultPolicy has only the default role, with no permissions.
func defaultPolicy() *rbacPolicy {
	return &rbacPolicy{
		Roles: []rbacRole{{
			RoleID: DefaultRole, Description: "Granted to every user.", Permissions: []rbacPermission{},
		}},
		Resources: []rbacResource{}, Scopes: []rbacScope{},
	}
}

// WithRBACPolicy sets the project's RBAC policy from the JSON of the policy
// object of GET /v1/rbac/policy; see [Emulator.SetRBACPolicy] for the rules.
// [New] fails when it is invalid. Default: the role stytch_user alone, with
// no permissions.
func WithRBACPolicy(policyJSON []byte) Option {
	return func(o *options) { o.policy = bytes.Clone(policyJSON) }
}

// SetRBACPolicy replaces the project's RBAC policy with the JSON of a policy
// object: {"roles": [{"role_id", "description", "permissions":
// [{"resource_id", "actions": [...]}]}], "resources": [{"resource_id",
// "description", "actions"}], "scopes": [{"scope", "description",
// "permissions"}]}. Unknown fields, empty or repeated ids, empty actions,
// a missing stytch_user role and resources whose id starts with "stytch"
// (reserved for Stytch's own) are refused.
func (e *Emulator) SetRBACPolicy(policyJSON []byte) error {
	p, err := parseRBACPolicy(policyJSON)
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.policy = p
	return nil
}

// policyOption returns the policy [WithRBACPolicy] set, or the default.
func policyOption(data []byte) (*rbacPolicy, error) {
	if data == nil {
		return defaultPolicy(), nil
	}
	return parseRBACPolicy(data)
}

func parseRBACPolicy(data []byte) (*rbacPolicy, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p rbacPolicy
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("stytchtest: RBAC policy: %v", err)
	}
	if dec.More() {
		return nil, errors.New("stytchtest: RBAC policy: data after the JSON object")
	}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("stytchtest: RBAC policy: %v", err)
	}
	p.normalize()
	return &p, nil
}

func (p *rbacPolicy) validate() error {
	if p.Roles == nil {
		return errors.New("roles missing")
	}
	roles := map[string]bool{}
	for _, r := range p.Roles {
		if r.RoleID == "" || roles[r.RoleID] {
			return fmt.Errorf("role id %q empty or repeated", r.RoleID)
		}
		roles[r.RoleID] = true
		if err := validateRBACPermissions(r.Permissions); err != nil {
			return fmt.Errorf("role %q: %v", r.RoleID, err)
		}
	}
	if !roles[DefaultRole] {
		return errors.New("the role " + DefaultRole + " is missing")
	}
	resources := map[string]bool{}
	for _, r := range p.Resources {
		switch {
		case r.ResourceID == "" || resources[r.ResourceID]:
			return fmt.Errorf("resource id %q empty or repeated", r.ResourceID)
		case strings.HasPrefix(r.ResourceID, "stytch"):
			return fmt.Errorf("resource id %q: ids starting with stytch are reserved", r.ResourceID)
		case !validActions(r.Actions):
			return fmt.Errorf("resource %q: actions missing or empty", r.ResourceID)
		}
		resources[r.ResourceID] = true
	}
	for _, s := range p.Scopes {
		if s.Scope == "" {
			return errors.New("empty scope")
		}
		if err := validateRBACPermissions(s.Permissions); err != nil {
			return fmt.Errorf("scope %q: %v", s.Scope, err)
		}
	}
	return nil
}

func validateRBACPermissions(ps []rbacPermission) error {
	for _, perm := range ps {
		if perm.ResourceID == "" || !validActions(perm.Actions) {
			return fmt.Errorf("permission on %q: resource_id or actions missing or empty", perm.ResourceID)
		}
	}
	return nil
}

func validActions(actions []string) bool {
	return actions != nil && !slices.Contains(actions, "")
}

// normalize gives absent lists their empty JSON form.
func (p *rbacPolicy) normalize() {
	if p.Resources == nil {
		p.Resources = []rbacResource{}
	}
	if p.Scopes == nil {
		p.Scopes = []rbacScope{}
	}
	for i := range p.Roles {
		if p.Roles[i].Permissions == nil {
			p.Roles[i].Permissions = []rbacPermission{}
		}
	}
	for i := range p.Scopes {
		if p.Scopes[i].Permissions == nil {
			p.Scopes[i].Permissions = []rbacPermission{}
		}
	}
}

// grantingRoles lists, in the order of roles, the roles defined in p that
// may take action on resource: a permission on exactly resource whose
// actions contain action or "*" (Stytch's check, by the SDKs' linear scan).
func (p *rbacPolicy) grantingRoles(roles []string, resource, action string) []string {
	var out []string
	for _, r := range roles {
		if slices.Contains(out, r) {
			continue
		}
		for _, pr := range p.Roles {
			if pr.RoleID == r && grants(pr.Permissions, resource, action) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

func grants(ps []rbacPermission, resource, action string) bool {
	for _, perm := range ps {
		if perm.ResourceID == resource && (slices.Contains(perm.Actions, action) || slices.Contains(perm.Actions, "*")) {
			return true
		}
	}
	return false
}

// authorizationCheck is the authorization_check of sessions/authenticate.
type authorizationCheck struct {
	ResourceID string `json:"resource_id"`
	Action     string `json:"action"`
}

// verdict is the answer to a passed authorization_check.
type verdict struct {
	Authorized    bool     `json:"authorized"`
	GrantingRoles []string `json:"granting_roles"`
}

var (
	errBadAuthorizationCheck = newError(400, "invalid_request_body",
		"authorization_check requires a resource_id and an action.")
	errSessionAuthorization = newError(403, "session_authorization_error",
		"The session does not have permission to perform the requested action.")
)

func (c *authorizationCheck) validate() *apiError {
	if c != nil && (c.ResourceID == "" || c.Action == "") {
		return errBadAuthorizationCheck
	}
	return nil
}

// authorizeLocked fails with 403 session_authorization_error unless c is
// nil or s's roles pass it. The caller holds e.mu.
func (e *Emulator) authorizeLocked(s *session, c *authorizationCheck) *apiError {
	if c == nil || len(e.policy.grantingRoles(s.s.Roles, c.ResourceID, c.Action)) > 0 {
		return nil
	}
	return errSessionAuthorization
}

// verdictFor is the verdict of a passed check c on roles; nil without c.
func (e *Emulator) verdictFor(roles []string, c *authorizationCheck) *verdict {
	if c == nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return &verdict{Authorized: true, GrantingRoles: e.policy.grantingRoles(roles, c.ResourceID, c.Action)}
}

// policyResponse is the answer of GET /v1/rbac/policy.
type policyResponse struct {
	ok
	Policy *rbacPolicy `json:"policy"`
}

func (e *Emulator) serveRBACPolicy(w http.ResponseWriter, _ *http.Request) {
	e.mu.Lock()
	p := e.policy // immutable once set
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, policyResponse{ok: success(), Policy: p})
}
