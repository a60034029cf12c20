package verifier

import (
	"testing"
	"time"

	"github.com/sessiongate/sessiongate"
)

// TestJWTSessionConsistency pins issue 11 item 7 on the local path: a
// correctly signed JWT whose sub or session id is not in Stytch's shape, or
// whose session starts or was last used after now + leeway, is invalid.
func TestJWTSessionConsistency(t *testing.T) {
	e := newEnv(t)
	l := e.local(WithCacheSize(0))
	sess := func(c map[string]any) map[string]any { return c["https://stytch.com/session"].(map[string]any) }
	ahead := func(d time.Duration) string { return epoch.Add(d).Format(time.RFC3339) }
	cases := map[string]struct {
		edit func(c map[string]any)
		want error
	}{
		"sub user-evil":                    {func(c map[string]any) { c["sub"] = "user-evil" }, sessiongate.ErrInvalidToken},
		"sub user-test-1":                  {func(c map[string]any) { c["sub"] = "user-test-1" }, sessiongate.ErrInvalidToken},
		"session id session-evil":          {func(c map[string]any) { sess(c)["id"] = "session-evil" }, sessiongate.ErrInvalidToken},
		"started_at an hour ahead":         {func(c map[string]any) { sess(c)["started_at"] = ahead(time.Hour) }, sessiongate.ErrInvalidToken},
		"last_accessed_at an hour ahead":   {func(c map[string]any) { sess(c)["last_accessed_at"] = ahead(time.Hour) }, sessiongate.ErrInvalidToken},
		"started_at one second too late":   {func(c map[string]any) { sess(c)["started_at"] = ahead(DefaultLeeway + time.Second) }, sessiongate.ErrInvalidToken},
		"started_at within the leeway":     {func(c map[string]any) { sess(c)["started_at"] = ahead(DefaultLeeway) }, nil},
		"last_accessed_at within leeway":   {func(c map[string]any) { sess(c)["last_accessed_at"] = ahead(DefaultLeeway) }, nil},
		"genuine ids and times, re-signed": {func(map[string]any) {}, nil},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := l.Verify(t.Context(), jwtCred(e.resign(func(_, cl map[string]any) { c.edit(cl) })), anyAge)
			wantErr(t, err, c.want)
		})
	}
}
