package stytchtest

import "github.com/sessiongate/sessiongate"

// Stytch's documented sandbox values for passcodes ("Sandbox values" in the
// Stytch docs; the same values are exercised by stytch-ruby's
// spec/stytch/integration_test_spec.rb against the test environment). They
// behave the same in every emulator: sending to them answers 200 and sends
// nothing, and authenticating their method id takes only the sandbox code.
const (
	// SandboxPhoneNumber is the sandbox phone number of the SMS endpoints.
	SandboxPhoneNumber = "+10000000000"
	// SandboxEmail is the sandbox email address of the email endpoints.
	SandboxEmail = sandboxEmail
	// SandboxOTPCode is the passcode that authenticates a sandbox method id.
	SandboxOTPCode = "000000"
	// SandboxPhoneID is the phone_id the sandbox phone number answers with.
	SandboxPhoneID = "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0"
	// SandboxEmailID is the email_id the sandbox email address answers with.
	SandboxEmailID = sandboxEmailID
	// SandboxRecoveryCode is the TOTP recovery code that recovers the sandbox user.
	SandboxRecoveryCode = "a1b2-c3d4-e5f6"
	// SandboxTOTPCode is the TOTP code that authenticates the sandbox user.
	SandboxTOTPCode = "000000"
)

// sandboxOTPRecipient answers a send to a sandbox recipient.
func sandboxOTPRecipient(to string) (sent, bool) {
	switch to {
	case SandboxPhoneNumber:
		return sent{userID: SandboxUserID, methodID: SandboxPhoneID}, true
	case sandboxEmail:
		return sent{userID: SandboxUserID, methodID: sandboxEmailID}, true
	}
	return sent{}, false
}

// sandboxOTP returns the passcode record of a sandbox method id.
func sandboxOTP(methodID string) (*otpCode, bool) {
	switch methodID {
	case SandboxPhoneID:
		return &otpCode{userID: SandboxUserID, methodID: methodID, delivery: sessiongate.DeliverySMS, to: SandboxPhoneNumber}, true
	case sandboxEmailID:
		return &otpCode{userID: SandboxUserID, methodID: methodID, delivery: sessiongate.DeliveryEmail, to: sandboxEmail}, true
	}
	return nil, false
}
