package sessiongate

// FactorType is the type of an authentication factor, Stytch's
// authentication_factors[].type. The constants list every value Stytch
// documents; values Stytch adds later decode as they are.
type FactorType string

// Factor types, as Stytch spells them.
const (
	FactorMagicLink          FactorType = "magic_link"
	FactorOTP                FactorType = "otp"
	FactorOAuth              FactorType = "oauth"
	FactorWebAuthn           FactorType = "webauthn"
	FactorTOTP               FactorType = "totp"
	FactorCrypto             FactorType = "crypto"
	FactorPassword           FactorType = "password"
	FactorSignatureChallenge FactorType = "signature_challenge"
	FactorSSO                FactorType = "sso"
	FactorImported           FactorType = "imported"
	FactorRecoveryCodes      FactorType = "recovery_codes"
	FactorEmailOTP           FactorType = "email_otp"
	FactorImpersonated       FactorType = "impersonated"
	FactorTrustedAuthToken   FactorType = "trusted_auth_token"
)

// FactorTypes lists every documented [FactorType], in Stytch's order.
func FactorTypes() []FactorType {
	return []FactorType{
		FactorMagicLink, FactorOTP, FactorOAuth, FactorWebAuthn, FactorTOTP,
		FactorCrypto, FactorPassword, FactorSignatureChallenge, FactorSSO,
		FactorImported, FactorRecoveryCodes, FactorEmailOTP, FactorImpersonated,
		FactorTrustedAuthToken,
	}
}

// Known reports whether t is one of the documented factor types.
func (t FactorType) Known() bool {
	for _, k := range FactorTypes() {
		if t == k {
			return true
		}
	}
	return false
}

// DeliveryMethod is how a factor was delivered or proven, Stytch's
// authentication_factors[].delivery_method.
type DeliveryMethod string

// Delivery methods, as Stytch spells them.
const (
	DeliveryEmail                    DeliveryMethod = "email"
	DeliverySMS                      DeliveryMethod = "sms"
	DeliveryWhatsApp                 DeliveryMethod = "whatsapp"
	DeliveryEmbedded                 DeliveryMethod = "embedded"
	DeliveryOAuthGoogle              DeliveryMethod = "oauth_google"
	DeliveryOAuthMicrosoft           DeliveryMethod = "oauth_microsoft"
	DeliveryOAuthApple               DeliveryMethod = "oauth_apple"
	DeliveryWebAuthnRegistration     DeliveryMethod = "webauthn_registration"
	DeliveryAuthenticatorApp         DeliveryMethod = "authenticator_app"
	DeliveryOAuthGitHub              DeliveryMethod = "oauth_github"
	DeliveryRecoveryCode             DeliveryMethod = "recovery_code"
	DeliveryOAuthFacebook            DeliveryMethod = "oauth_facebook"
	DeliveryCryptoWallet             DeliveryMethod = "crypto_wallet"
	DeliveryOAuthAmazon              DeliveryMethod = "oauth_amazon"
	DeliveryOAuthBitbucket           DeliveryMethod = "oauth_bitbucket"
	DeliveryOAuthCoinbase            DeliveryMethod = "oauth_coinbase"
	DeliveryOAuthDiscord             DeliveryMethod = "oauth_discord"
	DeliveryOAuthFigma               DeliveryMethod = "oauth_figma"
	DeliveryOAuthGitLab              DeliveryMethod = "oauth_gitlab"
	DeliveryOAuthInstagram           DeliveryMethod = "oauth_instagram"
	DeliveryOAuthLinkedIn            DeliveryMethod = "oauth_linkedin"
	DeliveryOAuthShopify             DeliveryMethod = "oauth_shopify"
	DeliveryOAuthSlack               DeliveryMethod = "oauth_slack"
	DeliveryOAuthSnapchat            DeliveryMethod = "oauth_snapchat"
	DeliveryOAuthSpotify             DeliveryMethod = "oauth_spotify"
	DeliveryOAuthSteam               DeliveryMethod = "oauth_steam"
	DeliveryOAuthTikTok              DeliveryMethod = "oauth_tiktok"
	DeliveryOAuthTwitch              DeliveryMethod = "oauth_twitch"
	DeliveryOAuthTwitter             DeliveryMethod = "oauth_twitter"
	DeliveryKnowledge                DeliveryMethod = "knowledge"
	DeliveryBiometric                DeliveryMethod = "biometric"
	DeliverySSOSAML                  DeliveryMethod = "sso_saml"
	DeliverySSOOIDC                  DeliveryMethod = "sso_oidc"
	DeliveryOAuthSalesforce          DeliveryMethod = "oauth_salesforce"
	DeliveryOAuthYahoo               DeliveryMethod = "oauth_yahoo"
	DeliveryOAuthHubSpot             DeliveryMethod = "oauth_hubspot"
	DeliveryImportedAuth0            DeliveryMethod = "imported_auth0"
	DeliveryOAuthExchangeSlack       DeliveryMethod = "oauth_exchange_slack"
	DeliveryOAuthExchangeHubSpot     DeliveryMethod = "oauth_exchange_hubspot"
	DeliveryOAuthExchangeGitHub      DeliveryMethod = "oauth_exchange_github"
	DeliveryOAuthExchangeGoogle      DeliveryMethod = "oauth_exchange_google"
	DeliveryImpersonation            DeliveryMethod = "impersonation"
	DeliveryOAuthAccessTokenExchange DeliveryMethod = "oauth_access_token_exchange"
	DeliveryTrustedTokenExchange     DeliveryMethod = "trusted_token_exchange"
)

// DeliveryMethods lists every documented [DeliveryMethod], in Stytch's order.
func DeliveryMethods() []DeliveryMethod {
	return []DeliveryMethod{
		DeliveryEmail, DeliverySMS, DeliveryWhatsApp, DeliveryEmbedded,
		DeliveryOAuthGoogle, DeliveryOAuthMicrosoft, DeliveryOAuthApple,
		DeliveryWebAuthnRegistration, DeliveryAuthenticatorApp, DeliveryOAuthGitHub,
		DeliveryRecoveryCode, DeliveryOAuthFacebook, DeliveryCryptoWallet,
		DeliveryOAuthAmazon, DeliveryOAuthBitbucket, DeliveryOAuthCoinbase,
		DeliveryOAuthDiscord, DeliveryOAuthFigma, DeliveryOAuthGitLab,
		DeliveryOAuthInstagram, DeliveryOAuthLinkedIn, DeliveryOAuthShopify,
		DeliveryOAuthSlack, DeliveryOAuthSnapchat, DeliveryOAuthSpotify,
		DeliveryOAuthSteam, DeliveryOAuthTikTok, DeliveryOAuthTwitch,
		DeliveryOAuthTwitter, DeliveryKnowledge, DeliveryBiometric,
		DeliverySSOSAML, DeliverySSOOIDC, DeliveryOAuthSalesforce,
		DeliveryOAuthYahoo, DeliveryOAuthHubSpot, DeliveryImportedAuth0,
		DeliveryOAuthExchangeSlack, DeliveryOAuthExchangeHubSpot,
		DeliveryOAuthExchangeGitHub, DeliveryOAuthExchangeGoogle,
		DeliveryImpersonation, DeliveryOAuthAccessTokenExchange,
		DeliveryTrustedTokenExchange,
	}
}

// Known reports whether m is one of the documented delivery methods.
func (m DeliveryMethod) Known() bool {
	for _, k := range DeliveryMethods() {
		if m == k {
			return true
		}
	}
	return false
}
