package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sessiongate/sessiongate"
)

// maxDocuments bounds the in-memory list; the oldest go first.
const maxDocuments = 100

// document is one entry of the demo's in-memory document list.
type document struct {
	Title     string    `json:"title"`
	Author    string    `json:"author"`
	CreatedAt time.Time `json:"created_at"`
}

// documentStore is the demo's documents, in memory, newest last.
type documentStore struct {
	mu   sync.Mutex
	docs []document
}

func (s *documentStore) add(d document) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs = append(s.docs, d)
	if len(s.docs) > maxDocuments {
		s.docs = s.docs[len(s.docs)-maxDocuments:]
	}
}

func (s *documentStore) list() []document {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]document{}, s.docs...)
}

// checkTitle returns the trimmed title, and false when it is empty, longer
// than 100 characters or holds control characters.
func checkTitle(title string) (string, bool) {
	title = strings.TrimSpace(title)
	ok := title != "" && utf8.RuneCountInString(title) <= 100 &&
		strings.IndexFunc(title, func(r rune) bool { return !unicode.IsPrint(r) }) < 0
	return title, ok
}

// apiDocuments is GET /api/documents (documents:read): the list as JSON.
func (a *app) apiDocuments(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"documents": a.docs.list()})
}

// apiCreateDocument is POST /api/documents (documents:write): JSON
// {"title": "..."} in, the new document out (201).
func (a *app) apiCreateDocument(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Title string `json:"title"`
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{"invalid_request", "body must be a JSON object with a title"})
		return
	}
	title, ok := checkTitle(in.Title)
	if !ok {
		writeJSON(w, http.StatusUnprocessableEntity, apiError{"invalid_document", "the title must be 1 to 100 printable characters"})
		return
	}
	d := a.newDocument(r, title)
	writeJSON(w, http.StatusCreated, d)
}

// createDocument is POST /documents (documents:write), the form of the
// roles page; a session without the permission sees the 403 page.
func (a *app) createDocument(w http.ResponseWriter, r *http.Request) {
	if !parseForm(w, r) {
		return
	}
	title, ok := checkTitle(r.PostFormValue("title"))
	if !ok {
		a.pages.renderError(w, r, http.StatusUnprocessableEntity, "Not accepted", "Give the document a title of 1 to 100 characters.")
		return
	}
	a.newDocument(r, title)
	http.Redirect(w, r, "/account/roles?notice=document", http.StatusSeeOther)
}

// newDocument stores a document by the request's user.
func (a *app) newDocument(r *http.Request, title string) document {
	s := sessiongate.MustFromContext(r.Context())
	d := document{Title: title, Author: s.UserID, CreatedAt: a.be.now().UTC()}
	a.docs.add(d)
	return d
}
