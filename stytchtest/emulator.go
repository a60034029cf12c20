package stytchtest

import (
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sessiongate/sessiongate"
)

// Emulator is an in-memory Stytch consumer sessions API. It is an
// [http.Handler] serving the /v1/... paths at its root; see the package doc.
// Create it with [New] or, in tests, [NewServer]. Safe for concurrent use.
type Emulator struct {
	projectID string
	secret    string
	issuer    string
	now       func() time.Time
	controls  bool

	// offset is what Advance added to the base clock, in nanoseconds. It
	// is atomic, not under mu: every verification in an application
	// sharing the emulator's clock reads it, and a lock there is contended
	// under load.
	offset atomic.Int64

	mu        sync.Mutex
	rotations int
	current   *signingKey
	listed    []*signingKey
	users     map[string]*user
	emails    map[string]string // email address → user id
	sessions  map[string]*session
	tokens    map[string]string // session token → session id
	faults    map[Endpoint]*Fault
	counts    map[Endpoint]int
	ctl       controlState
	links     map[string]*magicLink // magic link token → link
	otp       otpState
	policy    *rbacPolicy // replaced whole, never modified
}

// New returns an emulator configured by opts. It fails when the project id or
// secret is empty or the signing key is unusable.
func New(opts ...Option) (*Emulator, error) {
	o := options{projectID: DefaultProjectID, secret: DefaultSecret, now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	if o.projectID == "" || o.secret == "" {
		return nil, errors.New("stytchtest: project id and secret must not be empty")
	}
	if o.now == nil {
		return nil, errors.New("stytchtest: nil clock")
	}
	if o.issuer == "" {
		o.issuer = "stytch.com/" + o.projectID
	}
	if o.key == nil {
		k, err := keyForRotation(0)
		if err != nil {
			return nil, err
		}
		o.key = k
	}
	key, err := newSigningKey(o.key)
	if err != nil {
		return nil, err
	}
	policy, err := policyOption(o.policy)
	if err != nil {
		return nil, err
	}
	e := &Emulator{
		projectID: o.projectID, secret: o.secret, issuer: o.issuer, now: o.now, controls: o.controls,
		current: key, listed: []*signingKey{key},
		users: map[string]*user{}, emails: map[string]string{},
		sessions: map[string]*session{}, tokens: map[string]string{},
		faults: map[Endpoint]*Fault{}, counts: map[Endpoint]int{},
		ctl: controlState{initial: key, initialPolicy: policy}, links: map[string]*magicLink{},
		policy: policy,
	}
	e.addSandboxSession()
	return e, nil
}

// ProjectID returns the project id.
func (e *Emulator) ProjectID() string { return e.projectID }

// Secret returns the API secret.
func (e *Emulator) Secret() string { return e.secret }

// Issuer returns the iss claim of the JWTs the emulator mints.
func (e *Emulator) Issuer() string { return e.issuer }

// Now returns the emulator's time: the base clock plus every [Emulator.Advance].
// It takes no lock.
func (e *Emulator) Now() time.Time {
	return e.now().Add(time.Duration(e.offset.Load())).UTC().Truncate(time.Microsecond)
}

// Advance moves the emulator's clock forward by d (backward when d < 0).
func (e *Emulator) Advance(d time.Duration) {
	e.offset.Add(int64(d))
}

// ServeHTTP serves the emulated API.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if e.serveControl(w, r) {
		return
	}
	rt, ok := e.findRoute(r.URL.Path, r.Method)
	if !ok {
		writeError(w, errRouteNotFound)
		return
	}
	e.count(rt.endpoint)
	// Reading the body first lets the server notice a client that goes away
	// while a fault's latency runs.
	bodyErr := bufferBody(r)
	if f, ok := e.takeFault(rt.endpoint); ok && applyFault(w, r, f) {
		return
	}
	if bodyErr != nil {
		writeError(w, bodyErr)
		return
	}
	if !methodAllowed(rt.method, r.Method) {
		w.Header().Set("Allow", rt.method)
		writeError(w, errMethodNotAllowed)
		return
	}
	if rt.endpoint != EndpointJWKS && !e.authorized(r) {
		writeError(w, errUnauthorized)
		return
	}
	rt.handle(e, w, r)
}

// liveLocked returns the live session with the given id, or a
// session_not_found error. It forgets sessions that have expired and keeps
// the sandbox session alive. The caller holds e.mu.
func (e *Emulator) liveLocked(id string) (*session, *apiError) {
	s, ok := e.sessions[id]
	if !ok {
		return nil, errSessionNotFound
	}
	now := e.Now()
	if s.sandbox && !now.Before(s.s.ExpiresAt) {
		s.s.ExpiresAt = now.Add(time.Hour)
	}
	if !now.Before(s.s.ExpiresAt) {
		e.forgetLocked(s)
		return nil, errSessionNotFound
	}
	return s, nil
}

func (e *Emulator) forgetLocked(s *session) {
	delete(e.sessions, s.s.SessionID)
	delete(e.tokens, s.token)
}

// session is a stored session and its opaque token.
type session struct {
	s       sessiongate.Session
	token   string
	sandbox bool
}
