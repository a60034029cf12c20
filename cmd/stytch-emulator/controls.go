package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/sessiongate/sessiongate/stytchtest"
)

// maxAdvance bounds one clock move.
const maxAdvance = 10 * 366 * 24 * time.Hour

// handler serves the emulator, plus the test controls when enabled.
func handler(e *stytchtest.Emulator, controls bool) http.Handler {
	if !controls {
		return e
	}
	mux := http.NewServeMux()
	mux.Handle("/", e)
	mux.HandleFunc("POST /_emulator/advance", func(w http.ResponseWriter, r *http.Request) {
		advance(e, w, r)
	})
	return mux
}

// advance moves the emulator's clock by the query's seconds.
func advance(e *stytchtest.Emulator, w http.ResponseWriter, r *http.Request) {
	if !authorized(e, r) {
		http.Error(w, `{"error":"unauthorized_credentials"}`, http.StatusUnauthorized)
		return
	}
	secs, err := strconv.ParseInt(r.URL.Query().Get("seconds"), 10, 64)
	d := time.Duration(secs) * time.Second
	if err != nil || d > maxAdvance || d < -maxAdvance {
		http.Error(w, `{"error":"seconds must be an integer number of seconds"}`, http.StatusBadRequest)
		return
	}
	e.Advance(d)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"now": e.Now().Format(time.RFC3339Nano)})
}

func authorized(e *stytchtest.Emulator, r *http.Request) bool {
	user, pass, ok := r.BasicAuth()
	u1, u2 := sha256.Sum256([]byte(user)), sha256.Sum256([]byte(e.ProjectID()))
	p1, p2 := sha256.Sum256([]byte(pass)), sha256.Sum256([]byte(e.Secret()))
	return ok && subtle.ConstantTimeCompare(u1[:], u2[:])&subtle.ConstantTimeCompare(p1[:], p2[:]) == 1
}
