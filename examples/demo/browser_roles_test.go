package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserRolesAndDeniedPage: a new user who tries to create a document
// sees the 403 page; once promoted to editor on the roles page, the same
// form creates the document.
func TestBrowserRolesAndDeniedPage(t *testing.T) {
	execPath := requireBrowser(t)
	demo := startDemo(t)
	b := newBrowser(t, execPath, demo.URL)

	b.open("/signup")
	b.fill("email", "grace@example.com")
	b.fill("password", "correct horse battery staple")
	if got := b.submit("submit"); got != "/account" {
		t.Fatalf("after signup path = %q, want /account", got)
	}
	if got := b.open("/account/roles"); got != "/account/roles" {
		t.Fatalf("roles page path = %q", got)
	}
	b.shot("roles-new-user")
	if got := b.text("#roles"); got != "stytch_user" {
		t.Errorf("roles = %q, want stytch_user", got)
	}
	if got := b.text(`tr[data-permission="documents:write"]`); !strings.Contains(got, "no") {
		t.Errorf("documents:write row = %q, want not allowed", got)
	}

	b.fill("title", "Plans")
	if got := b.submit("create-document"); got != "/documents" {
		t.Fatalf("after a denied form post path = %q, want /documents", got)
	}
	b.shot("denied")
	if h := b.text("h1"); h != "Not allowed" || !strings.Contains(b.text("main"), "write documents") {
		t.Errorf("denied page = %q / %q, want the 403 page naming the permission", h, b.text("main"))
	}

	b.open("/account/roles")
	b.do("choose editor", chromedp.SetValue(chromedp.ID("role-select"), "editor"))
	if got := b.submit("assign-role"); got != "/account/roles?notice=role" {
		t.Fatalf("after assigning the role path = %q", got)
	}
	b.shot("promoted")
	if got := b.text("#roles"); !strings.Contains(got, "editor") {
		t.Errorf("roles after promotion = %q, want editor", got)
	}
	if got := b.text(`tr[data-permission="documents:write"]`); !strings.Contains(got, "yes") {
		t.Errorf("documents:write row after promotion = %q, want allowed", got)
	}
	b.fill("title", "Plans")
	if got := b.submit("create-document"); got != "/account/roles?notice=document" {
		t.Fatalf("after creating a document path = %q", got)
	}
	b.shot("document-created")
	if got := b.text("#documents"); !strings.Contains(got, "Plans") {
		t.Errorf("documents = %q, want Plans", got)
	}
}
