package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"example.com/shop/store"
)

type UserHandler struct{ Users *store.Users }

func (h UserHandler) Get(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	user, err := h.Users.ByID(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "no such user", http.StatusNotFound)
		return
	}
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(user)
}
