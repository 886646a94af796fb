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

// OrdersOfCustomer returns the customer's orders, newest first.
func (s *Store) OrdersOfCustomer(ctx context.Context, customerID int64) ([]Order, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT id, customer_id, total_cents, status FROM orders WHERE customer_id = $1 ORDER BY id DESC`, customerID)
	if err != nil {
		return nil, fmt.Errorf("list orders of customer %d: %w", customerID, err)
	}
	var orders []Order
	for rows.Next() {
		var o Order
		if err := rows.Scan(&o.ID, &o.CustomerID, &o.TotalCents, &o.Status); err != nil {
			return nil, fmt.Errorf("read order of customer %d: %w", customerID, err)
		}
		orders = append(orders, o)
	}
	return orders, rows.Err()
}
