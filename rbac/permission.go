package rbac

import (
	"errors"
	"net/http"

	"github.com/sessiongate/sessiongate/internal/optcheck"
)

// ErrInvalidPermission is wrapped by every error [New] returns for a
// permission check that cannot be built: no cache, an empty resource or
// action, a bad name, a nil handler or observer, an option given twice.
var ErrInvalidPermission = errors.New("rbac: invalid permission check")

// Permission is one route's permission check: a resource and an action
// decided against a [Cache]'s policy, and how the middleware answers. Build
// it with [New]; it is immutable and safe for concurrent use.
type Permission struct {
	cache    *Cache
	resource string
	action   string
	options
}

// Option configures a [Permission]. Options that are wrong record an error
// that [New] returns; they never panic.
type Option func(*options)

type options struct {
	name     string
	observer func(Event)
	denied   func(w http.ResponseWriter, r *http.Request, err *DeniedError)
	noRemote bool
	optcheck.Record
}

// New returns the check that a session may take action on resource under
// c's policy. It validates everything here, so that the middleware never
// fails because of its configuration at request time.
func New(c *Cache, resource, action string, opts ...Option) (*Permission, error) {
	p := &Permission{cache: c, resource: resource, action: action}
	p.Record = optcheck.Record{Sentinel: ErrInvalidPermission}
	if c == nil {
		p.options.Fail("nil cache")
	}
	if resource == "" || action == "" {
		p.options.Fail("empty resource or action")
	}
	optcheck.Apply(&p.options, &p.Record, opts)
	if err := p.Err(); err != nil {
		return nil, err
	}
	p.Record = optcheck.Record{}
	return p, nil
}

// Resource returns the resource the check guards.
func (p *Permission) Resource() string { return p.resource }

// Action returns the action the check requires.
func (p *Permission) Action() string { return p.action }

// Name returns the name given with [WithName], or "".
func (p *Permission) Name() string { return p.name }

// String describes the check for audits: rbac(resource:action), with the
// name and ", local_only" when [WithoutRemoteConfirm] is set, for example
// "rbac(documents:write, name=documents-write)".
func (p *Permission) String() string {
	s := "rbac(" + p.resource + ":" + p.action
	if p.name != "" {
		s += ", name=" + p.name
	}
	if p.noRemote {
		s += ", local_only"
	}
	return s + ")"
}

// Options bundles several options into one, so that settings shared by
// many checks (observer, denied page) are written once:
//
//	common := rbac.Options(rbac.WithObserver(obs), rbac.WithDeniedHandler(page))
//	write, err := rbac.New(policies, "documents", "write", common, rbac.WithName("documents-write"))
func Options(opts ...Option) Option {
	return func(o *options) { optcheck.Apply(o, &o.Record, opts) }
}

// WithName names the check in the [Event]s its observer receives and in a
// [Table], for example "documents-write" (letters, digits, '-', '_' and '.',
// at most 64).
func WithName(name string) Option {
	return func(o *options) { o.Name(name, &o.name) }
}

// WithObserver has obs called with one [Event] per check made by
// [Permission.Require]: grants, denials and failures, for metrics and audit
// logs. obs runs synchronously on the request path, before the response is
// written: keep it fast and safe for concurrent use.
func WithObserver(obs func(Event)) Option {
	return func(o *options) {
		if o.Once("WithObserver") {
			if obs == nil {
				o.Fail("WithObserver(nil)")
			}
			o.observer = obs
		}
	}
}

// WithDeniedHandler replaces the default answer to a browser navigation
// whose session lacks the permission (a minimal 403 HTML page, see
// [WriteDeniedPage]). API requests always get the 403 insufficient_scope
// JSON answer of [WriteDenied]. h must answer with a 403 and should not
// be cached (Cache-Control: no-store).
func WithDeniedHandler(h func(w http.ResponseWriter, r *http.Request, err *DeniedError)) Option {
	return func(o *options) {
		if o.Once("WithDeniedHandler") {
			if h == nil {
				o.Fail("WithDeniedHandler(nil)")
			}
			o.denied = h
		}
	}
}

// WithoutRemoteConfirm turns off the confirmation with Stytch of a local
// denial: the check then trusts the roles of the session's JWT alone, so a
// role granted since the JWT was minted counts only after the session's
// next refresh. Use it also when the session middleware's Verifier cannot
// confirm permissions (its requests then answer a local denial with 500
// server_error, a wiring mistake).
func WithoutRemoteConfirm() Option {
	return func(o *options) {
		if o.Once("WithoutRemoteConfirm") {
			o.noRemote = true
		}
	}
}
