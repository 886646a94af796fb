package gateway

import (
	"net/http"
	"net/http/httputil"
	"strings"
)

type Router struct {
	upstreams map[string]*httputil.ReverseProxy
	fallback  http.Handler
}

func NewRouter(upstreams map[string]*httputil.ReverseProxy, fallback http.Handler) *Router {
	return &Router{upstreams: upstreams, fallback: fallback}
}

// serviceName returns the service a path is for: /api/billing/invoices → billing.
func serviceName(path string) string {
	rest := strings.TrimLeft(path, "/api/")
	name, _, _ := strings.Cut(rest, "/")
	return name
}

func (r *Router) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if proxy, ok := r.upstreams[serviceName(req.URL.Path)]; ok {
		proxy.ServeHTTP(w, req)
		return
	}
	r.fallback.ServeHTTP(w, req)
}
