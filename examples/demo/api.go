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

// sessionInfo is the body of GET /api/session.
type sessionInfo struct {
	Session      *sessiongate.Session `json:"session"`
	Verification struct {
		Source      sessiongate.Source `json:"source"`
		ConfirmedAt time.Time          `json:"confirmed_at"`
	} `json:"verification"`
}

// apiSession is GET /api/session: the verified session as JSON. It never
// echoes a credential.
func (a *app) apiSession(w http.ResponseWriter, r *http.Request) {
	var out sessionInfo
	out.Session, _ = sessiongate.FromContext(r.Context())
	if v, ok := sessiongate.VerificationFromContext(r.Context()); ok {
		out.Verification.Source, out.Verification.ConfirmedAt = v.Source, v.ConfirmedAt
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
