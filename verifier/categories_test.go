package verifier

import (
	"strings"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
	"github.com/sessiongate/sessiongate/internal/sessionjwt"
)

// security.md §2 category A: token format and header.
func TestCategoryATokenFormatAndHeader(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	tok := e.tokens.SessionJWT
	seg := strings.Split(tok, ".")
	formats := map[string]string{
		"one segment":       seg[0],
		"two segments":      seg[0] + "." + seg[1],
		"four segments":     tok + "." + seg[2],
		"JWE (5 segments)":  seg[0] + ".." + seg[1] + "." + seg[2] + ".x",
		"empty payload":     seg[0] + ".." + seg[2],
		"empty header":      "." + seg[1] + "." + seg[2],
		"trailing dot":      tok + ".",
		"oversized":         seg[0] + "." + strings.Repeat("A", MaxJWTLength) + "." + seg[2],
		"non-ASCII":         tok[:20] + "é" + tok[21:],
		"NUL byte":          tok[:20] + "\x00" + tok[21:],
		"header not JSON":   b64url([]byte("not json")) + "." + seg[1] + "." + seg[2],
		"header array":      b64url([]byte(`["RS256"]`)) + "." + seg[1] + "." + seg[2],
		"header bad UTF-8":  b64url([]byte("{\"alg\":\"RS256\xff\"}")) + "." + seg[1] + "." + seg[2],
		"header trailing":   b64url([]byte(`{"alg":"RS256","kid":"k"} x`)) + "." + seg[1] + "." + seg[2],
		"signature garbage": seg[0] + "." + seg[1] + "." + seg[2][:len(seg[2])-8] + "AAAAAAAA",
		"signature short":   seg[0] + "." + seg[1] + "." + seg[2][:40],
		"payload swapped":   seg[0] + "." + b64url([]byte(`{"sub":"user-test-x"}`)) + "." + seg[2],
	}
	for name, v := range formats {
		t.Run(name, func(t *testing.T) {
			_, err := l.Verify(t.Context(), jwtCred(v), anyAge)
			wantErr(t, err, sessiongate.ErrInvalidToken)
		})
	}
	headers := map[string]func(h map[string]any){
		"kid missing":        func(h map[string]any) { delete(h, "kid") },
		"kid empty":          func(h map[string]any) { h["kid"] = "" },
		"kid path traversal": func(h map[string]any) { h["kid"] = "../../etc/passwd" },
		"kid SQL":            func(h map[string]any) { h["kid"] = "x' OR '1'='1" },
		"kid too long":       func(h map[string]any) { h["kid"] = strings.Repeat("k", sessionjwt.MaxKIDLength+1) },
		"kid number":         func(h map[string]any) { h["kid"] = 7 },
		"embedded jwk":       func(h map[string]any) { h["jwk"] = map[string]any{"kty": "RSA"} },
		"jku":                func(h map[string]any) { h["jku"] = "https://attacker.example/jwks" },
		"x5u":                func(h map[string]any) { h["x5u"] = "https://attacker.example/cert" },
		"x5c":                func(h map[string]any) { h["x5c"] = []string{"MIIB"} },
		"zip":                func(h map[string]any) { h["zip"] = "DEF" },
		"enc":                func(h map[string]any) { h["enc"] = "A128GCM" },
		"b64 false":          func(h map[string]any) { h["b64"] = false },
		"typ at+jwt":         func(h map[string]any) { h["typ"] = "at+jwt" },
		"typ lowercase":      func(h map[string]any) { h["typ"] = "jwt" },
		"typ number":         func(h map[string]any) { h["typ"] = 1 },
	}
	for name, edit := range headers {
		t.Run(name, func(t *testing.T) {
			_, err := l.Verify(t.Context(), jwtCred(e.resign(func(h, _ map[string]any) { edit(h) })), anyAge)
			wantErr(t, err, sessiongate.ErrInvalidToken)
		})
	}
	t.Run("empty credential", func(t *testing.T) {
		_, err := l.Verify(t.Context(), sessiongate.Credentials{}, anyAge)
		wantErr(t, err, sessiongate.ErrNoSession)
	})
	t.Run("typ absent is accepted", func(t *testing.T) {
		_, err := l.Verify(t.Context(), jwtCred(e.resign(func(h, _ map[string]any) { delete(h, "typ") })), anyAge)
		wantErr(t, err, nil)
	})
	t.Run("unknown header parameter is ignored", func(t *testing.T) {
		_, err := l.Verify(t.Context(), jwtCred(e.resign(func(h, _ map[string]any) { h["x-extra"] = 1 })), anyAge)
		wantErr(t, err, nil)
	})
}

// security.md §2 category B: claims.
func TestCategoryBClaims(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	pid := e.srv.ProjectID()
	sess := func(c map[string]any) map[string]any { return c["https://stytch.com/session"].(map[string]any) }
	bad := map[string]func(c map[string]any){
		"iss other project":      func(c map[string]any) { c["iss"] = "stytch.com/project-test-other" },
		"iss case variant":       func(c map[string]any) { c["iss"] = "Stytch.com/" + pid },
		"iss missing":            func(c map[string]any) { delete(c, "iss") },
		"iss array":              func(c map[string]any) { c["iss"] = []string{"stytch.com/" + pid} },
		"aud other project":      func(c map[string]any) { c["aud"] = []string{"project-test-other"} },
		"aud missing":            func(c map[string]any) { delete(c, "aud") },
		"aud empty array":        func(c map[string]any) { c["aud"] = []string{} },
		"aud non-string element": func(c map[string]any) { c["aud"] = []any{pid, 1} },
		"aud prefix only":        func(c map[string]any) { c["aud"] = pid[:len(pid)-1] },
		"sub empty":              func(c map[string]any) { c["sub"] = "" },
		"sub bad charset":        func(c map[string]any) { c["sub"] = "user-test-<script>" },
		"factors not a list":     func(c map[string]any) { sess(c)["authentication_factors"] = "totp" },
		"factor not an object":   func(c map[string]any) { sess(c)["authentication_factors"] = []any{"totp"} },
		"factor time not RFC3339": func(c map[string]any) {
			sess(c)["authentication_factors"] = []any{map[string]any{"type": "totp", "last_authenticated_at": "yesterday"}}
		},
		"huge factor list": func(c map[string]any) {
			fs := make([]any, 64+1) // the parser keeps at most 64
			for i := range fs {
				fs[i] = map[string]any{"type": "password", "delivery_method": "knowledge"}
			}
			sess(c)["authentication_factors"] = fs
		},
		"started_at number":  func(c map[string]any) { sess(c)["started_at"] = 1 },
		"expires_at garbage": func(c map[string]any) { sess(c)["expires_at"] = "soon" },
		"roles not strings":  func(c map[string]any) { sess(c)["roles"] = []any{1} },
		"too many claims": func(c map[string]any) {
			for i := range 64 { // the parser reads at most 64 claims
				c["custom_"+strings.Repeat("x", i)] = i
			}
		},
	}
	for name, edit := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := l.Verify(t.Context(), jwtCred(e.resign(func(_, c map[string]any) { edit(c) })), anyAge)
			wantErr(t, err, sessiongate.ErrInvalidToken)
		})
	}
	good := map[string]func(c map[string]any){
		"aud as string":         func(c map[string]any) { c["aud"] = pid },
		"aud array with others": func(c map[string]any) { c["aud"] = []string{"other", pid} },
		"nbf absent":            func(c map[string]any) { delete(c, "nbf") },
		"jti ignored":           func(c map[string]any) { c["jti"] = "x" },
		"custom claims":         func(c map[string]any) { c["plan"] = "pro"; c["nested"] = map[string]any{"a": []any{1.0}} },
	}
	for name, edit := range good {
		t.Run(name, func(t *testing.T) {
			v, err := l.Verify(t.Context(), jwtCred(e.resign(func(_, c map[string]any) { edit(c) })), anyAge)
			wantErr(t, err, nil)
			if name == "custom claims" && (v.Session.CustomClaims["plan"] != "pro" || v.Session.CustomClaims["nested"] == nil) {
				t.Errorf("CustomClaims = %v, want plan and nested", v.Session.CustomClaims)
			}
			if _, ok := v.Session.CustomClaims["jti"]; ok {
				t.Error("jti surfaced as a custom claim")
			}
		})
	}
	t.Run("custom issuer is the base URL", func(t *testing.T) {
		tok := e.resign(func(_, c map[string]any) { c["iss"] = e.srv.URL })
		_, err := l.Verify(t.Context(), jwtCred(tok), anyAge)
		wantErr(t, err, nil)
	})
}

// security.md §2 category H: clock skew at every boundary (leeway 5 s).
func TestCategoryHClockSkewBoundaries(t *testing.T) {
	e := newEnv(t)
	l := e.local(WithCacheSize(0))
	now := float64(epoch.Unix())
	lw := float64(DefaultLeeway / 1e9)
	type tc struct {
		iat, nbf, exp float64
		want          error
	}
	cases := map[string]tc{
		"iat at now+leeway":      {now + lw, now, now + lw + 300, nil},
		"iat past now+leeway":    {now + lw + 1, now, now + lw + 301, sessiongate.ErrInvalidToken},
		"nbf at now+leeway":      {now, now + lw, now + 300, nil},
		"nbf past now+leeway":    {now, now + lw + 1, now + 300, sessiongate.ErrInvalidToken},
		"exp just inside leeway": {now - 300, now - 300, now - lw + 1, nil},
		"exp at now-leeway":      {now - 300, now - 300, now - lw, sessiongate.ErrExpired},
		"exp long gone":          {now - 900, now - 900, now - 600, sessiongate.ErrExpired},
		"lifetime 300+leeway":    {now, now, now + 300 + lw, nil},
		"lifetime 300+leeway+1":  {now, now, now + 301 + lw, sessiongate.ErrInvalidToken},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			tok := e.resign(func(_, cl map[string]any) { cl["iat"], cl["nbf"], cl["exp"] = c.iat, c.nbf, c.exp })
			_, err := l.Verify(t.Context(), jwtCred(tok), sessiongate.MaxTokenAge(1<<40))
			wantErr(t, err, c.want)
		})
	}
}

// Category H, max token age boundary: an age equal to the bound passes, one
// second more does not.
func TestCategoryHMaxTokenAgeBoundary(t *testing.T) {
	e := newEnv(t)
	l := e.local()
	e.srv.Advance(time.Minute)
	_, err := l.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), sessiongate.MaxTokenAge(time.Minute))
	wantErr(t, err, nil)
	_, err = l.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), sessiongate.MaxTokenAge(time.Minute-time.Second))
	wantErr(t, err, sessiongate.ErrTooOld)
	_, err = l.Verify(t.Context(), jwtCred(e.tokens.SessionJWT), sessiongate.ConfirmWithServer())
	wantErr(t, err, sessiongate.ErrTooOld)
}
