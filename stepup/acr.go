package stepup

import "github.com/sessiongate/sessiongate"

// ACRPrefix starts every acr value this package sends.
const ACRPrefix = "stytch:"

// ACR returns the RFC 9470 acr_values entry for factor type t: "stytch:"
// followed by Stytch's type, for example "stytch:totp". Stytch has no acr
// claim of its own, and RFC 8176 amr names are too coarse to act on (totp,
// SMS and email codes are all "otp"), so the challenge names Stytch's types.
func ACR(t sessiongate.FactorType) string { return ACRPrefix + string(t) }

// AMR returns the RFC 8176 authentication method reference values that
// describe factor f, following security.md §1.9, for logs and for bridging
// to OIDC-style consumers. Factors RFC 8176 has no value for (magic links,
// OAuth, SSO, recovery codes, impersonation, imported and trusted tokens)
// return nil.
func AMR(f sessiongate.AuthenticationFactor) []string {
	switch f.Type {
	case sessiongate.FactorPassword:
		return []string{"pwd"}
	case sessiongate.FactorOTP:
		if f.DeliveryMethod == sessiongate.DeliverySMS {
			return []string{"otp", "sms"}
		}
		return []string{"otp"}
	case sessiongate.FactorTOTP, sessiongate.FactorEmailOTP:
		return []string{"otp"}
	case sessiongate.FactorWebAuthn:
		return []string{"hwk"}
	case sessiongate.FactorCrypto, sessiongate.FactorSignatureChallenge:
		return []string{"swk"}
	}
	return nil
}
