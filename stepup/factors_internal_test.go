package stepup

import (
	"testing"

	"github.com/sessiongate/sessiongate"
)

func TestCredentialKeys(t *testing.T) {
	type af = sessiongate.AuthenticationFactor
	cases := []struct {
		name string
		f    af
		want credKey
	}{
		{"password", af{Type: sessiongate.FactorPassword, DeliveryMethod: sessiongate.DeliveryKnowledge}, credKey{"type", "password", "knowledge"}},
		{"email id", af{EmailFactor: &sessiongate.EmailFactor{EmailID: "e1", EmailAddress: "A@x"}}, credKey{"email", "", "e1"}},
		{"email address only, folded", af{EmailFactor: &sessiongate.EmailFactor{EmailAddress: "Ada@Example.com"}}, credKey{"email", "", "ada@example.com"}},
		{"empty email detail falls back", af{Type: sessiongate.FactorMagicLink, DeliveryMethod: sessiongate.DeliveryEmail, EmailFactor: &sessiongate.EmailFactor{}}, credKey{"type", "magic_link", "email"}},
		{"phone", af{PhoneNumberFactor: &sessiongate.PhoneNumberFactor{PhoneNumber: "+1555"}}, credKey{"phone", "", "+1555"}},
		{"totp", af{AuthenticatorAppFactor: &sessiongate.AuthenticatorAppFactor{TOTPID: "t"}}, credKey{"totp", "", "t"}},
		{"webauthn", af{WebAuthnFactor: &sessiongate.WebAuthnFactor{WebAuthnRegistrationID: "w"}}, credKey{"webauthn", "", "w"}},
		{"recovery", af{RecoveryCodeFactor: &sessiongate.RecoveryCodeFactor{TOTPRecoveryCodeID: "r"}}, credKey{"recovery", "", "r"}},
		{"crypto by address", af{CryptoWalletFactor: &sessiongate.CryptoWalletFactor{CryptoWalletAddress: "0xAB"}}, credKey{"crypto", "", "0xab"}},
		{"embedded", af{EmbeddableMagicLinkFactor: &sessiongate.EmbeddableMagicLinkFactor{EmbeddedID: "m"}}, credKey{"embedded", "", "m"}},
		{"biometric", af{BiometricFactor: &sessiongate.BiometricFactor{BiometricRegistrationID: "b"}}, credKey{"biometric", "", "b"}},
		{"saml", af{SAMLSSOFactor: &sessiongate.SSOFactor{ID: "c", ExternalID: "u"}}, credKey{"sso", "c", "u"}},
		{"oidc", af{OIDCSSOFactor: &sessiongate.SSOFactor{ID: "c", ExternalID: "u"}}, credKey{"sso", "c", "u"}},
		{"empty sso falls back", af{Type: sessiongate.FactorSSO, DeliveryMethod: sessiongate.DeliverySSOOIDC, OIDCSSOFactor: &sessiongate.SSOFactor{}}, credKey{"type", "sso", "sso_oidc"}},
		{"impersonated", af{ImpersonatedFactor: &sessiongate.ImpersonatedFactor{ImpersonatorID: "s"}}, credKey{"impersonated", "", "s"}},
		{"trusted", af{TrustedAuthTokenFactor: &sessiongate.TrustedAuthTokenFactor{TokenID: "k"}}, credKey{"trusted", "", "k"}},
		{"token exchange", af{OAuthAccessTokenExchangeFactor: &sessiongate.OAuthAccessTokenExchangeFactor{ClientID: "c"}}, credKey{"oauth-client", "", "c"}},
		{"github oauth", af{DeliveryMethod: sessiongate.DeliveryOAuthGitHub, GitHubOAuthFactor: &sessiongate.OAuthFactor{ID: "i", ProviderSubject: "s"}}, credKey{"oauth", "oauth_github", "s"}},
		{"hubspot oauth by id", af{DeliveryMethod: sessiongate.DeliveryOAuthHubSpot, HubSpotOAuthFactor: &sessiongate.OAuthFactor{ID: "i"}}, credKey{"oauth", "oauth_hubspot", "i"}},
		{"slack exchange is the email", af{SlackOAuthExchangeFactor: &sessiongate.OAuthExchangeFactor{EmailID: "e1"}}, credKey{"email", "", "e1"}},
	}
	for _, tc := range cases {
		if got := credential(&tc.f); got != tc.want {
			t.Errorf("%s: credential() = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// bruteMatch returns the size of a maximum matching by trying every
// assignment of slots to distinct credentials.
func bruteMatch(slots, creds []uint32, s int, used uint64) int {
	if s == len(slots) {
		return 0
	}
	best := bruteMatch(slots, creds, s+1, used) // leave slot s empty
	for c, mask := range creds {
		if used&(1<<c) == 0 && mask&slots[s] != 0 {
			best = max(best, 1+bruteMatch(slots, creds, s+1, used|1<<c))
		}
	}
	return best
}

func TestUnmatchedSlotsIsMaximum(t *testing.T) {
	seed := uint32(12345)
	next := func() uint32 { // xorshift: deterministic cases
		seed ^= seed << 13
		seed ^= seed >> 17
		seed ^= seed << 5
		return seed
	}
	for i := range 2000 {
		slots := make([]uint32, 1+next()%6)
		creds := make([]uint32, next()%7)
		for j := range slots {
			slots[j] = 1 + next()%15
		}
		for j := range creds {
			creds[j] = next() % 16
		}
		unmatched := unmatchedSlots(slots, creds)
		got := len(slots)
		for s := range slots {
			if unmatched&(1<<s) != 0 {
				got--
			}
		}
		if want := bruteMatch(slots, creds, 0, 0); got != want {
			t.Fatalf("case %d: slots %v creds %v: matched %d, want %d", i, slots, creds, got, want)
		}
	}
}
