package stytchtest_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sessiongate/sessiongate/stytchtest"
)

func TestConcurrentUse(t *testing.T) {
	srv := stytchtest.NewServer(t) // real clock
	uid, err := srv.CreateUser("race@example.com", "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	post(t, srv, "/v1/totps", map[string]any{"user_id": uid})
	tok, _ := srv.CreateSession(uid, stytchtest.SessionSpec{})
	const workers = 8
	var wg sync.WaitGroup
	errs := make(chan error, workers*10)
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 5 {
				errs <- concurrentStep(srv, uid, tok, i, j)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		srv.RotateKey()
		srv.Advance(time.Second)
		srv.InjectFault(stytchtest.EndpointSessions, stytchtest.Fault{Status: 503, Times: 1})
		srv.ClearFaults()
		_ = srv.KeyIDs()
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got := srv.Requests(stytchtest.EndpointAuthenticate); got != workers*5 {
		t.Errorf("Requests = %d, want %d", got, workers*5)
	}
}

// concurrentStep mixes API calls and Go controls on one session.
func concurrentStep(srv *stytchtest.Server, uid string, tok stytchtest.Tokens, i, j int) error {
	body := fmt.Sprintf(`{"session_token":%q,"session_custom_claims":{"w%d":%d}}`, tok.SessionToken, i, j)
	req, err := http.NewRequest(http.MethodPost, srv.URL+authPath, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.SetBasicAuth(srv.ProjectID(), srv.Secret())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("authenticate: status %d", resp.StatusCode)
	}
	if _, err := srv.MintJWT(tok.Session.SessionID); err != nil {
		return err
	}
	other, err := srv.CreateSession(uid, stytchtest.SessionSpec{})
	if err != nil {
		return err
	}
	if err := srv.Revoke(other.Session.SessionID); err != nil {
		return err
	}
	if _, err := srv.TOTPCode(uid); err != nil {
		return err
	}
	_, _ = srv.Session(tok.Session.SessionID)
	return nil
}
