package stytchtest

import (
	"net/http"
	"strings"
	"time"
)

// maxOutbox caps the messages the outbox keeps; the oldest go first.
const maxOutbox = 10_000

// Message is one email or SMS the emulator "sent", as [Emulator.Outbox] and
// GET /_emulator/outbox list it.
type Message struct {
	// To is the recipient: an email address (lower case) or a phone number.
	To string `json:"to"`
	// MethodID is the id of the email or phone the message went to.
	MethodID string `json:"method_id"`
	// Token is a magic link's token, for POST /v1/magic_links/authenticate.
	Token string `json:"token,omitempty"`
	// Code is a one-time passcode.
	Code string `json:"code,omitempty"`
	// SentAt is the emulator's time when the message was sent.
	SentAt time.Time `json:"sent_at"`
}

// Outbox returns the messages sent to the email address or phone number to,
// newest first.
func (e *Emulator) Outbox(to string) []Message {
	to = recipient(to)
	msgs := []Message{}
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := len(e.ctl.outbox) - 1; i >= 0; i-- {
		if m := e.ctl.outbox[i]; m.To == to {
			msgs = append(msgs, m)
		}
	}
	return msgs
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
func (e *Emulator) sendLocked(m Message) {
	m.To, m.SentAt = recipient(m.To), e.Now()
	if len(e.ctl.outbox) >= maxOutbox {
		e.ctl.outbox = append(e.ctl.outbox[:0], e.ctl.outbox[1:]...)
	}
	e.ctl.outbox = append(e.ctl.outbox, m)
}

// outboxResponse is the answer of GET /_emulator/outbox?to=.
type outboxResponse struct {
	ok
	Messages []Message `json:"messages"`
}

var errOutboxTo = controlError("to is required: the email address or phone number the messages were sent to.")

func (e *Emulator) serveOutbox(w http.ResponseWriter, r *http.Request) {
	to := r.URL.Query().Get("to")
	if recipient(to) == "" {
		writeError(w, errOutboxTo)
		return
	}
	writeJSON(w, http.StatusOK, outboxResponse{ok: success(), Messages: e.Outbox(to)})
}
