package stepup

import (
	"strings"

	"github.com/sessiongate/sessiongate"
)

// restricted factor types never count unless a policy names them: they do
// not prove that the user is present (recovery codes are a fallback,
// impersonation is staff acting as the user, imported and trusted-token
// factors were asserted by another system).
func restricted(t sessiongate.FactorType) bool {
	switch t {
	case sessiongate.FactorRecoveryCodes, sessiongate.FactorImpersonated,
		sessiongate.FactorImported, sessiongate.FactorTrustedAuthToken:
		return true
	}
	return false
}

// defaultTypes are the types that count when a policy names none.
func defaultTypes() []sessiongate.FactorType {
	var ts []sessiongate.FactorType
	for _, t := range sessiongate.FactorTypes() {
		if !restricted(t) {
			ts = append(ts, t)
		}
	}
	return ts
}

// compatible reports whether Stytch can record a factor of type t with
// delivery method m. It is used only to reject policies that no factor
// could ever satisfy; types it does not know are compatible with anything.
func compatible(t sessiongate.FactorType, m sessiongate.DeliveryMethod) bool {
	switch t {
	case sessiongate.FactorMagicLink:
		return m == sessiongate.DeliveryEmail || m == sessiongate.DeliveryEmbedded
	case sessiongate.FactorOTP:
		return m == sessiongate.DeliverySMS || m == sessiongate.DeliveryWhatsApp || m == sessiongate.DeliveryEmail
	case sessiongate.FactorEmailOTP:
		return m == sessiongate.DeliveryEmail
	case sessiongate.FactorOAuth:
		return strings.HasPrefix(string(m), "oauth_")
	case sessiongate.FactorWebAuthn:
		return m == sessiongate.DeliveryWebAuthnRegistration
	case sessiongate.FactorTOTP:
		return m == sessiongate.DeliveryAuthenticatorApp
	case sessiongate.FactorCrypto, sessiongate.FactorSignatureChallenge:
		return m == sessiongate.DeliveryCryptoWallet
	case sessiongate.FactorPassword:
		return m == sessiongate.DeliveryKnowledge
	case sessiongate.FactorSSO:
		return m == sessiongate.DeliverySSOSAML || m == sessiongate.DeliverySSOOIDC
	case sessiongate.FactorImported:
		return strings.HasPrefix(string(m), "imported_")
	case sessiongate.FactorRecoveryCodes:
		return m == sessiongate.DeliveryRecoveryCode
	case sessiongate.FactorImpersonated:
		return m == sessiongate.DeliveryImpersonation
	case sessiongate.FactorTrustedAuthToken:
		return m == sessiongate.DeliveryTrustedTokenExchange
	}
	return true
}

// credKey names the credential behind a factor entry: its kind ("email",
// "totp", ...), a scope that qualifies the identifier where needed (the
// OAuth provider, the SSO connection), and the identifier. It is a
// comparable value, so keys cost no allocation.
type credKey struct{ kind, scope, id string }

// credential names the credential behind a factor entry, so that two
// entries proving the same thing (the same mailbox, phone, TOTP or WebAuthn
// registration, OAuth account, ...) count as one factor, whatever their
// type. Entries without an identifying detail (passwords) are keyed by type
// and delivery method.
func credential(f *sessiongate.AuthenticationFactor) credKey {
	if k := detailKey(f); k.id != "" {
		return k
	}
	return credKey{"type", string(f.Type), string(f.DeliveryMethod)}
}

func detailKey(f *sessiongate.AuthenticationFactor) credKey {
	switch {
	case f.EmailFactor != nil:
		return idKey("email", "", f.EmailFactor.EmailID, strings.ToLower(f.EmailFactor.EmailAddress))
	case f.PhoneNumberFactor != nil:
		return idKey("phone", "", f.PhoneNumberFactor.PhoneID, f.PhoneNumberFactor.PhoneNumber)
	case f.AuthenticatorAppFactor != nil:
		return idKey("totp", "", f.AuthenticatorAppFactor.TOTPID, "")
	case f.WebAuthnFactor != nil:
		return idKey("webauthn", "", f.WebAuthnFactor.WebAuthnRegistrationID, "")
	case f.RecoveryCodeFactor != nil:
		return idKey("recovery", "", f.RecoveryCodeFactor.TOTPRecoveryCodeID, "")
	case f.CryptoWalletFactor != nil:
		return idKey("crypto", "", f.CryptoWalletFactor.CryptoWalletID, strings.ToLower(f.CryptoWalletFactor.CryptoWalletAddress))
	case f.EmbeddableMagicLinkFactor != nil:
		return idKey("embedded", "", f.EmbeddableMagicLinkFactor.EmbeddedID, "")
	case f.BiometricFactor != nil:
		return idKey("biometric", "", f.BiometricFactor.BiometricRegistrationID, "")
	case f.SAMLSSOFactor != nil:
		return idKey("sso", f.SAMLSSOFactor.ID, f.SAMLSSOFactor.ExternalID, "")
	case f.OIDCSSOFactor != nil:
		return idKey("sso", f.OIDCSSOFactor.ID, f.OIDCSSOFactor.ExternalID, "")
	case f.ImpersonatedFactor != nil:
		return idKey("impersonated", "", f.ImpersonatedFactor.ImpersonatorID, "")
	case f.TrustedAuthTokenFactor != nil:
		return idKey("trusted", "", f.TrustedAuthTokenFactor.TokenID, "")
	case f.OAuthAccessTokenExchangeFactor != nil:
		return idKey("oauth-client", "", f.OAuthAccessTokenExchangeFactor.ClientID, "")
	}
	if o := oauthFactor(f); o != nil {
		return idKey("oauth", string(f.DeliveryMethod), o.ProviderSubject, o.ID)
	}
	if e := exchangeFactor(f); e != nil {
		return idKey("email", "", e.EmailID, "")
	}
	return credKey{}
}

// idKey keys the first non-empty identifier; the zero key when both are empty.
func idKey(kind, scope, id, alt string) credKey {
	if id == "" {
		id = alt
	}
	if id == "" {
		return credKey{}
	}
	return credKey{kind, scope, id}
}

func exchangeFactor(f *sessiongate.AuthenticationFactor) *sessiongate.OAuthExchangeFactor {
	for _, e := range []*sessiongate.OAuthExchangeFactor{
		f.SlackOAuthExchangeFactor, f.HubSpotOAuthExchangeFactor,
		f.GitHubOAuthExchangeFactor, f.GoogleOAuthExchangeFactor,
	} {
		if e != nil {
			return e
		}
	}
	return nil
}
