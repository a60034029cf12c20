// Package web holds the demo's HTML templates and stylesheet, embedded so
// the binary needs no files at run time and no build step.
package web

import (
	"embed"
	"io/fs"
)

//go:embed templates/*.html static/*.css
var files embed.FS

// Templates returns the page templates; every page is parsed together with
// templates/layout.html.
func Templates() fs.FS {
	sub, _ := fs.Sub(files, "templates") // the directory is embedded: cannot fail
	return sub
}

// Static returns the files served under /static/.
func Static() fs.FS {
	sub, _ := fs.Sub(files, "static") // the directory is embedded: cannot fail
	return sub
}
