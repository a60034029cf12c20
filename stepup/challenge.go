package stepup

import (
	"net/http"
	"strconv"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/httpcontract"
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
	writeChallenge(w, nil, e)
}

// writeChallenge is WriteChallenge for request r (nil when unknown): a
// HEAD request gets no body.
func writeChallenge(w http.ResponseWriter, r *http.Request, e *RequiredError) {
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
	if secs, ok := e.maxAgeSeconds(); ok {
		body.MaxAge = &secs
		challenge += ", max_age=" + strconv.FormatInt(secs, 10)
	}
	if len(e.Factors) > 0 {
		challenge += `, acr_values="` + body.ACRValues + `"`
	}
	w.Header().Set("WWW-Authenticate", challenge)
	httpcontract.AddVaryCookie(w.Header())
	httpcontract.WriteJSON(w, r, http.StatusUnauthorized, body)
}

// Redirect answers a browser navigation with 303 See Other to stepUpURL,
// adding return_to (e.ReturnTo, when set), factors (comma-separated) and
// max_age (seconds, when set) to its query, for example
// /stepup?return_to=%2Ftransfer&factors=totp,webauthn&max_age=300. The
// answer carries Cache-Control: no-store and Vary: Cookie.
func Redirect(w http.ResponseWriter, r *http.Request, stepUpURL string, e *RequiredError) {
	var q []httpcontract.Param
	if e.ReturnTo != "" {
		q = append(q, httpcontract.Param{Key: "return_to", Value: e.ReturnTo})
	}
	if len(e.Factors) > 0 {
		q = append(q, httpcontract.Param{Key: "factors", Value: joinTypes(e.Factors, ",")})
	}
	if secs, ok := e.maxAgeSeconds(); ok {
		q = append(q, httpcontract.Param{Key: "max_age", Value: strconv.FormatInt(secs, 10)})
	}
	httpcontract.AddVaryCookie(w.Header())
	httpcontract.Redirect(w, r, stepUpURL, q...)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
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
