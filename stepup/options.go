package stepup

import (
	"net/http"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/httpcontract"
	"github.com/sessiongate/sessiongate/internal/optcheck"
)

// Option configures a [Policy]. Requirement options (AnyOf, AllOf, Within,
// DeliveredBy, NotDeliveredBy, Distinct, ConfirmedWithin) say what a session
// must show; With… options say how the middleware answers. Options that are
// wrong record an error that [New] returns; they never panic.
type Option func(*options)

// DefaultLeeway is how far in the future a factor timestamp or confirmation
// time may lie (clock skew between this server and Stytch) and still count.
const DefaultLeeway = 5 * time.Second

// maxLeeway bounds WithLeeway: more would let a forged-looking clock pass.
const maxLeeway = 5 * time.Minute

type options struct {
	slots          [][]sessiongate.FactorType
	maxAge         time.Duration
	deliveredBy    []sessiongate.DeliveryMethod
	notDeliveredBy []sessiongate.DeliveryMethod
	distinct       int
	confirm        time.Duration
	leeway         time.Duration
	now            func() time.Time
	stepUpURL      string
	returnPath     string
	challenge      func(w http.ResponseWriter, r *http.Request, err *RequiredError)
	onError        func(w http.ResponseWriter, r *http.Request, err error)
	name           string
	observer       func(Event)
	optcheck.Record
}

// Options bundles several options into one, so that settings shared by many
// policies (step-up page, clock, handlers) are written once:
//
//	common := stepup.Options(stepup.WithStepUpURL("/stepup"), stepup.WithClock(clock))
//	p, err := stepup.New(common, stepup.AnyOf(sessiongate.FactorTOTP), stepup.Within(5*time.Minute))
func Options(opts ...Option) Option {
	return func(o *options) { optcheck.Apply(o, &o.Record, opts) }
}

// WithClock sets the clock the middleware evaluates against. Default: time.Now.
func WithClock(now func() time.Time) Option {
	return func(o *options) {
		if o.Once("WithClock") {
			if now == nil {
				o.Fail("WithClock(nil)")
			}
			o.now = now
		}
	}
}

// WithLeeway sets how far in the future (relative to this server's clock) a
// factor's last_authenticated_at or a verification's ConfirmedAt may lie and
// still be trusted. It never extends a max age. Default [DefaultLeeway];
// allowed range 0 to 5 minutes.
func WithLeeway(d time.Duration) Option {
	return func(o *options) {
		if o.Once("WithLeeway") {
			if d < 0 || d > maxLeeway {
				o.Fail("WithLeeway(%v): must be between 0 and %v", d, maxLeeway)
			}
			o.leeway = d
		}
	}
}

// WithStepUpURL sets the page browsers are redirected to (303) when they
// must step up. It is a same-origin path such as "/stepup" or an absolute
// http(s) URL; the middleware appends return_to, factors and max_age to its
// query. Without it, browsers get the same 401 challenge as API clients.
func WithStepUpURL(u string) Option {
	return func(o *options) {
		if o.Once("WithStepUpURL") {
			if !validStepUpURL(u) {
				o.Fail("WithStepUpURL(%q): want a path starting with one \"/\" or an absolute http(s) URL", u)
			}
			o.stepUpURL = u
		}
	}
}

// WithReturnPath sets where the browser goes back to after stepping up when
// the challenged request was not a GET or HEAD (a POST form cannot be
// replayed by a redirect): a same-origin path such as "/transfer". Without
// it, the same-origin Referer's path is used, else "/".
func WithReturnPath(path string) Option {
	return func(o *options) {
		if o.Once("WithReturnPath") {
			if _, ok := httpcontract.ReturnPath(path); !ok {
				o.Fail("WithReturnPath(%q): want a same-origin path starting with one \"/\"", path)
			}
			o.returnPath = path
		}
	}
}

// WithChallengeHandler replaces the default answer to a request whose
// session does not meet the policy (RFC 9470 401 for API requests, 303 to
// the step-up page for browser navigations). h may call [WriteChallenge]
// or [Redirect] itself.
func WithChallengeHandler(h func(w http.ResponseWriter, r *http.Request, err *RequiredError)) Option {
	return func(o *options) {
		if o.Once("WithChallengeHandler") {
			if h == nil {
				o.Fail("WithChallengeHandler(nil)")
			}
			o.challenge = h
		}
	}
}

// WithErrorHandler replaces the default answer ([WriteError]) to a request
// that could not be evaluated: no session in the context
// ([sessiongate.ErrNoSession]), a session the server no longer knows
// ([sessiongate.ErrSessionNotFound]), an outage ([sessiongate.ErrUnavailable])
// or a wiring mistake ([sessiongate.ErrMisconfigured]). err is never for
// the client's eyes.
func WithErrorHandler(h func(w http.ResponseWriter, r *http.Request, err error)) Option {
	return func(o *options) {
		if o.Once("WithErrorHandler") {
			if h == nil {
				o.Fail("WithErrorHandler(nil)")
			}
			o.onError = h
		}
	}
}

// WithName names the policy in the [Event]s its observer receives, for
// example "transfer" (letters, digits, '-', '_' and '.', at most 64).
func WithName(name string) Option {
	return func(o *options) { o.Name(name, &o.name) }
}

// WithObserver has obs called with one [Event] per check made by
// [Policy.Require]: passes, challenges and failures, for metrics and audit
// logs. obs runs synchronously on the request path, before the response is
// written: keep it fast and safe for concurrent use. A type with an
// Observe(Event) method passes its method value.
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
