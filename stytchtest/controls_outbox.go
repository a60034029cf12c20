package stytchtest

import (
	"net/http"
	"strings"
	"time"
)

// maxOutbox caps the messages the outbox keeps; the oldest go first.
const maxOutbox = 10_000

// message is one email or SMS the emulator "sent", as GET /_emulator/outbox
// lists it: a magic link's token or a one-time passcode's code.
type message struct {
	To       string    `json:"to"`
	MethodID string    `json:"method_id"`
	Token    string    `json:"token,omitempty"`
	Code     string    `json:"code,omitempty"`
	SentAt   time.Time `json:"sent_at"`
}

// recipient normalizes an email address (lower case) or a phone number
// (trimmed), so the outbox matches what the API matched.
func recipient(to string) string {
	if addr, ok := normalizeEmail(to); ok {
		return addr
	}
	return strings.TrimSpace(to)
}

// sendLocked appends m, stamped with Now, to the outbox. The endpoints that
// send magic links and passcodes call it. The caller holds e.mu.
func (e *Emulator) sendLocked(m message) {
	m.To, m.SentAt = recipient(m.To), e.nowLocked()
	if len(e.ctl.outbox) >= maxOutbox {
		e.ctl.outbox = append(e.ctl.outbox[:0], e.ctl.outbox[1:]...)
	}
	e.ctl.outbox = append(e.ctl.outbox, m)
}

// outboxResponse is the answer of GET /_emulator/outbox?to=.
type outboxResponse struct {
	ok
	Messages []message `json:"messages"`
}

var errOutboxTo = controlError("to is required: the email address or phone number the messages were sent to.")

func (e *Emulator) serveOutbox(w http.ResponseWriter, r *http.Request) {
	to := recipient(r.URL.Query().Get("to"))
	if to == "" {
		writeError(w, errOutboxTo)
		return
	}
	msgs := []message{}
	e.mu.Lock()
	for i := len(e.ctl.outbox) - 1; i >= 0; i-- {
		if m := e.ctl.outbox[i]; m.To == to {
			msgs = append(msgs, m)
		}
	}
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, outboxResponse{ok: success(), Messages: msgs})
}
