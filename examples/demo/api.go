package main

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/sessiongate/sessiongate"
)

// apiError is the JSON error body of the demo's own API errors, in the same
// shape as sessiongate's.
type apiError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// sessionInfo is the body of GET /api/session: what a client needs to know
// about its session, not the whole Stytch object (which may carry client
// attributes and custom claims).
type sessionInfo struct {
	UserID       string           `json:"user_id"`
	SessionID    string           `json:"session_id"`
	StartedAt    time.Time        `json:"started_at"`
	ExpiresAt    time.Time        `json:"expires_at"`
	Factors      []factorInfo     `json:"authentication_factors"`
	Verification verificationInfo `json:"verification"`
}

// factorInfo is one authentication factor in [sessionInfo].
type factorInfo struct {
	Type                sessiongate.FactorType     `json:"type"`
	DeliveryMethod      sessiongate.DeliveryMethod `json:"delivery_method"`
	LastAuthenticatedAt time.Time                  `json:"last_authenticated_at"`
}

// verificationInfo says how sessiongate verified this request.
type verificationInfo struct {
	Source      sessiongate.Source `json:"source"`
	ConfirmedAt time.Time          `json:"confirmed_at"`
}

// apiSession is GET /api/session: the verified session as JSON. It never
// echoes a credential.
func (a *app) apiSession(w http.ResponseWriter, r *http.Request) {
	s, _ := sessiongate.FromContext(r.Context())
	out := sessionInfo{
		UserID: s.UserID, SessionID: s.SessionID, StartedAt: s.StartedAt, ExpiresAt: s.ExpiresAt,
		Factors: make([]factorInfo, len(s.AuthenticationFactors)),
	}
	for i, f := range s.AuthenticationFactors {
		out.Factors[i] = factorInfo{f.Type, f.DeliveryMethod, f.LastAuthenticatedAt}
	}
	if v, ok := sessiongate.VerificationFromContext(r.Context()); ok {
		out.Verification = verificationInfo{v.Source, v.ConfirmedAt}
	}
	writeJSON(w, http.StatusOK, out)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
