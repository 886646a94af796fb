package gateway

import (
	"net/http"
	"net/http/httputil"
)

type Router struct {
	upstreams map[string]*httputil.ReverseProxy
	fallback  http.Handler
}

func NewRouter(upstreams map[string]*httputil.ReverseProxy, fallback http.Handler) *Router {
	return &Router{upstreams: upstreams, fallback: fallback}
}

func (r *Router) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.fallback.ServeHTTP(w, req)
}
