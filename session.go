package sessiongate

import "time"

// Session is a Stytch consumer session, with the JSON shape of Stytch's
// session object. Optional timestamps that Stytch omits stay zero and are
// omitted again when the session is encoded.
type Session struct {
	SessionID             string                 `json:"session_id"`
	UserID                string                 `json:"user_id"`
	StartedAt             time.Time              `json:"started_at,omitzero"`
	LastAccessedAt        time.Time              `json:"last_accessed_at,omitzero"`
	ExpiresAt             time.Time              `json:"expires_at,omitzero"`
	Attributes            *Attributes            `json:"attributes,omitempty"`
	AuthenticationFactors []AuthenticationFactor `json:"authentication_factors"`
	CustomClaims          map[string]any         `json:"custom_claims,omitempty"`
	Roles                 []string               `json:"roles"`
}

// Attributes are the client attributes Stytch recorded for a session.
type Attributes struct {
	IPAddress string `json:"ip_address"`
	UserAgent string `json:"user_agent"`
}

// Factor returns the session's most recently authenticated factor of type t,
// and false when the session has none.
func (s *Session) Factor(t FactorType) (AuthenticationFactor, bool) {
	var best AuthenticationFactor
	found := false
	if s == nil {
		return best, false
	}
	for _, f := range s.AuthenticationFactors {
		if f.Type == t && (!found || f.LastAuthenticatedAt.After(best.LastAuthenticatedAt)) {
			best, found = f, true
		}
	}
	return best, found
}

// LastAuthenticated returns when a factor of type t was last authenticated in
// this session, and false when the session has no such factor.
func (s *Session) LastAuthenticated(t FactorType) (time.Time, bool) {
	f, ok := s.Factor(t)
	return f.LastAuthenticatedAt, ok
}

// Expired reports whether the session's expiry is set and not after now.
func (s *Session) Expired(now time.Time) bool {
	return !s.ExpiresAt.IsZero() && !now.Before(s.ExpiresAt)
}

// AuthenticationFactor is one factor a session was authenticated with: its
// type, how it was delivered, when, and exactly one detail object naming the
// email, phone, device or provider involved.
type AuthenticationFactor struct {
	Type                FactorType     `json:"type"`
	DeliveryMethod      DeliveryMethod `json:"delivery_method"`
	LastAuthenticatedAt time.Time      `json:"last_authenticated_at,omitzero"`
	CreatedAt           time.Time      `json:"created_at,omitzero"`
	UpdatedAt           time.Time      `json:"updated_at,omitzero"`

	EmailFactor                    *EmailFactor                    `json:"email_factor,omitempty"`
	PhoneNumberFactor              *PhoneNumberFactor              `json:"phone_number_factor,omitempty"`
	WebAuthnFactor                 *WebAuthnFactor                 `json:"webauthn_factor,omitempty"`
	AuthenticatorAppFactor         *AuthenticatorAppFactor         `json:"authenticator_app_factor,omitempty"`
	RecoveryCodeFactor             *RecoveryCodeFactor             `json:"recovery_code_factor,omitempty"`
	CryptoWalletFactor             *CryptoWalletFactor             `json:"crypto_wallet_factor,omitempty"`
	EmbeddableMagicLinkFactor      *EmbeddableMagicLinkFactor      `json:"embeddable_magic_link_factor,omitempty"`
	BiometricFactor                *BiometricFactor                `json:"biometric_factor,omitempty"`
	SAMLSSOFactor                  *SSOFactor                      `json:"saml_sso_factor,omitempty"`
	OIDCSSOFactor                  *SSOFactor                      `json:"oidc_sso_factor,omitempty"`
	ImpersonatedFactor             *ImpersonatedFactor             `json:"impersonated_factor,omitempty"`
	OAuthAccessTokenExchangeFactor *OAuthAccessTokenExchangeFactor `json:"oauth_access_token_exchange_factor,omitempty"`
	TrustedAuthTokenFactor         *TrustedAuthTokenFactor         `json:"trusted_auth_token_factor,omitempty"`
	SlackOAuthExchangeFactor       *OAuthExchangeFactor            `json:"slack_oauth_exchange_factor,omitempty"`
	HubSpotOAuthExchangeFactor     *OAuthExchangeFactor            `json:"hubspot_oauth_exchange_factor,omitempty"`
	GitHubOAuthExchangeFactor      *OAuthExchangeFactor            `json:"github_oauth_exchange_factor,omitempty"`
	GoogleOAuthExchangeFactor      *OAuthExchangeFactor            `json:"google_oauth_exchange_factor,omitempty"`
	GoogleOAuthFactor              *OAuthFactor                    `json:"google_oauth_factor,omitempty"`
	MicrosoftOAuthFactor           *OAuthFactor                    `json:"microsoft_oauth_factor,omitempty"`
	AppleOAuthFactor               *OAuthFactor                    `json:"apple_oauth_factor,omitempty"`
	GitHubOAuthFactor              *OAuthFactor                    `json:"github_oauth_factor,omitempty"`
	FacebookOAuthFactor            *OAuthFactor                    `json:"facebook_oauth_factor,omitempty"`
	AmazonOAuthFactor              *OAuthFactor                    `json:"amazon_oauth_factor,omitempty"`
	BitbucketOAuthFactor           *OAuthFactor                    `json:"bitbucket_oauth_factor,omitempty"`
	CoinbaseOAuthFactor            *OAuthFactor                    `json:"coinbase_oauth_factor,omitempty"`
	DiscordOAuthFactor             *OAuthFactor                    `json:"discord_oauth_factor,omitempty"`
	FigmaOAuthFactor               *OAuthFactor                    `json:"figma_oauth_factor,omitempty"`
	GitLabOAuthFactor              *OAuthFactor                    `json:"git_lab_oauth_factor,omitempty"`
	InstagramOAuthFactor           *OAuthFactor                    `json:"instagram_oauth_factor,omitempty"`
	LinkedInOAuthFactor            *OAuthFactor                    `json:"linked_in_oauth_factor,omitempty"`
	ShopifyOAuthFactor             *OAuthFactor                    `json:"shopify_oauth_factor,omitempty"`
	SlackOAuthFactor               *OAuthFactor                    `json:"slack_oauth_factor,omitempty"`
	SnapchatOAuthFactor            *OAuthFactor                    `json:"snapchat_oauth_factor,omitempty"`
	SpotifyOAuthFactor             *OAuthFactor                    `json:"spotify_oauth_factor,omitempty"`
	SteamOAuthFactor               *OAuthFactor                    `json:"steam_oauth_factor,omitempty"`
	TikTokOAuthFactor              *OAuthFactor                    `json:"tik_tok_oauth_factor,omitempty"`
	TwitchOAuthFactor              *OAuthFactor                    `json:"twitch_oauth_factor,omitempty"`
	TwitterOAuthFactor             *OAuthFactor                    `json:"twitter_oauth_factor,omitempty"`
	SalesforceOAuthFactor          *OAuthFactor                    `json:"salesforce_oauth_factor,omitempty"`
	YahooOAuthFactor               *OAuthFactor                    `json:"yahoo_oauth_factor,omitempty"`
	HubSpotOAuthFactor             *OAuthFactor                    `json:"hubspot_oauth_factor,omitempty"`
}

// EmailFactor names the email address a factor was delivered to.
type EmailFactor struct {
	EmailID      string `json:"email_id"`
	EmailAddress string `json:"email_address"`
}

// PhoneNumberFactor names the phone number a factor was delivered to.
type PhoneNumberFactor struct {
	PhoneID     string `json:"phone_id"`
	PhoneNumber string `json:"phone_number"`
}

// WebAuthnFactor names the WebAuthn registration that was used.
type WebAuthnFactor struct {
	WebAuthnRegistrationID string `json:"webauthn_registration_id"`
	Domain                 string `json:"domain"`
	UserAgent              string `json:"user_agent,omitempty"`
}

// AuthenticatorAppFactor names the TOTP registration that was used.
type AuthenticatorAppFactor struct {
	TOTPID string `json:"totp_id"`
}

// RecoveryCodeFactor names the TOTP recovery code that was used.
type RecoveryCodeFactor struct {
	TOTPRecoveryCodeID string `json:"totp_recovery_code_id"`
}

// CryptoWalletFactor names the crypto wallet that signed a challenge.
type CryptoWalletFactor struct {
	CryptoWalletID      string `json:"crypto_wallet_id"`
	CryptoWalletAddress string `json:"crypto_wallet_address"`
	CryptoWalletType    string `json:"crypto_wallet_type"`
}

// EmbeddableMagicLinkFactor names the embeddable magic link that was used.
type EmbeddableMagicLinkFactor struct {
	EmbeddedID string `json:"embedded_id"`
}

// BiometricFactor names the biometric registration that was used.
type BiometricFactor struct {
	BiometricRegistrationID string `json:"biometric_registration_id"`
}

// SSOFactor names the SAML or OIDC connection that was used.
type SSOFactor struct {
	ID         string `json:"id"`
	ProviderID string `json:"provider_id"`
	ExternalID string `json:"external_id"`
}

// ImpersonatedFactor names the staff member who impersonated the user.
type ImpersonatedFactor struct {
	ImpersonatorID           string `json:"impersonator_id"`
	ImpersonatorEmailAddress string `json:"impersonator_email_address"`
}

// OAuthAccessTokenExchangeFactor names the client that exchanged an access token.
type OAuthAccessTokenExchangeFactor struct {
	ClientID string `json:"client_id"`
}

// TrustedAuthTokenFactor names the trusted auth token that was attested.
type TrustedAuthTokenFactor struct {
	TokenID string `json:"token_id"`
}

// OAuthExchangeFactor names the email of an OAuth token exchange.
type OAuthExchangeFactor struct {
	EmailID string `json:"email_id"`
}

// OAuthFactor names the OAuth provider account that was used.
type OAuthFactor struct {
	ID              string `json:"id"`
	ProviderSubject string `json:"provider_subject"`
	EmailID         string `json:"email_id,omitempty"`
}
