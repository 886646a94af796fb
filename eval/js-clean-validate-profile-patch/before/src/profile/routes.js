"use strict";

const express = require("express");

function profileRoutes(profiles) {
  const router = express.Router();
  router.patch("/profile", express.json(), async (req, res) => {
    const updated = await profiles.update(req.user.id, req.body);
    res.json(updated);
  });
  return router;
}

module.exports = { profileRoutes };
