package cookie

import (
	"errors"
	"fmt"
	"time"

	"github.com/gorilla/securecookie"
)

// newCodecs builds securecookie codecs from key pairs and checks them now,
// since securecookie defers key errors to the first use.
func newCodecs(pairs [][]byte, maxAge time.Duration) ([]securecookie.Codec, error) {
	if len(pairs)%2 != 0 {
		return nil, errors.New("cookie: WithSealing needs hash/block key pairs")
	}
	for i := 0; i < len(pairs); i += 2 {
		if n := len(pairs[i]); n != 32 && n != 64 {
			return nil, fmt.Errorf("cookie: hash key %d is %d bytes, want 32 or 64", i/2, n)
		}
		if n := len(pairs[i+1]); n != 16 && n != 24 && n != 32 {
			return nil, fmt.Errorf("cookie: block key %d is %d bytes, want 16, 24 or 32", i/2, n)
		}
	}
	codecs := securecookie.CodecsFromPairs(pairs...)
	for _, c := range codecs {
		sc, ok := c.(*securecookie.SecureCookie)
		if !ok {
			return nil, errors.New("cookie: unexpected codec type")
		}
		sc.MaxAge(int(maxAge / time.Second)).MaxLength(0).SetSerializer(securecookie.NopEncoder{})
		if _, err := sc.Encode("probe", []byte("probe")); err != nil {
			return nil, fmt.Errorf("cookie: sealing keys unusable: %v", err)
		}
	}
	return codecs, nil
}

// seal encodes value for the cookie called name with the first key pair.
func (s *Store) seal(name, value string) (string, error) {
	out, err := securecookie.EncodeMulti(name, []byte(value), s.codecs...)
	if err != nil {
		return "", fmt.Errorf("cookie: sealing failed: %v", err)
	}
	return out, nil
}

// open unseals both values and reports whether either was sealed with a
// key pair other than the newest. Any value that does not open makes the
// pair untrusted: the error is ErrUnreadable, without detail.
func (s *Store) open(jwt, tok string) (string, string, bool, error) {
	var now int64
	if s.opened != nil {
		now = s.now().Unix()
	}
	var jwtOld, tokOld bool
	var err error
	if jwt != "" {
		if jwt, jwtOld, err = s.unseal(s.jwtName, jwt, now); err != nil {
			return "", "", false, err
		}
	}
	if tok != "" {
		if tok, tokOld, err = s.unseal(s.tokenName, tok, now); err != nil {
			return "", "", false, err
		}
	}
	return jwt, tok, jwtOld || tokOld, nil
}

// unseal opens value, sealed for the cookie called name, from the cache
// when it opened before and has not expired at now (Unix seconds), and
// reports whether an older key pair opened it.
func (s *Store) unseal(name, value string, now int64) (string, bool, error) {
	if len(value) > MaxCookieLength {
		return "", false, ErrUnreadable
	}
	if s.opened != nil {
		if e, ok := s.opened.get(name, value, now); ok {
			return e.plain, e.old, nil
		}
	}
	e, ok := s.decode(name, value)
	if !ok {
		return "", false, ErrUnreadable
	}
	if s.opened != nil {
		if t, ok := sealedAt(value); ok {
			if until := expiry(t, s.o.sealMaxAge); now < until {
				s.opened.put(value, e, until, now)
			}
		}
	}
	return e.plain, e.old, nil
}

// decode opens value with the first key pair that can, newest first, as
// securecookie.DecodeMulti does, and says whether it was an older one.
func (s *Store) decode(name, value string) (openEntry, bool) {
	var out []byte
	for i, c := range s.codecs {
		if c.Decode(name, value, &out) == nil {
			return openEntry{name: name, plain: string(out), old: i > 0}, true
		}
	}
	return openEntry{}, false
}
