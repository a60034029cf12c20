package stytchtest

import (
	"net/http"

	"github.com/sessiongate/sessiongate"
)

// otpSendResponse is the answer of the OTP send and login_or_create
// endpoints: phone_id for SMS, email_id for email.
type otpSendResponse struct {
	ok
	UserID      string `json:"user_id"`
	PhoneID     string `json:"phone_id,omitempty"`
	EmailID     string `json:"email_id,omitempty"`
	UserCreated *bool  `json:"user_created,omitempty"`
}

// sent is who a passcode went to: the user, the method id, and whether the
// request created the user.
type sent struct {
	userID   string
	methodID string
	created  bool
}

func (e *Emulator) serveOTPSMSLoginOrCreate(w http.ResponseWriter, r *http.Request) {
	e.serveOTPSend(w, r, sessiongate.DeliverySMS, true)
}

func (e *Emulator) serveOTPSMSSend(w http.ResponseWriter, r *http.Request) {
	e.serveOTPSend(w, r, sessiongate.DeliverySMS, false)
}

func (e *Emulator) serveOTPEmailLoginOrCreate(w http.ResponseWriter, r *http.Request) {
	e.serveOTPSend(w, r, sessiongate.DeliveryEmail, true)
}

func (e *Emulator) serveOTPEmailSend(w http.ResponseWriter, r *http.Request) {
	e.serveOTPSend(w, r, sessiongate.DeliveryEmail, false)
}

// serveOTPSend serves the four send endpoints: by SMS or email, to any
// recipient (creating the user) or to a known one.
func (e *Emulator) serveOTPSend(w http.ResponseWriter, r *http.Request, by sessiongate.DeliveryMethod, create bool) {
	data, err := readBody(r)
	if err == nil {
		var s otpSend
		if s, err = parseOTPSend(data, by == sessiongate.DeliverySMS); err == nil {
			var out sent
			if out, err = e.sendOTP(s, by, create); err == nil {
				writeJSON(w, http.StatusOK, sendResponse(out, by, create))
				return
			}
		}
	}
	writeError(w, err)
}

func sendResponse(out sent, by sessiongate.DeliveryMethod, create bool) otpSendResponse {
	resp := otpSendResponse{ok: success(), UserID: out.userID}
	if by == sessiongate.DeliverySMS {
		resp.PhoneID = out.methodID
	} else {
		resp.EmailID = out.methodID
	}
	if create {
		resp.UserCreated = &out.created
	}
	return resp
}

// sendOTP finds (or, when create, creates) the user s is for and sends the
// passcode. The sandbox recipients get no passcode.
func (e *Emulator) sendOTP(s otpSend, by sessiongate.DeliveryMethod, create bool) (sent, *apiError) {
	if out, ok := sandboxOTPRecipient(s.to); ok {
		return out, nil
	}
	var named namedUser
	if !create {
		var err *apiError
		if named, err = e.parseNamed(s.req); err != nil {
			return sent{}, err
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	out, err := e.recipientLocked(s.to, by, create, named)
	if err != nil {
		return sent{}, err
	}
	e.sendOTPLocked(otpCode{userID: out.userID, methodID: out.methodID, delivery: by, to: s.to}, s.minutes)
	return out, nil
}

// recipientLocked resolves the recipient to a user and method id. The
// caller holds e.mu.
func (e *Emulator) recipientLocked(to string, by sessiongate.DeliveryMethod, create bool, named namedUser) (sent, *apiError) {
	if by == sessiongate.DeliveryEmail {
		if create {
			u, created, err := e.passwordlessUserLocked(to)
			if err != nil {
				return sent{}, err
			}
			return sent{userID: u.id, methodID: u.emailID, created: created}, nil
		}
		id, ok := e.emails[to]
		if !ok {
			return sent{}, errEmailNotFound
		}
		return sent{userID: id, methodID: e.users[id].emailID}, named.check(e, id)
	}
	if p, ok := e.otp.phones[to]; ok {
		return sent{userID: p.userID, methodID: p.id}, named.check(e, p.userID)
	}
	if create {
		return sent{userID: e.createPhoneUserLocked(to), methodID: e.otp.phones[to].id, created: true}, nil
	}
	// A new number for the named user: it joins the user when the passcode
	// sent to it is authenticated.
	id, err := named.resolveLocked(e)
	if err != nil {
		return sent{}, err
	}
	if id == "" {
		return sent{}, errPhoneNotFound
	}
	return sent{userID: id, methodID: newID("phone-number")}, nil
}

// createPhoneUserLocked creates a user with only the phone number number
// and returns its id. The caller holds e.mu.
func (e *Emulator) createPhoneUserLocked(number string) string {
	u := &user{id: newID("user"), createdAt: e.Now()}
	e.users[u.id] = u
	e.addPhoneLocked(number, u.id, newID("phone-number"))
	return u.id
}
