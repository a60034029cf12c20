package main

import (
	"net/http"
	"strconv"
	"time"
)

// advanceClock is POST /_demo/advance?minutes=N, registered only in emulator
// mode: it moves the emulator's clock (which the verifier and the step-up
// policy share) forward, so that JWTs expire and factors age without
// waiting. Browsers go back to the account page; other clients get 204.
func (a *app) advanceClock(w http.ResponseWriter, r *http.Request) {
	minutes, err := strconv.Atoi(r.URL.Query().Get("minutes"))
	if err != nil || minutes < 1 || minutes > 24*60 {
		http.Error(w, "minutes must be a whole number from 1 to 1440", http.StatusBadRequest)
		return
	}
	a.be.emu.Advance(time.Duration(minutes) * time.Minute)
	a.log.Info("emulator clock advanced", "minutes", minutes, "now", a.be.now())
	if r.Header.Get("Sec-Fetch-Mode") == "navigate" {
		http.Redirect(w, r, "/account?notice=clock", http.StatusSeeOther)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
