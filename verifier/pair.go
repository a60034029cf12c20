package verifier

import (
	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/sessionjwt"
)

// pairConsistent refuses credentials whose JWT names another session than
// the one Stytch vouched for through the token sent with it (a stytch_session
// cookie of one session next to a stytch_session_jwt of another): accepting
// the pair would silently switch the client to the token's session. The
// JWT's claim is read without its signature, which is safe here because it
// can only cause a refusal, and a JWT too broken to read is refused too: the
// token never papers over a bad JWT.
func pairConsistent(c sessiongate.Credentials, s *sessiongate.Session) error {
	if c.Token == "" || c.JWT == "" {
		return nil
	}
	if sid, _, err := sessionjwt.Peek(c.JWT); err != nil || sid != s.SessionID {
		return invalid("session JWT and session token name different sessions")
	}
	return nil
}

// verificationFor is the caller's Verification of res, once the pair c
// was sent as is consistent with it.
func (res *remoteResult) verificationFor(c sessiongate.Credentials, src sessiongate.Source) (*sessiongate.Verification, error) {
	if err := pairConsistent(c, res.session); err != nil {
		return nil, err
	}
	return res.verification(c, src), nil
}
