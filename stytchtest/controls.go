package stytchtest

import (
	"net/http"
	"strconv"
	"time"
)

// maxAdvance bounds one clock move over HTTP.
const maxAdvance = 10 * 366 * 24 * time.Hour

var errBadSeconds = newError(400, "invalid_request", "seconds must be an integer number of seconds.")

// advanceResponse is the answer of POST /_emulator/advance.
type advanceResponse struct {
	ok
	Now time.Time `json:"now"`
}

func (e *Emulator) serveAdvance(w http.ResponseWriter, r *http.Request) {
	secs, err := strconv.ParseInt(r.URL.Query().Get("seconds"), 10, 64)
	d := time.Duration(secs) * time.Second
	if err != nil || d > maxAdvance || d < -maxAdvance {
		writeError(w, errBadSeconds)
		return
	}
	e.Advance(d)
	writeJSON(w, http.StatusOK, advanceResponse{ok: success(), Now: e.Now()})
}
