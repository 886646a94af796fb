package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

var ErrNotFound = errors.New("not found")

type User struct {
	ID    int64
	Email string
}

type Users struct{ db *sql.DB }

func (u *Users) ByID(ctx context.Context, id int64) (User, error) {
	var user User
	err := u.db.QueryRowContext(ctx, `SELECT id, email FROM users WHERE id = $1`, id).Scan(&user.ID, &user.Email)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("user %d: %v", id, ErrNotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("load user %d: %w", id, err)
	}
	return user, nil
}
