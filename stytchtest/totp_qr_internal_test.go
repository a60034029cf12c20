package stytchtest

import (
	"net/url"
	"testing"
)

func TestTOTPURI(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	reg := newTOTP()
	u, err := url.Parse(e.totpURI(reg, "ada@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "otpauth" || u.Host != "totp" || u.Path != "/"+e.Issuer()+":ada@example.com" ||
		q.Get("secret") != reg.secretBase32() || q.Get("issuer") != e.Issuer() || q.Get("digits") != "6" || q.Get("period") != "30" {
		t.Errorf("otpauth URI %v", u)
	}
	if qrCode(e.totpURI(reg, "a")) == qrCode(e.totpURI(newTOTP(), "a")) {
		t.Error("two secrets give the same QR code")
	}
}
