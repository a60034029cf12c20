package rbac

import "github.com/sessiongate/sessiongate"

// Allows reports whether s may take action on resource under p: whether
// some role the session holds, defined in p, has a permission on exactly
// resource (case-sensitive) whose actions list action or "*". This is the
// check of Stytch's API and official SDKs. A nil session or policy, or an
// empty resource or action, is never allowed. It does not allocate.
func Allows(s *sessiongate.Session, p *Policy, resource, action string) bool {
	if s == nil || p == nil || resource == "" || action == "" {
		return false
	}
	byRole := p.grants[resource]
	if byRole == nil {
		return false
	}
	for _, role := range s.Roles {
		if set := byRole[role]; set != nil && set.allows(action) {
			return true
		}
	}
	return false
}

// Authorized is [Allows] that also names the roles that grant the
// permission, in the session's order and without repeats, as Stytch's
// verdict.granting_roles does. It allocates only when ok is true; use
// Allows on hot paths.
func Authorized(s *sessiongate.Session, p *Policy, resource, action string) (ok bool, grantingRoles []string) {
	if !Allows(s, p, resource, action) {
		return false, nil
	}
	byRole := p.grants[resource]
	for _, role := range s.Roles {
		set := byRole[role]
		if set == nil || !set.allows(action) || contains(grantingRoles, role) {
			continue
		}
		grantingRoles = append(grantingRoles, role)
	}
	return true, grantingRoles
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
