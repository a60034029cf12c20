package sessiongate

import "time"

// User is a Stytch consumer user, the part of Stytch's user object a
// handler needs, with its JSON shape. Handlers get one through
// [Verification.User] (when Stytch verified the session during the request)
// or [Lifecycle.User]. It is never cached longer than the session proof it
// came with.
type User struct {
	UserID            string         `json:"user_id"`
	Status            string         `json:"status"`
	Name              UserName       `json:"name"`
	Emails            []UserEmail    `json:"emails"`
	PhoneNumbers      []UserPhone    `json:"phone_numbers"`
	Roles             []string       `json:"roles"`
	TrustedMetadata   map[string]any `json:"trusted_metadata"`
	UntrustedMetadata map[string]any `json:"untrusted_metadata"`
	CreatedAt         time.Time      `json:"created_at,omitzero"`
}

// UserName is a user's name as Stytch stores it; any part may be empty.
type UserName struct {
	FirstName  string `json:"first_name"`
	MiddleName string `json:"middle_name"`
	LastName   string `json:"last_name"`
}

// UserEmail is one email address of a user.
type UserEmail struct {
	EmailID  string `json:"email_id"`
	Email    string `json:"email"`
	Verified bool   `json:"verified"`
}

// UserPhone is one phone number of a user.
type UserPhone struct {
	PhoneID     string `json:"phone_id"`
	PhoneNumber string `json:"phone_number"`
	Verified    bool   `json:"verified"`
}
