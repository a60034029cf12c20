package middleware

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"

	"github.com/sessiongate/sessiongate"
)

// Response headers carrying fresh credentials to header (Bearer) clients.
const (
	// HeaderSessionJWT carries a session JWT Stytch issued while verifying
	// the request; the client should send it next time.
	HeaderSessionJWT = "X-Session-JWT"
	// HeaderSessionToken carries a new opaque session token, rarely issued.
	HeaderSessionToken = "X-Session-Token"
)

var errNoSessionFromVerifier = fmt.Errorf("%w: middleware: verifier returned no session", sessiongate.ErrMisconfigured)

// deliver arranges for fresh credentials in v to reach the client: it
// returns a ResponseWriter that adds them before the first byte, or w
// itself when there is nothing to add (no allocation).
func (m *Middleware) deliver(w http.ResponseWriter, r *http.Request, src CredentialSource, creds sessiongate.Credentials, v *sessiongate.Verification) (http.ResponseWriter, bool) {
	if v.JWT == "" && v.Token == "" {
		return w, false
	}
	lw := &lazyWriter{ResponseWriter: w, m: m, r: r, src: src, creds: creds, v: v}
	return lw, m.fallback(r, src, v)
}

// fallback reports whether v's JWT is too large for its cookie (computed
// ahead so the decision's event can say so).
func (m *Middleware) fallback(r *http.Request, src CredentialSource, v *sessiongate.Verification) bool {
	if src != CredentialCookie || m.cookies == nil || v.JWT == "" {
		return false
	}
	_, res, err := m.cookies.SetCookies(r, sessiongate.Credentials{JWT: v.JWT}, v.Session.ExpiresAt)
	return err == nil && res.JWTDropped
}

// emit writes fresh credentials from v into h: cookies for cookie clients
// (skipping any cookie the handler already set), response headers for
// header clients, and Cache-Control: no-store. It reports the cookie size
// fallback.
func (m *Middleware) emit(h http.Header, r *http.Request, src CredentialSource, creds sessiongate.Credentials, v *sessiongate.Verification) bool {
	if v.JWT == "" && v.Token == "" {
		return false
	}
	h.Set("Cache-Control", "no-store")
	if src != CredentialCookie || m.cookies == nil {
		if v.JWT != "" {
			h.Set(HeaderSessionJWT, v.JWT)
		}
		if v.Token != "" && v.Token != creds.Token {
			h.Set(HeaderSessionToken, v.Token)
		}
		return false
	}
	cookies, res, err := m.cookies.SetCookies(r, sessiongate.Credentials{JWT: v.JWT, Token: v.Token, SessionID: v.Session.SessionID}, v.Session.ExpiresAt)
	if err != nil {
		return false
	}
	for _, c := range cookies {
		if !hasCookie(h, c.Name) {
			h.Add("Set-Cookie", c.String())
		}
	}
	return res.JWTDropped
}

// hasCookie reports whether h already sets a cookie called name.
func hasCookie(h http.Header, name string) bool {
	for _, line := range h["Set-Cookie"] {
		if len(line) > len(name) && line[len(name)] == '=' && line[:len(name)] == name {
			return true
		}
	}
	return false
}

// lazyWriter adds fresh credentials to the response just before its
// header is sent: on WriteHeader, Write, Flush or ReadFrom. Unwrap lets
// [http.ResponseController] reach the underlying writer (Hijack, deadlines).
type lazyWriter struct {
	http.ResponseWriter
	m     *Middleware
	r     *http.Request
	src   CredentialSource
	creds sessiongate.Credentials
	v     *sessiongate.Verification
	done  bool
}

func (w *lazyWriter) emit() {
	if !w.done {
		w.done = true
		w.m.emit(w.Header(), w.r, w.src, w.creds, w.v)
	}
}

// WriteHeader adds the credentials, then writes the status. Informational
// (1xx) statuses other than 101 do not trigger it.
func (w *lazyWriter) WriteHeader(code int) {
	if code >= 200 || code == http.StatusSwitchingProtocols {
		w.emit()
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write adds the credentials, then writes b.
func (w *lazyWriter) Write(b []byte) (int, error) {
	w.emit()
	return w.ResponseWriter.Write(b)
}

// Flush adds the credentials, then flushes when the underlying writer can.
func (w *lazyWriter) Flush() { _ = w.FlushError() }

// FlushError is Flush reporting failure; [http.ResponseController] uses it.
func (w *lazyWriter) FlushError() error {
	w.emit()
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// ReadFrom adds the credentials, then copies from src, using the
// underlying writer's ReadFrom when it has one.
func (w *lazyWriter) ReadFrom(src io.Reader) (int64, error) {
	w.emit()
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	return io.Copy(writerOnly{w.ResponseWriter}, src)
}

// Hijack hands the connection over, for code that type-asserts
// [http.Hijacker] instead of using [http.ResponseController]. It fails with
// [http.ErrNotSupported] when the underlying writer cannot hijack.
func (w *lazyWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap returns the underlying ResponseWriter.
func (w *lazyWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

type writerOnly struct{ io.Writer }
