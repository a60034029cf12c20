package main

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/sessiongate/sessiongate"
)

// transferPage is the data of the transfer pages.
type transferPage struct {
	Done       bool
	Amount, To string
	TOTPAge    string
}

// transferForm shows the transfer form, prefilled from the query (the step-up
// page returns here with the amount and payee of the challenged transfer).
func (a *app) transferForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	amount, to, _ := checkTransfer(q.Get("amount"), q.Get("to"))
	a.pages.render(w, http.StatusOK, "transfer", view{
		Title: "Send a transfer", SignedIn: true, Notice: notices[q.Get("notice")],
		Page: transferPage{Amount: amount, To: to},
	})
}

// transfer runs behind the step-up policy: reaching it means the session has
// a TOTP factor from the last five minutes.
func (a *app) transfer(w http.ResponseWriter, r *http.Request) {
	if !parseForm(w, r) {
		return
	}
	amount, to, msg := checkTransfer(r.PostFormValue("amount"), r.PostFormValue("to"))
	if msg != "" {
		a.pages.render(w, http.StatusUnprocessableEntity, "transfer", view{
			Title: "Send a transfer", SignedIn: true, Error: msg, Page: transferPage{Amount: amount, To: to},
		})
		return
	}
	s, _ := sessiongate.FromContext(r.Context())
	p := transferPage{Done: true, Amount: amount, To: to, TOTPAge: "just now"}
	if t, ok := s.LastAuthenticated(sessiongate.FactorTOTP); ok {
		p.TOTPAge = when(t, a.be.now())
	}
	a.log.Info("transfer", "user_id", s.UserID, "amount", amount)
	a.pages.render(w, http.StatusOK, "transfer", view{Title: "Transfer sent", SignedIn: true, Page: p})
}

// checkTransfer validates a transfer and returns the message to show when it
// is not acceptable. The values it returns are safe to echo in a form.
func checkTransfer(amount, to string) (string, string, string) {
	amount, to = strings.TrimSpace(amount), strings.TrimSpace(to)
	n, err := strconv.Atoi(amount)
	if err != nil || n < 1 || n > 100000 {
		amount = ""
	}
	if len(to) > 64 || strings.IndexFunc(to, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		to = ""
	}
	switch {
	case amount == "":
		return amount, to, "Enter a whole amount between 1 and 100000."
	case to == "":
		return amount, to, "Enter who the transfer is for (at most 64 characters)."
	}
	return amount, to, ""
}

// apiTransfer is POST /api/transfer: JSON in, JSON out, behind the same
// step-up policy, which answers API clients with an RFC 9470 challenge.
func (a *app) apiTransfer(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Amount int    `json:"amount"`
		To     string `json:"to"`
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{"invalid_request", "body must be a JSON object with amount and to"})
		return
	}
	amount, to, msg := checkTransfer(strconv.Itoa(in.Amount), in.To)
	if msg != "" {
		writeJSON(w, http.StatusUnprocessableEntity, apiError{"invalid_transfer", msg})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "sent", "amount": amount, "to": to})
}
