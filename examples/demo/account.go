package main

import (
	"fmt"
	"net/http"
	"time"

	"github.com/sessiongate/sessiongate"
)

// transferWindow is how recent the TOTP factor must be for a transfer.
const transferWindow = 5 * time.Minute

// accountPage is the data of /account.
type accountPage struct {
	Email              string
	UserID, SessionID  string
	Started, Expires   string
	Source, SourceHelp string
	Factors            []factorRow
	TOTPEnrolled       bool
	Policy             string
	Amount, To         string
	Theme              string
}

// factorRow is one authentication factor as the account page lists it.
type factorRow struct {
	Type, Delivery, Age string
	// Step is "fresh" or "stale" for TOTP factors (does it satisfy the
	// transfer policy now), and empty for the others.
	Step string
}

// sourceHelp explains each verification source on the account page.
var sourceHelp = map[sessiongate.Source]string{
	sessiongate.SourceLocal:  "JWT signature and claims checked locally, no call to Stytch",
	sessiongate.SourceCache:  "this JWT was verified earlier; answered from the verified-result cache",
	sessiongate.SourceRemote: "confirmed by Stytch's sessions/authenticate, which issued a fresh JWT",
}

func (a *app) account(w http.ResponseWriter, r *http.Request) {
	s, _ := sessiongate.FromContext(r.Context())
	now := a.be.now()
	p := accountPage{
		UserID: s.UserID, SessionID: s.SessionID,
		Started: when(s.StartedAt, now), Expires: when(s.ExpiresAt, now),
		Policy: a.transferPolicy.String(), Amount: "100", To: "bob",
		Theme: themeOf(s),
	}
	if v, ok := sessiongate.VerificationFromContext(r.Context()); ok {
		p.Source, p.SourceHelp = string(v.Source), sourceHelp[v.Source]
	}
	for _, f := range s.AuthenticationFactors {
		if f.EmailFactor != nil && p.Email == "" {
			p.Email = f.EmailFactor.EmailAddress
		}
		row := factorRow{Type: string(f.Type), Delivery: string(f.DeliveryMethod), Age: when(f.LastAuthenticatedAt, now)}
		if f.Type == sessiongate.FactorTOTP {
			row.Step = "stale"
			if now.Sub(f.LastAuthenticatedAt) <= transferWindow {
				row.Step = "fresh"
			}
		}
		p.Factors = append(p.Factors, row)
	}
	_, p.TOTPEnrolled = a.totps.enrolled(s.UserID)
	a.pages.render(w, http.StatusOK, "account", view{
		Title: "Your account", SignedIn: true, Notice: notices[r.URL.Query().Get("notice")], Page: p,
	})
}

// notices are the fixed messages a redirect may ask a page to show; the
// query names one, so no text from the URL reaches the page.
var notices = map[string]string{
	"clock":             "The emulator clock moved forward: JWTs and factors are older now. A TOTP code older than 5 minutes no longer allows transfers.",
	"enrolled":          "Your authenticator app is enrolled.",
	"verified":          "Code accepted. Transfers need no new code for the next 5 minutes.",
	"preference":        "Display preference saved in your session.",
	"device-signed-out": "That device is signed out: its session was revoked with Stytch.",
	"others-signed-out": "All your other devices are signed out.",
	"role":              "Role saved with Stytch; your session now carries it.",
	"document":          "Document created.",
	"logout":            "You are logged out: the session was revoked with Stytch and its cookies cleared.",
}

// when formats t relative to now, with the absolute time.
func when(t, now time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	d := t.Sub(now)
	abs := t.UTC().Format("15:04:05 UTC")
	switch {
	case d > time.Minute:
		return fmt.Sprintf("in %s (%s)", roughly(d), abs)
	case d < -time.Minute:
		return fmt.Sprintf("%s ago (%s)", roughly(-d), abs)
	default:
		return fmt.Sprintf("just now (%s)", abs)
	}
}

// roughly renders a positive duration in its largest sensible unit.
func roughly(d time.Duration) string {
	switch {
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", int(d.Hours()))
	case d >= 2*time.Minute:
		return fmt.Sprintf("%d minutes", int(d.Minutes()))
	default:
		return "1 minute"
	}
}
