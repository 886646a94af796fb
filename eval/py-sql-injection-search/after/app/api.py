from flask import Blueprint, jsonify, request

from .customers import get_customer, search_customers
from .db import connection

bp = Blueprint("customers", __name__)


@bp.get("/customers/<int:customer_id>")
def show(customer_id: int):
    customer = get_customer(connection(), customer_id)
    if customer is None:
        return jsonify(error="no such customer"), 404
    return jsonify(customer.__dict__)


@bp.get("/customers")
def search():
    term = request.args.get("q", "").strip()
    if len(term) < 2:
        return jsonify(error="search needs at least 2 characters"), 400
    return jsonify([c.__dict__ for c in search_customers(connection(), term)])
