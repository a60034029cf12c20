package cookie_test

import (
	"bytes"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/cookie"
)

const testSessionID = "session-test-5b2f8f2c-1e77-4d0b-9a33-0c6b9f6e2d41"

// TestBindingRoundTrip: a server-managed store binds the token cookie to
// the session it was written for and reads the binding back; a
// frontend-managed store (the browser SDK's format) never binds, and a
// token written without a session id reads back unbound.
func TestBindingRoundTrip(t *testing.T) {
	pairs := [][]byte{bytes.Repeat([]byte("h"), 32), bytes.Repeat([]byte("b"), 32)}
	tests := []struct {
		name string
		opts []cookie.Option
		in   sessiongate.Credentials
		want sessiongate.Credentials
	}{
		{"server-managed binds", []cookie.Option{cookie.WithServerManaged()},
			sessiongate.Credentials{JWT: testJWT, Token: testToken, SessionID: testSessionID},
			sessiongate.Credentials{JWT: testJWT, Token: testToken, SessionID: testSessionID}},
		{"sealed binds", []cookie.Option{cookie.WithServerManaged(), cookie.WithSealing(pairs...)},
			sessiongate.Credentials{Token: testToken, SessionID: testSessionID},
			sessiongate.Credentials{Token: testToken, SessionID: testSessionID}},
		{"without a session id: unbound", []cookie.Option{cookie.WithServerManaged()},
			sessiongate.Credentials{Token: testToken},
			sessiongate.Credentials{Token: testToken}},
		{"frontend-managed never binds", nil,
			sessiongate.Credentials{JWT: testJWT, Token: testToken, SessionID: testSessionID},
			sessiongate.Credentials{JWT: testJWT, Token: testToken}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustStore(t, tc.opts...)
			w := httptest.NewRecorder()
			if _, err := s.Write(w, request(), tc.in, time.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			got, err := s.Read(request(cookieHeader(w.Header().Values("Set-Cookie"))))
			if err != nil || got != tc.want {
				t.Errorf("Read() = %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}
