"use strict";

const express = require("express");
const { paginate } = require("../lib/paginate");

const PAGE_SIZE = 50;

function productRoutes(catalogue) {
  const router = express.Router();
  router.get("/products", async (req, res) => {
    const page = Number.parseInt(req.query.page ?? "1", 10);
    if (!Number.isInteger(page) || page < 1) {
      return res.status(400).json({ error: "page must be a whole number from 1" });
    }
    const products = await catalogue.list({ category: req.query.category });
    res.json({ page, ...paginate(products, page, PAGE_SIZE) });
  });
  return router;
}

module.exports = { productRoutes };
