package main

import (
	"bytes"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"

	"github.com/sessiongate/sessiongate/examples/demo/web"
)

// pageNames lists the templates in web/templates besides layout.html.
var pageNames = []string{"home", "auth", "account", "totp", "stepup", "transfer", "error", "devices", "roles"}

// pages renders the demo's HTML pages.
type pages struct {
	tmpl     map[string]*template.Template
	emulator bool
	log      *slog.Logger
}

// view is what every page template receives.
type view struct {
	Title    string
	Emulator bool
	SignedIn bool
	Error    string
	Notice   string
	Info     string
	Page     any
}

func newPages(emulator bool, log *slog.Logger) (*pages, error) {
	p := &pages{tmpl: make(map[string]*template.Template), emulator: emulator, log: log}
	for _, name := range pageNames {
		t, err := template.ParseFS(web.Templates(), "layout.html", name+".html")
		if err != nil {
			return nil, fmt.Errorf("demo: parse template %s: %v", name, err)
		}
		p.tmpl[name] = t
	}
	return p, nil
}

// render writes page name with status. Pages never depend on a cache: they
// show a session, so they are marked no-store.
func (p *pages) render(w http.ResponseWriter, status int, name string, v view) {
	v.Emulator = p.emulator
	var buf bytes.Buffer
	if err := p.tmpl[name].ExecuteTemplate(&buf, "layout", v); err != nil {
		p.log.Error("render page", "page", name, "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// renderError shows a friendly error page.
func (p *pages) renderError(w http.ResponseWriter, r *http.Request, status int, title, msg string) {
	p.render(w, status, "error", view{Title: title, SignedIn: signedIn(r), Page: struct{ Message string }{msg}})
}
