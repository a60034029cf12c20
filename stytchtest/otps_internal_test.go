package stytchtest

import "testing"

func TestDeleteUserForgetsPhoneIndex(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	e.mu.Lock()
	id := e.createPhoneUserLocked("+15555550111")
	e.mu.Unlock()
	if err := e.DeleteUser(id); err != nil {
		t.Fatal(err)
	}
	if len(e.otp.phones) != 0 || len(e.otp.userPhones) != 0 {
		t.Errorf("after delete: phones %v, user phones %v", e.otp.phones, e.otp.userPhones)
	}
}
