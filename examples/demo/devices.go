package main

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/sessiongate/sessiongate"
)

// devicesPage is the data of /account/devices.
type devicesPage struct {
	Devices []deviceRow
	Others  int
}

// deviceRow is one active session of the user, as /account/devices lists it.
type deviceRow struct {
	SessionID, Started, LastSeen, Expires, Agent string
	Current                                      bool
}

// devices lists the user's active sessions (GET /v1/sessions?user_id=),
// the current one first, each other with its own sign-out button.
func (a *app) devices(w http.ResponseWriter, r *http.Request) {
	l, ok := sessiongate.LifecycleFromContext(r.Context())
	if !ok {
		a.lifecycleFailed(w, r, errNoLifecycle)
		return
	}
	list, err := l.Sessions(r.Context())
	if err != nil {
		a.lifecycleFailed(w, r, err)
		return
	}
	now := a.be.now()
	var p devicesPage
	for _, s := range list {
		row := deviceRow{
			SessionID: s.SessionID, Current: s.Current,
			Started: when(s.StartedAt, now), LastSeen: when(s.LastAccessedAt, now), Expires: when(s.ExpiresAt, now),
		}
		if s.Attributes != nil {
			row.Agent = s.Attributes.UserAgent
		}
		if s.Current {
			p.Devices = append([]deviceRow{row}, p.Devices...)
			continue
		}
		p.Devices = append(p.Devices, row)
		p.Others++
	}
	a.pages.render(w, http.StatusOK, "devices", view{
		Title: "Your devices", SignedIn: true, Notice: notices[r.URL.Query().Get("notice")], Page: p,
	})
}

// signOutDevice revokes one of the user's sessions by id. An id that is
// not one of the user's active sessions is a 404, whoever it belongs to.
func (a *app) signOutDevice(w http.ResponseWriter, r *http.Request) {
	if !parseForm(w, r) {
		return
	}
	l, ok := sessiongate.LifecycleFromContext(r.Context())
	if !ok {
		a.lifecycleFailed(w, r, errNoLifecycle)
		return
	}
	if err := l.RevokeSession(r.Context(), r.PostFormValue("session_id")); err != nil {
		a.lifecycleFailed(w, r, err)
		return
	}
	http.Redirect(w, r, "/account/devices?notice=device-signed-out", http.StatusSeeOther)
}

// signOutOthers revokes every session of the user but this one.
func (a *app) signOutOthers(w http.ResponseWriter, r *http.Request) {
	l, ok := sessiongate.LifecycleFromContext(r.Context())
	if !ok {
		a.lifecycleFailed(w, r, errNoLifecycle)
		return
	}
	if _, err := l.RevokeOtherSessions(r.Context()); err != nil {
		a.lifecycleFailed(w, r, err)
		return
	}
	http.Redirect(w, r, "/account/devices?notice=others-signed-out", http.StatusSeeOther)
}

var errNoLifecycle = errors.New("demo: no session lifecycle in the request context")

// lifecycleFailed answers a failed lifecycle call with a page: 404 for a
// session id that is not the user's, 503 with Retry-After when Stytch
// cannot be reached, 400 for a refused input, and the login page when the
// session has ended.
func (a *app) lifecycleFailed(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, sessiongate.ErrNoSuchSession):
		a.pages.renderError(w, r, http.StatusNotFound, "Device not found", "You have no active session with that id.")
	case errors.Is(err, sessiongate.ErrUnavailable):
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(err)))
		a.pages.renderError(w, r, http.StatusServiceUnavailable, "Try again",
			"Stytch cannot be reached right now. Please try again in a moment.")
	case errors.Is(err, sessiongate.ErrMalformedRequest):
		a.pages.renderError(w, r, http.StatusBadRequest, "Not accepted", "That request was not accepted.")
	case errors.Is(err, sessiongate.ErrSessionNotFound):
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	default:
		a.log.Error("session lifecycle", "err", err)
		a.pages.renderError(w, r, http.StatusInternalServerError, "Something went wrong", "Please try again.")
	}
}

// retryAfterSeconds is the delay Stytch asked for, or 5 seconds.
func retryAfterSeconds(err error) int {
	if d := sessiongate.RetryAfter(err); d > 0 {
		return int((d + time.Second - 1) / time.Second)
	}
	return 5
}
