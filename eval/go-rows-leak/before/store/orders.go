package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

type Order struct {
	ID         int64
	CustomerID int64
	TotalCents int64
	Status     string
}

var ErrOrderNotFound = errors.New("order not found")

type Store struct {
	db *sql.DB
}

func New(db *sql.DB) *Store { return &Store{db: db} }

func (s *Store) Order(ctx context.Context, id int64) (Order, error) {
	var o Order
	err := s.db.QueryRowContext(ctx,
		`SELECT id, customer_id, total_cents, status FROM orders WHERE id = $1`, id,
	).Scan(&o.ID, &o.CustomerID, &o.TotalCents, &o.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return Order{}, ErrOrderNotFound
	}
	if err != nil {
		return Order{}, fmt.Errorf("load order %d: %w", id, err)
	}
	return o, nil
}
