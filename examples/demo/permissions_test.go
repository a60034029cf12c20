package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sessiongate/sessiongate/stytchtest"
)

// TestDocumentsPermissions: a new user may read but not write documents
// (403 insufficient_scope naming the permission); after POST /account/role
// assigns editor and refreshes the session, the write passes on the local
// check alone.
func TestDocumentsPermissions(t *testing.T) {
	d := newTestDemo(t)
	c := d.client(t)
	c.signup("writer@example.com")

	c.api("GET", "/api/documents", "").wantStatus(t, http.StatusOK)
	r := c.api("POST", "/api/documents", `{"title":"Plans"}`).wantStatus(t, http.StatusForbidden)
	if got := r.Header.Get("WWW-Authenticate"); got != `Bearer realm="app", error="insufficient_scope"` {
		t.Errorf("WWW-Authenticate = %q, want insufficient_scope", got)
	}
	var denied map[string]string
	if err := json.Unmarshal([]byte(r.body), &denied); err != nil || denied["error"] != "insufficient_scope" ||
		denied["resource"] != "documents" || denied["action"] != "write" {
		t.Errorf("403 body = %s, want insufficient_scope naming documents and write", r.body)
	}

	c.navigate("POST", "/account/role", url.Values{"role": {"editor"}}).wantRedirect(t, "/account/roles?notice=role")
	auths := d.emu.Requests(stytchtest.EndpointAuthenticate)
	r = c.api("POST", "/api/documents", `{"title":"Plans"}`).wantStatus(t, http.StatusCreated)
	if !strings.Contains(r.body, `"title":"Plans"`) {
		t.Errorf("created document = %s", r.body)
	}
	if n := d.emu.Requests(stytchtest.EndpointAuthenticate) - auths; n != 0 {
		t.Errorf("the write after the promotion asked Stytch %d times, want a local grant from the refreshed JWT", n)
	}
	r = c.api("GET", "/api/documents", "").wantStatus(t, http.StatusOK)
	if !strings.Contains(r.body, `"title":"Plans"`) {
		t.Errorf("GET /api/documents = %s, want the new document", r.body)
	}
	c.api("POST", "/api/documents", `{"title":""}`).wantStatus(t, http.StatusUnprocessableEntity)
	c.api("POST", "/api/documents", `not json`).wantStatus(t, http.StatusBadRequest)

	page := c.navigate("GET", "/account/roles", nil).wantStatus(t, http.StatusOK)
	for _, want := range []string{`<li class="role mono">editor</li>`, `data-permission="documents:write"`, "by editor", "Plans"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("roles page lacks %q", want)
		}
	}
}

// TestRoleChangedElsewhere: a role assigned at Stytch (not through the demo)
// counts at once: the local check denies with the old JWT, Stytch confirms
// the grant, and the fresh JWT comes back in the cookie.
func TestRoleChangedElsewhere(t *testing.T) {
	d := newTestDemo(t)
	c := d.client(t)
	c.signup("elsewhere@example.com")
	if err := d.emu.SetUserRoles(c.session().UserID, []string{"editor"}); err != nil {
		t.Fatal(err)
	}
	r := c.api("POST", "/api/documents", `{"title":"Remote"}`).wantStatus(t, http.StatusCreated)
	if len(r.Cookies()) == 0 {
		t.Error("the remote grant handed no fresh cookie back")
	}
	auths := d.emu.Requests(stytchtest.EndpointAuthenticate)
	c.api("POST", "/api/documents", `{"title":"Local"}`).wantStatus(t, http.StatusCreated)
	if n := d.emu.Requests(stytchtest.EndpointAuthenticate) - auths; n != 0 {
		t.Errorf("the second write asked Stytch %d times, want a local grant", n)
	}
}

// TestDocumentFormDeniedPage: a browser form post without the permission
// gets the demo's 403 page, not JSON.
func TestDocumentFormDeniedPage(t *testing.T) {
	d := newTestDemo(t)
	c := d.client(t)
	c.signup("reader@example.com")
	r := c.navigate("POST", "/documents", url.Values{"title": {"Nope"}}).wantStatus(t, http.StatusForbidden)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || !strings.Contains(r.body, "Not allowed") ||
		!strings.Contains(r.body, "write documents") {
		t.Errorf("403 answer is not the demo's page: %.400s", r.body)
	}
	c.navigate("POST", "/account/role", url.Values{"role": {"editor"}}).wantRedirect(t, "/account/roles?notice=role")
	c.navigate("POST", "/documents", url.Values{"title": {"Yes"}}).wantRedirect(t, "/account/roles?notice=document")
	c.navigate("POST", "/account/role", url.Values{"role": {"stytch_user"}}).wantRedirect(t, "/account/roles?notice=role")
	c.navigate("POST", "/documents", url.Values{"title": {"Again"}}).wantStatus(t, http.StatusForbidden)
	c.navigate("POST", "/account/role", url.Values{"role": {"admin"}}).wantStatus(t, http.StatusBadRequest)
}
