package stepup

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/sessiongate/sessiongate"
)

// challengeBody is the stable JSON body of a step-up challenge. Frontends
// parse it: fields are only ever added, never renamed or removed.
type challengeBody struct {
	Error                   string                       `json:"error"`
	ErrorDescription        string                       `json:"error_description"`
	RequiredFactors         []sessiongate.FactorType     `json:"required_factors"`
	MissingFactors          [][]sessiongate.FactorType   `json:"missing_factors"`
	FactorsNeeded           int                          `json:"factors_needed"`
	MaxAge                  *int64                       `json:"max_age,omitempty"`
	ACRValues               string                       `json:"acr_values"`
	DeliveryMethods         []sessiongate.DeliveryMethod `json:"delivery_methods,omitempty"`
	ExcludedDeliveryMethods []sessiongate.DeliveryMethod `json:"excluded_delivery_methods,omitempty"`
}

// WriteChallenge answers with the RFC 9470 step-up challenge: 401, a
// WWW-Authenticate header
//
//	Bearer error="insufficient_user_authentication", error_description="…", max_age=300, acr_values="stytch:totp stytch:webauthn"
//
// (max_age only when the policy has a recency bound), Cache-Control:
// no-store, Vary: Cookie, and the JSON body documented in the package
// overview.
func WriteChallenge(w http.ResponseWriter, e *RequiredError) {
	desc := headerSafe(e.Description)
	body := challengeBody{
		Error: "insufficient_user_authentication", ErrorDescription: desc,
		RequiredFactors: nonNil(e.Factors), MissingFactors: e.Missing, FactorsNeeded: len(e.Missing),
		ACRValues: e.ACRValues(), DeliveryMethods: e.DeliveryMethods,
		ExcludedDeliveryMethods: e.ExcludedDeliveryMethods,
	}
	if body.MissingFactors == nil {
		body.MissingFactors = [][]sessiongate.FactorType{}
	}
	challenge := `Bearer error="insufficient_user_authentication", error_description="` + desc + `"`
	if secs, ok := e.MaxAgeSeconds(); ok {
		body.MaxAge = &secs
		challenge += ", max_age=" + strconv.FormatInt(secs, 10)
	}
	if len(e.Factors) > 0 {
		challenge += `, acr_values="` + body.ACRValues + `"`
	}
	w.Header().Set("WWW-Authenticate", challenge)
	writeJSON(w, http.StatusUnauthorized, body)
}

// Redirect answers a browser navigation with 303 See Other to stepUpURL,
// adding return_to (e.ReturnTo, when set), factors (comma-separated) and
// max_age (seconds, when set) to its query, for example
// /stepup?return_to=%2Ftransfer&factors=totp,webauthn&max_age=300.
func Redirect(w http.ResponseWriter, r *http.Request, stepUpURL string, e *RequiredError) {
	var q []string
	if e.ReturnTo != "" {
		q = append(q, "return_to="+queryEscape(e.ReturnTo))
	}
	if len(e.Factors) > 0 {
		names := make([]string, len(e.Factors))
		for i, t := range e.Factors {
			names[i] = queryEscape(string(t))
		}
		q = append(q, "factors="+strings.Join(names, ","))
	}
	if secs, ok := e.MaxAgeSeconds(); ok {
		q = append(q, "max_age="+strconv.FormatInt(secs, 10))
	}
	loc := stepUpURL
	if len(q) > 0 {
		sep := "?"
		if strings.Contains(loc, "?") {
			sep = "&"
		}
		loc += sep + strings.Join(q, "&")
	}
	noStore(w)
	http.Redirect(w, r, loc, http.StatusSeeOther)
}

func queryEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// isNavigation reports whether r is a browser page navigation rather than
// an API call: Sec-Fetch-Mode: navigate, or (without Sec-Fetch-Mode and
// without a Bearer header) an Accept header that prefers text/html to JSON.
func isNavigation(r *http.Request) bool {
	if mode := r.Header.Get("Sec-Fetch-Mode"); mode != "" {
		return mode == "navigate"
	}
	if strings.HasPrefix(strings.ToLower(r.Header.Get("Authorization")), "bearer ") {
		return false
	}
	html, json := acceptQ(r.Header.Values("Accept"), "text/html"), acceptQ(r.Header.Values("Accept"), "application/json")
	return html > json
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func noStore(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	for _, v := range h.Values("Vary") {
		if strings.Contains(strings.ToLower(v), "cookie") {
			return
		}
	}
	h.Add("Vary", "Cookie")
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	noStore(w)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body) // the client may be gone; nothing to do
}

// headerSafe keeps only the RFC 6750 error_description characters
// (%x20-21 / %x23-5B / %x5D-7E), replacing others with a space.
func headerSafe(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			b[i] = ' '
		}
	}
	return string(b)
}
