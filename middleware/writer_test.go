package middleware_test

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/middleware"
)

func setCookieNamed(h http.Header, name string) []string {
	var out []string
	for _, line := range h.Values("Set-Cookie") {
		if strings.HasPrefix(line, name+"=") {
			out = append(out, line)
		}
	}
	return out
}

func TestRefreshRewritesCookie(t *testing.T) {
	m := newMiddleware(t, &fakeVerifier{})
	w := serve(m.RequireSession(okHandler), newRequest("GET", "/", "Cookie", "stytch_session="+staleToken))
	res := w.Result() // headers as sent with the first byte
	want := "stytch_session_jwt=" + freshJWT + "; Path=/; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Secure; SameSite=Lax"
	if got := res.Header.Values("Set-Cookie"); len(got) != 1 || got[0] != want {
		t.Errorf("Set-Cookie = %q, want [%q]", got, want)
	}
	if got := res.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", got)
	}
	if got := res.Header.Get(middleware.HeaderSessionJWT); got != "" {
		t.Errorf("%s = %q for a cookie client, want none", middleware.HeaderSessionJWT, got)
	}
}

func TestRefreshHandlerCookieWins(t *testing.T) {
	m := newMiddleware(t, &fakeVerifier{})
	h := m.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "stytch_session_jwt", Value: "handler", Path: "/"})
		w.WriteHeader(http.StatusNoContent)
	}))
	w := serve(h, newRequest("GET", "/", "Cookie", "stytch_session="+staleToken))
	if got := setCookieNamed(w.Result().Header, "stytch_session_jwt"); len(got) != 1 || !strings.HasPrefix(got[0], "stytch_session_jwt=handler") {
		t.Errorf("JWT Set-Cookie = %q, want only the handler's", got)
	}
}

func TestRefreshHeaderClient(t *testing.T) {
	m := newMiddleware(t, &fakeVerifier{})
	w := serve(m.RequireSession(okHandler), newRequest("GET", "/", "Authorization", "Bearer "+staleToken))
	res := w.Result()
	if got := res.Header.Get(middleware.HeaderSessionJWT); got != freshJWT {
		t.Errorf("%s = %q, want the fresh JWT", middleware.HeaderSessionJWT, got)
	}
	if got := res.Header.Values("Set-Cookie"); len(got) != 0 {
		t.Errorf("Set-Cookie = %q for a header client, want none", got)
	}
	if got := res.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", got)
	}
}

func TestRecheckFromHandler(t *testing.T) {
	for _, tok := range []string{goodToken, staleToken} {
		t.Run(tok[:4], func(t *testing.T) {
			fv := &fakeVerifier{}
			m := newMiddleware(t, fv)
			h := m.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rc, _ := sessiongate.RecheckerFromContext(r.Context())
				v, err := rc.Recheck(r.Context(), sessiongate.ConfirmWithServer())
				if err != nil || v.Source != sessiongate.SourceRemote {
					t.Errorf("Recheck() = %+v, %v; want a remote verification", v, err)
				}
				w.WriteHeader(http.StatusOK)
			}))
			w := serve(h, newRequest("GET", "/", "Cookie", "stytch_session="+tok))
			if got := setCookieNamed(w.Result().Header, "stytch_session_jwt"); len(got) != 1 || !strings.Contains(got[0], freshJWT) {
				t.Errorf("JWT Set-Cookie = %q, want exactly one with the fresh JWT", got)
			}
			calls := fv.Calls()
			if len(calls) != 2 || calls[1].Creds.Token != tok {
				t.Errorf("calls = %+v, want a second call with the request's token", calls)
			}
		})
	}
}

// headerLog records the headers present at each WriteHeader.
type headerLog struct {
	http.ResponseWriter
	codes   []int
	cookies []int
}

func (h *headerLog) WriteHeader(code int) {
	h.codes = append(h.codes, code)
	h.cookies = append(h.cookies, len(h.Header().Values("Set-Cookie")))
	h.ResponseWriter.WriteHeader(code)
}

func TestInformationalStatusDoesNotEmit(t *testing.T) {
	m := newMiddleware(t, &fakeVerifier{})
	h := m.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusEarlyHints)
		w.WriteHeader(http.StatusOK)
	}))
	log := &headerLog{ResponseWriter: httptest.NewRecorder()}
	h.ServeHTTP(log, newRequest("GET", "/", "Cookie", "stytch_session="+staleToken))
	if len(log.codes) != 2 || log.cookies[0] != 0 || log.cookies[1] != 1 {
		t.Errorf("codes %v with cookie counts %v, want [103 200] with [0 1]", log.codes, log.cookies)
	}
}

func TestStreamingThroughWrapper(t *testing.T) {
	m := newMiddleware(t, &fakeVerifier{})
	h := m.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		if err := rc.Flush(); err != nil {
			t.Errorf("ResponseController.Flush() error = %v", err)
		}
		w.(http.Flusher).Flush()
	}))
	w := serve(h, newRequest("GET", "/", "Cookie", "stytch_session="+staleToken))
	if !w.Flushed || len(w.Result().Header.Values("Set-Cookie")) != 1 {
		t.Errorf("Flushed = %v, Set-Cookie %q; want a flush carrying the cookie", w.Flushed, w.Result().Header.Values("Set-Cookie"))
	}
}

func TestReadFromThroughWrapper(t *testing.T) {
	m := newMiddleware(t, &fakeVerifier{})
	h := m.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := w.(io.ReaderFrom); !ok {
			t.Error("wrapper is not an io.ReaderFrom")
		}
		_, _ = io.Copy(w, strings.NewReader("streamed"))
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, rec := range []bool{false, true} {
		var res *http.Response
		if rec {
			res = serve(h, newRequest("GET", "/", "Cookie", "stytch_session="+staleToken)).Result()
		} else {
			req, _ := http.NewRequest("GET", srv.URL, nil)
			req.Header.Set("Cookie", "stytch_session="+staleToken)
			var err error
			if res, err = srv.Client().Do(req); err != nil {
				t.Fatal(err)
			}
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if string(body) != "streamed" || len(res.Header.Values("Set-Cookie")) != 1 {
			t.Errorf("recorder=%v: body %q, Set-Cookie %q; want the body and one cookie", rec, body, res.Header.Values("Set-Cookie"))
		}
	}
}

func TestHijackThroughWrapper(t *testing.T) {
	m := newMiddleware(t, &fakeVerifier{})
	h := m.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := w.(http.Hijacker); !ok {
			t.Error("wrapper is not an http.Hijacker")
		}
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("Hijack() error = %v", err)
			return
		}
		defer conn.Close()
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
		_ = buf.Flush()
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL, nil)
	req.Header.Set("Cookie", "stytch_session="+staleToken)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(bufio.NewReader(res.Body))
	if string(body) != "hijacked" {
		t.Errorf("body = %q, want hijacked", body)
	}
}

func TestNoWrapperWithoutRefresh(t *testing.T) {
	m := newMiddleware(t, &fakeVerifier{})
	outer := httptest.NewRecorder()
	h := m.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if w != http.ResponseWriter(outer) {
			t.Errorf("handler got %T, want the original ResponseWriter", w)
		}
	}))
	h.ServeHTTP(outer, newRequest("GET", "/", "Cookie", "stytch_session="+goodToken))
}
