package sessionredis

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// mac is HMAC-SHA256 under s's key of the domain-separated parts.
func (s *Shared) mac(parts ...string) []byte {
	m := hmac.New(sha256.New, s.key)
	for _, p := range parts {
		m.Write([]byte(strconv.Itoa(len(p))))
		m.Write([]byte{':'})
		m.Write([]byte(p))
	}
	return m.Sum(nil)
}

// revocation encodes a revocation as published and recorded:
// "sid|until-unix-ms|hex-mac".
func (s *Shared) revocation(sid string, until time.Time) string {
	ms := strconv.FormatInt(until.UnixMilli(), 10)
	return sid + "|" + ms + "|" + hex.EncodeToString(s.mac("revocation", s.prefix, sid, ms))
}

// parseRevocation decodes and authenticates a revocation, or returns false.
func (s *Shared) parseRevocation(msg string) (string, time.Time, bool) {
	parts := strings.Split(msg, "|")
	if len(parts) != 3 || len(parts[0]) == 0 || len(parts[0]) > 128 {
		return "", time.Time{}, false
	}
	got, err := hex.DecodeString(parts[2])
	if err != nil || !hmac.Equal(got, s.mac("revocation", s.prefix, parts[0], parts[1])) {
		return "", time.Time{}, false
	}
	ms, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return "", time.Time{}, false
	}
	return parts[0], time.UnixMilli(ms), true
}

// cacheKey is the Redis key of a verifier's shared-cache key: an HMAC, so
// that Redis holds nothing derived from a credential without the key.
func (s *Shared) cacheKey(key string) string {
	return s.prefix + "cache:" + hex.EncodeToString(s.mac("cache-key", key))
}

// sealValue prefixes value with its MAC, bound to the Redis key k.
func (s *Shared) sealValue(k string, value []byte) []byte {
	return append(s.mac("cache-value", k, string(value)), value...)
}

// openValue authenticates a sealed value read from k, or returns false.
func (s *Shared) openValue(k string, sealed []byte) ([]byte, bool) {
	if len(sealed) < sha256.Size {
		return nil, false
	}
	value := sealed[sha256.Size:]
	if !hmac.Equal(sealed[:sha256.Size], s.mac("cache-value", k, string(value))) {
		return nil, false
	}
	return value, true
}

func (s *Shared) channel() string    { return s.prefix + "revocations" }
func (s *Shared) revokedSet() string { return s.prefix + "revoked" }
func (s *Shared) sessionIndex(sid string) string {
	return s.prefix + "session:" + hex.EncodeToString(s.mac("session", sid))
}
