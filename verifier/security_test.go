package verifier

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate"
)

// Each TestF… test pins one row of security.md §0.

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func TestF2JSONSerializedJWSRejected(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	seg := strings.Split(e.tokens.SessionJWT, ".")
	forged, _ := json.Marshal(map[string]string{"sub": "user-test-victim"})
	flattened, _ := json.Marshal(map[string]any{
		"payload": b64url(forged), "protected": seg[0], "signature": seg[2],
	})
	general, _ := json.Marshal(map[string]any{
		"payload":    seg[1],
		"signatures": []map[string]string{{"protected": seg[0], "signature": seg[2]}},
	})
	for name, tok := range map[string]string{
		"flattened JSON":     string(flattened),
		"general JSON":       string(general),
		"base64 of JSON":     b64url(flattened),
		"quoted compact":     `"` + e.tokens.SessionJWT + `"`,
		"compact in braces":  "{" + e.tokens.SessionJWT + "}",
		"whitespace wrapped": " " + e.tokens.SessionJWT + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := l.Verify(t.Context(), jwtCred(tok), anyAge)
			wantErr(t, err, sessiongate.ErrInvalidToken)
		})
	}
}

func TestF3CritRejected(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	for name, crit := range map[string]any{
		"unknown extension": []string{"x-unknown"},
		"empty list":        []string{},
		"registered name":   []string{"exp"},
		"not a list":        "exp",
	} {
		t.Run(name, func(t *testing.T) {
			tok := e.resign(func(h, _ map[string]any) { h["crit"] = crit })
			_, err := l.Verify(t.Context(), jwtCred(tok), anyAge)
			wantErr(t, err, sessiongate.ErrInvalidToken)
		})
	}
}

func TestF4AlgConfusion(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	for _, alg := range []any{"none", "HS256", "RS512", "PS256", "ES256", "rs256", "Rs256", "RS256 ", "", nil, []string{"RS256"}, 256} {
		t.Run(strings.TrimSpace(jsonOf(alg)), func(t *testing.T) {
			tok := e.resign(func(h, _ map[string]any) {
				if alg == nil {
					delete(h, "alg")
				} else {
					h["alg"] = alg
				}
			})
			_, err := l.Verify(t.Context(), jwtCred(tok), anyAge)
			wantErr(t, err, sessiongate.ErrInvalidToken)
		})
	}
	t.Run("HS256 keyed with the public key", func(t *testing.T) {
		h, c := e.parts()
		h["alg"] = "HS256"
		hb, _ := json.Marshal(h)
		cb, _ := json.Marshal(c)
		input := b64url(hb) + "." + b64url(cb)
		mac := hmac.New(sha256.New, l.keys.current().keys[h["kid"].(string)].N.Bytes())
		mac.Write([]byte(input))
		_, err := l.Verify(t.Context(), jwtCred(input+"."+b64url(mac.Sum(nil))), anyAge)
		wantErr(t, err, sessiongate.ErrInvalidToken)
	})
	t.Run("none with empty signature", func(t *testing.T) {
		h, c := e.parts()
		h["alg"] = "none"
		hb, _ := json.Marshal(h)
		cb, _ := json.Marshal(c)
		_, err := l.Verify(t.Context(), jwtCred(b64url(hb)+"."+b64url(cb)+"."), anyAge)
		wantErr(t, err, sessiongate.ErrInvalidToken)
	})
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestF5Base64Variants(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	tok := e.tokens.SessionJWT
	seg := strings.Split(tok, ".")
	std := func(s string) string { return strings.NewReplacer("-", "+", "_", "/").Replace(s) }
	variants := map[string]string{
		"padded header":        seg[0] + "==." + seg[1] + "." + seg[2],
		"padded signature":     seg[0] + "." + seg[1] + "." + seg[2] + "==",
		"std alphabet":         std(tok),
		"trailing bits in sig": seg[0] + "." + seg[1] + "." + flipTrailingBits(seg[2]),
		"line break":           seg[0] + "." + seg[1][:10] + "\n" + seg[1][10:] + "." + seg[2],
		"percent-encoded":      strings.NewReplacer("-", "%2D", "_", "%5F").Replace(tok),
	}
	if std(tok) == tok {
		t.Fatal("test token has no - or _; std-alphabet variant is not a variant")
	}
	for name, v := range variants {
		t.Run(name, func(t *testing.T) {
			if v == tok {
				t.Fatal("variant equals the token")
			}
			_, err := l.Verify(t.Context(), jwtCred(v), anyAge)
			wantErr(t, err, sessiongate.ErrInvalidToken)
		})
	}
	_, err := l.Verify(t.Context(), jwtCred(tok), anyAge)
	wantErr(t, err, nil)
}

// flipTrailingBits changes the unused low bits of the last base64 character,
// which lenient decoders ignore (the decoded bytes stay the same).
func flipTrailingBits(s string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	last := strings.IndexByte(alphabet, s[len(s)-1])
	unused := map[int]int{2: 0xF, 3: 0x3}[len(s)%4]
	return s[:len(s)-1] + string(alphabet[last^(unused&1|unused)])
}

func TestF6ExpChecks(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	_, c := e.parts()
	exp := c["exp"].(float64)
	cases := map[string]func(c map[string]any){
		"exp missing":         func(c map[string]any) { delete(c, "exp") },
		"exp zero":            func(c map[string]any) { c["exp"] = 0 },
		"exp negative":        func(c map[string]any) { c["exp"] = -1 },
		"exp numeric string":  func(c map[string]any) { c["exp"] = jsonOf(exp) },
		"exp float string":    func(c map[string]any) { c["exp"] = jsonOf(exp) + ".5" },
		"exp RFC 3339 string": func(c map[string]any) { c["exp"] = "2099-01-01T00:00:00Z" },
		"exp null":            func(c map[string]any) { c["exp"] = nil },
		"exp bool":            func(c map[string]any) { c["exp"] = true },
		"exp huge":            func(c map[string]any) { c["exp"] = 1e300 },
		"exp before iat":      func(c map[string]any) { c["exp"] = c["iat"].(float64) - 1 },
		"exp equals iat":      func(c map[string]any) { c["exp"] = c["iat"] },
		"lifetime too long":   func(c map[string]any) { c["exp"] = c["iat"].(float64) + 300 + 6 },
		"iat missing":         func(c map[string]any) { delete(c, "iat") },
		"iat string":          func(c map[string]any) { c["iat"] = jsonOf(c["iat"]) },
		"iat zero":            func(c map[string]any) { c["iat"] = 0 },
		"nbf string":          func(c map[string]any) { c["nbf"] = jsonOf(c["nbf"]) },
		"nbf zero":            func(c map[string]any) { c["nbf"] = 0 },
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			tok := e.resign(func(_, c map[string]any) { edit(c) })
			_, err := l.Verify(t.Context(), jwtCred(tok), anyAge)
			wantErr(t, err, sessiongate.ErrInvalidToken)
		})
	}
}

func TestF9M2MTokensRejected(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	cases := map[string]func(c map[string]any){
		"M2M scope":   func(c map[string]any) { c["scope"] = "read:users" },
		"empty scope": func(c map[string]any) { c["scope"] = "" },
		"M2M shape": func(c map[string]any) {
			delete(c, "https://stytch.com/session")
			c["scope"] = "read"
			c["sub"] = "m2m-client-test-1"
		},
		"no session claim":         func(c map[string]any) { delete(c, "https://stytch.com/session") },
		"session claim without id": func(c map[string]any) { delete(c["https://stytch.com/session"].(map[string]any), "id") },
		"session id empty":         func(c map[string]any) { c["https://stytch.com/session"].(map[string]any)["id"] = "" },
		"session claim not object": func(c map[string]any) { c["https://stytch.com/session"] = "session-test-1" },
		"sub not a user":           func(c map[string]any) { c["sub"] = "member-test-1" },
		"sub missing":              func(c map[string]any) { delete(c, "sub") },
		"B2B organization claim": func(c map[string]any) {
			c["https://stytch.com/organization"] = map[string]any{"organization_id": "organization-test-1"}
		},
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			tok := e.resign(func(_, c map[string]any) { edit(c) })
			_, err := l.Verify(t.Context(), jwtCred(tok), anyAge)
			wantErr(t, err, sessiongate.ErrInvalidToken)
		})
	}
}

func TestF10ExactKeysAndDuplicates(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	h, c := e.parts()
	hb, _ := json.Marshal(h)
	genuine, _ := json.Marshal(c)
	session, _ := json.Marshal(c["https://stytch.com/session"])
	body := string(genuine[1 : len(genuine)-1])
	forgedFactors := `{"id":"session-test-forged","authentication_factors":[{"type":"totp","delivery_method":"authenticator_app","last_authenticated_at":"2099-01-01T00:00:00Z"}]}`
	cases := map[string]string{
		"case-variant session claim": `{` + body + `,"HTTPS://STYTCH.COM/SESSION":` + forgedFactors + `}`,
		"duplicate session claim":    `{` + body + `,"https://stytch.com/session":` + forgedFactors + `}`,
		"duplicate sub":              `{` + body + `,"sub":"user-test-victim"}`,
		"escaped duplicate sub":      `{` + body + `,"s\u0075b":"user-test-victim"}`,
		"case-variant exp":           `{` + body + `,"EXP":4102444800}`,
		"case-variant key in session": `{` + body[:0] + strings.Replace(body, `"https://stytch.com/session":`+string(session),
			`"https://stytch.com/session":`+string(session[:len(session)-1])+`,"ID":"session-test-forged"}`, 1) + `}`,
		"duplicate key in factor": `{` + strings.Replace(body, `"type":"password"`, `"type":"password","Type":"totp"`, 1) + `}`,
	}
	for name, payload := range cases {
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(payload, "forged") && !strings.Contains(payload, "victim") && !strings.Contains(payload, "EXP") && !strings.Contains(payload, "Type") {
				t.Fatal("case did not modify the payload")
			}
			tok := e.srv.SignRaw(hb, []byte(payload))
			_, err := l.Verify(t.Context(), jwtCred(tok), anyAge)
			wantErr(t, err, sessiongate.ErrInvalidToken)
		})
	}
	t.Run("duplicate header parameter", func(t *testing.T) {
		hdr := `{"alg":"RS256","alg":"none","kid":"` + h["kid"].(string) + `","typ":"JWT"}`
		_, err := l.Verify(t.Context(), jwtCred(e.srv.SignRaw([]byte(hdr), genuine)), anyAge)
		wantErr(t, err, sessiongate.ErrInvalidToken)
	})
	t.Run("genuine payload re-signed raw verifies", func(t *testing.T) {
		_, err := l.Verify(t.Context(), jwtCred(e.srv.SignRaw(hb, genuine)), anyAge)
		wantErr(t, err, nil)
	})
}
