"use strict";

const express = require("express");
const { paginate } = require("../lib/paginate");

function productRoutes(catalogue) {
  const router = express.Router();
  router.get("/products", async (req, res) => {
    const products = await catalogue.list({ category: req.query.category });
    res.json(paginate(products, 0, 50));
  });
  return router;
}

module.exports = { productRoutes };
