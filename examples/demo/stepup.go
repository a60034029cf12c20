package main

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stepup"
)

// totpPage is the data of /account/totp.
type totpPage struct {
	Enrolled bool
	Secret   string
	QRCode   template.URL
	Code     string
}

// stepUpPage is the data of /stepup.
type stepUpPage struct {
	Enrolled bool
	ReturnTo string
	// Factors and MaxAgeSeconds echo the challenge (validated by
	// stepup.ChallengeFromRequest) so that a failed attempt shows it again.
	Factors       string
	MaxAgeSeconds int64
	MaxAge        string
	Code          string
}

// codePattern is what a TOTP code looks like after spaces are removed.
var codePattern = regexp.MustCompile(`^[0-9]{6}$`)

// emulatorCode returns the user's current TOTP code in emulator mode (so the
// demo can be tried without a phone), and "" with real Stytch.
func (a *app) emulatorCode(userID string) string {
	if a.be.emu == nil {
		return ""
	}
	code, err := a.be.emu.TOTPCode(userID)
	if err != nil {
		return ""
	}
	return code
}

func (a *app) totpForm(w http.ResponseWriter, r *http.Request) {
	s, _ := sessiongate.FromContext(r.Context())
	e, enrolled := a.totps.enrolled(s.UserID)
	p := totpPage{Enrolled: enrolled, Secret: e.Secret, QRCode: e.QRCode}
	if enrolled {
		p.Code = a.emulatorCode(s.UserID)
	}
	a.pages.render(w, http.StatusOK, "totp", view{
		Title: "Authenticator app", SignedIn: true, Notice: notices[r.URL.Query().Get("notice")], Page: p,
	})
}

// enrollTOTP registers a TOTP authenticator for the user with Stytch. It
// does not authenticate it: the session gains the totp factor only when the
// user enters a code on the step-up page.
func (a *app) enrollTOTP(w http.ResponseWriter, r *http.Request) {
	s, _ := sessiongate.FromContext(r.Context())
	if _, ok := a.totps.enrolled(s.UserID); !ok {
		t, err := a.stytch.CreateTOTP(r.Context(), s.UserID)
		if err != nil {
			status, msg := stytchMessage(err)
			a.log.Info("create TOTP failed", "err", err)
			a.pages.render(w, status, "totp", view{Title: "Authenticator app", SignedIn: true, Error: msg, Page: totpPage{}})
			return
		}
		a.totps.add(s.UserID, enrollment{Secret: t.Secret, QRCode: qrImage(t.QRCode)})
	}
	http.Redirect(w, r, "/account/totp?notice=enrolled", http.StatusSeeOther)
}

func (a *app) stepUpForm(w http.ResponseWriter, r *http.Request) {
	a.renderStepUp(w, r, http.StatusOK, "")
}

func (a *app) renderStepUp(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s, _ := sessiongate.FromContext(r.Context())
	_, enrolled := a.totps.enrolled(s.UserID)
	ch := stepup.ChallengeFromRequest(r)
	p := stepUpPage{Enrolled: enrolled, ReturnTo: ch.ReturnTo, MaxAgeSeconds: int64(ch.MaxAge / time.Second), MaxAge: minutesText(ch.MaxAge)}
	names := make([]string, len(ch.Factors))
	for i, f := range ch.Factors {
		names[i] = string(f)
	}
	p.Factors = strings.Join(names, ",")
	if enrolled {
		p.Code = a.emulatorCode(s.UserID)
	}
	v := view{Title: "Confirm it's you", SignedIn: true, Error: msg, Page: p}
	if t, ok := s.LastAuthenticated(sessiongate.FactorTOTP); ok && msg == "" && ch.MaxAge > 0 {
		if age := a.be.now().Sub(t); age > ch.MaxAge {
			v.Info = fmt.Sprintf("Your last code was entered %s ago. This action needs one from the last %s.",
				roughly(age), minutesText(ch.MaxAge))
		}
	}
	a.pages.render(w, status, "stepup", v)
}

// minutesText renders a step-up max age for people, "" when there is none.
func minutesText(d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d < 2*time.Minute:
		return strconv.Itoa(int(d/time.Second)) + " seconds"
	default:
		return strconv.Itoa(int(d/time.Minute)) + " minutes"
	}
}

// stepUp checks the TOTP code with Stytch against the current session. On
// success Stytch adds the totp factor to the session and issues a new JWT
// listing it, which replaces the cookie; the browser goes back to return_to.
func (a *app) stepUp(w http.ResponseWriter, r *http.Request) {
	if !parseForm(w, r) {
		return
	}
	s, _ := sessiongate.FromContext(r.Context())
	code := strings.ReplaceAll(strings.TrimSpace(r.PostFormValue("code")), " ", "")
	if !codePattern.MatchString(code) {
		a.renderStepUp(w, r, http.StatusUnprocessableEntity, "Enter the 6-digit code from your authenticator app.")
		return
	}
	creds, err := a.cookies.Read(r)
	if err != nil || creds.Token == "" {
		http.Redirect(w, r, "/login?reason=expired", http.StatusSeeOther)
		return
	}
	resp, err := a.stytch.AuthenticateTOTP(r.Context(), s.UserID, code, creds.Token)
	if err != nil {
		status, msg := stytchMessage(err)
		a.log.Info("TOTP authenticate failed", "err", err)
		a.renderStepUp(w, r, status, msg)
		return
	}
	if !a.startSession(w, r, resp) {
		return
	}
	http.Redirect(w, r, withNotice(stepup.ReturnTo(r), "verified"), http.StatusSeeOther)
}

// withNotice adds notice=name to a validated same-origin path.
func withNotice(path, name string) string {
	u, err := url.Parse(path)
	if err != nil {
		return path
	}
	q := u.Query()
	q.Set("notice", name)
	u.RawQuery = q.Encode()
	return u.String()
}
