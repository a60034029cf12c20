package rbac

import (
	"encoding/json"
	"errors"
	"fmt"
)

// MaxPolicySize caps the JSON size of a policy [ParsePolicy] accepts (1 MiB,
// the verifier's cap on any Stytch answer).
const MaxPolicySize = 1 << 20

// Wildcard is the action that grants every action on a resource.
const Wildcard = "*"

// ErrInvalidPolicy is wrapped by every error [ParsePolicy] returns.
var ErrInvalidPolicy = errors.New("rbac: invalid policy")

// PolicyError reports why a policy was refused and where. It wraps
// [ErrInvalidPolicy].
type PolicyError struct {
	// Path locates the offending value, such as "roles[2].permissions[0].actions";
	// empty for the document as a whole.
	Path string
	// Reason says what is wrong with it.
	Reason string
}

// Error describes the problem.
func (e *PolicyError) Error() string {
	if e.Path == "" {
		return ErrInvalidPolicy.Error() + ": " + e.Reason
	}
	return ErrInvalidPolicy.Error() + ": " + e.Path + ": " + e.Reason
}

// Unwrap returns [ErrInvalidPolicy].
func (e *PolicyError) Unwrap() error { return ErrInvalidPolicy }

// Policy is a project's RBAC policy, indexed for checks. It is immutable
// and safe for concurrent use; the zero value grants nothing.
type Policy struct {
	// grants maps a resource, then a role, to the actions the role may take
	// on the resource: a check hashes the resource once, then each role.
	grants map[string]map[string]*actionSet
	// roles is every role id the policy defines.
	roles map[string]struct{}
}

// actionSet is the actions granted on one resource: all of them when the
// wildcard is listed.
type actionSet struct {
	all     bool
	actions map[string]struct{}
}

func (a *actionSet) allows(action string) bool {
	if a.all {
		return true
	}
	_, ok := a.actions[action]
	return ok
}

// HasRole reports whether the policy defines the role id.
func (p *Policy) HasRole(id string) bool {
	if p == nil {
		return false
	}
	_, ok := p.roles[id]
	return ok
}

// The JSON shape of GET /v1/rbac/policy's policy object.
type (
	policyJSON struct {
		Roles     []roleJSON     `json:"roles"`
		Resources []resourceJSON `json:"resources"`
		Scopes    []scopeJSON    `json:"scopes"`
	}
	roleJSON struct {
		RoleID      string           `json:"role_id"`
		Description string           `json:"description"`
		Permissions []permissionJSON `json:"permissions"`
	}
	permissionJSON struct {
		ResourceID string   `json:"resource_id"`
		Actions    []string `json:"actions"`
	}
	resourceJSON struct {
		ResourceID  string   `json:"resource_id"`
		Description string   `json:"description"`
		Actions     []string `json:"actions"`
	}
	scopeJSON struct {
		Scope       string           `json:"scope"`
		Description string           `json:"description"`
		Permissions []permissionJSON `json:"permissions"`
	}
)

// ParsePolicy parses the policy object of Stytch's GET /v1/rbac/policy
// answer ({"roles": [...], "resources": [...], "scopes": [...]}) and indexes
// it for checks. It validates the shape only: the document is at most
// [MaxPolicySize] bytes of one JSON object; roles is an array (resources and
// scopes may be absent); every role has a role_id, every resource a
// resource_id, every scope a scope name, and every permission a resource_id
// and an actions array of non-empty strings. Unknown fields are ignored, so
// that fields Stytch adds later do not break a running service.
//
// Resource ids starting with "stytch" are accepted: Stytch reserves them for
// its own resources, which do appear in a fetched policy. Role ids and
// resource ids are case-sensitive. A role or a (role, resource) permission
// listed twice grants the union of its actions, as the official SDKs' scan
// does. Scopes (for M2M and Connected Apps tokens) are validated but never
// grant anything to a user session.
//
// Every error wraps [ErrInvalidPolicy] and is a [*PolicyError].
func ParsePolicy(data []byte) (*Policy, error) {
	if len(data) > MaxPolicySize {
		return nil, &PolicyError{Reason: fmt.Sprintf("larger than %d bytes", MaxPolicySize)}
	}
	var doc policyJSON
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, &PolicyError{Reason: fmt.Sprintf("malformed JSON: %v", err)}
	}
	if err := doc.validate(); err != nil {
		return nil, err
	}
	return doc.index(), nil
}

func (d *policyJSON) validate() error {
	if d.Roles == nil {
		return &PolicyError{Path: "roles", Reason: "missing or not an array"}
	}
	for i, r := range d.Roles {
		path := fmt.Sprintf("roles[%d]", i)
		if r.RoleID == "" {
			return &PolicyError{Path: path + ".role_id", Reason: "missing or empty"}
		}
		if err := validatePermissions(path, r.Permissions); err != nil {
			return err
		}
	}
	for i, r := range d.Resources {
		path := fmt.Sprintf("resources[%d]", i)
		if r.ResourceID == "" {
			return &PolicyError{Path: path + ".resource_id", Reason: "missing or empty"}
		}
		if err := validateActions(path+".actions", r.Actions); err != nil {
			return err
		}
	}
	for i, s := range d.Scopes {
		path := fmt.Sprintf("scopes[%d]", i)
		if s.Scope == "" {
			return &PolicyError{Path: path + ".scope", Reason: "missing or empty"}
		}
		if err := validatePermissions(path, s.Permissions); err != nil {
			return err
		}
	}
	return nil
}

func validatePermissions(owner string, ps []permissionJSON) error {
	for i, p := range ps {
		path := fmt.Sprintf("%s.permissions[%d]", owner, i)
		if p.ResourceID == "" {
			return &PolicyError{Path: path + ".resource_id", Reason: "missing or empty"}
		}
		if err := validateActions(path+".actions", p.Actions); err != nil {
			return err
		}
	}
	return nil
}

func validateActions(path string, actions []string) error {
	if actions == nil {
		return &PolicyError{Path: path, Reason: "missing or not an array"}
	}
	for i, a := range actions {
		if a == "" {
			return &PolicyError{Path: fmt.Sprintf("%s[%d]", path, i), Reason: "empty action"}
		}
	}
	return nil
}

// index builds the lookup maps of a validated document.
func (d *policyJSON) index() *Policy {
	p := &Policy{grants: map[string]map[string]*actionSet{}, roles: make(map[string]struct{}, len(d.Roles))}
	for _, r := range d.Roles {
		p.roles[r.RoleID] = struct{}{}
		for _, perm := range r.Permissions {
			byRole := p.grants[perm.ResourceID]
			if byRole == nil {
				byRole = map[string]*actionSet{}
				p.grants[perm.ResourceID] = byRole
			}
			set := byRole[r.RoleID]
			if set == nil {
				set = &actionSet{actions: map[string]struct{}{}}
				byRole[r.RoleID] = set
			}
			for _, a := range perm.Actions {
				if a == Wildcard {
					set.all = true
				}
				set.actions[a] = struct{}{}
			}
		}
	}
	return p
}
