package stytchtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestOutboxNewestFirstPerRecipient(t *testing.T) {
	e, err := New(WithTestControls(), WithClock(func() time.Time { return time.Unix(1_700_000_000, 0) }))
	if err != nil {
		t.Fatal(err)
	}
	e.mu.Lock()
	e.sendLocked(Message{To: "Ada@Example.com", MethodID: "email-test-1", Token: "t1"})
	e.sendLocked(Message{To: "+15555550100", MethodID: "phone-test-1", Code: "123456"})
	e.Advance(time.Minute)
	e.sendLocked(Message{To: "ada@example.com", MethodID: "email-test-1", Token: "t2"})
	e.mu.Unlock()

	var out struct {
		Messages []Message `json:"messages"`
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/_emulator/outbox?to=ADA@example.com", nil))
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != 200 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	if len(out.Messages) != 2 || out.Messages[0].Token != "t2" || out.Messages[1].Token != "t1" {
		t.Fatalf("messages = %+v, want t2 then t1", out.Messages)
	}
	if want := time.Unix(1_700_000_060, 0).UTC(); !out.Messages[0].SentAt.Equal(want) || out.Messages[0].To != "ada@example.com" {
		t.Errorf("newest = %+v, want sent_at %v", out.Messages[0], want)
	}
	if raw := rec.Body.String(); strings.Contains(raw, `"code"`) {
		t.Errorf("email messages carry a code field: %s", raw)
	}
	rec = httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/_emulator/outbox?to=%2B15555550100", nil))
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || len(out.Messages) != 1 || out.Messages[0].Code != "123456" {
		t.Errorf("phone messages = %+v (%v)", out.Messages, err)
	}
}
