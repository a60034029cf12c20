package stepup_test

import (
	"flag"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/stepup"
	"go.uber.org/goleak"
)

var update = flag.Bool("update", false, "update golden files")

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// t0 is the fixed "now" of the tests.
var t0 = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

type (
	ft = sessiongate.FactorType
	dm = sessiongate.DeliveryMethod
)

// natural is the delivery method Stytch records for each factor type.
var natural = map[ft]dm{
	sessiongate.FactorMagicLink:          sessiongate.DeliveryEmail,
	sessiongate.FactorOTP:                sessiongate.DeliverySMS,
	sessiongate.FactorOAuth:              sessiongate.DeliveryOAuthGoogle,
	sessiongate.FactorWebAuthn:           sessiongate.DeliveryWebAuthnRegistration,
	sessiongate.FactorTOTP:               sessiongate.DeliveryAuthenticatorApp,
	sessiongate.FactorCrypto:             sessiongate.DeliveryCryptoWallet,
	sessiongate.FactorPassword:           sessiongate.DeliveryKnowledge,
	sessiongate.FactorSignatureChallenge: sessiongate.DeliveryCryptoWallet,
	sessiongate.FactorSSO:                sessiongate.DeliverySSOSAML,
	sessiongate.FactorImported:           sessiongate.DeliveryImportedAuth0,
	sessiongate.FactorRecoveryCodes:      sessiongate.DeliveryRecoveryCode,
	sessiongate.FactorEmailOTP:           sessiongate.DeliveryEmail,
	sessiongate.FactorImpersonated:       sessiongate.DeliveryImpersonation,
	sessiongate.FactorTrustedAuthToken:   sessiongate.DeliveryTrustedTokenExchange,
}

// fac builds a factor of type t with its natural delivery method,
// authenticated at `at`, naming credential id in the detail matching the
// delivery method.
func fac(t ft, id string, at time.Time) sessiongate.AuthenticationFactor {
	return facBy(t, natural[t], id, at)
}

func facBy(t ft, m dm, id string, at time.Time) sessiongate.AuthenticationFactor {
	f := sessiongate.AuthenticationFactor{Type: t, DeliveryMethod: m, LastAuthenticatedAt: at, CreatedAt: at, UpdatedAt: at}
	switch m {
	case sessiongate.DeliveryEmail:
		f.EmailFactor = &sessiongate.EmailFactor{EmailID: "email-" + id, EmailAddress: id + "@example.com"}
	case sessiongate.DeliverySMS, sessiongate.DeliveryWhatsApp:
		f.PhoneNumberFactor = &sessiongate.PhoneNumberFactor{PhoneID: "phone-" + id, PhoneNumber: "+1555" + id}
	case sessiongate.DeliveryAuthenticatorApp:
		f.AuthenticatorAppFactor = &sessiongate.AuthenticatorAppFactor{TOTPID: "totp-" + id}
	case sessiongate.DeliveryWebAuthnRegistration:
		f.WebAuthnFactor = &sessiongate.WebAuthnFactor{WebAuthnRegistrationID: "webauthn-" + id, Domain: "example.com"}
	case sessiongate.DeliveryRecoveryCode:
		f.RecoveryCodeFactor = &sessiongate.RecoveryCodeFactor{TOTPRecoveryCodeID: "rc-" + id}
	case sessiongate.DeliveryCryptoWallet:
		f.CryptoWalletFactor = &sessiongate.CryptoWalletFactor{CryptoWalletID: "wallet-" + id}
	case sessiongate.DeliverySSOSAML:
		f.SAMLSSOFactor = &sessiongate.SSOFactor{ID: "conn-1", ExternalID: id}
	case sessiongate.DeliveryOAuthGoogle:
		f.GoogleOAuthFactor = &sessiongate.OAuthFactor{ID: "oauth-" + id, ProviderSubject: "sub-" + id}
	case sessiongate.DeliveryImpersonation:
		f.ImpersonatedFactor = &sessiongate.ImpersonatedFactor{ImpersonatorID: "staff-" + id}
	case sessiongate.DeliveryTrustedTokenExchange:
		f.TrustedAuthTokenFactor = &sessiongate.TrustedAuthTokenFactor{TokenID: "tat-" + id}
	}
	return f
}

func session(fs ...sessiongate.AuthenticationFactor) *sessiongate.Session {
	return &sessiongate.Session{SessionID: "session-test-1", UserID: "user-test-1", AuthenticationFactors: fs}
}

func mustNew(tb testing.TB, opts ...stepup.Option) *stepup.Policy {
	tb.Helper()
	p, err := stepup.New(opts...)
	if err != nil {
		tb.Fatalf("New() error = %v", err)
	}
	return p
}

func ago(d time.Duration) time.Time { return t0.Add(-d) }
