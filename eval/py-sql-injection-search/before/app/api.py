from flask import Blueprint, jsonify

from .customers import get_customer
from .db import connection

bp = Blueprint("customers", __name__)


@bp.get("/customers/<int:customer_id>")
def show(customer_id: int):
    customer = get_customer(connection(), customer_id)
    if customer is None:
        return jsonify(error="no such customer"), 404
    return jsonify(customer.__dict__)
