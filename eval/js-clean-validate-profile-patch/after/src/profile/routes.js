"use strict";

const express = require("express");
const { validateProfilePatch } = require("./validate");

function profileRoutes(profiles) {
  const router = express.Router();
  router.patch("/profile", express.json(), async (req, res) => {
    const result = validateProfilePatch(req.body);
    if (!result.ok) return res.status(422).json({ problems: result.problems });
    const updated = await profiles.update(req.user.id, result.changes);
    res.json(updated);
  });
  return router;
}

module.exports = { profileRoutes };
