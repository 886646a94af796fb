from flask import Blueprint, jsonify

from .users import UserNotFound, get_user

bp = Blueprint("users", __name__)


@bp.get("/users/<int:user_id>")
def profile(user_id: int):
    try:
        user = get_user(user_id)
    except UserNotFound:
        return jsonify(error="no such user"), 404
    return jsonify(name=user.name, email=user.email)
